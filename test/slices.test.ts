// The event-loop scheduling behind bulkRemoveAsync (src/slices.ts): each way
// back to the event loop, and slices that yield before each step.
import { describe, expect, it, vi } from 'vitest';
import { macrotaskScheduler, removeInSlices, type SchedulerScope } from '../src/invalidation/slices';

const noTimeout: SchedulerScope['setTimeout'] = () => {
  throw new Error('setTimeout must not be used here');
};

describe('macrotaskScheduler', () => {
  it('uses setImmediate where there is one (Node)', async () => {
    const setImmediateSpy = vi.fn((callback: () => void) => setImmediate(callback));
    const schedule = macrotaskScheduler({ setImmediate: setImmediateSpy, MessageChannel, setTimeout: noTimeout });
    await new Promise<void>((resolve) => schedule(resolve));
    expect(setImmediateSpy).toHaveBeenCalledTimes(1);
  });

  it('uses a MessageChannel without setImmediate (browsers), running callbacks in order', async () => {
    const channels: MessageChannel[] = [];
    class RecordingChannel extends MessageChannel {
      constructor() {
        super();
        channels.push(this);
      }
    }
    const schedule = macrotaskScheduler({ MessageChannel: RecordingChannel, setTimeout: noTimeout });
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map(
        (value) =>
          new Promise<void>((resolve) =>
            schedule(() => {
              order.push(value);
              resolve();
            }),
          ),
      ),
    );
    expect(order).toEqual([1, 2, 3]);
    expect(channels).toHaveLength(1); // one channel for every callback
    for (const channel of channels) {
      channel.port1.close();
      channel.port2.close();
    }
  });

  it('falls back to setTimeout(0) with neither', async () => {
    const setTimeoutSpy = vi.fn((callback: () => void, ms: number) => setTimeout(callback, ms));
    const schedule = macrotaskScheduler({ setTimeout: setTimeoutSpy });
    await new Promise<void>((resolve) => schedule(resolve));
    expect(setTimeoutSpy).toHaveBeenCalledWith(expect.any(Function), 0);
  });
});

describe('removeInSlices', () => {
  it('runs each tag until its step reports done, yielding to the event loop before every slice', async () => {
    const calls: string[] = [];
    let remaining = new Map([
      ['a', 3],
      ['b', 1],
    ]);
    let immediateRan = 0;
    const step = (tag: string, deadline: number): boolean => {
      calls.push(`${tag}@${immediateRan}`);
      expect(deadline).toBeGreaterThan(performance.now());
      expect(deadline - performance.now()).toBeLessThanOrEqual(5);
      // A setImmediate queued now runs before the next slice only if the slices yield.
      setImmediate(() => immediateRan++);
      const left = remaining.get(tag)! - 1;
      remaining.set(tag, left);
      return left === 0;
    };
    await removeInSlices(['a', 'b'], 5, step);
    expect(calls).toEqual(['a@0', 'a@1', 'a@2', 'b@3']);
    remaining = new Map();
    await removeInSlices([], 5, step);
    expect(calls).toHaveLength(4);
  });
});
