// The taglru playground: one cache to play with, and the seed workload against
// a hand-written Map<tag, Set<key>> index over a Map-based LRU.

import { TagCache, type RemovalReason, type TagCacheStats } from 'taglru';

type Value = { n: number } | { report: string; loadedAt: string };

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const num = (id: string, fallback: number): number => {
  const value = Number($<HTMLInputElement>(id).value);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the cache

const reasons = new Map<RemovalReason, number>();
let cache = makeCache(num('max-entries', 1000));
let loaderCalls = 0;

function makeCache(maxEntries: number): TagCache<string, Value> {
  reasons.clear();
  return new TagCache<string, Value>({
    maxEntries,
    onRemove: (_key, _value, reason) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1),
  });
}

function say(id: string, text: string): void {
  $(id).textContent = text;
}

$('recreate').addEventListener('click', () => {
  cache = makeCache(num('max-entries', 1000));
  say('fill-out', `new cache, maxEntries ${fmt(cache.maxEntries)}`);
  refresh();
});

$('fill').addEventListener('click', () => {
  const count = num('fill-count', 300);
  const tags = Math.min(num('fill-tags', 3), 26);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) cache.set(`item:${i}`, { n: i }, { tags: [`domain:${i % tags}`] });
  const ms = performance.now() - t0;
  say('fill-out', `set ${fmt(count)} entries across ${tags} tags in ${fmt(ms)} ms`);
  refresh();
});

$('tag').addEventListener('click', () => {
  const tag = $<HTMLInputElement>('tag-name').value.trim();
  const every = num('tag-every', 10);
  if (tag === '') return say('fill-out', 'a tag is a non-empty string');
  let tagged = 0;
  let index = 0;
  for (const [key, value] of [...cache.entries()]) {
    if (index++ % every !== 0) continue;
    const tags = cache.tagsOf(key);
    if (!tags.includes(tag)) tags.push(tag);
    cache.set(key, value, { tags }); // set replaces the tags: pass the old ones too
    tagged++;
  }
  say('fill-out', `tagged ${fmt(tagged)} entries with "${tag}"`);
  refresh();
});

function selectedTag(): string | undefined {
  const value = $<HTMLSelectElement>('tag-select').value;
  return value === '' ? undefined : value;
}

$('bulk-remove').addEventListener('click', () => {
  const tag = selectedTag();
  if (tag === undefined) return say('tags-out', 'no tag to remove: fill the cache first');
  const removed = cache.bulkRemove(tag);
  say('tags-out', `bulkRemove('${tag}') → ${fmt(removed)}`);
  refresh();
});

$('mark-stale').addEventListener('click', () => {
  const tag = selectedTag();
  if (tag === undefined) return say('tags-out', 'no tag to mark: fill the cache first');
  const stale = cache.markStale(tag);
  say('tags-out', `markStale('${tag}') → ${fmt(stale)} (invisible now, reclaimed lazily: see staleEntries)`);
  refresh();
});

$('purge').addEventListener('click', () => {
  const purged = cache.purgeExpired();
  say('tags-out', `purgeExpired() → ${fmt(purged)}`);
  refresh();
});

async function getOrSet(calls: number): Promise<void> {
  const key = $<HTMLInputElement>('load-key').value.trim() || 'report:1';
  const delay = Math.min(num('load-delay', 400), 10_000);
  const before = loaderCalls;
  const loader = async (k: string): Promise<Value> => {
    loaderCalls++;
    refresh();
    await sleep(delay);
    return { report: k, loadedAt: new Date().toISOString().slice(11, 23) };
  };
  const t0 = performance.now();
  say('load-out', `loading ${key} …`);
  try {
    const values = await Promise.all(Array.from({ length: calls }, () => cache.getOrSet(key, loader, { tags: ['reports'] })));
    const ms = performance.now() - t0;
    const ran = loaderCalls - before;
    const value = values[0] as { loadedAt?: string };
    say(
      'load-out',
      `${calls} call${calls > 1 ? 's' : ''}: ${ran === 0 ? 'hit' : `miss, loader ran ${ran}×`} in ${fmt(ms)} ms` +
        ` (value loaded at ${value.loadedAt ?? '?'})`,
    );
  } catch (error) {
    say('load-out', `rejected: ${String(error)}`);
  }
  refresh();
}

$('get-or-set').addEventListener('click', () => void getOrSet(1));
$('get-or-set-3').addEventListener('click', () => void getOrSet(3));

// ------------------------------------------------------------ the display

