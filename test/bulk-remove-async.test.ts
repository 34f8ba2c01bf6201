// bulkRemoveAsync: entries become invisible at once (markStale), then are
// removed in slices of at most sliceMs ms of work, yielding to the event loop
// before each slice; other operations between slices see a consistent cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useBuild } from './support/builds';
import { expectIntact, type Key, recordingCache, type Removal, useDebugBuild } from './support/setup';

useDebugBuild();

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Each key removed exactly once, all with `reason`. */
function expectRemovedOnce(removals: Removal[], keys: Key[], reason: string): void {
  const counts = new Map<Key, number>();
  for (const [key] of removals) counts.set(key, (counts.get(key) ?? 0) + 1);
  expect(keys.filter((key) => counts.get(key) !== 1)).toEqual([]);
  expect(removals.filter(([key]) => keys.includes(key)).every(([, , removalReason]) => removalReason === reason)).toBe(true);
}

/** A cache with `tagged` entries 0..tagged-1 carrying `tag` and `untagged` entries u0.. without tags. */
function filledCache(tagged: number, untagged: number, tag = 't') {
  const fixture = recordingCache({ maxEntries: tagged + untagged + 100 });
  for (let index = 0; index < tagged; index++) fixture.cache.set(index, index, { tags: [tag] });
  for (let index = 0; index < untagged; index++) fixture.cache.set(`u${index}`, index);
  return fixture;
}

