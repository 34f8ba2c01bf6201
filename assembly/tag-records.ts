// Tag records: per tag id, its list's ends and counts, its generation, its
// place in the stale queue, and its hit/miss/removal counters. Tag ids are
// small integers handed out by the wrapper; the lists themselves are in
// assembly/tag-lists.ts.

import {
  NONE, REGION_TAGS, TAG_HEAD, TAG_TAIL, TAG_COUNT, TAG_STALE, TAG_GENERATION, TAG_MULTI_FRESH, TAG_QUEUE_NEXT,
  TAG_QUEUED, TAG_HITS, TAG_MISSES, TAG_REMOVED, TAG_MARK, TAG_STRIDE, tagsBase, resizeRegion,
} from "./layout";
import { scratchAt, scratchWords } from "./scratch";

/** Tag records allocated (valid tag ids are below this). */
export let tagCapacity: i32 = 0;

@inline export function tagAddress(tagId: i32): usize {
  return tagsBase + <usize>tagId * TAG_STRIDE;
}

/** An i32 field of a tag record (TAG_HEAD, TAG_COUNT, ...: see assembly/layout.ts). */
@inline export function tagField(tagId: i32, field: i32): i32 {
  return load<i32>(tagAddress(tagId) + field);
}

/** Adds `amount` to one of a tag's f64 counters (TAG_HITS, TAG_MISSES, TAG_REMOVED). */
@inline export function addToTagCounter(tagId: i32, counter: i32, amount: f64): void {
  const address = tagAddress(tagId) + counter;
  store<f64>(address, load<f64>(address) + amount);
}

/** Zeroes a tag's hit, miss and removal counters. */
export function resetTagCounters(tagId: i32): void {
  const tag = tagAddress(tagId);
  store<f64>(tag + TAG_HITS, 0);
  store<f64>(tag + TAG_MISSES, 0);
  store<f64>(tag + TAG_REMOVED, 0);
}

/** Makes tag ids below `count` valid. Returns false when memory cannot grow. */
export function reserveTags(count: i32): bool {
  if (count <= tagCapacity) return true;
  let grown = tagCapacity * 2;
  if (grown < count) grown = count;
  if (grown < 16) grown = 16;
  if (!resizeRegion(REGION_TAGS, <usize>grown * TAG_STRIDE)) return false;
  for (let tagId = tagCapacity; tagId < grown; tagId++) initTag(tagId);
  tagCapacity = grown;
  return true;
}

function initTag(tagId: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(tag + TAG_HEAD, NONE);
  store<i32>(tag + TAG_TAIL, NONE);
  store<i32>(tag + TAG_COUNT, 0);
  store<i32>(tag + TAG_STALE, 0);
  store<i32>(tag + TAG_GENERATION, 0);
  store<i32>(tag + TAG_MULTI_FRESH, 0);
  store<i32>(tag + TAG_QUEUE_NEXT, NONE);
  store<i32>(tag + TAG_QUEUED, 0);
  store<i32>(tag + TAG_MARK, 0);
  resetTagCounters(tagId);
}

/** Empties every tag record; keeps the memory already grown. */
export function resetTagRecords(): void {
  for (let tagId = 0; tagId < tagCapacity; tagId++) initTag(tagId);
}

/** Whether some tag is marked; removeTags checks marks only then. */
export let marksInUse: bool = false;

/**
 * Marks (or unmarks) a tag whose whole list a rebuilding bulk removal takes:
 * removals leave its nodes alone. The caller sets marksInUse around it.
 */
@inline export function setTagMark(tagId: i32, marked: bool): void {
  store<i32>(tagAddress(tagId) + TAG_MARK, marked ? 1 : 0);
}

@inline export function isTagMarked(tagId: i32): bool {
  return load<i32>(tagAddress(tagId) + TAG_MARK) != 0;
}

@inline export function useMarks(inUse: bool): void {
  marksInUse = inUse;
}

@inline export function isQueued(tagId: i32): bool {
  return load<i32>(tagAddress(tagId) + TAG_QUEUED) != 0;
}

@inline export function setQueued(tagId: i32, queued: bool, next: i32): void {
  store<i32>(tagAddress(tagId) + TAG_QUEUED, queued ? 1 : 0);
  store<i32>(tagAddress(tagId) + TAG_QUEUE_NEXT, next);
}

/** Whether scratch words [0, count) exist and hold valid tag ids. */
export function tagIdsValid(count: i32): bool {
  if (count < 0 || count > scratchWords()) return false;
  for (let index = 0; index < count; index++) {
    const tagId = scratchAt(index);
    if (tagId < 0 || tagId >= tagCapacity) return false;
  }
  return true;
}
