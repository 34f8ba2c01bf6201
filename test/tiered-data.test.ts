// TieredCache's data in Redis: bad input, corrupt or foreign values, large values, 10k tags per
// entry, keys made of the prefix's characters, options. Real redis-server, both clients.
import { afterEach, describe, expect, it } from 'vitest';
import { TagCache } from '../src/index';
import { TieredCache } from '../src/redis/index';
import { CLIENT_KINDS } from './support/redis/clients';
import { useRedisServer } from './support/redis-server';
import { openTier, type TierUnderTest } from './support/tiered/tiers';

const sharedServer = useRedisServer();
let prefixes = 0;

describe.each(CLIENT_KINDS)('%s', (kind) => {
  const open: TierUnderTest[] = [];
  afterEach(async () => {
    for (const made of open.splice(0)) await made.close();
  });
  async function tiers(count: number, prefix = `data${++prefixes}:`): Promise<TierUnderTest[]> {
    const made: TierUnderTest[] = [];
    for (let i = 0; i < count; i++) made.push(await openTier(kind, sharedServer().port, prefix, { sync: i === 0 }));
    open.push(...made);
    return made;
  }

  it('a value JSON cannot return unchanged is a TypeError before anything is written', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    const holey: unknown[] = [];
    holey[0] = 1;
    holey[2] = 3;
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const bad: [unknown, RegExp][] = [
      [{ f: () => 1 }, /a function at value\.f/],
      [{ u: undefined }, /a undefined at value\.u/],
      [10n, /a bigint/],
      [[1, Number.NaN], /NaN at value\[1\]/],
      [{ n: Infinity }, /Infinity/],
      [cycle, /a cycle at value\.self/],
      [new Date(0), /an instance of Date/],
      [new Map(), /an instance of Map/],
      [holey, /a hole at value\[1\]/],
      [Symbol('s'), /a symbol/],
      [Object.create(Object.create(null)), /an instance of a class/],
    ];
    for (const [value, message] of bad) {
      await expect(a.tier.set('k', value)).rejects.toThrow(message);
      await expect(a.tier.getOrSet('k', () => value)).rejects.toThrow(TypeError);
    }
    expect(a.local.get('k')).toBeUndefined();
    expect(await a.user.command(['KEYS', `data${prefixes}:v:*`])).toEqual([]);
    await a.tier.set('ok', { a: [1, 'x', null, true, { b: -0 }] }, { tags: ['t'] });
    await a.tier.set('ttl only', Object.create(null), { ttl: 500 });
    await expect(a.tier.set('k', undefined)).rejects.toThrow(TypeError);
    await expect(a.tier.getOrSet('k', () => undefined)).rejects.toThrow(/loaded value/);
  });

  it('keys, tags and options are checked as TagCache checks them', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    expect(() => a.tier.getOrSet(Number.NaN, () => 1)).toThrow(TypeError);
    expect(() => a.tier.getOrSet('k', 'x' as never)).toThrow(/loader/);
    expect(() => a.tier.getOrSet('k', () => 1, { tags: [''] })).toThrow(/options\.tags\[0\]/);
    expect(() => a.tier.getOrSet('k', () => 1, { ttl: 0 })).toThrow(RangeError);
    expect(() => a.tier.getOrSet('k', () => 1, { tagz: [] } as never)).toThrow(/did you mean tags/);
    await expect(a.tier.get({} as never)).rejects.toThrow(TypeError);
    await expect(a.tier.bulkRemove(5 as never)).rejects.toThrow(TypeError);
    await expect(a.tier.bulkRemove('t', { backgruond: true } as never)).rejects.toThrow(/did you mean background/);
    await expect(a.tier.markStale([''])).rejects.toThrow(TypeError);
    await expect(a.tier.delete(null as never)).rejects.toThrow(TypeError);
    const local = new TagCache<string, unknown>({ maxEntries: 10 });
    const base = { local, redis: a.user.client, prefix: 'p:', ttl: 1_000 };
    expect(() => new TieredCache({ ...base, ttl: undefined as never })).toThrow(/options\.ttl/);
    expect(() => new TieredCache({ ...base, ttl: 0 })).toThrow(RangeError);
    expect(() => new TieredCache({ ...base, redis: {} })).toThrow(/options\.redis/);
    expect(() => new TieredCache({ ...base, local: {} as never })).toThrow(/options\.local/);
    expect(() => new TieredCache({ ...base, prefix: '' })).toThrow(/options\.prefix/);
    expect(() => new TieredCache({ ...base, serializer: {} as never })).toThrow(/options\.serializer/);
    expect(() => new TieredCache({ ...base, sync: 'yes' as never })).toThrow(/options\.sync/);
    expect(() => new TieredCache({ ...base, l2TimeoutMs: -1 })).toThrow(RangeError);
    expect(() => new TieredCache({ ...base, prefx: 'x' } as never)).toThrow(/did you mean prefix/);
    expect(() => new TieredCache(null as never)).toThrow(TypeError);
    expect(() => new TieredCache({ ...base, lock: 'yes' as never })).toThrow(/options\.lock/);
    expect(() => new TieredCache({ ...base, lock: { waitMs: -1 } })).toThrow(RangeError);
    expect(() => new TieredCache({ ...base, lock: { wait: 1 } as never })).toThrow(/did you mean waitMs/);
    expect(() => new TieredCache({ ...base, onError: 5 as never })).toThrow(/options\.onError/);
  });

  it('corrupt or foreign values in Redis are counted misses, never crashes, and get replaced', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    const p = `data${prefixes}:`;
    await a.user.command(['SET', `${p}v:sstring`, 'not a hash']);
    await a.user.command(['HSET', `${p}v:sbadtags`, 'd', '1', 't', '{oops', 'g', '', 'e', 'x']);
    await a.user.command(['HSET', `${p}v:snoepoch`, 'd', '1', 't', '[]', 'g', '']);
    await a.user.command(['HSET', `${p}v:sbadjson`, 'd', '{oops', 't', '[]', 'g', '', 'e', 'x']);
    await a.user.command(['HSET', `${p}v:snotags`, 'd', '1', 't', '[1]', 'g', '0', 'e', 'x']);
    // Lua's cjson reads hex numbers, JSON.parse does not.
    await a.user.command(['HSET', `${p}v:shex`, 'd', '1', 't', '["a",0x10]', 'g', '0,0', 'e', 'x']);
    await a.user.command(['HSET', `${p}g`, 'epoch', 'x']);
    for (const key of ['string', 'badtags', 'noepoch', 'badjson', 'notags', 'hex']) {
      expect(await a.tier.get(key)).toBeUndefined();
      expect(await a.tier.getOrSet(key, () => `fresh ${key}`)).toBe(`fresh ${key}`);
    }
    expect(a.tier.stats().l2.corrupt).toBe(12);
    expect(a.tier.stats().l2.writes).toBe(6);
    a.local.clear();
    expect(await a.tier.get('badjson')).toBe('fresh badjson');
    // A foreign value at a tag index is dropped by bulkRemove.
    await a.user.command(['ZADD', `${p}t:t`, '1e15', 'sstring', '1e15', 'sgone']);
    expect(await a.tier.bulkRemove('t')).toBe(0);
    expect(await a.tier.get('string')).toBe('fresh string');
  });

  it('large values, 10k tags per entry, and keys made of the prefix and layout characters', async () => {
    const [a, b] = (await tiers(2)) as [TierUnderTest, TierUnderTest];
    const big = 'x'.repeat(4_000_000);
    await a.tier.set('big', big);
    expect(await b.tier.get('big')).toBe(big);
    const tags = Array.from({ length: 10_000 }, (_, i) => `tag:${i}`);
    await a.tier.set('many', 1, { tags });
    await a.tier.set('few', 2, { tags: ['tag:9999'] });
    expect(await b.tier.get('many')).toBe(1);
    expect(b.local.tagsOf('many')).toHaveLength(10_000);
    await a.tier.markStale('tag:5000');
    b.local.clear();
    expect(await b.tier.get('many')).toBeUndefined();
    expect(await b.tier.get('few')).toBe(2);
    await a.tier.set('many', 3, { tags });
    expect(await a.tier.bulkRemove(['tag:9999'])).toBe(2);
    expect(await a.user.command(['EXISTS', `data${prefixes}:t:tag:0`])).toBe(0);
    const keys = ['', 'g', 'v:sg', 't:tag:1', `data${prefixes}:`, `data${prefixes}:v:s`, '{x}', '*', 'ключ 🔑', 'n1', 1, -1.5];
    for (const [i, key] of keys.entries()) await a.tier.set(key, i, { tags: [String(key) || 'empty'] });
    b.local.clear();
    for (const [i, key] of keys.entries()) expect(await b.tier.get(key)).toBe(i);
    expect(await a.tier.bulkRemove(keys.map((key) => String(key) || 'empty'))).toBe(keys.length);
    b.local.clear(); // B has no bus (sync: false): only its L2 reads are checked
    for (const key of keys) expect(await b.tier.getOrSet(key, () => 'reloaded')).toBe('reloaded');
  });

  it('hierarchical tags: with tagSeparator, invalidating a level covers the values under it in Redis too', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    const prefix = `levels${++prefixes}:`;
    const make = async (sync: boolean) => {
      const local = new TagCache<string, string>({ maxEntries: 100, tagSeparator: '/' });
      const tier = new TieredCache<string, string>({ local, redis: a.user.client, prefix, ttl: 60_000, tagSeparator: '/', sync });
      await tier.ready();
      open.push({ tier: tier as never, local: local as never, user: a.user, close: () => tier.close() });
      return { tier, local };
    };
    const writer = await make(true);
    const reader = await make(false);
    await writer.tier.set('a', 'x', { tags: ['src/components/a.ts'] });
    await writer.tier.set('b', 'y', { tags: ['src/lib/b.ts'] });
    await writer.tier.set('c', 'z', { tags: ['/docs//c.md'] });
    expect(await reader.tier.get('a')).toBe('x');
    await writer.tier.markStale('src/components');
    reader.local.clear();
    expect(await reader.tier.get('a')).toBeUndefined();
    expect(await reader.tier.get('b')).toBe('y');
    expect(await writer.tier.bulkRemove('src')).toBe(2); // 'a' was stale, still in Redis: removed too
    reader.local.clear();
    expect(await reader.tier.get('b')).toBeUndefined();
    expect(await writer.tier.bulkRemove('/docs')).toBe(1);
    expect(() => new TieredCache({ local: reader.local, redis: a.user.client, prefix, ttl: 1, tagSeparator: '' })).toThrow(/tagSeparator/);
  });

  it('a custom serializer, and a sync: false tier that closes twice', async () => {
    const local = new TagCache<string, Date>({ maxEntries: 10 });
    const [a] = (await tiers(1)) as [TierUnderTest];
    const dates = new TieredCache<string, Date>({
      local,
      redis: a.user.client,
      prefix: `dates${prefixes}:`,
      ttl: 1_000,
      sync: false,
      serializer: { serialize: (date) => String(date.getTime()), deserialize: (text) => new Date(Number(text)) },
    });
    await dates.ready();
    await dates.set('d', new Date(5));
    local.clear();
    expect(await dates.get('d')).toEqual(new Date(5));
    expect(dates.stats().sync).toBeUndefined();
    await dates.close();
    await dates.close();
  });
});
