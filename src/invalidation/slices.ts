// Time-sliced work for bulkRemoveAsync: run a step per tag until it reports
// done, yielding to the event loop before each slice so that timers, I/O and
// other requests run between slices.

/** A slice of work on `tag` that stops by `deadline` (performance.now() ms); true when the tag is done. */
export type SliceStep = (tag: string, deadline: number) => boolean;

/** Runs a callback on a later turn of the event loop. */
export type Schedule = (callback: () => void) => void;

/** The globals a scheduler may use (a parameter so that tests can take some away). */
export interface SchedulerScope {
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: typeof MessageChannel;
  setTimeout: (callback: () => void, ms: number) => unknown;
}

/**
 * The quickest way back to the event loop after pending I/O: setImmediate in
 * Node, a MessageChannel message in browsers (setTimeout(0) is clamped to 4 ms
 * there once nested), setTimeout as the last resort.
 */
export function macrotaskScheduler(scope: SchedulerScope = globalThis as unknown as SchedulerScope): Schedule {
  const immediate = scope.setImmediate;
  if (typeof immediate === 'function') return (callback) => void immediate(callback);
  const Channel = scope.MessageChannel;
  if (typeof Channel === 'function') {
    const channel = new Channel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = (): void => waiting.shift()?.();
    return (callback) => {
      waiting.push(callback);
      channel.port2.postMessage(undefined);
    };
  }
  return (callback) => void scope.setTimeout(callback, 0);
}

let schedule: Schedule | undefined;

/** Resolves on a later turn of the event loop. */
export function yieldToEventLoop(): Promise<void> {
  schedule ??= macrotaskScheduler();
  const next = schedule;
  return new Promise((resolve) => next(resolve));
}

/** Runs `step` on each tag in turn, in slices of `sliceMs`, yielding before each slice. */
export async function removeInSlices(tags: readonly string[], sliceMs: number, step: SliceStep): Promise<void> {
  for (const tag of tags) {
    let done = false;
    while (!done) {
      await yieldToEventLoop();
      done = step(tag, performance.now() + sliceMs);
    }
  }
}
