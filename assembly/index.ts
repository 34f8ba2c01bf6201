// The core's exports: numbers in, numbers out. The wrapper (src/core/) calls
// these; each one checks the numbers it is given, so no input can make it trap,
// and calls the one function of the same name in the file named for it.

import { ERROR_OUT_OF_MEMORY, MAX_ENTRIES, NONE } from "./layout";
import * as layout from "./layout";
import * as slots from "./slots";
import * as lru from "./lru";
import * as expiry from "./expiry";
import * as scratch from "./scratch";
import * as tagRecords from "./tag-records";
import * as tagLists from "./tag-lists";
import * as stale from "./stale";
import * as initialising from "./init";
import * as lookup from "./lookup";
import * as inserting from "./insert";
import * as replacing from "./replace";
import * as removing from "./remove";
import * as bulk from "./bulk-remove";
import * as rebuilding from "./bulk-remove-rebuilding";
import * as marking from "./mark-stale";
import * as markingAll from "./mark-all-stale";
import * as sweeping from "./sweep-stale";
import * as eviction from "./evict";
import * as tagStats from "./tag-stats";
import * as purging from "./purge-expired";
import * as rehashing from "./rehash";
import * as clearing from "./clear";
import * as tagQueries from "./tag-queries";
import * as policy from "./policy";
import * as sketch from "./sketch";
import * as climber from "./climber";
import * as admission from "./admission";
import * as segments from "./segments";
import { POLICY_LRU, POLICY_TINYLFU, tinyLfu } from "./policy-mode";

export { FLAG_EVICTED, FLAG_EVICTED_EXPIRED, FLAG_EVICTED_STALE, FLAG_LONG_PROBE, FLAG_REJECTED, REMOVED_STALE } from "./layout";

/** True when `slot` is a slot number that has been handed out (live or free). */
@inline function isSlotNumber(slot: i32): bool {
  return slot >= 0 && slot < slots.highWater;
}

@inline function isTagId(tagId: i32): bool {
  return tagId >= 0 && tagId < tagRecords.tagCapacity;
}

/**
 * Sets the cache up for `maxEntries` (1 .. 2^24) under `policy` (0 'lru', the
 * default; 1 'tinylfu'). Returns 0, or a negative error code.
 */
export function init(maxEntries: i32, policy: i32): i32 {
  if (initialising.initialised || maxEntries < 1 || maxEntries > MAX_ENTRIES) return NONE;
  if (policy != POLICY_LRU && policy != POLICY_TINYLFU) return NONE;
  return initialising.init(maxEntries, policy);
}

/** Address of the layout header (see assembly/layout.ts). */
export function header(): usize {
  return layout.header();
}

/**
 * Looks up the first slot with this hash, makes it most recent and counts a
 * hit for its tags. Returns the slot; -1 on a miss; -2 - slot when that entry
 * has expired or gone stale (not moved). If the wrapper finds the slot holds
 * another key, it calls undoTouch().
 */
export function get(hash: u32, now: f64): i32 {
  return lookup.get(hash, now);
}

/** Reverts the recency move and tag hits of the last get(). */
export function undoTouch(): void {
  lookup.undoTouch();
}

/** The nth (from 0) slot whose hash is `hash`, without moving it; -1 if none. */
export function find(hash: u32, nth: i32): i32 {
  return lookup.find(hash, nth);
}

/** Makes a live slot most recent and counts a hit for its tags (get's slow path). */
export function touch(slot: i32): void {
  if (isSlotNumber(slot)) lookup.touch(slot);
}

/** Counts a miss for the tags of a live slot whose entry a get found expired or stale. */
export function countMiss(slot: i32): void {
  if (isSlotNumber(slot)) lookup.countMiss(slot);
}

/** Why a live slot cannot be returned at `now`: 0 it can, 1 it has expired, 2 it is stale. */
export function deadState(slot: i32, now: f64): i32 {
  return isSlotNumber(slot) ? lookup.deadState(slot, now) : 0;
}

/**
 * Inserts an entry for a key the wrapper has checked is absent, tagged with the
 * tag ids in scratch [0, tagCount). Returns its slot, ORed with FLAG_EVICTED
 * (and FLAG_EVICTED_EXPIRED) when the least recent entry made room; negative
 * on failure, with nothing changed.
 */
export function insert(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  if (!tagRecords.tagIdsValid(tagCount)) return NONE;
  return inserting.insert(hash, tagCount, expiresAtTime, now);
}

