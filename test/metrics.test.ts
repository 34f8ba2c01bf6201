// metricsText(): stats() in the Prometheus text exposition format (0.0.4),
// checked by a strict parser of that format.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useDebugBuild } from './support/setup';

useDebugBuild();

interface Family {
  type: string;
  help: string;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value ${text}`);
  return Number(text);
}

/** The family a sample belongs to: itself, or a histogram's name for _bucket/_sum/_count. */
function familyOf(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && families.get(base)?.type === 'histogram') return base;
  }
  return name;
}

/** Parses metrics text, throwing on anything the format does not allow. */
function parseMetrics(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the text must end with a newline');
  const families = new Map<string, Family>();
  const finished = new Set<string>();
  let current: string | undefined;
  const enter = (name: string): Family => {
    if (name !== current) {
      if (current !== undefined) finished.add(current);
      if (finished.has(name)) throw new Error(`the lines of ${name} are not contiguous`);
      current = name;
    }
    let family = families.get(name);
    if (family === undefined) families.set(name, (family = { type: 'untyped', help: '', samples: [] }));
    return family;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment !== null) {
      const [, keyword, name, rest] = comment as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name ${name}`);
      const family = enter(name);
      if (keyword === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type ${rest}`);
        if (family.samples.length > 0) throw new Error(`TYPE of ${name} after its samples`);
        family.type = rest;
      } else {
        family.help = rest;
      }
      continue;
    }
    if (line.startsWith('#') || line === '') continue;
    const sample = SAMPLE.exec(line);
    if (sample === null) throw new Error(`bad sample line: ${line}`);
    const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string];
    const labels: Record<string, string> = {};
    for (const pair of labelText === undefined || labelText === '' ? [] : labelText.split(',')) {
      const label = LABEL.exec(pair);
      if (label === null) throw new Error(`bad label ${pair}`);
      labels[label[1]!] = label[2]!;
    }
    enter(familyOf(name, families)).samples.push({ name, labels, value: parseValue(valueText) });
  }
  for (const [name, family] of families) {
    if (family.type === 'counter' && !name.endsWith('_total')) throw new Error(`counter ${name} must end in _total`);
    if (family.type === 'histogram') checkHistogram(name, family);
  }
  return families;
}

function checkHistogram(name: string, family: Family): void {
  const buckets = family.samples.filter((sample) => sample.name === `${name}_bucket`);
  const bounds = buckets.map((bucket) => parseValue(bucket.labels.le!));
  const count = family.samples.find((sample) => sample.name === `${name}_count`)?.value;
  if (family.samples.find((sample) => sample.name === `${name}_sum`) === undefined) throw new Error(`${name}_sum missing`);
  if (bounds.at(-1) !== Infinity) throw new Error(`${name} needs a +Inf bucket last`);
  for (let index = 1; index < buckets.length; index++) {
    if (!(bounds[index]! > bounds[index - 1]!)) throw new Error(`${name} bucket bounds must increase`);
    if (buckets[index]!.value < buckets[index - 1]!.value) throw new Error(`${name} buckets must be cumulative`);
  }
  if (buckets.at(-1)!.value !== count) throw new Error(`${name} +Inf bucket must equal _count`);
}

const value = (families: Map<string, Family>, name: string): number | undefined => families.get(name)?.samples[0]?.value;

describe('metricsText', () => {
  it('exposes stats() as valid Prometheus text: counters, gauges and the latency histogram', () => {
    let time = 0;
    const cache = new TagCache<string, number>({ maxEntries: 5, now: () => time });
    for (let index = 0; index < 8; index++) cache.set(`k${index}`, index, { tags: [`t${index % 2}`] });
    cache.set('short', 1, { ttl: 1 });
    cache.get('k7');
    cache.get('missing');
    cache.delete('k6');
    time = 2;
    cache.get('short');
    cache.bulkRemove('t0');
    cache.bulkRemove(['t1', 'none']);
    cache.set('s1', 1, { tags: ['st'] }).set('s2', 2, { tags: ['st'] });
    cache.markStale('st');
    cache.get('s1'); // reclaims s1; s2 stays held, stale
    const stats = cache.stats();
    const families = parseMetrics(cache.metricsText());

    const expected: Record<string, number> = {
      taglru_hits_total: stats.hits,
      taglru_misses_total: stats.misses,
      taglru_sets_total: stats.sets,
      taglru_deletes_total: stats.deletes,
      taglru_evictions_total: stats.evictions,
      taglru_expirations_total: stats.expirations,
      taglru_bulk_removes_total: stats.bulkRemoves,
      taglru_removed_by_tag_total: stats.removedByTag,
      taglru_removed_stale_total: 1,
      taglru_entries: stats.size,
      taglru_stale_entries: 1,
      taglru_max_entries: 5,
      taglru_tags: stats.tags,
      taglru_wasm_memory_bytes: stats.wasmMemoryBytes,
    };
    for (const [name, number] of Object.entries(expected)) expect(value(families, name), name).toBe(number);
    expect([stats.hits, stats.misses, stats.evictions, stats.expirations, stats.bulkRemoves]).toEqual([1, 3, 4, 1, 2]);
    expect([stats.removedStale, stats.staleEntries, stats.size]).toEqual([1, 1, 1]);
    expect(families.get('taglru_hits_total')).toMatchObject({ type: 'counter', help: 'get calls that returned a value.' });
    expect(families.get('taglru_entries')?.type).toBe('gauge');
    expect(families.has('taglru_total_size')).toBe(false);

    const histogram = families.get('taglru_bulk_remove_duration_seconds')!;
    expect(histogram.type).toBe('histogram');
    const buckets = histogram.samples.filter((sample) => sample.name.endsWith('_bucket'));
    expect(buckets).toHaveLength(33);
    expect(buckets.slice(0, 3).map((bucket) => bucket.labels.le)).toEqual(['1e-7', '2e-7', '4e-7']);
    expect(buckets.at(-1)!.value).toBe(2);
    const sumSeconds = histogram.samples.find((sample) => sample.name.endsWith('_sum'))!.value;
    expect(sumSeconds).toBeCloseTo((stats.bulkRemoveLatency.meanUs * 2) / 1e6, 12);
  });

  it('places each bulkRemove in the first bucket whose bound it does not exceed', () => {
    const cache = new TagCache<string, number>({ maxEntries: 5 });
    cache.bulkRemove('nothing');
    const families = parseMetrics(cache.metricsText());
    const maxSeconds = cache.stats().bulkRemoveLatency.maxUs / 1e6;
    for (const bucket of families.get('taglru_bulk_remove_duration_seconds')!.samples.filter((sample) => sample.name.endsWith('_bucket'))) {
      const bound = parseValue(bucket.labels.le!);
      if (bound >= maxSeconds * 1.01) expect(bucket.value, `le ${bucket.labels.le}`).toBe(1);
      if (bound < maxSeconds * 0.99) expect(bucket.value, `le ${bucket.labels.le}`).toBe(0);
    }
  });

  it('uses the prefix, adds total_size for caches with maxSize, and follows resetStats', () => {
    const cache = new TagCache<string, string>({ maxEntries: 5, maxSize: 100, sizeOf: (text) => text.length });
    cache.set('a', 'xxx');
    cache.get('a');
    let families = parseMetrics(cache.metricsText('app_cache'));
    expect(value(families, 'app_cache_total_size')).toBe(3);
    expect(value(families, 'app_cache_hits_total')).toBe(1);
    expect([...families.keys()].every((name) => name.startsWith('app_cache_'))).toBe(true);
    cache.resetStats();
    families = parseMetrics(cache.metricsText('app_cache'));
    expect(value(families, 'app_cache_hits_total')).toBe(0);
    expect(value(families, 'app_cache_bulk_remove_duration_seconds')).toBe(0); // the first bucket
  });

  it('rejects a prefix that is not a metric name', () => {
    const cache = new TagCache<string, string>({ maxEntries: 5 });
    for (const prefix of ['', '1cache', 'my-cache', 'a b', 'ünicode']) expect(() => cache.metricsText(prefix)).toThrow(TypeError);
    expect(() => cache.metricsText(42 as never)).toThrow(/prefix must be a Prometheus metric name/);
  });

  it('the parser itself rejects malformed text', () => {
    const valid = '# TYPE a_total counter\na_total 1\n';
    expect(parseMetrics(valid).get('a_total')?.samples[0]?.value).toBe(1);
    for (const bad of [
      '# TYPE a_total counter\na_total 1', // no final newline
      '# TYPE a counter\na 1\n', // counter without _total
      'a 1\nb 2\na 3\n', // not contiguous
      'a one\n',
      'a{l=unquoted} 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 0\nh_count 1\n', // not cumulative
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 0\nh_count 1\n', // no +Inf
      'a 1\n# TYPE a gauge\n',
    ]) {
      expect(() => parseMetrics(bad), JSON.stringify(bad)).toThrow();
    }
  });
});
