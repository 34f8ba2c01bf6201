// The scratch region: i32 words that cross the boundary in either direction
// (tag ids into set and bulkRemove; tag ids or slots out of the listing calls).

import { REGION_SCRATCH, regionBytes, resizeRegion, scratchBase } from "./layout";

/** Makes room for `words` i32 words. Returns false when memory cannot grow. */
export function reserveScratch(words: i32): bool {
  if (words < 0) return false;
  const bytes = <usize>words << 2;
  if (bytes <= regionBytes(REGION_SCRATCH)) return true;
  let grown = regionBytes(REGION_SCRATCH) * 2;
  if (grown < bytes) grown = bytes;
  if (grown < 256) grown = 256;
  return resizeRegion(REGION_SCRATCH, grown);
}

/** Words the scratch region holds now. */
export function scratchWords(): i32 {
  return <i32>(regionBytes(REGION_SCRATCH) >>> 2);
}

@inline export function scratchAt(index: i32): i32 {
  return load<i32>(scratchBase + (<usize>index << 2));
}

@inline export function setScratch(index: i32, value: i32): void {
  store<i32>(scratchBase + (<usize>index << 2), value);
}
