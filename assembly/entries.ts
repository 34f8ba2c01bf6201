// Whole-entry operations that touch several structures at once: insertion with
// eviction, removal, bulk removal by tag, purging expired entries, clearing.
// Removed slots go to the head of the free list, where the wrapper reads them.

import { NONE, SLOT_HASH, TAG_REMOVED } from "./layout";
import { capacity, freeSlot, growCapacity, maxEntries, resetSlots, slotAddress, takeSlot } from "./slots";
import { beginRebuild, endRebuild, head, keepInRebuild, linkAtHead, nextOf, resetLru, tail, unlinkFromLru } from "./lru";
import { clearTable, insertIntoTable, rebuildTable, removeFromTable } from "./table";
import {
  addTags, addToTagCounter, carriesMarkedTag, clearEntryTags, detachedCount, detachedMultiFresh, detachedStale,
  detachTag, hasSeveralTags, isStaleNode, nextInTag, nextOfEntry, reattachTag, removeTags, resetTags, setTagMark, slotOfNode, useMarks,
  tagCapacity,
} from "./tags";
import { forgetIfStale, resetStale, staleEntries, staleMemberOf, staleVictim } from "./stale";
import { expiryActive, isExpiredAt, setExpiresAt } from "./expiry";
import { scratchAt, setScratch } from "./scratch";

/** insertEntry result flag: the least recent entry was evicted; its slot is the one returned. */
export const FLAG_EVICTED: i32 = 1 << 30;
/** insertEntry result flag: the evicted entry had already expired. */
export const FLAG_EVICTED_EXPIRED: i32 = 1 << 29;
/** insertEntry result flag: the evicted entry was stale (chosen before any live one). */
export const FLAG_EVICTED_STALE: i32 = 1 << 27;
/** Flag on a slot written to scratch by a bulk removal: the entry was stale. */
export const REMOVED_STALE: i32 = 1 << 30;
/**
 * insertEntry result flag: the new entry landed unusually far from its home
 * bucket. At load <= 1/2 a good hash makes that practically impossible, so it
 * means keys were chosen to collide: the wrapper then rehashes with a keyed hash.
 */
export const FLAG_LONG_PROBE: i32 = 1 << 28;
const LONG_PROBE_DISTANCE: i32 = 128;
/** insertEntry result: memory could not grow; nothing changed. */
export const INSERT_FAILED: i32 = NONE;

/** Removes a live entry; returns whether it was stale. */
export function removeEntry(slot: i32): bool {
  return removeEntryExceptTag(slot, NONE);
}

/** removeEntry that leaves the node of a detached tag alone (see removeTags). */
function removeEntryExceptTag(slot: i32, detachedTagId: i32): bool {
  const stale = forgetIfStale(slot);
  unlinkFromLru(slot);
  removeFromTable(slot);
  removeTags(slot, true, detachedTagId);
  freeSlot(slot);
  return stale;
}

/** The entry to evict next: a stale one if any, else the least recent. */
export function evictionVictim(): i32 {
  const stale = staleVictim();
  return stale != NONE ? stale : tail;
}

/** Takes a slot for a new entry, growing capacity or evicting (a stale entry first). */
function slotForInsert(now: f64): i32 {
  let slot = takeSlot();
  if (slot != NONE) return slot;
  if (capacity < maxEntries) {
    if (!growCapacity(expiryActive)) return INSERT_FAILED;
    rebuildTable();
    return takeSlot();
  }
  const victim = evictionVictim();
  let flags = FLAG_EVICTED | (isExpiredAt(victim, now) ? FLAG_EVICTED_EXPIRED : 0);
  if (removeEntry(victim)) flags |= FLAG_EVICTED_STALE;
  return takeSlot() | flags;
}

/**
 * Inserts a new entry (the wrapper has checked that its key is absent) with the
 * tag ids in scratch [0, tagCount). Returns its slot, with FLAG_EVICTED set when
 * the least recent entry was evicted to make room (that entry's slot is reused).
 */
export function insertEntry(hash: u32, tagCount: i32, expiresAtTime: f64, now: f64): i32 {
  const result = slotForInsert(now);
  if (result == INSERT_FAILED) return INSERT_FAILED;
  const slot = result & ~(FLAG_EVICTED | FLAG_EVICTED_EXPIRED | FLAG_EVICTED_STALE);
  store<u32>(slotAddress(slot) + SLOT_HASH, hash);
  const distance = insertIntoTable(slot, hash);
  linkAtHead(slot);
  clearEntryTags(slot);
  addTags(slot, tagCount);
  setExpiresAt(slot, expiresAtTime);
  return distance > LONG_PROBE_DISTANCE ? result | FLAG_LONG_PROBE : result;
}

/**
 * Gives every live entry, in recency order, the hash in scratch [0, size) and
 * rebuilds the table: the wrapper's switch to another hash function.
 */
export function rehashEntries(): void {
  let index = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    store<u32>(slotAddress(slot) + SLOT_HASH, <u32>scratchAt(index++));
  }
  rebuildTable();
}

/**
 * Removes up to `maxRemovals` entries carrying any of the tag ids in scratch
 * [0, tagCount), writing their slots (ORed with REMOVED_STALE for stale ones)
 * to scratch [tagCount, tagCount + removed). Returns how many it removed;
 * fewer than `maxRemovals` means all are gone.
 */
