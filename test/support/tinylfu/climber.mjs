// Window climbers: each sample of `samplePeriod` accesses, decide how many entries the admission
// window should grow (> 0) or shrink (< 0) by. Both compute in f64, as Caffeine does.
// Exact algorithm: ./index.mjs (step 6).
//
// DensityClimber is the default: it compares the window's hits per entry with main's in the same
// sample (Caffeine's newest large-cache tier steers on that ratio), biased toward recency. The
// hit-rate HillClimber of Caffeine 3 is kept for comparison (the hit-ratio suite has a column).

/** The density climber samples every 5 × capacity accesses. */
export const DENSITY_SAMPLE_PERIOD_PER_ENTRY = 5;
/** Window hits per entry are weighed ×4 against main's: the window grows until its density is ¼ of main's. */
export const DENSITY_BIAS = 4;
/** Step per sample: |ln(biased density ratio)| × 3 % of the capacity … */
export const DENSITY_GAIN = 0.03;
/** … at most 30 % of the capacity. */
export const DENSITY_MAX_STEP = 0.3;
/**
 * A sample where both regions had fewer hits than max(4, requests >>> 10) is dead, and one with
 * fewer misses than that is saturated: neither says which way to move (Caffeine's starvation bar).
 */
export const DEAD_SAMPLE_MIN_HITS = 4;
export const DEAD_SAMPLE_SHIFT = 10;

const LN2 = Math.LN2;

/**
 * Natural logarithm of x > 0 from IEEE-754 +, −, ×, ÷ only, in a fixed order, so that JavaScript
 * and WebAssembly compute the same bits (Math.log may differ by an ulp between engines, and an ulp
 * can move a truncated step). x = m · 2^e with m in [1, 2); ln m = 2 atanh(s), s = (m − 1)/(m + 1)
 * < 1/3, summed to s^19 by Horner's rule (relative error < 1e-10).
 */
export function ln(x) {
  let exponent = 0;
  while (x >= 2) {
    x /= 2;
    exponent++;
  }
  while (x < 1) {
    x *= 2;
    exponent--;
  }
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let sum = 1 / 19;
  for (let k = 17; k >= 1; k -= 2) sum = sum * s2 + 1 / k;
  return exponent * LN2 + 2 * s * sum;
}

export class DensityClimber {
  /**
   * @param {number} capacity the cache's maximum entries
   * @param {number} samplePeriod accesses (hits + misses) per sample
   * @param {number} minimumWindow the window never shrinks below this (the initial window)
   */
  constructor(capacity, samplePeriod, minimumWindow) {
    this.capacity = capacity;
    this.samplePeriod = samplePeriod;
    this.minimumWindow = minimumWindow;
    this.windowHits = 0;
    this.mainHits = 0;
    this.requests = 0;
    /** Samples taken so far (for tests). */
    this.samples = 0;
  }

  recordHit(inWindow) {
    if (inWindow) this.windowHits++;
    else this.mainHits++;
    this.requests++;
  }

  recordMiss() {
    this.requests++;
  }

  /** Forgets the current sample (the cache has not yet been half full). */
  discardSample() {
    this.windowHits = 0;
    this.mainHits = 0;
    this.requests = 0;
  }

  /** After each access: the window adjustment in entries, 0 until the sample is complete. */
  adjustment(windowMaximum) {
    if (this.requests < this.samplePeriod) return 0;
    const bar = Math.max(DEAD_SAMPLE_MIN_HITS, this.requests >>> DEAD_SAMPLE_SHIFT);
    const misses = this.requests - this.windowHits - this.mainHits;
    if ((this.windowHits < bar && this.mainHits < bar) || misses < bar) {
      this.discardSample();
      this.samples++;
      return 0;
    }
    const mainMaximum = Math.max(1, this.capacity - windowMaximum);
    const windowDensity = (this.windowHits + 1) / windowMaximum;
    const mainDensity = (this.mainHits + 1) / mainMaximum;
    const error = ln((DENSITY_BIAS * windowDensity) / mainDensity);
    const magnitude = Math.min(DENSITY_MAX_STEP * this.capacity, Math.abs(error) * DENSITY_GAIN * this.capacity);
    this.discardSample();
    this.samples++;
    return Math.trunc(error < 0 ? -magnitude : magnitude);
  }
}

/** Sampled hit rates that differ by this much restart the step at its initial size. */
export const RESTART_THRESHOLD = 0.05;
/** The initial (and restarted) step, as a fraction of the capacity. */
export const STEP_PERCENT = 0.0625;
/** The step shrinks by this factor at each sample that does not restart it. */
export const STEP_DECAY_RATE = 0.98;
/** The initial step is at least this many entries, so that small caches can move. */
export const MIN_INITIAL_STEP = 2;

/** Caffeine 3's determineAdjustment (BoundedLocalCache): bold-driver hill climbing on the sampled hit rate. */
export class HillClimber {
  constructor(capacity, samplePeriod) {
    this.capacity = capacity;
    this.samplePeriod = samplePeriod;
    this.minimumWindow = 1;
    this.initialStep = Math.max(STEP_PERCENT * capacity, MIN_INITIAL_STEP);
    // Negative: the first move is toward a smaller window (frequency), as Caffeine starts.
    this.stepSize = -this.initialStep;
    this.previousHitRate = 0;
    this.hits = 0;
    this.misses = 0;
    this.samples = 0;
  }

  recordHit() {
    this.hits++;
  }

  recordMiss() {
    this.misses++;
  }

  discardSample() {
    this.hits = 0;
    this.misses = 0;
    this.previousHitRate = 0;
  }

  adjustment() {
    const requests = this.hits + this.misses;
    if (requests < this.samplePeriod) return 0;
    const hitRate = this.hits / requests;
    const change = hitRate - this.previousHitRate;
    const amount = change >= 0 ? this.stepSize : -this.stepSize;
    const restart = Math.abs(change) >= RESTART_THRESHOLD;
    this.stepSize = restart ? Math.sign(amount) * this.initialStep : STEP_DECAY_RATE * amount;
    this.previousHitRate = hitRate;
    this.hits = 0;
    this.misses = 0;
    this.samples++;
    return Math.trunc(amount);
  }
}
