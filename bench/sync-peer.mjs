// One cache instance in a worker thread, for the sync suite (bench/sync.mjs, driven through
// startPeer() in bench/sync-infra.mjs). workerData:
//   { name, lib: 'taglru', transport: { kind: 'redis', client: 'node-redis' | 'ioredis', mode, host, port, stream }
//                                   | { kind: 'bc', channel }, maxStalenessMs? }
//   { name, lib: 'bentocache', host, port, namespace, busPort? }   (as bench/libraries/bentocache.mjs builds it)
// Requests { id, op, args } are answered { id, value } or { id, error }; a watched key reports
// { event: 'applied' | 'missing', key, t } with t = performance.timeOrigin + performance.now().

import { parentPort, workerData } from 'node:worker_threads';

const spec = workerData;
const nowMs = () => performance.timeOrigin + performance.now();
const turn = () => new Promise((resolve) => setImmediate(resolve));
const watchedRemovals = new Set();
let instance; // { get(key) -> value | undefined (maybe a promise), set, fill, del, delTag, flush, stats, close }

function report(event, key) {
  parentPort.postMessage({ event, key, t: nowMs() });
}

async function connectClient({ client, host, port }) {
  if (client === 'ioredis') {
    const { default: Redis } = await import('ioredis');
    const redis = new Redis({ host, port, lazyConnect: true });
    redis.on('error', () => {});
    await redis.connect();
    return { client: redis, close: async () => redis.disconnect() };
  }
  const { createClient } = await import('redis');
  const redis = createClient({ socket: { host, port } });
  redis.on('error', () => {});
  await redis.connect();
  return { client: redis, close: async () => redis.destroy() };
}

async function taglru() {
  const dist = (file) => new URL(`../dist/${file}`, import.meta.url);
  const { TagCache } = await import(dist('index.js'));
  const { syncCache, broadcastChannelTransport } = await import(dist('sync.js'));
  const cache = new TagCache({
    maxEntries: 200_000,
    onRemove: (key) => {
      if (watchedRemovals.delete(key)) report('applied', key);
    },
  });
  const t = spec.transport;
  let user;
  let transport;
  if (t.kind === 'bc') transport = broadcastChannelTransport(t.channel);
  else {
    const { redisTransport } = await import(dist('redis.js'));
    user = await connectClient(t);
    transport = redisTransport({ client: user.client, stream: t.stream, mode: t.mode });
  }
  const sync = await syncCache(cache, { transport, ...(spec.maxStalenessMs && { maxStalenessMs: spec.maxStalenessMs }) });
  return {
    cache,
    sync,
    get: (key) => cache.get(key),
    set: (key, value, tags) => void cache.set(key, value, tags && { tags }),
    // A read-through fill: not published, so it knocks no other instance's copy out.
    fill: (key, value, tags) => cache.getOrSet(key, () => value, tags && { tags }),
    del: (key) => cache.delete(key),
    delTag: (tag) => cache.bulkRemove(tag),
    flush: () => sync.flush(),
    stats: () => {
      const s = sync.stats();
      return { ...s, lastResync: s.lastResync?.reason };
    },
    async close() {
      await sync.close();
      await user?.close();
    },
  };
}

/**
 * BentoCache as bench/libraries/bentocache.mjs builds it, except that with `spec.busPort` its bus
 * connects there (a proxy) while L2 connects to `spec.port` directly.
 */
async function bentoWithBusVia(busPort) {
  const { BentoCache, bentostore } = await import('bentocache');
  const { memoryDriver } = await import('bentocache/drivers/memory');
  const { redisDriver, redisBusDriver } = await import('bentocache/drivers/redis');
  const bento = new BentoCache({
    default: 'tiered',
    stores: {
      tiered: bentostore()
        .useL1Layer(memoryDriver({ maxItems: 200_000 }))
        .useL2Layer(redisDriver({ connection: { host: spec.host, port: spec.port } }))
        .useBus(redisBusDriver({ connection: { host: spec.host, port: busPort } })),
    },
  });
  const cache = bento.namespace(spec.namespace);
  return {
    get: async (key) => (await cache.get({ key })) ?? undefined,
    set: (key, value, options) => cache.set({ key, value, tags: options?.tags }),
    delete: (key) => cache.delete({ key }),
    deleteByTag: (tag) => cache.deleteByTag({ tags: [tag] }),
    close: () => bento.disconnectAll(),
  };
}

