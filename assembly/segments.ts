// The segments of the recency list under 'tinylfu': the one intrusive list of
// assembly/lru.ts holds, from head to tail, the WINDOW, PROBATION, PROTECTED
// and RETIRED entries, each segment contiguous and ordered from its most to its
// least recently used entry. Walks of the whole list (rehash, table rebuilds,
// purges, the rebuilding bulk removal, dumps) so see every entry, and the
// entries markAllStale made stale stay its tail, as under 'lru'.
//
// A slot's segment is a byte per slot (REGION_POLICY), except for entries set
// before the current epoch: markAllStale retires every entry at once by making
// the whole list the RETIRED segment, without touching their bytes.

import { NONE, REGION_POLICY, SLOT_NEXT, SLOT_PREV, policyBase, resizeRegion } from "./layout";
import { slotAddress } from "./slots";
import { setBeforeCurrentEpoch } from "./epochs";

export const WINDOW: i32 = 0;
export const PROBATION: i32 = 1;
export const PROTECTED: i32 = 2;
/** Entries made stale by markAllStale: the list's tail, evicted first. */
export const RETIRED: i32 = 3;
export const SEGMENTS: i32 = 4;

// Per segment: first (most recent) slot, last (least recent) slot, entry count.
const segmentRecords: usize = memory.data(SEGMENTS * 12);

@inline function field(segment: i32, offset: i32): usize {
  return segmentRecords + <usize>(segment * 12 + offset);
}

@inline export function firstOf(segment: i32): i32 {
  return load<i32>(field(segment, 0));
}

@inline export function lastOf(segment: i32): i32 {
  return load<i32>(field(segment, 4));
}

@inline export function countOf(segment: i32): i32 {
  return load<i32>(field(segment, 8));
}

@inline export function setFirst(segment: i32, slot: i32): void {
  store<i32>(field(segment, 0), slot);
}

@inline export function setLast(segment: i32, slot: i32): void {
  store<i32>(field(segment, 4), slot);
}

@inline export function setCount(segment: i32, count: i32): void {
  store<i32>(field(segment, 8), count);
}

/** The segment byte of a slot (meaningless for a retired slot: use segmentOf). */
@inline export function storedSegment(slot: i32): i32 {
  return <i32>load<u8>(policyBase + <usize>slot);
}

@inline export function setStoredSegment(slot: i32, segment: i32): void {
  store<u8>(policyBase + <usize>slot, <u8>segment);
}

/** The segment a live slot is in. */
@inline export function segmentOf(slot: i32): i32 {
  return setBeforeCurrentEpoch(slot) ? RETIRED : storedSegment(slot);
}

/** Empties every segment (the list itself is reset by the caller). */
export function resetSegments(): void {
  for (let segment = 0; segment < SEGMENTS; segment++) {
    setFirst(segment, NONE);
    setLast(segment, NONE);
    setCount(segment, 0);
  }
}

/** Grows the segment bytes to `capacity` slots. False when memory cannot grow. */
export function resizeSegmentBytes(capacity: i32): bool {
  return resizeRegion(REGION_POLICY, <usize>capacity);
}

/**
 * Takes a slot out of its segment's bookkeeping, before the list unlinks it.
 * `segment` is the slot's segment (segmentOf, read before its epoch changed).
 */
export function leaveSegment(slot: i32, segment: i32): void {
  const first = firstOf(segment) == slot;
  const last = lastOf(segment) == slot;
  if (first) setFirst(segment, last ? NONE : load<i32>(slotAddress(slot) + SLOT_NEXT));
  if (last) setLast(segment, first ? NONE : load<i32>(slotAddress(slot) + SLOT_PREV));
  setCount(segment, countOf(segment) - 1);
}

/** Records a slot the rebuilding walk keeps, in list order (segments stay contiguous). */
export function keepInSegment(slot: i32): void {
  const segment = segmentOf(slot);
  if (firstOf(segment) == NONE) setFirst(segment, slot);
  setLast(segment, slot);
  setCount(segment, countOf(segment) + 1);
}

/** markAllStale: every entry held becomes RETIRED, in O(1) (the list's order already puts RETIRED last). */
export function retireAll(): void {
  let first = NONE;
  let total = 0;
  for (let segment = 0; segment < SEGMENTS; segment++) {
    if (first == NONE) first = firstOf(segment);
    total += countOf(segment);
  }
  let last = NONE;
  for (let segment = SEGMENTS - 1; segment >= 0 && last == NONE; segment--) last = lastOf(segment);
  resetSegments();
  setFirst(RETIRED, first);
  setLast(RETIRED, last);
  setCount(RETIRED, total);
}
