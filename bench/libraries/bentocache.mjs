// BentoCache 1.6: memory L1 + Redis L2 + a Redis pub/sub bus, the JS anchor
// for multi-instance caches (see DESIGN.md §7). Asynchronous only, so no
// current suite picks it; the coming sync / tiered suites use `async`.
// setup() starts one throw-away redis-server for the run; teardown() stops it.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const servers = new Map(); // pid -> { child, dir }, in the runner

function redisServerFound() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True once the server answers PING. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    socket.setTimeout(500, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      reply += data;
      if (reply.includes('\r\n')) socket.end();
    });
    socket.on('close', () => resolve(reply.startsWith('+PONG')));
    socket.on('error', () => {});
  });
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'bentocache',
  package: 'bentocache',
  order: 10,
  color: '#e377c2',
  available: () => (redisServerFound() ? undefined : { reason: 'redis-server not found', install: 'apt-get install redis-server' }),

  async setup() {
    const port = await freePort();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taglru-bench-redis-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    servers.set(child.pid, { child, dir });
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      if (await ping(port)) return { host: '127.0.0.1', port, pid: child.pid };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.teardown({ pid: child.pid });
    throw new Error(`redis-server on port ${port} did not answer PING within 5 s`);
  },

  async teardown({ pid }) {
    const server = servers.get(pid);
    if (server === undefined) return;
    servers.delete(pid);
    if (server.child.exitCode === null) {
      const exited = new Promise((resolve) => server.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    rmSync(server.dir, { recursive: true, force: true });
  },

  supports: {
    async: {
      label: 'BentoCache: memory L1 (maxItems) + Redis L2 + Redis bus',
      async load({ host, port }) {
        const { BentoCache, bentostore } = await import('bentocache');
        const { memoryDriver } = await import('bentocache/drivers/memory');
        const { redisDriver, redisBusDriver } = await import('bentocache/drivers/redis');
        return async ({ maxEntries = 10_000, namespace = 'bench' } = {}) => {
          const connection = { host, port };
          const bento = new BentoCache({
            default: 'tiered',
            stores: {
              tiered: bentostore()
                .useL1Layer(memoryDriver({ maxItems: maxEntries }))
                .useL2Layer(redisDriver({ connection }))
                .useBus(redisBusDriver({ connection })),
            },
          });
          const cache = bento.namespace(namespace);
          return {
            get: async (key) => (await cache.get({ key })) ?? undefined,
            set: (key, value, options) => cache.set({ key, value, tags: options?.tags }),
            delete: (key) => cache.delete({ key }),
            deleteByTag: (tag) => cache.deleteByTag({ tags: [tag] }),
            close: () => bento.disconnectAll(),
          };
        };
      },
    },
  },
};
