// Retained values for staleIfError: a loaded value stored with
// `staleIfError: ms` is kept beside the cache for that long after its entry's
// life ends, and served only when a later load of its key fails (or, with a
// soft `timeout`, is slow). Any invalidation of its key or tags drops it, so a
// retained value is never served after an invalidation. At most `capacity`
// values are kept (the oldest go first).

import type { InvalidationListener } from '../types';

interface Retained<V> {
  readonly value: V;
  /** When the retention ends (clock ms). */
  readonly until: number;
  readonly tags: readonly string[];
}

/** The retained values of one cache's loads. */
export class RetainedValues<K, V> implements InvalidationListener<K> {
  private readonly byKey = new Map<K, Retained<V>>();
  private readonly byTag = new Map<string, Set<K>>();

  constructor(private readonly capacity: number) {}

  /** Keeps `value` for `key` until `until`, under its (expanded) tags. */
  remember(key: K, value: V, tags: readonly string[], until: number): void {
    this.forget(key);
    if (this.byKey.size >= this.capacity) this.forget(this.byKey.keys().next().value as K);
    this.byKey.set(key, { value, until, tags });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (keys === undefined) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  /** The retained value of `key` at `now`, if its retention has not ended. */
  valueAt(key: K, now: number): V | undefined {
    const retained = this.byKey.get(key);
    if (retained === undefined) return undefined;
    if (now < retained.until) return retained.value;
    this.forget(key);
    return undefined;
  }

  /** How many values are retained. */
  get size(): number {
    return this.byKey.size;
  }

  key(key: K): void {
    if (this.byKey.size !== 0) this.forget(key);
  }

  tags(tags: readonly string[]): void {
    if (this.byKey.size === 0) return;
    for (const tag of tags) for (const key of [...(this.byTag.get(tag) ?? [])]) this.forget(key);
  }

  all(): void {
    this.byKey.clear();
    this.byTag.clear();
  }

  private forget(key: K): void {
    const retained = this.byKey.get(key);
    if (retained === undefined) return;
    this.byKey.delete(key);
    for (const tag of retained.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
