// What the sync suite (bench/sync.mjs) runs on: a throw-away redis-server that dies with the
// process that started it, a loopback TCP proxy that can cut a link silently, and peers — one
// cache instance each — in worker_threads (bench/sync-peer.mjs), driven by messages.
// Loopback only; plain Node.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across threads. */
export const nowMs = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function redisServerFound() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** True once something on 127.0.0.1:port answers PING with PONG. */
export function ping(port) {
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

/**
 * Starts redis-server on a free loopback port (no persistence, its own temporary --dir) under a
 * small shell watchdog: when this process ends, however it ends (even SIGKILL by the runner's
 * timeout), the watchdog's stdin closes and it stops the server and removes the directory.
 * Returns { host, port, stop() }.
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taglru-bench-sync-'));
  const script = 'redis-server "$@" & p=$!; read _ignored; kill $p 2>/dev/null; wait $p; rm -rf "$DIR"';
  const watchdog = spawn(
    'sh',
    [
      '-c',
      script,
      'sh',
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--loglevel',
      'warning',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, DIR: dir } },
  );
  watchdog.stdin.on('error', () => {});
  const exited = new Promise((resolve) => watchdog.once('exit', resolve));
  const stop = async () => {
    watchdog.stdin.end();
    await exited;
  };
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    if (await ping(port)) return { host: '127.0.0.1', port, stop };
    await sleep(30);
  }
  await stop();
  throw new Error(`redis-server on port ${port} did not answer PING within 5 s`);
}

/**
 * A loopback TCP proxy in front of 127.0.0.1:targetPort that can cut every link silently (the
 * sockets stay open, nothing is closed or reset) in one of two ways, then restore it:
 *   'hold': traffic stops and waits in the socket buffers; restore() delivers it (a stall)
 *   'drop': traffic is read and thrown away; restore() resets the links that lived through the cut
 *           (their byte streams have holes), so clients reconnect — "drops traffic, then reconnects"
 * Links opened during a cut are treated the same way.
 */
export function startProxy(targetPort) {
  const links = new Set();
  let mode; // undefined: forwarding
  const discard = () => {};
  const applyCut = (link) => {
    const { client, upstream } = link;
    client.unpipe(upstream);
    upstream.unpipe(client);
    link.cut = mode;
    if (mode === 'hold') {
      client.pause();
      upstream.pause();
    } else {
      client.on('data', discard);
      upstream.on('data', discard);
      client.resume();
      upstream.resume();
    }
  };
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: targetPort, host: '127.0.0.1' });
    const link = { client, upstream, cut: undefined };
    links.add(link);
    if (mode) applyCut(link);
    else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        get links() {
          return links.size;
        },
        cut(how) {
          if (how !== 'hold' && how !== 'drop') throw new Error(`cut mode ${how}`);
          mode = how;
          for (const link of links) applyCut(link);
        },
        restore() {
          mode = undefined;
          for (const link of [...links]) {
            const { client, upstream, cut } = link;
            link.cut = undefined;
            if (cut === 'drop') {
              links.delete(link);
              client.destroy();
              upstream.destroy();
            } else if (cut === 'hold') {
              client.pipe(upstream);
              upstream.pipe(client);
            }
          }
        },
        close() {
          for (const { client, upstream } of links) {
            client.destroy();
            upstream.destroy();
          }
          links.clear();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}

const PEER = new URL('./sync-peer.mjs', import.meta.url);

/**
 * One cache instance in a worker thread. `call(op, args)` resolves with the peer's answer;
 * `on(event, fn)` hears what it reports unasked (e.g. a watched key applied). `offsetMs` is the
 * peer's clock minus ours, from the ping with the shortest round trip (µs here: one process).
 */
export async function startPeer(spec) {
  const worker = new Worker(PEER, { workerData: spec });
  const pending = new Map();
  const listeners = new Map();
  let nextId = 0;
  let crashed;
  worker.on('message', (m) => {
    if (m.id !== undefined) {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(`${spec.name ?? 'peer'}: ${m.error}`));
      else p?.resolve(m.value);
    } else listeners.get(m.event)?.(m);
  });
  worker.on('error', (error) => {
    crashed = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  });
  const call = (op, args = {}, timeoutMs = 30_000) => {
    if (crashed) return Promise.reject(crashed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${spec.name ?? 'peer'}: ${op} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      worker.postMessage({ id, op, args });
    });
  };
  await call('init', {}, 20_000);
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 50; i++) {
    const t0 = nowMs();
    const t = await call('clock');
    const t1 = nowMs();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: t - (t0 + t1) / 2 };
  }
  return {
    spec,
    offsetMs: best.offset,
    call,
    on: (event, fn) => listeners.set(event, fn),
    async close() {
      try {
        await call('close', {}, 10_000);
      } catch {
        // terminated below either way
      }
      await worker.terminate();
    },
  };
}

/** p-th quantile (0..1) of numbers, by nearest rank. */
export function quantile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
