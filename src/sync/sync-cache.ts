/**
 * The invalidation bus: publishes every local invalidation of a cache (except read-through fills)
 * through a transport and applies those of the other instances, and stops trusting the cache
 * (marks everything stale) whenever the transport cannot prove it has seen every message.
 */
import type { BatchContents } from './invalidation-batch';
import { LatencySamples, type PropagationSummary } from './latency-samples';
import { Outbox } from './outbox';
import type {
  AllInvalidationCause,
  InvalidationListener,
  KeyInvalidationCause,
  SyncableCache,
  TagInvalidationCause,
} from './syncable-cache';
import { resolveSyncOptions, type ResolvedSyncOptions, type SyncCacheOptions } from './sync-options';
import { backgroundTimeout } from './timers';
import type { TransportMessageInfo, TransportReceiver } from './transport';
import { decodeBatch } from './wire';

/** Counters and state of one synced cache (see {@link CacheSync.stats}). */
export interface SyncStats {
  /** The transport's link is up (connected and positioned). */
  connected: boolean;
  /** Messages this instance published. */
  published: number;
  /** Messages received from other instances. */
  received: number;
  /** Received messages applied to the cache. */
  applied: number;
  /** Received messages skipped as malformed or foreign. */
  malformed: number;
  /** Local invalidations (keys and tags) not yet published. */
  pending: number;
  /** Times the transport could not prove it had seen everything, so every entry was marked stale. */
  resyncs: number;
  /** When and why the last resync happened. */
  lastResync:
    | {
        /** When it happened (`Date.now()`). */
        at: number;
        /** What the transport could not prove, e.g. a sequence gap or a new Redis run_id. */
        reason: string;
      }
    | undefined;
  /** Times every entry was marked stale because no contact was proven for `maxStalenessMs`. */
  staleMarks: number;
  /** Times the unpublished queue overflowed into one "everything stale" message. */
  overflows: number;
  /** Failed publishes and exceptions from onRemove callbacks during remote applies. */
  errors: number;
  /** Publish-to-receipt time of recent messages from other instances (their clocks may be skewed). */
  propagationMs: PropagationSummary;
}

/** A cache kept in step with the other instances on its transport. */
export interface CacheSync {
  /**
   * True while a remote invalidation is being applied: an `onRemove` callback can read it to tell
   * removals made because of another instance from local ones (the reason is the usual one).
   */
  readonly applyingRemote: boolean;
  /**
   * Resolves once every invalidation this instance made before the call is stored in Redis (streams),
   * handed to Redis (pub/sub) or posted (BroadcastChannel). Rejects after `timeoutMs` if given
   * (the invalidations stay queued and are still sent), or when the sync is closed first.
   */
  flush(timeoutMs?: number): Promise<void>;
  /** Counters and state; see {@link SyncStats}. */
  stats(): SyncStats;
  /** Tries for up to `closeTimeoutMs` to publish what is queued, then stops listening and closes the transport. */
  close(): Promise<void>;
}

class SyncBus<K extends string | number> implements CacheSync, InvalidationListener<K>, TransportReceiver {
  applyingRemote = false;
  private readonly outbox: Outbox;
  private readonly latency = new LatencySamples();
  private removeListener: (() => void) | undefined;
  /** The next invalidation event is the bus's own apply: consume it, publish nothing. */
  private expectingOwnEvent = false;
  private connected = false;
  private lastHeardAt = Date.now();
  private stalenessTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private counts = { received: 0, applied: 0, malformed: 0, resyncs: 0, staleMarks: 0, errors: 0 };
  private lastResync: { at: number; reason: string } | undefined;

  constructor(
    private readonly cache: SyncableCache<K>,
    private readonly options: ResolvedSyncOptions,
  ) {
    this.outbox = new Outbox(options.transport, options.maxPending, options.retryMinMs, options.retryMaxMs, (error) =>
      this.reportError(error),
    );
  }

  async open(): Promise<void> {
    this.removeListener = this.cache.addInvalidationListener(this);
    // What this cache holds now was not covered by the transport: trust none of it.
    this.quietly(() => this.cache.markAllStale());
    try {
      await this.options.transport.open(this);
    } catch (error) {
      this.removeListener();
      this.outbox.close();
      throw error;
    }
    this.lastHeardAt = Date.now();
    this.armStalenessTimer(this.options.maxStalenessMs);
  }

  // Local invalidations (InvalidationListener).

  key(key: K, cause: KeyInvalidationCause): void {
    if (this.consumeOwnEvent() || cause === 'fill') return;
    this.outbox.batch.addKey(key);
    this.outbox.recorded();
  }

  tags(tags: readonly string[], cause: TagInvalidationCause): void {
    if (this.consumeOwnEvent()) return;
    this.outbox.batch.addTags(tags, cause === 'bulkRemove');
    this.outbox.recorded();
  }

