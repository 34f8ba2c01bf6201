// Two instances of a service keep their caches in step through Redis. In production each instance is
// its own process (or machine) with its own client; here both live in one process to keep it short.
//
// It starts nothing itself. Start a server first, e.g.:
//   redis-server --port 6379 --save '' --appendonly no
// then: REDIS_URL=redis://127.0.0.1:6379 node examples/sync-redis.mjs
// Without a reachable server it prints these instructions and exits.
import assert from 'node:assert/strict';
import { createClient } from 'redis';
import { TagCache } from '../dist/index.js';
import { redisTransport } from '../dist/redis.js';
import { syncCache } from '../dist/sync.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function connect() {
  // No reconnect loop for the probe: an example should say so at once when nothing listens.
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}

const clients = [await connect(), await connect()];
if (clients.some((client) => client === undefined)) {
  console.log(`No Redis at ${url}. Start one (redis-server --port 6379 --save '' --appendonly no) and run again.`);
  for (const client of clients) client?.destroy();
  process.exit(0);
}

const stream = `taglru:example:${process.pid}`;
const instances = [];
for (const client of clients) {
  const cache = new TagCache({ maxEntries: 50_000 });
  // Streams (the default): nothing is lost silently; a gap or a Redis restart marks everything stale.
  const sync = await syncCache(cache, { transport: redisTransport({ client, stream }), maxStalenessMs: 10_000 });
  instances.push({ cache, sync });
}
const [a, b] = instances;

// Instance B has cached a tenant's users.
b.cache.set('user:1', { name: 'Ada' }, { tags: ['tenant:acme'] });
b.cache.set('user:2', { name: 'Grace' }, { tags: ['tenant:acme'] });
b.cache.set('user:3', { name: 'Edsger' }, { tags: ['tenant:other'] });
await b.sync.flush(); // B's writes invalidate A's copies of these keys (A has none)

// Instance A changes the tenant and invalidates it: removed on A at once, on B shortly after.
a.cache.bulkRemove('tenant:acme');
await a.sync.flush(); // resolves once the invalidation is stored in Redis

const deadline = Date.now() + 5_000;
while (b.sync.stats().applied === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
assert.equal(b.cache.get('user:1'), undefined);
assert.equal(b.cache.get('user:2'), undefined);
assert.deepEqual(b.cache.get('user:3'), { name: 'Edsger' });

const { published } = a.sync.stats();
const { applied, resyncs, propagationMs } = b.sync.stats();
console.log(`A published ${published}, B applied ${applied} (resyncs ${resyncs}), propagation p50 ${propagationMs.p50} ms`);

for (const { sync } of instances) await sync.close(); // closes its own connections, never the client
await clients[0].sendCommand(['DEL', stream, `${stream}:seq`]);
for (const client of clients) client.destroy();
