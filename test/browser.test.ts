// Runs the BUILT package (dist/index.js, as published) in real headless Chromium.
//
// dist/ and a small HTML page are served from a local http server on 127.0.0.1;
// the page imports ./index.js with <script type="module"> and reports concrete
// results, which are asserted here. Needs `npm run build` first (npm test does
// it) and Debian's chromium at /usr/bin/chromium (browsers cannot be downloaded
// by Playwright here): `apt-get install -y chromium`.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium';

const TIMEOUT = 60_000;
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = join(root, 'dist');

/** The page: runs the scenario given by ?mode= and leaves its results in window.__taglru. */
const PAGE = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>taglru browser test</title></head>
<body>
<script type="module">
import { TagCache } from './index.js';

const mode = new URLSearchParams(location.search).get('mode');
const report = { mode, userAgent: navigator.userAgent, steps: {}, errors: {} };

// Each step runs on its own, so one failure is reported verbatim without hiding the rest.
async function step(name, body) {
  try {
    report.steps[name] = await body();
  } catch (error) {
    report.errors[name] = String(error && error.stack ? error.stack : error);
  }
}

function syncConstructor() {
  const cache = new TagCache({ maxEntries: 8 });
  return { isTagCache: cache instanceof TagCache, maxEntries: cache.maxEntries, size: cache.size };
}

function tagsAndBulkRemove() {
  const removed = [];
  const cache = new TagCache({ maxEntries: 100, onRemove: (key, value, reason) => removed.push([key, reason]) });
  cache.set('user:1', { name: 'ann' }, { tags: ['users', 'team:a'] });
  cache.set('user:2', { name: 'bob' }, { tags: ['users'] });
  cache.set('post:1', 'hello', { tags: ['posts', 'team:a'] });
  cache.set(42, 'answer', { tags: ['numbers'] });
  cache.set('keep', 'kept', { tags: ['other'] });
  const result = {
    getUser1: cache.get('user:1'),
    getPost1: cache.get('post:1'),
    get42: cache.get(42),
    getMissing: cache.get('missing') === undefined,
    sizeBefore: cache.size,
    countUsers: cache.countByTag('users'),
    countTeamA: cache.countByTag('team:a'),
    countUnknown: cache.countByTag('unknown'),
    keysTeamA: cache.keysByTag('team:a').map(String).sort(),
    tagsOfUser1: cache.tagsOf('user:1'),
  };
  result.bulkUsers = cache.bulkRemove('users');
  result.bulkUsersAgain = cache.bulkRemove('users');
  result.bulkUnknown = cache.bulkRemove('unknown');
  result.countUsersAfter = cache.countByTag('users');
  result.countTeamAAfter = cache.countByTag('team:a');
  result.hasUser1 = cache.has('user:1');
  result.hasPost1 = cache.has('post:1');
  result.bulkMany = cache.bulkRemove(['team:a', 'numbers', 'unknown']);
  result.sizeAfter = cache.size;
  result.remainingKeys = [...cache.keys()];
  result.getKeep = cache.get('keep');
  result.removed = removed.map(([key, reason]) => String(key) + ':' + reason).sort();
  const stats = cache.stats();
  result.stats = { hits: stats.hits, misses: stats.misses, sets: stats.sets, bulkRemoves: stats.bulkRemoves,
    removedByTag: stats.removedByTag, size: stats.size, tags: stats.tags };
  return result;
}

function evictionOrder() {
  const evicted = [];
  const cache = new TagCache({ maxEntries: 3, onRemove: (key, value, reason) => evicted.push([key, value, reason]) });
  cache.set('a', 1, { tags: ['t'] });
  cache.set('b', 2, { tags: ['t'] });
  cache.set('c', 3);
  const before = [...cache.keys()];
  cache.get('a');       // recency now a, c, b
  cache.set('d', 4);    // evicts b
  cache.peek('c');      // peek does not refresh c
  cache.set('e', 5);    // evicts c
  return {
    keysBefore: before,
    evicted,
    keysAfter: [...cache.keys()],
    entriesAfter: [...cache],
    hasB: cache.has('b'),
    hasC: cache.has('c'),
    countT: cache.countByTag('t'),
    size: cache.size,
    evictions: cache.stats().evictions,
  };
}

async function asyncCreate() {
  const cache = await TagCache.create({ maxEntries: 10 });
  cache.set('x', 1, { tags: ['g'] });
  cache.set('y', 2, { tags: ['g', 'h'] });
  cache.set('z', 3, { tags: ['h'] });
  return {
    isTagCache: cache instanceof TagCache,
    getX: cache.get('x'),
    countG: cache.countByTag('g'),
    bulkG: cache.bulkRemove('g'),
    countH: cache.countByTag('h'),
    keys: [...cache.keys()],
    size: cache.size,
  };
}

