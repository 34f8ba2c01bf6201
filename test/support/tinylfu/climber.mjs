// The adaptive window's hill climber: Caffeine 3's determineAdjustment (BoundedLocalCache),
// in f64 as Caffeine computes it. Exact algorithm: ./README.md ("Hill climber").

/** Sampled hit rates that differ by this much restart the step at its initial size. */
export const RESTART_THRESHOLD = 0.05;
/** The initial (and restarted) step, as a fraction of the capacity. */
export const STEP_PERCENT = 0.0625;
/** The step shrinks by this factor at each sample that does not restart it. */
export const STEP_DECAY_RATE = 0.98;
/** The initial step is at least this many entries, so that small caches can move. */
export const MIN_INITIAL_STEP = 2;

export class HillClimber {
  /**
   * @param {number} capacity the cache's maximum entries
   * @param {number} samplePeriod accesses (hits + misses) per sample
   */
  constructor(capacity, samplePeriod) {
    this.capacity = capacity;
    this.samplePeriod = samplePeriod;
    this.initialStep = Math.max(STEP_PERCENT * capacity, MIN_INITIAL_STEP);
    // Negative: the first move is toward a smaller window (frequency), as Caffeine starts.
    this.stepSize = -this.initialStep;
    this.previousHitRate = 0;
    this.hits = 0;
    this.misses = 0;
    /** Samples taken so far (for tests). */
    this.samples = 0;
  }

  /** Forgets the current sample (the cache is not yet half full). */
  discardSample() {
    this.hits = 0;
    this.misses = 0;
    this.previousHitRate = 0;
  }

  /**
   * Called after each recorded access; returns the window adjustment in entries: positive grows
   * the window, negative shrinks it, 0 when the sample is not complete or the step rounds to 0.
   */
  adjustment() {
    const requests = this.hits + this.misses;
    if (requests < this.samplePeriod) return 0;
    const hitRate = this.hits / requests;
    const change = hitRate - this.previousHitRate;
    const amount = change >= 0 ? this.stepSize : -this.stepSize;
    this.stepSize =
      Math.abs(change) >= RESTART_THRESHOLD
        ? amount < 0
          ? -this.initialStep
          : this.initialStep
        : STEP_DECAY_RATE * amount;
    this.previousHitRate = hitRate;
    this.hits = 0;
    this.misses = 0;
    this.samples++;
    return Math.trunc(amount);
  }
}
