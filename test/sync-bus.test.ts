// The bus against a fake cache and an in-memory transport hub: what propagates, echo rules,
// coalescing, queueing while publishes fail, resync and bounded staleness, flush and close.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncCache } from '../src/sync/index';
import { FakeCache } from './support/redis/fake-cache';
import { memoryHub } from './support/redis/memory-transport';
import { sleep, waitUntil } from './support/redis/recorder';

async function pair(options: Record<string, unknown> = {}) {
  const hub = memoryHub();
  const a = new FakeCache();
  const b = new FakeCache();
  const syncA = await syncCache(a, { transport: hub.transport(), ...options });
  const syncB = await syncCache(b, { transport: hub.transport(), ...options });
  a.calls.length = 0;
  b.calls.length = 0;
  return { hub, a, b, syncA, syncB };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('what propagates', () => {
  it('every local invalidation but fills, in one message per turn, keys keeping their type', async () => {
    const { hub, a, b, syncA, syncB } = await pair();
    a.set(1);
    a.set('1');
    a.set('filled', 'fill');
    a.set('loaded', 'load');
    a.delete(Infinity);
    a.delete(-0);
    a.bulkRemove(['t1', 't2']);
    a.markStale(['s1']);
    a.bulkRemoveAsync(['s2']);
    await syncA.flush();
    expect(hub.payloads.length).toBe(1);
    await waitUntil(() => syncB.stats().applied === 1, 'the message at B');
    expect(b.calls).toEqual([
      ['bulkRemove', ['t1', 't2']],
      ['markStale', ['s1', 's2']],
      ['delete', '1'],
      ['delete', 'loaded'],
      ['delete', 1],
      ['delete', Infinity],
      ['delete', 0],
    ]);
    expect(syncB.stats()).toMatchObject({ published: 0, received: 1, applied: 1, resyncs: 0, connected: true });
    expect(syncA.stats()).toMatchObject({ published: 1, pending: 0 });
    expect(syncB.stats().propagationMs.p99).toBeGreaterThanOrEqual(0);
  });

  it('clear and markAllStale travel; what came before them in the batch is subsumed', async () => {
    const { a, b, syncA, syncB } = await pair();
    a.delete('x');
    a.markAllStale();
    a.delete('y');
    await syncA.flush();
    await waitUntil(() => syncB.stats().applied === 1, 'the first message');
    expect(b.calls).toEqual([['markAllStale'], ['delete', 'y']]);
    a.markAllStale();
    a.clear();
    await syncA.flush();
    await waitUntil(() => syncB.stats().applied === 2, 'the second message');
    expect(b.calls.slice(2)).toEqual([['clear']]);
  });

  it('applying publishes nothing, but removals an onRemove callback makes while applying are published', async () => {
    const { hub, a, b, syncA, syncB } = await pair();
    const seen: boolean[] = [];
    b.onDelete = (key) => {
      seen.push(syncB.applyingRemote);
      if (key === 'parent') b.delete('child');
    };
    a.delete('parent');
    await syncA.flush();
    await waitUntil(() => a.calls.some((call) => call[1] === 'child'), 'the callback removal to reach A');
    expect(seen).toEqual([true, true]);
    expect(hub.payloads.length).toBe(2);
    await sleep(20);
    expect(syncA.stats().published).toBe(1);
    expect(syncB.stats().published).toBe(1);
    expect(syncB.applyingRemote).toBe(false);
  });

  it('a throwing onRemove during an apply is counted and reported, and the rest still applies', async () => {
    const errors: unknown[] = [];
    const { a, b, syncA, syncB } = await pair({
      onError: (error: unknown) => {
        errors.push(error);
        throw new Error('handler too');
      },
    });
    b.onDelete = (key) => {
      if (key === 'bad') throw new Error('callback failed');
    };
    a.delete('bad');
    a.delete('good');
    await syncA.flush();
    await waitUntil(() => syncB.stats().applied === 1, 'the message');
    expect(b.calls).toEqual([
      ['delete', 'bad'],
      ['delete', 'good'],
    ]);
    expect(syncB.stats().errors).toBe(1);
    expect(String(errors[0])).toMatch(/callback failed/);
  });

  it('malformed messages are counted and skipped', async () => {
    const hub = memoryHub();
    const b = new FakeCache();
    const transport = hub.transport();
    const syncB = await syncCache(b, { transport });
    b.calls.length = 0;
    for (const payload of [
      'nope',
      '5',
      '{"v":2}',
      '{"v":1,"all":"x"}',
      '{"v":1,"rm":[""]}',
      '{"v":1,"ks":[1]}',
      '{"v":1,"kn":["1x"]}',
      '{"v":1,"kn":[""]}',
      '{"v":1,"st":{}}',
      '{"v":1,"kn":["NaN"]}',
    ]) {
      transport.receiver()?.message(payload, { origin: 'x', sentAt: Date.now() });
    }
    transport.receiver()?.malformed('foreign entry');
    expect(syncB.stats()).toMatchObject({ received: 10, applied: 0, malformed: 11 });
    expect(b.calls).toEqual([]);
  });
});

describe('when the transport fails or goes quiet', () => {
  it('queues while publishes fail, deduplicated; flush times out, then resolves once published', async () => {
    const errors: unknown[] = [];
    const { hub, a, b, syncA, syncB } = await pair({ retryMinMs: 10, retryMaxMs: 40, onError: (error: unknown) => errors.push(error) });
    hub.failing = true;
    a.delete('k');
    a.delete('k');
    a.bulkRemove(['t']);
    await expect(syncA.flush(100)).rejects.toThrow(/flush timed out after 100 ms with 2 invalidations unpublished/);
    expect(syncA.stats().pending).toBe(2);
    expect(syncA.stats().errors).toBeGreaterThan(0);
    const flushed = syncA.flush();
    hub.failing = false;
    await flushed;
    await waitUntil(() => syncB.stats().applied === 1, 'the queued message');
    expect(b.calls).toEqual([
      ['bulkRemove', ['t']],
      ['delete', 'k'],
    ]);
    expect(String(errors[0])).toMatch(/hub is down/);
  });

  it('a queue over maxPending collapses into one "everything stale"', async () => {
    const { hub, a, b, syncA, syncB } = await pair({ maxPending: 3, retryMinMs: 10 });
    hub.failing = true;
    for (const key of ['a', 'b', 'c', 'd', 'e']) a.delete(key);
    await sleep(30);
    expect(syncA.stats()).toMatchObject({ overflows: 1, pending: 2 });
    hub.failing = false;
    a.bulkRemove(['after']);
    await syncA.flush();
    await waitUntil(() => syncB.stats().applied >= 1, 'the collapsed message');
    expect(b.calls).toEqual([['markAllStale'], ['bulkRemove', ['after']], ['delete', 'e']]);
  });

  it('a reconnect sends what is queued without waiting for the retry backoff', async () => {
    const { hub, a, syncA } = await pair({ retryMinMs: 60_000, retryMaxMs: 60_000 });
    const transportA = (syncA as unknown as { options: { transport: ReturnType<typeof hub.transport> } }).options.transport;
    hub.failing = true;
    a.delete('k');
    await waitUntil(() => syncA.stats().errors === 1, 'the failed publish');
    hub.failing = false;
    transportA.receiver()?.connection(false);
    expect(syncA.stats().connected).toBe(false);
    transportA.receiver()?.connection(true);
    await syncA.flush(5_000);
    expect(hub.payloads.length).toBe(1);
  });

  it('a resync marks everything stale, publishes nothing and is counted with its reason', async () => {
    const { hub, b, syncB } = await pair();
    const transportB = (syncB as unknown as { options: { transport: ReturnType<typeof hub.transport> } }).options.transport;
    transportB.receiver()?.resync('gap of 3');
    expect(b.calls).toEqual([['markAllStale']]);
    expect(syncB.stats()).toMatchObject({ resyncs: 1, lastResync: { reason: 'gap of 3' }, pending: 0 });
    await sleep(10);
    expect(hub.payloads).toEqual([]);
  });

  it('no contact for maxStalenessMs: everything marked stale, again every maxStalenessMs, until heard again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hub = memoryHub();
    const cache = new FakeCache();
    const transport = hub.transport();
    const sync = await syncCache(cache, { transport, maxStalenessMs: 1_000 });
    cache.calls.length = 0;
    vi.advanceTimersByTime(600);
    transport.receiver()?.heard();
    vi.advanceTimersByTime(900);
    expect(cache.calls).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(cache.calls).toEqual([['markAllStale']]);
    vi.advanceTimersByTime(1_000);
    expect(sync.stats().staleMarks).toBe(2);
    transport.receiver()?.heard();
    vi.advanceTimersByTime(999);
    expect(sync.stats().staleMarks).toBe(2);
    expect(hub.payloads).toEqual([]);
    vi.useRealTimers();
    await sync.close();
  });
});