/**
 * insert() for the usual case of a new key, saving the wrapper a lookup: when
 * some entry already has this hash, nothing changes and -2 - slot is returned;
 * the wrapper then compares keys and calls replace() or insert().
 */
export function insertIfAbsent(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  return inserting.insertIfAbsent(hash, tagCount, expiresAtTime, now); // checks the tag ids after the lookup
}

/** Replaces a live entry's tags (scratch [0, tagCount)) and expiry, making it most recent. */
export function replace(slot: i32, tagCount: i32, expiresAtTime: f64): i32 {
  if (!isSlotNumber(slot) || !tagRecords.tagIdsValid(tagCount)) return NONE;
  return replacing.replace(slot, tagCount, expiresAtTime);
}

/** Removes a live entry; its slot goes to the head of the free list. */
export function remove(slot: i32): void {
  if (isSlotNumber(slot)) removing.remove(slot);
}

/**
 * Removes up to `maxRemovals` entries carrying any tag id in scratch [0, tagCount)
 * and writes their slots to scratch [tagCount, tagCount + removed). Returns how
 * many; the wrapper calls again while that equals `maxRemovals`.
 */
export function bulkRemove(tagCount: i32, maxRemovals: i32): i32 {
  if (tagCount < 0 || maxRemovals < 0 || <i64>tagCount + maxRemovals > <i64>scratch.scratchWords()) return 0;
  return bulk.bulkRemove(tagCount, maxRemovals);
}

/**
 * bulkRemove that walks the whole cache once and rebuilds the hash table:
 * faster when the tags in scratch [0, tagCount) cover much of the cache.
 * Writes up to `maxRemovals` removed slots after the tag ids and returns how
 * many; call again, with the same scratch, while rebuildPending() is 1.
 */
export function bulkRemoveRebuilding(tagCount: i32, maxRemovals: i32): i32 {
  if (tagCount < 0 || maxRemovals < 1 || <i64>tagCount + maxRemovals > <i64>scratch.scratchWords()) return 0;
  if (!tagRecords.tagIdsValid(tagCount)) return 0;
  return rebuilding.bulkRemoveRebuilding(tagCount, maxRemovals);
}

/** 1 while a bulkRemoveRebuilding has more to do. */
export function rebuildPending(): i32 {
  return rebuilding.rebuildPending();
}

/** Memberships of the tag ids in scratch [0, tagIdCount), stale ones included: at least the entries a bulkRemove takes. */
export function memberships(tagIdCount: i32): f64 {
  if (tagIdCount < 0 || tagIdCount > scratch.scratchWords()) return 0;
  return tagQueries.memberships(tagIdCount);
}

/**
 * Makes every entry carrying any tag id in scratch [0, tagCount) stale: from
 * now on it is never returned. Returns how many entries this made stale.
 * O(1) per tag (see assembly/mark-stale.ts for the one exception).
 */
export function markStale(tagCount: i32): i32 {
  if (tagCount < 0 || tagCount > scratch.scratchWords()) return 0;
  return marking.markStale(tagCount);
}

/**
 * Makes every entry held now stale, in O(1): from now on none is returned,
 * while entries set afterwards are fresh. Returns how many entries this made
 * stale (those stale already are not counted), or ERROR_OUT_OF_MEMORY when the
 * first call cannot allocate an epoch per slot (nothing changes then).
 */
export function markAllStale(): i32 {
  return markingAll.markAllStale();
}

/**
 * Removes up to `maxRemovals` stale entries (carrying `tagId`, or any when it is
 * -1), writing their slots to scratch [0, removed). Returns how many.
 */
export function sweepStale(tagId: i32, maxRemovals: i32): i32 {
  if (tagId < NONE || maxRemovals < 0 || maxRemovals > scratch.scratchWords()) return 0;
  return sweeping.sweepStale(tagId, maxRemovals);
}

/** Stale entries still held. */
export function staleEntries(): i32 {
  return stale.staleEntries;
}

/** The slot the next eviction takes: a stale entry if any, else the least recent; -1 if empty. */
export function victim(): i32 {
  return eviction.victim();
}

/** One of a tag's counters: 0 hits, 1 misses, 2 entries removed. */
export function tagCounter(tagId: i32, which: i32): f64 {
  if (!isTagId(tagId) || which < 0 || which > 2) return 0;
  return tagStats.tagCounter(tagId, which);
}

