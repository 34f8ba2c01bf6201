// Benchmark runner: taglru against the libraries in bench/libraries/, suite by
// suite (bench/suites.mjs). Every job (one suite, one library) runs in its own
// child process (bench/worker.mjs); progress goes to stderr, markdown tables to
// stdout, and everything to bench/out/<time>/ (git-ignored; bench/out/latest
// points to the newest run): results.json, results.md, SVG charts.
//
//   node bench/index.mjs             every suite, fewer sizes and samples (about two minutes)
//   node bench/index.mjs --full      every size and sample count (what bench/results/ holds)
//   node bench/index.mjs --only=seed,getset --libs=taglru,lru-cache
//   node bench/index.mjs --full --publish   also rewrites the committed bench/results/
//   npm run bench [-- flags]         builds dist/ first
// --quick is accepted as a name for the default.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { log, runJob, runScript } from './children.mjs';
import { describeLibraries, library, restrictTo, skippedLibraries } from './registry.mjs';
import { lossesSection } from './report.mjs';
import { SUITES } from './suites.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const OUT = here('./out/');
const PUBLISHED = here('./results/');
const KEEP_RUNS = 20;

// ---- arguments --------------------------------------------------------------

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const listArg = (name) =>
  args
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .filter(Boolean);
for (const a of args) {
  if (!/^--(full|quick|publish|help|only=.*|libs=.*)$/.test(a)) fail(`unknown argument ${a}; try --help`);
}
if (args.includes('--help')) {
  const lines = readFileSync(here('./index.mjs'), 'utf8').split('\n');
  process.stdout.write(
    `${lines
      .slice(
        0,
        lines.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.slice(3))
      .join('\n')}\n`,
  );
  process.exit(0);
}
const full = args.includes('--full');
if (full && args.includes('--quick')) fail('--full and --quick contradict each other');
const publish = args.includes('--publish');
const only = listArg('only');
const libs = listArg('libs');
const selected = only
  ? only.map(
      (name) => SUITES.find((s) => s.name === name) ?? fail(`unknown suite ${name}; suites: ${SUITES.map((s) => s.name).join(', ')}`),
    )
  : SUITES;
try {
  if (libs) restrictTo(libs);
} catch (error) {
  fail(error.message);
}

/** Why a suite cannot run here (a script that is missing, or its own available()), or undefined. */
async function suiteUnavailable(suite) {
  if (suite.script)
    return existsSync(here(suite.script)) ? undefined : { reason: `bench/${suite.script.slice(2)} not found`, install: suite.install };
  const mod = await import(suite.module);
  return mod.available?.();
}
const skipLine = (why) => `skipped: ${why.reason}${why.install ? ` (${why.install})` : ''}`;

if (publish) {
  // bench/results/ is what the README quotes: only a complete full run may replace it.
  if (!full || only || libs)
    fail('--publish rewrites bench/results/ and needs a complete run: use it with --full and without --only or --libs');
  const missing = [
    ...skippedLibraries().map((s) => `library ${s.name}: ${skipLine(s)}`),
    ...(await Promise.all(SUITES.map(async (s) => [s.name, await suiteUnavailable(s)])))
      .filter(([, why]) => why)
      .map(([name, why]) => `suite ${name}: ${skipLine(why)}`),
  ];
  if (missing.length) fail(`--publish needs every suite and library; missing here:\n  ${missing.join('\n  ')}`);
}

// ---- the run's folder and metadata ------------------------------------------

/** Which build was measured: others may rebuild dist/ while we run. */
function distInfo() {
  try {
    const path = here('../dist/index.js');
    const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
    return { sha256: hash.slice(0, 16), mtime: statSync(path).mtime.toISOString() };
  } catch (error) {
    return { error: String(error.message) };
  }
}

function gitHead() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here('..'), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const STAMP = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?$/;
function makeRunDir() {
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  let name = `${stamp}Z`;
  for (let i = 2; existsSync(`${OUT}${name}`); i++) name = `${stamp}Z-${i}`;
  mkdirSync(`${OUT}${name}`, { recursive: true });
  return name;
}

/** bench/out/latest -> the newest run; only the newest KEEP_RUNS runs are kept. */
function linkLatestAndPrune(name) {
  try {
    rmSync(`${OUT}latest.tmp`, { force: true });
    symlinkSync(name, `${OUT}latest.tmp`);
    renameSync(`${OUT}latest.tmp`, `${OUT}latest`);
  } catch (error) {
    log(`(could not link bench/out/latest: ${error.message})`);
  }
  const runs = readdirSync(OUT)
    .filter((d) => STAMP.test(d))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - KEEP_RUNS))) rmSync(`${OUT}${old}`, { recursive: true, force: true });
}