function fill(dl: HTMLElement, rows: [string, string][]): void {
  dl.replaceChildren(
    ...rows.flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.stat = name;
      return [dt, dd];
    }),
  );
}

const STAT_NAMES: (keyof TagCacheStats)[] = [
  'size',
  'maxEntries',
  'tags',
  'hits',
  'misses',
  'sets',
  'deletes',
  'evictions',
  'expirations',
  'bulkRemoves',
  'removedByTag',
  'removedStale',
  'staleEntries',
  'wasmMemoryBytes',
];

function refresh(): void {
  const stats = cache.stats();
  fill(
    $('stats'),
    STAT_NAMES.map((name) => [name, fmt(stats[name] as number)]),
  );
  const latency = stats.bulkRemoveLatency;
  fill($('latency'), [
    ['count', fmt(latency.count)],
    ['p50Us', fmt(latency.p50Us)],
    ['p99Us', fmt(latency.p99Us)],
    ['maxUs', fmt(latency.maxUs)],
  ]);
  fill(
    $('reasons'),
    [...reasons].sort().map(([reason, count]) => [reason, fmt(count)]),
  );
  $('loader-calls').textContent = String(loaderCalls);

  // Every tag some live entry carries, plus 'reports' once getOrSet used it.
  const tags = new Set<string>();
  for (const key of cache.keys()) for (const tag of cache.tagsOf(key)) tags.add(tag);
  const sorted = [...tags].sort();
  const select = $<HTMLSelectElement>('tag-select');
  const current = select.value;
  select.replaceChildren(...sorted.map((tag) => new Option(`${tag} (${cache.countByTag(tag)})`, tag)));
  if (sorted.includes(current)) select.value = current;
  $('tag-table')
    .querySelector('tbody')!
    .replaceChildren(
      ...sorted.map((tag) => {
        const row = document.createElement('tr');
        const s = cache.tagStats(tag);
        for (const cell of [tag, fmt(s.entries), fmt(s.hits), fmt(s.misses), fmt(s.removed)]) {
          const td = document.createElement('td');
          td.textContent = cell;
          row.append(td);
        }
        return row;
      }),
    );
}

// ------------------------------------------------- the comparison baseline

/** A Map-based LRU (Map iteration order = recency) with a Map<tag, Set<key>> index kept by hand. */
class MapTagLru<V> {
  private readonly entries = new Map<string, { value: V; tags: readonly string[] }>();
  private readonly index = new Map<string, Set<string>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, tags: readonly string[]): void {
    const old = this.entries.get(key);
    if (old !== undefined) this.remove(key, old.tags, undefined);
    else if (this.entries.size >= this.maxEntries) {
      const [lruKey, lru] = this.entries.entries().next().value!;
      this.remove(lruKey, lru.tags, undefined);
    }
    this.entries.set(key, { value, tags });
    for (const tag of tags) {
      let keys = this.index.get(tag);
      if (keys === undefined) this.index.set(tag, (keys = new Set()));
      keys.add(key);
    }
  }

  bulkRemove(tag: string): number {
    const keys = this.index.get(tag);
    if (keys === undefined) return 0;
    this.index.delete(tag);
    for (const key of keys) this.remove(key, this.entries.get(key)!.tags, tag);
    return keys.size;
  }

  private remove(key: string, tags: readonly string[], skip: string | undefined): void {
    this.entries.delete(key);
    for (const tag of tags) {
      if (tag === skip) continue;
      const keys = this.index.get(tag)!;
      keys.delete(key);
      if (keys.size === 0) this.index.delete(tag);
    }
  }
}

interface Side {
  name: string;
  set(key: string, value: number, tags: readonly string[]): void;
  bulkRemove(tag: string): number;
  readonly size: number;
}

const DOMAINS = 3;
const PER_DOMAIN = 200;
const WARMUP = 300;
const BLOCK = 50;

function taglruSide(): Side {
  const cache = new TagCache<string, number>({ maxEntries: DOMAINS * PER_DOMAIN });
  return {
    name: 'taglru',
    set: (key, value, tags) => void cache.set(key, value, { tags }),
    bulkRemove: (tag) => cache.bulkRemove(tag),
    get size() {
      return cache.size;
    },
  };
}

function mapSide(): Side {
  const cache = new MapTagLru<number>(DOMAINS * PER_DOMAIN);
  return {
    name: 'Map LRU + Map<tag, Set<key>>',
    set: (key, value, tags) => cache.set(key, value, tags),
    bulkRemove: (tag) => cache.bulkRemove(tag),
    get size() {
      return cache.size;
    },
  };
}

