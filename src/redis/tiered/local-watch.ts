/**
 * The L1 side of the load guard: hears every invalidation of the local cache (its own calls and
 * those the bus applies) while a read or load is in flight, so a value that such an invalidation
 * covers is not put into L1. The cache's own read-through fills are not invalidations.
 */
import type { AllInvalidationCause, InvalidationListener, KeyInvalidationCause } from '../../types';

/** What was invalidated locally while one read or load was in flight. */
export class Watch<K> {
  keyTouched = false;
  everything = false;
  readonly tags = new Set<string>();

  constructor(readonly key: K) {}

  /** True if an invalidation heard since the watch began covers `key` or any of `tags`. */
  covers(tags: readonly string[]): boolean {
    return this.keyTouched || this.everything || tags.some((tag) => this.tags.has(tag));
  }
}

/** The watches in flight, fed by the local cache's invalidation listener. */
export class LocalWatches<K> implements InvalidationListener<K> {
  private readonly active = new Set<Watch<K>>();

  /** Starts watching invalidations that would cover a value of `key`. */
  begin(key: K): Watch<K> {
    const watch = new Watch(key);
    this.active.add(watch);
    return watch;
  }

  /** Stops a watch. */
  end(watch: Watch<K>): void {
    this.active.delete(watch);
  }

  key(key: K, cause: KeyInvalidationCause): void {
    if (cause === 'fill') return;
    for (const watch of this.active) if (watch.key === key) watch.keyTouched = true;
  }

  tags(tags: readonly string[]): void {
    for (const watch of this.active) for (const tag of tags) watch.tags.add(tag);
  }

  all(_cause: AllInvalidationCause): void {
    for (const watch of this.active) watch.everything = true;
  }
}