describe('bulkRemoveAsync: semantics', () => {
  it('hides the entries at once, removes them on later turns of the event loop, and resolves with the count', async () => {
    const { cache, removals } = filledCache(1000, 10);
    const promise = cache.bulkRemoveAsync('t');
    expect(promise).toBeInstanceOf(Promise);
    // Invisible at once, nothing removed yet: the first slice waits for a macrotask.
    expect(cache.countByTag('t')).toBe(0);
    expect(cache.keysByTag('t')).toEqual([]);
    expect([...cache.keys()]).toHaveLength(10);
    expect(cache.stats()).toMatchObject({ size: 1010, staleEntries: 1000, removedStale: 0 });
    await Promise.resolve();
    await Promise.resolve();
    expect(removals).toEqual([]);

    await expect(promise).resolves.toBe(1000);
    expect(cache.stats()).toMatchObject({ size: 10, staleEntries: 0, removedStale: 1000, removedByTag: 0 });
    expectRemovedOnce(
      removals,
      Array.from({ length: 1000 }, (_, index) => index),
      'stale',
    );
    expect(removals).toHaveLength(1000);
    expect(removals.every(([key, value]) => key === value)).toBe(true);
    expect(cache.get('u3')).toBe(3);
    expectIntact(cache);
  });

  it('counts like markStale: each entry of several given tags once, unknown tags 0, entries stale already not counted but removed', async () => {
    const { cache, removals } = recordingCache({ maxEntries: 100 });
    cache
      .set('xy', 1, { tags: ['x', 'y'] })
      .set('x', 2, { tags: ['x'] })
      .set('y', 3, { tags: ['y'] })
      .set('z', 4, { tags: ['z'] });
    await expect(cache.bulkRemoveAsync(['x', 'y', 'x', 'unknown'])).resolves.toBe(3);
    expectRemovedOnce(removals, ['xy', 'x', 'y'], 'stale');
    expect(removals).toHaveLength(3);
    await expect(cache.bulkRemoveAsync('unknown')).resolves.toBe(0);
    await expect(cache.bulkRemoveAsync([])).resolves.toBe(0);
    expect([...cache.keys()]).toEqual(['z']);

    for (let index = 0; index < 10; index++) cache.set(index, index, { tags: ['s'] });
    expect(cache.markStale('s')).toBe(10);
    cache.set('fresh', 'F', { tags: ['s'] }); // sweeps 2 of the stale ones
    await expect(cache.bulkRemoveAsync('s')).resolves.toBe(1);
    expect(cache.stats()).toMatchObject({ size: 1, staleEntries: 0 });
    expectRemovedOnce(removals, [...Array.from({ length: 10 }, (_, index) => index), 'fresh'], 'stale');
    expectIntact(cache);
  });

  it('reports entries whose TTL ran out as expired', async () => {
    const { cache, removals, clock } = recordingCache({ maxEntries: 100 });
    cache
      .set('short', 1, { tags: ['t'], ttl: 5 })
      .set('long', 2, { tags: ['t'], ttl: 500 })
      .set('keep', 3, { ttl: 500 });
    clock.time = 10;
    await expect(cache.bulkRemoveAsync('t')).resolves.toBe(2);
    expect(removals).toEqual(
      expect.arrayContaining([
        ['short', 1, 'expire'],
        ['long', 2, 'stale'],
      ]),
    );
    expect(removals).toHaveLength(2);
    expect(cache.stats()).toMatchObject({ expirations: 1, removedStale: 1, size: 1 });
    expectIntact(cache);
  });

  it('validates synchronously: a bad argument throws and changes nothing', () => {
    const { cache, removals } = filledCache(5, 1);
    expect(() => cache.bulkRemoveAsync('t', { sliceMs: 0 })).toThrow(RangeError);
    expect(() => cache.bulkRemoveAsync('t', { sliceMs: '2' as never })).toThrow(TypeError);
    expect(() => cache.bulkRemoveAsync(['t', ''])).toThrow(TypeError);
    expect(cache.countByTag('t')).toBe(5);
    expect(cache.stats().staleEntries).toBe(0);
    expect(removals).toEqual([]);
  });

  it('accepts no options, empty options and any positive finite sliceMs', async () => {
    for (const options of [undefined, {}, { sliceMs: undefined }, { sliceMs: 0.001 }, { sliceMs: Number.MIN_VALUE }, { sliceMs: 1e9 }]) {
      const { cache } = filledCache(600, 1);
      await expect(cache.bulkRemoveAsync('t', options)).resolves.toBe(600);
      expect(cache.size).toBe(1);
      expectIntact(cache);
    }
  });

  it('rejects when an onRemove callback throws; the rest are reclaimed lazily', async () => {
    const removed: Key[] = [];
    const failure = new Error('callback failed');
    const cache = new TagCache<Key, number>({
      maxEntries: 30_000,
      onRemove: (key) => {
        removed.push(key);
        if (removed.length === 1) throw failure;
      },
    });
    for (let index = 0; index < 20_000; index++) cache.set(index, index, { tags: ['t'] });
    cache.set('other', -1);
    await expect(cache.bulkRemoveAsync('t', { sliceMs: 0.01 })).rejects.toBe(failure);
    expect([...cache.keys()]).toEqual(['other']);
    expect(cache.countByTag('t')).toBe(0);
    const held = cache.stats().staleEntries;
    expect(cache.size).toBe(1 + held);
    expect(cache.purgeExpired()).toBe(held);
    expect(cache.size).toBe(1);
    expect(new Set(removed).size).toBe(20_000);
    expect(removed).toHaveLength(20_000);
    expectIntact(cache);
  });
});

