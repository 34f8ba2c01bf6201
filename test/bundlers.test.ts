// The bundler matrix: a tiny page that imports `taglru` as a user would, bundled by esbuild,
// Vite (its JS API) and webpack 5 (its Node API), served from 127.0.0.1 and run in headless
// Chromium. Each page runs the cache (set, get, bulkRemove, eviction, TagCache.create) and
// leaves its results in the DOM and in window.__report; the Vite and webpack pages also run
// the same checks in a Web Worker they bundle.
//
// The package is installed as npm would install it: the files `npm pack` would pack, copied
// into node_modules/taglru of a temporary project (no tarball is made: test/package.test.ts
// packs the one tarball of a run). Beside it, node_modules/taglru-exports-probe has the same
// "exports" map with every target replaced by a file naming its condition, so each page also
// reports which condition its bundler took for `taglru`.
//
// A Content-Security-Policy check serves the pages with `script-src 'self'` (the constructor
// and create() must fail with a CompileError) and with `script-src 'self' 'wasm-unsafe-eval'`
// (both must work).
//
// Needs `npm run build` first (npm test does it) and Debian's chromium at /usr/bin/chromium.

import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './support/chromium';

const TIMEOUT = 60_000;
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const fixtures = join(root, 'test', 'fixtures', 'bundlers');

/** The builds: Vite twice, with its default worker format (iife) and with worker.format 'es'. */
type Bundler = 'esbuild' | 'vite' | 'vite-worker-es' | 'webpack';
const BUNDLERS: Bundler[] = ['esbuild', 'vite', 'vite-worker-es', 'webpack'];

/** The Content-Security-Policy headers the pages are served with, by name (`?csp=`). */
const POLICIES: Record<string, string> = {
  strict: "script-src 'self'",
  wasm: "script-src 'self' 'wasm-unsafe-eval'",
  unsafeEval: "script-src 'self' 'unsafe-eval'",
};

interface StepError {
  name: string;
  message: string;
}
interface Report {
  condition?: string;
  /** typeof syncCache from taglru/sync, or 'undefined' while the package does not export it. */
  sync?: string;
  steps?: Record<string, unknown>;
  errors?: Record<string, StepError>;
  worker?: Report;
  fatal?: string;
}

/** What every page (and worker) must report when WebAssembly may be compiled. */
const EXPECTED_STEPS = {
  constructor: {
    getA: 1,
    getB: 2,
    getMissing: null,
    countX: 2,
    bulkX: 2,
    bulkXAgain: 0,
    keysAfterBulk: ['c'],
    keysAfterEviction: ['f', 'e', 'd'],
    removed: ['a=1:tag', 'b=2:tag', 'c=3:evict'],
  },
  create: { isTagCache: true, get3: 'three', bulkOdd: 2, keys: [2] },
};

let temp = '';
let project = '';
let context: BrowserContext | undefined;
let userDataDir = '';
/** Whether the package exports taglru/sync (then the pages bundle it too). */
let hasSync = false;
const servers = new Map<Bundler, { server: Server; origin: string }>();
const foreignRequests: string[] = [];
const timings: Record<string, number> = {};

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name)) env[name] = value;
  return env;
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Copies the files `npm pack` would put in the tarball into node_modules/taglru, as an install would. */
function installPackage(): Record<string, unknown> {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    env: childEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT,
  });
  const [packed] = JSON.parse(output.slice(output.indexOf('['))) as { files: { path: string }[] }[];
  const target = join(project, 'node_modules', 'taglru');
  for (const { path } of packed!.files) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    copyFileSync(join(root, path), join(target, path));
  }
  return JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as Record<string, unknown>;
}

/**
 * Writes node_modules/taglru-exports-probe: taglru's "exports" entry for ".", with each target
 * replaced by a module exporting `condition`, the path of conditions that leads to it.
 */
function writeExportsProbe(rootExport: unknown): void {
  const probe = join(project, 'node_modules', 'taglru-exports-probe');
  const rewrite = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      const name = path.join('.') || 'default';
      const extension = value.endsWith('.cjs') ? '.cjs' : /\.d\.c?ts$/.test(value) ? '.d.ts' : '.js';
      const file = `./targets/${name}${extension}`;
      const source = file.endsWith('.cjs')
        ? `exports.condition = ${JSON.stringify(name)};\n`
        : file.endsWith('.d.ts')
          ? 'export declare const condition: string;\n'
          : `export const condition = ${JSON.stringify(name)};\n`;
      writeFile(join(probe, file), source);
      return file;
    }
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner, [...path, key])]));
    }
    return value;
  };
  const manifest = { name: 'taglru-exports-probe', version: '0.0.0', type: 'module', exports: { '.': rewrite(rootExport, []) } };
  writeFile(join(probe, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function page(script: string, module: boolean): string {
  return `<!doctype html>
<html>
<head><meta charset="utf-8"><title>taglru bundler page</title></head>
<body>
<script ${module ? 'type="module" ' : ''}src="${script}"></script>
</body>
</html>
`;
}

async function buildEsbuild(out: string): Promise<string[]> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: project,
    entryPoints: ['src/main.js'],
    bundle: true,
    format: 'esm',
    minify: true,
    outdir: out,
    metafile: true,
    logLevel: 'silent',
  });
  writeFile(join(out, 'index.html'), page('./main.js', true));
  return Object.keys(result.metafile.inputs);
}

