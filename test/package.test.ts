// Tests the package as a user gets it: `npm pack`, install the tarball into an
// empty folder, then `import` it from an ES module and `require` it from a
// CommonJS script, and type-check both against the shipped typings. On the same
// tarball: publint and arethetypeswrong (every subpath export, every resolution
// profile), and every relative link of the README resolves to a packed file.
//
// Needs `npm run build` first (npm test does it): the pack runs with
// --ignore-scripts so that it does not rebuild. No network is needed: the
// package has no runtime dependencies.

import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TIMEOUT = 120_000;
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
const BUILT = ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts'];

/** The environment of child processes, without the npm_* variables of an enclosing `npm test`. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name)) env[name] = value;
  }
  return env;
}

/** Runs a command and returns its stdout; on failure the error shows the command, stdout and stderr. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: childEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { status?: number | null; signal?: string | null; stdout?: string; stderr?: string };
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${cwd} failed (status ${String(failed.status)}, signal ${String(failed.signal)})\n` +
        `--- stdout ---\n${failed.stdout ?? ''}\n--- stderr ---\n${failed.stderr ?? ''}`,
    );
  }
}

/** The same scenario for both module systems: takes the TagCache class, resolves to plain data. */
const SCENARIO = `
async function scenario(TagCache) {
  const removed = [];
  const cache = new TagCache({ maxEntries: 3, onRemove: (key, value, reason) => removed.push([key, value, reason]) });
  cache.set('a', 1, { tags: ['x', 'y'] }).set('b', 2, { tags: ['x'] }).set('c', 3, { tags: ['y'] });
  const out = {
    getA: cache.get('a'),
    getB: cache.get('b'),
    getMissing: cache.get('missing') === undefined,
    countX: cache.countByTag('x'),
    countY: cache.countByTag('y'),
    tagsOfA: cache.tagsOf('a'),
  };
  out.bulkX = cache.bulkRemove('x');
  out.bulkXAgain = cache.bulkRemove('x');
  out.countXAfter = cache.countByTag('x');
  out.countYAfter = cache.countByTag('y');
  out.keysAfterBulk = [...cache.keys()];
  cache.set('d', 4).set('e', 5).set('f', 6); // the cache holds 3: c is evicted
  out.keysAfterEviction = [...cache.keys()];
  out.size = cache.size;
  out.removed = removed.sort((left, right) => String(left[0]).localeCompare(String(right[0]))); // bulk order is unspecified
  const created = await TagCache.create({ maxEntries: 4 });
  created.set(1, 'one', { tags: ['odd'] }).set(2, 'two', { tags: ['even'] }).set(3, 'three', { tags: ['odd'] });
  out.created = {
    isTagCache: created instanceof TagCache,
    get3: created.get(3),
    bulkOdd: created.bulkRemove(['odd', 'none']),
    keys: [...created.keys()],
  };
  return out;
}
`;

const ESM = `import * as taglru from 'taglru';
import { TagCache } from 'taglru';
${SCENARIO}
const out = await scenario(TagCache);
out.moduleSystem = typeof require === 'undefined' ? 'esm' : 'cjs';
out.resolved = import.meta.resolve('taglru');
out.exportNames = Object.keys(taglru).sort();
console.log(JSON.stringify(out));
`;

const CJS = `'use strict';
const taglru = require('taglru');
const { TagCache } = require('taglru');
${SCENARIO}
scenario(TagCache).then((out) => {
  out.moduleSystem = typeof require === 'function' && typeof module === 'object' ? 'cjs' : 'esm';
  out.resolved = require.resolve('taglru');
  out.exportNames = Object.keys(taglru).sort();
  console.log(JSON.stringify(out));
}, (error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

/** What both scripts must print, besides the module-specific fields. */
const EXPECTED = {
  getA: 1,
  getB: 2,
  getMissing: true,
  countX: 2,
  countY: 2,
  tagsOfA: ['x', 'y'],
  bulkX: 2,
  bulkXAgain: 0,
  countXAfter: 0,
  countYAfter: 1,
  keysAfterBulk: ['c'],
  keysAfterEviction: ['f', 'e', 'd'],
  size: 3,
  removed: [
    ['a', 1, 'tag'],
    ['b', 2, 'tag'],
    ['c', 3, 'evict'],
  ],
  created: { isTagCache: true, get3: 'three', bulkOdd: 2, keys: [2] },
  exportNames: ['TagCache'],
};

// Type checks against the shipped typings, under Node's own resolution (import and require conditions).
const CHECK_MTS = `import { TagCache, type RemovalReason, type TagCacheStats } from 'taglru';
const cache: TagCache<string, number> = new TagCache<string, number>({ maxEntries: 2 });
cache.set('a', 1, { tags: ['t'], ttl: 1000 });
export const value: number | undefined = cache.get('a');
export const removed: number = cache.bulkRemove(['t']);
export const count: number = cache.countByTag('t');
export const stats: TagCacheStats = cache.stats();
export const reason: RemovalReason = 'evict';
export const created: Promise<TagCache<string, number>> = TagCache.create<string, number>({ maxEntries: 1 });
// @ts-expect-error maxEntries is required
new TagCache<string, number>({});
// @ts-expect-error the value type is checked
cache.set('b', 'not a number');
`;

const CHECK_CTS = `import taglru = require('taglru');
const cache = new taglru.TagCache<number, string>({ maxEntries: 2 });
cache.set(1, 'one', { tags: ['t'] });
export const value: string | undefined = cache.get(1);
export const removed: number = cache.bulkRemove('t');
export const keys: number[] = cache.keysByTag('t');
export const stats: taglru.TagCacheStats = cache.stats();
// @ts-expect-error keys are strings or numbers
cache.set({}, 'object key');
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022'],
    types: [],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['check.mts', 'check.cts'],
};

