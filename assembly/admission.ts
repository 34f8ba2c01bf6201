// 'tinylfu' admission: a window victim (the candidate) enters the main space only
// if the sketch finds it more frequent than the main space's victim; a warm loser
// is still admitted 1 time in 128 (xorshift32), so keys crafted to pin the sketch
// cannot lock the main space (Caffeine's guard against hash flooding).

import { frequency } from "./sketch";

const HASHDOS_THRESHOLD: i32 = 6;
const HASHDOS_MASK: u32 = 127;
const ZERO_SEED_REPLACEMENT: u32 = 0x9e3779b9;

let randomState: u32 = ZERO_SEED_REPLACEMENT;

/** Seeds the xorshift32 source (0 is replaced, as the reference does). */
export function seedAdmission(seed: u32): void {
  randomState = seed != 0 ? seed : ZERO_SEED_REPLACEMENT;
}

function nextRandom(): u32 {
  let x = randomState;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  randomState = x;
  return x;
}

/** Whether the candidate (its hash) is admitted over the victim (its hash). */
export function admit(candidateHash: u32, victimHash: u32): bool {
  const candidateFrequency = frequency(candidateHash);
  const victimFrequency = frequency(victimHash);
  if (candidateFrequency > victimFrequency) return true;
  if (candidateFrequency >= HASHDOS_THRESHOLD) return (nextRandom() & HASHDOS_MASK) == 0;
  return false;
}
