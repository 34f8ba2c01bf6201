// Lazy invalidation: markStale makes every entry of a tag stale in O(1) by
// bumping the tag's generation. An entry is stale when any of its nodes is
// older than its tag's generation. Stale entries stay in memory until they are
// met (get, set, delete), chosen for eviction before any live entry, or swept.
//
// Tags with stale nodes wait in a FIFO queue; a tag's stale nodes are the tail
// end of its list, so the next stale entry to reclaim is always at hand.
//
// Generations are i32 and compared for equality. A node could only look fresh
// again after 2^32 bumps of its tag while it stays stale. A bump needs a fresh
// member, so a set; and every set also reclaims two stale entries (the
// wrapper's sweep), so no stale node outlives that many bumps.

import { NONE } from "./layout";
import {
  bumpGeneration, hasSeveralTags, isQueued, isStaleNode, nextInTag, nextOfEntry, queueNextOf, setQueued,
  slotOfNode, tagCapacity, tagCount, tagHead, tagIdOf, tagMultiFresh, tagStaleCount, tagTail,
} from "./tags";

/** Entries that are stale and still held. */
export let staleEntries: i32 = 0;
/**
 * Stale entries that carry several tags. While there are none, a tag's fresh
 * nodes all belong to live entries, so counts need no walk.
 */
export let staleEntriesWithSeveralTags: i32 = 0;

let queueHead: i32 = NONE;
let queueTail: i32 = NONE;

/** Forgets all staleness (after every entry was dropped). */
export function resetStale(): void {
  staleEntries = 0;
  staleEntriesWithSeveralTags = 0;
  queueHead = NONE;
  queueTail = NONE;
}

/** Whether a live slot's entry is stale: one of its nodes is older than its tag. */
@inline export function isStale(slot: i32): bool {
  // Inlined so lookups pay one load and branch while nothing is stale.
  return staleEntries != 0 && hasStaleNode(slot);
}

function hasStaleNode(slot: i32): bool {
  if (tagIdOf(slot) == NONE) return false;
  for (let ref = slot; ref != NONE; ref = nextOfEntry(ref)) {
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
  if (!hasStaleNode(slot)) return false;
  staleEntries--;
  if (hasSeveralTags(slot)) staleEntriesWithSeveralTags--;
  return true;
}

/**
 * Whether a fresh node of some tag belongs to a live entry. Only an entry with
 * several tags can be fresh under one tag and stale under another.
 */
@inline export function freshNodeIsLive(ref: i32): bool {
  return staleEntriesWithSeveralTags == 0 || !isStale(slotOfNode(ref));
}

/**
 * Makes every entry carrying the tag stale. Returns how many entries this made
 * stale (entries stale already are not counted). O(1), unless stale entries
 * with several tags exist: then the tag's fresh nodes are walked once to leave
 * those out, and each node is walked so at most once in its life.
 */
export function markTagStale(tagId: i32): i32 {
  if (tagId < 0 || tagId >= tagCapacity) return 0;
  const fresh = tagCount(tagId) - tagStaleCount(tagId);
  if (fresh == 0) return 0;
  let made = fresh;
  let madeWithSeveralTags = tagMultiFresh(tagId);
  if (staleEntriesWithSeveralTags > 0) {
    made = 0;
    madeWithSeveralTags = 0;
    let ref = tagHead(tagId);
    for (let index = 0; index < fresh; index++) {
      const slot = slotOfNode(ref);
      if (!isStale(slot)) {
        made++;
        if (hasSeveralTags(slot)) madeWithSeveralTags++;
      }
      ref = nextInTag(ref);
    }
  }
  bumpGeneration(tagId);
  enqueue(tagId);
  staleEntries += made;
  staleEntriesWithSeveralTags += madeWithSeveralTags;
  return made;
}

function enqueue(tagId: i32): void {
  if (isQueued(tagId)) return;
  setQueued(tagId, true, NONE);
  if (queueTail != NONE) setQueued(queueTail, true, tagId);
  else queueHead = tagId;
  queueTail = tagId;
}

/**
 * The slot of a stale entry to reclaim, or NONE when there is none: the oldest
 * stale member of the first queued tag that still has stale members.
 */
@inline export function staleVictim(): i32 {
  return staleEntries == 0 ? NONE : firstStaleInQueue();
}

function firstStaleInQueue(): i32 {
  while (queueHead != NONE) {
    const tagId = queueHead;
    if (tagStaleCount(tagId) > 0) return slotOfNode(tagTail(tagId));
    queueHead = queueNextOf(tagId);
    if (queueHead == NONE) queueTail = NONE;
    setQueued(tagId, false, NONE);
  }
  return NONE;
}

/** The slot of the tag's oldest stale member, or NONE. */
export function staleMemberOf(tagId: i32): i32 {
  if (tagId < 0 || tagId >= tagCapacity || tagStaleCount(tagId) == 0) return NONE;
  return slotOfNode(tagTail(tagId));
}

/** Length of the stale queue, walked; for the integrity check (-1 if broken). */
export function walkStaleQueue(): i32 {
  let count = 0;
  let last = NONE;
  for (let tagId = queueHead; tagId != NONE; tagId = queueNextOf(tagId)) {
    if (tagId < 0 || tagId >= tagCapacity || !isQueued(tagId) || count > tagCapacity) return -1;
    last = tagId;
    count++;
  }
  return last == queueTail ? count : -1;
}