/** The part of `attw --format json` the test reads. */
interface AttwReport {
  problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]>;
  analysis: {
    entrypoints: Record<
      string,
      { resolutions: Record<string, { resolution?: { fileName: string }; implementationResolution?: { fileName: string } }> }
    >;
  };
}

/**
 * The README's relative link targets (markdown links, images and HTML src/href), without
 * anchors and with "./" removed; links to an anchor of the README itself and absolute URLs
 * are left out, as are links inside code blocks and inline code.
 */
function readmeRelativeLinks(markdown: string): string[] {
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  const targets: string[] = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]!);
  for (const match of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(match[1]!);
  for (const match of text.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/g)) targets.push(match[1]!);
  return [
    ...new Set(
      targets
        .filter((target) => !/^[a-z][a-z\d+.-]*:/i.test(target) && !target.startsWith('#') && !target.startsWith('//'))
        .map((target) => decodeURI(target.replace(/[#?].*$/, '')).replace(/^\.\//, '')),
    ),
  ].sort();
}

interface PackResult {
  filename: string;
  name: string;
  version: string;
  files: { path: string }[];
}

let temp: string | undefined;
let consumer = '';
let packed: PackResult;
let tarball = '';

beforeAll(() => {
  const missing = BUILT.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new Error(`${missing.join(', ')} missing: run \`npm run build\` before the tests (npm test does).`);
  }
  temp = realpathSync(mkdtempSync(join(tmpdir(), 'taglru-package-')));
  const packDir = join(temp, 'pack');
  consumer = join(temp, 'consumer');
  mkdirSync(packDir);
  mkdirSync(consumer);

  const packOutput = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], root);
  const results = JSON.parse(packOutput.slice(packOutput.indexOf('['))) as PackResult[];
  expect(results).toHaveLength(1);
  packed = results[0]!;
  tarball = join(packDir, packed.filename);
  expect(existsSync(tarball), `tarball ${tarball} exists`).toBe(true);

  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'taglru-consumer', version: '0.0.0', private: true }, null, 2)}\n`,
  );
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', tarball], consumer);

  writeFileSync(join(consumer, 'esm.mjs'), ESM);
  writeFileSync(join(consumer, 'cjs.cjs'), CJS);
  writeFileSync(join(consumer, 'check.mts'), CHECK_MTS);
  writeFileSync(join(consumer, 'check.cts'), CHECK_CTS);
  writeFileSync(join(consumer, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
}, TIMEOUT);

afterAll(() => {
  if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('contains the builds, both typings, the license and the docs, and no source maps', () => {
    expect(packed.name).toBe(rootManifest.name);
    expect(packed.version).toBe(rootManifest.version);
    const paths = packed.files.map((file) => file.path).sort();
    expect(paths).toEqual(expect.arrayContaining([...BUILT, 'package.json', 'README.md', 'LICENSE', 'CHANGELOG.md']));
    for (const path of paths) {
      expect(path).toMatch(
        /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/[^/]+|examples\/[^/]+\.mjs|bench\/results\/(hitratio\/)?[^/]+\.svg|docs\/[^/]+\.png)$/,
      );
      expect(path).not.toMatch(/\.map$/);
    }
  });

  it('resolves every relative link of the README to a file in the tarball', () => {
    const paths = new Set(packed.files.map((file) => file.path));
    const links = readmeRelativeLinks(readFileSync(join(root, 'README.md'), 'utf8'));
    expect(links.length).toBeGreaterThan(0);
    const broken = links.filter((link) => !paths.has(link) && ![...paths].some((path) => path.startsWith(`${link.replace(/\/$/, '')}/`)));
    expect(broken, `README links to files missing from the tarball (add them to "files" or drop the links)`).toEqual([]);
  });

  it(
    'passes publint on the tarball with no message at all (suggestions included)',
    async () => {
      const bytes = readFileSync(tarball);
      const { messages, pkg } = await publint({
        pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
        level: 'suggestion',
        strict: true,
      });
      expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'passes arethetypeswrong on the tarball for every subpath export in every resolution profile',
    () => {
      const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
      // The JSON goes to a file: attw exits before a large write to a pipe is flushed.
      const report = join(temp!, 'attw.json');
      const fd = openSync(report, 'w');
      let status = 0;
      try {
        execFileSync(process.execPath, [attw, tarball, '--format', 'json', '--profile', 'strict'], {
          cwd: temp!,
          env: childEnv(),
          stdio: ['ignore', fd, 'pipe'],
          timeout: TIMEOUT,
        });
      } catch (error) {
        status = (error as { status?: number }).status ?? -1;
      } finally {
        closeSync(fd);
      }
      const result = JSON.parse(readFileSync(report, 'utf8')) as AttwReport;
      const problems = Object.values(result.problems ?? {}).flat();
      expect(problems.map((problem) => `${problem.kind} in ${problem.entrypoint} (${problem.resolutionKind ?? 'any'})`)).toEqual([]);
      expect(status).toBe(0);
      // Every subpath of "exports" was analysed, and resolves to typings and code in each profile.
      const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'taglru', 'package.json'), 'utf8')) as {
        exports: Record<string, unknown>;
      };
      const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json');
      expect(Object.keys(result.analysis.entrypoints)).toEqual(expect.arrayContaining(Object.keys(manifest.exports)));
      for (const subpath of subpaths) {
        const { resolutions } = result.analysis.entrypoints[subpath]!;
        expect(Object.keys(resolutions).sort(), subpath).toEqual(['bundler', 'node10', 'node16-cjs', 'node16-esm']);
        for (const [kind, resolution] of Object.entries(resolutions)) {
          expect(resolution.resolution?.fileName, `${subpath} typings under ${kind}`).toMatch(/\.d\.c?ts$/);
          if (kind !== 'node10' || subpath === '.') {
            // node10 ignores "exports": only the root resolves to code there; typesVersions gives subpaths their typings.
            expect(resolution.implementationResolution?.fileName, `${subpath} code under ${kind}`).toMatch(/\.c?js$/);
          }
        }
      }
    },
    TIMEOUT,
  );

  it('installs from the tarball as a real folder with the typings in place', () => {
    const installed = join(consumer, 'node_modules', 'taglru');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      version: string;
      types: string;
      exports: Record<string, unknown>;
    };
    expect(manifest.version).toBe(rootManifest.version);
    for (const file of BUILT) expect(existsSync(join(installed, file)), `${file} installed`).toBe(true);
    expect(existsSync(join(installed, manifest.types))).toBe(true);
  });

  it(
    'works through import from an ES module',
    () => {
      const out = JSON.parse(run(process.execPath, ['esm.mjs'], consumer)) as Record<string, unknown>;
      expect(out).toMatchObject(EXPECTED);
      expect(out.moduleSystem).toBe('esm');
      expect(out.resolved).toBe(pathToFileURL(join(consumer, 'node_modules', 'taglru', 'dist', 'index.js')).href);
    },
    TIMEOUT,
  );

  it(
    'works through require from a CommonJS script',
    () => {
      const out = JSON.parse(run(process.execPath, ['cjs.cjs'], consumer)) as Record<string, unknown>;
      expect(out).toMatchObject(EXPECTED);
      expect(out.moduleSystem).toBe('cjs');
      expect(out.resolved).toBe(join(consumer, 'node_modules', 'taglru', 'dist', 'index.cjs'));
    },
    TIMEOUT,
  );

  it(
    'type-checks for import and require consumers against dist/index.d.ts and dist/index.d.cts',
    () => {
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const listed = run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], consumer)
        .split('\n')
        .map((line) => line.trim().replaceAll('\\', '/'));
      const typings = join(consumer, 'node_modules', 'taglru', 'dist').replaceAll('\\', '/');
      expect(listed).toContain(`${typings}/index.d.ts`);
      expect(listed).toContain(`${typings}/index.d.cts`);
    },
    TIMEOUT,
  );
});
