// Looking entries up: get (with its undo, for a hash shared by another key),
// find, touch (get's slow path), and why an entry cannot be returned.

import { NONE, TAG_HITS, TAG_MISSES, NODE_TAG_ID } from "./layout";
import { moveToHead, touchForLookup, undoLastTouch } from "./lru";
import { findOnlySlot, findSlot } from "./table";
import { addToEntryTagCounters, nodeField } from "./tag-lists";
import { isExpiredAt } from "./expiry";
import { isStale, isStaleByEpoch } from "./stale";
import { tinyLfu } from "./policy-mode";
import { onHit } from "./policy";

// The slot whose tags the last get() counted a hit for, so undoTouch can take it back.
let lastHitSlot: i32 = NONE;

/**
 * Looks up the first slot with this hash, makes it most recent and counts a
 * hit for its tags. Returns the slot; -1 on a miss; -2 - slot when that entry
 * has expired or gone stale (not moved).
 */
export function get(hash: u32, now: f64): i32 {
  lastHitSlot = NONE;
  if (tinyLfu) return policyGet(hash, now);
  const slot = findSlot(hash, 0);
  if (slot == NONE) return NONE;
  if (isExpiredAt(slot, now) || isStale(slot)) return -2 - slot;
  touchForLookup(slot);
  lastHitSlot = slot;
  if (nodeField(slot, NODE_TAG_ID) != NONE) addToEntryTagCounters(slot, TAG_HITS, 1);
  return slot;
}

/**
 * get() under 'tinylfu', whose hit cannot be undone: when another entry shares
 * the hash, the first slot is returned as -2 - slot, untouched, and the wrapper
 * finds the key's own slot and calls touch(). (A get of an absent key whose
 * hash equals one held key's still counts as that key's hit: the core cannot
 * compare keys.)
 */
function policyGet(hash: u32, now: f64): i32 {
  const slot = findOnlySlot(hash);
  if (slot < NONE) return slot;
  if (slot == NONE) return NONE;
  if (isExpiredAt(slot, now) || isStale(slot)) return -2 - slot;
  onHit(slot);
  lastHitSlot = slot;
  if (nodeField(slot, NODE_TAG_ID) != NONE) addToEntryTagCounters(slot, TAG_HITS, 1);
  return slot;
}

/** Reverts the recency move and tag hits of the last get(). */
export function undoTouch(): void {
  undoLastTouch();
  if (lastHitSlot != NONE) addToEntryTagCounters(lastHitSlot, TAG_HITS, -1);
  lastHitSlot = NONE;
}

/** The nth (from 0) slot whose hash is `hash`, without moving it; -1 if none. */
export function find(hash: u32, nth: i32): i32 {
  return findSlot(hash, nth);
}

/**
 * Makes a live slot most recent and counts a hit for its tags. An entry stale
 * by epoch is left where it is: those must stay the recency list's tail.
 */
export function touch(slot: i32): void {
  if (isStaleByEpoch(slot)) return;
  if (tinyLfu) onHit(slot);
  else moveToHead(slot);
  addToEntryTagCounters(slot, TAG_HITS, 1);
}

/** Counts a miss for the tags of a live slot. */
export function countMiss(slot: i32): void {
  addToEntryTagCounters(slot, TAG_MISSES, 1);
}

/** Why a live slot cannot be returned at `now`: 0 it can, 1 it has expired, 2 it is stale. */
export function deadState(slot: i32, now: f64): i32 {
  if (isExpiredAt(slot, now)) return 1;
  return isStale(slot) ? 2 : 0;
}
