// The smallest SyncableCache: it records the calls the bus makes and reports invalidations to its
// listeners the way TagCache does (own event first, then an onRemove-like hook that may call back).
import type { InvalidationListener, SyncableCache } from '../../../src/sync/syncable-cache';

export type Key = string | number;

export class FakeCache implements SyncableCache<Key> {
  readonly calls: unknown[][] = [];
  private readonly listeners: InvalidationListener<Key>[] = [];
  /** Runs after each delete's event, like an onRemove callback. */
  onDelete: ((key: Key) => void) | undefined;

  addInvalidationListener(listener: InvalidationListener<Key>): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners.splice(this.listeners.indexOf(listener), 1);
    };
  }
  get listenerCount(): number {
    return this.listeners.length;
  }
  set(key: Key, cause: 'set' | 'fill' | 'load' = 'set'): void {
    this.calls.push([cause, key]);
    for (const listener of this.listeners) listener.key(key, cause);
  }
  delete(key: Key): boolean {
    this.calls.push(['delete', key]);
    for (const listener of this.listeners) listener.key(key, 'delete');
    this.onDelete?.(key);
    return true;
  }
  bulkRemove(tags: readonly string[]): number {
    this.calls.push(['bulkRemove', [...tags]]);
    for (const listener of this.listeners) listener.tags(tags, 'bulkRemove');
    return 0;
  }
  markStale(tags: readonly string[]): number {
    this.calls.push(['markStale', [...tags]]);
    for (const listener of this.listeners) listener.tags(tags, 'markStale');
    return 0;
  }
  bulkRemoveAsync(tags: readonly string[]): void {
    this.calls.push(['bulkRemoveAsync', [...tags]]);
    for (const listener of this.listeners) listener.tags(tags, 'bulkRemoveAsync');
  }
  markAllStale(): number {
    this.calls.push(['markAllStale']);
    for (const listener of this.listeners) listener.all('markAllStale');
    return 0;
  }
  clear(): void {
    this.calls.push(['clear']);
    for (const listener of this.listeners) listener.all('clear');
  }
}
