// Tag membership lists: per tag a doubly linked list of membership nodes.
//
// An entry's first tag lives inline in its slot record (node ref == slot), so an
// entry with one tag needs no node from the pool; further tags take overflow
// nodes (ref >= OVERFLOW_REF_BASE), chained through NODE_NEXT_OF_ENTRY.
//
// Each node keeps the generation its tag had when it was linked; markStale
// (assembly/mark-stale.ts) bumps the tag's generation, making every older node
// stale at once. The tag record (assembly/tag-records.ts) keeps the counts that
// make that O(1): TAG_STALE nodes (the list's suffix) are stale, TAG_MULTI_FRESH
// of the rest belong to entries with several tags.

import {
  DETACHED_BYTES, DETACHED_COUNT, DETACHED_MULTI_FRESH, DETACHED_STALE, DETACHED_TAIL, NONE, OVERFLOW_REF_BASE,
  REGION_NODES, SLOT_NODE, SLOT_STRIDE, NODE_TAG_ID, NODE_PREV_IN_TAG, NODE_NEXT_IN_TAG, NODE_NEXT_OF_ENTRY,
  NODE_GENERATION, NODE_SLOT, NODE_STRIDE, TAG_HEAD, TAG_TAIL, TAG_COUNT, TAG_STALE, TAG_GENERATION, TAG_MULTI_FRESH,
  TAG_REMOVED, slotsBase, nodesBase, resizeRegion,
} from "./layout";
import { addToTagCounter, isTagMarked, marksInUse, resetTagRecords, tagAddress, tagField } from "./tag-records";
import { scratchAt } from "./scratch";

/** Tags with at least one entry. */
export let liveTags: i32 = 0;
/** Live entries that carry more than one tag. */
export let entriesWithSeveralTags: i32 = 0;

let nodeCapacity: i32 = 0;
let nodeHighWater: i32 = 0;
let nodeFreeHead: i32 = NONE;
let freeNodeCount: i32 = 0;

@inline export function nodeAddress(ref: i32): usize {
  return ref < OVERFLOW_REF_BASE
    ? slotsBase + <usize>ref * SLOT_STRIDE + SLOT_NODE
    : nodesBase + <usize>(ref - OVERFLOW_REF_BASE) * NODE_STRIDE;
}

/** An i32 field of a membership node (NODE_TAG_ID, NODE_NEXT_IN_TAG, ...: see assembly/layout.ts). */
@inline export function nodeField(ref: i32, field: i32): i32 {
  return load<i32>(nodeAddress(ref) + field);
}

@inline export function slotOfNode(ref: i32): i32 {
  return ref < OVERFLOW_REF_BASE ? ref : load<i32>(nodeAddress(ref) + NODE_SLOT);
}

/** Whether a node was linked before its tag's last markStale. */
@inline export function isStaleNode(ref: i32): bool {
  return nodeField(ref, NODE_GENERATION) != tagField(nodeField(ref, NODE_TAG_ID), TAG_GENERATION);
}

/** Whether a live slot's entry carries more than one tag. */
@inline export function hasSeveralTags(slot: i32): bool {
  return nodeField(slot, NODE_NEXT_OF_ENTRY) != NONE;
}

/** Adds `amount` to a counter of every tag of a live slot. */
export function addToEntryTagCounters(slot: i32, counter: i32, amount: f64): void {
  if (nodeField(slot, NODE_TAG_ID) == NONE) return;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
    addToTagCounter(nodeField(ref, NODE_TAG_ID), counter, amount);
  }
}

/** Marks a fresh slot as having no tags. */
@inline export function clearEntryTags(slot: i32): void {
  store<i32>(nodeAddress(slot) + NODE_TAG_ID, NONE);
  store<i32>(nodeAddress(slot) + NODE_NEXT_OF_ENTRY, NONE);
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

/** Whether a live slot's entry carries a marked tag. */
export function carriesMarkedTag(slot: i32): bool {
  if (nodeField(slot, NODE_TAG_ID) == NONE) return false;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
    if (isTagMarked(nodeField(ref, NODE_TAG_ID))) return true;
  }
  return false;
}

/** Forgets every tag and node; keeps the memory already grown. */
export function resetTagLists(): void {
  resetTagRecords();
  liveTags = 0;
  entriesWithSeveralTags = 0;
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
    const first = tagField(tagId, TAG_HEAD);
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
  entriesWithSeveralTags++;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
    const tag = tagAddress(nodeField(ref, NODE_TAG_ID));
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
  if (nodeField(slot, NODE_TAG_ID) == NONE) return;
  const severalTags = hasSeveralTags(slot);
  if (severalTags) entriesWithSeveralTags--;
  let ref = slot;
  while (ref != NONE) {
    const next = nodeField(ref, NODE_NEXT_OF_ENTRY);
    const tagId = nodeField(ref, NODE_TAG_ID);
    if (tagId != detachedTagId && !(marksInUse && isTagMarked(tagId))) {
      unlinkFromTag(ref, severalTags);
      if (leaving) addToTagCounter(tagId, TAG_REMOVED, 1);
    }
    if (ref >= OVERFLOW_REF_BASE) freeNode(ref);
    ref = next;
  }
  clearEntryTags(slot);
}

/** Where detachTag saves the counts of the list it empties (fields DETACHED_* of assembly/layout.ts). */
export const detached: usize = memory.data(DETACHED_BYTES, 4);

/**
 * Empties a tag's list without touching its nodes (which keep their
 * generations); returns its old head and saves its counts in `detached`.
 */
export function detachTag(tagId: i32): i32 {
  const tag = tagAddress(tagId);
  const first = load<i32>(tag + TAG_HEAD);
  const count = load<i32>(tag + TAG_COUNT);
  store<i32>(detached + DETACHED_COUNT, count);
  store<i32>(detached + DETACHED_STALE, load<i32>(tag + TAG_STALE));
  store<i32>(detached + DETACHED_MULTI_FRESH, load<i32>(tag + TAG_MULTI_FRESH));
  store<i32>(detached + DETACHED_TAIL, load<i32>(tag + TAG_TAIL));
  if (count != 0) liveTags--;
  store<i32>(tag + TAG_HEAD, NONE);
  store<i32>(tag + TAG_TAIL, NONE);
  store<i32>(tag + TAG_COUNT, 0);
  store<i32>(tag + TAG_STALE, 0);
  store<i32>(tag + TAG_MULTI_FRESH, 0);
  return first;
}

/**
 * Gives the tag detachTag emptied last the rest of its list: `first` on,
 * `count` nodes, of which `stale` are stale and `multiFresh` fresh with several tags.
 */
export function reattachTag(tagId: i32, first: i32, count: i32, stale: i32, multiFresh: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(nodeAddress(first) + NODE_PREV_IN_TAG, NONE);
  store<i32>(tag + TAG_HEAD, first);
  store<i32>(tag + TAG_TAIL, load<i32>(detached + DETACHED_TAIL));
  store<i32>(tag + TAG_COUNT, count);
  store<i32>(tag + TAG_STALE, stale);
  store<i32>(tag + TAG_MULTI_FRESH, multiFresh);
  liveTags++;
}

/**
 * Makes every node now in the tag's list stale by bumping its generation. The
 * caller accounts for the entries this made stale (assembly/mark-stale.ts).
 */
export function bumpGeneration(tagId: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(tag + TAG_GENERATION, load<i32>(tag + TAG_GENERATION) + 1);
  store<i32>(tag + TAG_STALE, load<i32>(tag + TAG_COUNT));
  store<i32>(tag + TAG_MULTI_FRESH, 0);
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
