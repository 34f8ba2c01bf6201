// The browser playground (demo/, `npm run demo`): built with Vite's JS API from
// the BUILT package (dist/, which `npm test` builds first), served on 127.0.0.1
// with the headers `vite preview` sends, opened in headless Chromium
// (Debian's /usr/bin/chromium), clicked through, and checked for what it shows.
//
// TAGLRU_PLAYGROUND_SCREENSHOT=1 npx vitest run test/playground.test.ts
// also rewrites docs/playground.png, the README's screenshot.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

let outDir: string;
let userDataDir: string;
let server: Server | undefined;
let context: BrowserContext | undefined;
let url = '';

const ready = existsSync(CHROMIUM) && existsSync(join(root, 'dist', 'index.js'));

beforeAll(async () => {
  if (!ready) return;
  outDir = mkdtempSync(join(tmpdir(), 'taglru-playground-'));
  userDataDir = mkdtempSync(join(tmpdir(), 'taglru-playground-chromium-'));
  // A private output folder: npm test may run while someone uses demo/dist.
  await build({ configFile: join(root, 'demo', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });

  server = createServer((req, res) => {
    const path = normalize(join(outDir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  context = await launchChromium(userDataDir, {
    viewport: { width: 1000, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** The value the stats panel shows for `name`, as a number. */
async function stat(page: Page, panel: 'stats' | 'latency' | 'reasons', name: string): Promise<number> {
  const text = await page.locator(`#${panel} [data-stat="${name}"]`).textContent();
  return Number((text ?? '').replaceAll(',', ''));
}

describe.skipIf(!ready)('browser playground (demo/, built with Vite, in headless Chromium)', () => {
  it('fills, tags, invalidates, loads through the cache and compares with a Map<tag, Set<key>> index', async () => {
    const page = await context!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(await stat(page, 'stats', 'size')).toBe(0);

    // Fill: 300 entries across 3 tags, 100 each.
    await page.fill('#fill-count', '300');
    await page.fill('#fill-tags', '3');
    await page.click('#fill');
    expect(await stat(page, 'stats', 'size')).toBe(300);
    expect(await stat(page, 'stats', 'tags')).toBe(3);
    expect(await stat(page, 'stats', 'sets')).toBe(300);
    expect(await page.locator('#tag-select option').allTextContents()).toEqual(['domain:0 (100)', 'domain:1 (100)', 'domain:2 (100)']);

    // Tag every 10th entry with 'hot': 30 entries, a fourth tag.
    await page.fill('#tag-name', 'hot');
    await page.fill('#tag-every', '10');
    await page.click('#tag');
    await expect.poll(() => page.textContent('#fill-out')).toContain('tagged 30 entries with "hot"');
    expect(await stat(page, 'stats', 'tags')).toBe(4);
    expect(await stat(page, 'stats', 'size')).toBe(300);

    // bulkRemove one tag of 100: size 200, the histogram counts one call.
    expect(await stat(page, 'latency', 'count')).toBe(0);
    await page.selectOption('#tag-select', 'domain:0');
    await page.click('#bulk-remove');
    expect(await page.textContent('#tags-out')).toBe("bulkRemove('domain:0') → 100");
    expect(await stat(page, 'stats', 'size')).toBe(200);
    expect(await stat(page, 'stats', 'bulkRemoves')).toBe(1);
    expect(await stat(page, 'stats', 'removedByTag')).toBe(100);
    expect(await stat(page, 'latency', 'count')).toBe(1);
    expect(await stat(page, 'latency', 'maxUs')).toBeGreaterThanOrEqual(await stat(page, 'latency', 'p50Us'));
    expect(await stat(page, 'reasons', 'tag')).toBe(100);
    // 'hot' lost the 10 entries of domain:0 it carried.
    expect(await page.locator('#tag-select option[value="hot"]').textContent()).toBe('hot (20)');

    // markStale: invisible at once, still counted in size until reclaimed.
    await page.selectOption('#tag-select', 'domain:1');
    await page.click('#mark-stale');
    await expect.poll(() => page.textContent('#tags-out')).toContain("markStale('domain:1') → 100");
    expect(await stat(page, 'stats', 'staleEntries')).toBe(100);
    expect(await stat(page, 'stats', 'size')).toBe(200);
    expect(await page.locator('#tag-select option').allTextContents()).toEqual(['domain:2 (100)', 'hot (10)']);
    await page.click('#purge');
    expect(await page.textContent('#tags-out')).toBe('purgeExpired() → 100');
    expect(await stat(page, 'stats', 'size')).toBe(100);
    expect(await stat(page, 'stats', 'staleEntries')).toBe(0);
    expect(await stat(page, 'reasons', 'stale')).toBe(100);

    // bulkRemove of a second tag counts a second call in the histogram.
    await page.selectOption('#tag-select', 'domain:2');
    await page.click('#bulk-remove');
    expect(await stat(page, 'stats', 'size')).toBe(0);
    expect(await stat(page, 'latency', 'count')).toBe(2);

    // getOrSet with a slow loader: three concurrent calls share one load, the next call hits.
    await page.fill('#load-key', 'report:1');
    await page.fill('#load-delay', '200');
    const misses = await stat(page, 'stats', 'misses');
    await page.click('#get-or-set-3');
    await expect.poll(() => page.textContent('#load-out')).toMatch(/^3 calls: miss, loader ran 1× in \d/);
    expect(await page.textContent('#loader-calls')).toBe('1');
    expect(await stat(page, 'stats', 'misses')).toBeGreaterThan(misses);
    expect(await stat(page, 'stats', 'size')).toBe(1);
    const hits = await stat(page, 'stats', 'hits');
    await page.click('#get-or-set');
    await expect.poll(() => page.textContent('#load-out')).toMatch(/^1 call: hit in /);
    expect(await page.textContent('#loader-calls')).toBe('1');
    expect(await stat(page, 'stats', 'hits')).toBe(hits + 1);
    expect(await page.locator('#tag-select option').allTextContents()).toEqual(['reports (1)']);

    // Refill for the screenshot, then the seed workload comparison: two bars with positive µs.
    await page.click('#fill');
    await page.selectOption('#tag-select', 'domain:1');
    await page.click('#bulk-remove');
    await page.selectOption('#tag-select', 'domain:2');
    await page.click('#mark-stale');
    await page.click('#get-or-set');
    await page.fill('#rounds', '2000');
    await page.click('#run-compare');
    await page.waitForSelector('#compare-card[data-done="true"]', { timeout: 30_000 });
    const bars = await page
      .locator('#chart rect.bar')
      .evaluateAll((rects) => rects.map((rect) => ({ name: rect.getAttribute('data-name'), us: Number(rect.getAttribute('data-us')) })));
    expect(bars.map((bar) => bar.name)).toEqual(['taglru', 'Map LRU + Map<tag, Set<key>>']);
    for (const bar of bars) expect(bar.us).toBeGreaterThan(0);
    expect(await page.textContent('#compare-out')).toMatch(
      /^2000 bulkRemove calls each; µs per call, median of 40 blocks of 50: (taglru [\d.]+× (faster|slower)|about even)$/,
    );
    const valuePattern = expect.stringMatching(/^\d+\.\d\d µs$/);
    expect(await page.locator('#chart text.value').allTextContents()).toEqual([valuePattern, valuePattern]);

    if (process.env.TAGLRU_PLAYGROUND_SCREENSHOT) {
      await page.screenshot({ path: join(root, 'docs', 'playground.png'), fullPage: true });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
