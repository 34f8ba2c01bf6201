// The reference model of the tier tests: every value ever made, every invalidation, and the check
// that no read returns a value older than an invalidation that covers it and ended before the read.

/**
 * A value as the model knows it: which key, which tags, and from when it counts as made: a loaded
 * value when its loader ran (it read the database then); a value set by a user when the set ended
 * (a set may take effect at any moment until then, so one that overlaps an invalidation may win).
 */
export interface MadeValue {
  key: string;
  tags: readonly string[];
  bornAt: number;
}

/** An invalidation: of one key (delete, or a set that replaces the value) or of tags. */
interface Invalidation {
  key: string | undefined;
  tags: readonly string[];
  startedAt: number;
  endedAt: number;
}

/** A read that returned a value an earlier, finished invalidation covers. */
export interface Violation {
  instance: string;
  value: string;
  invalidation: Invalidation;
  readStartedAt: number;
}

/** Values and invalidations of one run. */
export class TierModel {
  private readonly values = new Map<string, MadeValue>();
  private readonly invalidations: Invalidation[] = [];
  private made = 0;
  readonly violations: Violation[] = [];
  checkedReads = 0;

  /** A new value of `key`, loaded now, or (`bySet`) about to be set: made when `settled` is called. */
  make(key: string, tags: readonly string[], bySet = false): string {
    const value = `${key}#${++this.made}`;
    this.values.set(value, { key, tags, bornAt: bySet ? Infinity : performance.now() });
    return value;
  }

  /** The set of `value` ended. */
  settled(value: string): void {
    const made = this.values.get(value);
    if (made !== undefined) made.bornAt = performance.now();
  }

  /** Records a finished invalidation. */
  invalidated(key: string | undefined, tags: readonly string[], startedAt: number): void {
    this.invalidations.push({ key, tags, startedAt, endedAt: performance.now() });
  }

  /**
   * Checks a read of `key` that began at `readStartedAt` and returned `value`: no invalidation that
   * ended more than `slackMs` before the read began may cover a value born before it began.
   */
  check(instance: string, key: string, value: unknown, readStartedAt: number, slackMs: number): void {
    this.checkedReads += 1;
    if (value === undefined) return;
    const made = this.values.get(value as string);
    if (made === undefined || made.key !== key) throw new Error(`read of ${key} returned ${String(value)}, never made for it`);
    for (const invalidation of this.invalidations) {
      if (invalidation.endedAt + slackMs >= readStartedAt || made.bornAt >= invalidation.startedAt) continue;
      const covers = invalidation.key === key || invalidation.tags.some((tag) => made.tags.includes(tag));
      if (covers) this.violations.push({ instance, value: value as string, invalidation, readStartedAt });
    }
  }
}

/** Loads that finish in an order the test chooses at random. */
export class ShuffledLoads {
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly random: () => number) {}

  /** A loader result that resolves when the shuffler releases it. */
  hold<T>(make: () => T): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(() => resolve(make()));
    });
  }

  /** Releases one held load, chosen at random; false if none is held. */
  releaseOne(): boolean {
    if (this.waiting.length === 0) return false;
    const [release] = this.waiting.splice(Math.floor(this.random() * this.waiting.length), 1);
    release?.();
    return true;
  }
}
