// TieredCache when Redis fails: unreachable at start, restarted mid-run (AOF: old values survive),
// slow (a stalled TCP proxy), strict mode. Real redis-server, both clients, no mocks.
import { afterEach, describe, expect, it } from 'vitest';
import { CLIENT_KINDS, connectClient } from './support/redis/clients';
import { waitUntil } from './support/redis/recorder';
import { startRedisServer } from './support/redis-server';
import { startTcpProxy } from './support/tcp-proxy';
import { openTier, type TierUnderTest } from './support/tiered/tiers';

describe.each(CLIENT_KINDS)('%s', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function setup() {
    const server = await startRedisServer({ aof: true });
    cleanup.push(() => server.stop());
    const link = await startTcpProxy(server.port);
    cleanup.push(() => link.close());
    const open = async (port: number, extra = {}): Promise<TierUnderTest> => {
      const made = await openTier(kind, port, 'f:', { l2TimeoutMs: 150, ...extra });
      cleanup.push(() => made.close());
      return made;
    };
    return { server, link, open };
  }

  it('Redis unreachable at start: the loader answers, invalidations queue, and apply once Redis answers', async () => {
    const { server, link, open } = await setup();
    const direct = await open(server.port);
    await direct.tier.set('old', 'before', { tags: ['t'] });
    const user = await connectClient(kind, link.port);
    cleanup.push(() => user.close());
    link.stall();
    const { TagCache } = await import('../src/index');
    const { TieredCache } = await import('../src/redis/index');
    const local = new TagCache<string, string>({ maxEntries: 100 });
    const cut = new TieredCache<string, string>({ local, redis: user.client, prefix: 'f:', ttl: 60_000, l2TimeoutMs: 100 });
    cleanup.push(() => cut.close());
    const started = Date.now();
    expect(await cut.getOrSet('old', async () => 'loaded')).toBe('loaded');
    expect(await cut.get('old')).toBeUndefined(); // L1 is bypassed until the bus is up
    await cut.markStale('t');
    await cut.set('new', 'x');
    expect(await cut.delete('old')).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(cut.stats()).toMatchObject({ pending: 3, l2: { skippedWrites: 2 } });
    expect(cut.stats().l2.errors).toBeGreaterThan(0);
    link.resume();
    await waitUntil(() => cut.stats().pending === 0 && cut.stats().sync?.connected === true, 'the queue applied and the bus up');
    expect(await direct.tier.get('old')).toBeUndefined();
    expect(await cut.getOrSet('fresh', async () => 'y')).toBe('y');
    expect(await direct.tier.get('fresh')).toBe('y');
  });

  it('Redis restarted mid-run: invalidations made while it was down are applied on reconnect', async () => {
    const { server, open } = await setup();
    const a = await open(server.port);
    const b = await open(server.port);
    for (let i = 0; i < 10; i++) await a.tier.set(`k${i}`, i, { tags: [i % 2 === 0 ? 'even' : 'odd'] });
    await server.kill9();
    expect(await a.tier.getOrSet('k0', async () => -1)).toBe(0); // still in L1
    await a.tier.markStale('even');
    expect(await a.tier.delete('k1')).toBe(true);
    expect(await a.tier.getOrSet('k0', async () => -1)).toBe(-1);
    await server.restart();
    await waitUntil(() => a.tier.stats().pending === 0, 'the queue applied');
    await waitUntil(() => b.local.get('k1') === undefined && b.local.get('k0') === undefined, 'B told through the bus');
    for (let i = 0; i < 10; i++) {
      const expected = i % 2 === 0 || i === 1 ? undefined : i;
      expect(await b.tier.get(`k${i}`)).toBe(expected);
    }
  });

  it('a slow Redis: every call has its own deadline; strict mode throws instead', async () => {
    const { link, open } = await setup();
    const a = await open(link.port, { l2TimeoutMs: 100 });
    const strict = await open(link.port, { l2TimeoutMs: 100, strict: true, sync: false });
    await a.tier.set('k', 'v');
    link.stall();
    const started = Date.now();
    expect(await a.tier.getOrSet('slow', async () => 'loaded')).toBe('loaded');
    await a.tier.set('k2', 'v2');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(strict.tier.getOrSet('slow', async () => 'loaded')).rejects.toThrow(/l2TimeoutMs/);
    await expect(strict.tier.markStale('t')).rejects.toThrow(/l2TimeoutMs/);
    // With Redis unreachable, L1 alone guards a load: an invalidation heard meanwhile keeps it out.
    let release: () => void = () => undefined;
    const load = a.tier.getOrSet(
      'guarded',
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('old');
        }),
      { tags: ['g'] },
    );
    await waitUntil(() => a.tier.stats().l2.errors >= 3, 'the read to time out');
    await a.tier.markStale('g');
    release();
    expect(await load).toBe('old');
    expect(a.local.get('guarded')).toBeUndefined();
    expect(await a.tier.getOrSet('guarded', async () => 'new', { tags: ['g'] })).toBe('new');
    expect(a.local.get('guarded')).toBe('new');
    link.resume();
    await waitUntil(() => a.tier.stats().pending === 0, 'the queue applied');
    // The write that stalled is not served: dropped past its deadline, and its key queued for deletion.
    expect(await strict.tier.get('k2')).toBeUndefined();
  });
});
