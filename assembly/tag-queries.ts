// Reading tag memberships out: an entry's tags, a tag's live entries and their
// count, and the memberships a bulk removal would meet.

import {
  ERROR_OUT_OF_MEMORY, NONE, TAG_COUNT, TAG_HEAD, TAG_STALE, NODE_NEXT_IN_TAG, NODE_NEXT_OF_ENTRY, NODE_TAG_ID,
} from "./layout";
import { slotOfNode, nodeField } from "./tag-lists";
import { tagCapacity, tagField } from "./tag-records";
import { expiryActive, isExpiredAt } from "./expiry";
import { freshNodeIsLive, freshNodesMayBeStale, isStaleByEpoch } from "./stale";
import { reserveScratch, scratchAt, setScratch } from "./scratch";

/** Memberships of the tag ids in scratch [0, tagIdCount), stale ones included: at least the entries a bulkRemove takes. */
export function memberships(tagIdCount: i32): f64 {
  let total: f64 = 0;
  for (let index = 0; index < tagIdCount; index++) {
    const tagId = scratchAt(index);
    if (tagId >= 0 && tagId < tagCapacity) total += tagField(tagId, TAG_COUNT);
  }
  return total;
}

/** Writes a live slot's tag ids to scratch; returns how many, or a negative error. */
export function tagsOf(slot: i32): i32 {
  if (nodeField(slot, NODE_TAG_ID) == NONE) return 0;
  let count = 0;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) count++;
  if (!reserveScratch(count)) return ERROR_OUT_OF_MEMORY;
  let index = 0;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
    setScratch(index++, nodeField(ref, NODE_TAG_ID));
  }
  return count;
}

/**
 * Writes the slots of a tag's live (fresh, unexpired) entries to scratch;
 * returns how many, or a negative error. The walk stops at the first entry
 * stale by epoch: every later one is too (see assembly/stale.ts).
 */
export function slotsOfTag(tagId: i32, now: f64): i32 {
  const fresh = tagField(tagId, TAG_COUNT) - tagField(tagId, TAG_STALE);
  if (!reserveScratch(fresh)) return ERROR_OUT_OF_MEMORY;
  let index = 0;
  let ref = tagField(tagId, TAG_HEAD);
  for (let visited = 0; visited < fresh; visited++) {
    const slot = slotOfNode(ref);
    if (isStaleByEpoch(slot)) break;
    if (!isExpiredAt(slot, now) && freshNodeIsLive(ref)) setScratch(index++, slot);
    ref = nodeField(ref, NODE_NEXT_IN_TAG);
  }
  return index;
}

/**
 * Live (fresh, unexpired) entries carrying a tag. O(1) until a TTL is used or
 * stale entries with several tags, or stale by epoch, exist; then O(the tag's
 * fresh entries set since the last markAllStale).
 */
export function countLive(tagId: i32, now: f64): i32 {
  const fresh = tagField(tagId, TAG_COUNT) - tagField(tagId, TAG_STALE);
  if (!expiryActive && !freshNodesMayBeStale()) return fresh;
  let count = 0;
  let ref = tagField(tagId, TAG_HEAD);
  for (let visited = 0; visited < fresh; visited++) {
    const slot = slotOfNode(ref);
    if (isStaleByEpoch(slot)) break;
    if (!isExpiredAt(slot, now) && freshNodeIsLive(ref)) count++;
    ref = nodeField(ref, NODE_NEXT_IN_TAG);
  }
  return count;
}
