// Suite 'sync': several instances kept in step (taglru/sync, taglru/redis), each instance a
// TagCache in a worker thread of its own (bench/sync-peer.mjs) with its own Redis connections:
//   (a) propagation latency, A's invalidation call to B's onRemove, one at a time: Redis Streams
//       and pub/sub over a loopback redis-server (node-redis 6; ioredis 5 too with --full), and
//       BroadcastChannel between two worker_threads;
//   (b) sustained invalidations: A issues N deletes / bulkRemoves, one per event-loop turn, and
//       the time until B has applied all of them (coalescing: messages sent < invalidations);
//   (c) side by side with BentoCache 1.6 (memory L1 + Redis L2 + Redis bus, the adapter in
//       bench/libraries/) on the same redis-server: A's delete / deleteByTag to B's get missing;
//   (d) the silent cut: B behind a loopback TCP proxy (bench/sync-infra.mjs) that stops traffic
//       without closing anything, A deletes 20 keys and a tag of 5 meanwhile, the link comes back,
//       and we count what B still serves.
// Every redis-server and worker it starts is stopped at the end of its job (a redis-server also
// dies with its job's process, see startRedis).

import os from 'node:os';
import { progress } from './common.mjs';
import { fmtMs, fmtOps, lossesFor, table } from './report.mjs';
import { libraries } from './registry.mjs';
import { quantile, redisServerFound, sleep, startPeer, startProxy, startRedis } from './sync-infra.mjs';

export const title = 'Several instances: propagation, sustained invalidations, BentoCache side by side, a silent cut';

const REDIS_MISSING = { reason: 'redis-server not found: the Redis parts of the sync suite', install: 'apt-get install redis-server' };
const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

export function jobs({ full }) {
  const taglru = libraries('plain').includes('taglru');
  const bento = libraries('async').includes('bentocache');
  const redis = redisServerFound();
  if (!redis) process.stderr.write(`  [sync] skipped: ${REDIS_MISSING.reason} (${REDIS_MISSING.install}); BroadcastChannel still runs\n`);
  const samples = full ? 2000 : 250;
  const bursts = full
    ? [
        { kind: 'delete', n: 100_000, perTurn: 1 },
        { kind: 'tag', n: 100_000, perTurn: 1 },
        { kind: 'delete', n: 100_000, perTurn: 100 },
      ]
    : [
        { kind: 'delete', n: 10_000, perTurn: 1 },
        { kind: 'tag', n: 10_000, perTurn: 1 },
        { kind: 'delete', n: 10_000, perTurn: 100 },
      ];
  const out = [];
  if (taglru && redis) {
    for (const client of full ? ['node-redis', 'ioredis'] : ['node-redis']) {
      out.push({ part: 'redis', lib: 'taglru', kind: `Redis Streams + pub/sub, ${client}`, client, samples, bursts });
    }
  }
  if (taglru) out.push({ part: 'bc', lib: 'taglru', kind: 'BroadcastChannel, worker_threads', samples, bursts });
  const versusLibs = [...(taglru ? ['taglru'] : []), ...(bento ? ['bentocache'] : [])];
  if (redis && versusLibs.length) {
    out.push({
      part: 'versus',
      // The bentocache adapter's setup() starts the redis-server both libraries use.
      lib: bento ? 'bentocache' : 'taglru',
      kind: bento ? `${versusLibs.join(' and ')}: to B missing, silent cut` : 'to B missing, silent cut',
      libs: versusLibs,
      samples: full ? 500 : 80,
      cutsMs: full ? [1000, 7000] : [1000],
    });
  }
  return out;
}

export const available = () => undefined;

/** A progress line at most every 2 s (and always when `force`). */
let lastProgress = 0;
const jobStart = performance.now();
function tick(message, force = false) {
  if (!force && performance.now() - lastProgress < 2000) return;
  lastProgress = performance.now();
  progress(`${((lastProgress - jobStart) / 1000).toFixed(1)} s  ${message}`);
}

/** Routes a peer's 'applied' / 'missing' reports to whoever waits for that key. */
function waiterOf(peer) {
  const waiting = new Map();
  const hear = (m) => {
    const w = waiting.get(m.key);
    if (w) {
      waiting.delete(m.key);
      w(m.t);
    }
  };
  peer.on('applied', hear);
  peer.on('missing', hear);
  return (key, timeoutMs) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(key);
        resolve(undefined);
      }, timeoutMs);
      waiting.set(key, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
}