async function buildVite(out: string, workerFormat: 'es' | undefined): Promise<void> {
  const vite = await import('vite');
  writeFile(join(project, 'src', 'index.html'), page('./main-worker.js', true));
  await vite.build({
    root: join(project, 'src'),
    configFile: false,
    envFile: false,
    logLevel: 'silent',
    cacheDir: join(project, '.vite'),
    build: { outDir: out, emptyOutDir: true },
    ...(workerFormat === undefined ? {} : { worker: { format: workerFormat } }),
  });
}

async function buildWebpack(out: string): Promise<void> {
  const { default: webpack } = await import('webpack');
  const compiler = webpack({
    mode: 'production',
    context: project,
    entry: './src/main-worker.js',
    output: { path: out, filename: 'main.js', clean: true },
    performance: { hints: false },
  });
  await new Promise<void>((resolveBuild, rejectBuild) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) rejectBuild(error);
      else if (stats?.hasErrors()) rejectBuild(new Error(stats.toString('errors-only')));
      else resolveBuild();
    });
  });
  writeFile(join(out, 'index.html'), page('./main.js', false));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Serves `dir` on 127.0.0.1; HTML gets the Content-Security-Policy named by `?csp=`. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = normalize(join(dir, relative));
    const type = TYPES[extname(file)];
    if (!file.startsWith(dir + sep) || type === undefined || !existsSync(file)) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': 'no-store' };
    const policy = POLICIES[url.searchParams.get('csp') ?? ''];
    if (type.startsWith('text/html') && policy !== undefined) headers['content-security-policy'] = policy;
    response.writeHead(200, headers);
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Opens a bundler's page (with a CSP, if named) and returns its report; on failure, says what the page logged. */
async function runPage(bundler: Bundler, csp?: keyof typeof POLICIES): Promise<{ report: Report; log: string[] }> {
  const { origin } = servers.get(bundler)!;
  const browserPage = await context!.newPage();
  const log: string[] = [];
  browserPage.on('console', (message) => log.push(`console.${message.type()}: ${message.text()}`));
  browserPage.on('pageerror', (error) => log.push(`pageerror: ${error.stack ?? error.message}`));
  browserPage.on('response', (response) => {
    if (response.status() >= 400) log.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  try {
    await browserPage.goto(`${origin}/index.html${csp === undefined ? '' : `?csp=${csp}`}`, { waitUntil: 'load', timeout: TIMEOUT });
    try {
      await browserPage.waitForFunction(() => (window as unknown as { __report?: unknown }).__report !== undefined, null, {
        timeout: 20_000,
      });
    } catch (error) {
      throw new Error(`the ${bundler} page never reported (${String(error)}). Page log:\n${log.join('\n') || '(empty)'}`);
    }
    const report = await browserPage.evaluate(() => (window as unknown as { __report: Report }).__report);
    const shown = await browserPage.textContent('#report');
    expect(JSON.parse(shown ?? 'null'), 'the report written to the DOM').toEqual(report);
    return { report, log };
  } finally {
    await browserPage.close();
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (\`apt-get install -y chromium\`).`);
  }
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    throw new Error('dist/index.js is missing: run `npm run build` before the tests (npm test does).');
  }
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'taglru-bundlers-')));
  project = join(temp, 'project');
  writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'taglru-bundler-page', private: true, type: 'module' }, null, 2)}\n`);
  for (const name of ['checks.js', 'main.js', 'main-worker.js', 'worker.js']) {
    writeFile(join(project, 'src', name), readFileSync(join(fixtures, name), 'utf8'));
  }
  const manifest = installPackage();
  const exportsMap = manifest.exports as Record<string, unknown>;
  writeExportsProbe(exportsMap['.']);
  hasSync = exportsMap['./sync'] !== undefined;
  writeFile(
    join(project, 'src', 'subpaths.js'),
    hasSync ? "export { syncCache } from 'taglru/sync';\n" : 'export const syncCache = undefined;\n',
  );

  userDataDir = join(temp, 'chromium-profile');
  context = await launchChromium(userDataDir, {
    timeout: TIMEOUT,
  });
  // Nothing but the local servers: any other request is aborted and recorded.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('http://127.0.0.1:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
}, TIMEOUT);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  for (const { server } of servers.values()) {
    server.closeAllConnections();
    await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  }
  // TAGLRU_KEEP_TEMP=1 keeps the project and the bundles for a look (the path is printed).
  if (temp !== '' && process.env.TAGLRU_KEEP_TEMP) console.log(`bundler matrix kept in ${temp}`);
  else if (temp !== '') rmSync(temp, { recursive: true, force: true });
  if (Object.keys(timings).length > 0) console.log(`bundler matrix timings (ms): ${JSON.stringify(timings)}`);
}, TIMEOUT);

describe.each(BUNDLERS)('a page bundled by %s', (bundler) => {
  const out = () => join(temp, `out-${bundler}`);

  it(
    'builds',
    async () => {
      const started = performance.now();
      if (bundler === 'esbuild') {
        const inputs = await buildEsbuild(out());
        // The package itself, by its published entry, not by a path into the repository.
        expect(inputs).toContain('node_modules/taglru/dist/index.js');
      } else if (bundler === 'vite' || bundler === 'vite-worker-es') {
        await buildVite(out(), bundler === 'vite-worker-es' ? 'es' : undefined);
      } else {
        await buildWebpack(out());
      }
      timings[`${bundler} build`] = Math.round(performance.now() - started);
      expect(existsSync(join(out(), 'index.html'))).toBe(true);
      servers.set(bundler, await serve(out()));
    },
    TIMEOUT,
  );

  it(
    'runs the cache in Chromium and takes the "browser" condition of the exports map',
    async () => {
      const started = performance.now();
      const { report, log } = await runPage(bundler);
      timings[`${bundler} page`] = Math.round(performance.now() - started);
      expect(report.fatal, log.join('\n')).toBeUndefined();
      expect(report.errors).toEqual({});
      expect(report.steps).toEqual(EXPECTED_STEPS);
      expect(report.condition).toBe('browser');
      expect(report.sync).toBe(hasSync ? 'function' : 'undefined');
      if (bundler !== 'esbuild') {
        // The same checks in a Web Worker the bundler built from `new Worker(new URL(...), { type: 'module' })`.
        expect(report.worker?.fatal, log.join('\n')).toBeUndefined();
        expect(report.worker?.errors).toEqual({});
        expect(report.worker?.steps).toEqual(EXPECTED_STEPS);
        expect(report.worker?.condition).toBe('browser');
      }
      expect(foreignRequests).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    "fails to compile the core under script-src 'self' (CompileError from both constructors)",
    async () => {
      const { report } = await runPage(bundler, 'strict');
      expect(report.fatal).toBeUndefined();
      expect(report.steps).toEqual({});
      expect(Object.keys(report.errors ?? {}).sort()).toEqual(['constructor', 'create']);
      if (process.env.TAGLRU_KEEP_TEMP) console.log(JSON.stringify(report.errors));
      for (const error of Object.values(report.errors ?? {})) {
        expect(error.name).toBe('CompileError');
        expect(error.message).toMatch(/wasm-unsafe-eval|unsafe-eval/);
      }
    },
    TIMEOUT,
  );

  it(
    "works under script-src 'self' 'wasm-unsafe-eval'",
    async () => {
      const { report } = await runPage(bundler, 'wasm');
      expect(report.errors).toEqual({});
      expect(report.steps).toEqual(EXPECTED_STEPS);
      if (bundler === 'esbuild') {
        // 'unsafe-eval' allows it too (and eval with it), as the README says.
        const { report: unsafe } = await runPage(bundler, 'unsafeEval');
        expect(unsafe.errors).toEqual({});
        expect(unsafe.steps).toEqual(EXPECTED_STEPS);
      }
    },
    TIMEOUT,
  );
});

describe('the exports condition outside the browser', () => {
  it(
    'esbuild with platform "node" takes "import" for import statements and "require" for require()',
    async () => {
      const esbuild = await import('esbuild');
      writeFile(
        join(project, 'src', 'required.cjs'),
        [
          "const { TagCache } = require('taglru');",
          "const { condition } = require('taglru-exports-probe');",
          'module.exports = { TagCache, condition };',
          '',
        ].join('\n'),
      );
      const taken: Record<string, string[]> = {};
      for (const [entry, format] of [
        ['src/checks.js', 'esm'],
        ['src/required.cjs', 'cjs'],
      ] as const) {
        const result = await esbuild.build({
          absWorkingDir: project,
          entryPoints: [entry],
          bundle: true,
          platform: 'node',
          format,
          write: false,
          metafile: true,
          logLevel: 'silent',
        });
        taken[format] = Object.keys(result.metafile.inputs).filter((input) => input.includes('node_modules/'));
      }
      expect(taken.esm).toEqual(
        expect.arrayContaining(['node_modules/taglru/dist/index.js', 'node_modules/taglru-exports-probe/targets/import.default.js']),
      );
      expect(taken.cjs).toEqual(
        expect.arrayContaining(['node_modules/taglru/dist/index.cjs', 'node_modules/taglru-exports-probe/targets/require.default.cjs']),
      );
    },
    TIMEOUT,
  );
});
