// The invalidation listener port: whoever must hear of every local
// invalidation (the read-through load guard; the cross-instance bus) registers
// here. Listeners are called synchronously when the invalidation happens,
// before onRemove callbacks run; with none registered it costs one length check.

import type { AllInvalidationCause, InvalidationListener, KeyInvalidationCause, TagInvalidationCause } from '../types';

/** The listeners of one cache. */
export class InvalidationListeners<K> {
  /** Read directly by hot paths: `length === 0` means nobody listens. */
  readonly list: InvalidationListener<K>[] = [];

  /** Adds a listener; returns the function that removes it. */
  add(listener: InvalidationListener<K>): () => void {
    this.list.push(listener);
    return () => {
      const index = this.list.indexOf(listener);
      if (index >= 0) this.list.splice(index, 1);
    };
  }

  /** Tells every listener that `key` was invalidated. */
  key(key: K, cause: KeyInvalidationCause): void {
    for (const listener of [...this.list]) listener.key(key, cause);
  }

  /** Tells every listener that `tags` were invalidated. */
  tags(tags: string | readonly string[], cause: TagInvalidationCause): void {
    const list = typeof tags === 'string' ? [tags] : tags;
    for (const listener of [...this.list]) listener.tags(list, cause);
  }

  /** Tells every listener that everything was invalidated. */
  all(cause: AllInvalidationCause): void {
    for (const listener of [...this.list]) listener.all(cause);
  }
}
