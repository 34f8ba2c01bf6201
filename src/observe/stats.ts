// stats, resetStats and metricsText: the store's counters and gauges.

import type { EntryStore } from '../store/entry-store';
import type { TagCacheStats } from '../types';
import { formatMetrics } from './metrics';

/** Tag id that makes the core's resetTagStats reset every tag. */
const ALL_TAGS = -1;

/** See TagCacheApi.stats. */
export function stats<K extends string | number, V>(store: EntryStore<K, V>): TagCacheStats {
  const api = store.api;
  return {
    hits: store.hits,
    misses: store.misses,
    sets: store.sets,
    deletes: store.deletes,
    evictions: store.evictions,
    expirations: store.expirations,
    bulkRemoves: store.bulkRemoves,
    removedByTag: store.removedByTag,
    removedStale: store.removedStale,
    staleEntries: store.stalePending ? api.staleEntries() : 0,
    size: api.entryCount(),
    maxEntries: store.maxEntries,
    tags: api.liveTags(),
    wasmMemoryBytes: api.memory.buffer.byteLength,
    bulkRemoveLatency: store.bulkLatency.summary(),
    ...(store.sizes !== undefined && { totalSize: store.sizes.total }),
    ...(store.policy !== 0 && { policy: 'tinylfu' as const, windowSize: api.policyStat(1), sketchBytes: api.policyStat(3) }),
  };
}

/** See TagCacheApi.resetStats. */
export function resetStats<K extends string | number, V>(store: EntryStore<K, V>): void {
  store.hits = store.misses = store.sets = store.deletes = store.evictions = 0;
  store.expirations = store.bulkRemoves = store.removedByTag = store.removedStale = 0;
  store.bulkLatency.reset();
  store.api.resetTagStats(ALL_TAGS);
}

/** See TagCacheApi.metricsText. */
export function metricsText<K extends string | number, V>(store: EntryStore<K, V>, prefix: string): string {
  return formatMetrics(stats(store), store.bulkLatency, prefix);
}