describe('bulkRemoveAsync: between slices', () => {
  it('yields many times for a large tag, and other operations in between see a consistent cache', async () => {
    const TAGGED = 20_000;
    const { cache, removals } = filledCache(TAGGED, 100);
    const promise = cache.bulkRemoveAsync('t', { sliceMs: 0.05 });
    let settled = false;
    void promise.then(() => (settled = true));

    const sizes: number[] = [];
    let ticks = 0;
    while (!settled) {
      await nextMacrotask();
      ticks++;
      sizes.push(cache.size);
      if (ticks === 1) {
        expect(cache.size).toBeLessThan(TAGGED + 100); // the first slice ran
        expect(cache.size).toBeGreaterThan(100); // but not all of it
        // A stale key not yet reached: invisible, and reclaimed once by the lookup.
        expect(cache.has(TAGGED - 1)).toBe(false);
        expect(cache.get(TAGGED - 1)).toBeUndefined();
        expect(removals.filter(([key]) => key === TAGGED - 1)).toEqual([[TAGGED - 1, TAGGED - 1, 'stale']]);
        // Entries set with the tag during the removal are fresh and stay.
        cache.set('fresh', 'F', { tags: ['t'] });
        cache.set(TAGGED - 2, 'again', { tags: ['t', 'other'] });
        expect(removals.filter(([key]) => key === TAGGED - 2)).toEqual([[TAGGED - 2, TAGGED - 2, 'stale']]);
      }
      if (!settled) {
        expect(cache.countByTag('t')).toBe(2);
        expect(cache.keysByTag('t').map(String).sort()).toEqual([String(TAGGED - 2), 'fresh']);
        expect(cache.get(TAGGED - 3)).toBeUndefined();
        expect(cache.peek('u5')).toBe(5);
        expectIntact(cache);
      }
    }
    await expect(promise).resolves.toBe(TAGGED);
    expect(ticks).toBeGreaterThan(3);
    for (let index = 2; index < sizes.length; index++) expect(sizes[index]).toBeLessThanOrEqual(sizes[index - 1]!);

    expect(cache.get('fresh')).toBe('F');
    expect(cache.get(TAGGED - 2)).toBe('again');
    expect(cache.countByTag('t')).toBe(2);
    expect(cache.stats()).toMatchObject({ size: 102, staleEntries: 0, removedStale: TAGGED });
    expectRemovedOnce(
      removals,
      Array.from({ length: TAGGED }, (_, index) => index),
      'stale',
    );
    expect(removals).toHaveLength(TAGGED);
    expectIntact(cache);
  });

  it('clear() during the removal ends it early; entries set afterwards stay', async () => {
    const { cache, removals } = filledCache(20_000, 5);
    const promise = cache.bulkRemoveAsync('t', { sliceMs: 0.01 });
    await nextMacrotask();
    const afterFirstSlice = cache.size;
    expect(afterFirstSlice).toBeGreaterThan(5);
    cache.clear();
    cache.set('new', 'N', { tags: ['t'] }).set(7, 'seven', { tags: ['t'] });
    await expect(promise).resolves.toBe(20_000);
    await nextMacrotask();
    expect([...cache.keys()]).toEqual([7, 'new']);
    expect(cache.countByTag('t')).toBe(2);
    expect(removals).toHaveLength(20_005);
    expectRemovedOnce(
      removals,
      Array.from({ length: 20_000 }, (_, index) => index),
      'stale',
    );
    expectIntact(cache);
  });

  it('a synchronous bulkRemove or purgeExpired during the removal finishes it; the promise still resolves with its count', async () => {
    for (const method of ['bulkRemove', 'purgeExpired'] as const) {
      const { cache, removals } = filledCache(20_000, 5);
      const promise = cache.bulkRemoveAsync('t', { sliceMs: 0.01 });
      await nextMacrotask();
      const held = cache.stats().staleEntries;
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThan(20_000);
      // bulkRemove counts only live entries (none: all are stale); purgeExpired counts the stale ones it removes.
      expect(method === 'bulkRemove' ? cache.bulkRemove('t') : cache.purgeExpired()).toBe(method === 'bulkRemove' ? 0 : held);
      expect(cache.size).toBe(5);
      await expect(promise).resolves.toBe(20_000);
      expect(removals).toHaveLength(20_000);
      expectRemovedOnce(
        removals,
        Array.from({ length: 20_000 }, (_, index) => index),
        'stale',
      );
      expectIntact(cache);
    }
  });

  it('concurrent removals of different and of the same tags all resolve once their entries are gone', async () => {
    const { cache, removals } = recordingCache({ maxEntries: 50_000 });
    for (let index = 0; index < 30_000; index++) cache.set(index, index, { tags: [`m${index % 3}`] });
    const first = cache.bulkRemoveAsync('m0', { sliceMs: 0.05 });
    const second = cache.bulkRemoveAsync(['m1', 'm0'], { sliceMs: 0.05 });
    const third = cache.bulkRemoveAsync('m1', { sliceMs: 0.05 });
    expect(cache.stats().staleEntries).toBe(20_000);
    await expect(Promise.all([first, second, third])).resolves.toEqual([10_000, 10_000, 0]);
    expect(cache.size).toBe(10_000);
    expect(cache.countByTag('m2')).toBe(10_000);
    expect(removals).toHaveLength(20_000);
    expect(new Set(removals.map(([key]) => key)).size).toBe(20_000);
    expectIntact(cache);
  });
});

