// The entry store: one core instance and what WebAssembly cannot hold (keys,
// values, tag names, sizes), the counters, and the release of removed slots
// with delivery of their removals. May import core/, observe/latency and the
// shared validate/types; never the facade, invalidation/, queries/ or read-through/.

import { type CoreExports, CoreInstance, coreModule } from '../core';
import { REMOVED_STALE, SLOT_MASK } from '../core/layout';
import { removedSlots, removedSlotsStart } from '../core/scratch';
import { diagnosticHooks, type LoadMessage } from '../observe/diagnostics';
import { LatencyHistogram } from '../observe/latency';
import type { RemovalReason, TagCacheOptions, TraceEvent } from '../types';
import {
  checkClockReading,
  checkMaxEntries,
  checkPolicy,
  checkOptionalBoolean,
  checkOptionalFunction,
  checkTagSeparator,
  checkTtlOption,
  outOfMemory,
} from '../validate';
import { InvalidationListeners } from './invalidation-listeners';
import { KeyHashing } from './key-hashing';
import { deliverRemovals, type RemovalBatch } from './removals';
import { type EntrySizes, entrySizesFor } from './sizes';
import { TagRegistry } from './tag-registry';

/** Most slots one bulk core call removes before the wrapper releases them. */
export const REMOVAL_CHUNK = 4096;
const defaultClock = (): number => performance.now();
/** Why a slot's entry cannot be returned, as the core's deadState reports it. */
const DEAD_REASONS: readonly (RemovalReason | undefined)[] = [undefined, 'expire', 'stale'];

/** A core instance set up for `maxEntries` under `policy` (0 'lru', 1 'tinylfu'), or undefined when memory cannot be had. */
function newCore(module: WebAssembly.Module, maxEntries: number, policy: number): CoreInstance | undefined {
  const core = new CoreInstance(module);
  if (core.exports.init(maxEntries, policy) < 0) return undefined;
  // A seed per instance: which warm candidates win admission cannot be predicted from outside.
  if (policy !== 0) core.exports.setAdmissionSeed((Math.random() * 0x100000000) >>> 0);
  core.attach();
  // Scratch is the first region: growing it later would move every other one.
  return core.reserveScratch(REMOVAL_CHUNK + 64) ? core : undefined;
}

/** What a get hit must do beyond counting: trace it, renew its TTL, both or neither (undefined). */
function hitHook<K>(
  trace: ((event: TraceEvent<K>) => void) | undefined,
  renew: ((slot: number, now: number) => void) | undefined,
): ((key: K, slot: number, now: number) => void) | undefined {
  if (renew === undefined) return trace && ((key) => trace({ type: 'hit', key }));
  if (trace === undefined) return (_key, slot, now) => renew(slot, now);
  return (key, slot, now) => {
    renew(slot, now);
    trace({ type: 'hit', key });
  };
}

/** The state of one cache, shared by the facade and the modules below it. */
export class EntryStore<K extends string | number, V> {
  /** Most entries the cache holds. */
  readonly maxEntries: number;
  /** The eviction policy's id for the core: 0 'lru', 1 'tinylfu'. */
  readonly policy: number;
  /** The core instance; clear() of a large cache replaces it, so its memory goes back. */
  core: CoreInstance;
  /** The core's raw exports (hot paths call them directly). */
  api: CoreExports;
  /** The compiled module the core instances come from. */
  private readonly module: WebAssembly.Module;
  readonly tags: TagRegistry;
  readonly hashing = new KeyHashing();
  /** TTL of entries set without one (0: none). */
  readonly defaultTtl: number;
  readonly clock: () => number;
  readonly onRemove: ((key: K, value: V, reason: RemovalReason) => void) | undefined;
  readonly trace: ((event: TraceEvent<K>) => void) | undefined;
  /** Whether removals are recorded, for onRemove or trace. */
  readonly recordRemovals: boolean;
  /** With the diagnostics option in Node: publishes load events on `taglru:load`. */
  readonly publishLoad: ((message: LoadMessage) => void) | undefined;
  /** Entry sizes, for caches with maxSize only. */
  readonly sizes: EntrySizes<K, V> | undefined;
  /** Runs on every get hit, when trace or slidingExpiry asks for it: one check on the hot path. */
  readonly onHit: ((key: K, slot: number, now: number) => void) | undefined;
  /** Whether a get hit renews its entry's TTL (the slidingExpiry option). */
  readonly slidingExpiry: boolean;
  /** With slidingExpiry: the TTL each slot's entry was stored with (0: none). */
  readonly ttlBySlot: number[] = [];
  /** Who hears every local invalidation (the load guard, the sync bus). */
  readonly listeners = new InvalidationListeners<K>();
  /** Latency of bulkRemove calls. */
  readonly bulkLatency = new LatencyHistogram();
  /** Key of slot s at 2s, its value at 2s + 1: one cache line serves both. */
  keysAndValues: unknown[] = [];
  /** Whether any entry was stored with a TTL (expiry times exist in the core). */
  expiryActive = false;
  /** Whether the core may hold stale entries (set by markStale, cleared once a sweep finds none). */
  stalePending = false;
  /** Counts clear() calls, so a bulkRemoveAsync in progress can tell its tag ids were forgotten. */
  clears = 0;
  /** The clock's last reading (see now()). */
  lastReading = 0;
  /** Overrides the share at which bulkRemove rebuilds; for benchmarks comparing the two paths. */
  rebuildShare: number | undefined = undefined;
  hits = 0;
  misses = 0;
  sets = 0;
  deletes = 0;
  evictions = 0;
  expirations = 0;
  bulkRemoves = 0;
  removedByTag = 0;
  removedStale = 0;

