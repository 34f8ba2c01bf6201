// The only code that reads or writes the core's scratch words: the lists that
// cross the boundary (tag ids in, slots and tag ids out), one function per
// core call that passes a list. Scratch is the first region of memory, so it
// never moves; the views are rebuilt only when memory grows.

import type { CoreInstance } from './instance';

/**
 * Writes `count` tag ids to scratch [0, count), where insert, insertIfAbsent,
 * replace, bulkRemove, bulkRemoveRebuilding, memberships and markStale read
 * their `tagCount` ids. The caller reserved the words.
 */
export function writeTagIds(core: CoreInstance, tagIds: ArrayLike<number>, count: number): void {
  core.refresh();
  const scratch = core.scratch;
  for (let index = 0; index < count; index++) scratch[index] = tagIds[index]!;
}

/**
 * The view to write tag ids into, at [0, tagCount), for the same calls as
 * writeTagIds, when the caller computes them one by one (set's hot path). The
 * caller reserved the words; valid until memory grows.
 */
export function tagIdView(core: CoreInstance): Int32Array {
  core.refresh();
  return core.scratch;
}

/**
 * The view that holds the slots bulkRemove, bulkRemoveRebuilding, sweepStale
 * and purgeExpired removed: from index `removedSlotsStart(tagCount)` on, as
 * many as the call returned; each may carry the REMOVED_STALE flag (mask with
 * SLOT_MASK). Valid until the next core call.
 */
export function removedSlots(core: CoreInstance): Int32Array {
  core.refresh();
  return core.scratch;
}

/**
 * Where removed slots start in scratch: bulkRemove and bulkRemoveRebuilding
 * write them after the `tagCount` tag ids they read; sweepStale and
 * purgeExpired (tagCount 0) from 0.
 */
export function removedSlotsStart(tagCount: number): number {
  return tagCount;
}

/**
 * Calls slotsOfTag: the live slots of `tagId` at `now` (the core writes them
 * to scratch [0, n)). Undefined when scratch could not grow for them.
 */
export function slotsOfTag(core: CoreInstance, tagId: number, now: number): number[] | undefined {
  const count = core.exports.slotsOfTag(tagId, now);
  if (count < 0) return undefined;
  return copyOut(core, count);
}

/**
 * Calls tagsOf: the tag ids of a live slot in the order given (the core writes
 * them to scratch [0, n)). Undefined when scratch could not grow for them.
 */
export function tagIdsOf(core: CoreInstance, slot: number): number[] | undefined {
  const count = core.exports.tagsOf(slot);
  if (count < 0) return undefined;
  return copyOut(core, count);
}

/**
 * Calls rehash with `hashes[i]` for the i-th slot from most to least recent
 * (read from scratch [0, n)); false when scratch cannot hold them or the core
 * refused, leaving the table as it was.
 */
export function rehash(core: CoreInstance, hashes: readonly number[]): boolean {
  if (!core.reserveScratch(hashes.length)) return false;
  core.refresh();
  const scratch = core.scratch;
  for (let index = 0; index < hashes.length; index++) scratch[index] = hashes[index]!;
  return core.exports.rehash(hashes.length) === 0;
}

/** Copies scratch [0, count): read through the whole-memory view, since the core may have grown scratch past the reserved view. */
function copyOut(core: CoreInstance, count: number): number[] {
  core.refresh();
  const words = core.words;
  const first = core.scratchWord;
  const values = new Array<number>(count);
  for (let index = 0; index < count; index++) values[index] = words[first + index]!;
  return values;
}
