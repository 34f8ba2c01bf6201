// W-TinyLFU with an adaptive window ('tinylfu'): the recency list's segments
// (assembly/segments.ts), the frequency sketch (sketch.ts), admission
// (admission.ts) and the window climber (climber.ts) put together. The exact
// algorithm is the reference's, test/support/tinylfu/index.mjs, step by step;
// the model test compares the two eviction by eviction.
//
// One difference of form: the reference links a new entry and then evicts (the
// new entry itself may lose); the core evicts first, for the new entry, so the
// freed slot is the one the new entry takes, as under 'lru'. The outcome is
// the same: when the new entry would have lost, insert returns FLAG_REJECTED.

import { FLAG_EVICTED, FLAG_EVICTED_EXPIRED, FLAG_EVICTED_STALE, FLAG_REJECTED, NONE } from "./layout";
import { hashOf, size } from "./slots";
import { linkAfter, linkAtHead, linkBefore, unlinkFromList } from "./lru";
import {
  PROBATION, PROTECTED, RETIRED, WINDOW, countOf, firstOf, lastOf, leaveSegment, resetSegments,
  setCount, setFirst, setLast, setStoredSegment, storedSegment,
} from "./segments";
import { allocateSketch, increment, initSketch, resetSketch } from "./sketch";
import { admit } from "./admission";
import { adjustment, discardSample, initClimber, recordHit, recordMiss } from "./climber";
import { isExpiredAt } from "./expiry";
import { staleVictim } from "./stale";
import { remove } from "./remove";

/** The cache's capacity (maxEntries). */
let capacity: i32 = 0;
/** The window's size when the cache is set up, and its minimum: ceil(capacity / 100). */
let initialWindow: i32 = 1;
export let windowMaximum: i32 = 1;
export let protectedMaximum: i32 = 0;
/** Whether the cache has been half full: the sketch counts and the climber samples from then on. */
let climberActive: bool = false;

/** Sets the policy up for `entries` (segments, sketch sizing, climber); allocates nothing. */
export function initPolicy(entries: i32): void {
  capacity = entries;
  initSketch(entries);
  resetPolicy();
}

/** Back to a new cache's state (clear): empty segments, initial window, no sketch. */
export function resetPolicy(): void {
  initialWindow = (capacity + 99) / 100;
  windowMaximum = initialWindow;
  protectedMaximum = (4 * (capacity - windowMaximum)) / 5;
  climberActive = false;
  resetSketch(false);
  initClimber(capacity);
  resetSegments();
}

/** New hashes (the wrapper's keyed hash after a flood): the counts mean nothing any more. */
export function forgetFrequencies(): void {
  resetSketch(true);
}

// ---- the segmented list ----

/** Links a slot at the most recent end of a segment. */
function linkFirst(slot: i32, segment: i32): void {
  const first = firstOf(segment);
  if (first != NONE) {
    linkBefore(slot, first);
  } else {
    let before = NONE;
    for (let earlier = segment - 1; earlier >= 0 && before == NONE; earlier--) before = lastOf(earlier);
    if (before != NONE) linkAfter(slot, before);
    else linkAtHead(slot);
    setLast(segment, slot);
  }
  setFirst(segment, slot);
  setCount(segment, countOf(segment) + 1);
  setStoredSegment(slot, segment);
}

/** Moves a slot of segment `from` to the most recent end of `to`. */
function moveFirst(slot: i32, from: i32, to: i32): void {
  if (from == to && firstOf(to) == slot) return;
  leaveSegment(slot, from);
  unlinkFromList(slot);
  linkFirst(slot, to);
}

/** Protected's least recent entries go back to probation while it holds more than its maximum. */
function demoteFromProtected(): void {
  while (countOf(PROTECTED) > protectedMaximum) moveFirst(lastOf(PROTECTED), PROTECTED, PROBATION);
}

// ---- accesses ----

/** A hit on a live, fresh slot (get, touch, or set of a held key): reference step 3. */
export function onHit(slot: i32): void {
  increment(hashOf(slot));
  const segment = storedSegment(slot);
  recordHit(segment == WINDOW);
  if (segment == PROBATION && protectedMaximum > 0) {
    moveFirst(slot, PROBATION, PROTECTED);
    demoteFromProtected();
  } else {
    moveFirst(slot, segment, segment);
  }
  climb();
}

/**
 * A set of a held key. `segment` is the slot's segment before the set made it
 * fresh: a retired entry (stale by epoch) comes back through the window, any
 * other is hit.
 */