  /** @throws TypeError or RangeError for bad options, naming the option. */
  constructor(options: TagCacheOptions<K, V>) {
    this.maxEntries = checkMaxEntries(options.maxEntries);
    this.policy = checkPolicy(options.policy);
    this.defaultTtl = checkTtlOption(options, 0);
    checkOptionalFunction(options.now, 'options.now');
    checkOptionalFunction(options.onRemove, 'options.onRemove');
    checkOptionalFunction(options.trace, 'options.trace');
    this.sizes = entrySizesFor(options);
    this.clock = options.now ?? defaultClock;
    const hooks = checkOptionalBoolean(options.diagnostics, 'options.diagnostics')
      ? diagnosticHooks(options.trace, options.onRemove)
      : undefined;
    this.onRemove = hooks?.onRemove ?? options.onRemove;
    this.trace = hooks?.trace ?? options.trace;
    this.publishLoad = hooks?.load;
    this.recordRemovals = this.onRemove !== undefined || this.trace !== undefined;
    this.slidingExpiry = checkOptionalBoolean(options.slidingExpiry, 'options.slidingExpiry');
    // One hook for both: a second check on the hit path measured 31 -> 40 ns per integer get hit (same process, A/B).
    this.onHit = hitHook(this.trace, this.slidingExpiry ? (slot, now) => this.renewExpiry(slot, now) : undefined);
    const separator = checkTagSeparator(options.tagSeparator);
    this.module = coreModule();
    const core = newCore(this.module, this.maxEntries, this.policy);
    if (core === undefined) throw outOfMemory('the cache');
    this.core = core;
    this.api = core.exports;
    this.tags = new TagRegistry(core, separator);
  }

  /**
   * Replaces the core by a fresh, empty instance, so the memory of the old one
   * goes back to the engine (WebAssembly memory never shrinks). For clear():
   * the caller empties everything else. False (nothing changed) when memory
   * for the new instance cannot be had.
   */
  renewCore(): boolean {
    const core = newCore(this.module, this.maxEntries, this.policy);
    if (core === undefined) return false;
    this.core = core;
    this.api = core.exports;
    this.tags.useCore(core);
    this.expiryActive = false;
    return true;
  }

  /** With slidingExpiry, a get hit at `now` renews the TTL of the entry in `slot`. */
  renewExpiry(slot: number, now: number): void {
    const ttl = this.ttlBySlot[slot]!;
    if (ttl > 0) this.core.setExpiresAt(slot, now + ttl);
  }

  /** Reads the clock: once per operation, so one operation never sees two times. */
  now(): number {
    return (this.lastReading = checkClockReading(this.clock()));
  }

  /** The clock when expiry is in use, else 0 (no reading needed). */
  nowIfExpiring(): number {
    return this.expiryActive ? this.now() : 0;
  }

  /** Allocates expiry times in the core, on the first entry with a TTL. */
  enableExpiry(): void {
    if (this.api.enableExpiry() < 0) throw outOfMemory('expiry times');
    this.expiryActive = true;
  }

  /** The slot holding `key`, or -1. Several keys may share a hash, so the key is compared. */
  locate(key: K, hash: number): number {
    for (let nth = 0; ; nth++) {
      const slot = this.api.find(hash, nth);
      if (slot < 0 || this.keysAndValues[2 * slot] === key) return slot;
    }
  }

  /**
   * Like locate, but an expired or stale entry (at `now`) is removed, reported
   * at once, and -1 returned. For reads that have nothing left to do after it.
   */
  locateLive(key: K, hash: number, now: number): number {
    const batch = this.newBatch();
    const slot = this.locateLiveInto(key, hash, now, batch, false);
    this.deliver(batch);
    return slot;
  }

