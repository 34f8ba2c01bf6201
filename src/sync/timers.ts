/** Timer helpers for transports: timers that never keep a process alive on their own, and deadlines. */

/** `setTimeout` whose timer does not hold the Node event loop open (no-op in browsers). */
export function backgroundTimeout(callback: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** `setInterval` whose timer does not hold the Node event loop open (no-op in browsers). */
export function backgroundInterval(callback: () => void, ms: number): ReturnType<typeof setInterval> {
  const timer = setInterval(callback, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

/** The error a deadline rejects with. */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/**
 * Settles like `promise`, or rejects with a `DeadlineError` carrying `message` after `ms`. The
 * timer is cleared as soon as either happens. A promise that loses the race is left to settle unobserved.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = backgroundTimeout(() => reject(new DeadlineError(message)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
