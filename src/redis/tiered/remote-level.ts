/**
 * The Redis side of a tier: scripts with deadlines, the Redis clock, the invalidation queue, the
 * optional load lock, the counters, and what failures do (counted, told to `onError`, thrown only when strict).
 */
import { commandRunner } from '../connection';
import { InvalidationQueue, type LocalInvalidator } from './invalidation-queue';
import { type L2Read, L2Store, type LoadStart } from './l2-store';
import type { ResolvedTieredOptions } from './tiered-options';
import { RedisClock } from './redis-clock';
import { ScriptRunner } from './script-runner';
import { TierLock } from './tier-lock';
import { type L2Stats, newCounters } from './tier-stats';

/** The counter of a write that Redis did not do: refused by the guard, or dropped past its deadline. */
const WRITE_NOT_DONE = { refused: 'refusedWrites', late: 'skippedWrites' } as const;

/** Redis as one tier uses it. */
export class RemoteLevel<K extends string | number, V> {
  readonly counts = newCounters();
  readonly l2: L2Store;
  readonly pending: InvalidationQueue<K>;
  readonly lock: TierLock | undefined;
  private readonly runner: ScriptRunner;
  private readonly clock: RedisClock;
  private readonly background = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly options: ResolvedTieredOptions<K, V>,
    local: LocalInvalidator<K>,
  ) {
    this.runner = new ScriptRunner(commandRunner(options.handle), options.l2TimeoutMs);
    this.l2 = new L2Store(this.runner, options.prefix, options.guardMs);
    this.clock = new RedisClock(this.runner);
    const { lock } = options;
    this.lock = lock === undefined ? undefined : new TierLock(this.runner, options.prefix, lock.ttlMs, lock.waitMs);
    this.pending = new InvalidationQueue<K>(this.l2, local, options.maxPending, (error) => this.report(error));
  }

  /** Values in Redis can be read and written: nothing queued, not closed. */
  get usable(): boolean {
    return this.pending.isEmpty && !this.closed;
  }

  /** One read of Redis, or undefined when Redis is unusable or fails (counted; thrown when strict). */
  async read(key: K, tags: readonly string[]): Promise<L2Read | undefined> {
    if (!this.usable) return undefined;
    try {
      const sentAt = Date.now();
      const read = await this.l2.read(key, tags);
      this.clock.observe(read.start.startedAt, sentAt);
      if (read.status === 'hit') return read;
      this.counts.misses += 1;
      if (read.status === 'stale') this.counts.stale += 1;
      if (read.status === 'corrupt') this.counts.corrupt += 1;
      return read;
    } catch (error) {
      return this.fail(error, undefined);
    }
  }

  /** Writes a value (a fill when `start` is given: guarded); its deadline is `l2TimeoutMs` from now in Redis's time. */
  async write(key: K, data: string, tags: readonly string[], ttl: number, start: LoadStart | undefined): Promise<string> {
    const deadline = (await this.clock.now()) + this.options.l2TimeoutMs;
    const outcome = await this.l2.write(key, data, tags, ttl, deadline, start);
    if (outcome === 'ok') {
      this.counts.writes += 1;
      this.counts.bytesWritten += data.length;
    } else this.counts[WRITE_NOT_DONE[outcome]] += 1;
    return outcome;
  }

  /** Runs an invalidation in Redis, or queues it (to apply on reconnect) when Redis is unusable or fails. */
  async invalidate<T>(apply: (l2: L2Store) => Promise<T>, enqueue: (queue: InvalidationQueue<K>) => void): Promise<T | undefined> {
    if (!this.usable) {
      enqueue(this.pending);
      return undefined;
    }
    try {
      return await apply(this.l2);
    } catch (error) {
      enqueue(this.pending);
      return this.fail(error, undefined);
    }
  }

  /** Runs `work` in the background: its failure is reported, and close() waits for it. */
  track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.report(error));
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }

  /** Counts a Redis failure; rethrows it when strict, else returns `fallback`. */
  fail<T>(error: unknown, fallback?: T): T {
    this.report(error);
    if (this.options.strict) throw error;
    return fallback as T;
  }

  /** Counts a failure nobody can be thrown at, and tells `onError`. */
  report(error: unknown): void {
    this.counts.errors += 1;
    try {
      this.options.onError?.(error);
    } catch {
      // An error handler that throws has nobody left to tell.
    }
  }

  /** The L2 counters. */
  stats(): L2Stats {
    const { l1Hits: _hits, l1Misses: _misses, ...counts } = this.counts;
    return {
      ...counts,
      roundTripMs: this.runner.latency.summary(),
      roundTrips: this.runner.roundTrips,
      lockWaits: this.lock?.waits ?? 0,
      lockWaitHits: this.lock?.waitHits ?? 0,
    };
  }

  /** Stops retrying queued invalidations; waits for background work. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.background, this.pending.close()]);
  }
}
