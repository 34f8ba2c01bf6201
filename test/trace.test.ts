// The trace option: hit / miss / expire / evict events for debug logging,
// delivered like onRemove, and nothing at all when absent.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { hashString } from '../src/store/hash';
import type { TraceEvent } from '../src/types';
import { recordsRemovals, setSeed } from './support/internals';
import { stringWithHash } from './support/flood-keys';
import { expectIntact, useDebugBuild } from './support/setup';

useDebugBuild();

function tracedCache(options: { maxEntries: number; maxSize?: number }) {
  const events: TraceEvent<string | number>[] = [];
  const clock = { time: 0 };
  const cache = new TagCache<string | number, string>({
    ...options,
    ...(options.maxSize !== undefined && { sizeOf: (value: string) => value.length }),
    now: () => clock.time,
    trace: (event) => events.push(event),
  });
  return { cache, events, clock };
}

describe('trace', () => {
  it('reports get hits and misses, evictions and expirations, and nothing else', () => {
    const { cache, events, clock } = tracedCache({ maxEntries: 2 });
    cache.set('a', 'x').set('b', 'y', { ttl: 5, tags: ['t'] });
    cache.get('a');
    cache.get('zz');
    cache.peek('a');
    cache.has('zz');
    cache.set('c', 'z'); // evicts b
    clock.time = 10;
    cache.set('d', 'w', { ttl: 1 }); // evicts a
    clock.time = 11;
    cache.get('d'); // expired
    cache.set('e', 'v', { tags: ['t'] });
    cache.delete('c');
    cache.bulkRemove('t');
    cache.set('e', 'again');
    cache.clear();
    expect(events).toEqual([
      { type: 'hit', key: 'a' },
      { type: 'miss', key: 'zz' },
      { type: 'evict', key: 'b' },
      { type: 'evict', key: 'a' },
      { type: 'expire', key: 'd' },
      { type: 'miss', key: 'd' },
    ]);
  });

  it('reports hits and misses of keys whose hashes collide (the slow path of get)', () => {
    const { cache, events } = tracedCache({ maxEntries: 10 });
    setSeed(cache, 7);
    const hash = hashString('first', 7);
    const [second, absent] = [stringWithHash('second', hash, 7), stringWithHash('absent', hash, 7)];
    cache.set('first', '1').set(second, '2');
    expect([cache.get(second), cache.get('first'), cache.get(absent)]).toEqual(['2', '1', undefined]);
    expect(events).toEqual([
      { type: 'hit', key: second },
      { type: 'hit', key: 'first' },
      { type: 'miss', key: absent },
    ]);
  });

  it('reports evictions for maxSize, expirations found by purgeExpired, clear and bulkRemove', () => {
    const { cache, events, clock } = tracedCache({ maxEntries: 10, maxSize: 4 });
    cache.set('a', 'xx').set('b', 'xx').set('c', 'xx');
    expect(events).toEqual([{ type: 'evict', key: 'a' }]);
    cache.set('d', 'x', { ttl: 1, tags: ['t'] }).set('e', 'x', { ttl: 1 });
    events.length = 0;
    clock.time = 1;
    expect(cache.purgeExpired()).toBe(2);
    cache.set('f', 'x', { ttl: 1, tags: ['t'] });
    clock.time = 2;
    cache.bulkRemove('t');
    cache.set('g', 'x', { ttl: 1 });
    clock.time = 3;
    cache.clear();
    expect(events.map((event) => `${event.type}:${String(event.key)}`).sort()).toEqual(['expire:d', 'expire:e', 'expire:f', 'expire:g']);
    expectIntact(cache);
  });

  it('runs after the operation, works beside onRemove, and its errors reach the caller', () => {
    const log: string[] = [];
    let cache!: TagCache<string, number>;
    cache = new TagCache<string, number>({
      maxEntries: 1,
      trace: (event) => {
        log.push(`trace ${event.type} ${event.key} size ${cache.size}`);
        if (event.key === 'boom') throw new Error('trace failed');
      },
      onRemove: (key, _value, reason) => log.push(`onRemove ${key} ${reason}`),
    });
    cache.set('a', 1).set('b', 2);
    expect(log).toEqual(['trace evict a size 1', 'onRemove a evict']);
    expect(() => cache.get('boom')).toThrow('trace failed');
    cache.set('boom', 3);
    expect(() => cache.set('c', 4)).toThrow('trace failed');
    expect(cache.get('c')).toBe(4);
  });

  it('leaves caches without trace or onRemove recording nothing', () => {
    const quiet = new TagCache<string, number>({ maxEntries: 2 });
    const traced = new TagCache<string, number>({ maxEntries: 2, trace: () => {} });
    expect(recordsRemovals(quiet)).toBe(false);
    expect(recordsRemovals(traced)).toBe(true);
  });

  it('rejects a trace option that is not a function', () => {
    expect(() => new TagCache<string, number>({ maxEntries: 2, trace: 'console.log' as never })).toThrow(
      /options\.trace must be a function/,
    );
  });
});