export function onReplace(slot: i32, segment: i32): void {
  if (segment != RETIRED) {
    onHit(slot);
    return;
  }
  leaveSegment(slot, RETIRED);
  unlinkFromList(slot);
  increment(hashOf(slot));
  linkFirst(slot, WINDOW);
  while (countOf(WINDOW) > windowMaximum) moveFirst(lastOf(WINDOW), WINDOW, PROBATION);
}

/**
 * Before a new entry with `hash` is linked (reference steps 4 and 5, for an
 * entry not yet in the window): counts it, moves the window's overflow to
 * probation and, when the cache is full, evicts a stale entry if any, else the
 * loser of window candidate against probation victim. Returns the insert flags
 * (the evicted slot is then the free list's head), FLAG_REJECTED when the new
 * entry is the loser, or NONE when the sketch cannot be allocated.
 */
export function beforeInsert(hash: u32, now: f64): i32 {
  if (!climberActive && size + 1 >= (capacity >>> 1)) {
    if (!allocateSketch()) return NONE;
    climberActive = true;
  }
  increment(hash);
  recordMiss();
  let candidate = NONE;
  while (countOf(WINDOW) + 1 > windowMaximum) {
    const slot = lastOf(WINDOW);
    moveFirst(slot, WINDOW, PROBATION);
    if (candidate == NONE) candidate = slot;
  }
  if (size < capacity) return 0;
  const stale = staleVictim();
  if (stale != NONE) return evictSlot(stale, now);
  // The new entry would be the window's only entry, so its least recent: the candidate.
  const newEntry = candidate == NONE && countOf(WINDOW) == 0;
  if (candidate == NONE) candidate = lastOf(WINDOW);
  const victim = lastOf(PROBATION);
  let evicted = candidate;
  if (victim != NONE) {
    if (candidate == victim || admit(newEntry ? hash : hashOf(candidate), hashOf(victim))) evicted = victim;
  }
  if (newEntry && evicted == candidate) {
    climb();
    return FLAG_REJECTED;
  }
  return evictSlot(evicted, now);
}

/** Links a new entry (its epoch stamped) at the window's most recent end, then lets the climber move. */
export function linkInserted(slot: i32): void {
  linkFirst(slot, WINDOW);
  climb();
}

function evictSlot(slot: i32, now: f64): i32 {
  let flags = FLAG_EVICTED | (isExpiredAt(slot, now) ? FLAG_EVICTED_EXPIRED : 0);
  if (remove(slot)) flags |= FLAG_EVICTED_STALE;
  return flags;
}

/** The entry the next eviction without a candidate takes: a stale one, else main's least recent (probation, then protected), else the window's. */
export function policyVictim(): i32 {
  const stale = staleVictim();
  if (stale != NONE) return stale;
  let last = lastOf(PROBATION);
  if (last == NONE) last = lastOf(PROTECTED);
  return last != NONE ? last : lastOf(WINDOW);
}

// ---- the adaptive window (reference steps 6 to 8) ----

function climb(): void {
  if (!climberActive) {
    discardSample();
    return;
  }
  const amount = adjustment(windowMaximum);
  if (amount > 0) increaseWindow(amount);
  else if (amount < 0) decreaseWindow(-amount);
}

function increaseWindow(amount: i32): void {
  if (protectedMaximum == 0) return;
  let quota = amount < protectedMaximum ? amount : protectedMaximum;
  protectedMaximum -= quota;
  windowMaximum += quota;
  demoteFromProtected();
  while (quota > 0) {
    let slot = lastOf(PROBATION);
    let from = PROBATION;
    if (slot == NONE) {
      slot = lastOf(PROTECTED);
      from = PROTECTED;
    }
    if (slot == NONE) break;
    moveFirst(slot, from, WINDOW);
    quota--;
  }
  protectedMaximum += quota;
  windowMaximum -= quota;
}

function decreaseWindow(amount: i32): void {
  if (windowMaximum <= initialWindow) return;
  const room = windowMaximum - initialWindow;
  let quota = amount < room ? amount : room;
  protectedMaximum += quota;
  windowMaximum -= quota;
  while (quota > 0 && countOf(WINDOW) > 0) {
    moveFirst(lastOf(WINDOW), WINDOW, PROBATION);
    quota--;
  }
  protectedMaximum -= quota;
  windowMaximum += quota;
}

/** For the integrity check: the capacity the policy was set up for. */
export function policyCapacity(): i32 {
  return capacity;
}
