// The stale-fill guard: the loads in flight (getOrSet, memoize), each with the
// key and tags its result is to be stored under.
//
// A load that runs while its data is invalidated would otherwise store a value
// computed from data older than the invalidation. So every invalidation marks
// the loads it concerns stale and detaches them: their result still reaches the
// callers waiting for it, but is not stored, and the next caller starts a fresh
// load. Invalidations are a set or delete of the key (whether or not an entry
// exists), a bulkRemove, markStale or bulkRemoveAsync of one of the tags, and
// clear. With hierarchical tags, a load is indexed under every level of its tags.

/** One load in flight. */
export interface PendingFill<K, V> {
  readonly key: K;
  /** Every tag the stored entry will carry (with hierarchical tags, each level). */
  readonly tags: readonly string[];
  /** Settles with the load's outcome once the value has been stored (or not). */
  readonly promise: Promise<V>;
  /** Set by an invalidation: the result must not be stored. */
  stale: boolean;
}

/** The loads in flight of one cache, by key and by tag. */
export class FillGuard<K, V> {
  /** The live (not stale) load of each key: later callers join it. */
  private readonly byKey = new Map<K, PendingFill<K, V>>();
  /** Live loads by tag, for bulkRemove. */
  private readonly byTag = new Map<string, Set<PendingFill<K, V>>>();

  /** @param expand - the tags an entry given some tags carries (TagRegistry.expand). */
  constructor(private readonly expand: (tags: readonly string[]) => readonly string[] = (tags) => tags) {}

  /** The live load of `key` that a new caller may join, if any. */
  current(key: K): PendingFill<K, V> | undefined {
    return this.byKey.get(key);
  }

  /** Registers a load of `key`; a live load it supersedes is marked stale. */
  begin(key: K, tags: readonly string[], promise: Promise<V>): PendingFill<K, V> {
    this.invalidateKey(key);
    const fill: PendingFill<K, V> = { key, tags: this.expand(tags), promise, stale: false };
    this.byKey.set(key, fill);
    for (const tag of fill.tags) {
      let fills = this.byTag.get(tag);
      if (fills === undefined) this.byTag.set(tag, (fills = new Set()));
      fills.add(fill);
    }
    return fill;
  }

  /** Ends a load; returns whether its result may be stored (no invalidation met it). */
  end(fill: PendingFill<K, V>): boolean {
    if (fill.stale) return false;
    this.detach(fill);
    return true;
  }

  /** The key was set or deleted: its load, if any, is stale. */
  invalidateKey(key: K): void {
    if (this.byKey.size === 0) return;
    const fill = this.byKey.get(key);
    if (fill !== undefined) this.markStale(fill);
  }

  /** Entries of these tags were removed or made stale: loads carrying any of them are stale. */
  invalidateTags(tags: string | readonly string[]): void {
    if (this.byTag.size === 0) return;
    for (const tag of typeof tags === 'string' ? [tags] : tags) {
      const fills = this.byTag.get(tag);
      if (fills !== undefined) for (const fill of [...fills]) this.markStale(fill);
    }
  }

  /** The cache was cleared: every load is stale. */
  invalidateAll(): void {
    for (const fill of [...this.byKey.values()]) this.markStale(fill);
  }

  private markStale(fill: PendingFill<K, V>): void {
    fill.stale = true;
    this.detach(fill);
  }

  private detach(fill: PendingFill<K, V>): void {
    this.byKey.delete(fill.key);
    for (const tag of fill.tags) {
      const fills = this.byTag.get(tag);
      if (fills === undefined) continue; // a tag listed twice
      fills.delete(fill);
      if (fills.size === 0) this.byTag.delete(tag);
    }
  }
}
