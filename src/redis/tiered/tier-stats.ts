/** The counters of a `TieredCache`. */
import type { PropagationSummary } from '../../sync/latency-samples';
import type { SyncStats } from '../../sync/sync-cache';

/** Counters of the second level. */
export interface L2Stats {
  /** Reads that found a current value. */
  hits: number;
  /** Reads that found nothing. */
  misses: number;
  /** Reads that found a value invalidated by a tag generation or the epoch (counted as misses too). */
  stale: number;
  /** Reads that found something the tier did not write or cannot decode (counted as misses too). */
  corrupt: number;
  /** Round-trip time of successful Redis calls, ms. */
  roundTripMs: PropagationSummary;
  /** Redis calls made. */
  roundTrips: number;
  /** Values written. */
  writes: number;
  /** Serialized size of the values written, in UTF-16 code units (bytes for ASCII text). */
  bytesWritten: number;
  /** Fills refused by the load guard: an invalidation of the key or a tag happened while loading. */
  refusedWrites: number;
  /** Writes skipped: Redis failed, invalidations were still queued, or the write reached Redis after its deadline. */
  skippedWrites: number;
  /** Failed or timed-out Redis calls. */
  errors: number;
  /** Values removed by background bulkRemove calls. */
  removedInBackground: number;
  /** With `lock`: misses that waited for another instance's load. */
  lockWaits: number;
  /** With `lock`: waits that ended with the other instance's value. */
  lockWaitHits: number;
}

/** See {@link TieredCache.stats}. */
export interface TieredCacheStats {
  /** The first level, as the tier saw it (reads that bypassed L1 while the bus was not up count as misses). */
  l1: {
    /** Reads answered by L1. */
    hits: number;
    /** Reads L1 could not answer. */
    misses: number;
  };
  /** The second level. */
  l2: L2Stats;
  /** Invalidations queued while Redis was unreachable. */
  pending: number;
  /** The bus's counters, once it is open (with `sync: true`). */
  sync: SyncStats | undefined;
}

/** The mutable counters behind {@link TieredCacheStats}. */
export function newCounters(): Omit<L2Stats, 'roundTripMs' | 'roundTrips' | 'lockWaits' | 'lockWaitHits'> & {
  l1Hits: number;
  l1Misses: number;
} {
  return {
    l1Hits: 0,
    l1Misses: 0,
    hits: 0,
    misses: 0,
    stale: 0,
    corrupt: 0,
    writes: 0,
    bytesWritten: 0,
    refusedWrites: 0,
    skippedWrites: 0,
    errors: 0,
    removedInBackground: 0,
  };
}
