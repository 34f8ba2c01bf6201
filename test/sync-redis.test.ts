// End to end: real TagCaches kept in step through a real redis-server, both clients, both modes.
import { afterEach, describe, expect, it } from 'vitest';
import { redisTransport } from '../src/redis/index';
import { type CacheSync, syncCache } from '../src/sync/index';
import { CLIENT_KINDS, connectClient } from './support/redis/clients';
import { sleep, waitUntil } from './support/redis/recorder';
import { recordingTagCache } from './support/redis/synced-caches';
import { startRedisServer, useRedisServer } from './support/redis-server';
import { startTcpProxy } from './support/tcp-proxy';

const LINK = { blockMs: 200, marginMs: 300, commandTimeoutMs: 500, reconnectMinMs: 20, reconnectMaxMs: 200 };
const sharedServer = useRedisServer();
let streams = 0;

describe.each(CLIENT_KINDS.flatMap((kind) => (['stream', 'pubsub'] as const).map((mode) => [kind, mode] as const)))(
  '%s, %s mode',
  (kind, mode) => {
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });
    async function instance(stream: string, port = sharedServer().port, maxStalenessMs = 5_000) {
      const user = await connectClient(kind, port);
      cleanup.push(() => user.close());
      let sync: CacheSync | undefined;
      const made = recordingTagCache(() => sync?.applyingRemote ?? false);
      sync = await syncCache(made.cache, { transport: redisTransport({ client: user.client, stream, mode, ...LINK }), maxStalenessMs });
      cleanup.push(() => (sync as CacheSync).close());
      return { ...made, sync };
    }

    it('every kind of invalidation reaches the other instance; fills do not; remote removals are told apart', async () => {
      const stream = `taglru:e2e:${++streams}`;
      const a = await instance(stream);
      const b = await instance(stream);
      // B's writes invalidate A's copies (none yet); then both fill one hot key, which must not knock the other's out.
      b.cache.set('u:1', 'x', { tags: ['tenant:acme'] });
      b.cache.set('u:2', 'x', { tags: ['tenant:other'] });
      b.cache.set(1, 'number one');
      b.cache.set('1', 'string one');
      await b.sync.flush();
      a.cache.set('keep', 'x', { tags: ['tenant:other'] });
      await a.sync.flush();
      await b.cache.getOrSet('filled', async () => 'b value');
      await a.cache.getOrSet('filled', async () => 'a value');
      a.cache.bulkRemove('tenant:acme');
      a.cache.delete(1);
      await a.sync.flush();
      await waitUntil(() => b.cache.get('u:1') === undefined && b.cache.get(1) === undefined, 'the invalidations at B');
      expect(b.cache.get('1')).toBe('string one');
      expect(b.cache.get('filled')).toBe('b value');
      expect(b.removals).toEqual([
        ['u:1', 'x', 'tag', true],
        [1, 'number one', 'delete', true],
      ]);
      a.cache.set('u:2', 'new');
      await a.sync.flush();
      await waitUntil(() => b.cache.get('u:2') === undefined, 'the write at A to invalidate B');
      expect(a.cache.get('u:2')).toBe('new');
      b.cache.markStale('tenant:other');
      await b.sync.flush();
      await waitUntil(() => a.cache.get('keep') === undefined, 'markStale at A');
      expect(a.cache.get('u:2')).toBe('new');
      await sleep(300);
      expect(a.cache.get('filled')).toBe('a value');
      expect(a.sync.stats()).toMatchObject({ published: 3, applied: 2, resyncs: 0, malformed: 0, errors: 0, pending: 0, connected: true });
      expect(b.sync.stats()).toMatchObject({ published: 2, applied: 3, resyncs: 0 });
      expect(b.sync.stats().propagationMs.p99).toBeLessThan(1_000);
    });

    it('load(dump) of a key and clear travel too', async () => {
      const stream = `taglru:e2e:${++streams}`;
      const a = await instance(stream);
      const b = await instance(stream);
      b.cache.set('d1', 'b', { tags: ['x'] });
      b.cache.set('d2', 'b');
      await b.sync.flush();
      // B's writes invalidate d1 and d2 on A: let that arrive first, or it would remove what A loads.
      await waitUntil(() => a.sync.stats().applied === 1, "B's writes at A");
      a.cache.load([['d1', 'a', { tags: ['x'], ttlRemaining: null }]]);
      await a.sync.flush();
      await waitUntil(() => b.cache.get('d1') === undefined, 'the loaded key to leave B');
      expect(b.cache.get('d2')).toBe('b');
      expect(a.cache.get('d1')).toBe('a');
      a.cache.clear();
      await a.sync.flush();
      await waitUntil(() => b.cache.size === 0, 'clear at B');
    });

    it('an instance cut off by a silent link stops returning what was invalidated within maxStalenessMs, and catches up', async () => {
      const stream = `taglru:e2e:${++streams}`;
      const link = await startTcpProxy(sharedServer().port);
      cleanup.push(() => link.close());
      const a = await instance(stream);
      const b = await instance(stream, link.port, 1_000);
      b.cache.set('k', 'old', { tags: ['t'] });
      b.cache.set('other', 'x');
      link.stall();
      const cutAt = Date.now();
      a.cache.bulkRemove('t');
      await a.sync.flush();
      await waitUntil(() => b.cache.get('k') === undefined, 'B to stop trusting its entries', 10_000);
      // maxStalenessMs is 1 s after the last proof of contact (which came at most blockMs before the cut).
      expect(Date.now() - cutAt).toBeLessThan(1_000 + 200 + 1_500);
      expect(b.sync.stats().staleMarks).toBeGreaterThanOrEqual(1);
      link.resume();
      await waitUntil(() => b.sync.stats().connected, 'B to reconnect', 10_000);
      b.cache.set('fresh', 'y');
      await waitUntil(() => b.sync.stats().received >= 1 || mode === 'pubsub', 'B to catch up');
      expect(b.cache.get('fresh')).toBe('y');
    });
  },
);

