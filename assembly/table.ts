// The hash table: open addressing, linear probing, backward-shift deletion.
//
// A bucket is a u32: 0 when empty, else (fingerprint << 24) | slot, where the
// fingerprint is the hash's top byte (never 0). Most probes that meet another
// key are rejected by the fingerprint without touching that key's slot record.
// Backward-shift deletion leaves no tombstones, so probe lengths stay short
// under any amount of churn.

import { NONE, REGION_BUCKETS, SLOT_MASK, bucketsBase, regionBytes } from "./layout";
import { hashOf, highWater } from "./slots";
import { nextOf, head } from "./lru";

let bucketMask: u32 = 0;

@inline function bucketAddress(bucket: u32): usize {
  return bucketsBase + (<usize>bucket << 2);
}

@inline function fingerprintOf(hash: u32): u32 {
  const top = hash >>> 24;
  return top != 0 ? top : 1;
}

/** Bucket count minus one; bucket count is a power of two. */
export function tableMask(): u32 {
  return bucketMask;
}

/** Empties every bucket; used after the bucket region was resized. */
export function clearTable(): void {
  const bytes = regionBytes(REGION_BUCKETS);
  memory.fill(bucketsBase, 0, bytes);
  bucketMask = <u32>(bytes >>> 2) - 1;
}

/** Inserts a slot; returns how far from its home bucket it landed. */
export function insertIntoTable(slot: i32, hash: u32): i32 {
  let bucket = hash & bucketMask;
  let distance = 0;
  while (load<u32>(bucketAddress(bucket)) != 0) {
    bucket = (bucket + 1) & bucketMask;
    distance++;
  }
  store<u32>(bucketAddress(bucket), (fingerprintOf(hash) << 24) | <u32>slot);
  return distance;
}

/** Re-inserts every live slot (walking the recency list); after a resize. */
export function rebuildTable(): void {
  clearTable();
  let slot = head;
  while (slot != NONE) {
    insertIntoTable(slot, hashOf(slot));
    slot = nextOf(slot);
  }
}

/**
 * The `nth` (from 0) live slot whose hash equals `hash`, in probe order, or NONE.
 * Several keys can share a 32-bit hash; the wrapper confirms the key itself.
 */
export function findSlot(hash: u32, nth: i32): i32 {
  const fingerprint = fingerprintOf(hash) << 24;
  let bucket = hash & bucketMask;
  while (true) {
    const entry = load<u32>(bucketAddress(bucket));
    if (entry == 0) return NONE;
    if ((entry & ~SLOT_MASK) == fingerprint) {
      const slot = <i32>(entry & SLOT_MASK);
      if (hashOf(slot) == hash) {
        if (nth == 0) return slot;
        nth--;
      }
    }
    bucket = (bucket + 1) & bucketMask;
  }
  return NONE;
}

/**
 * The live slot whose hash equals `hash` when no other has it; -2 - that slot
 * when another does too (the first in probe order); NONE when none does.
 */
export function findOnlySlot(hash: u32): i32 {
  const fingerprint = fingerprintOf(hash) << 24;
  let bucket = hash & bucketMask;
  let found = NONE;
  while (true) {
    const entry = load<u32>(bucketAddress(bucket));
    if (entry == 0) return found;
    if ((entry & ~SLOT_MASK) == fingerprint) {
      const slot = <i32>(entry & SLOT_MASK);
      if (hashOf(slot) == hash) {
        if (found != NONE) return -2 - found;
        found = slot;
      }
    }
    bucket = (bucket + 1) & bucketMask;
  }
  return NONE;
}

/** Removes a live slot's bucket, shifting later members of its probe run back. */
export function removeFromTable(slot: i32): void {
  let hole = hashOf(slot) & bucketMask;
  while ((load<u32>(bucketAddress(hole)) & SLOT_MASK) != <u32>slot) hole = (hole + 1) & bucketMask;
  let bucket = hole;
  while (true) {
    bucket = (bucket + 1) & bucketMask;
    const entry = load<u32>(bucketAddress(bucket));
    if (entry == 0) break;
    const home = hashOf(<i32>(entry & SLOT_MASK)) & bucketMask;
    // The entry may fill the hole unless its home lies cyclically in (hole, bucket].
    if (((bucket - home) & bucketMask) >= ((bucket - hole) & bucketMask)) {
      store<u32>(bucketAddress(hole), entry);
      hole = bucket;
    }
  }
  store<u32>(bucketAddress(hole), 0);
}

/** Probe distance of the bucket holding a live slot from the slot's home bucket. */
export function probeDistance(slot: i32): i32 {
  const home = hashOf(slot) & bucketMask;
  let bucket = home;
  let distance = 0;
  while (true) {
    const entry = load<u32>(bucketAddress(bucket));
    if (entry == 0) return -1;
    if ((entry & SLOT_MASK) == <u32>slot) return distance;
    bucket = (bucket + 1) & bucketMask;
    distance++;
  }
  return -1;
}

/** Number of occupied buckets; for the integrity check. */
export function occupiedBuckets(): i32 {
  let count = 0;
  for (let bucket: u32 = 0; bucket <= bucketMask; bucket++) {
    const entry = load<u32>(bucketAddress(bucket));
    if (entry != 0) {
      count++;
      const slot = <i32>(entry & SLOT_MASK);
      if (slot >= highWater || fingerprintOf(hashOf(slot)) << 24 != (entry & ~SLOT_MASK)) return -1;
    }
  }
  return count;
}
