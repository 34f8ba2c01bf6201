// Slot records, the free-slot list and capacity growth.
//
// Capacity starts small and doubles up to maxEntries, so a cache sized for
// millions costs little until it fills. Freed slots are threaded through SLOT_NEXT.

import { tinyLfu } from "./policy-mode";
import {
  NONE, REGION_SLOTS, REGION_EXPIRY, REGION_BUCKETS, REGION_EPOCHS, REGION_POLICY, SLOT_HASH, SLOT_NEXT, SLOT_STRIDE, slotsBase,
  reserveMemory, resizeRegion, regionBytes,
} from "./layout";

export let maxEntries: i32 = 0;
export let capacity: i32 = 0;
/** Slots ever handed out; slots at or above it have never been used. */
export let highWater: i32 = 0;
export let freeHead: i32 = NONE;
/** Live entries. */
export let size: i32 = 0;

const INITIAL_CAPACITY: i32 = 64;

@inline export function slotAddress(slot: i32): usize {
  return slotsBase + <usize>slot * SLOT_STRIDE;
}

@inline export function hashOf(slot: i32): u32 {
  return load<u32>(slotAddress(slot) + SLOT_HASH);
}

export function initSlots(max: i32): void {
  maxEntries = max;
  capacity = 0;
  resetSlots();
}

/** Forgets every entry; keeps the memory already grown. */
export function resetSlots(): void {
  highWater = 0;
  freeHead = NONE;
  size = 0;
}

/** Pushes a slot onto the free list. */
export function freeSlot(slot: i32): void {
  store<i32>(slotAddress(slot) + SLOT_NEXT, freeHead);
  freeHead = slot;
  size--;
}

/** Takes a never-used or freed slot, or returns NONE when capacity is exhausted. */
export function takeSlot(): i32 {
  let slot = freeHead;
  if (slot != NONE) {
    freeHead = load<i32>(slotAddress(slot) + SLOT_NEXT);
  } else if (highWater < capacity) {
    slot = highWater++;
  } else {
    return NONE;
  }
  size++;
  return slot;
}

/** Bucket count for a capacity: a power of two keeping the load at or below 1/2. */
export function bucketCountFor(slots: i32): i32 {
  let buckets = 8;
  while (buckets < slots * 2) buckets <<= 1;
  return buckets;
}

/**
 * Doubles capacity (up to maxEntries), growing the slot, bucket, and (once in
 * use) expiry and epoch regions together. Returns false when memory cannot grow;
 * nothing changes then. The caller rebuilds the hash table: bucket contents are
 * undefined afterwards.
 */
export function growCapacity(expiryActive: bool, epochsActive: bool): bool {
  if (capacity >= maxEntries) return false;
  let next = capacity == 0 ? INITIAL_CAPACITY : capacity * 2;
  if (next > maxEntries || next < 0) next = maxEntries;
  const slotBytes = <usize>next * SLOT_STRIDE;
  const expiryBytes: usize = expiryActive ? <usize>next * 8 : 0;
  const epochBytes: usize = epochsActive ? <usize>next * 4 : 0;
  const bucketBytes = <usize>bucketCountFor(next) * 4;
  const policyBytes: usize = tinyLfu ? (<usize>next + 7) & ~7 : 0; // a segment byte per slot
  const extra = (slotBytes - regionBytes(REGION_SLOTS)) + (expiryBytes - regionBytes(REGION_EXPIRY))
    + (bucketBytes - regionBytes(REGION_BUCKETS)) + (epochBytes - regionBytes(REGION_EPOCHS))
    + (policyBytes - regionBytes(REGION_POLICY)) + 40;
  if (!reserveMemory(extra)) return false;
  resizeRegion(REGION_SLOTS, slotBytes);
  resizeRegion(REGION_EXPIRY, expiryBytes);
  resizeRegion(REGION_BUCKETS, bucketBytes);
  resizeRegion(REGION_EPOCHS, epochBytes);
  resizeRegion(REGION_POLICY, policyBytes);
  capacity = next;
  return true;
}