const runName = makeRunDir();
const runDir = `${OUT}${runName}/`;
const started = performance.now();
const meta = {
  date: new Date().toISOString(),
  mode: full ? 'full' : 'default',
  node: process.version,
  v8: process.versions.v8,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  totalMemGB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
  suites: selected.map((s) => s.name),
  git: gitHead(),
  dist: distInfo(),
  libraries: describeLibraries(),
  tinybench: JSON.parse(readFileSync(here('../node_modules/tinybench/package.json'), 'utf8')).version,
};
log(
  `taglru benchmarks, ${full ? 'full run' : 'default run: every suite, fewer sizes and samples (--full for all)'}` +
    ` — Node ${meta.node}, ${meta.cpu} × ${meta.cores}, load ${meta.loadAverageAtStart.join(' ')}, dist ${meta.dist.sha256 ?? '?'}`,
);
log(`results: bench/out/${runName}/ (bench/out/latest)`);
for (const s of skippedLibraries()) log(`library ${s.name} ${skipLine(s)}`);

// ---- suites -----------------------------------------------------------------

const resources = new Map(); // library name -> what its setup() returned (or { failed })
const used = new Set(); // libraries some job ran

async function setUp(name) {
  if (resources.has(name) || name === 'control') return;
  let lib;
  try {
    lib = library(name);
  } catch {
    return; // a job's pseudo-library (e.g. a control run)
  }
  if (!lib.setup) return;
  log(`  setting up ${name}`);
  try {
    resources.set(name, { value: await lib.setup() });
  } catch (error) {
    resources.set(name, { failed: `setup failed: ${String(error?.message ?? error).split('\n')[0]}` });
  }
}

async function tearDown() {
  for (const [name, r] of resources) {
    if (r.failed) continue;
    try {
      await library(name).teardown?.(r.value);
    } catch (error) {
      log(`  ! teardown of ${name}: ${error.message}`);
    }
  }
  resources.clear();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => tearDown().finally(() => process.exit(130)));

async function runModuleSuite(suite, number) {
  const mod = await import(suite.module);
  const why = mod.available?.();
  if (why) return { skipped: why };
  const jobs = mod.jobs({ full });
  if (jobs.length === 0) return { skipped: { reason: 'no library here supports it', install: 'see the libraries skipped above' } };
  log(`\n[${suite.name}] ${mod.title} — ${jobs.length} jobs (${number})`);
  const results = [];
  for (const job of jobs) used.add(job.lib);
  for (const [i, job] of jobs.entries()) {
    const label = `${suite.name} ${i + 1}/${jobs.length} ${[job.lib, job.kind].filter(Boolean).join(' ')}`;
    await setUp(job.lib);
    const r = resources.get(job.lib);
    if (r?.failed) {
      log(`  [${label}] ${r.failed}`);
      results.push({ ...job, failed: r.failed });
      continue;
    }
    const t0 = performance.now();
    log(`  [${label}]`);
    const result = await runJob(suite.module, r ? { ...job, resources: r.value } : job, { timeoutMs: full ? 300_000 : 120_000, label });
    log(`    done in ${((performance.now() - t0) / 1000).toFixed(1)} s${result.failed ? ` — FAILED: ${result.failed}` : ''}`);
    results.push(result);
  }
  return mod.summarize(results, { full });
}

async function runScriptSuite(suite, number) {
  if (!existsSync(here(suite.script))) return { skipped: await suiteUnavailable(suite) };
  log(`\n[${suite.name}] ${suite.title} — bench/${suite.script.slice(2)} (${number})`);
  const out = `${runDir}${suite.name}`;
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const r = await runScript(here(suite.script), [...(full ? ['--full'] : []), `--out=${out}`], {
    timeoutMs: full ? 1_800_000 : 300_000,
    label: suite.name,
  });
  const seconds = Math.round((performance.now() - t0) / 100) / 10;
  log(`    done in ${seconds} s${r.failed ? ` — FAILED: ${r.failed}` : ''}`);
  const body = r.stdout || '(no output)';
  const md = [
    ...(body.startsWith('#') ? [] : [`## ${suite.title}`, '']),
    body,
    ...(r.failed ? ['', `**FAILED**: bench/${suite.script.slice(2)} ${r.failed}.`] : []),
    '',
    `From \`node bench/${suite.script.slice(2)}${full ? ' --full' : ''}\`; its files: [${suite.name}/](${suite.name}/).`,
  ].join('\n');
  return { md, data: { script: suite.script, exitCode: r.code, seconds, failed: r.failed } };
}