describe('bulkRemoveAsync keeps the event loop responsive (1,000,000 entries, release build)', () => {
  beforeAll(() => useBuild('release'));
  afterAll(() => useBuild('debug')); // the file's own afterAll then restores the default (useCoreModule(undefined))

  const ENTRIES = 1_000_000;
  const UNTAGGED = 1000;
  const GAP_BOUND_MS = 50;

  it('removes 1M entries with sliceMs 2 while a setImmediate ticker never waits long', async () => {
    const attempts: { longestGapMs: number; ticks: number; totalMs: number; fillMs: number }[] = [];
    // Typical longest gap here: 3-6 ms (14-27 ms with both cores busy); a synchronous bulkRemove of
    // 1M entries blocks for 90-250 ms. Up to two retries on a miss: this machine is shared, and an
    // idle ticker alone has been seen to stall for 60 ms once.
    for (let attempt = 0; attempt < 3; attempt++) {
      const fillStarted = performance.now();
      const cache = new TagCache<number, number>({ maxEntries: ENTRIES + UNTAGGED });
      for (let index = 0; index < ENTRIES; index++) cache.set(index, index, { tags: ['big'] });
      for (let index = ENTRIES; index < ENTRIES + UNTAGGED; index++) cache.set(index, index);
      const fillMs = performance.now() - fillStarted;

      let timerFired = false;
      const timer = setTimeout(() => (timerFired = true), 1);
      let running = true;
      let ticks = 0;
      let longestGapMs = 0;
      let last = performance.now();
      const tick = (): void => {
        const now = performance.now();
        longestGapMs = Math.max(longestGapMs, now - last);
        last = now;
        ticks++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      const started = performance.now();
      const count = await cache.bulkRemoveAsync('big', { sliceMs: 2 });
      const totalMs = performance.now() - started;
      running = false;
      const resolvedBeforeTimer = !timerFired;
      clearTimeout(timer);

      expect(count).toBe(ENTRIES);
      expect(cache.size).toBe(UNTAGGED);
      expect(cache.stats()).toMatchObject({ staleEntries: 0, removedStale: ENTRIES });
      expect(cache.get(0)).toBeUndefined();
      expect(cache.get(ENTRIES)).toBe(ENTRIES);
      // Structural, whatever the machine's speed: the work was split over many turns, and a timer ran meanwhile.
      expect(ticks).toBeGreaterThan(10);
      expect(resolvedBeforeTimer).toBe(false);
      attempts.push({ longestGapMs, ticks, totalMs, fillMs });
      if (longestGapMs < GAP_BOUND_MS) break;
    }
    console.log(
      `bulkRemoveAsync of 1M entries: ${JSON.stringify(
        attempts.map((entry) => Object.fromEntries(Object.entries(entry).map(([name, value]) => [name, Math.round(value * 10) / 10]))),
      )}`,
    );
    expect(Math.min(...attempts.map((entry) => entry.longestGapMs))).toBeLessThan(GAP_BOUND_MS);
  }, 120_000);
});
