// Expiry times: one f64 per slot, allocated only once a TTL is first used, so
// caches that never use TTLs pay nothing for them. +Infinity means "never".

import { REGION_EXPIRY, expiryBase, resizeRegion } from "./layout";
import { capacity } from "./slots";

export let expiryActive: bool = false;

@inline export function expiresAt(slot: i32): f64 {
  return load<f64>(expiryBase + (<usize>slot << 3));
}

@inline export function setExpiresAt(slot: i32, time: f64): void {
  if (expiryActive) store<f64>(expiryBase + (<usize>slot << 3), time);
}

/** An entry is expired once now >= its expiry time. */
@inline export function isExpiredAt(slot: i32, now: f64): bool {
  return expiryActive && now >= expiresAt(slot);
}

/** Allocates expiry times for every slot, all "never". Returns false when memory cannot grow. */
export function enableExpiry(): bool {
  if (expiryActive) return true;
  if (!resizeRegion(REGION_EXPIRY, <usize>capacity << 3)) return false;
  for (let slot = 0; slot < capacity; slot++) store<f64>(expiryBase + (<usize>slot << 3), Infinity);
  expiryActive = true;
  return true;
}
