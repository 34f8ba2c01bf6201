// The core's exports: numbers in, numbers out. The wrapper (src/core.ts) calls
// these; each one checks the numbers it is given, so no input can make it trap.

import { ERROR_OUT_OF_MEMORY, MAX_ENTRIES, NONE, TAG_HITS, TAG_MISSES, TAG_REMOVED, headerAddress, initLayout } from "./layout";
import { growCapacity, highWater, initSlots, size } from "./slots";
import { head, moveToHead, tail, touchForLookup, undoLastTouch } from "./lru";
import { clearTable, findSlot } from "./table";
import {
  addTags, addToEntryTagCounters, liveTags as liveTagCount, nextInTag, nextOfEntry, removeTags, reserveNodes,
  reserveTags as reserveTagRecords, resetTagCounters, slotOfNode, tagAddress, tagCapacity, tagCount, tagHead, tagIdOf,
  tagStaleCount,
} from "./tags";
import { forgetIfStale, freshNodeIsLive, isStale, markTagStale, staleEntries as staleEntryCount, staleEntriesWithSeveralTags } from "./stale";
import { enableExpiry as enableExpiryTimes, expiryActive, isExpiredAt, setExpiresAt } from "./expiry";
import { reserveScratch as reserveScratchWords, scratchAt, scratchWords, setScratch } from "./scratch";
import {
  clearEntries, evictionVictim, insertEntry, rebuildUnderWay, rehashEntries, removeByTags, removeByTagsRebuilding,
  removeEntry, removeExpired, removeStale,
} from "./entries";

export { FLAG_EVICTED, FLAG_EVICTED_EXPIRED, FLAG_EVICTED_STALE, FLAG_LONG_PROBE, REMOVED_STALE } from "./entries";

let initialised = false;

/** Sets the cache up for `maxEntries` (1 .. 2^24). Returns 0, or a negative error code. */
export function init(maxEntries: i32): i32 {
  if (initialised || maxEntries < 1 || maxEntries > MAX_ENTRIES) return NONE;
  initLayout();
  initSlots(maxEntries);
  if (!growCapacity(false)) return ERROR_OUT_OF_MEMORY;
  clearTable();
  initialised = true;
  return 0;
}

/** Address of the layout header (see assembly/layout.ts). */
export function header(): usize {
  return headerAddress();
}

/** True when `slot` is a slot number that has been handed out (live or free). */
@inline function isSlotNumber(slot: i32): bool {
  return slot >= 0 && slot < highWater;
}

// The slot whose tags the last get() counted a hit for, so undoTouch can take it back.
let lastHitSlot: i32 = NONE;

/**
 * Looks up the first slot with this hash, makes it most recent and counts a
 * hit for its tags. Returns the slot; -1 on a miss; -2 - slot when that entry
 * has expired or gone stale (not moved). If the wrapper finds the slot holds
 * another key, it calls undoTouch().
 */
export function get(hash: u32, now: f64): i32 {
  lastHitSlot = NONE;
  const slot = findSlot(hash, 0);
  if (slot == NONE) return NONE;
  if (isExpiredAt(slot, now) || isStale(slot)) return -2 - slot;
  touchForLookup(slot);
  lastHitSlot = slot;
  if (tagIdOf(slot) != NONE) addToEntryTagCounters(slot, TAG_HITS, 1);
  return slot;
}

/** Reverts the recency move and tag hits of the last get(). */
export function undoTouch(): void {
  undoLastTouch();
  if (lastHitSlot != NONE) addToEntryTagCounters(lastHitSlot, TAG_HITS, -1);
  lastHitSlot = NONE;
}

/** The nth (from 0) slot whose hash is `hash`, without moving it; -1 if none. */
export function find(hash: u32, nth: i32): i32 {
  return findSlot(hash, nth);
}

/** Makes a live slot most recent and counts a hit for its tags (get's slow path). */
export function touch(slot: i32): void {
  if (!isSlotNumber(slot)) return;
  moveToHead(slot);
  addToEntryTagCounters(slot, TAG_HITS, 1);
}

/** Counts a miss for the tags of a live slot whose entry a get found expired or stale. */
export function countMiss(slot: i32): void {
  if (isSlotNumber(slot)) addToEntryTagCounters(slot, TAG_MISSES, 1);
}

/** Why a live slot cannot be returned at `now`: 0 it can, 1 it has expired, 2 it is stale. */
export function deadState(slot: i32, now: f64): i32 {
  if (!isSlotNumber(slot)) return 0;
  if (isExpiredAt(slot, now)) return 1;
  return isStale(slot) ? 2 : 0;
}

