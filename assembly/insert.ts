// Inserting a new entry: a slot (grown, freed or evicted), its hash, its place
// at the head of the recency list, its tags, expiry time and epoch.

import { ERROR_OUT_OF_MEMORY, FLAG_LONG_PROBE, FLAG_REJECTED, NONE, SLOT_HASH, SLOT_MASK } from "./layout";
import { capacity, freeHead, growCapacity, highWater, maxEntries, slotAddress, takeSlot } from "./slots";
import { tinyLfu } from "./policy-mode";
import { beforeInsert, linkInserted } from "./policy";
import { linkAtHead } from "./lru";
import { findSlot, insertIntoTable, rebuildTable } from "./table";
import { addTags, clearEntryTags, reserveNodes } from "./tag-lists";
import { tagIdsValid } from "./tag-records";
import { expiryActive, setExpiresAt } from "./expiry";
import { epochsActive, stampEpoch } from "./epochs";
import { evict } from "./evict";

const LONG_PROBE_DISTANCE: i32 = 128;

/**
 * Inserts an entry for a key the wrapper has checked is absent, tagged with the
 * tag ids in scratch [0, tagCount) (checked by the caller). Returns its slot,
 * ORed with FLAG_EVICTED (and why) when the victim made room, and with
 * FLAG_LONG_PROBE; ERROR_OUT_OF_MEMORY, with nothing changed, when memory
 * cannot grow.
 */
export function insert(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  if (tagCount > 1 && !reserveNodes(tagCount - 1)) return ERROR_OUT_OF_MEMORY;
  const result = tinyLfu ? slotForPolicyInsert(hash, now) : slotForInsert(now);
  if (result == NONE) return ERROR_OUT_OF_MEMORY;
  if (result == FLAG_REJECTED) return FLAG_REJECTED;
  const slot = result & <i32>SLOT_MASK;
  store<u32>(slotAddress(slot) + SLOT_HASH, hash);
  const distance = insertIntoTable(slot, hash);
  if (!tinyLfu) linkAtHead(slot);
  clearEntryTags(slot);
  addTags(slot, tagCount);
  setExpiresAt(slot, expiresAtTime);
  stampEpoch(slot);
  if (tinyLfu) linkInserted(slot); // after the epoch stamp: its segment depends on it
  return distance > LONG_PROBE_DISTANCE ? result | FLAG_LONG_PROBE : result;
}

/**
 * insert() unless some entry has this hash: then -2 - its slot, with nothing
 * changed. NONE when the tag ids in scratch are not valid (checked after the lookup).
 */
export function insertIfAbsent(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  const candidate = findSlot(hash, 0);
  if (candidate != NONE) return -2 - candidate;
  if (!tagIdsValid(tagCount)) return NONE;
  return insert(hash, tagCount, expiresAtTime, now);
}

/** Takes a slot for a new entry, growing capacity or evicting (a stale entry first); NONE when memory cannot grow. */
function slotForInsert(now: f64): i32 {
  const slot = takeSlot();
  if (slot != NONE) return slot;
  if (capacity < maxEntries) {
    if (!growCapacity(expiryActive, epochsActive)) return NONE;
    rebuildTable();
    return takeSlot();
  }
  const flags = evict(now);
  return takeSlot() | flags;
}

/**
 * slotForInsert under 'tinylfu': grows first when the cache is not full, then
 * lets the policy evict (assembly/policy.ts). FLAG_REJECTED when the new entry
 * lost admission; NONE when memory cannot grow.
 */
function slotForPolicyInsert(hash: u32, now: f64): i32 {
  if (freeHead == NONE && highWater == capacity && capacity < maxEntries) {
    if (!growCapacity(expiryActive, epochsActive)) return NONE;
    rebuildTable();
  }
  const flags = beforeInsert(hash, now);
  if (flags == NONE || flags == FLAG_REJECTED) return flags;
  return takeSlot() | flags;
}
