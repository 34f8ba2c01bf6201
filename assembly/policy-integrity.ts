// Debug-build self-check of the 'tinylfu' structures (called by integrity.ts):
// the segments partition the recency list in order WINDOW, PROBATION, PROTECTED,
// RETIRED, each contiguous, with matching ends and counts, and within their maxima.

import { NONE } from "./layout";
import { size } from "./slots";
import { head, nextOf } from "./lru";
import { PROBATION, PROTECTED, RETIRED, SEGMENTS, WINDOW, countOf, firstOf, lastOf, segmentOf, storedSegment } from "./segments";
import { setBeforeCurrentEpoch } from "./epochs";
import { staleByEpoch } from "./stale";
import { policyCapacity, protectedMaximum, windowMaximum } from "./policy";

/** 0, or the number (from 40) of the first broken invariant. */
export function checkSegments(): i32 {
  let segment = WINDOW;
  let previous = NONE;
  let count = 0;
  let total = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    const here = segmentOf(slot);
    if (!setBeforeCurrentEpoch(slot) && storedSegment(slot) > PROTECTED) return 40;
    if (here < segment) return 41; // segments out of order, or one split
    if (here != segment) {
      // Close the segments between: each must end where the list left it.
      if (lastOf(segment) != previous || countOf(segment) != count) return 42;
      for (let between = segment + 1; between < here; between++) {
        if (firstOf(between) != NONE || lastOf(between) != NONE || countOf(between) != 0) return 43;
      }
      if (firstOf(here) != slot) return 44;
      segment = here;
      count = 0;
      previous = NONE;
    } else if (count == 0 && firstOf(segment) != slot) {
      return 44;
    }
    previous = slot;
    count++;
    total++;
  }
  if (total != size) return 45;
  if (total > 0 && (lastOf(segment) != previous || countOf(segment) != count)) return 42;
  for (let after = total > 0 ? segment + 1 : WINDOW; after < SEGMENTS; after++) {
    if (firstOf(after) != NONE || lastOf(after) != NONE || countOf(after) != 0) return 43;
  }
  if (countOf(RETIRED) != staleByEpoch) return 46;
  const capacity = policyCapacity();
  if (windowMaximum < 1 || windowMaximum > capacity) return 47;
  if (protectedMaximum < 0 || protectedMaximum > capacity - windowMaximum) return 48;
  if (countOf(WINDOW) > windowMaximum || countOf(PROTECTED) > protectedMaximum) return 49;
  if (size > capacity) return 50;
  if (countOf(PROBATION) < 0) return 51;
  return 0;
}
