// dump() and load(): entries, tags, remaining TTLs and recency order, also
// through JSON; ttlRemaining().
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import type { DumpEntry } from '../src/types';
import { expectIntact, type Key, recordingCache, useDebugBuild } from './support/setup';

useDebugBuild();

describe('dump', () => {
  it('lists unexpired entries least recent first with their tags and remaining ttl', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache
      .set('a', 1, { tags: ['t1', 't2'] })
      .set(2, { nested: [true] }, { ttl: 100 })
      .set('gone', 3, { ttl: 5 });
    cache.get('a');
    clock.time = 40;
    expect(cache.dump()).toEqual([
      [2, { nested: [true] }, { tags: [], ttlRemaining: 60 }],
      ['a', 1, { tags: ['t1', 't2'], ttlRemaining: null }],
    ]);
  });

  it('changes neither recency nor contents, even with expired entries', () => {
    const { cache, clock, removals } = recordingCache({ maxEntries: 10 });
    cache.set('a', 1).set('b', 2, { ttl: 1 }).set('c', 3);
    clock.time = 1;
    cache.dump();
    expect([cache.size, removals]).toEqual([3, []]);
    expect([...cache.keys()]).toEqual(['c', 'a']);
    expect(new TagCache<string, number>({ maxEntries: 1 }).dump()).toEqual([]);
  });
});

