// The load guard: the loads in flight (getOrSet, memoize), each with the key
// and tags its result is to be stored under. It is an invalidation listener of
// the cache (through the read-through port).
//
// A load that runs while its data is invalidated would otherwise store a value
// computed from data older than the invalidation. So every invalidation marks
// the loads it concerns superseded and detaches them: their result still
// reaches the callers waiting for it, but is not stored, and the next caller
// starts a fresh load. Invalidations are a write or delete of the key (whether
// or not an entry exists), a bulkRemove, markStale or bulkRemoveAsync of one of
// the tags, clear and markAllStale. With hierarchical tags, a load is indexed
// under every level of its tags.

import type { InvalidationListener } from '../types';

/** One load in flight. */
export interface PendingLoad<K, V> {
  readonly key: K;
  /** Every tag the stored entry will carry (with hierarchical tags, each level). */
  readonly tags: readonly string[];
  /** Settles with the load's outcome once the value has been stored (or not). */
  readonly promise: Promise<V>;
  /** Set by an invalidation (or when every caller left): the result must not be stored. */
  superseded: boolean;
  /** Callers waiting for it (see waiters.ts). */
  waiters: number;
  /** Aborts the loader once every caller has left, and supersedes the load. */
  abandon(): void;
}

/** The loads in flight of one cache, by key and by tag. */
export class LoadGuard<K, V> implements InvalidationListener<K> {
  /** The live (not superseded) load of each key: later callers join it. */
  private readonly byKey = new Map<K, PendingLoad<K, V>>();
  /** Live loads by tag, for bulkRemove. */
  private readonly byTag = new Map<string, Set<PendingLoad<K, V>>>();

  /** @param expand - the tags an entry given some tags carries (the port's expandTags). */
  constructor(private readonly expand: (tags: readonly string[]) => readonly string[] = (tags) => tags) {}

  /** The live load of `key` that a new caller may join, if any. */
  current(key: K): PendingLoad<K, V> | undefined {
    return this.byKey.get(key);
  }

  /** Registers a load of `key`; a live load of the key is superseded by it. */
  begin(key: K, tags: readonly string[], promise: Promise<V>, abort: () => void): PendingLoad<K, V> {
    this.key(key);
    const fill: PendingLoad<K, V> = {
      key,
      tags: this.expand(tags),
      promise,
      superseded: false,
      waiters: 1,
      abandon: () => {
        if (!fill.superseded && this.byKey.get(key) === fill) this.supersede(fill);
        fill.superseded = true;
        abort();
      },
    };
    this.byKey.set(key, fill);
    for (const tag of fill.tags) {
      let fills = this.byTag.get(tag);
      if (fills === undefined) this.byTag.set(tag, (fills = new Set()));
      fills.add(fill);
    }
    return fill;
  }

  /** Ends a load; returns whether its result may be stored (no invalidation met it). */
  end(fill: PendingLoad<K, V>): boolean {
    if (fill.superseded) return false;
    this.detach(fill);
    return true;
  }

  /** The key was written or deleted: its load, if any, is superseded. */
  key(key: K): void {
    if (this.byKey.size === 0) return;
    const fill = this.byKey.get(key);
    if (fill !== undefined) this.supersede(fill);
  }

  /** Entries of these tags were removed or made stale: loads carrying any of them are superseded. */
  tags(tags: readonly string[]): void {
    if (this.byTag.size === 0) return;
    for (const tag of tags) {
      const fills = this.byTag.get(tag);
      if (fills !== undefined) for (const fill of [...fills]) this.supersede(fill);
    }
  }

  /** The cache was cleared or everything made stale: every load is superseded. */
  all(): void {
    for (const fill of [...this.byKey.values()]) this.supersede(fill);
  }

  private supersede(fill: PendingLoad<K, V>): void {
    fill.superseded = true;
    this.detach(fill);
  }

  private detach(fill: PendingLoad<K, V>): void {
    this.byKey.delete(fill.key);
    for (const tag of fill.tags) {
      const fills = this.byTag.get(tag);
      if (fills === undefined) continue; // a tag listed twice
      fills.delete(fill);
      if (fills.size === 0) this.byTag.delete(tag);
    }
  }
}