const output = { meta, suites: {} };
const sections = [];
const losses = [];
const headlines = [];
const charts = [];
const skipped = [];
for (const [i, suite] of selected.entries()) {
  const number = `suite ${i + 1} of ${selected.length}, ${Math.round((performance.now() - started) / 1000)} s so far`;
  const summary = suite.script ? await runScriptSuite(suite, number) : await runModuleSuite(suite, number);
  if (summary.skipped) {
    log(`\n[${suite.name}] ${skipLine(summary.skipped)}`);
    skipped.push(`- ${suite.name}: ${skipLine(summary.skipped)}`);
    output.suites[suite.name] = { skipped: summary.skipped };
    continue;
  }
  output.suites[suite.name] = summary.data;
  sections.push(summary.md);
  losses.push(...(summary.losses ?? []));
  if (summary.headline) {
    headlines.push(summary.headline);
    log(`\n*** ${summary.headline} ***`);
  }
  charts.push(...(summary.charts ?? []));
  process.stdout.write(`${summary.md}\n\n`);
  if (i + 1 < selected.length) runFiles(i + 1);
}
await tearDown();

// ---- report -----------------------------------------------------------------

/** The run's files as they stand; rewritten after every suite, so a run cut short keeps what it measured. */
function runFiles(suitesDone) {
  const partial = suitesDone < selected.length;
  output.losses = losses;
  meta.suitesDone = suitesDone;
  meta.durationSec = Math.round((performance.now() - started) / 100) / 10;
  meta.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  meta.distAtEnd = distInfo();
  const distChanged = meta.distAtEnd.sha256 !== meta.dist.sha256;
  const versions = Object.entries(meta.libraries)
    .filter(([name]) => name !== 'taglru' && used.has(name))
    .map(([name, l]) => `${name} ${l.version}`);
  const header = [
    '# taglru benchmark results',
    '',
    ...headlines.map((h) => `**${h}**`),
    '',
    `${meta.date} · Node ${meta.node} (V8 ${meta.v8}) · ${meta.cpu} × ${meta.cores} · ${meta.platform} · ` +
      `${full ? 'full run' : '**default run** (fewer sizes and samples than `--full`)'} · ${meta.durationSec} s · ` +
      `load average ${meta.loadAverageAtStart[0]} at start, ${meta.loadAverageAtEnd[0]} at ${partial ? 'last write' : 'end'}`,
    ...(partial ? ['', `**Partial: ${suitesDone} of ${selected.length} suites so far.**`] : []),
    '',
    `taglru ${meta.libraries.taglru?.version} (git ${meta.git}, dist/index.js sha256 ${meta.dist.sha256 ?? '?'}, built ${meta.dist.mtime ?? '?'}); ` +
      `${versions.join(', ')}; tinybench ${meta.tinybench}`,
    ...(distChanged
      ? [
          '',
          `**⚠ dist/index.js changed during the run (sha256 ${meta.dist.sha256} → ${meta.distAtEnd.sha256}): ` +
            'results mix two builds; run again.**',
        ]
      : []),
    ...(skipped.length ? ['', 'Skipped:', '', ...skipped] : []),
    '',
    'Ratios: × > 1 means taglru is better (faster or smaller); ⚠ marks rows where it is not. ' +
      'Each library runs in its own child process. The machine is shared and noisy: compare within a table.',
  ];
  const files = {
    'results.json': `${JSON.stringify(output, null, 2)}\n`,
    'results.md': `${[header.join('\n'), ...sections, lossesSection(losses)].join('\n\n')}\n`,
    ...Object.fromEntries(charts.map((c) => [c.file, c.svg])),
  };
  for (const [file, text] of Object.entries(files)) writeAtomic(`${runDir}${file}`, text);
  return { files, distChanged };
}

process.stdout.write(`${lossesSection(losses)}\n${headlines.map((h) => `\n**${h}**\n`).join('')}`);
if (skipped.length) process.stdout.write(`\nSkipped:\n${skipped.join('\n')}\n`);
const { files, distChanged } = runFiles(selected.length);
if (distChanged) log(`\n! dist/index.js changed during the run (${meta.dist.sha256} -> ${meta.distAtEnd.sha256}): results mix two builds`);
linkLatestAndPrune(runName);
log(`\nwrote bench/out/${runName}/: ${Object.keys(files).join(', ')}`);

if (publish) {
  if (distChanged) {
    log('not published: dist/ changed during the run; bench/results/ is unchanged');
    process.exitCode = 1;
  } else {
    mkdirSync(PUBLISHED, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeAtomic(`${PUBLISHED}${file}`, text);
    for (const suite of selected.filter((s) => s.script && existsSync(`${runDir}${s.name}`))) {
      rmSync(`${PUBLISHED}${suite.name}`, { recursive: true, force: true });
      cpSync(`${runDir}${suite.name}`, `${PUBLISHED}${suite.name}`, { recursive: true });
    }
    log(`published to bench/results/: ${Object.keys(files).join(', ')}`);
  }
}
log(`total ${meta.durationSec} s, load average ${meta.loadAverageAtEnd.join(' ')}`);