describe('load', () => {
  it('restores entries, tags, remaining ttls and recency order, through JSON.stringify', () => {
    const source = recordingCache({ maxEntries: 10 });
    source.cache
      .set('a', { name: 'Ann' }, { tags: ['user', 'tenant:1'], ttl: 50 })
      .set(7, [1, 2], { tags: ['list'] })
      .set('', null);
    source.cache.get('a');
    source.clock.time = 20;
    const json = JSON.stringify(source.cache.dump());

    const target = recordingCache({ maxEntries: 10 });
    target.clock.time = 1000;
    target.cache.load(JSON.parse(json) as DumpEntry<Key, unknown>[]);
    expect([...target.cache.entries()]).toEqual([...source.cache.entries()]);
    expect(target.cache.tagsOf('a')).toEqual(['user', 'tenant:1']);
    expect(target.cache.keysByTag('list')).toEqual([7]);
    expect(target.cache.ttlRemaining('a')).toBe(30);
    expect(target.cache.ttlRemaining(7)).toBe(Infinity);
    expect(target.cache.dump()).toEqual(source.cache.dump());
    target.clock.time = 1030;
    expect(target.cache.has('a')).toBe(false);
    expectIntact(target.cache);
  });

  it('merges into a non-empty cache: loaded keys replace, then evict the least recent past capacity', () => {
    const { cache, removals } = recordingCache({ maxEntries: 3 });
    cache.set('keep', 0).set('a', 'old');
    cache.load([
      ['a', 'new', { tags: [], ttlRemaining: null }],
      ['b', 'b', { tags: ['t'], ttlRemaining: null }],
      ['c', 'c', { tags: [], ttlRemaining: null }],
    ]);
    expect([...cache.entries()]).toEqual([
      ['c', 'c'],
      ['b', 'b'],
      ['a', 'new'],
    ]);
    expect(removals).toEqual([
      ['a', 'old', 'set'],
      ['keep', 0, 'evict'],
    ]);
    expect(cache.stats().sets).toBe(5);
  });

  it('reports removals once the whole load has finished', () => {
    let cache!: TagCache<string, number>;
    const seen: unknown[] = [];
    cache = new TagCache<string, number>({ maxEntries: 1, onRemove: (key) => seen.push([key, cache.peek('c')]) });
    cache.load([
      ['a', 1, { tags: [], ttlRemaining: null }],
      ['b', 2, { tags: [], ttlRemaining: null }],
      ['c', 3, { tags: [], ttlRemaining: null }],
    ]);
    expect(seen).toEqual([
      ['a', 3],
      ['b', 3],
    ]); // c, the last row, is already loaded
  });

  it('applies maxSize, and checks every size before storing anything', () => {
    const cache = new TagCache<string, string>({ maxEntries: 10, maxSize: 5, sizeOf: (value) => value.length });
    const row = (key: string, value: string): DumpEntry<string, string> => [key, value, { tags: [], ttlRemaining: null }];
    expect(() => cache.load([row('a', 'xx'), row('b', 'xxxxxx')])).toThrow(RangeError);
    expect(() => cache.load([row('a', 'xx'), row('b', 'xxxxxx')])).toThrow(
      /^taglru: dump\[1\]: the entry's size \(options\.sizeOf\) is 6, more than options\.maxSize 5$/,
    );
    expect(cache.size).toBe(0);
    let measured = 0;
    const counting = new TagCache<string, string>({ maxEntries: 10, maxSize: 5, sizeOf: (value) => (measured++, value.length) });
    counting.load([row('a', 'xx'), row('b', 'xx')]);
    expect(measured).toBe(2); // once per row: the check's sizes are the ones stored
    const badSize = new TagCache<string, string>({ maxEntries: 10, maxSize: 5, sizeOf: () => -1 });
    expect(() => badSize.load([row('a', 'xx')])).toThrow(
      /^taglru: dump\[0\]: options\.sizeOf must return a safe integer >= 0, returned -1$/,
    );
    cache.load([row('a', 'xx'), row('b', 'xx'), row('c', 'xx')]);
    expect([...cache.keys()]).toEqual(['c', 'b']);
    expect(cache.stats().totalSize).toBe(4);
  });

  it('rejects a bad dump naming the first bad part, and stores none of it', () => {
    const cache = new TagCache<Key, unknown>({ maxEntries: 10 });
    const bad = (value: unknown): never => value as never;
    const good = ['ok', 1, { tags: [], ttlRemaining: null }];
    const cases: [unknown, RegExp, ErrorConstructor][] = [
      [{}, /dump must be an array/, TypeError],
      [[good, 'row'], /dump\[1\] must be a \[key, value, meta\] array/, TypeError],
      [[good, ['k', 1]], /dump\[1\] must be/, TypeError],
      [[[NaN, 1, { tags: [], ttlRemaining: null }]], /dump\[0\]\[0\] must be a string or a number/, TypeError],
      [[['k', undefined, { tags: [], ttlRemaining: null }]], /dump\[0\]\[1\] must not be undefined/, TypeError],
      [[['k', 1, null]], /dump\[0\]\[2\] must be an object/, TypeError],
      [[['k', 1, { ttlRemaining: null }]], /dump\[0\]\[2\]\.tags must be an array/, TypeError],
      [[['k', 1, { tags: [''], ttlRemaining: null }]], /dump\[0\]\[2\]\.tags\[0\]/, TypeError],
      [[['k', 1, { tags: [] }]], /dump\[0\]\[2\]\.ttlRemaining must be a number/, TypeError],
      [[['k', 1, { tags: [], ttlRemaining: -1 }]], /dump\[0\]\[2\]\.ttlRemaining must be above 0 \(ms\), or null .*got -1$/, RangeError],
      [[['k', 1, { tags: [], ttlRemaining: NaN }]], /dump\[0\]\[2\]\.ttlRemaining must be above 0 \(ms\), or null .*got NaN$/, RangeError],
      [[['k', 1, { tags: [], ttlRemaining: 0 }]], /ttlRemaining must be above 0/, RangeError],
    ];
    for (const [dump, message, type] of cases) {
      expect(() => cache.load(bad(dump))).toThrow(type);
      expect(() => cache.load(bad(dump))).toThrow(message);
      // 0 is no valid ttlRemaining in a dump: no message may suggest it.
      expect(() => cache.load(bad(dump))).not.toThrow(/0 means no expiry/);
    }
    expect([cache.size, cache.stats().sets]).toEqual([0, 0]);
  });
});

describe('ttlRemaining', () => {
  it('is the time left, Infinity without expiry, undefined when absent or expired', () => {
    const { cache, clock } = recordingCache({ maxEntries: 10 });
    cache.set('forever', 1);
    expect(cache.ttlRemaining('forever')).toBe(Infinity); // expiry not yet in use
    cache.set('short', 2, { ttl: 2.5 });
    clock.time = 1;
    expect([cache.ttlRemaining('short'), cache.ttlRemaining('forever'), cache.ttlRemaining('absent')]).toEqual([1.5, Infinity, undefined]);
    clock.time = 2.5;
    expect(cache.ttlRemaining('short')).toBeUndefined();
    expect(() => cache.ttlRemaining(NaN)).toThrow(TypeError);
  });
});
