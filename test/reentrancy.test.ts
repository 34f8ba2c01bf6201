// Re-entrant onRemove callbacks: callbacks that set, delete, bulkRemove or clear
// while eviction, expiry, bulkRemove and clear report their removals; callbacks
// that throw. After each scenario the core is consistent and every entry that
// ever left the cache was reported exactly once (test/support/tracker.ts).
import { describe, expect, it } from 'vitest';
import { useDebugBuild } from './support/setup';
import { errorOf, Tracked } from './support/tracker';

useDebugBuild();

describe('callbacks that modify the cache', () => {
  it('eviction: the callback sets new keys (evicting more, in a chain), deletes and reads', () => {
    const tracked = new Tracked(4);
    let budget = 30;
    tracked.handler = (key, _token, reason, { cache }) => {
      expect(cache.get(key)).toBeUndefined(); // the evicted entry is gone
      if (reason !== 'evict' || budget-- <= 0) return;
      tracked.put(`child:${budget}`, { tags: ['child'] }); // evicts the next least recent
      if (budget % 3 === 0) cache.delete(`child:${budget + 2}`);
    };
    for (let index = 0; index < 12; index++) tracked.put(`k${index}`, { tags: [`g${index % 3}`] });
    expect(budget).toBeLessThan(0);
    expect(tracked.cache.size).toBe(4);
    tracked.verify();
  });

  it('eviction: the callback bulkRemoves and clears', () => {
    const tracked = new Tracked(5);
    tracked.handler = (key, _token, reason, { cache }) => {
      if (reason === 'evict' && key === 'a') cache.bulkRemove(['g1', 'g2']);
      if (reason === 'evict' && key === 'b') cache.clear();
      if (reason === 'clear') tracked.put(`again:${String(key)}`, { tags: ['g1'] });
    };
    tracked.put('a', { tags: ['g0'] });
    tracked.put('b', { tags: ['g1'] });
    for (let index = 0; index < 4; index++) tracked.put(index, { tags: [`g${index % 3}`] });
    // 'a' was evicted; its callback removed every g1/g2 entry, including 'b'.
    expect(tracked.cache.has('b')).toBe(false);
    for (let index = 4; index < 12; index++) tracked.put(index, { tags: ['g1'] });
    tracked.verify();
  });

  it('expiry (injected clock): the callback re-populates the key, and purgeExpired callbacks set and delete', () => {
    const tracked = new Tracked(50, 10);
    tracked.handler = (key, _token, reason, { cache }) => {
      if (reason !== 'expire') return;
      if (typeof key === 'string' && key.startsWith('refresh')) tracked.put(key, { tags: ['refreshed'], ttl: 5 });
      if (key === 7) cache.delete(8);
      if (key === 9) cache.bulkRemove('refreshed');
      if (key === 11) cache.clear();
    };
    for (let index = 0; index < 20; index++) tracked.put(index < 5 ? `refresh${index}` : index, { tags: ['t'] });
    tracked.clock.time += 10;
    expect(tracked.cache.get('refresh0')).toBeUndefined(); // expired; the callback stored a new token
    expect(tracked.cache.peek('refresh0')).toMatch(/^v\d+$/);
    expect(tracked.cache.get(7)).toBeUndefined(); // expire 7 -> delete(8) finds 8 expired
    tracked.verify();

    const second = new Tracked(50);
    second.handler = tracked.handler;
    for (let index = 0; index < 20; index++) second.put(index < 5 ? `refresh${index}` : index, { ttl: 1 + (index % 4) });
    second.clock.time += 2.5;
    second.cache.purgeExpired();
    second.clock.time += 10;
    expect(second.cache.countByTag('refreshed')).toBe(0);
    second.verify();
  });

  it('bulkRemove: callbacks add entries with the same tag, which stay; a nested bulkRemove takes those made so far', () => {
    const tracked = new Tracked(100);
    let callbacks = 0;
    let nestedRemoved = -1;
    tracked.handler = (key, _token, reason, { cache }) => {
      if (reason !== 'tag' || typeof key !== 'number') return;
      tracked.put(`re:${key}`, { tags: ['g'] });
      if (++callbacks === 10) nestedRemoved = cache.bulkRemove(['g', 'h']);
    };
    for (let index = 0; index < 30; index++) tracked.put(index, { tags: ['g', index % 2 === 0 ? 'even' : 'odd'] });
    expect(tracked.cache.bulkRemove('g')).toBe(30);
    expect(nestedRemoved).toBe(10); // the re: entries of the first ten callbacks
    // The other callbacks ran after that: their entries carry 'g' and are still there.
    expect(tracked.cache.countByTag('even') + tracked.cache.countByTag('odd')).toBe(0);
    expect(tracked.cache.countByTag('g')).toBe(20);
    expect(tracked.cache.keysByTag('g').every((key) => String(key).startsWith('re:'))).toBe(true);
    expect(tracked.cache.bulkRemove('g')).toBe(20);
    tracked.verify();
  });

  it('bulkRemove of more than one chunk (4096) with callbacks that set and evict', () => {
    const tracked = new Tracked(12_000);
    tracked.handler = (key, _token, reason) => {
      if (reason === 'tag' && typeof key === 'number' && key % 2 === 0) tracked.put(`new:${key}`, { tags: ['fresh'] });
    };
    for (let index = 0; index < 10_000; index++) tracked.put(index, { tags: [index % 3 === 0 ? 'a' : 'b', 'all'] });
    for (let index = 0; index < 2_000; index++) tracked.put(`other:${index}`);
    expect(tracked.cache.bulkRemove(['all', 'a'])).toBe(10_000);
    expect(tracked.cache.countByTag('fresh')).toBe(5_000);
    expect(tracked.cache.size).toBe(7_000);
    tracked.handler = () => {};
    for (let index = 0; index < 6_000; index++) tracked.put(`more:${index}`); // evicts 1,000
    tracked.verify();
  });

  it('clear: callbacks set new entries (kept) and call clear again (nested)', () => {
    const tracked = new Tracked(20, 0);
    let clears = 0;
    tracked.handler = (key, _token, reason, { cache }) => {
      if (reason === 'clear' && typeof key === 'number') tracked.put(`after:${key}`, { tags: ['x'] });
      if (key === 5 && clears++ === 0) cache.clear();
      if (key === 'gone') cache.delete('after:1');
    };
    tracked.put('gone', { ttl: 1 }); // expired at clear time: reported 'expire'
    for (let index = 0; index < 10; index++) tracked.put(index, { tags: ['x'] });
    tracked.put('gone2', { ttl: 100 });
    tracked.clock.time += 1;
    tracked.cache.clear();
    expect(tracked.log.filter((line) => line.startsWith('gone:'))).toEqual([expect.stringMatching(/:expire$/)]);
    expect(clears).toBe(1);
    const keys = [...tracked.cache.keys()];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => String(key).startsWith('after:'))).toBe(true);
    expect(tracked.cache.countByTag('x')).toBe(keys.length);
    tracked.verify();
  });

  it('every operation that reports removals, with a callback that does a bit of everything', () => {
    const tracked = new Tracked(16, 3);
    let calls = 0;
    tracked.handler = (key, _token, _reason, { cache }) => {
      const roll = calls++ % 7;
      if (calls > 400) return;
      if (roll === 0) tracked.put(`cb:${calls}`, { tags: ['t0', 't1'], ttl: calls % 4 });
      else if (roll === 1) cache.delete(`cb:${calls - 3}`);
      else if (roll === 2) cache.bulkRemove(['t1']);
      else if (roll === 3) cache.get(key);
      else if (roll === 4) cache.purgeExpired();
      else if (roll === 5 && calls % 5 === 0) cache.clear();
      else tracked.clock.time += 0.5;
    };
    for (let step = 0; step < 300; step++) {
      const key = step % 23;
      tracked.put(key, { tags: [`t${step % 3}`], ttl: step % 5 });
      if (step % 7 === 0) tracked.cache.bulkRemove(`t${step % 3}`);
      if (step % 11 === 0) tracked.cache.delete((step + 5) % 23);
      if (step % 13 === 0) tracked.clock.time += 2;
      if (step % 17 === 0) tracked.cache.get((step + 1) % 23);
      if (step % 29 === 0) tracked.cache.clear();
    }
    expect(calls).toBeGreaterThan(100);
    tracked.verify();
  });
});

