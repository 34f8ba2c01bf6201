// Eviction: which entry makes room when the cache is full, and making it.

import { FLAG_EVICTED, FLAG_EVICTED_EXPIRED, FLAG_EVICTED_STALE, NONE } from "./layout";
import { tail } from "./lru";
import { isExpiredAt } from "./expiry";
import { staleVictim } from "./stale";
import { remove } from "./remove";
import { tinyLfu } from "./policy-mode";
import { policyVictim } from "./policy";

/** The entry to evict next: a stale one if any, else the least recent ('tinylfu': main's); NONE if empty. */
export function victim(): i32 {
  if (tinyLfu) return policyVictim();
  const stale = staleVictim();
  return stale != NONE ? stale : tail;
}

/**
 * Evicts the victim of a full cache, whose slot is then the free list's head.
 * Returns FLAG_EVICTED, with FLAG_EVICTED_EXPIRED or FLAG_EVICTED_STALE for
 * why that entry could go.
 */
export function evict(now: f64): i32 {
  const slot = victim();
  let flags = FLAG_EVICTED | (isExpiredAt(slot, now) ? FLAG_EVICTED_EXPIRED : 0);
  if (remove(slot)) flags |= FLAG_EVICTED_STALE;
  return flags;
}
