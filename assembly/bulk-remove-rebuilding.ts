// Bulk removal by tag for a removal that takes most of the cache: one walk of
// the recency list drops every entry carrying a marked tag, relinking the
// survivors, and the hash table is rebuilt from them at the end instead of
// being shifted bucket by bucket for each removal.

import { DETACHED_COUNT, NONE, REMOVED_STALE, TAG_REMOVED, NODE_NEXT_OF_ENTRY } from "./layout";
import { freeSlot } from "./slots";
import { beginRebuild, endRebuild, keepInRebuild, nextOf } from "./lru";
import { rebuildTable } from "./table";
import { carriesMarkedTag, clearEntryTags, detachTag, detached, removeTags, nodeField } from "./tag-lists";
import { addToTagCounter, setTagMark, tagCapacity, useMarks } from "./tag-records";
import { forgetIfStale, staleEntries } from "./stale";
import { scratchAt, setScratch } from "./scratch";

// Where a rebuilding removal resumes, and whether one is under way.
let rebuildCursor: i32 = NONE;
export let rebuildUnderWay: bool = false;

/**
 * Removes every entry carrying a tag id in scratch [0, tagCount) (checked by
 * the caller) in one walk of the cache. Writes up to `maxRemovals` removed
 * slots (ORed with REMOVED_STALE) to scratch from tagCount on and returns how
 * many; while rebuildUnderWay, the caller must call again (with the same tag
 * ids) before any other operation.
 */
export function bulkRemoveRebuilding(tagCount: i32, maxRemovals: i32): i32 {
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
      if (staleEntries == 0 && nodeField(slot, NODE_NEXT_OF_ENTRY) == NONE) {
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

/** 1 while a bulkRemoveRebuilding has more to do. */
export function rebuildPending(): i32 {
  return rebuildUnderWay ? 1 : 0;
}

function finishRebuilding(tagCount: i32): void {
  endRebuild();
  for (let index = 0; index < tagCount; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) continue;
    detachTag(tagId);
    addToTagCounter(tagId, TAG_REMOVED, load<i32>(detached + DETACHED_COUNT));
    setTagMark(tagId, false);
  }
  useMarks(false);
  rebuildTable();
  rebuildUnderWay = false;
}