describe('callbacks that throw', () => {
  function tagged(count: number): Tracked {
    const tracked = new Tracked(100);
    for (let index = 0; index < count; index++) tracked.put(index, { tags: ['t'] });
    return tracked;
  }

  it('one error is rethrown as itself, after bulkRemove completed and reported everything', () => {
    const tracked = tagged(5);
    const boom = new Error('boom');
    tracked.handler = (key) => {
      if (key === 2) throw boom;
    };
    expect(errorOf(() => tracked.cache.bulkRemove('t'))).toBe(boom);
    expect([tracked.cache.size, tracked.cache.countByTag('t'), tracked.callbacks]).toEqual([0, 0, 5]);
    expect(tracked.cache.stats()).toMatchObject({ bulkRemoves: 1, removedByTag: 5 });
    tracked.verify();
  });

  it('a thrown non-Error value is rethrown as itself too', () => {
    const tracked = tagged(3);
    tracked.handler = (key) => {
      if (key === 0) throw 'plain string'; // eslint-disable-line no-throw-literal
    };
    expect(errorOf(() => tracked.cache.clear())).toBe('plain string');
    expect(tracked.cache.size).toBe(0);
    tracked.verify();
  });

  it('several errors become one AggregateError, in reporting order', () => {
    const tracked = tagged(6);
    const errors = [new Error('e1'), new TypeError('e3'), new RangeError('e5')];
    tracked.handler = (key) => {
      if (key === 1) throw errors[0];
      if (key === 3) throw errors[1];
      if (key === 5) throw errors[2];
    };
    const error = errorOf(() => tracked.cache.bulkRemove(['t']));
    expect(error).toBeInstanceOf(AggregateError);
    const reportOrder = tracked.log.map((line) => Number(line.split(':')[0]));
    const expected = reportOrder.filter((key) => key % 2 === 1).map((key) => errors[(key - 1) / 2]);
    expect((error as AggregateError).errors).toEqual(expected);
    expect((error as AggregateError).errors.every((item, index) => item === expected[index])).toBe(true);
    expect(tracked.callbacks).toBe(6);
    tracked.verify();
  });

  it("set completes (stores the value) when the evicted or replaced entry's callback throws", () => {
    const tracked = new Tracked(2);
    const boom = new Error('boom');
    tracked.handler = () => {
      throw boom;
    };
    tracked.put('a');
    tracked.put('b');
    expect(errorOf(() => tracked.put('c'))).toBe(boom); // evicts a
    const tokenOfC = [...tracked.stored].find(([, key]) => key === 'c')![0];
    expect(tracked.cache.peek('c')).toBe(tokenOfC);
    expect([...tracked.cache.keys()]).toEqual(['c', 'b']);
    expect(errorOf(() => tracked.put('b', { tags: ['x'] }))).toBe(boom); // replaces b
    expect([...tracked.cache.keys()]).toEqual(['b', 'c']);
    expect(tracked.cache.tagsOf('b')).toEqual(['x']);
    tracked.verify();
  });

  it('get, delete and purgeExpired complete when the callback throws', () => {
    const tracked = new Tracked(10, 5);
    const boom = new Error('boom');
    for (let index = 0; index < 6; index++) tracked.put(index);
    tracked.handler = () => {
      throw boom;
    };
    expect(errorOf(() => tracked.cache.delete(0))).toBe(boom);
    tracked.clock.time += 5;
    expect(errorOf(() => tracked.cache.get(1))).toBe(boom); // expired: removed, reported, then rethrown
    expect(tracked.cache.size).toBe(4);
    const error = errorOf(() => tracked.cache.purgeExpired());
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toEqual([boom, boom, boom, boom]);
    expect(tracked.cache.size).toBe(0);
    tracked.verify();
  });

  it('an error thrown by a nested callback reaches the outer caller', () => {
    const tracked = new Tracked(3);
    const inner = new Error('inner');
    tracked.handler = (key, _token, reason) => {
      if (key === 'a') tracked.put('nested'); // evicts b, whose callback throws
      if (key === 'b' && reason === 'evict') throw inner;
    };
    tracked.put('a');
    tracked.put('b');
    tracked.put('c');
    expect(errorOf(() => tracked.put('d'))).toBe(inner); // evicts a
    expect([...tracked.cache.keys()]).toEqual(['nested', 'd', 'c']);
    tracked.verify();
  });
});
