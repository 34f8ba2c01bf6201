/** The most recent propagation times (publish on one instance to receipt on another), for p50/p99. */

/** Percentiles of the recent samples, in milliseconds (0 when there are none). */
export interface PropagationSummary {
  /** Median propagation time, ms (0 before any sample). */
  p50: number;
  /** 99th percentile, ms. */
  p99: number;
}

/** A ring of the last `capacity` samples. */
export class LatencySamples {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;

  constructor(capacity = 1_024) {
    this.samples = new Float64Array(capacity);
  }

  /** Records one sample, replacing the oldest once full. */
  add(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.samples.length;
    this.count = Math.min(this.count + 1, this.samples.length);
  }

  /** p50 and p99 of the samples held. */
  summary(): PropagationSummary {
    if (this.count === 0) return { p50: 0, p99: 0 };
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (share: number): number => sorted[Math.min(this.count - 1, Math.floor(share * this.count))] as number;
    return { p50: at(0.5), p99: at(0.99) };
  }
}