// bulkRemoveAsync yields with MessageChannel messages here (no setImmediate): the
// class is wrapped before the first call (the scheduler is made on first use) to count them.
async function bulkRemoveAsyncInPage() {
  const Native = globalThis.MessageChannel;
  let posts = 0;
  globalThis.MessageChannel = class extends Native {
    constructor() {
      super();
      const post = this.port2.postMessage.bind(this.port2);
      this.port2.postMessage = (message) => {
        posts++;
        post(message);
      };
    }
  };
  const reasons = {};
  const removedKeys = new Set();
  const cache = new TagCache({
    maxEntries: 300000,
    onRemove: (key, value, reason) => {
      reasons[reason] = (reasons[reason] || 0) + 1;
      removedKeys.add(key);
    },
  });
  const TAGGED = 200000;
  for (let index = 0; index < TAGGED; index++) cache.set(index, index, { tags: ['big'] });
  for (let index = 0; index < 10; index++) cache.set('u' + index, index);
  let timerFired = false;
  setTimeout(() => (timerFired = true), 0);
  const promise = cache.bulkRemoveAsync('big', { sliceMs: 1 });
  const atOnce = { size: cache.size, countBig: cache.countByTag('big'), stale: cache.stats().staleEntries, removed: removedKeys.size };
  await Promise.resolve();
  atOnce.removedAfterMicrotask = removedKeys.size;
  // Between slices: a fresh entry with the tag, and a lookup of a stale key.
  await new Promise((resolve) => setTimeout(resolve, 0));
  const between = { sizeBelowStart: cache.size < TAGGED + 10, staleKeyGet: cache.get(TAGGED - 1) === undefined };
  cache.set('fresh', 'F', { tags: ['big'] });
  let resolvedWith;
  let timerFiredBeforeResolve;
  await promise.then((count) => {
    resolvedWith = count;
    timerFiredBeforeResolve = timerFired;
  });
  globalThis.MessageChannel = Native;
  return {
    atOnce,
    between,
    resolvedWith,
    timerFiredBeforeResolve,
    manyPosts: posts > 10,
    size: cache.size,
    fresh: cache.get('fresh'),
    countBig: cache.countByTag('big'),
    staleEntries: cache.stats().staleEntries,
    removedStale: cache.stats().removedStale,
    reasons,
    allTaggedRemoved: removedKeys.size === TAGGED,
  };
}

if (mode === 'bulk-remove-async') {
  await step('bulkRemoveAsync', bulkRemoveAsyncInPage);
} else if (mode === 'create-first') {
  // Compiles the core asynchronously first (the path for environments that forbid sync compilation).
  await step('create', asyncCreate);
  await step('syncConstructor', syncConstructor);
} else {
  // The synchronous constructor first, so that it really compiles the core synchronously on the main thread.
  await step('syncConstructor', syncConstructor);
  await step('tags', tagsAndBulkRemove);
  await step('eviction', evictionOrder);
  await step('create', asyncCreate);
}
window.__taglru = report;
</script>
</body>
</html>
`;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

interface PageReport {
  mode: string | null;
  userAgent: string;
  steps: Record<string, unknown>;
  errors: Record<string, string>;
}

let server: Server | undefined;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;
let origin = '';
const foreignRequests: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: the browser test needs Debian's chromium package. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (Playwright cannot download browsers here).',
    );
  }
  if (!existsSync(join(dist, 'index.js'))) {
    throw new Error(`${join(dist, 'index.js')} is missing: run \`npm run build\` before the tests (npm test does).`);
  }

  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(PAGE);
      return;
    }
    // Only plain files directly in dist/ (no traversal, no subfolders).
    const name = path.slice(1);
    const extension = name.slice(name.lastIndexOf('.'));
    if (/^[\w.-]+$/.test(name) && !name.startsWith('.') && TYPES[extension] !== undefined && existsSync(join(dist, name))) {
      response.writeHead(200, { 'content-type': TYPES[extension], 'cache-control': 'no-store' });
      response.end(readFileSync(join(dist, name)));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server!.once('error', rejectListen);
    server!.listen(0, '127.0.0.1', () => resolveListen());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  userDataDir = mkdtempSync(join(tmpdir(), 'taglru-chromium-'));
  context = await launchChromium(userDataDir, {
    timeout: TIMEOUT,
  });
  // Nothing but the local server: any other request is aborted and recorded.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`)) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
}, TIMEOUT);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  if (server !== undefined) {
    server.closeAllConnections();
    await new Promise<void>((resolveClose) => server!.close(() => resolveClose()));
  }
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
}, TIMEOUT);

