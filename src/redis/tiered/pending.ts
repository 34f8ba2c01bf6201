/**
 * Invalidations that could not reach Redis: kept (deduplicated, bounded) and applied on reconnect.
 * Past `maxPending` they collapse into one epoch bump, which makes every value in Redis stale.
 */
import { encodeKey } from './codec';

/** A snapshot of what is queued, taken to be applied. */
export interface PendingBatch<K> {
  tags: string[];
  keys: K[];
  /** Too much was queued: bump the epoch instead. */
  everything: boolean;
}

/** The queue of invalidations not yet applied in Redis. */
export class PendingInvalidations<K extends string | number> {
  private tags = new Set<string>();
  private keys = new Map<string, K>();
  private everything = false;

  constructor(private readonly maxPending: number) {}

  /** Tags and keys queued (1 once collapsed into an epoch bump). */
  get size(): number {
    return this.everything ? 1 : this.tags.size + this.keys.size;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  addTags(tags: readonly string[]): void {
    if (this.everything) return;
    for (const tag of tags) this.tags.add(tag);
    this.checkBound();
  }

  addKey(key: K): void {
    if (this.everything) return;
    this.keys.set(encodeKey(key), key);
    this.checkBound();
  }

  /** Removes and returns everything queued. */
  take(): PendingBatch<K> {
    const batch = { tags: [...this.tags], keys: [...this.keys.values()], everything: this.everything };
    this.tags = new Set();
    this.keys = new Map();
    this.everything = false;
    return batch;
  }

  /** Puts back a batch that could not be applied. */
  restore(batch: PendingBatch<K>): void {
    if (batch.everything) this.collapse();
    this.addTags(batch.tags);
    for (const key of batch.keys) this.addKey(key);
  }

  private checkBound(): void {
    if (this.tags.size + this.keys.size > this.maxPending) this.collapse();
  }

  private collapse(): void {
    this.everything = true;
    this.tags.clear();
    this.keys.clear();
  }
}