/**
 * One invalidation at a time: B holds a key (tagged for 'tag'), watches it, A invalidates it; the
 * sample is B's time of the event minus A's time just before the call, both on one clock
 * (performance.timeOrigin + now, per-thread offset measured and removed).
 * how: 'remove' = B's onRemove (taglru), 'poll' = B's get() returns undefined, polled every turn.
 */
async function series(A, B, waitFor, { kind, n, how, label, prefix, lostAfterMs }) {
  const ms = [];
  let lost = 0;
  const warmup = Math.min(20, n >> 3);
  for (let i = 0; i < n + warmup; i++) {
    const key = `${prefix}:${kind}:${i}`;
    const tag = `${prefix}t:${i}`;
    await B.call('fill', { keys: [key], tags: kind === 'tag' ? [tag] : undefined });
    await B.call('watch', { key, how });
    const seen = waitFor(key, lostAfterMs);
    const t0 = await A.call('invalidate', { kind, target: kind === 'tag' ? tag : key });
    const t1 = await seen;
    if (i < warmup) continue;
    if (t1 === undefined) lost += 1;
    else ms.push(t1 - B.offsetMs - (t0 - A.offsetMs));
    tick(`${label}: ${i + 1 - warmup}/${n}`);
  }
  return { n: ms.length, lost, p50: quantile(ms, 0.5), p90: quantile(ms, 0.9), p99: quantile(ms, 0.99), max: Math.max(...ms) };
}

/** A issues n invalidations `perTurn` per event-loop turn, then deletes the sentinel B watches. */
async function burst(A, B, waitFor, { kind, n, perTurn }, label) {
  await B.call('fill', { keys: ['S:end'] });
  await B.call('watch', { key: 'S:end', how: 'remove' });
  const before = await B.call('stats');
  const seen = waitFor('S:end', 120_000);
  tick(`${label}: ${n.toLocaleString('en-US')} ${kind === 'tag' ? 'bulkRemoves' : 'deletes'}, ${perTurn} per turn`, true);
  const a = await A.call('burst', { kind, n, perTurn }, 120_000);
  const t1 = await seen;
  let after = await B.call('stats');
  for (let i = 0; i < 100 && after.applied - before.applied < a.messages; i++) {
    await sleep(20);
    after = await B.call('stats');
  }
  const seconds = t1 === undefined ? NaN : (t1 - B.offsetMs - (a.t0 - A.offsetMs)) / 1000;
  return {
    kind,
    n,
    perTurn,
    issueMs: a.issueMs,
    flushMs: a.flushMs,
    appliedAfterMs: seconds * 1000,
    perSecond: (n + 1) / seconds,
    messages: a.messages,
    applied: after.applied - before.applied,
    received: after.received - before.received,
    resyncs: after.resyncs - before.resyncs,
  };
}

/** Latency series and bursts between two taglru instances on one transport. */
async function transportRun(transport, job, label) {
  const [A, B] = await Promise.all([
    startPeer({ name: 'A', lib: 'taglru', transport }),
    startPeer({ name: 'B', lib: 'taglru', transport }),
  ]);
  try {
    const waitFor = waiterOf(B);
    const out = { label, load: load(), clockOffsetMs: [A.offsetMs, B.offsetMs] };
    out.delete = await series(A, B, waitFor, {
      kind: 'delete',
      n: job.samples,
      how: 'remove',
      label: `${label} delete`,
      prefix: 'L',
      lostAfterMs: 5000,
    });
    out.tag = await series(A, B, waitFor, {
      kind: 'tag',
      n: job.samples,
      how: 'remove',
      label: `${label} bulkRemove`,
      prefix: 'L',
      lostAfterMs: 5000,
    });
    const statsB = await B.call('stats');
    out.libraryPropagationMs = statsB.propagationMs;
    out.bursts = [];
    for (const b of job.bursts) out.bursts.push(await burst(A, B, waitFor, b, label));
    const s = await B.call('stats');
    out.statsB = { received: s.received, applied: s.applied, resyncs: s.resyncs, malformed: s.malformed, errors: s.errors };
    out.loadAfter = load();
    tick(
      `${label}: delete p50 ${fmtMs(out.delete.p50)} ms p99 ${fmtMs(out.delete.p99)} ms; ` +
        `bulkRemove p50 ${fmtMs(out.tag.p50)} ms p99 ${fmtMs(out.tag.p99)} ms`,
      true,
    );
    return out;
  } finally {
    await Promise.all([A.close(), B.close()]);
  }
}

