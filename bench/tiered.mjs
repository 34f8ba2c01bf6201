// Script suite 'tiered': TieredCache (taglru/redis) side by side with BentoCache 1.6 (memory L1 +
// Redis L2 + Redis bus) on one loopback redis-server started here. Both use their defaults.
//   (a) getOrSet hit latency at L1 and at L2 (another instance wrote the keys), and Redis commands per call;
//   (b) seed 004's workload: 18 provider tags x 1,000 keys in Redis, invalidate all 18 at once:
//       time to completion, Redis commands, keys left in Redis, and what another instance still serves;
//   (c) markStale of one tag holding 100k keys in Redis (BentoCache: deleteByTag, its lazy form);
//   (d) 3 instances running random getOrSet (loads finishing in random order), set, delete and tag
//       invalidations for a few seconds: reads that returned a value an invalidation had covered
//       (finished >= 100 ms before the read began: the bus's time; the value made before it began);
//   (e) a load racing an invalidation, 20 times per kind (50 with --full): A's getOrSet loads for 50 ms, B deletes
//       the key (or invalidates its tag) 10 ms in, and 150 ms after A's load ended, A and C read it.
// Usage: node bench/tiered.mjs [--full] [--out=<dir>]: markdown on stdout, progress on stderr.
// taglru is bundled from src/ with esbuild first, so the run measures the working tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { quantile, sleep, startRedis } from './sync-infra.mjs';

const full = process.argv.includes('--full');
const outDir = process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
const progress = (message) => process.stderr.write(`  [tiered] ${message}\n`);
const STALE_KEYS = 100_000;
const L1_CALLS = full ? 100_000 : 20_000;
const L2_CALLS = full ? 10_000 : 2_000;
const RACES = full ? 50 : 20;

async function loadTaglru() {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taglru-bench-tiered-'));
  const root = new URL('..', import.meta.url).pathname;
  await build({
    entryPoints: { index: path.join(root, 'src/index.ts'), redis: path.join(root, 'src/redis/index.ts') },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outdir: dir,
    logLevel: 'error',
  });
  const { TagCache } = await import(path.join(dir, 'index.js'));
  const { TieredCache } = await import(path.join(dir, 'redis.js'));
  rmSync(dir, { recursive: true, force: true });
  return { TagCache, TieredCache };
}

const { TagCache, TieredCache } = await loadTaglru();
const { createClient } = await import('redis');
const redis = await startRedis();
const admin = createClient({ socket: { host: redis.host, port: redis.port } });
await admin.connect();

/** Commands Redis has processed so far (INFO stats), minus the INFO call itself. */
async function commands() {
  const info = await admin.sendCommand(['INFO', 'stats']);
  return Number(/total_commands_processed:(\d+)/.exec(info)[1]);
}

/** Times `work`, with the Redis commands it caused (those inside Lua scripts included) and `instance`'s own round trips (taglru's L2 calls; bus messages not included). */
async function measureCommands(work, instance) {
  const before = await commands();
  const tripsBefore = instance?.roundTrips() ?? Number.NaN;
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  return { ms, commands: (await commands()) - before - 1, roundTrips: (instance?.roundTrips() ?? Number.NaN) - tripsBefore, result };
}

async function taglruInstance(prefix) {
  const client = createClient({ socket: { host: redis.host, port: redis.port } });
  await client.connect();
  const local = new TagCache({ maxEntries: 250_000 });
  const tier = new TieredCache({ local, redis: client, prefix, ttl: 600_000, l2TimeoutMs: 5_000 });
  await tier.ready();
  return {
    getOrSet: (key, load, tags) => tier.getOrSet(key, load, { tags }),
    set: (key, value, tags) => tier.set(key, value, { tags }),
    get: (key) => tier.get(key),
    invalidateTags: (tags) => tier.bulkRemove(tags),
    delete: (key) => tier.delete(key),
    invalidateTagsInBackground: (tags) => tier.bulkRemove(tags, { background: true }),
    markStale: (tag) => tier.markStale(tag),
    roundTrips: () => tier.stats().l2.roundTrips,
    close: async () => {
      await tier.close();
      client.destroy();
    },
  };
}

