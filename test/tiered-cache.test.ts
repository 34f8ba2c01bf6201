// TieredCache over a real redis-server, both clients: the two levels, the layout, the load guard.
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './support/redis/clients';
import { waitUntil } from './support/redis/recorder';
import { useRedisServer } from './support/redis-server';
import { openTier, sleep, type TierUnderTest } from './support/tiered/tiers';

const sharedServer = useRedisServer();
let prefixes = 0;

describe.each(CLIENT_KINDS)('%s', (kind) => {
  const open: TierUnderTest[] = [];
  afterEach(async () => {
    for (const made of open.splice(0)) await made.close();
  });
  async function tiers(count: number, extra = {}): Promise<TierUnderTest[]> {
    const prefix = `tier${++prefixes}:`;
    const made: TierUnderTest[] = [];
    for (let i = 0; i < count; i++) made.push(await openTier(kind, sharedServer().port, prefix, extra));
    open.push(...made);
    return made;
  }

  it('L1 → L2 → loader; an L2 hit fills L1 with the remaining TTL and the tags; keys keep their type', async () => {
    const [a, b] = (await tiers(2)) as [TierUnderTest, TierUnderTest];
    let loads = 0;
    const value = await a.tier.getOrSet('u:1', async () => ({ n: ++loads }), { tags: ['tenant:a'], ttl: 5_000 });
    expect(value).toEqual({ n: 1 });
    expect(await b.tier.getOrSet('u:1', async () => ({ n: ++loads }), { tags: ['tenant:a'] })).toEqual({ n: 1 });
    expect(loads).toBe(1);
    expect(b.local.tagsOf('u:1')).toEqual(['tenant:a']);
    expect(b.local.ttlRemaining('u:1')).toBeLessThanOrEqual(5_000);
    expect(b.local.ttlRemaining('u:1')).toBeGreaterThan(3_000);
    await a.tier.set(1, 'number');
    await a.tier.set('1', 'string');
    expect(await b.tier.get(1)).toBe('number');
    expect(await b.tier.get('1')).toBe('string');
    expect(await b.tier.get('absent')).toBeUndefined();
    expect(b.tier.stats()).toMatchObject({ l2: { hits: 3, misses: 1, errors: 0 } });
    expect(a.tier.stats().l2.bytesWritten).toBeGreaterThan(0);
    expect(a.tier.stats().l2.roundTripMs.p99).toBeGreaterThan(0);
  });

  it('concurrent getOrSet on one instance share one read and one load', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    let loads = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        a.tier.getOrSet('hot', async () => {
          await sleep(20);
          return ++loads;
        }),
      ),
    );
    expect(results).toEqual(Array(10).fill(1));
    expect(a.tier.stats().l2.roundTrips).toBeLessThanOrEqual(3);
  });

  it('a caller does not join a load that an invalidation overtook: it starts its own', async () => {
    const [a] = (await tiers(1)) as [TierUnderTest];
    const releases: ((value: string) => void)[] = [];
    const loader = () => new Promise<string>((resolve) => releases.push(resolve));
    const first = a.tier.getOrSet('j', loader, { tags: ['t'] });
    const joined = a.tier.getOrSet('j', loader, { tags: ['t'] });
    await waitUntil(() => releases.length === 1, 'the first load');
    await a.tier.markStale('t');
    const fresh = a.tier.getOrSet('j', loader, { tags: ['t'] });
    await waitUntil(() => releases.length === 2, 'a second load');
    releases[0]?.('old');
    releases[1]?.('new');
    expect(await first).toBe('old');
    expect(await joined).toBe('old');
    expect(await fresh).toBe('new');
    expect(await a.tier.get('j')).toBe('new');
  });

  it('with lock, N instances missing one cold key load it once; without, or past waitMs, each loads', async () => {
    const locked = await tiers(3, { lock: { waitMs: 2_000 } });
    let loads = 0;
    const slowLoad = async (): Promise<number> => {
      loads++;
      await sleep(60);
      return 42;
    };
    const values = await Promise.all(locked.map(({ tier }) => tier.getOrSet('cold', slowLoad, { tags: ['t'] })));
    expect(values).toEqual([42, 42, 42]);
    expect(loads).toBe(1);
    const waits = locked.map(({ tier }) => tier.stats().l2);
    expect(waits.reduce((sum, s) => sum + s.lockWaitHits, 0)).toBe(2);
    // The holder releases its lock in the background once its value is written.
    const lockKeys = async () => (await locked[0]?.user.command(['KEYS', `tier${prefixes}:l:*`])) as string[];
    for (let wait = 0; wait < 100 && (await lockKeys()).length > 0; wait++) await sleep(10);
    expect(await lockKeys()).toEqual([]);
    const impatient = await tiers(3, { lock: { waitMs: 0 } });
    loads = 0;
    await Promise.all(impatient.map(({ tier }) => tier.getOrSet('cold', slowLoad)));
    expect(loads).toBe(3);
  });

  it('delete, markStale and bulkRemove reach L2 and the other L1s', async () => {
    const [a, b] = (await tiers(2)) as [TierUnderTest, TierUnderTest];
    for (let i = 0; i < 50; i++) await a.tier.set(`k${i}`, i, { tags: [`p:${i % 5}`, 'all'] });
    for (let i = 0; i < 50; i++) expect(await b.tier.get(`k${i}`)).toBe(i);
    expect(await a.tier.bulkRemove(['p:0', 'p:1'])).toBe(20);
    expect(await a.tier.get('k0')).toBeUndefined();
    await waitUntil(() => b.local.get('k1') === undefined, 'bulkRemove at B');
    expect(await b.tier.get('k1')).toBeUndefined();
    expect(await b.tier.get('k2')).toBe(2);
    await a.tier.markStale('p:2');
    await waitUntil(() => b.local.get('k2') === undefined, 'markStale at B');
    expect(await b.tier.get('k2')).toBeUndefined();
    expect(b.tier.stats().l2.stale).toBeGreaterThanOrEqual(1);
    expect(await a.tier.delete('k3')).toBe(true);
    await waitUntil(() => b.local.get('k3') === undefined, 'delete at B');
    expect(await b.tier.get('k3')).toBeUndefined();
    expect(await a.tier.bulkRemove('all', { background: true })).toBe(0);
    // Once the bump is done, no instance gets the values from L2, deleted yet or not.
    expect(await a.tier.get('k4')).toBeUndefined();
    await waitUntil(() => b.local.get('k4') === undefined, 'the background bulkRemove at B');
    expect(await b.tier.get('k4')).toBeUndefined();
    await waitUntil(() => a.tier.stats().l2.removedInBackground > 0, 'the background removal');
    const keys = (await a.user.command(['KEYS', `tier${prefixes}:v:*`])) as string[];
    // Only the tombstone of the deleted key is left.
    expect(keys).toEqual([`tier${prefixes}:v:sk3`]);
    expect(await a.user.command(['EXISTS', `tier${prefixes}:t:all`, `tier${prefixes}:t:p:0`])).toBe(0);
  });

  it('the load guard: a load that an invalidation on another instance overtook is stored in neither level', async () => {
    const [a, b] = (await tiers(2)) as [TierUnderTest, TierUnderTest];
    let release: () => void = () => undefined;
    const slow = a.tier.getOrSet(
      'g',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('old');
        }),
      { tags: ['t'] },
    );
    await sleep(30);
    await b.tier.markStale('t');
    release();
    expect(await slow).toBe('old');
    expect(a.local.get('g')).toBeUndefined();
    expect(await b.tier.get('g')).toBeUndefined();
    expect(a.tier.stats().l2.refusedWrites).toBe(1);
    // A delete of the key, with no tags at all, refuses it too (the key's version).
    const again = a.tier.getOrSet(
      'h',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('old');
        }),
    );
    await sleep(30);
    await b.tier.delete('h');
    release();
    await again;
    expect(await b.tier.get('h')).toBeUndefined();
    expect(a.tier.stats().l2.refusedWrites).toBe(2);
  });
});
