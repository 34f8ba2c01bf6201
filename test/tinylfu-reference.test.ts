// The reference W-TinyLFU of test/support/tinylfu: the invariants the AssemblyScript core will be
// held to, eviction by eviction.
import { describe, expect, it } from 'vitest';
import {
  FrequencySketch,
  ln,
  multiplyHigh32,
  initialWindowMaximum,
  PROBATION,
  PROTECTED,
  protectedMaximumFor,
  WINDOW,
  WTinyLfu,
  XorShift32,
} from './support/tinylfu/index.mjs';

/** Deterministic u32 stream for the tests' own choices (separate from the cache's PRNG). */
function stream(seed: number): () => number {
  const random = new XorShift32(seed);
  return () => random.next();
}

/** murmur3's finalizer, as the hit-ratio suite hashes trace keys. */
function mix(key: number): number {
  let h = key >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function randomOps(cache: WTinyLfu<number>, count: number, keySpace: number, seed: number, check = true): void {
  const next = stream(seed);
  for (let i = 0; i < count; i++) {
    const r = next();
    // Skewed keys: half the accesses go to the first eighth of the key space.
    const key = r & 1 ? (r >>> 1) % Math.max(1, keySpace >>> 3) : (r >>> 1) % keySpace;
    const op = (r >>> 28) & 15;
    if (op === 0) cache.delete(key);
    else if (op < 4) cache.set(key, mix(key));
    else cache.access(key, mix(key));
    if (check) cache.checkIntegrity();
  }
}

describe('reference W-TinyLFU: structure', () => {
  it('starts with a 1 % window (at least 1) and an 80 % protected share of main', () => {
    expect(initialWindowMaximum(1)).toBe(1);
    expect(initialWindowMaximum(100)).toBe(1);
    expect(initialWindowMaximum(101)).toBe(2);
    expect(initialWindowMaximum(1000)).toBe(10);
    expect(protectedMaximumFor(990)).toBe(792);
    const cache = new WTinyLfu({ capacity: 1000 });
    expect(cache.windowMaximum).toBe(10);
    expect(cache.protectedMaximum).toBe(792);
  });

  for (const capacity of [1, 2, 3, 7, 64, 257]) {
    it(`never exceeds capacity ${capacity}; window, probation and protected partition the entries`, () => {
      const evicted: number[] = [];
      const cache = new WTinyLfu<number>({ capacity, seed: 7, onEvict: (key) => evicted.push(key) });
      randomOps(cache, 20 * capacity + 2000, 4 * capacity + 8, capacity);
      expect(cache.size).toBeLessThanOrEqual(capacity);
      const regions = [WINDOW, PROBATION, PROTECTED] as const;
      const all = regions.flatMap((region) => cache.keysOf(region));
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(cache.size);
      for (const region of regions) for (const key of cache.keysOf(region)) expect(cache.regionOf(key)).toBe(region);
      expect(cache.sizes[WINDOW]).toBeLessThanOrEqual(cache.windowMaximum);
      expect(cache.sizes[PROTECTED]).toBeLessThanOrEqual(cache.protectedMaximum);
      expect(evicted.length).toBe(cache.evictions);
      for (const key of evicted.slice(-capacity)) expect(typeof key).toBe('number');
    });
  }

  it('keeps its invariants while the climber moves the window (capacity 200, 60 000 operations)', () => {
    const cache = new WTinyLfu<number>({ capacity: 200, seed: 3 });
    randomOps(cache, 60_000, 600, 11);
    expect(cache.climber.samples).toBeGreaterThan(10);
  });

  it('a hit in probation promotes to protected; protected overflow demotes its LRU to probation', () => {
    const cache = new WTinyLfu<number>({ capacity: 10, climber: 'none' });
    // Window holds 1; 10 inserts fill the cache: 1 in window, 9 in probation.
    for (let key = 0; key < 10; key++) cache.set(key, mix(key));
    expect(cache.keysOf(WINDOW)).toEqual([9]);
    expect(cache.keysOf(PROBATION)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    for (let key = 0; key < 8; key++) cache.get(key, mix(key));
    // protected maximum is ⌊0.8 × 9⌋ = 7: key 0 (its LRU) went back to probation.
    expect(cache.protectedMaximum).toBe(7);
    expect(cache.keysOf(PROTECTED)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(cache.keysOf(PROBATION)).toEqual([8, 0]);
    cache.checkIntegrity();
  });
});

describe('reference W-TinyLFU: frequency sketch', () => {
  it('is not allocated before the cache is half full, then takes 64 bytes per 6 entries (under 11 B an entry)', () => {
    const cache = new WTinyLfu<number>({ capacity: 1000 });
    for (let key = 0; key < 498; key++) cache.set(key, mix(key));
    expect(cache.sketch.byteLength).toBe(0);
    expect(cache.sketch.frequency(mix(1))).toBe(0);
    cache.set(498, mix(498));
    cache.set(499, mix(499));
    expect(cache.sketch.byteLength).toBe(64 * Math.ceil(1000 / 6));
    expect(cache.sketch.byteLength / 1000).toBeLessThan(11);
    expect(cache.sketch.frequency(mix(499))).toBeGreaterThanOrEqual(1);
  });

  it('counts up to 15 and no further; other keys stay low', () => {
    const sketch = new FrequencySketch(1 << 12);
    sketch.allocate();
    for (let i = 0; i < 100; i++) sketch.increment(42);
    expect(sketch.frequency(42)).toBe(15);
    expect(Math.max(...sketch.counters())).toBe(15);
    expect(sketch.counters().filter((c) => c === 15)).toHaveLength(4);
    expect(sketch.frequency(43)).toBe(0);
  });

  it('halves every counter after 10 × capacity increments', () => {
    const sketch = new FrequencySketch(256);
    sketch.allocate();
    expect(sketch.resetPeriod).toBe(2560);
    for (let i = 0; i < 20; i++) sketch.increment(7);
    expect(sketch.frequency(7)).toBe(15);
    const next = stream(5);
    // Distinct keys: each raises at least one counter until the period is reached.
    let increments = 0;
    while (sketch.resets === 0) {
      sketch.increment(next());
      increments++;
    }
    expect(increments).toBeLessThanOrEqual(sketch.resetPeriod);
    expect(sketch.frequency(7)).toBe(7);
    for (const counter of sketch.counters()) expect(counter).toBeLessThanOrEqual(7);
    expect(sketch.additions).toBeLessThan(sketch.resetPeriod / 2 + 1);
  });
});

describe('reference W-TinyLFU: arithmetic the core must reproduce bit for bit', () => {
  it('multiplyHigh32 is the exact high half of the u64 product', () => {
    const next = stream(77);
    for (let i = 0; i < 10_000; i++) {
      const x = next();
      const n = (next() % 3_000_000) + 1;
      expect(multiplyHigh32(x, n)).toBe(Number((BigInt(x) * BigInt(n)) >> 32n));
    }
    expect(multiplyHigh32(0xffffffff, 0xffffffff)).toBe(0xfffffffe);
  });

  it('ln (from + − × ÷ only) agrees with Math.log to 1e-8', () => {
    for (const x of [1e-9, 0.001, 0.25, 0.5, 0.999999, 1, 1.5, 2, Math.E, 10, 4096.5, 1e12]) {
      expect(Math.abs(ln(x) - Math.log(x))).toBeLessThan(1e-8 * Math.max(1, Math.abs(Math.log(x))));
    }
    expect(ln(1)).toBe(0);
  });
});

describe('reference W-TinyLFU: admission', () => {
  it('admits a more frequent candidate, rejects a less frequent one, and a cold tie', () => {
    const cache = new WTinyLfu<number>({ capacity: 64 });
    cache.sketch.allocate();
    for (let i = 0; i < 3; i++) cache.sketch.increment(100);
    cache.sketch.increment(200);
    expect(cache.admit(100, 200)).toBe(true);
    expect(cache.admit(200, 100)).toBe(false);
    expect(cache.admit(200, 200)).toBe(false);
  });

  it('admits a warm loser (frequency ≥ 6) about 1 time in 128, driven by the seeded PRNG', () => {
    const cache = new WTinyLfu<number>({ capacity: 64, seed: 99 });
    cache.sketch.allocate();
    for (let i = 0; i < 6; i++) cache.sketch.increment(1);
    for (let i = 0; i < 9; i++) cache.sketch.increment(2);
    let admitted = 0;
    for (let i = 0; i < 12_800; i++) if (cache.admit(1, 2)) admitted++;
    expect(admitted).toBeGreaterThan(60);
    expect(admitted).toBeLessThan(150);
    // The same seed replays the same decisions.
    const again = new WTinyLfu<number>({ capacity: 64, seed: 99 });
    again.sketch.allocate();
    for (let i = 0; i < 6; i++) again.sketch.increment(1);
    for (let i = 0; i < 9; i++) again.sketch.increment(2);
    let admittedAgain = 0;
    for (let i = 0; i < 12_800; i++) if (again.admit(1, 2)) admittedAgain++;
    expect(admittedAgain).toBe(admitted);
  });

  it('is deterministic given the seed: same operations, same evictions in the same order', () => {
    const run = (seed: number) => {
      const log: number[] = [];
      const cache = new WTinyLfu<number>({ capacity: 100, seed, onEvict: (key) => log.push(key) });
      randomOps(cache, 40_000, 400, 21, false);
      return { log, window: cache.windowMaximum, keys: [WINDOW, PROBATION, PROTECTED].map((r) => cache.keysOf(r as 0 | 1 | 2)) };
    };
    const a = run(1);
    const b = run(1);
    expect(b).toEqual(a);
    expect(a.log.length).toBeGreaterThan(1000);
  });

  /** Hot keys accessed 20 times each, then `scan` one-time keys with a hot access every `every` scan keys. */
  function scanOverHotSet(cache: { access(key: number, hash: number): boolean }, hotCount: number, scan: number, every: number): void {
    const hot = Array.from({ length: hotCount }, (_, i) => i);
    for (let round = 0; round < 20; round++) for (const key of hot) cache.access(key, mix(key));
    let turn = 0;
    for (let i = 0; i < scan; i++) {
      const key = 10_000_000 + i;
      cache.access(key, mix(key));
      if (every > 0 && i % every === 0) {
        const hotKey = hot[turn++ % hot.length] as number;
        cache.access(hotKey, mix(hotKey));
      }
    }
  }

  function lruOf(capacity: number) {
    const map = new Map<number, true>();
    return {
      has: (key: number) => map.has(key),
      access(key: number) {
        const hit = map.delete(key);
        map.set(key, true);
        if (map.size > capacity) map.delete(map.keys().next().value as number);
        return hit;
      },
    };
  }

  const hotKeys = Array.from({ length: 60 }, (_, i) => i);

  it('resists a scan: a burst of 10 × capacity one-time keys does not flush a hot set (LRU loses all of it)', () => {
    for (const capacity of [100, 1000]) {
      const hot = Array.from({ length: 0.6 * capacity }, (_, i) => i);
      const run = (climber: 'density' | 'none') => {
        const cache = new WTinyLfu<number>({ capacity, seed: 1, climber });
        scanOverHotSet(cache, hot.length, 10 * capacity, 0);
        return hot.filter((key) => cache.has(key)).length / hot.length;
      };
      // Fixed 1 % window: the hot set stays, bar a count-min collision or two.
      expect(run('none')).toBeGreaterThanOrEqual(0.98);
      // Adaptive: while all of the hot set hits, the density bias grows the window a little
      // (6.6 % of capacity here); the sample straddling the scan's start grows it again, which
      // moves probation's LRU (hot keys) into the window, and those lose frequency ties to other
      // hot keys on the way back. About 9 % go, never the bulk.
      expect(run('density')).toBeGreaterThanOrEqual(0.9);
      const lru = lruOf(capacity);
      scanOverHotSet(lru, hot.length, 10 * capacity, 0);
      expect(hot.filter((key) => lru.has(key))).toHaveLength(0);
    }
  });

  it('resists a long scan (200 × capacity) while the hot set is still used now and then', () => {
    const cache = new WTinyLfu<number>({ capacity: 100, seed: 1 });
    scanOverHotSet(cache, 60, 20_000, 10);
    expect(hotKeys.filter((key) => cache.has(key)).length).toBeGreaterThanOrEqual(57);
    // A scan with no hit at all is a dead sample: the window does not grow over it.
    const idle = new WTinyLfu<number>({ capacity: 100, seed: 1 });
    scanOverHotSet(idle, 60, 1000, 0);
    const before = idle.windowMaximum;
    for (let i = 0; i < 5000; i++) idle.access(20_000_000 + i, mix(20_000_000 + i));
    expect(idle.windowMaximum).toBe(before);
  });
});

describe('reference W-TinyLFU: window climber', () => {
  /** Recency: 70 % of accesses re-use one of the 30 keys used most recently, 30 % are new keys. */
  function recencyPhase(cache: WTinyLfu<number>, accesses: number, seed: number, firstKey: number): number {
    const next = stream(seed);
    const recent: number[] = [];
    let fresh = firstKey;
    for (let i = 0; i < accesses; i++) {
      const r = next();
      let key: number;
      if (recent.length > 0 && r % 10 < 7) key = recent[(r >>> 8) % recent.length] as number;
      else key = fresh++;
      cache.access(key, mix(key));
      const at = recent.indexOf(key);
      if (at >= 0) recent.splice(at, 1);
      recent.push(key);
      if (recent.length > 30) recent.shift();
    }
    return fresh;
  }

  function loopPhase(cache: WTinyLfu<number>, accesses: number, loopLength: number): void {
    for (let i = 0; i < accesses; i++) {
      const key = 5_000_000 + (i % loopLength);
      cache.access(key, mix(key));
    }
  }

  it('grows the window on a recency trace, then shrinks it back on a loop', () => {
    const capacity = 200;
    const cache = new WTinyLfu<number>({ capacity, seed: 1 });
    const initial = cache.windowMaximum;
    recencyPhase(cache, 60 * capacity, 17, 0);
    const grown = cache.windowMaximum;
    expect(grown).toBeGreaterThan(initial + capacity / 5);
    loopPhase(cache, 100 * capacity, Math.round(1.3 * capacity));
    expect(cache.windowMaximum).toBeLessThan(grown);
    expect(cache.windowMaximum).toBeLessThanOrEqual(initial + 2);
    cache.checkIntegrity();
  });

  it('on a loop, the adaptive reference keeps the frequency-optimal hit ratio (no worse than a fixed 1 % window)', () => {
    const capacity = 200;
    const ratio = (climber: 'density' | 'none') => {
      const cache = new WTinyLfu<number>({ capacity, seed: 1, climber });
      let hits = 0;
      const total = 200 * capacity;
      for (let i = 0; i < total; i++) {
        const key = i % 270;
        if (cache.access(key, mix(key))) hits++;
      }
      return hits / total;
    };
    const fixed = ratio('none');
    expect(fixed).toBeGreaterThan(0.5);
    expect(ratio('density')).toBeGreaterThanOrEqual(fixed - 0.01);
  });

  it('the Caffeine 3 hill climber, kept for comparison, also moves the window', () => {
    const cache = new WTinyLfu<number>({ capacity: 200, seed: 1, climber: 'hill' });
    const seen = new Set<number>();
    const next = stream(3);
    for (let i = 0; i < 40_000; i++) {
      const key = next() % 600;
      cache.access(key, mix(key));
      seen.add(cache.windowMaximum);
      if (i % 997 === 0) cache.checkIntegrity();
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