async function bentoInstance(prefix) {
  const { BentoCache, bentostore } = await import('bentocache');
  const { memoryDriver } = await import('bentocache/drivers/memory');
  const { redisDriver, redisBusDriver } = await import('bentocache/drivers/redis');
  const connection = { host: redis.host, port: redis.port };
  const bento = new BentoCache({
    default: 'tiered',
    stores: {
      tiered: bentostore()
        .useL1Layer(memoryDriver({ maxItems: 250_000 }))
        .useL2Layer(redisDriver({ connection, prefix }))
        .useBus(redisBusDriver({ connection })),
    },
  });
  const cache = bento.namespace('bench');
  return {
    getOrSet: (key, load, tags) => cache.getOrSet({ key, factory: load, tags, ttl: '10m' }),
    set: (key, value, tags) => cache.set({ key, value, tags, ttl: '10m' }),
    get: async (key) => (await cache.get({ key })) ?? undefined,
    invalidateTags: (tags) => cache.deleteByTag({ tags }),
    delete: (key) => cache.delete({ key }),
    markStale: (tag) => cache.deleteByTag({ tags: [tag] }),
    roundTrips: () => Number.NaN, // not visible from outside: it runs no scripts, so its commands are its round trips
    close: () => bento.disconnectAll(),
  };
}

async function inBatches(count, size, work) {
  for (let start = 0; start < count; start += size) {
    await Promise.all(Array.from({ length: Math.min(size, count - start) }, (_, i) => work(start + i)));
  }
}

function latencies(samples) {
  return { p50: quantile(samples, 0.5) * 1000, p99: quantile(samples, 0.99) * 1000 };
}

async function measure(name, make) {
  const result = { name };
  await admin.sendCommand(['FLUSHALL']);
  const a = await make(`${name}A:`);
  const b = await make(`${name}A:`);
  // (a) L1 hits: one warm key on A.
  await a.getOrSet('hot', async () => ({ id: 1, name: 'hot' }), ['t']);
  let samples = [];
  const l1 = await measureCommands(async () => {
    for (let i = 0; i < L1_CALLS; i++) {
      const started = performance.now();
      await a.getOrSet('hot', async () => ({ id: 1 }), ['t']);
      samples.push(performance.now() - started);
    }
  });
  result.l1 = { ...latencies(samples), commandsPerCall: l1.commands / L1_CALLS };
  progress(`${name}: L1 hits done`);
  // (a) L2 hits: A wrote the keys, B reads each once.
  await inBatches(L2_CALLS, 200, (i) => a.set(`l2:${i}`, { id: i, name: `row ${i}` }, ['t']));
  await sleep(200);
  samples = [];
  const l2 = await measureCommands(async () => {
    for (let i = 0; i < L2_CALLS; i++) {
      const started = performance.now();
      await b.getOrSet(`l2:${i}`, async () => ({ id: -1 }), ['t']);
      samples.push(performance.now() - started);
    }
  }, b);
  result.l2 = { ...latencies(samples), commandsPerCall: l2.commands / L2_CALLS, roundTripsPerCall: l2.roundTrips / L2_CALLS };
  progress(`${name}: L2 hits done`);
  // (b) seed 004: 18 providers x 1,000 keys; B holds a sample in L1; A invalidates all 18 tags.
  const providers = Array.from({ length: 18 }, (_, p) => `provider:${p}`);
  const seed = async (round) => {
    await inBatches(18_000, 500, (i) => a.set(`offer:${round}:${i}`, { i, price: i * 3 }, [providers[i % 18]]));
    for (let i = 0; i < 18_000; i += 180) await b.getOrSet(`offer:${round}:${i}`, async () => 'loaded by B', [providers[i % 18]]);
    await sleep(200);
  };
  const served = async (round) => {
    await sleep(100);
    let count = 0;
    for (let i = 0; i < 18_000; i += 180) if (typeof (await b.get(`offer:${round}:${i}`)) === 'object') count++;
    return count;
  };
  const keysLeft = async () => Number(await admin.sendCommand(['DBSIZE']));
  await seed(0);
  const before = await keysLeft();
  const seed004 = await measureCommands(() => a.invalidateTags(providers), a);
  result.seed004 = {
    ms: seed004.ms,
    commands: seed004.commands,
    roundTrips: seed004.roundTrips,
    removed: seed004.result,
    redisKeysBefore: before,
    redisKeysAfter: await keysLeft(),
    servedByB: await served(0),
  };
  if (a.invalidateTagsInBackground) {
    await seed(1);
    const background = await measureCommands(() => a.invalidateTagsInBackground(providers), a);
    result.seed004Background = {
      ms: background.ms,
      commands: background.commands,
      roundTrips: background.roundTrips,
      servedByB: await served(1),
    };
  }
  progress(`${name}: seed 004 done`);
  // (c) one tag over 100k keys, made stale.
  await admin.sendCommand(['FLUSHALL']);
  await inBatches(STALE_KEYS, 1_000, (i) => a.set(`big:${i}`, i, ['tenant:big']));
  const stale = await measureCommands(() => a.markStale('tenant:big'), a);
  result.markStale = { keys: STALE_KEYS, ms: stale.ms, commands: stale.commands, roundTrips: stale.roundTrips };
  progress(`${name}: markStale done`);
  await a.close();
  await b.close();
  result.race = await race(name, make);
  progress(`${name}: race done`);
  result.loadRace = await loadRace(name, make);
  progress(`${name}: load races done`);
  return result;
}