  /**
   * locateLive recording the removal in `batch` for the caller to deliver once
   * its operation is complete; for a `lookup` (get), a removal counts a miss
   * for the entry's tags.
   */
  locateLiveInto(key: K, hash: number, now: number, batch: RemovalBatch | undefined, lookup: boolean): number {
    const slot = this.locate(key, hash);
    if (slot < 0 || (!this.expiryActive && !this.stalePending)) return slot;
    const reason = this.deadReason(slot, now);
    if (reason === undefined) return slot;
    if (lookup) this.api.countMiss(slot);
    this.api.remove(slot);
    this.release(slot, reason, batch);
    return -1;
  }

  /** `'expire'` or `'stale'` when a live slot's entry cannot be returned at `now`, else undefined. */
  deadReason(slot: number, now: number): RemovalReason | undefined {
    if (!this.expiryActive && !this.stalePending) return undefined;
    return DEAD_REASONS[this.api.deadState(slot, now)];
  }

  /** When a live slot expires: Infinity for never. */
  expiresAtOf(slot: number): number {
    if (!this.expiryActive) return Infinity;
    this.core.refresh();
    return this.core.times[this.core.expiryIndex + slot]!;
  }

  /** The key of a live slot. */
  keyOf(slot: number): K {
    return this.keysAndValues[2 * slot] as K;
  }

  /** The value of a live slot. */
  valueOf(slot: number): V {
    return this.keysAndValues[2 * slot + 1] as V;
  }

  /** Forgets the key and value of a slot the core has just freed, and records why. */
  release(slot: number, reason: RemovalReason, batch: RemovalBatch | undefined): void {
    batch?.push(this.keysAndValues[2 * slot], this.keysAndValues[2 * slot + 1], reason);
    this.keysAndValues[2 * slot] = undefined;
    this.keysAndValues[2 * slot + 1] = undefined;
    if (this.sizes !== undefined) this.sizes.release(slot);
    this.countRemovals(reason, 1);
  }

  /** Adds `removed` entries to the counter of `reason`. */
  countRemovals(reason: RemovalReason, removed: number): void {
    if (reason === 'evict') this.evictions += removed;
    else if (reason === 'expire') this.expirations += removed;
    else if (reason === 'delete') this.deletes += removed;
    else if (reason === 'tag') this.removedByTag += removed;
    else if (reason === 'stale') this.removedStale += removed;
  }

  /**
   * Releases the `removed` slots a bulk core call (bulkRemove,
   * bulkRemoveRebuilding, sweepStale, purgeExpired) given `tagCount` tag ids
   * just reported. Entries that had expired, or were flagged REMOVED_STALE, are
   * reported as such; returns how many were neither.
   */
  releaseRemoved(tagCount: number, removed: number, reason: RemovalReason, now: number, batch: RemovalBatch | undefined): number {
    const slots = removedSlots(this.core);
    const first = removedSlotsStart(tagCount);
    const keysAndValues = this.keysAndValues;
    if (batch === undefined && !this.expiryActive && this.sizes === undefined && !this.stalePending) {
      // The common case, kept tight: nothing to report, nothing expired, no sizes.
      for (let index = 0; index < removed; index++) {
        const slot = slots[first + index]!;
        keysAndValues[2 * slot] = undefined;
        keysAndValues[2 * slot + 1] = undefined;
      }
      this.countRemovals(reason, removed);
      return removed;
    }
    const times = this.core.times;
    const expiryIndex = this.core.expiryIndex;
    let unexpired = 0;
    for (let index = 0; index < removed; index++) {
      const word = slots[first + index]!;
      const slot = word & SLOT_MASK;
      const expired = this.expiryActive && now >= times[expiryIndex + slot]!;
      const entryReason = expired ? 'expire' : (word & REMOVED_STALE) !== 0 ? 'stale' : reason;
      this.release(slot, entryReason, batch);
      if (entryReason === reason && reason !== 'stale') unexpired++;
    }
    return unexpired;
  }

  /** Makes sure scratch holds `words` words. @throws RangeError naming `purpose` when memory cannot grow. */
  reserveScratch(words: number, purpose: string): void {
    if (!this.core.reserveScratch(words)) throw outOfMemory(purpose);
  }

  /** A batch to record removals in, or undefined when nobody listens. */
  newBatch(): RemovalBatch | undefined {
    return this.recordRemovals ? [] : undefined;
  }

  /** Runs onRemove and trace for the removals of `batch` (the operation is complete). */
  deliver(batch: RemovalBatch | undefined): void {
    if (batch !== undefined && batch.length > 0) deliverRemovals(this.onRemove, this.trace, batch);
  }
}
