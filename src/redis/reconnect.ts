/** Waiting between reconnect attempts: exponential backoff that `close()` can cut short. */
import { backgroundTimeout } from '../sync/timers';

/** A sleep that can be cancelled, and the backoff delays to sleep for. */
export class ReconnectBackoff {
  private delayMs: number;
  private wake: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {
    this.delayMs = minMs;
  }

  /** Waits the current delay and doubles it (up to the maximum). Resolves early on `cancel`. */
  wait(): Promise<void> {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxMs);
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = backgroundTimeout(resolve, delay);
    });
  }

  /** A connection succeeded: the next failure starts again from the shortest delay. */
  reset(): void {
    this.delayMs = this.minMs;
  }

  /** Ends the current wait at once. */
  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.wake?.();
  }
}
