#!/usr/bin/env node
// Hit-ratio suite: replays the public traces of ../shared/traces (get, then set on a miss) through
// every column of ./policies.mjs and through Caffeine (Java).
//
//   node bench/hitratio/run.mjs [--full] [--out=<dir>] [--only=loop,sprite] [--columns=lru,reference]
//
// Default (12–21 s on this shared 2-core machine): every trace at its three sizes except orm-night (5M accesses, left out)
// and loop (middle size only); --full (50–90 s): every trace at all three sizes. Prints the markdown
// table on stdout, progress on stderr; --out writes hitratio.json, hitratio.md and hitratio.svg.
// Caffeine is skipped with one line when java/javac or /usr/share/java/caffeine*.jar is missing,
// the .xz traces when the xz command is.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCaffeine } from './caffeine.mjs';
import { hitRatioChart } from './chart.mjs';
import { COLUMNS } from './policies.mjs';
import { QUICK, readTrace, TRACE_DIR, TRACES, traceKeyHash } from './traces.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name) => flag(name)?.split('=')[1];
const full = !!flag('full');
const outDir = value('out');
const only = value('only')?.split(',');
const columnIds = value('columns')?.split(',');
const log = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);

const GOAL_COLUMN = 'reference';
/** Accesses per cache entry from which the adaptive window is expected to have settled. */
const SETTLED_ACCESSES_PER_ENTRY = 100;

/** The goal of issue 13: max(exact LRU, Caffeine 2.6.2) minus 1 point (settled) or 2 points. */
export function goalFor(lru, caffeine262, accessesPerEntry) {
  return Math.max(lru, caffeine262) - (accessesPerEntry >= SETTLED_ACCESSES_PER_ENTRY ? 1 : 2);
}

function replay(keys, hashes, step) {
  let hits = 0;
  for (let i = 0; i < keys.length; i++) if (step(keys[i], hashes[i])) hits++;
  return (100 * hits) / keys.length;
}

async function main() {
  const started = performance.now();
  const traces = (full ? TRACES : QUICK).filter((t) => !only || only.includes(t.name));
  const columns = COLUMNS.filter((c) => (!columnIds || columnIds.includes(c.id)) && (c.available?.() ?? true));
  for (const c of COLUMNS) if (!columns.includes(c) && !columnIds) log(`skip column ${c.label}: package not installed`);
  const caffeine = columnIds && !columnIds.includes('caffeine') ? 'not asked for' : openCaffeine();
  if (typeof caffeine === 'string') log(`skip Caffeine: ${caffeine}`);
  const caffeineLabel = typeof caffeine === 'string' ? undefined : `Caffeine ${caffeine.version} (Java)`;

  const rows = [];
  for (const trace of traces) {
    const keys = readTrace(trace);
    if (typeof keys === 'string') {
      log(`skip ${trace.name}: ${keys}`);
      continue;
    }
    const hashes = Uint32Array.from(keys, traceKeyHash);
    const distinct = new Set(keys).size;
    const pending = typeof caffeine === 'string' ? undefined : caffeine.replay(keys, trace.sizes);
    const traceRows = trace.sizes.map((size, i) => ({
      trace: trace.name,
      size,
      accesses: keys.length,
      distinct,
      accessesPerEntry: keys.length / size,
      hitRatio: {},
      reference: { lru: trace.lru[i], caffeine262: trace.caffeine[i] },
    }));
    for (const column of columns) {
      trace.sizes.forEach((size, i) => {
        const t0 = performance.now();
        traceRows[i].hitRatio[column.id] = replay(keys, hashes, column.create(size));
        log(
          `${trace.name} @${size} ${column.id}: ${traceRows[i].hitRatio[column.id].toFixed(2)}% (${Math.round(performance.now() - t0)} ms)`,
        );
      });
    }
    if (pending) {
      const ratios = await pending;
      traceRows.forEach((row, i) => {
        row.hitRatio.caffeine = ratios[i];
      });
      log(`${trace.name} caffeine: ${ratios.map((r) => r.toFixed(2)).join(' / ')}`);
    }
    for (const row of traceRows) {
      const lru = row.hitRatio.lru ?? row.reference.lru;
      row.goal = goalFor(lru, row.reference.caffeine262, row.accessesPerEntry);
      const got = row.hitRatio[GOAL_COLUMN];
      if (got !== undefined) row.goalMet = got >= row.goal;
    }
    rows.push(...traceRows);
  }
  if (typeof caffeine !== 'string') caffeine.close();

  const allColumns = [...columns.map((c) => ({ id: c.id, label: c.label }))];
  if (caffeineLabel) allColumns.push({ id: 'caffeine', label: caffeineLabel });
  const means = {};
  for (const c of allColumns) means[c.id] = mean(rows.map((r) => r.hitRatio[c.id]));
  means.referenceLru = mean(rows.map((r) => r.reference.lru));
  means.referenceCaffeine262 = mean(rows.map((r) => r.reference.caffeine262));
  const seconds = (performance.now() - started) / 1000;
  const result = {
    date: new Date().toISOString(),
    mode: full ? 'full' : 'default',
    traceDir: TRACE_DIR,
    node: process.version,
    columns: allColumns,
    goalColumn: GOAL_COLUMN,
    rows,
    means,
    seconds,
  };
  const markdown = toMarkdown(result);
  process.stdout.write(markdown);
  log(`done in ${seconds.toFixed(1)} s`);
  if (outDir) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'hitratio.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(join(outDir, 'hitratio.md'), markdown);
    writeFileSync(
      join(outDir, 'hitratio.svg'),
      hitRatioChart({
        title: 'Hit ratio (%) on the public traces, by trace and cache size',
        names: allColumns.map((c) => c.label),
        groups: rows.map((r) => ({ label: `${r.trace} ${r.size}`, values: allColumns.map((c) => r.hitRatio[c.id]) })),
      }),
    );
    log(`wrote ${join(outDir, 'hitratio.{json,md,svg}')}`);
  }
}

function mean(values) {
  const present = values.filter((v) => v !== undefined);
  return present.length === values.length && present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : undefined;
}

const f2 = (v) => (v === undefined ? '–' : v.toFixed(2));

// The table shows hit ratios only: the project's goals live in the README's text, not in
// what a user sees from the benchmark (the JSON keeps each row's goal for the README).
function toMarkdown({ columns, rows, means, mode, seconds }) {
  const header = ['trace', 'size', 'accesses / entry', ...columns.map((c) => c.label), 'published: LRU / Caffeine 2.6.2'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) {
    const cells = [
      r.trace,
      r.size,
      Math.round(r.accessesPerEntry),
      ...columns.map((c) => f2(r.hitRatio[c.id])),
      `${f2(r.reference.lru)} / ${f2(r.reference.caffeine262)}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push(
    `| **mean** | | | ${columns.map((c) => `**${f2(means[c.id])}**`).join(' | ')} | ${f2(means.referenceLru)} / ${f2(means.referenceCaffeine262)} |`,
  );
  return `${lines.join('\n')}

Replay: get, then set on a miss; hit ratio in percent; the last column is the figure shared/traces/README.md publishes. Mode: ${mode}, ${seconds.toFixed(1)} s.
`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
