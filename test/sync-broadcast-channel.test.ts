// BroadcastChannel transport: between worker_threads, in one thread, and on suspension signals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { broadcastChannelTransport } from '../src/sync/broadcast-channel';
import { recordingReceiver, sleep, waitUntil } from './support/redis/recorder';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'taglru-bc-'));
  buildSync({
    entryPoints: [join(__dirname, '../src/sync/broadcast-channel.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: join(dir, 'transport.mjs'),
  });
  // A worker that answers each payload from the main thread ('main:...') with its id; 'stop' closes it.
  writeFileSync(
    join(dir, 'worker.mjs'),
    `
    import { parentPort, workerData } from 'node:worker_threads';
    import { broadcastChannelTransport } from './transport.mjs';
    const transport = broadcastChannelTransport(workerData.name);
    await transport.open({
      message(payload, info) {
        if (payload === 'stop') { void transport.close(); parentPort.close(); return; }
        if (payload.startsWith('main:')) void transport.publish(workerData.id + ':' + payload + ':' + (info.origin.length === 16));
        else parentPort.postMessage('heard ' + payload);
      },
      resync() {}, heard() {}, connection() {}, malformed(detail) { parentPort.postMessage(detail); },
    });
    parentPort.postMessage('ready');
  `,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('delivers between worker_threads, without echo; closing lets the workers exit', async () => {
  const name = 'taglru:bc:workers';
  const workers = [1, 2].map((id) => new Worker(join(dir, 'worker.mjs'), { workerData: { name, id } }));
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
  const main = broadcastChannelTransport(name);
  const atMain = recordingReceiver();
  await main.open(atMain.receiver);
  const heardByWorkers: string[] = [];
  for (const worker of workers) worker.on('message', (text: string) => heardByWorkers.push(text));
  await main.publish('main:hello ✓');
  await waitUntil(() => atMain.messages.length === 2, 'both workers to answer');
  expect(atMain.messages.map((message) => message.payload).sort()).toEqual(['1:main:hello ✓:true', '2:main:hello ✓:true']);
  // Each worker hears the other's answer, never its own.
  await waitUntil(() => heardByWorkers.length === 2, 'each worker to hear the other');
  expect(heardByWorkers.sort()).toEqual(['heard 1:main:hello ✓:true', 'heard 2:main:hello ✓:true']);
  await sleep(100);
  expect(atMain.messages.length).toBe(2);
  expect(atMain.resyncs).toEqual([]);
  const exits = workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
  await main.publish('stop');
  await Promise.all(exits);
  await main.close();
  await expect(main.publish('x')).rejects.toThrow(/closed/);
});

it('reports foreign messages, sequence gaps, and refuses a second open or a publish before open', async () => {
  const name = 'taglru:bc:local';
  const transport = broadcastChannelTransport(name);
  await expect(transport.publish('x')).rejects.toThrow(/not open/);
  const at = recordingReceiver();
  await transport.open(at.receiver);
  await expect(transport.open(at.receiver)).rejects.toThrow(/only once/);
  const foreign = new BroadcastChannel(name);
  foreign.postMessage('hello');
  foreign.postMessage({ taglru: 1, origin: 'o', seq: 1, sentAt: 1, payload: 'a' });
  foreign.postMessage({ taglru: 1, origin: 'o', seq: 3, sentAt: 1, payload: 'b' });
  foreign.postMessage({ taglru: 1, origin: 'o', seq: 2, sentAt: 1, payload: 'c' });
  await waitUntil(() => at.messages.length === 3 && at.malformed.length === 1, 'the messages');
  expect(at.resyncs).toEqual([expect.stringMatching(/gap at 3/), expect.stringMatching(/back at 2/)]);
  foreign.close();
  await transport.close();
});

it('resyncs when its timers ran late (a suspended context), on pageshow from the back-forward cache, and on resume', async () => {
  const target = new EventTarget();
  const document = new EventTarget();
  const saved = {
    add: (globalThis as Record<string, unknown>).addEventListener,
    remove: (globalThis as Record<string, unknown>).removeEventListener,
  };
  Object.assign(globalThis, {
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    document,
  });
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  try {
    const transport = broadcastChannelTransport('taglru:bc:suspend', { checkMs: 100, suspendedMs: 500 });
    const at = recordingReceiver();
    await transport.open(at.receiver);
    vi.advanceTimersByTime(100);
    expect(at.resyncs).toEqual([]);
    vi.setSystemTime(Date.now() + 5_000);
    vi.advanceTimersByTime(100);
    expect(at.resyncs).toEqual([expect.stringMatching(/suspended for about 5000 ms/)]);
    target.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    target.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    document.dispatchEvent(new Event('resume'));
    expect(at.resyncs.slice(1)).toEqual([expect.stringMatching(/back-forward cache/), expect.stringMatching(/resumed/)]);
    await transport.close();
    target.dispatchEvent(new Event('resume'));
    expect(at.resyncs.length).toBe(3);
  } finally {
    vi.useRealTimers();
    Object.assign(globalThis, { addEventListener: saved.add, removeEventListener: saved.remove });
    delete (globalThis as Record<string, unknown>).document;
  }
});

it('open rejects where BroadcastChannel does not exist', async () => {
  vi.stubGlobal('BroadcastChannel', undefined);
  try {
    await expect(broadcastChannelTransport('x').open(recordingReceiver().receiver)).rejects.toThrow(/BroadcastChannel is not available/);
  } finally {
    vi.unstubAllGlobals();
  }
});