async function bentocache() {
  let cache;
  if (spec.busPort) cache = await bentoWithBusVia(spec.busPort);
  else {
    const adapter = (await import('./libraries/bentocache.mjs')).default;
    const make = await adapter.supports.async.load({ host: spec.host, port: spec.port });
    cache = await make({ maxEntries: 200_000, namespace: spec.namespace });
  }
  return {
    get: (key) => cache.get(key),
    set: (key, value, tags) => cache.set(key, value, tags && { tags }),
    // BentoCache has no "fill without telling the others": B's own set puts the entry in its L1
    // and in Redis (and tells the other instances to drop their L1 copies of that key).
    fill: (key, value, tags) => cache.set(key, value, tags && { tags }),
    del: (key) => cache.delete(key),
    delTag: (tag) => cache.deleteByTag(tag),
    flush: async () => {},
    stats: () => ({}),
    close: () => cache.close(),
  };
}

/** get() with a deadline: 'served', 'missing' or 'no answer' (a read stuck on a cut link). */
async function probe(key, timeoutMs) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve('no answer'), timeoutMs);
  });
  const read = Promise.resolve(instance.get(key)).then(
    (v) => (v === undefined ? 'missing' : 'served'),
    () => 'error',
  );
  const outcome = await Promise.race([read, late]);
  clearTimeout(timer);
  return outcome;
}

const ops = {
  async init() {
    instance = spec.lib === 'bentocache' ? await bentocache() : await taglru();
  },
  clock: () => nowMs(),
  async set({ keys, tags }) {
    for (const key of keys) await instance.set(key, `v:${key}`, tags);
    await instance.flush();
  },
  async fill({ keys, tags }) {
    for (const key of keys) await instance.fill(key, `v:${key}`, tags);
  },
  async count({ keys, timeoutMs = 300 }) {
    const outcomes = await Promise.all(keys.map((key) => probe(key, timeoutMs)));
    const tally = { served: 0, missing: 0, 'no answer': 0, error: 0 };
    for (const o of outcomes) tally[o] += 1;
    return tally;
  },
  /** Reports the key once its removal was applied here ('remove', taglru: onRemove) or once get() misses ('poll'). */
  watch({ key, how }) {
    if (how === 'remove') {
      watchedRemovals.add(key);
      return;
    }
    void (async () => {
      for (;;) {
        if ((await instance.get(key)) === undefined) break;
        await turn();
      }
      report('missing', key);
    })();
  },
  async invalidate({ kind, target }) {
    const t0 = nowMs();
    if (kind === 'delete') await instance.del(target);
    else await instance.delTag(target);
    return t0;
  },
  async flush() {
    await instance.flush();
  },
  /** taglru: n invalidations, `perTurn` per event-loop turn, then the sentinel 'S:end'. */
  async burst({ n, kind, perTurn }) {
    const { cache, sync } = instance;
    const before = sync.stats().published;
    const t0 = nowMs();
    for (let i = 0; i < n; i++) {
      if (kind === 'delete') cache.delete(`B:${i}`);
      else cache.bulkRemove(`bt:${i}`);
      if ((i + 1) % perTurn === 0) await turn();
    }
    cache.delete('S:end');
    const issued = nowMs();
    await sync.flush();
    return { t0, issueMs: issued - t0, flushMs: nowMs() - t0, messages: sync.stats().published - before };
  },
  stats: () => instance.stats(),
  async close() {
    await instance?.close();
    instance = undefined;
  },
};

parentPort.on('message', async ({ id, op, args }) => {
  try {
    const value = await ops[op](args);
    parentPort.postMessage({ id, value });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.stack ?? error) });
  }
});