/**
 * Inserts an entry for a key the wrapper has checked is absent, tagged with the
 * tag ids in scratch [0, tagCount). Returns its slot, ORed with FLAG_EVICTED
 * (and FLAG_EVICTED_EXPIRED) when the least recent entry made room; negative
 * on failure, with nothing changed.
 */
export function insert(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  if (!tagIdsValid(tagCount)) return NONE;
  if (tagCount > 1 && !reserveNodes(tagCount - 1)) return ERROR_OUT_OF_MEMORY;
  const result = insertEntry(hash, tagCount, expiresAtTime, now);
  return result == NONE ? ERROR_OUT_OF_MEMORY : result;
}

/**
 * insert() for the usual case of a new key, saving the wrapper a lookup: when
 * some entry already has this hash, nothing changes and -2 - slot is returned;
 * the wrapper then compares keys and calls replace() or insert().
 */
export function insertIfAbsent(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  const candidate = findSlot(hash, 0);
  if (candidate != NONE) return -2 - candidate;
  return insert(hash, tagCount, expiresAtTime, now);
}

/** Replaces a live entry's tags (scratch [0, tagCount)) and expiry, making it most recent. */
export function replace(slot: i32, tagCount: i32, expiresAtTime: f64): i32 {
  if (!isSlotNumber(slot) || !tagIdsValid(tagCount)) return NONE;
  if (tagCount > 1 && !reserveNodes(tagCount - 1)) return ERROR_OUT_OF_MEMORY;
  forgetIfStale(slot);
  removeTags(slot, false);
  addTags(slot, tagCount);
  setExpiresAt(slot, expiresAtTime);
  moveToHead(slot);
  return 0;
}

/** Removes a live entry; its slot goes to the head of the free list. */
export function remove(slot: i32): void {
  if (isSlotNumber(slot)) removeEntry(slot);
}

/**
 * Removes up to `maxRemovals` entries carrying any tag id in scratch [0, tagCount)
 * and writes their slots to scratch [tagCount, tagCount + removed). Returns how
 * many; the wrapper calls again while that equals `maxRemovals`.
 */
export function bulkRemove(tagCount: i32, maxRemovals: i32): i32 {
  if (tagCount < 0 || maxRemovals < 0 || <i64>tagCount + maxRemovals > <i64>scratchWords()) return 0;
  return removeByTags(tagCount, maxRemovals);
}

/**
 * bulkRemove that walks the whole cache once and rebuilds the hash table:
 * faster when the tags in scratch [0, tagCount) cover much of the cache.
 * Writes up to `maxRemovals` removed slots after the tag ids and returns how
 * many; call again, with the same scratch, while rebuildPending() is 1.
 */
export function bulkRemoveRebuilding(tagCount: i32, maxRemovals: i32): i32 {
  if (tagCount < 0 || maxRemovals < 1 || <i64>tagCount + maxRemovals > <i64>scratchWords() || !tagIdsValid(tagCount)) {
    return 0;
  }
  return removeByTagsRebuilding(tagCount, maxRemovals);
}

/** 1 while a bulkRemoveRebuilding has more to do. */
export function rebuildPending(): i32 {
  return rebuildUnderWay ? 1 : 0;
}

/** Memberships of the tag ids in scratch [0, tagIdCount), stale ones included: at least the entries a bulkRemove takes. */
export function memberships(tagIdCount: i32): f64 {
  if (tagIdCount < 0 || tagIdCount > scratchWords()) return 0;
  let total: f64 = 0;
  for (let index = 0; index < tagIdCount; index++) {
    const tagId = scratchAt(index);
    if (tagId >= 0 && tagId < tagCapacity) total += tagCount(tagId);
  }
  return total;
}

/**
 * Makes every entry carrying any tag id in scratch [0, tagCount) stale: from
 * now on it is never returned. Returns how many entries this made stale.
 * O(1) per tag (see markTagStale for the one exception).
 */
export function markStale(tagCount: i32): i32 {
  if (tagCount < 0 || tagCount > scratchWords()) return 0;
  let made = 0;
  for (let index = 0; index < tagCount; index++) made += markTagStale(scratchAt(index));
  return made;
}

/**
 * Removes up to `maxRemovals` stale entries (carrying `tagId`, or any when it is
 * -1), writing their slots to scratch [0, removed). Returns how many.
 */
export function sweepStale(tagId: i32, maxRemovals: i32): i32 {
  if (tagId < NONE || maxRemovals < 0 || maxRemovals > scratchWords()) return 0;
  return removeStale(tagId, maxRemovals);
}

/** Stale entries still held. */
export function staleEntries(): i32 {
  return staleEntryCount;
}

/** The slot the next eviction takes: a stale entry if any, else the least recent; -1 if empty. */
export function victim(): i32 {
  return evictionVictim();
}

