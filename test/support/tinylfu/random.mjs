// The admission's random source: xorshift32 (Marsaglia 2003), seeded, so a run is reproducible.

/** Used when the seed given is 0 (xorshift32 would stay at 0 forever). */
export const ZERO_SEED_REPLACEMENT = 0x9e3779b9;

export class XorShift32 {
  /** @param {number} seed any u32; 0 is replaced by ZERO_SEED_REPLACEMENT */
  constructor(seed) {
    this.state = seed >>> 0 || ZERO_SEED_REPLACEMENT;
  }

  /** The next u32: x ^= x << 13; x ^= x >>> 17; x ^= x << 5. */
  next() {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}