export function removeByTags(tagCount: i32, maxRemovals: i32): i32 {
  let removed = 0;
  for (let index = 0; index < tagCount; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) continue;
    // The whole list goes, so it is detached at once rather than node by node.
    let ref = detachTag(tagId);
    const members = detachedCount;
    let taken = 0;
    let staleTaken = 0;
    let multiFreshTaken = 0;
    while (ref != NONE) {
      if (removed == maxRemovals) {
        reattachTag(tagId, ref, members - taken, detachedStale - staleTaken, detachedMultiFresh - multiFreshTaken);
        break;
      }
      const next = nextInTag(ref);
      const slot = slotOfNode(ref);
      // Counted only for a reattach, and only when the list has such nodes at all.
      if (detachedStale > 0 && isStaleNode(ref)) staleTaken++;
      else if (detachedMultiFresh > 0 && hasSeveralTags(slot)) multiFreshTaken++;
      let stale = false;
      if (staleEntries == 0 && nextOfEntry(slot) == NONE) {
        // The common case, kept tight (inlined here: through removeTags it costs 40% more): the
        // detached tag is the entry's only one, and nothing is stale.
        unlinkFromLru(slot);
        removeFromTable(slot);
        clearEntryTags(slot);
        freeSlot(slot);
      } else {
        stale = removeEntryExceptTag(slot, tagId);
      }
      setScratch(tagCount + removed, stale ? slot | REMOVED_STALE : slot);
      removed++;
      taken++;
      ref = next;
    }
    addToTagCounter(tagId, TAG_REMOVED, taken);
    if (removed == maxRemovals) return removed;
  }
  return removed;
}

// Where a rebuilding removal resumes (see removeByTagsRebuilding), and whether one is under way.
let rebuildCursor: i32 = NONE;
export let rebuildUnderWay: bool = false;

/**
 * removeByTags for a removal that takes most of the cache: one walk of the
 * recency list drops every entry carrying a tag id in scratch [0, tagCount),
 * relinking the survivors, and the hash table is rebuilt from them at the end
 * instead of being shifted bucket by bucket for each removal. Writes up to
 * `maxRemovals` removed slots (ORed with REMOVED_STALE) to scratch from
 * tagCount on and returns how many; while rebuildUnderWay, the caller must
 * call again (with the same tag ids) before any other operation.
 */
export function removeByTagsRebuilding(tagCount: i32, maxRemovals: i32): i32 {
  if (!rebuildUnderWay) {
    for (let index = 0; index < tagCount; index++) {
      const tagId = scratchAt(index);
      if (tagId >= 0 && tagId < tagCapacity) setTagMark(tagId, true);
    }
    useMarks(true);
    rebuildCursor = beginRebuild();
    rebuildUnderWay = true;
  }
  let removed = 0;
  let slot = rebuildCursor;
  while (slot != NONE && removed < maxRemovals) {
    const next = nextOf(slot);
    if (carriesMarkedTag(slot)) {
      let stale = false;
      if (staleEntries == 0 && nextOfEntry(slot) == NONE) {
        clearEntryTags(slot); // its one tag is marked: that list goes whole
      } else {
        stale = forgetIfStale(slot);
        removeTags(slot, true);
      }
      freeSlot(slot);
      setScratch(tagCount + removed, stale ? slot | REMOVED_STALE : slot);
      removed++;
    } else {
      keepInRebuild(slot);
    }
    slot = next;
  }
  rebuildCursor = slot;
  if (slot == NONE) finishRebuilding(tagCount);
  return removed;
}

function finishRebuilding(tagCount: i32): void {
  endRebuild();
  for (let index = 0; index < tagCount; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) continue;
    detachTag(tagId);
    addToTagCounter(tagId, TAG_REMOVED, detachedCount);
    setTagMark(tagId, false);
  }
  useMarks(false);
  rebuildTable();
  rebuildUnderWay = false;
}

/**
 * Removes up to `maxRemovals` stale entries (those carrying `tagId` if it is
 * not NONE, else any), writing their slots to scratch [0, removed). Returns
 * how many; fewer than `maxRemovals` means none is left.
 */
export function removeStale(tagId: i32, maxRemovals: i32): i32 {
  let removed = 0;
  while (removed < maxRemovals) {
    const slot = tagId == NONE ? staleVictim() : staleMemberOf(tagId);
    if (slot == NONE) break;
    removeEntry(slot);
    setScratch(removed++, slot);
  }
  return removed;
}

// Where removeExpired resumes: the next slot (in recency order) to examine.
let purgeCursor: i32 = NONE;

/**
 * Removes up to `maxRemovals` entries expired at `now`, walking from the most
 * recent entry (`restart`) or from where the previous call stopped, and writes
 * their slots to scratch [0, removed). Fewer than `maxRemovals`: the walk ended.
 */
export function removeExpired(now: f64, maxRemovals: i32, restart: bool): i32 {
  if (!expiryActive) return 0;
  if (restart) purgeCursor = head;
  let removed = 0;
  let slot = purgeCursor;
  while (slot != NONE && removed < maxRemovals) {
    const next = nextOf(slot);
    if (isExpiredAt(slot, now)) {
      removeEntry(slot);
      setScratch(removed++, slot);
    }
    slot = next;
  }
  purgeCursor = slot;
  return removed;
}

/** Forgets every entry; memory already grown is kept for reuse. */
export function clearEntries(): void {
  purgeCursor = NONE;
  resetLru();
  resetSlots();
  resetTags();
  resetStale();
  clearTable();
}