const CRASH_CASES = CLIENT_KINDS.flatMap(
  (kind) =>
    [
      [kind, 'stream', false],
      [kind, 'stream', true],
      [kind, 'pubsub', false],
    ] as const,
);
describe.each(CRASH_CASES)('kill -9 mid-traffic: %s, %s mode, AOF %s', (kind, mode, aof) => {
  it('after a crash and restart, no instance serves an entry invalidated around the crash; one resync each', async () => {
    const redis = await startRedisServer({ aof });
    const users = await Promise.all([connectClient(kind, redis.port), connectClient(kind, redis.port)]);
    const made = users.map(() => recordingTagCache());
    const syncs = await Promise.all(
      made.map(({ cache }, index) =>
        syncCache(cache, {
          transport: redisTransport({ client: (users[index] as { client: unknown }).client, stream: 'taglru:crash', mode, ...LINK }),
          retryMinMs: 20,
          retryMaxMs: 200,
        }),
      ),
    );
    const [a, b] = made as [ReturnType<typeof recordingTagCache>, ReturnType<typeof recordingTagCache>];
    const [syncA, syncB] = syncs as [CacheSync, CacheSync];
    try {
      for (let index = 0; index < 40; index++) b.cache.set(`k${index}`, 'b', { tags: [`t${index % 4}`] });
      await syncB.flush();
      const invalidated: string[] = [];
      for (let index = 0; index < 40; index += 2) {
        if (index === 20) await redis.kill9();
        a.cache.delete(`k${index}`);
        invalidated.push(`k${index}`);
        await sleep(5);
      }
      await redis.restart();
      await syncA.flush(20_000);
      await waitUntil(() => syncB.stats().connected && syncB.stats().resyncs >= 1, 'B to reconnect and resync', 20_000);
      for (const key of invalidated) expect(b.cache.get(key), key).toBeUndefined();
      expect(syncB.stats().resyncs).toBe(1);
      expect(syncB.stats().lastResync?.reason).toMatch(mode === 'stream' ? /run_id/ : /re-established/);
      // Afterwards the link works as before.
      b.cache.set('after', 'b');
      a.cache.delete('after');
      await syncA.flush(5_000);
      await waitUntil(() => b.cache.get('after') === undefined, 'a delete after the restart');
    } finally {
      for (const sync of syncs) await sync.close();
      for (const user of users) await user.close();
      await redis.stop();
    }
  });
});
