// The recency list: an intrusive doubly linked list over slot records.
// Head is the most recently used entry, tail the least.

import { NONE, SLOT_PREV, SLOT_NEXT } from "./layout";
import { slotAddress } from "./slots";
import { tinyLfu } from "./policy-mode";
import { keepInSegment, leaveSegment, resetSegments, segmentOf } from "./segments";

export let head: i32 = NONE;
export let tail: i32 = NONE;

// The last move made by touchForLookup, so a hash match that turns out to be
// another key (checked by the wrapper) can be put back where it was.
let undoSlot: i32 = NONE;
let undoPrev: i32 = NONE;

@inline export function prevOf(slot: i32): i32 {
  return load<i32>(slotAddress(slot) + SLOT_PREV);
}

@inline export function nextOf(slot: i32): i32 {
  return load<i32>(slotAddress(slot) + SLOT_NEXT);
}

@inline function setPrev(slot: i32, prev: i32): void {
  store<i32>(slotAddress(slot) + SLOT_PREV, prev);
}

@inline function setNext(slot: i32, next: i32): void {
  store<i32>(slotAddress(slot) + SLOT_NEXT, next);
}

export function resetLru(): void {
  resetSegments();
  head = NONE;
  tail = NONE;
  undoSlot = NONE;
}

// The last survivor kept so far while the list is rebuilt (beginRebuild .. endRebuild).
let rebuildLast: i32 = NONE;

/**
 * Starts rebuilding the list from a subset of its slots: returns the old head.
 * The caller walks the old list (reading nextOf before keeping a slot), calls
 * keepInRebuild for each slot that stays, in order, then endRebuild. Dropped
 * slots cost nothing here, not even a write to their neighbours.
 */
export function beginRebuild(): i32 {
  const first = head;
  head = NONE;
  if (tinyLfu) resetSegments();
  rebuildLast = NONE;
  undoSlot = NONE;
  return first;
}

export function keepInRebuild(slot: i32): void {
  if (tinyLfu) keepInSegment(slot);
  setPrev(slot, rebuildLast);
  if (rebuildLast != NONE) setNext(rebuildLast, slot);
  else head = slot;
  rebuildLast = slot;
}

export function endRebuild(): void {
  if (rebuildLast != NONE) setNext(rebuildLast, NONE);
  tail = rebuildLast;
}

export function linkAtHead(slot: i32): void {
  setPrev(slot, NONE);
  setNext(slot, head);
  if (head != NONE) setPrev(head, slot);
  else tail = slot;
  head = slot;
}

// Inlined: the bulk removal's tight loop must not pay a call for the policy's test.
@inline export function unlinkFromLru(slot: i32): void {
  if (tinyLfu) leaveSegment(slot, segmentOf(slot));
  unlinkFromList(slot);
}

/** Links a slot just before `at` (toward the head); for the segments of assembly/policy.ts. */
export function linkBefore(slot: i32, at: i32): void {
  const prev = prevOf(at);
  if (prev != NONE) linkAfter(slot, prev);
  else linkAtHead(slot); // `at` is the head
}

/** Links a slot just after `at` (toward the tail). */
export function linkAfter(slot: i32, at: i32): void {
  const next = nextOf(at);
  setPrev(slot, at);
  setNext(slot, next);
  setNext(at, slot);
  if (next != NONE) setPrev(next, slot);
  else tail = slot;
}

/** Unlinks a slot from the list alone (its segment's bookkeeping is the caller's). */
@inline export function unlinkFromList(slot: i32): void {
  const prev = prevOf(slot);
  const next = nextOf(slot);
  if (prev != NONE) setNext(prev, next);
  else head = next;
  if (next != NONE) setPrev(next, prev);
  else tail = prev;
}

export function moveToHead(slot: i32): void {
  if (slot == head) return;
  unlinkFromList(slot);
  linkAtHead(slot);
}

/** moveToHead, remembering the old position for undoLastTouch. */
export function touchForLookup(slot: i32): void {
  undoSlot = slot;
  undoPrev = prevOf(slot);
  moveToHead(slot);
}

/** Puts the slot moved by the last touchForLookup back where it was. */
export function undoLastTouch(): void {
  const slot = undoSlot;
  undoSlot = NONE;
  if (slot == NONE || undoPrev == NONE || slot != head) return;
  unlinkFromList(slot);
  const next = nextOf(undoPrev);
  setPrev(slot, undoPrev);
  setNext(slot, next);
  setNext(undoPrev, slot);
  if (next != NONE) setPrev(next, slot);
  else tail = slot;
}
