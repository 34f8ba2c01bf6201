// Tag membership: per tag a doubly linked list of membership nodes and a count.
//
// An entry's first tag lives inline in its slot record (node ref == slot), so an
// entry with one tag needs no node from the pool; further tags take overflow
// nodes (ref >= OVERFLOW_REF_BASE), chained through NODE_NEXT_OF_ENTRY.
// Tag ids are small integers handed out by the wrapper.

import {
  NONE, OVERFLOW_REF_BASE, REGION_TAGS, REGION_NODES, SLOT_NODE, SLOT_STRIDE,
  NODE_TAG_ID, NODE_PREV_IN_TAG, NODE_NEXT_IN_TAG, NODE_NEXT_OF_ENTRY, NODE_SLOT, NODE_STRIDE,
  TAG_HEAD, TAG_COUNT, TAG_STRIDE, slotsBase, nodesBase, tagsBase, resizeRegion,
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

@inline export function tagCount(tagId: i32): i32 {
  return load<i32>(tagAddress(tagId) + TAG_COUNT);
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
  for (let tagId = tagCapacity; tagId < grown; tagId++) {
    store<i32>(tagAddress(tagId) + TAG_HEAD, NONE);
    store<i32>(tagAddress(tagId) + TAG_COUNT, 0);
  }
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

/** Forgets every tag and node; keeps the memory already grown. */
export function resetTags(): void {
  for (let tagId = 0; tagId < tagCapacity; tagId++) {
    store<i32>(tagAddress(tagId) + TAG_HEAD, NONE);
    store<i32>(tagAddress(tagId) + TAG_COUNT, 0);
  }
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
  store<i32>(address + NODE_PREV_IN_TAG, NONE);
  store<i32>(address + NODE_NEXT_IN_TAG, first);
  if (first != NONE) store<i32>(nodeAddress(first) + NODE_PREV_IN_TAG, ref);
  store<i32>(tag + TAG_HEAD, ref);
  const count = load<i32>(tag + TAG_COUNT);
  if (count == 0) liveTags++;
  store<i32>(tag + TAG_COUNT, count + 1);
}

function unlinkFromTag(ref: i32): void {
  const address = nodeAddress(ref);
  const tag = tagAddress(load<i32>(address + NODE_TAG_ID));
  const prev = load<i32>(address + NODE_PREV_IN_TAG);
  const next = load<i32>(address + NODE_NEXT_IN_TAG);
  if (prev != NONE) store<i32>(nodeAddress(prev) + NODE_NEXT_IN_TAG, next);
  else store<i32>(tag + TAG_HEAD, next);
  if (next != NONE) store<i32>(nodeAddress(next) + NODE_PREV_IN_TAG, prev);
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
}

/** Unlinks a slot from all its tags and frees its overflow nodes. */
export function removeTags(slot: i32): void {
  removeTagsExcept(slot, NONE);
}

/**
 * Like removeTags, but leaves the node of `detachedTagId` alone: bulk removal
 * detaches that tag's whole list at once instead of unlinking node by node.
 */
export function removeTagsExcept(slot: i32, detachedTagId: i32): void {
  if (tagIdOf(slot) == NONE) return;
  let ref = slot;
  while (ref != NONE) {
    const next = nextOfEntry(ref);
    if (tagIdOf(ref) != detachedTagId) unlinkFromTag(ref);
    if (ref >= OVERFLOW_REF_BASE) freeNode(ref);
    ref = next;
  }
  clearEntryTags(slot);
}

/** Gives a detached tag back the rest of its list (starting at `first`, `count` nodes). */
export function reattachTag(tagId: i32, first: i32, count: i32): void {
  const tag = tagAddress(tagId);
  store<i32>(nodeAddress(first) + NODE_PREV_IN_TAG, NONE);
  store<i32>(tag + TAG_HEAD, first);
  store<i32>(tag + TAG_COUNT, count);
  liveTags++;
}

/** Empties a tag's list without touching its nodes; returns its old head. */
export function detachTag(tagId: i32): i32 {
  const tag = tagAddress(tagId);
  const first = load<i32>(tag + TAG_HEAD);
  if (load<i32>(tag + TAG_COUNT) != 0) liveTags--;
  store<i32>(tag + TAG_HEAD, NONE);
  store<i32>(tag + TAG_COUNT, 0);
  return first;
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
