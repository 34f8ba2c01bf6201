// stats() in the Prometheus text exposition format (version 0.0.4), for a
// /metrics endpoint: counters, gauges and the bulkRemove latency histogram.

import type { LatencyHistogram } from './latency';
import type { TagCacheStats } from '../types';
import { checkMetricPrefix } from '../validate';

/** Every 4th bucket of the latency histogram: bounds 0.1 µs × 2^k, 32 of them up to 214 s. */
const BUCKET_STEP = 4;

type MetricField =
  | 'hits'
  | 'misses'
  | 'sets'
  | 'deletes'
  | 'evictions'
  | 'expirations'
  | 'bulkRemoves'
  | 'removedByTag'
  | 'removedStale'
  | 'size'
  | 'staleEntries'
  | 'maxEntries'
  | 'tags'
  | 'wasmMemoryBytes'
  | 'totalSize';

/** [stats field, metric name after the prefix, type, help text]; counters first, then gauges. */
const METRICS: readonly [MetricField, string, 'counter' | 'gauge', string][] = [
  ['hits', 'hits_total', 'counter', 'get calls that returned a value.'],
  ['misses', 'misses_total', 'counter', 'get calls that returned undefined.'],
  ['sets', 'sets_total', 'counter', 'set calls.'],
  ['deletes', 'deletes_total', 'counter', 'Entries removed by delete.'],
  ['evictions', 'evictions_total', 'counter', 'Entries evicted to make room.'],
  ['expirations', 'expirations_total', 'counter', 'Entries removed because their TTL ran out.'],
  ['bulkRemoves', 'bulk_removes_total', 'counter', 'bulkRemove calls.'],
  ['removedByTag', 'removed_by_tag_total', 'counter', 'Entries removed by bulkRemove.'],
  ['removedStale', 'removed_stale_total', 'counter', 'Stale entries reclaimed (made stale by markStale or bulkRemoveAsync).'],
  ['size', 'entries', 'gauge', 'Entries held, including expired and stale ones not yet reclaimed.'],
  ['staleEntries', 'stale_entries', 'gauge', 'Entries made stale and not yet reclaimed.'],
  ['maxEntries', 'max_entries', 'gauge', 'Most entries the cache holds.'],
  ['tags', 'tags', 'gauge', 'Distinct tags carried by at least one entry.'],
  ['wasmMemoryBytes', 'wasm_memory_bytes', 'gauge', 'Bytes of WebAssembly linear memory.'],
  ['totalSize', 'total_size', 'gauge', 'Sum of the sizes of the entries held (caches with maxSize only).'],
];

/** A number as Prometheus reads it, without binary noise such as 2.0000000000000002e-7. */
function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  return String(Number(value.toPrecision(15)));
}

/**
 * The metrics text of `stats`, each name starting with `prefix` and `_`.
 * Counters restart from 0 after resetStats, which Prometheus reads as a restart.
 * @throws TypeError when `prefix` is not a valid metric name.
 */
export function formatMetrics(stats: TagCacheStats, latency: LatencyHistogram, prefix: string): string {
  checkMetricPrefix(prefix);
  const lines: string[] = [];
  const family = (name: string, type: string, help: string): void => {
    lines.push(`# HELP ${prefix}_${name} ${help}`, `# TYPE ${prefix}_${name} ${type}`);
  };
  for (const [field, name, type, help] of METRICS) {
    const value = stats[field];
    if (value === undefined) continue; // totalSize, without maxSize
    family(name, type, help);
    lines.push(`${prefix}_${name} ${value}`);
  }
  const histogram = `${prefix}_bulk_remove_duration_seconds`;
  family('bulk_remove_duration_seconds', 'histogram', 'Wall-clock time of bulkRemove calls, excluding onRemove callbacks.');
  for (const { upperUs, count } of latency.cumulativeBuckets(BUCKET_STEP)) {
    lines.push(`${histogram}_bucket{le="${formatNumber(upperUs / 1e6)}"} ${count}`);
  }
  lines.push(`${histogram}_sum ${formatNumber(latency.totalUs / 1e6)}`, `${histogram}_count ${stats.bulkRemoveLatency.count}`);
  return `${lines.join('\n')}\n`;
}