/**
 * The seed workload on one side, as bench/seed.mjs runs it: bulkRemove one domain (timed), refill it
 * (not timed), next domain. The browser's timer is coarse (5 µs at best, jittered), and a shared
 * machine preempts the page now and then, so neither a median of single calls nor a plain mean is
 * sound: the result is the median, over blocks of BLOCK consecutive calls, of the block's mean.
 */
async function seed(side: Side, rounds: number): Promise<{ us: number }> {
  const tags = Array.from({ length: DOMAINS }, (_, d) => [`domain:${d}`] as const);
  const keys = tags.map((_, d) => Array.from({ length: PER_DOMAIN }, (_, i) => `domain:${d}:user:${i}:profile`));
  const refill = (d: number) => {
    for (let i = 0; i < PER_DOMAIN; i++) side.set(keys[d]![i]!, i, tags[d]!);
  };
  for (let d = 0; d < DOMAINS; d++) refill(d);
  if (side.size !== DOMAINS * PER_DOMAIN) throw new Error(`${side.name}: size ${side.size} after the fill`);

  const blocks: number[] = [];
  let blockMs = 0;
  for (let round = 0; round < WARMUP + rounds; round++) {
    const d = round % DOMAINS;
    const t0 = performance.now();
    const removed = side.bulkRemove(tags[d]![0]);
    const t1 = performance.now();
    if (removed !== PER_DOMAIN) throw new Error(`${side.name}: bulkRemove removed ${removed}, expected ${PER_DOMAIN}`);
    refill(d);
    if (round < WARMUP) continue;
    blockMs += t1 - t0;
    if ((round - WARMUP) % BLOCK === BLOCK - 1) {
      blocks.push((blockMs * 1000) / BLOCK);
      blockMs = 0;
    }
    if (round % 500 === 499) await sleep(0); // keep the page responsive
  }
  blocks.sort((x, y) => x - y);
  return { us: blocks[blocks.length >> 1] ?? NaN };
}

function drawChart(results: { name: string; us: number }[]): void {
  const svg = $('chart') as unknown as SVGSVGElement;
  const NS = 'http://www.w3.org/2000/svg';
  const max = Math.max(...results.map((r) => r.us), 1e-9);
  const labelWidth = 270;
  const barMax = 900 - labelWidth - 110;
  const el = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  };
  svg.replaceChildren(
    ...results.flatMap((r, i) => {
      const y = 14 + i * 50;
      const width = Math.max(2, (r.us / max) * barMax);
      return [
        el('text', { x: labelWidth - 10, y: y + 22, 'text-anchor': 'end', class: 'label' }, r.name),
        el('rect', {
          x: labelWidth,
          y,
          width,
          height: 32,
          rx: 3,
          class: i === 0 ? 'bar ours' : 'bar theirs',
          'data-name': r.name,
          'data-us': r.us,
        }),
        el('text', { x: labelWidth + width + 8, y: y + 22, class: 'value' }, `${r.us.toFixed(2)} µs`),
      ];
    }),
  );
}

$('run-compare').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('run-compare');
  const rounds = Math.max(BLOCK, Math.min(num('rounds', 2000), 100_000));
  button.disabled = true;
  say('compare-out', 'running …');
  try {
    await sleep(20);
    const ours = await seed(taglruSide(), rounds);
    const theirs = await seed(mapSide(), rounds);
    const results = [
      { name: 'taglru', ...ours },
      { name: 'Map LRU + Map<tag, Set<key>>', ...theirs },
    ];
    drawChart(results);
    const ratio = theirs.us / ours.us;
    const verdict =
      !Number.isFinite(ratio) || ratio === 0
        ? 'too fast for this timer'
        : Math.abs(ratio - 1) < 0.05
          ? 'about even'
          : ratio > 1
            ? `taglru ${ratio.toFixed(2)}× faster`
            : `taglru ${(1 / ratio).toFixed(2)}× slower`;
    say(
      'compare-out',
      `${rounds} bulkRemove calls each; µs per call, median of ${Math.floor(rounds / BLOCK)} blocks of ${BLOCK}: ${verdict}`,
    );
    $('compare-card').dataset.done = 'true';
  } catch (error) {
    say('compare-out', `failed: ${String(error)}`);
  } finally {
    button.disabled = false;
  }
});

// ------------------------------------------------------------------ start

say(
  'timer-note',
  globalThis.crossOriginIsolated
    ? 'Timers: 5 µs resolution (cross-origin isolated).'
    : 'Timers: coarse (100 µs) without cross-origin isolation; latencies below that read as 0.',
);
refresh();
document.body.dataset.ready = 'true';
