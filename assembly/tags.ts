// Tag membership: per tag a doubly linked list of membership nodes and a count.
//
// An entry's first tag lives inline in its slot record (node ref == slot), so an
// entry with one tag needs no node from the pool; further tags take overflow
// nodes (ref >= OVERFLOW_REF_BASE), chained through NODE_NEXT_OF_ENTRY.
// Tag ids are small integers handed out by the wrapper.
//
// Each node keeps the generation its tag had when it was linked; markStale
// (assembly/stale.ts) bumps the tag's generation, making every older node stale
// at once. The record keeps the counts that make that O(1): TAG_STALE nodes
// (the list's suffix) are stale, TAG_MULTI_FRESH of the rest belong to entries
// with several tags.

import {
  NONE, OVERFLOW_REF_BASE, REGION_TAGS, REGION_NODES, SLOT_NODE, SLOT_STRIDE,
  NODE_TAG_ID, NODE_PREV_IN_TAG, NODE_NEXT_IN_TAG, NODE_NEXT_OF_ENTRY, NODE_GENERATION, NODE_SLOT, NODE_STRIDE,
  TAG_HEAD, TAG_TAIL, TAG_COUNT, TAG_STALE, TAG_GENERATION, TAG_MULTI_FRESH, TAG_QUEUE_NEXT, TAG_QUEUED,
  TAG_HITS, TAG_MISSES, TAG_REMOVED, TAG_MARK, TAG_STRIDE, slotsBase, nodesBase, tagsBase, resizeRegion,
} from "./layout";
import { scratchAt } from "./scratch";

/** Tag records allocated (valid tag ids are below this). */
export let tagCapacity: i32 = 0;
/** Tags with at least one entry. */
export let liveTags: i32 = 0;

let nodeCapacity: i32 = 0;
let nodeHighWater: i32 = 0;
let nodeFreeHead: i32 = NONE;
let freeNodeCount: i32 = 0;

@inline export function nodeAddress(ref: i32): usize {
  return ref < OVERFLOW_REF_BASE
    ? slotsBase + <usize>ref * SLOT_STRIDE + SLOT_NODE
    : nodesBase + <usize>(ref - OVERFLOW_REF_BASE) * NODE_STRIDE;
}

@inline export function tagAddress(tagId: i32): usize {
  return tagsBase + <usize>tagId * TAG_STRIDE;
}

@inline export function tagIdOf(ref: i32): i32 {
  return load<i32>(nodeAddress(ref) + NODE_TAG_ID);
}

@inline export function nextInTag(ref: i32): i32 {
  return load<i32>(nodeAddress(ref) + NODE_NEXT_IN_TAG);
}

@inline export function prevInTag(ref: i32): i32 {
  return load<i32>(nodeAddress(ref) + NODE_PREV_IN_TAG);
}

@inline export function nextOfEntry(ref: i32): i32 {
  return load<i32>(nodeAddress(ref) + NODE_NEXT_OF_ENTRY);
}

@inline export function slotOfNode(ref: i32): i32 {
  return ref < OVERFLOW_REF_BASE ? ref : load<i32>(nodeAddress(ref) + NODE_SLOT);
}

@inline export function tagHead(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_HEAD);
}

@inline export function tagTail(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_TAIL);
}

/** Nodes in the tag's list, stale ones included. */
@inline export function tagCount(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_COUNT);
}

/** Nodes of the tag's list made stale by markStale: the last tagStaleCount of the list. */
@inline export function tagStaleCount(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_STALE);
}

@inline export function tagGeneration(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_GENERATION);
}

@inline export function generationOf(ref: i32): i32 {
  return load<i32>(nodeAddress(ref) + NODE_GENERATION);
}

/** Whether a node was linked before its tag's last markStale. */
@inline export function isStaleNode(ref: i32): bool {
  return generationOf(ref) != tagGeneration(tagIdOf(ref));
}

/** Whether a live slot's entry carries more than one tag. */
@inline export function hasSeveralTags(slot: i32): bool {
  return nextOfEntry(slot) != NONE;
}

/** Adds `amount` to one of a tag's f64 counters (TAG_HITS, TAG_MISSES, TAG_REMOVED). */
@inline export function addToTagCounter(tagId: i32, counter: i32, amount: f64): void {
  const address = tagAddress(tagId) + counter;
  store<f64>(address, load<f64>(address) + amount);
}

/** Adds `amount` to a counter of every tag of a live slot. */
export function addToEntryTagCounters(slot: i32, counter: i32, amount: f64): void {
  if (tagIdOf(slot) == NONE) return;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) addToTagCounter(tagIdOf(ref), counter, amount);
}

/** Zeroes a tag's hit, miss and removal counters. */
export function resetTagCounters(tagId: i32): void {
  const tag = tagAddress(tagId);
  store<f64>(tag + TAG_HITS, 0);
  store<f64>(tag + TAG_MISSES, 0);
  store<f64>(tag + TAG_REMOVED, 0);
}