  all(cause: AllInvalidationCause): void {
    if (this.consumeOwnEvent()) return;
    this.outbox.batch.addAll(cause === 'clear' ? 'clear' : 'stale');
    this.outbox.recorded();
  }

  // What the transport reports (TransportReceiver).

  message(payload: string, info: TransportMessageInfo): void {
    this.counts.received += 1;
    const contents = decodeBatch(payload);
    if (typeof contents === 'string') {
      this.counts.malformed += 1;
      return;
    }
    this.latency.add(Math.max(0, Date.now() - info.sentAt));
    this.apply(contents);
    this.counts.applied += 1;
  }

  resync(reason: string): void {
    this.counts.resyncs += 1;
    this.lastResync = { at: Date.now(), reason };
    this.quietly(() => this.cache.markAllStale());
  }

  heard(): void {
    this.lastHeardAt = Date.now();
  }

  connection(up: boolean): void {
    this.connected = up;
    if (up) this.outbox.sendSoon();
  }

  malformed(): void {
    this.counts.malformed += 1;
  }

  // The public face (CacheSync).

  flush(timeoutMs?: number): Promise<void> {
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs >= 0) || timeoutMs === Infinity)) {
      return Promise.reject(new RangeError(`taglru: timeoutMs must be a finite number of milliseconds from 0, got ${String(timeoutMs)}`));
    }
    if (this.closed) return Promise.reject(new Error('taglru: the sync is closed'));
    return this.outbox.flush(timeoutMs);
  }

  stats(): SyncStats {
    return {
      connected: this.connected,
      published: this.outbox.published,
      ...this.counts,
      pending: this.outbox.pending,
      lastResync: this.lastResync,
      overflows: this.outbox.batch.overflows,
      propagationMs: this.latency.summary(),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.outbox.flush(this.options.closeTimeoutMs).catch(() => undefined);
    this.closed = true;
    this.removeListener?.();
    clearTimeout(this.stalenessTimer);
    this.outbox.close();
    this.connected = false;
    await this.options.transport.close();
  }

  // Internals.

  private consumeOwnEvent(): boolean {
    if (!this.expectingOwnEvent) return false;
    this.expectingOwnEvent = false;
    return true;
  }

  /** Runs one cache operation whose own invalidation event must not be published. */
  private quietly(operation: () => unknown): void {
    this.expectingOwnEvent = true;
    try {
      operation();
    } catch (error) {
      this.reportError(error);
    } finally {
      this.expectingOwnEvent = false;
    }
  }

  private apply(contents: BatchContents): void {
    const { cache } = this;
    this.applyingRemote = true;
    try {
      if (contents.all === 'clear') this.quietly(() => cache.clear());
      else if (contents.all === 'stale') this.quietly(() => cache.markAllStale());
      if (contents.removedTags.length > 0) this.quietly(() => cache.bulkRemove(contents.removedTags));
      if (contents.staleTags.length > 0) this.quietly(() => cache.markStale(contents.staleTags));
      for (const key of contents.keys) this.quietly(() => cache.delete(key as K));
    } finally {
      this.applyingRemote = false;
    }
  }

  private reportError(error: unknown): void {
    this.counts.errors += 1;
    try {
      this.options.onError?.(error);
    } catch {
      // An error handler that throws has nobody left to tell.
    }
  }

  /** Marks everything stale once no contact has been proven for maxStalenessMs, and every maxStalenessMs after. */
  private armStalenessTimer(delayMs: number): void {
    this.stalenessTimer = backgroundTimeout(() => {
      const silentMs = Date.now() - this.lastHeardAt;
      const { maxStalenessMs } = this.options;
      if (silentMs < maxStalenessMs) {
        this.armStalenessTimer(maxStalenessMs - silentMs);
        return;
      }
      this.counts.staleMarks += 1;
      this.quietly(() => this.cache.markAllStale());
      this.armStalenessTimer(maxStalenessMs);
    }, delayMs);
  }
}

/**
 * Keeps `cache` in step with every other instance on `options.transport`: each local invalidation
 * (bulkRemove, markStale, bulkRemoveAsync, delete, clear, markAllStale, a user's set, load of a key;
 * not read-through fills) is published, coalesced per event-loop turn, and the other instances' are
 * applied here. Resolves once the transport is connected and positioned; every entry the cache
 * holds at that moment is marked stale (nothing vouches for it). Throws a TypeError or RangeError
 * naming a bad option; rejects when the transport cannot open.
 */
export async function syncCache<K extends string | number>(cache: SyncableCache<K>, options: SyncCacheOptions): Promise<CacheSync> {
  const bus = new SyncBus(cache, resolveSyncOptions(cache, options));
  await bus.open();
  return bus;
}