function peerSpec(lib, name, port, namespace) {
  return lib === 'bentocache'
    ? { name, lib, host: '127.0.0.1', port, namespace }
    : {
        name,
        lib,
        transport: { kind: 'redis', client: 'node-redis', mode: 'stream', host: '127.0.0.1', port, stream: `taglru:${namespace}` },
      };
}

const CUT_KEYS = 20;
const CUT_TAGGED = 5;

/**
 * One library, one cut length: A direct; B 'hold' and B 'drop' with all their Redis connections
 * behind a proxy each; for BentoCache also B 'bus' with only its bus behind one (L2 direct).
 */
async function cutRun(lib, server, cutMs) {
  const namespace = `cut${cutMs}`;
  const links = ['hold', 'drop', ...(lib === 'bentocache' ? ['bus'] : [])];
  const proxies = Object.fromEntries(await Promise.all(links.map(async (link) => [link, await startProxy(server.port)])));
  const specOf = (link) =>
    link === 'bus'
      ? { ...peerSpec(lib, `B ${link}`, server.port, namespace), busPort: proxies.bus.port }
      : peerSpec(lib, `B ${link}`, proxies[link].port, namespace);
  const [A, ...peers] = await Promise.all([
    startPeer(peerSpec(lib, 'A', server.port, namespace)),
    ...links.map((link) => startPeer(specOf(link))),
  ]);
  const Bs = Object.fromEntries(links.map((link, i) => [link, peers[i]]));
  const keysOf = (link) => Array.from({ length: CUT_KEYS }, (_, i) => `C:${link}:${i}`);
  const taggedOf = (link) => Array.from({ length: CUT_TAGGED }, (_, i) => `CT:${link}:${i}`);
  const tagOf = (link) => `cut:${link}`;
  const counts = async (timeoutMs) =>
    Object.fromEntries(
      await Promise.all(
        links.map(async (link) => [
          link,
          {
            keys: await Bs[link].call('count', { keys: keysOf(link), timeoutMs }),
            tagged: await Bs[link].call('count', { keys: taggedOf(link), timeoutMs }),
          },
        ]),
      ),
    );
  try {
    for (const link of links) {
      await Bs[link].call('fill', { keys: keysOf(link) });
      await Bs[link].call('fill', { keys: taggedOf(link), tags: [tagOf(link)] });
    }
    await sleep(300); // let BentoCache's own "set" messages settle
    const out = { lib, cutMs, before: await counts(1000), at: {} };
    const cutAt = performance.now();
    for (const link of links) proxies[link].cut(link === 'hold' ? 'hold' : 'drop');
    await sleep(100);
    for (const link of links) {
      for (const key of keysOf(link)) await A.call('invalidate', { kind: 'delete', target: key });
      await A.call('invalidate', { kind: 'tag', target: tagOf(link) });
    }
    await A.call('flush');
    await sleep(Math.max(0, cutMs - 300 - (performance.now() - cutAt)));
    out.whileCut = await counts(250);
    await sleep(Math.max(0, cutMs - (performance.now() - cutAt)));
    for (const link of links) proxies[link].restore();
    const restoredAt = performance.now();
    for (const after of [500, 1000, 3000]) {
      await sleep(Math.max(0, after - (performance.now() - restoredAt)));
      out.at[after] = await counts(300);
    }
    if (lib === 'taglru') {
      out.statsB = Object.fromEntries(
        await Promise.all(
          links.map(async (link) => {
            const s = await Bs[link].call('stats');
            return [
              link,
              { resyncs: s.resyncs, staleMarks: s.staleMarks, connected: s.connected, applied: s.applied, lastResync: s.lastResync },
            ];
          }),
        ),
      );
    }
    return out;
  } finally {
    await Promise.all([A.close(), ...Object.values(Bs).map((b) => b.close())]);
    await Promise.all(Object.values(proxies).map((p) => p.close()));
  }
}