/** Marks a fresh slot as having no tags. */
@inline export function clearEntryTags(slot: i32): void {
  store<i32>(nodeAddress(slot) + NODE_TAG_ID, NONE);
  store<i32>(nodeAddress(slot) + NODE_NEXT_OF_ENTRY, NONE);
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

/** Makes sure `count` overflow nodes can be taken. Returns false when memory cannot grow. */
export function reserveNodes(count: i32): bool {
  const available = nodeCapacity - nodeHighWater + freeNodeCount;
  if (count <= available) return true;
  let grown = nodeCapacity * 2;
  if (grown < nodeHighWater + count) grown = nodeHighWater + count;
  if (grown < 64) grown = 64;
  if (<i64>grown + OVERFLOW_REF_BASE > <i64>i32.MAX_VALUE) return false;
  if (!resizeRegion(REGION_NODES, <usize>grown * NODE_STRIDE)) return false;
  nodeCapacity = grown;
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

/** Whether a live slot's entry carries a marked tag. */
export function carriesMarkedTag(slot: i32): bool {
  if (tagIdOf(slot) == NONE) return false;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) {
    if (isTagMarked(tagIdOf(ref))) return true;
  }
  return false;
}

/** Forgets every tag and node; keeps the memory already grown. */
export function resetTags(): void {
  for (let tagId = 0; tagId < tagCapacity; tagId++) initTag(tagId);
  liveTags = 0;
  nodeHighWater = 0;
  nodeFreeHead = NONE;
  freeNodeCount = 0;
}

function takeNode(): i32 {
  let index = nodeFreeHead;
  if (index != NONE) {
    nodeFreeHead = load<i32>(nodesBase + <usize>index * NODE_STRIDE + NODE_NEXT_OF_ENTRY);
    freeNodeCount--;
  } else {
    index = nodeHighWater++;
  }
  return index + OVERFLOW_REF_BASE;
}

function freeNode(ref: i32): void {
  const index = ref - OVERFLOW_REF_BASE;
  store<i32>(nodesBase + <usize>index * NODE_STRIDE + NODE_NEXT_OF_ENTRY, nodeFreeHead);
  nodeFreeHead = index;
  freeNodeCount++;
}

function linkIntoTag(ref: i32, tagId: i32): void {
  const address = nodeAddress(ref);
  const tag = tagAddress(tagId);
  const first = load<i32>(tag + TAG_HEAD);
  store<i32>(address + NODE_TAG_ID, tagId);
  store<i32>(address + NODE_GENERATION, load<i32>(tag + TAG_GENERATION));
  store<i32>(address + NODE_PREV_IN_TAG, NONE);
  store<i32>(address + NODE_NEXT_IN_TAG, first);
  if (first != NONE) store<i32>(nodeAddress(first) + NODE_PREV_IN_TAG, ref);
  else store<i32>(tag + TAG_TAIL, ref);
  store<i32>(tag + TAG_HEAD, ref);
  const count = load<i32>(tag + TAG_COUNT);
  if (count == 0) liveTags++;
  store<i32>(tag + TAG_COUNT, count + 1);
}

/** Unlinks a node from its tag's list; `severalTags`: its entry carries other tags too. */
function unlinkFromTag(ref: i32, severalTags: bool): void {
  const address = nodeAddress(ref);
  const tag = tagAddress(load<i32>(address + NODE_TAG_ID));
  const prev = load<i32>(address + NODE_PREV_IN_TAG);
  const next = load<i32>(address + NODE_NEXT_IN_TAG);
  if (prev != NONE) store<i32>(nodeAddress(prev) + NODE_NEXT_IN_TAG, next);
  else store<i32>(tag + TAG_HEAD, next);
  if (next != NONE) store<i32>(nodeAddress(next) + NODE_PREV_IN_TAG, prev);
  else store<i32>(tag + TAG_TAIL, prev);
  if (load<i32>(address + NODE_GENERATION) != load<i32>(tag + TAG_GENERATION)) {
    store<i32>(tag + TAG_STALE, load<i32>(tag + TAG_STALE) - 1);
  } else if (severalTags) {
    store<i32>(tag + TAG_MULTI_FRESH, load<i32>(tag + TAG_MULTI_FRESH) - 1);
  }
  const count = load<i32>(tag + TAG_COUNT) - 1;
  if (count == 0) liveTags--;
  store<i32>(tag + TAG_COUNT, count);
}

/**
 * Gives a slot with no tags the tag ids in scratch words [0, count); the caller
 * has checked they are valid and reserved count - 1 nodes. A repeated id is
 * skipped: this entry's node for a tag it already got is that tag's head.
 */
export function addTags(slot: i32, count: i32): void {
  let last = NONE;
  for (let index = 0; index < count; index++) {
    const tagId = scratchAt(index);
    const first = tagHead(tagId);
    if (first != NONE && slotOfNode(first) == slot) continue;
    let ref = slot;
    if (last != NONE) {
      ref = takeNode();
      store<i32>(nodeAddress(ref) + NODE_SLOT, slot);
      store<i32>(nodeAddress(last) + NODE_NEXT_OF_ENTRY, ref);
    }
    linkIntoTag(ref, tagId);
    store<i32>(nodeAddress(ref) + NODE_NEXT_OF_ENTRY, NONE);
    last = ref;
  }
  if (last == slot || last == NONE) return;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) {
    const tag = tagAddress(tagIdOf(ref));
    store<i32>(tag + TAG_MULTI_FRESH, load<i32>(tag + TAG_MULTI_FRESH) + 1);
  }
}

