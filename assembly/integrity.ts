// Debug-build self-check: walks every structure and returns 0 when all agree,
// or the number of the first broken invariant. Tests call it after every step.
// It marks slots in scratch words (one per slot), so it clobbers scratch.

import {
  NONE, OVERFLOW_REF_BASE, SLOT_HASH, TAG_COUNT, TAG_HEAD, TAG_MULTI_FRESH, TAG_STALE, TAG_TAIL, NODE_NEXT_IN_TAG,
  NODE_NEXT_OF_ENTRY, NODE_PREV_IN_TAG, NODE_TAG_ID,
} from "./layout";
import { highWater, freeHead, size, slotAddress } from "./slots";
import { head, nextOf, prevOf, tail } from "./lru";
import { findSlot, occupiedBuckets, probeDistance, tableMask } from "./table";
import {
  entriesWithSeveralTags, hasSeveralTags, isStaleNode, liveTags, overflowNodesInUse, slotOfNode, walkFreeNodes,
  nodeField,
} from "./tag-lists";
import { isQueued, isTagMarked, tagCapacity, tagField } from "./tag-records";
import { setBeforeCurrentEpoch } from "./epochs";
import { isStale, staleByEpoch, staleEntries, staleEntriesWithSeveralTags, walkStaleQueue } from "./stale";
import { reserveScratch, scratchAt, setScratch } from "./scratch";
import { tinyLfu } from "./policy-mode";
import { checkSegments } from "./policy-integrity";

const MARK_LIVE = 1;
const MARK_FREE = 2;

function mark(slot: i32, bit: i32): bool {
  const previous = scratchAt(slot);
  setScratch(slot, previous | bit);
  return (previous & (MARK_LIVE | MARK_FREE)) == 0;
}

/** 0 when every structure is consistent, else the number of the failed check. */
export function checkIntegrity(): i32 {
  if (!reserveScratch(highWater + 1)) return 99;
  for (let slot = 0; slot < highWater; slot++) setScratch(slot, 0);

  // Recency list: exactly `size` distinct slots, links agree both ways.
  let count = 0;
  let previous = NONE;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    if (slot < 0 || slot >= highWater || count >= size) return 1;
    if (prevOf(slot) != previous) return 2;
    if (!mark(slot, MARK_LIVE)) return 3;
    // Entries set before the current epoch are the list's suffix.
    if (previous != NONE && setBeforeCurrentEpoch(previous) && !setBeforeCurrentEpoch(slot)) return 31;
    previous = slot;
    count++;
  }
  if (count != size || tail != previous) return 4;

  // Free list: the other highWater - size slots.
  count = 0;
  for (let slot = freeHead; slot != NONE; slot = nextOf(slot)) {
    if (slot < 0 || slot >= highWater || count >= highWater - size) return 5;
    if (!mark(slot, MARK_FREE)) return 6;
    count++;
  }
  if (count != highWater - size) return 7;

  // Hash table: one bucket per live slot, reachable from its home bucket.
  if (occupiedBuckets() != size) return 8;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    const distance = probeDistance(slot);
    if (distance < 0 || <u32>distance > tableMask()) return 9;
    const hash = load<u32>(slotAddress(slot) + SLOT_HASH);
    // The slot must be among the hash's matches in probe order.
    let nth = 0;
    let found = findSlot(hash, 0);
    while (found != slot && found != NONE) found = findSlot(hash, ++nth);
    if (found != slot) return 10;
  }

  // Tags: counts match walks, nodes point back at live slots, prev links agree.
  let membershipsByTag = 0;
  let tagsWithEntries = 0;
  for (let tagId = 0; tagId < tagCapacity; tagId++) {
    let members = 0;
    let staleNodes = 0;
    let multiFresh = 0;
    let previousRef = NONE;
    for (let ref = tagField(tagId, TAG_HEAD); ref != NONE; ref = nodeField(ref, NODE_NEXT_IN_TAG)) {
      if (members > size) return 11;
      if (nodeField(ref, NODE_TAG_ID) != tagId) return 12;
      if (nodeField(ref, NODE_PREV_IN_TAG) != previousRef) return 13;
      const slot = slotOfNode(ref);
      if (slot < 0 || slot >= highWater || (scratchAt(slot) & MARK_LIVE) == 0) return 14;
      // Stale nodes are the list's suffix: no fresh node follows a stale one.
      if (isStaleNode(ref)) staleNodes++;
      else if (staleNodes > 0) return 23;
      else if (hasSeveralTags(slot)) multiFresh++;
      // So are the nodes of entries set before the current epoch.
      const afterOlder = previousRef != NONE && setBeforeCurrentEpoch(slotOfNode(previousRef));
      if (afterOlder && !setBeforeCurrentEpoch(slot)) return 32;
      previousRef = ref;
      members++;
    }
    if (members != tagField(tagId, TAG_COUNT)) return 15;
    if (tagField(tagId, TAG_TAIL) != previousRef) return 24;
    if (staleNodes != tagField(tagId, TAG_STALE) || multiFresh != tagField(tagId, TAG_MULTI_FRESH)) return 25;
    if (staleNodes > 0 && !isQueued(tagId)) return 26;
    if (isTagMarked(tagId)) return 30;
    if (members > 0) tagsWithEntries++;
    membershipsByTag += members;
  }
  if (tagsWithEntries != liveTags) return 16;

  // Each entry's chain: distinct tags, every node in range, overflow nodes accounted for.
  let membershipsByEntry = 0;
  let overflowNodes = 0;
  let withSeveralTags = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    if (nodeField(slot, NODE_TAG_ID) == NONE) {
      if (nodeField(slot, NODE_NEXT_OF_ENTRY) != NONE) return 17;
      continue;
    }
    let chainLength = 0;
    for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
      if (chainLength > tagCapacity) return 18;
      if (ref != slot && (ref < OVERFLOW_REF_BASE || slotOfNode(ref) != slot)) return 19;
      for (let other = slot; other != ref; other = nodeField(other, NODE_NEXT_OF_ENTRY)) {
        if (nodeField(other, NODE_TAG_ID) == nodeField(ref, NODE_TAG_ID)) return 20;
      }
      if (ref != slot) overflowNodes++;
      chainLength++;
    }
    if (chainLength > 1) withSeveralTags++;
    membershipsByEntry += chainLength;
  }
  if (withSeveralTags != entriesWithSeveralTags) return 33;
  if (membershipsByEntry != membershipsByTag) return 21;
  if (overflowNodes != overflowNodesInUse() || walkFreeNodes() < 0) return 22;

  // Stale counts, recounted from the nodes without consulting them.
  let stale = 0;
  let staleWithSeveralTags = 0;
  let byEpoch = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    let anyStale = setBeforeCurrentEpoch(slot);
    if (anyStale) byEpoch++;
    if (nodeField(slot, NODE_TAG_ID) != NONE) {
      for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) if (isStaleNode(ref)) anyStale = true;
    }
    if (anyStale) {
      stale++;
      if (hasSeveralTags(slot)) staleWithSeveralTags++;
    }
    if (anyStale != isStale(slot) && staleEntries != 0) return 27;
  }
  if (stale != staleEntries || staleWithSeveralTags != staleEntriesWithSeveralTags) return 28;
  if (byEpoch != staleByEpoch) return 34;
  if (walkStaleQueue() < 0) return 29;
  return tinyLfu ? checkSegments() : 0;
}

/** The longest distance of any live entry from its home bucket. */
export function longestProbe(): i32 {
  let longest = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    const distance = probeDistance(slot);
    if (distance > longest) longest = distance;
  }
  return longest;
}
