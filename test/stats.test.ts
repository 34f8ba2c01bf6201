// Counters, gauges and the bulk-removal latency histogram.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { LatencyHistogram } from '../src/observe/latency';
import { useDebugBuild } from './support/setup';

useDebugBuild();

describe('stats', () => {
  it('counts hits, misses, sets, deletes, evictions, expirations and tag removals', () => {
    let time = 0;
    const cache = new TagCache<string, number>({ maxEntries: 3, now: () => time });
    cache
      .set('a', 1, { tags: ['t', 'u'] })
      .set('b', 2, { tags: ['t'] })
      .set('c', 3, { ttl: 1 });
    cache.get('a');
    cache.get('zz');
    cache.set('d', 4); // evicts b
    cache.delete('d');
    time = 2;
    cache.get('c'); // expired: a miss and an expiration
    cache.bulkRemove(['t']);
    const stats = cache.stats();
    expect(stats).toMatchObject({
      hits: 1,
      misses: 2,
      sets: 4,
      deletes: 1,
      evictions: 1,
      expirations: 1,
      bulkRemoves: 1,
      removedByTag: 1,
      size: 0,
      maxEntries: 3,
      tags: 0,
    });
    expect(stats.wasmMemoryBytes % 65536).toBe(0);
    expect(stats.bulkRemoveLatency.count).toBe(1);
    expect(stats.bulkRemoveLatency.maxUs).toBeGreaterThanOrEqual(stats.bulkRemoveLatency.minUs);
  });

  it('resetStats zeroes counters but not gauges', () => {
    const cache = new TagCache<string, number>({ maxEntries: 3 });
    cache.set('a', 1, { tags: ['t'] });
    cache.get('a');
    cache.bulkRemove('none');
    cache.resetStats();
    const stats = cache.stats();
    expect([stats.hits, stats.sets, stats.bulkRemoves, stats.bulkRemoveLatency.count]).toEqual([0, 0, 0, 0]);
    expect([stats.size, stats.tags]).toEqual([1, 1]);
  });
});

describe('latency histogram', () => {
  it('summarises exactly for count/min/max/mean and within a bucket for percentiles', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.summary()).toEqual({ count: 0, minUs: 0, maxUs: 0, meanUs: 0, p50Us: 0, p99Us: 0 });
    for (let us = 1; us <= 100; us++) histogram.record(us);
    const summary = histogram.summary();
    expect([summary.count, summary.minUs, summary.maxUs, summary.meanUs]).toEqual([100, 1, 100, 50.5]);
    expect(summary.p50Us).toBeGreaterThanOrEqual(50);
    expect(summary.p50Us).toBeLessThanOrEqual(50 * 1.19 + 1e-9);
    expect(summary.p99Us).toBeGreaterThanOrEqual(99);
    expect(summary.p99Us).toBeLessThanOrEqual(100);
  });

  it('keeps very small and very large samples', () => {
    const histogram = new LatencyHistogram();
    histogram.record(0);
    histogram.record(1e12);
    expect(histogram.summary()).toMatchObject({ count: 2, minUs: 0, maxUs: 1e12 });
    expect(histogram.summary().p99Us).toBe(1e12);
  });
});