/** Zeroes a tag's counters (every tag's for -1). */
export function resetTagStats(tagId: i32): void {
  if (tagId == NONE || isTagId(tagId)) tagStats.resetTagStats(tagId);
}

/**
 * Removes up to `maxRemovals` entries expired at `now` (from the most recent on
 * `restart` != 0, else from where the last call stopped), writing their slots
 * to scratch [0, removed). Returns how many.
 */
export function purgeExpired(now: f64, maxRemovals: i32, restart: i32): i32 {
  if (maxRemovals < 0 || maxRemovals > scratch.scratchWords()) return 0;
  return purging.purgeExpired(now, maxRemovals, restart != 0);
}

/**
 * Replaces every live entry's hash with scratch word i for the i-th entry in
 * recency order (most recent first) and rebuilds the table. `count` must be the
 * number of entries. Returns 0, or -1 when the count is wrong.
 */
export function rehash(count: i32): i32 {
  if (count != slots.size || count > scratch.scratchWords()) return NONE;
  rehashing.rehash();
  return 0;
}

/** Removes every entry. */
export function clear(): void {
  clearing.clear();
}

/** Writes a live slot's tag ids to scratch; returns how many, or a negative error. */
export function tagsOf(slot: i32): i32 {
  return isSlotNumber(slot) ? tagQueries.tagsOf(slot) : 0;
}

/** Writes the slots of a tag's live (fresh, unexpired) entries to scratch; returns how many, or a negative error. */
export function slotsOfTag(tagId: i32, now: f64): i32 {
  return isTagId(tagId) ? tagQueries.slotsOfTag(tagId, now) : 0;
}

/**
 * Live (fresh, unexpired) entries carrying a tag. O(1) until a TTL is used or
 * stale entries with several tags exist; then O(the tag's fresh entries).
 */
export function countLive(tagId: i32, now: f64): i32 {
  return isTagId(tagId) ? tagQueries.countLive(tagId, now) : 0;
}

/** Makes tag ids below `count` usable. Returns 0, or a negative error code. */
export function reserveTags(count: i32): i32 {
  return tagRecords.reserveTags(count) ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Makes room for `words` scratch words. Returns 0, or a negative error code. */
export function reserveScratch(words: i32): i32 {
  return scratch.reserveScratch(words) ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Allocates expiry times (once). Returns 0, or a negative error code. */
export function enableExpiry(): i32 {
  return expiry.enableExpiry() ? 0 : ERROR_OUT_OF_MEMORY;
}

/** Live entries. */
export function entryCount(): i32 {
  return slots.size;
}

/** Tags with at least one entry. */
export function liveTags(): i32 {
  return tagLists.liveTags;
}

/** Most recent slot, or -1. The wrapper follows SLOT_NEXT through its memory view. */
export function lruHead(): i32 {
  return lru.head;
}

/** Least recent slot, or -1: the next to evict. */
export function lruTail(): i32 {
  return lru.tail;
}

/**
 * A figure of the eviction policy: 0 the policy (0 'lru', 1 'tinylfu'); under
 * 'tinylfu' 1 the window's maximum, 2 protected's maximum, 3 the sketch's bytes,
 * 4..7 the entries in the window, probation, protected and retired segments,
 * 8 climber samples, 9 sketch halvings, 10 sketch increments since the last
 * halving. 0 for anything else.
 */
export function policyStat(which: i32): f64 {
  if (which == 0) return tinyLfu ? POLICY_TINYLFU : POLICY_LRU;
  if (!tinyLfu) return 0;
  if (which == 1) return policy.windowMaximum;
  if (which == 2) return policy.protectedMaximum;
  if (which == 3) return sketch.sketchBytes();
  if (which >= 4 && which <= 7) return segments.countOf(which - 4);
  if (which == 8) return climber.climberSamples;
  if (which == 9) return sketch.sketchResets;
  if (which == 10) return sketch.sketchAdditions();
  return 0;
}

/** Seeds the 'tinylfu' admission's random source (xorshift32; 0 is replaced by a constant). */
export function setAdmissionSeed(seed: u32): void {
  admission.seedAdmission(seed);
}

/** The 'tinylfu' segment of a live slot (0 window, 1 probation, 2 protected, 3 retired); -1 under 'lru'. */
export function segmentOf(slot: i32): i32 {
  return tinyLfu && isSlotNumber(slot) ? segments.segmentOf(slot) : NONE;
}