async function versusRun(job, server) {
  const out = { load: load(), toMissing: {}, cuts: [] };
  for (const lib of job.libs) {
    const [A, B] = await Promise.all([
      startPeer(peerSpec(lib, 'A', server.port, 'versus')),
      startPeer(peerSpec(lib, 'B', server.port, 'versus')),
    ]);
    try {
      const waitFor = waiterOf(B);
      const label = `${lib} to B missing`;
      out.toMissing[lib] = {
        delete: await series(A, B, waitFor, {
          kind: 'delete',
          n: job.samples,
          how: 'poll',
          label: `${label} (delete)`,
          prefix: 'V',
          lostAfterMs: 2000,
        }),
        tag: await series(A, B, waitFor, {
          kind: 'tag',
          n: job.samples,
          how: 'poll',
          label: `${label} (by tag)`,
          prefix: 'V',
          lostAfterMs: 2000,
        }),
      };
      const r = out.toMissing[lib];
      tick(
        `${label}: delete p50 ${fmtMs(r.delete.p50)} ms p99 ${fmtMs(r.delete.p99)} ms; by tag p50 ${fmtMs(r.tag.p50)} ms p99 ${fmtMs(r.tag.p99)} ms`,
        true,
      );
    } finally {
      await Promise.all([A.close(), B.close()]);
    }
  }
  for (const cutMs of job.cutsMs) {
    tick(`silent cut of ${cutMs / 1000} s (${job.libs.join(', ')} side by side; counting 3 s after the link is back)`, true);
    const heartbeat = setInterval(() => tick(`silent cut of ${cutMs / 1000} s: waiting`), 1000);
    try {
      out.cuts.push(...(await Promise.all(job.libs.map((lib) => cutRun(lib, server, cutMs)))));
    } finally {
      clearInterval(heartbeat);
    }
  }
  out.loadAfter = load();
  return out;
}

export async function run(job) {
  const t0 = performance.now();
  const loadAtStart = load();
  const id = { part: job.part, lib: job.lib, kind: job.kind };
  const done = (data) => ({ ...id, ...data, seconds: (performance.now() - t0) / 1000, loadAtStart, loadAtEnd: load() });
  if (job.part === 'bc') {
    return done({ runs: [await transportRun({ kind: 'bc', channel: `taglru-bench-${process.pid}` }, job, 'BroadcastChannel')] });
  }
  const own = job.resources === undefined;
  const server = own ? await startRedis() : job.resources;
  try {
    if (job.part === 'redis') {
      const runs = [];
      for (const mode of ['stream', 'pubsub']) {
        const transport = { kind: 'redis', client: job.client, mode, host: '127.0.0.1', port: server.port, stream: `taglru:bench:${mode}` };
        runs.push(await transportRun(transport, job, `${mode === 'stream' ? 'Redis Streams' : 'Redis pub/sub'}, ${job.client}`));
      }
      return done({ runs });
    }
    return done({ versus: await versusRun(job, server), ownServer: own });
  } finally {
    if (own) await server.stop();
  }
}

// ---- summary -----------------------------------------------------------------

const ms = (v) => (Number.isFinite(v) ? fmtMs(v) : 'n/a');
const loadText = (r) => `load ${r.load?.[0] ?? '?'} → ${r.loadAfter?.[0] ?? '?'}`;
const count = (n) => n.toLocaleString('en-US');

function latencySection(runs) {
  const rows = runs.map((r) => [
    r.label,
    ms(r.delete.p50),
    ms(r.delete.p99),
    ms(r.tag.p50),
    ms(r.tag.p99),
    `${r.delete.n} + ${r.tag.n}`,
    String(r.delete.lost + r.tag.lost),
    `${ms(r.libraryPropagationMs?.p50)} / ${ms(r.libraryPropagationMs?.p99)}`,
    loadText(r),
  ]);
  return [
    "## Sync a. Propagation latency: A's invalidation to B's onRemove (ms)",
    '',
    'Two TagCaches, each in a worker thread with its own Redis connections (or BroadcastChannel), each with `syncCache` ' +
      "(defaults; Redis Streams is `mode: 'stream'`). One invalidation at a time: B holds the key (a `getOrSet` fill, not " +
      "published), A calls `delete(key)` or `bulkRemove(tag)`, and the sample runs from just before A's call to B's `onRemove` " +
      'for that key, both read as `performance.timeOrigin + performance.now()` (per-thread offset measured and removed). It includes ' +
      "A's coalescing turn (the message leaves after the current event-loop turn). Loopback redis-server, no persistence.",
    '',
    table(
      [
        'transport',
        'delete p50',
        'delete p99',
        'bulkRemove p50',
        'bulkRemove p99',
        'samples',
        'lost (no onRemove within 5 s)',
        "B's own `stats().propagationMs` p50 / p99 (Date.now, whole ms)",
        'load (1 min)',
      ],
      rows,
    ),
  ].join('\n');
}