describe('open, flush and close', () => {
  it('open marks what the cache already holds stale; close publishes what is queued, then stops', async () => {
    const hub = memoryHub();
    const cache = new FakeCache();
    const transport = hub.transport();
    const sync = await syncCache(cache, { transport });
    expect(cache.calls).toEqual([['markAllStale']]);
    expect(hub.payloads).toEqual([]);
    cache.delete('last');
    await sync.close();
    await sync.close();
    expect(hub.payloads.length).toBe(1);
    expect(cache.listenerCount).toBe(0);
    expect(transport.closed).toBe(true);
    await expect(sync.flush()).rejects.toThrow(/closed/);
    expect(sync.stats().connected).toBe(false);
  });

  it('close gives up on a queue it cannot publish within closeTimeoutMs; waiting flushes reject', async () => {
    const { hub, a, syncA } = await pair({ closeTimeoutMs: 50, retryMinMs: 10 });
    hub.failing = true;
    a.delete('k');
    const waiting = syncA.flush();
    await syncA.close();
    await expect(waiting).rejects.toThrow(/closed before these invalidations were published/);
    expect(a.listenerCount).toBe(0);
  });

  it('flush with nothing queued resolves at once; a bad timeout is a RangeError', async () => {
    const { syncA } = await pair();
    await syncA.flush();
    await syncA.flush(0);
    for (const bad of [-1, Number.NaN, Infinity, '5']) await expect(syncA.flush(bad as number)).rejects.toThrow(RangeError);
  });

  it('a transport that cannot open: syncCache rejects and leaves no listener', async () => {
    const cache = new FakeCache();
    const transport = {
      open: () => Promise.reject(new Error('no server')),
      publish: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    await expect(syncCache(cache, { transport })).rejects.toThrow('no server');
    expect(cache.listenerCount).toBe(0);
  });

  it('bad arguments name the culprit', async () => {
    const cache = new FakeCache();
    const transport = memoryHub().transport();
    await expect(syncCache({} as never, { transport })).rejects.toThrow(/cache must be a TagCache/);
    await expect(syncCache(cache, undefined as never)).rejects.toThrow(/options must be an object/);
    await expect(syncCache(cache, {} as never)).rejects.toThrow(/options.transport must be a transport/);
    await expect(syncCache(cache, { transport, onError: 5 as never })).rejects.toThrow(/options.onError must be a function/);
    await expect(syncCache(cache, { transport, maxStaleness: 5 } as never)).rejects.toThrow(
      /options.maxStaleness is not an option; did you mean maxStalenessMs\?/,
    );
    await expect(syncCache(cache, { transport, maxStalenessMs: 0 })).rejects.toThrow(RangeError);
    const slowTransport = Object.assign(memoryHub().transport(), { livenessMs: 8_000 });
    await expect(syncCache(cache, { transport: slowTransport, maxStalenessMs: 8_000 })).rejects.toThrow(
      /options.maxStalenessMs must be from 8001/,
    );
    const slowSync = await syncCache(cache, { transport: slowTransport });
    await slowSync.close();
    await expect(syncCache(cache, { transport, maxPending: 1.5 })).rejects.toThrow(/options.maxPending must be an integer/);
    await expect(syncCache(cache, { transport, retryMinMs: 500, retryMaxMs: 10 })).rejects.toThrow(/options.retryMaxMs/);
    await expect(syncCache(cache, { transport, closeTimeoutMs: -1 })).rejects.toThrow(/options.closeTimeoutMs/);
    expect(cache.listenerCount).toBe(0);
  });
});