/**
 * Unlinks a slot from all its tags and frees its overflow nodes. `leaving`: the
 * entry leaves the cache, which counts in each tag's TAG_REMOVED (a retag does
 * not). The node of `detachedTagId`, and of marked tags, is left alone: a bulk
 * removal detaches those tags' whole lists at once instead of node by node.
 */
export function removeTags(slot: i32, leaving: bool, detachedTagId: i32 = NONE): void {
  if (tagIdOf(slot) == NONE) return;
  const severalTags = hasSeveralTags(slot);
  let ref = slot;
  while (ref != NONE) {
    const next = nextOfEntry(ref);
    const tagId = tagIdOf(ref);
    if (tagId != detachedTagId && !(marksInUse && isTagMarked(tagId))) {
      unlinkFromTag(ref, severalTags);
      if (leaving) addToTagCounter(tagId, TAG_REMOVED, 1);
    }
    if (ref >= OVERFLOW_REF_BASE) freeNode(ref);
    ref = next;
  }
  clearEntryTags(slot);
}

/** A tag list's counts, saved by detachTag for reattachTag. */
export let detachedCount: i32 = 0;
export let detachedStale: i32 = 0;
export let detachedMultiFresh: i32 = 0;
export let detachedTail: i32 = NONE;

/**
 * Gives a detached tag back the rest of its list: `first` on, `count` nodes, of
 * which `stale` are stale and `multiFresh` fresh with several tags.
 */
export function reattachTag(tagId: i32, first: i32, count: i32, stale: i32, multiFresh: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(nodeAddress(first) + NODE_PREV_IN_TAG, NONE);
  store<i32>(tag + TAG_HEAD, first);
  store<i32>(tag + TAG_TAIL, detachedTail);
  store<i32>(tag + TAG_COUNT, count);
  store<i32>(tag + TAG_STALE, stale);
  store<i32>(tag + TAG_MULTI_FRESH, multiFresh);
  liveTags++;
}

/**
 * Empties a tag's list without touching its nodes (which keep their
 * generations); returns its old head and saves its counts in detached*.
 */
export function detachTag(tagId: i32): i32 {
  const tag = tagAddress(tagId);
  const first = load<i32>(tag + TAG_HEAD);
  detachedCount = load<i32>(tag + TAG_COUNT);
  detachedStale = load<i32>(tag + TAG_STALE);
  detachedMultiFresh = load<i32>(tag + TAG_MULTI_FRESH);
  detachedTail = load<i32>(tag + TAG_TAIL);
  if (detachedCount != 0) liveTags--;
  store<i32>(tag + TAG_HEAD, NONE);
  store<i32>(tag + TAG_TAIL, NONE);
  store<i32>(tag + TAG_COUNT, 0);
  store<i32>(tag + TAG_STALE, 0);
  store<i32>(tag + TAG_MULTI_FRESH, 0);
  return first;
}

/**
 * Makes every node now in the tag's list stale by bumping its generation. The
 * caller accounts for the entries this made stale (assembly/stale.ts).
 */
export function bumpGeneration(tagId: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(tag + TAG_GENERATION, load<i32>(tag + TAG_GENERATION) + 1);
  store<i32>(tag + TAG_STALE, load<i32>(tag + TAG_COUNT));
  store<i32>(tag + TAG_MULTI_FRESH, 0);
}

@inline export function tagMultiFresh(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_MULTI_FRESH);
}

@inline export function queueNextOf(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_QUEUE_NEXT);
}

@inline export function isQueued(tagId: i32): bool {
  return load<i32>(tagAddress(tagId) + TAG_QUEUED) != 0;
}

@inline export function setQueued(tagId: i32, queued: bool, next: i32): void {
  store<i32>(tagAddress(tagId) + TAG_QUEUED, queued ? 1 : 0);
  store<i32>(tagAddress(tagId) + TAG_QUEUE_NEXT, next);
}

/** Overflow nodes in use; for the integrity check. */
export function overflowNodesInUse(): i32 {
  return nodeHighWater - freeNodeCount;
}

/** Length of the overflow free list, walked; for the integrity check (-1 if it is broken). */
export function walkFreeNodes(): i32 {
  let count = 0;
  let index = nodeFreeHead;
  while (index != NONE) {
    if (index < 0 || index >= nodeHighWater || count > nodeHighWater) return -1;
    count++;
    index = load<i32>(nodesBase + <usize>index * NODE_STRIDE + NODE_NEXT_OF_ENTRY);
  }
  return count == freeNodeCount ? count : -1;
}
