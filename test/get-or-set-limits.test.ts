// getOrSet's AbortSignal, soft and hard timeouts, and staleIfError.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { LoadContext } from '../src/types';
import { controlledLoader, deferred, track } from './support/deferred';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

describe('getOrSet: AbortSignal', () => {
  it('rejects only the caller that aborts; the loader is aborted once every caller has left', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const signals: AbortSignal[] = [];
    const pending = deferred<string>();
    const loader = (_key: string, { signal }: LoadContext) => (signals.push(signal), pending.promise);
    const first = new AbortController();
    const second = new AbortController();
    const a = track(cache.getOrSet('k', loader, { signal: first.signal }));
    const b = track(cache.getOrSet('k', loader, { signal: second.signal }));
    const c = cache.getOrSet('k', loader); // no signal: never leaves
    first.abort(new Error('a gave up'));
    await Promise.resolve();
    expect(a.status).toBe('rejected');
    expect((a.error as Error).message).toBe('a gave up');
    second.abort();
    await Promise.resolve();
    expect(b.status).toBe('rejected');
    expect(signals[0]!.aborted).toBe(false); // c still waits
    pending.resolve('value');
    await expect(c).resolves.toBe('value');
    expect(cache.get('k')).toBe('value');
  });

  it('aborts the loader and stores nothing once the last caller leaves; the next call loads afresh', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<string, string>();
    let loaderSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const waiting = cache.getOrSet('k', (key, context) => ((loaderSignal = context.signal), loader(key)), { signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(loaderSignal!.aborted).toBe(true);
    calls[0]!.result.resolve('late');
    await Promise.resolve();
    expect(cache.has('k')).toBe(false);
    const next = cache.getOrSet('k', loader);
    expect(calls.length).toBe(2);
    calls[1]!.result.resolve('fresh');
    await expect(next).resolves.toBe('fresh');
    expectIntact(cache);
  });

  it('an already aborted signal rejects at once without starting a load for others', async () => {
    const cache = new TagCache<string, number>({ maxEntries: 10 });
    await expect(cache.getOrSet('k', () => 1, { signal: AbortSignal.abort(new Error('before')) })).rejects.toThrow('before');
    expect(() => cache.getOrSet('k', () => 1, { signal: {} as never })).toThrow(/options\.signal must be an AbortSignal/);
  });
});

describe('getOrSet: timeouts and staleIfError', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hardTimeout rejects that caller with a TimeoutError; others sharing the load still get the value', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const { loader, calls } = controlledLoader<string, string>();
    const impatient = track(cache.getOrSet('k', loader, { hardTimeout: 50 }));
    const patient = cache.getOrSet('k', loader);
    await vi.advanceTimersByTimeAsync(50);
    expect(impatient.status).toBe('rejected');
    expect((impatient.error as Error).name).toBe('TimeoutError');
    expect((impatient.error as Error).message).toMatch(/the load of "k" took longer than hardTimeout 50 ms/);
    calls[0]!.result.resolve('v');
    await expect(patient).resolves.toBe('v');
    expect(cache.get('k')).toBe('v');
  });

  it('staleIfError serves the retained value when the reload fails, within the window only', async () => {
    let time = 0;
    const cache = new TagCache<string, string>({ maxEntries: 10, now: () => time });
    expect(await cache.getOrSet('k', () => 'v1', { ttl: 10, staleIfError: 100 })).toBe('v1');
    time = 20; // expired: get misses, the load fails, the retained value serves
    expect(cache.get('k')).toBeUndefined();
    await expect(cache.getOrSet('k', () => Promise.reject(new Error('db down')), { ttl: 10, staleIfError: 100 })).resolves.toBe('v1');
    expect(cache.has('k')).toBe(false); // served, not stored
    time = 110; // past ttl + staleIfError
    await expect(cache.getOrSet('k', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
  });

  it('staleIfError never serves a value invalidated by its key, its tags or clear', async () => {
    let time = 0;
    const cache = new TagCache<string, string>({ maxEntries: 10, now: () => time });
    const fail = () => Promise.reject(new Error('down'));
    const options = { ttl: 10, staleIfError: 1000, tags: ['t/x'] };
    const invalidations: [string, () => unknown][] = [
      ['delete', () => cache.delete('k')],
      ['set', () => cache.set('k', 'newer', { ttl: 1 })],
      ['bulkRemove', () => cache.bulkRemove('t/x')],
      ['markStale', () => cache.markStale('t/x')],
      ['clear', () => cache.clear()],
    ];
    for (const [name, invalidate] of invalidations) {
      time = 0;
      cache.clear();
      await cache.getOrSet('k', () => 'old', options);
      invalidate();
      time = 50;
      await expect(cache.getOrSet('k', fail, options), name).rejects.toThrow('down');
    }
  });

  it('a soft timeout serves the retained value at once and lets the load finish and store', async () => {
    let time = 0;
    const cache = new TagCache<string, string>({ maxEntries: 10, now: () => time });
    await cache.getOrSet('k', () => 'old', { ttl: 10, staleIfError: 1000 });
    time = 20;
    const slow = deferred<string>();
    const result = track(cache.getOrSet('k', () => slow.promise, { ttl: 10, staleIfError: 1000, timeout: 30 }));
    await vi.advanceTimersByTimeAsync(29);
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result).toMatchObject({ status: 'fulfilled', value: 'old' });
    slow.resolve('new');
    await vi.advanceTimersByTimeAsync(0);
    expect(cache.get('k')).toBe('new');
  });

  it('a soft timeout without a retained value waits for the load', async () => {
    const cache = new TagCache<string, string>({ maxEntries: 10 });
    const slow = deferred<string>();
    const result = track(cache.getOrSet('k', () => slow.promise, { timeout: 5 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(result.status).toBe('pending');
    slow.resolve('v');
    await vi.advanceTimersByTimeAsync(0);
    expect(result).toMatchObject({ status: 'fulfilled', value: 'v' });
  });
});