/** One of a tag's counters: 0 hits, 1 misses, 2 entries removed. */
export function tagCounter(tagId: i32, which: i32): f64 {
  if (tagId < 0 || tagId >= tagCapacity || which < 0 || which > 2) return 0;
  const offset = which == 0 ? TAG_HITS : which == 1 ? TAG_MISSES : TAG_REMOVED;
  return load<f64>(tagAddress(tagId) + offset);
}

/** Zeroes a tag's counters (every tag's for -1). */
export function resetTagStats(tagId: i32): void {
  if (tagId == NONE) {
    for (let each = 0; each < tagCapacity; each++) resetTagCounters(each);
  } else if (tagId >= 0 && tagId < tagCapacity) {
    resetTagCounters(tagId);
  }
}

/**
 * Removes up to `maxRemovals` entries expired at `now` (from the most recent on
 * `restart` != 0, else from where the last call stopped), writing their slots
 * to scratch [0, removed). Returns how many.
 */
export function purgeExpired(now: f64, maxRemovals: i32, restart: i32): i32 {
  if (maxRemovals < 0 || maxRemovals > scratchWords()) return 0;
  return removeExpired(now, maxRemovals, restart != 0);
}

/**
 * Replaces every live entry's hash with scratch word i for the i-th entry in
 * recency order (most recent first) and rebuilds the table. `count` must be the
 * number of entries. Returns 0, or -1 when the count is wrong.
 */
export function rehash(count: i32): i32 {
  if (count != size || count > scratchWords()) return NONE;
  rehashEntries();
  return 0;
}

/** Removes every entry. */
export function clear(): void {
  clearEntries();
}

/** Writes a live slot's tag ids to scratch; returns how many, or a negative error. */
export function tagsOf(slot: i32): i32 {
  if (!isSlotNumber(slot) || tagIdOf(slot) == NONE) return 0;
  let count = 0;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) count++;
  if (!reserveScratchWords(count)) return ERROR_OUT_OF_MEMORY;
  let index = 0;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) setScratch(index++, tagIdOf(ref));
  return count;
}

/** Writes the slots of a tag's live (fresh, unexpired) entries to scratch; returns how many, or a negative error. */
export function slotsOfTag(tagId: i32, now: f64): i32 {
  if (tagId < 0 || tagId >= tagCapacity) return 0;
  const fresh = tagCount(tagId) - tagStaleCount(tagId);
  if (!reserveScratchWords(fresh)) return ERROR_OUT_OF_MEMORY;
  let index = 0;
  let ref = tagHead(tagId);
  for (let visited = 0; visited < fresh; visited++) {
    const slot = slotOfNode(ref);
    if (!isExpiredAt(slot, now) && freshNodeIsLive(ref)) setScratch(index++, slot);
    ref = nextInTag(ref);
  }
  return index;
}

/**
 * Live (fresh, unexpired) entries carrying a tag. O(1) until a TTL is used or
 * stale entries with several tags exist; then O(the tag's fresh entries).
 */
export function countLive(tagId: i32, now: f64): i32 {
  if (tagId < 0 || tagId >= tagCapacity) return 0;
  const fresh = tagCount(tagId) - tagStaleCount(tagId);
  if (!expiryActive && staleEntriesWithSeveralTags == 0) return fresh;
  let count = 0;
  let ref = tagHead(tagId);
  for (let visited = 0; visited < fresh; visited++) {
    if (!isExpiredAt(slotOfNode(ref), now) && freshNodeIsLive(ref)) count++;
    ref = nextInTag(ref);
  }
  return count;
}

/** Makes tag ids below `count` usable. Returns 0, or a negative error code. */
export function reserveTags(count: i32): i32 {
  return reserveTagRecords(count) ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Makes room for `words` scratch words. Returns 0, or a negative error code. */
export function reserveScratch(words: i32): i32 {
  return reserveScratchWords(words) ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Allocates expiry times (once). Returns 0, or a negative error code. */
export function enableExpiry(): i32 {
  return enableExpiryTimes() ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Live entries. */
export function entryCount(): i32 {
  return size;
}

/** Tags with at least one entry. */
export function liveTags(): i32 {
  return liveTagCount;
}

/** Most recent slot, or -1. The wrapper follows SLOT_NEXT through its memory view. */
export function lruHead(): i32 {
  return head;
}

/** Least recent slot, or -1: the next to evict. */
export function lruTail(): i32 {
  return tail;
}

function tagIdsValid(tagCount: i32): bool {
  if (tagCount < 0 || tagCount > scratchWords()) return false;
  for (let index = 0; index < tagCount; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) return false;
  }
  return true;
}
