// Removing expired entries, a bounded number per call, walking the recency list.

import { NONE } from "./layout";
import { head, nextOf } from "./lru";
import { expiryActive, isExpiredAt } from "./expiry";
import { remove } from "./remove";
import { setScratch } from "./scratch";

// Where purgeExpired resumes: the next slot (in recency order) to examine.
let purgeCursor: i32 = NONE;

/**
 * Removes up to `maxRemovals` entries expired at `now`, walking from the most
 * recent entry (`restart`) or from where the previous call stopped, and writes
 * their slots to scratch [0, removed). Fewer than `maxRemovals`: the walk ended.
 */
export function purgeExpired(now: f64, maxRemovals: i32, restart: bool): i32 {
  if (!expiryActive) return 0;
  if (restart) purgeCursor = head;
  let removed = 0;
  let slot = purgeCursor;
  while (slot != NONE && removed < maxRemovals) {
    const next = nextOf(slot);
    if (isExpiredAt(slot, now)) {
      remove(slot);
      setScratch(removed++, slot);
    }
    slot = next;
  }
  purgeCursor = slot;
  return removed;
}

/** Forgets where the walk was (after clear). */
export function resetPurge(): void {
  purgeCursor = NONE;
}
