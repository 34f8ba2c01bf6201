// Model-based test: 3 TieredCache instances sharing one redis-server run random operations with
// loads that finish in random order; no read returns a value older than an invalidation that
// covers it. A probe instance without L1 (cleared before each read) checks L2 alone, with no slack;
// the instances' own reads get the bus's propagation time as slack. Both clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_KINDS } from './support/redis/clients';
import { waitUntil } from './support/redis/recorder';
import { seededRandom, pick } from './support/random';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { ShuffledLoads, TierModel } from './support/tiered/model';
import { openTier, sleep, type TierUnderTest } from './support/tiered/tiers';

const KEYS = Array.from({ length: 12 }, (_, i) => `k${i}`);
const TAGS = Array.from({ length: 6 }, (_, i) => `t${i}`);
const OPERATIONS = 1_500;
const BUS_SLACK_MS = 100;

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

describe.each(CLIENT_KINDS)('%s', (kind) => {
  it('no instance returns a value older than a finished invalidation that covers it', async () => {
    const seed = Number(process.env.TIERED_SEED ?? (kind === 'ioredis' ? 12 : 21));
    const random = seededRandom(seed);
    const prefix = `model:${kind}:`;
    const instances: TierUnderTest[] = [];
    const errors: string[] = [];
    // The third instance takes the cross-instance load lock (it only saves loads; the guard still decides).
    for (let i = 0; i < 3; i++) {
      const onError = (error: unknown) => errors.push(`i${i}: ${String(error)}`);
      instances.push(
        await openTier(kind, server.port, prefix, { l2TimeoutMs: 2_000, onError, ...(i === 2 ? { lock: { waitMs: 50 } } : {}) }),
      );
    }
    const probe = await openTier(kind, server.port, prefix, { sync: false, l2TimeoutMs: 2_000 });
    const model = new TierModel();
    const loads = new ShuffledLoads(random);
    const tagsOf = (): string[] => [...new Set([pick(random, TAGS), ...(random() < 0.5 ? [pick(random, TAGS)] : [])])];

    async function operate(index: number): Promise<void> {
      const { tier } = instances[index] as TierUnderTest;
      const name = `i${index}`;
      const key = pick(random, KEYS);
      const roll = random();
      const startedAt = performance.now();
      if (roll < 0.3) {
        const tags = tagsOf();
        const value = await tier.getOrSet(key, () => loads.hold(() => model.make(key, tags)), { tags });
        model.check(name, key, value, startedAt, BUS_SLACK_MS);
      } else if (roll < 0.5) {
        model.check(name, key, await tier.get(key), startedAt, BUS_SLACK_MS);
      } else if (roll < 0.62) {
        const tags = tagsOf();
        const value = model.make(key, tags, true);
        await tier.set(key, value, { tags });
        model.settled(value);
        model.invalidated(key, [], startedAt);
      } else if (roll < 0.72) {
        await tier.delete(key);
        model.invalidated(key, [], startedAt);
      } else if (roll < 0.82) {
        const tag = pick(random, TAGS);
        await tier.markStale(tag);
        model.invalidated(undefined, [tag], startedAt);
      } else if (roll < 0.9) {
        const tag = pick(random, TAGS);
        await tier.bulkRemove(tag, { background: random() < 0.5 });
        model.invalidated(undefined, [tag], startedAt);
      } else {
        probe.local.clear();
        model.check('probe (L2 only)', key, await probe.tier.get(key), startedAt, 0);
      }
    }

    const running = new Set<Promise<void>>();
    for (let done = 0; done < OPERATIONS; done++) {
      const operation = operate(Math.floor(random() * 3)).finally(() => running.delete(operation));
      running.add(operation);
      while (running.size >= 8) {
        if (!loads.releaseOne()) await Promise.race(running);
        await sleep(random() < 0.3 ? 1 : 0);
      }
      if (random() < 0.3) loads.releaseOne();
    }
    while (running.size > 0) {
      loads.releaseOne();
      await sleep(1);
    }
    await waitUntil(() => instances.every(({ tier }) => tier.stats().pending === 0), 'quiet');
    for (const made of [...instances, probe]) await made.close();
    const stats = instances.map(({ tier }) => tier.stats().l2);
    expect(model.violations).toEqual([]);
    expect(model.checkedReads).toBeGreaterThan(OPERATIONS / 3);
    // The guard was exercised, and L2 served hits.
    expect(stats.reduce((sum, s) => sum + s.refusedWrites, 0)).toBeGreaterThan(0);
    expect(stats.reduce((sum, s) => sum + s.hits, 0)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