/** (e): how often a value loaded before an invalidation is served after it, per kind of invalidation. */
async function loadRace(name, make) {
  await admin.sendCommand(['FLUSHALL']);
  const [a, b, c] = [await make(`${name}L:`), await make(`${name}L:`), await make(`${name}L:`)];
  const served = { delete: 0, tag: 0 };
  for (const kind of ['delete', 'tag']) {
    for (let i = 0; i < RACES; i++) {
      const key = `${kind}:${i}`;
      const tag = `race:${kind}:${i}`;
      const load = a.getOrSet(key, async () => {
        await sleep(50);
        return { v: 'loaded before the invalidation' };
      }, [tag]);
      await sleep(10);
      await (kind === 'delete' ? b.delete(key) : b.invalidateTags([tag]));
      await load;
      await sleep(150);
      for (const reader of [a, c]) if ((await reader.get(key)) !== undefined) served[kind]++;
    }
  }
  for (const cache of [a, b, c]) await cache.close();
  return served;
}

/** (d): three instances, random operations, a model of what each read may return. */
async function race(name, make) {
  await admin.sendCommand(['FLUSHALL']);
  const instances = [await make(`${name}R:`), await make(`${name}R:`), await make(`${name}R:`)];
  const born = new Map(); // value -> { key, tags, at }
  const invalidations = []; // { key, tags, start, end }
  let made = 0;
  let reads = 0;
  let staleReads = 0;
  const make1 = (key, tags, at) => {
    const value = { v: `${key}#${++made}` };
    born.set(value.v, { key, tags, at });
    return value;
  };
  const check = (key, value, readStart) => {
    reads++;
    const info = value && born.get(value.v);
    if (!info) return;
    const covered = invalidations.some(
      (inv) => inv.end + 100 < readStart && info.at < inv.start && (inv.key === key || inv.tags.some((tag) => info.tags.includes(tag))),
    );
    if (covered) staleReads++;
  };
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = (items) => items[Math.floor(random() * items.length)];
  const keys = Array.from({ length: 20 }, (_, i) => `r${i}`);
  const tags = ['t0', 't1', 't2', 't3'];
  const deadline = performance.now() + (full ? 10_000 : 3_000);
  const worker = async () => {
    while (performance.now() < deadline) {
      const cache = pick(instances);
      const key = pick(keys);
      const roll = random();
      const start = performance.now();
      if (roll < 0.55) {
        const tag = [pick(tags)];
        const value = await cache.getOrSet(
          key,
          async () => {
            const at = performance.now();
            await sleep(random() * 20);
            return make1(key, tag, at);
          },
          tag,
        );
        check(key, value, start);
      } else if (roll < 0.7) {
        const tag = [pick(tags)];
        const value = make1(key, tag, Infinity);
        await cache.set(key, value, tag);
        born.get(value.v).at = performance.now();
        invalidations.push({ key, tags: [], start, end: performance.now() });
      } else if (roll < 0.85) {
        await cache.delete(key);
        invalidations.push({ key, tags: [], start, end: performance.now() });
      } else {
        const tag = pick(tags);
        await cache.invalidateTags([tag]);
        invalidations.push({ key: undefined, tags: [tag], start, end: performance.now() });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  for (const cache of instances) await cache.close();
  return { reads, staleReads, invalidations: invalidations.length };
}

const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
try {
  const results = [await measure('taglru', taglruInstance), await measure('bentocache', bentoInstance)];
  const lines = [
    '## Tiered: taglru TieredCache vs BentoCache 1.6 (memory L1 + Redis L2 + bus), loopback redis-server',
    '',
    `Machine: ${os.cpus().length} cores, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; node-redis for taglru, ioredis inside BentoCache.`,
    "Redis cmds: commands Redis executed (INFO stats), those inside taglru's Lua scripts included. Round trips: taglru's own L2 calls",
    '(its bus messages not included); BentoCache runs no scripts, so its commands are its round trips.',
    '',
    '| library | getOrSet L1 hit p50 / p99 (µs) | Redis cmds per L1 hit | getOrSet L2 hit p50 / p99 (µs) | Redis cmds per L2 hit | round trips per L2 hit |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.l1.p50)} / ${fmt(r.l1.p99)} | ${fmt(r.l1.commandsPerCall, 2)} | ${fmt(r.l2.p50)} / ${fmt(r.l2.p99)} | ${fmt(r.l2.commandsPerCall, 2)} | ${fmt(r.l2.roundTripsPerCall, 2)} |`,
    ),
    '',
    '| library | seed 004: invalidate 18 tags x 1,000 keys (ms) | Redis cmds | round trips | Redis keys before -> after | sample of 100 still served by B |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${fmt(r.seed004.ms)} | ${r.seed004.commands} | ${fmt(r.seed004.roundTrips, 0)} | ${r.seed004.redisKeysBefore} -> ${r.seed004.redisKeysAfter} | ${r.seed004.servedByB} |`,
    ),
    ...results
      .filter((r) => r.seed004Background)
      .map(
        (r) =>
          `| ${r.name}, background | ${fmt(r.seed004Background.ms)} | ${r.seed004Background.commands} (deletion under way) | ${fmt(r.seed004Background.roundTrips, 0)} | deleted after | ${r.seed004Background.servedByB} |`,
      ),
    '',
    `| library | load racing a delete: reads of the raced value, of ${2 * RACES} (A and C, ${RACES} races) | load racing a tag invalidation: same, of ${2 * RACES} |`,
    '|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.loadRace.delete} | ${r.loadRace.tag} |`),
    '',
    '| library | 3 instances, random operations: reads | invalidations | reads returning an invalidated value |',
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${r.race.reads} | ${r.race.invalidations} | ${r.race.staleReads} |`),
    '',
    `| library | make one tag of ${STALE_KEYS.toLocaleString('en-US')} keys stale (ms) | Redis cmds | round trips |`,
    '|---|---|---|---|',
    ...results.map((r) => `| ${r.name} | ${fmt(r.markStale.ms, 2)} | ${r.markStale.commands} | ${fmt(r.markStale.roundTrips, 0)} |`),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'tiered.json'), `${JSON.stringify(results, null, 2)}\n`);
  }
} finally {
  admin.destroy();
  await redis.stop();
}
