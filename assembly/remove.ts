// Removing one live entry from every structure: the building block of delete,
// eviction, sweeps, purges and bulk removal. The slot goes to the head of the
// free list.

import { NONE } from "./layout";
import { freeSlot } from "./slots";
import { unlinkFromLru } from "./lru";
import { removeFromTable } from "./table";
import { removeTags } from "./tag-lists";
import { forgetIfStale } from "./stale";

/** Removes a live entry; returns whether it was stale. */
export function remove(slot: i32): bool {
  return removeExceptTag(slot, NONE);
}

/** remove() that leaves the node of a tag whose list is detached alone (see removeTags). */
export function removeExceptTag(slot: i32, detachedTagId: i32): bool {
  const stale = forgetIfStale(slot);
  unlinkFromLru(slot);
  removeFromTable(slot);
  removeTags(slot, true, detachedTagId);
  freeSlot(slot);
  return stale;
}
