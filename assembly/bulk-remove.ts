// Bulk removal by tag, one list at a time: each tag's list is detached whole
// and its entries removed from the other structures one by one. For removals
// that take most of the cache, see assembly/bulk-remove-rebuilding.ts.

import {
  DETACHED_COUNT, DETACHED_MULTI_FRESH, DETACHED_STALE, NONE, REMOVED_STALE, TAG_REMOVED, NODE_NEXT_IN_TAG,
  NODE_NEXT_OF_ENTRY,
} from "./layout";
import { freeSlot } from "./slots";
import { unlinkFromLru } from "./lru";
import { removeFromTable } from "./table";
import {
  clearEntryTags, detachTag, detached, hasSeveralTags, isStaleNode, reattachTag, slotOfNode, nodeField,
} from "./tag-lists";
import { addToTagCounter, tagCapacity } from "./tag-records";
import { staleEntries } from "./stale";
import { removeExceptTag } from "./remove";
import { scratchAt, setScratch } from "./scratch";

/**
 * Removes up to `maxRemovals` entries carrying any of the tag ids in scratch
 * [0, tagCount), writing their slots (ORed with REMOVED_STALE for stale ones)
 * to scratch [tagCount, tagCount + removed). Returns how many it removed;
 * fewer than `maxRemovals` means all are gone.
 */
export function bulkRemove(tagCount: i32, maxRemovals: i32): i32 {
  let removed = 0;
  for (let index = 0; index < tagCount; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) continue;
    // The whole list goes, so it is detached at once rather than node by node.
    let ref = detachTag(tagId);
    // Copied out of the record once: the loop below reads them per entry. (Globals instead of the
    // record measured the same: interleaved A/B, 20,000 seed removals per build, within 1%.)
    const members = load<i32>(detached + DETACHED_COUNT);
    const staleMembers = load<i32>(detached + DETACHED_STALE);
    const multiFreshMembers = load<i32>(detached + DETACHED_MULTI_FRESH);
    let taken = 0;
    let staleTaken = 0;
    let multiFreshTaken = 0;
    while (ref != NONE) {
      if (removed == maxRemovals) {
        reattachTag(tagId, ref, members - taken, staleMembers - staleTaken, multiFreshMembers - multiFreshTaken);
        break;
      }
      const next = nodeField(ref, NODE_NEXT_IN_TAG);
      const slot = slotOfNode(ref);
      // Counted only for a reattach, and only when the list has such nodes at all.
      if (staleMembers > 0 && isStaleNode(ref)) staleTaken++;
      else if (multiFreshMembers > 0 && hasSeveralTags(slot)) multiFreshTaken++;
      let stale = false;
      if (staleEntries == 0 && nodeField(slot, NODE_NEXT_OF_ENTRY) == NONE) {
        // The common case, kept tight (inlined here: through removeTags it costs 40% more): the
        // detached tag is the entry's only one, and nothing is stale.
        unlinkFromLru(slot);
        removeFromTable(slot);
        clearEntryTags(slot);
        freeSlot(slot);
      } else {
        stale = removeExceptTag(slot, tagId);
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
