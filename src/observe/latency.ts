// A fixed-bucket latency histogram for bulk operations: constant memory, O(1)
// per record. Buckets grow by 2^(1/4) (about 19%), so percentiles are estimates
// within one bucket; count, min, max and mean are exact.

const BUCKETS = 128;
const FIRST_UPPER_US = 0.1;
const GROWTH = 2 ** (1 / 4);
const LOG_GROWTH = Math.log(GROWTH);

/** Summary of recorded latencies in microseconds (all 0 when nothing was recorded). */
export interface LatencySummary {
  /** Calls recorded. */
  count: number;
  /** Fastest call, µs (exact). */
  minUs: number;
  /** Slowest call, µs (exact). */
  maxUs: number;
  /** Mean, µs (exact). */
  meanUs: number;
  /** Median, µs (within one bucket: about 19%). */
  p50Us: number;
  /** 99th percentile, µs (within one bucket). */
  p99Us: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private count = 0;
  private sumUs = 0;
  private minUs = Infinity;
  private maxUs = 0;

  record(us: number): void {
    if (!(us > 0)) us = 0;
    let bucket = us <= FIRST_UPPER_US ? 0 : Math.ceil(Math.log(us / FIRST_UPPER_US) / LOG_GROWTH);
    if (bucket >= BUCKETS) bucket = BUCKETS - 1;
    this.counts[bucket]!++;
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** The upper bound of the bucket holding the q-quantile, clamped to [min, max]. */
  private quantile(q: number): number {
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) {
        if (bucket === BUCKETS - 1) return this.maxUs; // the overflow bucket has no upper bound
        const upper = FIRST_UPPER_US * GROWTH ** bucket;
        return Math.min(this.maxUs, Math.max(this.minUs, upper));
      }
    }
    return this.maxUs;
  }

  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, minUs: 0, maxUs: 0, meanUs: 0, p50Us: 0, p99Us: 0 };
    return {
      count: this.count,
      minUs: this.minUs,
      maxUs: this.maxUs,
      meanUs: this.sumUs / this.count,
      p50Us: this.quantile(0.5),
      p99Us: this.quantile(0.99),
    };
  }

  /**
   * Cumulative counts at the upper bound of every `step`th bucket (in µs), for
   * exposition as a Prometheus histogram; the last entry, bound Infinity, counts
   * every sample. With step 4 the bounds are 0.1 µs × 2^k.
   */
  cumulativeBuckets(step: number): { upperUs: number; count: number }[] {
    const buckets: { upperUs: number; count: number }[] = [];
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS - 1; bucket++) {
      seen += this.counts[bucket]!;
      if (bucket % step === 0) buckets.push({ upperUs: FIRST_UPPER_US * 2 ** (bucket / 4), count: seen });
    }
    buckets.push({ upperUs: Infinity, count: this.count });
    return buckets;
  }

  /** Sum of every recorded latency in µs. */
  get totalUs(): number {
    return this.sumUs;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.minUs = Infinity;
    this.maxUs = 0;
  }
}
