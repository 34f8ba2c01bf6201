// A short soak with TTL churn: keys written once each with a 100 ms TTL under 5 tags for ~3 s.
// The tag sorted sets stay bounded by the keys live in one TTL, Redis memory stays flat once warm,
// and a tag no longer written goes away with its last key.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { openTier, sleep } from './support/tiered/tiers';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

function usedMemory(info: unknown): number {
  return Number(/used_memory:(\d+)/.exec(String(info))?.[1]);
}

it('tag sets and memory stay bounded under TTL churn', async () => {
  const { tier, user, close } = await openTier('node-redis', server.port, 'soak:', { ttl: 100, sync: false });
  const tags = ['a', 'b', 'c', 'd', 'e'];
  const started = Date.now();
  let written = 0;
  let warmMemory = 0;
  const cardinalities: number[] = [];
  const memory: number[] = [];
  let nextSample = started + 1_000;
  while (Date.now() - started < 3_000) {
    const batch: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      written++;
      batch.push(tier.set(`key:${written}`, { n: written, pad: 'x'.repeat(200) }, { tags: [tags[written % 5] as string, 'all'] }));
    }
    await Promise.all(batch);
    if (Date.now() >= nextSample) {
      nextSample += 250;
      cardinalities.push(Number(await user.command(['ZCARD', 'soak:t:all'])));
      const used = usedMemory(await user.command(['INFO', 'memory']));
      if (warmMemory === 0) warmMemory = used;
      memory.push(used);
    }
  }
  const perSecond = written / 3;
  if (process.env.TIERED_VERBOSE) console.log({ written, cardinalities, memory });
  // Every sample holds at most the keys written in about one TTL (plus scheduling slack), never the history.
  expect(Math.max(...cardinalities)).toBeLessThan(Math.max(200, perSecond * 0.5));
  expect(written).toBeGreaterThan(10 * Math.max(...cardinalities));
  expect(Math.max(...memory)).toBeLessThan(warmMemory * 1.5 + 1_000_000);
  await sleep(250);
  // Nothing written any more: the values and the tag sets expire with their last member.
  expect(await user.command(['EXISTS', 'soak:t:all', 'soak:t:a', 'soak:t:e'])).toBe(0);
  expect(tier.stats().l2.errors).toBe(0);
  await close();
});
