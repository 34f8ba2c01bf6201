// Controllable promises for loader tests: no timers, no sleeps.

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((resolvePromise, rejectPromise) => {
    resolve = resolvePromise;
    reject = rejectPromise;
  });
  return { promise, resolve, reject };
}

/** A loader whose every call returns a new deferred promise, recorded with its key in call order. */
export function controlledLoader<K, V>(): { loader: (key: K) => Promise<V>; calls: { key: K; result: Deferred<V> }[] } {
  const calls: { key: K; result: Deferred<V> }[] = [];
  return {
    calls,
    loader: (key: K) => {
      const result = deferred<V>();
      calls.push({ key, result });
      return result.promise;
    },
  };
}

/** The state of a promise, kept up to date as it settles. */
export interface Outcome<T> {
  status: 'pending' | 'fulfilled' | 'rejected';
  value?: T;
  error?: unknown;
}

export function track<T>(promise: Promise<T>): Outcome<T> {
  const outcome: Outcome<T> = { status: 'pending' };
  promise.then(
    (value) => Object.assign(outcome, { status: 'fulfilled', value }),
    (error: unknown) => Object.assign(outcome, { status: 'rejected', error }),
  );
  return outcome;
}

/**
 * Lets every promise reaction that is already queued run (a macrotask runs only
 * once the microtask queue is empty). For work nobody awaits, such as a
 * background reload storing its value.
 */
export function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