function burstSection(runs) {
  const rows = runs.flatMap((r) =>
    r.bursts.map((b) => [
      r.label,
      b.kind === 'tag' ? 'bulkRemove(tag)' : 'delete(key)',
      count(b.n),
      String(b.perTurn),
      ms(b.issueMs),
      ms(b.appliedAfterMs),
      ms(b.appliedAfterMs - b.issueMs),
      fmtOps(b.perSecond),
      count(b.messages),
      (b.n / b.messages).toFixed(1),
      `${count(b.applied)}${b.resyncs ? `, ${b.resyncs} resyncs` : ''}`,
    ]),
  );
  return [
    '## Sync b. Sustained invalidations: A issues N, B applies them (coalescing)',
    '',
    'A calls `delete` (distinct keys) or `bulkRemove` (distinct tags) N times, `per turn` per event-loop turn (then yields with ' +
      '`setImmediate`), then deletes a sentinel key B holds; "B applied all" is B\'s `onRemove` of the sentinel, measured from A\'s ' +
      "first call. invalidations/s = (N + 1) / that time; when B ends a few ms after A's last call, the rate is A's issuing rate. Messages are what A published (`stats().published`); B's applied " +
      'messages are checked against them. Over Redis one message is in flight at a time and what A does meanwhile joins the next ' +
      'one; BroadcastChannel posts without waiting, so each turn is one message.',
    '',
    table(
      [
        'transport',
        'invalidation',
        'N',
        'per turn',
        'A issued in ms',
        'B applied all after ms',
        "B behind A's last call, ms",
        'invalidations/s',
        'messages',
        'invalidations per message',
        'messages applied on B',
      ],
      rows,
    ),
  ].join('\n');
}

