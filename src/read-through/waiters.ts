// One caller's wait for a shared load: its AbortSignal, its soft timeout
// (serve a retained value and let the load go on) and its hard timeout
// (reject). A caller that leaves never rejects the others; the loader is
// aborted only once every caller has left.

import type { AbortSignalLike } from '../types';

/** The error a caller gets when its `hardTimeout` ends first. */
export class LoadTimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** What a load shares with the callers waiting for it. */
export interface SharedLoad<V> {
  readonly promise: Promise<V>;
  /** Callers still waiting. */
  waiters: number;
  /** Called when the last caller has left before the load settled: aborts the loader. */
  abandon(): void;
}

/** A caller's own limits on the wait. */
export interface WaitLimits<V> {
  readonly signal: AbortSignalLike | undefined;
  /** Soft timeout in ms (0: none): after it, `fallback()` is served if it gives a value. */
  readonly timeout: number;
  /** Hard timeout in ms (0: none): after it, the caller's promise rejects. */
  readonly hardTimeout: number;
  /** A retained value to serve after the soft timeout, if any. */
  readonly fallback: () => V | undefined;
  /** For error messages. */
  readonly describe: () => string;
}

/**
 * This caller's promise for `load`, honouring `limits`. The caller already
 * counts among `load.waiters`.
 */
export function waitFor<V>(load: SharedLoad<V>, limits: WaitLimits<V>): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    let finished = false;
    let softTimer: ReturnType<typeof setTimeout> | undefined;
    let hardTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => leave(() => reject(limits.signal!.reason));
    const finish = (then: () => void): void => {
      if (finished) return;
      finished = true;
      if (softTimer !== undefined) clearTimeout(softTimer);
      if (hardTimer !== undefined) clearTimeout(hardTimer);
      limits.signal?.removeEventListener('abort', onAbort);
      then();
    };
    // Leaving: this caller stops waiting; the last one to leave abandons the load.
    const leave = (then: () => void): void => {
      if (finished) return;
      finish(then);
      if (--load.waiters === 0) load.abandon();
    };
    load.promise.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
    if (limits.signal !== undefined) {
      if (limits.signal.aborted) return onAbort();
      limits.signal.addEventListener('abort', onAbort, { once: true });
    }
    if (limits.hardTimeout > 0) {
      hardTimer = setTimeout(() => {
        leave(() =>
          reject(new LoadTimeoutError(`taglru: the load of ${limits.describe()} took longer than hardTimeout ${limits.hardTimeout} ms`)),
        );
      }, limits.hardTimeout);
    }
    if (limits.timeout > 0) {
      softTimer = setTimeout(() => {
        softTimer = undefined;
        const value = limits.fallback();
        // The load goes on (and stores its result); this caller has its answer.
        if (value !== undefined) finish(() => resolve(value));
      }, limits.timeout);
    }
  });
}
