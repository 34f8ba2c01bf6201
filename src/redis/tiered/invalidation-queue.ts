/**
 * Invalidations that could not reach Redis, and the loop that applies them once Redis answers
 * again (with backoff), then repeats them on L1 so the bus carries them to the other instances
 * after Redis holds them. While anything is queued the tier neither reads nor writes values in Redis.
 */
import { ReconnectBackoff } from '../reconnect';
import type { L2Store } from './l2-store';
import { PendingInvalidations } from './pending';

/** The L1 methods the queue repeats invalidations on. */
export interface LocalInvalidator<K> {
  delete(key: K): boolean;
  markStale(tags: readonly string[]): number;
  markAllStale(): number;
}

/** Queued invalidations of one tier. */
export class InvalidationQueue<K extends string | number> {
  private readonly pending: PendingInvalidations<K>;
  private readonly backoff = new ReconnectBackoff(50, 2_000);
  private repairing: Promise<void> | undefined;
  /** Taken from the queue and being applied: still counted as queued until done. */
  private applying = 0;
  private closed = false;

  constructor(
    private readonly l2: L2Store,
    private readonly local: LocalInvalidator<K>,
    maxPending: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.pending = new PendingInvalidations<K>(maxPending);
  }

  /** Tags and keys queued (1 once collapsed into an epoch bump). */
  get size(): number {
    return this.pending.size + this.applying;
  }

  /** Nothing queued: Redis values can be trusted and written. */
  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** Queues tags whose generations must be bumped. */
  addTags(tags: readonly string[]): void {
    this.pending.addTags(tags);
    this.startRepair();
  }

  /** Queues a key whose value must be removed. */
  addKey(key: K): void {
    this.pending.addKey(key);
    this.startRepair();
  }

  /** Stops retrying; resolves once a repair in progress has ended. */
  async close(): Promise<void> {
    this.closed = true;
    this.backoff.cancel();
    await this.repairing;
  }

  private startRepair(): void {
    this.repairing ??= this.repair().finally(() => {
      this.repairing = undefined;
    });
  }

  /** Applies the queue once Redis answers again, then tells L1 (and so the bus) again. */
  private async repair(): Promise<void> {
    while (!this.pending.isEmpty && !this.closed) {
      await this.backoff.wait();
      const batch = this.pending.take();
      this.applying = batch.everything ? 1 : batch.tags.length + batch.keys.length;
      try {
        if (batch.everything) await this.l2.bumpEpoch();
        else {
          if (batch.tags.length > 0) await this.l2.bumpTags(batch.tags);
          for (const key of batch.keys) await this.l2.delete(key);
        }
      } catch (error) {
        this.onError(error);
        this.pending.restore(batch);
        continue;
      } finally {
        this.applying = 0;
      }
      this.backoff.reset();
      if (batch.everything) this.local.markAllStale();
      if (batch.tags.length > 0) this.local.markStale(batch.tags);
      for (const key of batch.keys) this.local.delete(key);
    }
  }
}
