/**
 * The publishing side of the bus: invalidations made in one event-loop turn are coalesced into one
 * message; one message is in flight at a time, so "published up to version N" is exact; a failed
 * publish goes back into the queue and is retried with backoff; `flush` waits for a version.
 */
import { InvalidationBatch } from './invalidation-batch';
import { backgroundTimeout } from './timers';
import type { Transport } from './transport';
import { encodeBatch } from './wire';

interface FlushWaiter {
  version: number;
  resolve(): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Runs `callback` after the current event-loop turn (setImmediate where it exists). */
const afterThisTurn: (callback: () => void) => void =
  typeof globalThis.setImmediate === 'function'
    ? (callback) => {
        globalThis.setImmediate(callback);
      }
    : (callback) => {
        setTimeout(callback, 0);
      };

/** Queue, sender and flush bookkeeping of one bus. */
export class Outbox {
  /** Invalidations recorded and not yet taken by a publish. */
  readonly batch: InvalidationBatch;
  /** Messages published successfully. */
  published = 0;
  private inFlightSize = 0;
  private sending = false;
  private scheduled = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs: number;
  /** Incremented by every recorded invalidation. */
  private version = 0;
  /** Every invalidation up to this version is published. */
  private confirmed = 0;
  private readonly waiters: FlushWaiter[] = [];

  constructor(
    private readonly transport: Transport,
    maxPending: number,
    private readonly retryMinMs: number,
    private readonly retryMaxMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.batch = new InvalidationBatch(maxPending);
    this.retryDelayMs = retryMinMs;
  }

  /** Invalidations not yet confirmed published. */
  get pending(): number {
    return this.batch.size + this.inFlightSize;
  }

  /** Call after adding to `batch`: schedules a send after this turn. */
  recorded(): void {
    this.version += 1;
    this.schedule();
  }

  /** Sends now if nothing is in flight and no retry is waiting (the link came back). */
  sendSoon(): void {
    if (this.retryTimer !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.schedule();
  }

  /** Resolves once every invalidation recorded before the call is published; rejects after `timeoutMs`. */
  flush(timeoutMs: number | undefined): Promise<void> {
    if (this.confirmed >= this.version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: FlushWaiter = { version: this.version, resolve, reject, timer: undefined };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`taglru: flush timed out after ${timeoutMs} ms with ${this.pending} invalidations unpublished`));
        }, timeoutMs);
      }
      this.waiters.push(waiter);
      void this.send();
    });
  }

  /** Stops retrying and rejects every waiting flush. */
  close(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('taglru: the sync was closed before these invalidations were published'));
    }
  }

  private schedule(): void {
    if (this.scheduled || this.sending || this.retryTimer !== undefined) return;
    this.scheduled = true;
    afterThisTurn(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if (this.sending || this.batch.isEmpty) return;
    this.sending = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const version = this.version;
    const contents = this.batch.take();
    this.inFlightSize =
      contents.removedTags.length + contents.staleTags.length + contents.keys.length + (contents.all === undefined ? 0 : 1);
    try {
      await this.transport.publish(encodeBatch(contents));
      this.published += 1;
      this.confirmed = version;
      this.retryDelayMs = this.retryMinMs;
      this.settleWaiters();
    } catch (error) {
      this.batch.merge(contents);
      this.onError(error);
      this.retryTimer = backgroundTimeout(() => {
        this.retryTimer = undefined;
        void this.send();
      }, this.retryDelayMs);
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.retryMaxMs);
    } finally {
      this.sending = false;
      this.inFlightSize = 0;
    }
    if (!this.batch.isEmpty) this.schedule();
  }

  private settleWaiters(): void {
    for (let index = this.waiters.length - 1; index >= 0; index--) {
      const waiter = this.waiters[index] as FlushWaiter;
      if (waiter.version > this.confirmed) continue;
      this.waiters.splice(index, 1);
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }
}
