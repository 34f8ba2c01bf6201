// BroadcastChannel sync in real headless Chromium: two pages of one origin and a Web Worker, each with
// a TagCache synced by broadcastChannelTransport; and the resync on pageshow (back-forward cache) and resume.
// Needs Debian's chromium at /usr/bin/chromium.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium';

const root = resolve(__dirname, '..');

// One script for pages and the worker: a TagCache synced over the channel, driven through globalThis.taglru.
const ENTRY = `
import { TagCache } from ${JSON.stringify(join(root, 'src/index.ts'))};
import { broadcastChannelTransport, syncCache } from ${JSON.stringify(join(root, 'src/sync/index.ts'))};
const cache = new TagCache({ maxEntries: 100 });
const sync = await syncCache(cache, { transport: broadcastChannelTransport('taglru:browser') });
globalThis.taglru = { cache, sync };
if (typeof window === 'undefined') {
  // The worker: reports what it holds on request.
  self.onmessage = async (event) => {
    if (event.data.set) cache.set(event.data.set, 'worker', { tags: ['shared'] });
    if (event.data.flush) await sync.flush();
    self.postMessage({ keys: [...cache.keys()], stats: sync.stats() });
  };
  self.postMessage('ready');
}
`;
const PAGE = `<!doctype html><meta charset="utf-8"><script type="module" src="./sync.js"></script>`;

let dir: string;
let server: Server;
let browser: Browser;
let origin: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taglru-browser-sync-'));
  writeFileSync(join(dir, 'entry.ts'), ENTRY);
  buildSync({
    entryPoints: [join(dir, 'entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'sync.js'),
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'index.html'), PAGE);
  server = createServer((request, response) => {
    const name = (request.url ?? '/').split('?')[0] === '/' ? 'index.html' : ((request.url ?? '').slice(1).split('?')[0] ?? '');
    const file = join(dir, name);
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': name.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  rmSync(dir, { recursive: true, force: true });
});

async function openPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (globalThis as { taglru?: unknown }).taglru !== undefined);
  return page;
}

it('invalidations travel between two pages and a worker; a page restored or resumed resyncs', async () => {
  // Two pages of one origin share BroadcastChannels only within one browser context.
  const context = await browser.newContext();
  const pageA = await context.newPage();
  const pageB = await context.newPage();
  for (const page of [pageA, pageB]) {
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as { taglru?: unknown }).taglru !== undefined);
  }
  const result = await pageA.evaluate(async () => {
    type Synced = {
      cache: { set(k: string, v: string, o?: object): void; bulkRemove(t: string): number; keys(): Iterable<string> };
      sync: { flush(): Promise<void>; stats(): { applied: number } };
    };
    const worker = new Worker('./sync.js', { type: 'module' });
    const ask = (message: object): Promise<{ keys: string[]; stats: { applied: number } }> =>
      new Promise((resolve) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.postMessage(message);
      });
    await new Promise((resolve) => {
      worker.onmessage = resolve;
    });
    await ask({ set: 'w1', flush: true });
    const { cache, sync } = (globalThis as unknown as { taglru: Synced }).taglru;
    cache.bulkRemove('shared');
    await sync.flush();
    const deadline = Date.now() + 5_000;
    let reply = await ask({});
    while (reply.stats.applied === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reply = await ask({});
    }
    worker.terminate();
    return reply;
  });
  expect(result.keys).toEqual([]);
  expect(result.stats.applied).toBe(1);
  // Page B applied A's bulkRemove too (and the worker's write before it).
  await pageB.waitForFunction(
    () => (globalThis as unknown as { taglru: { sync: { stats(): { applied: number } } } }).taglru.sync.stats().applied >= 2,
  );
  const resyncs = await pageB.evaluate(() => {
    const { sync } = (globalThis as unknown as { taglru: { sync: { stats(): { resyncs: number } } } }).taglru;
    const before = sync.stats().resyncs;
    window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    document.dispatchEvent(new Event('resume'));
    return [before, sync.stats().resyncs];
  });
  expect(resyncs).toEqual([0, 2]);
  await context.close();
  // A page in another context does not share the channel (a different storage partition).
  const loner = await openPage();
  expect(
    await loner.evaluate(
      () => (globalThis as unknown as { taglru: { sync: { stats(): { received: number } } } }).taglru.sync.stats().received,
    ),
  ).toBe(0);
});
