// Reference models for getOrSet, namespaces and size-weighted eviction, built on
// the plain model (model.ts, unchanged): WeightedModel adds maxSize eviction,
// ModelLoads the loads in flight with the load guard as the README states it.

import type { RemovalReason } from '../../src/types';
import { ModelCache } from './model';
import type { Key } from './types';

/** ModelCache plus maxSize: after a set, the least recent entries go until the sizes fit. */
export class WeightedModel extends ModelCache {
  constructor(
    maxEntries: number,
    defaultTtl: number,
    private readonly now: () => number,
    readonly maxSize: number | undefined,
    private readonly sizeOf: (value: unknown) => number,
  ) {
    super(maxEntries, defaultTtl, now);
  }

  /** Whether set would throw: the entry alone is larger than maxSize. */
  tooLarge(value: unknown): boolean {
    return this.maxSize !== undefined && this.sizeOf(value) > this.maxSize;
  }

  override set(key: Key, value: unknown, tags: readonly string[] = [], ttl?: number): void {
    super.set(key, value, tags, ttl);
    if (this.maxSize === undefined) return;
    while (this.totalSize > this.maxSize) {
      const [leastRecent, entry] = this.entries.entries().next().value!;
      const reason: RemovalReason = this.now() >= entry.expiresAt ? 'expire' : 'evict';
      this.entries.delete(leastRecent);
      this.removals.push([leastRecent, entry.value, reason]);
      if (reason === 'evict') this.counters.evictions++;
      else this.counters.expirations++;
    }
  }

  /** Sum of the sizes of the entries held (expired ones too, until removed). */
  get totalSize(): number {
    let total = 0;
    for (const entry of this.entries.values()) total += this.sizeOf(entry.value);
    return total;
  }

  /** Milliseconds the live entry of key has left (Infinity: never expires), or undefined. */
  remaining(key: Key): number | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || this.now() >= entry.expiresAt) return undefined;
    return entry.expiresAt - this.now();
  }
}

/** What a caller of getOrSet should end with. */
export interface ModelCaller {
  status: 'pending' | 'fulfilled' | 'rejected';
  value?: unknown;
}

/** One load: started by a getOrSet miss, or in the background by a stale hit. */
export interface ModelLoad {
  key: Key;
  tags: string[];
  /** Lifetime the result is stored for; 0: never expires. */
  lifetime: number;
  stale: boolean;
  settled: boolean;
  callers: ModelCaller[];
}

/** The loads in flight: one live load per key; invalidations make loads stale and detach them. */
export class ModelLoads {
  /** Every load ever started, in the order the loader was called. */
  readonly all: ModelLoad[] = [];

  live(key: Key): ModelLoad | undefined {
    return this.all.find((load) => !load.settled && !load.stale && load.key === key);
  }

  start(key: Key, tags: string[], lifetime: number): ModelLoad {
    const load: ModelLoad = { key, tags, lifetime, stale: false, settled: false, callers: [] };
    this.all.push(load);
    return load;
  }

  invalidateKey(key: Key): void {
    for (const load of this.all) if (!load.settled && load.key === key) load.stale = true;
  }

  invalidateTags(tags: readonly string[]): void {
    for (const load of this.all) if (!load.settled && load.tags.some((tag) => tags.includes(tag))) load.stale = true;
  }

  invalidateAll(): void {
    for (const load of this.all) load.stale = true;
  }

  /** Loads whose loader has not settled yet, by index in `all`. */
  pending(): number[] {
    return this.all.flatMap((load, index) => (load.settled ? [] : [index]));
  }
}