/** Opens the page in `mode` and returns its report; on failure, says what the page logged. */
async function runPage(mode: string): Promise<PageReport> {
  const page = await context!.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => log.push(`pageerror: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => log.push(`requestfailed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) log.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  try {
    await page.goto(`${origin}/?mode=${mode}`, { waitUntil: 'load', timeout: TIMEOUT });
    try {
      await page.waitForFunction(() => (window as unknown as { __taglru?: unknown }).__taglru !== undefined, null, {
        timeout: 20_000,
      });
    } catch (error) {
      throw new Error(`the page never reported results (${String(error)}). Page log:\n${log.join('\n') || '(empty)'}`);
    }
    return await page.evaluate(() => (window as unknown as { __taglru: PageReport }).__taglru);
  } finally {
    await page.close();
  }
}

describe('built package in headless Chromium', () => {
  it(
    'works through the synchronous constructor: tags, bulkRemove, countByTag, eviction, create',
    async () => {
      const report = await runPage('constructor-first');
      expect(report.userAgent).toMatch(/Chrom/);
      // Errors first, verbatim (e.g. a refused synchronous WebAssembly compile on the main thread).
      expect(report.errors).toEqual({});

      expect(report.steps.syncConstructor).toEqual({ isTagCache: true, maxEntries: 8, size: 0 });

      expect(report.steps.tags).toEqual({
        getUser1: { name: 'ann' },
        getPost1: 'hello',
        get42: 'answer',
        getMissing: true,
        sizeBefore: 5,
        countUsers: 2,
        countTeamA: 2,
        countUnknown: 0,
        keysTeamA: ['post:1', 'user:1'],
        tagsOfUser1: ['users', 'team:a'],
        bulkUsers: 2,
        bulkUsersAgain: 0,
        bulkUnknown: 0,
        countUsersAfter: 0,
        countTeamAAfter: 1,
        hasUser1: false,
        hasPost1: true,
        bulkMany: 2,
        sizeAfter: 1,
        remainingKeys: ['keep'],
        getKeep: 'kept',
        removed: ['42:tag', 'post:1:tag', 'user:1:tag', 'user:2:tag'],
        stats: { hits: 4, misses: 1, sets: 5, bulkRemoves: 4, removedByTag: 4, size: 1, tags: 1 },
      });

      expect(report.steps.eviction).toEqual({
        keysBefore: ['c', 'b', 'a'],
        evicted: [
          ['b', 2, 'evict'],
          ['c', 3, 'evict'],
        ],
        keysAfter: ['e', 'd', 'a'],
        entriesAfter: [
          ['e', 5],
          ['d', 4],
          ['a', 1],
        ],
        hasB: false,
        hasC: false,
        countT: 1,
        size: 3,
        evictions: 2,
      });

      expect(report.steps.create).toEqual({
        isTagCache: true,
        getX: 1,
        countG: 2,
        bulkG: 2,
        countH: 1,
        keys: ['z'],
        size: 1,
      });
      expect(foreignRequests).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'bulkRemoveAsync removes 200,000 entries in slices, yielding through MessageChannel',
    async () => {
      const report = await runPage('bulk-remove-async');
      expect(report.errors).toEqual({});
      expect(report.steps.bulkRemoveAsync).toEqual({
        atOnce: { size: 200_010, countBig: 0, stale: 200_000, removed: 0, removedAfterMicrotask: 0 },
        between: { sizeBelowStart: true, staleKeyGet: true },
        resolvedWith: 200_000,
        timerFiredBeforeResolve: true,
        manyPosts: true,
        size: 11,
        fresh: 'F',
        countBig: 1,
        staleEntries: 0,
        removedStale: 200_000,
        reasons: { stale: 200_000 },
        allTaggedRemoved: true,
      });
      expect(foreignRequests).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'works when TagCache.create compiles the core asynchronously first',
    async () => {
      const report = await runPage('create-first');
      expect(report.errors).toEqual({});
      expect(report.steps.create).toEqual({
        isTagCache: true,
        getX: 1,
        countG: 2,
        bulkG: 2,
        countH: 1,
        keys: ['z'],
        size: 1,
      });
      expect(report.steps.syncConstructor).toEqual({ isTagCache: true, maxEntries: 8, size: 0 });
      expect(foreignRequests).toEqual([]);
    },
    TIMEOUT,
  );
});
