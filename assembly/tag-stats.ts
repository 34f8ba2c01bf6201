// Per-tag statistics: hits, misses and entries removed, kept in the tag records.

import { NONE, TAG_HITS, TAG_MISSES, TAG_REMOVED } from "./layout";
import { resetTagCounters, tagAddress, tagCapacity } from "./tag-records";

/** One of a valid tag's counters: 0 hits, 1 misses, 2 entries removed. */
export function tagCounter(tagId: i32, which: i32): f64 {
  const offset = which == 0 ? TAG_HITS : which == 1 ? TAG_MISSES : TAG_REMOVED;
  return load<f64>(tagAddress(tagId) + offset);
}

/** Zeroes a valid tag's counters, or every tag's for NONE. */
export function resetTagStats(tagId: i32): void {
  if (tagId != NONE) {
    resetTagCounters(tagId);
    return;
  }
  for (let each = 0; each < tagCapacity; each++) resetTagCounters(each);
}
