// Epochs: one i32 per slot, the epoch its entry was set in (inserted or given
// new tags). markAllStale moves the current epoch on, which makes every entry
// set before it stale at once (assembly/stale.ts counts them). The region is
// allocated on the first markAllStale, so caches that never call it pay nothing.
//
// Epochs are compared for equality. The epoch moves on only while some entry
// was set in the current one, so once per set at most; and every set reclaims
// a stale entry, the oldest epoch's first (the recency list's tail), so no
// entry is still held 2^32 epochs later.

import { REGION_EPOCHS, epochsBase, resizeRegion } from "./layout";
import { capacity } from "./slots";

/** Whether slots record their epoch: from the first markAllStale on. */
export let epochsActive: bool = false;
/** The epoch of entries set from now on. */
export let currentEpoch: i32 = 0;

@inline function epochAddress(slot: i32): usize {
  return epochsBase + (<usize>slot << 2);
}

/** Records that a live slot's entry was set now. */
@inline export function stampEpoch(slot: i32): void {
  if (epochsActive) store<i32>(epochAddress(slot), currentEpoch);
}

/** Whether a live slot's entry was set before the current epoch began. */
@inline export function setBeforeCurrentEpoch(slot: i32): bool {
  return epochsActive && load<i32>(epochAddress(slot)) != currentEpoch;
}

/**
 * Gives every slot an epoch, the current one: O(capacity) once. Returns false
 * when memory cannot grow; nothing changes then.
 */
export function enableEpochs(): bool {
  if (epochsActive) return true;
  const bytes = <usize>capacity << 2;
  if (!resizeRegion(REGION_EPOCHS, bytes)) return false;
  memory.fill(epochsBase, 0, bytes);
  currentEpoch = 0;
  epochsActive = true;
  return true;
}

/** Starts a new epoch: every entry held now was set before it. */
export function advanceEpoch(): void {
  currentEpoch++;
}
