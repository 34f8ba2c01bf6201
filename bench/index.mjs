// Benchmark runner: taglru against lru-cache, mnemonist, lru.min, tiny-lru and
// quick-lru. Every job (one suite, one library) runs in its own child process
// (bench/worker.mjs); progress goes to stderr, markdown tables to stdout, and
// everything to bench/results/ (results.json, results.md, SVG charts).
//
//   node bench/index.mjs [--quick] [--only=seed,scaling,getset,memory,mixed,trace,invalidation]
//   npm run bench -- --quick     (builds dist/ first)

import { execFileSync, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { VARIANTS, versions } from './peers.mjs';
import { lossesSection } from './report.mjs';

const SUITES = ['seed', 'scaling', 'getset', 'memory', 'mixed', 'trace', 'invalidation'];
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const RESULTS = here('./results/');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const selected = onlyArg ? onlyArg.slice(7).split(',').filter(Boolean) : SUITES;
for (const name of selected) {
  if (!SUITES.includes(name)) {
    process.stderr.write(`unknown suite ${name}; suites: ${SUITES.join(', ')}\n`);
    process.exit(2);
  }
}
const log = (message) => process.stderr.write(`${message}\n`);

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

/** Runs one job in a child process; resolves to its result or to { failed }. */
function runJob(suite, job) {
  const timeoutMs = quick ? 60_000 : 300_000;
  return new Promise((resolve) => {
    const child = fork(here('./worker.mjs'), [suite, JSON.stringify(job)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    let message;
    const timer = setTimeout(() => {
      message = { error: `timed out after ${timeoutMs / 1000} s` };
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m) => { message ??= m; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.result) resolve(message.result);
      else {
        const reason = message?.error ?? `child exited with ${signal ?? `code ${code}`}`;
        log(`    ! ${suite} ${job.lib}: ${reason.split('\n')[0]}`);
        resolve({ ...job, failed: `crashed: ${reason.split('\n')[0]}`, crash: reason });
      }
    });
  });
}

function writeAtomic(path, text) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const started = performance.now();
const meta = {
  date: new Date().toISOString(),
  node: process.version,
  v8: process.versions.v8,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  totalMemGB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  quick,
  suites: selected,
  git: gitHead(),
  dist: distInfo(),
  versions: versions(),
  variants: VARIANTS,
};
log(`taglru benchmarks (${quick ? 'quick' : 'full'}) — Node ${meta.node}, ${meta.cpu} × ${meta.cores}, dist ${meta.dist.sha256 ?? '?'}`);

const output = { meta, suites: {} };
const sections = [];
const losses = [];
const headlines = [];
const charts = [];
for (const name of selected) {
  const suite = await import(`./${name}.mjs`);
  const jobs = suite.jobs({ quick });
  log(`\n[${name}] ${suite.title} — ${jobs.length} jobs`);
  const results = [];
  for (const [i, job] of jobs.entries()) {
    const label = [job.lib, job.kind].filter(Boolean).join(' ');
    const t0 = performance.now();
    log(`  [${name} ${i + 1}/${jobs.length}] ${label}`);
    const result = await runJob(name, job);
    log(`    done in ${((performance.now() - t0) / 1000).toFixed(1)} s${result.failed ? ` — FAILED: ${result.failed}` : ''}`);
    results.push(result);
  }
  const summary = suite.summarize(results, { quick });
  output.suites[name] = summary.data;
  sections.push(summary.md);
  losses.push(...(summary.losses ?? []));
  if (summary.headline) {
    headlines.push(summary.headline);
    log(`\n*** ${summary.headline} ***\n`);
  }
  charts.push(...(summary.charts ?? []));
  process.stdout.write(`${summary.md}\n\n`);
}

const lossMd = lossesSection(losses);
process.stdout.write(`${lossMd}\n${headlines.map((h) => `\n**${h}**\n`).join('')}`);
output.losses = losses;
meta.durationSec = Math.round((performance.now() - started) / 100) / 10;
meta.distAtEnd = distInfo();
const distChanged = meta.distAtEnd.sha256 !== meta.dist.sha256;
if (distChanged) log(`\n! dist/index.js changed during the run (${meta.dist.sha256} -> ${meta.distAtEnd.sha256}): results mix two builds`);

const header = [
  '# taglru benchmark results',
  '',
  ...headlines.map((h) => `**${h}**`),
  '',
  `${meta.date} · Node ${meta.node} (V8 ${meta.v8}) · ${meta.cpu} × ${meta.cores} · ${meta.platform} · `
    + `${quick ? '**quick run** (smaller sizes, fewer samples)' : 'full run'} · ${meta.durationSec} s`,
  '',
  `taglru ${meta.versions.taglru} (git ${meta.git}, dist/index.js sha256 ${meta.dist.sha256 ?? '?'}, built ${meta.dist.mtime ?? '?'}); `
    + Object.entries(meta.versions).filter(([lib]) => lib !== 'taglru').map(([lib, v]) => `${lib} ${v}`).join(', '),
  ...(distChanged ? ['', `**⚠ dist/index.js changed during the run (sha256 ${meta.dist.sha256} → ${meta.distAtEnd.sha256}): `
    + 'results mix two builds; run again.**'] : []),
  '',
  'Ratios: × > 1 means taglru is better (faster or smaller); ⚠ marks rows where it is not. '
    + 'Each library runs in its own child process. The machine is shared and noisy: compare within a table.',
];
mkdirSync(RESULTS, { recursive: true });
writeAtomic(`${RESULTS}results.json`, `${JSON.stringify(output, null, 2)}\n`);
writeAtomic(`${RESULTS}results.md`, `${[header.join('\n'), ...sections, lossMd].join('\n\n')}\n`);
for (const chart of charts) writeAtomic(`${RESULTS}${chart.file}`, chart.svg);
log(`\nwrote ${['results.json', 'results.md', ...charts.map((c) => c.file)].map((f) => `bench/results/${f}`).join(', ')}`);
log(`total ${meta.durationSec} s`);
