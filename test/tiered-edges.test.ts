// TieredCache's rarer paths on a real redis-server: closing before the bus opens, a bus that cannot
// open, the invalidation queue overflowing into an epoch bump, error replies, NOSCRIPT, late writes.
import { afterEach, describe, expect, it } from 'vitest';
import { TagCache } from '../src/index';
import { classifyClient, commandRunner } from '../src/redis/connection';
import { L2Store } from '../src/redis/tiered/l2-store';
import { ScriptRunner } from '../src/redis/tiered/script-runner';
import { TieredCache } from '../src/redis/index';
import { CLIENT_KINDS, connectClient } from './support/redis/clients';
import { waitUntil } from './support/redis/recorder';
import { useRedisServer } from './support/redis-server';
import { startTcpProxy } from './support/tcp-proxy';
import { openTier } from './support/tiered/tiers';

const sharedServer = useRedisServer();
let prefixes = 0;

describe.each(CLIENT_KINDS)('%s', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('close() before the bus is open, and while it cannot open, leaves nothing running', async () => {
    const user = await connectClient(kind, sharedServer().port);
    cleanup.push(() => user.close());
    const early = new TieredCache({ local: new TagCache({ maxEntries: 10 }), redis: user.client, prefix: `e${++prefixes}:`, ttl: 1_000 });
    await early.close();
    expect(early.stats().sync).toBeUndefined();
    const link = await startTcpProxy(sharedServer().port);
    const viaProxy = await connectClient(kind, link.port);
    cleanup.push(() => viaProxy.close());
    await link.close(); // connections refused from now on
    const cut = new TieredCache({ local: new TagCache({ maxEntries: 10 }), redis: viaProxy.client, prefix: `e${prefixes}:`, ttl: 1_000 });
    await waitUntil(() => cut.stats().l2.errors >= 2, 'two failed attempts to open the bus', 10_000);
    await cut.close();
    expect(cut.stats().sync).toBeUndefined();
  });

  it('past maxPending, queued invalidations collapse into an epoch bump: everything in Redis goes stale', async () => {
    const prefix = `e${++prefixes}:`;
    const direct = await openTier(kind, sharedServer().port, prefix, { sync: false });
    cleanup.push(() => direct.close());
    await direct.tier.set('a', 1, { tags: ['x'] });
    await direct.tier.set('b', 2);
    const link = await startTcpProxy(sharedServer().port);
    cleanup.push(() => link.close());
    const cut = await openTier(kind, link.port, prefix, { maxPending: 2, l2TimeoutMs: 100 });
    cleanup.push(() => cut.close());
    link.stall();
    await cut.tier.markStale(['x', 'y', 'z']);
    await cut.tier.delete('b');
    expect(cut.tier.stats().pending).toBe(1);
    link.resume();
    await waitUntil(() => cut.tier.stats().pending === 0, 'the epoch bump');
    direct.local.clear();
    expect(await direct.tier.get('a')).toBeUndefined();
    expect(await direct.tier.get('b')).toBeUndefined();
    expect(direct.tier.stats().l2.stale).toBe(2);
  });

  it('an error reply queues the invalidation; NOSCRIPT falls back to EVAL; a write past its deadline is dropped', async () => {
    const prefix = `e${++prefixes}:`;
    const heard: string[] = [];
    const onError = (error: unknown): void => {
      heard.push(String(error));
      throw new Error('a handler that throws is ignored');
    };
    const { tier, user, close } = await openTier(kind, sharedServer().port, prefix, { sync: false, onError, lock: true });
    cleanup.push(close);
    await user.command(['SET', `${prefix}g`, 'not a hash']);
    await tier.markStale('t');
    expect(tier.stats()).toMatchObject({ pending: 1, l2: { errors: 1 } });
    expect(heard).toEqual([expect.stringMatching(/WRONGTYPE/)]);
    await user.command(['DEL', `${prefix}g`]);
    await waitUntil(() => tier.stats().pending === 0, 'the queued bump');
    await tier.get('warm'); // Redis's clock is known: the set below makes no TIME call
    await user.command(['SCRIPT', 'FLUSH']);
    const before = tier.stats().l2.roundTrips;
    await tier.set('k', 'v', { ttl: 500 });
    expect(tier.stats().l2.roundTrips - before).toBe(2);
    const l2 = new L2Store(new ScriptRunner(commandRunner(classifyClient(user.client)), 1_000), prefix, 1_000);
    expect(await l2.write('late', '"x"', [], 1_000, 0, undefined)).toBe('late');
    expect(await l2.read('late', [])).toMatchObject({ status: 'miss' });
    // A set whose write reached Redis past its deadline: the older value is removed once Redis answers.
    await tier.set('k', 'old');
    (tier as unknown as { remote: { clock: { offset: number } } }).remote.clock.offset = -60_000;
    await tier.set('k', 'new');
    expect(tier.stats().l2.skippedWrites).toBe(1);
    await waitUntil(() => tier.stats().pending === 0, 'the removal of the older value');
    expect(await l2.read('k', [])).toMatchObject({ status: 'miss' });
  });
});
