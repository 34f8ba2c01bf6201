// Reclaiming stale entries a few at a time (the wrapper sweeps some per set).

import { NONE } from "./layout";
import { staleMemberOf, staleVictim } from "./stale";
import { remove } from "./remove";
import { setScratch } from "./scratch";

/**
 * Removes up to `maxRemovals` stale entries (those carrying `tagId` if it is
 * not NONE, else any), writing their slots to scratch [0, removed). Returns
 * how many; fewer than `maxRemovals` means none is left.
 */
export function sweepStale(tagId: i32, maxRemovals: i32): i32 {
  let removed = 0;
  while (removed < maxRemovals) {
    const slot = tagId == NONE ? staleVictim() : staleMemberOf(tagId);
    if (slot == NONE) break;
    remove(slot);
    setScratch(removed++, slot);
  }
  return removed;
}
