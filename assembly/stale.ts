// Staleness: which live entries are stale, how many, and which to reclaim next.
//
// An entry is stale when one of its membership nodes is older than its tag's
// generation (markStale, assembly/mark-stale.ts), or when it was set before the
// current epoch (markAllStale, assembly/mark-all-stale.ts; assembly/epochs.ts).
// Stale entries stay in memory until they are met (get, set, delete), chosen
// for eviction before any live entry, or swept (assembly/sweep-stale.ts).
//
// Entries stale by epoch are the last staleByEpoch entries of the recency list
// (a stale entry is never moved, new entries go to the head), and so are their
// nodes in each tag list (nodes are linked when their entry is set): the next
// to reclaim is the recency list's tail, and a walk from a list's head can stop
// at the first of them.
//
// Tags with stale nodes wait in a FIFO queue; a tag's stale nodes are the tail
// end of its list, so the next stale entry to reclaim is always at hand.
//
// Generations are i32 and compared for equality. A node could only look fresh
// again after 2^32 bumps of its tag while it stays stale. A bump needs a fresh
// member, so a set; and every set also reclaims two stale entries (the
// wrapper's sweep), so no stale node outlives that many bumps.

import { NONE, TAG_QUEUE_NEXT, TAG_STALE, TAG_TAIL, NODE_NEXT_OF_ENTRY, NODE_TAG_ID } from "./layout";
import { tail } from "./lru";
import { setBeforeCurrentEpoch } from "./epochs";
import { hasSeveralTags, isStaleNode, slotOfNode, nodeField } from "./tag-lists";
import { isQueued, setQueued, tagCapacity, tagField } from "./tag-records";

/** Entries that are stale and still held. */
export let staleEntries: i32 = 0;
/**
 * Stale entries that carry several tags. While there are none (and none is
 * stale by epoch), a tag's fresh nodes all belong to live entries, so counts
 * need no walk.
 */
export let staleEntriesWithSeveralTags: i32 = 0;
/** Stale entries set before the current epoch: the recency list's last staleByEpoch. */
export let staleByEpoch: i32 = 0;

let queueHead: i32 = NONE;
let queueTail: i32 = NONE;

/** Forgets all staleness (after every entry was dropped). */
export function resetStale(): void {
  staleEntries = 0;
  staleEntriesWithSeveralTags = 0;
  staleByEpoch = 0;
  queueHead = NONE;
  queueTail = NONE;
}

/** Whether a live slot's entry is stale: set before the current epoch, or one of its nodes older than its tag. */
@inline export function isStale(slot: i32): bool {
  // Inlined so lookups pay one load and branch while nothing is stale.
  return staleEntries != 0 && (isStaleByEpoch(slot) || hasStaleNode(slot));
}

/** Whether a live slot's entry was set before the current epoch. */
@inline export function isStaleByEpoch(slot: i32): bool {
  return staleByEpoch != 0 && setBeforeCurrentEpoch(slot);
}

function hasStaleNode(slot: i32): bool {
  if (nodeField(slot, NODE_TAG_ID) == NONE) return false;
  for (let ref = slot; ref != NONE; ref = nodeField(ref, NODE_NEXT_OF_ENTRY)) {
    if (isStaleNode(ref)) return true;
  }
  return false;
}

/**
 * Call before a live entry loses its tags (removal or retag): drops it from the
 * stale counts if it is stale. Returns whether it was.
 */
@inline export function forgetIfStale(slot: i32): bool {
  return staleEntries != 0 && forgetStale(slot);
}

function forgetStale(slot: i32): bool {
  const byEpoch = isStaleByEpoch(slot);
  if (!byEpoch && !hasStaleNode(slot)) return false;
  staleEntries--;
  if (byEpoch) staleByEpoch--;
  if (hasSeveralTags(slot)) staleEntriesWithSeveralTags--;
  return true;
}

/**
 * Whether a tag's fresh nodes may belong to stale entries: an entry with several
 * tags can be fresh under one tag and stale under another, and an entry stale by
 * epoch has fresh nodes.
 */
@inline export function freshNodesMayBeStale(): bool {
  return staleEntriesWithSeveralTags != 0 || staleByEpoch != 0;
}

/** Whether a fresh node of some tag belongs to a live entry. */
@inline export function freshNodeIsLive(ref: i32): bool {
  return !freshNodesMayBeStale() || !isStale(slotOfNode(ref));
}

/** Counts entries that markStale made stale. */
export function countMadeStale(made: i32, madeWithSeveralTags: i32): void {
  staleEntries += made;
  staleEntriesWithSeveralTags += madeWithSeveralTags;
}

/** Counts every live entry (`size` of them, `withSeveralTags` carrying several tags) as stale by epoch. */
export function countAllStale(size: i32, withSeveralTags: i32): void {
  staleEntries = size;
  staleEntriesWithSeveralTags = withSeveralTags;
  staleByEpoch = size;
}

/** Puts a tag whose list now ends in stale nodes in the stale queue (if it is not there yet). */
export function enqueueStaleTag(tagId: i32): void {
  if (isQueued(tagId)) return;
  setQueued(tagId, true, NONE);
  if (queueTail != NONE) setQueued(queueTail, true, tagId);
  else queueHead = tagId;
  queueTail = tagId;
}

/**
 * The slot of a stale entry to reclaim, or NONE when there is none: the least
 * recent entry while some are stale by epoch, else the oldest stale member of
 * the first queued tag that still has stale members.
 */
@inline export function staleVictim(): i32 {
  return staleEntries == 0 ? NONE : staleByEpoch != 0 ? tail : firstStaleInQueue();
}

function firstStaleInQueue(): i32 {
  while (queueHead != NONE) {
    const tagId = queueHead;
    if (tagField(tagId, TAG_STALE) > 0) return slotOfNode(tagField(tagId, TAG_TAIL));
    queueHead = tagField(tagId, TAG_QUEUE_NEXT);
    if (queueHead == NONE) queueTail = NONE;
    setQueued(tagId, false, NONE);
  }
  return NONE;
}

/** The slot of the tag's oldest member if that entry is stale (then it is the tag's oldest stale one), or NONE. */
export function staleMemberOf(tagId: i32): i32 {
  if (tagId < 0 || tagId >= tagCapacity) return NONE;
  const last = tagField(tagId, TAG_TAIL);
  if (last == NONE) return NONE;
  const slot = slotOfNode(last);
  return tagField(tagId, TAG_STALE) > 0 || isStaleByEpoch(slot) ? slot : NONE;
}

/** Length of the stale queue, walked; for the integrity check (-1 if broken). */
export function walkStaleQueue(): i32 {
  let count = 0;
  let last = NONE;
  for (let tagId = queueHead; tagId != NONE; tagId = tagField(tagId, TAG_QUEUE_NEXT)) {
    if (tagId < 0 || tagId >= tagCapacity || !isQueued(tagId) || count > tagCapacity) return -1;
    last = tagId;
    count++;
  }
  return last == queueTail ? count : -1;
}