function versusSection(v, full) {
  const libs = Object.keys(v.toMissing);
  const label = (lib) =>
    lib === 'bentocache' ? 'BentoCache (memory L1 + Redis L2 + Redis pub/sub bus)' : 'taglru (Redis Streams, node-redis)';
  const rows = libs.map((lib) => {
    const r = v.toMissing[lib];
    return [
      label(lib),
      ms(r.delete.p50),
      ms(r.delete.p99),
      ms(r.tag.p50),
      ms(r.tag.p99),
      `${r.delete.n} + ${r.tag.n}`,
      String(r.delete.lost + r.tag.lost),
    ];
  });
  const losses = [];
  const t = v.toMissing.taglru;
  const b = v.toMissing.bentocache;
  if (t && b) {
    const ratio = (x, y) => (Number.isFinite(x) && Number.isFinite(y) && x > 0 ? `${(y / x).toFixed(2)}×` : 'n/a');
    rows.push([
      'BentoCache ÷ taglru',
      ratio(t.delete.p50, b.delete.p50),
      ratio(t.delete.p99, b.delete.p99),
      ratio(t.tag.p50, b.tag.p50),
      ratio(t.tag.p99, b.tag.p99),
      '',
      '',
    ]);
    for (const [kind, what] of [
      ['delete', 'delete'],
      ['tag', 'deleteByTag / bulkRemove'],
    ]) {
      for (const p of ['p50', 'p99']) {
        losses.push(
          ...lossesFor(
            'sync',
            `A's ${what} to B missing, ${p}`,
            t[kind][p],
            { taglru: t[kind][p], bentocache: b[kind][p] },
            'lower',
            (x) => `${fmtMs(x)} ms`,
          ),
        );
      }
    }
  }
  const cell = (c) =>
    c
      ? `${c.keys.served}/${CUT_KEYS} + ${c.tagged.served}/${CUT_TAGGED}${c.keys['no answer'] + c.tagged['no answer'] ? ` (${c.keys['no answer'] + c.tagged['no answer']} reads got no answer)` : ''}`
      : 'n/a';
  const linkText = { hold: 'all: stalled, then delivered', drop: 'all: dropped, then reset', bus: 'bus only: dropped, then reset' };
  const cutRows = v.cuts.flatMap((c) =>
    Object.keys(c.before).map((link) => [
      label(c.lib),
      `${c.cutMs / 1000} s`,
      linkText[link],
      cell(c.before[link]),
      cell(c.whileCut[link]),
      cell(c.at[500][link]),
      cell(c.at[1000][link]),
      `**${cell(c.at[3000][link])}**`,
      c.statsB ? `resyncs ${c.statsB[link].resyncs}, staleMarks ${c.statsB[link].staleMarks}, applied ${c.statsB[link].applied}` : '',
    ]),
  );
  const md = [
    "## Sync c. Side by side with BentoCache: A's delete / deleteByTag to B missing (ms)",
    '',
    `Both libraries on the same loopback redis-server (${v.ownServer ? 'started by this job' : "started by the bentocache adapter's setup()"}), ` +
      "two instances each in worker threads. B holds the key (taglru: a `getOrSet` fill; BentoCache: B's own `set`, so it sits in B's L1 and " +
      'in Redis), then polls `get(key)` once per event-loop turn; A calls `delete(key)` or `deleteByTag` (taglru: `bulkRemove`). ' +
      "The sample is A's call to B's first miss, on one clock. Polling adds up to a turn to both. " +
      `${loadText(v)}.`,
    '',
    table(['library', 'delete p50', 'delete p99', 'by tag p50', 'by tag p99', 'samples', "lost (still served 2 s after A's call)"], rows),
    '',
    '## Sync d. The silent cut: what B still serves after its link was cut while A invalidated',
    '',
    `B holds ${CUT_KEYS} keys and ${CUT_TAGGED} entries of one tag; B's Redis connections go through a loopback TCP proxy (A's do not). ` +
      'The proxy cuts the link silently (sockets stay open, nothing is closed): **stalled** = traffic waits in the socket buffers and ' +
      'is delivered when the link comes back; **dropped** = traffic is read and thrown away, and when the link comes back the ' +
      'connections that lived through the cut are reset, so the clients reconnect (a half-open link found dead). BentoCache also ' +
      'runs with only its bus connection cut (L2 direct), as in DESIGN.md §7. While cut, A deletes ' +
      `the ${CUT_KEYS} keys one by one and removes the tag (taglru: then \`flush()\`). Cells: keys B still serves / ${CUT_KEYS} + tagged ` +
      `entries / ${CUT_TAGGED}; a read that does not answer within 250–300 ms is counted apart. taglru: Redis Streams, node-redis, ` +
      "default `maxStalenessMs` (5,000) and transport timings; BentoCache: the adapter's defaults (ioredis).",
    '',
    table(
      [
        'library',
        'cut',
        "B's links cut",
        'served before the cut',
        'just before the link is back',
        '+0.5 s',
        '+1 s',
        '+3 s',
        'taglru B stats after',
      ],
      cutRows,
    ),
    ...(full ? [] : ['', 'The default run cuts for 1 s (less than `maxStalenessMs`); `--full` adds a 7 s cut.']),
  ].join('\n');
  return { md, losses };
}

export function summarize(results, { full } = {}) {
  const failures = results.filter((r) => r.failed).map((r) => `- **${r.lib} ${r.kind}** FAILED: ${r.failed}`);
  const transportRuns = results.filter((r) => !r.failed && r.runs).flatMap((r) => r.runs);
  const versus = results.find((r) => !r.failed && r.versus);
  const parts = [];
  const losses = [];
  if (!redisServerFound()) parts.push(`Skipped: ${REDIS_MISSING.reason} (${REDIS_MISSING.install}).`);
  if (transportRuns.length) parts.push(latencySection(transportRuns), burstSection(transportRuns));
  if (versus) {
    const s = versusSection({ ...versus.versus, ownServer: versus.ownServer }, full);
    parts.push(s.md);
    losses.push(...s.losses);
  }
  parts.push(
    `Job times: ${results.map((r) => `${r.kind} ${Number.isFinite(r.seconds) ? `${r.seconds.toFixed(1)} s` : 'failed'}`).join('; ')}.`,
  );
  if (failures.length) parts.push(['Failures:', '', ...failures].join('\n'));
  return { md: parts.join('\n\n'), data: { results }, losses };
}
