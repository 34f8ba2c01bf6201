// The soak loop, shared by scripts/soak.mjs (10M operations on the built
// package) and test/soak.test.ts (1M operations on src/). Plain ESM, no
// dependencies: it takes the TagCache class as an argument.
//
// A seeded mix of sets (0-3 tags, some with a TTL), gets, deletes, bulkRemoves
// and clock advances runs against a cache and an exact shadow model: a Map in
// recency order (least recent first) plus a Map<tag, Set<key>>. Every get must
// return what the model says (the value last set, or undefined once the model
// says the entry was evicted, deleted, bulk-removed or expired); delete and
// bulkRemove results, size and the stats counters must agree too. Memory is
// sampled after warm-up and at the end.

/** mulberry32: a small seeded PRNG, so a run can be replayed from its seed (tests use it too). */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TTLS = [50, 500, 5000, 0.5];

class ShadowModel {
  constructor(maxEntries, clock) {
    this.maxEntries = maxEntries;
    this.clock = clock;
    /** key -> { value, tags, expiresAt }, least recent first. */
    this.entries = new Map();
    this.byTag = new Map();
    this.counters = { hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expirations: 0, bulkRemoves: 0, removedByTag: 0 };
  }

  expired(entry) {
    return this.clock.time >= entry.expiresAt;
  }

  drop(key, entry) {
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }

  set(key, value, tags, ttl) {
    const old = this.entries.get(key);
    if (old !== undefined) {
      if (this.expired(old)) this.counters.expirations++;
      this.drop(key, old);
    } else if (this.entries.size >= this.maxEntries) {
      const [victimKey, victim] = this.entries.entries().next().value;
      if (this.expired(victim)) this.counters.expirations++;
      else this.counters.evictions++;
      this.drop(victimKey, victim);
    }
    const unique = [...new Set(tags)];
    this.entries.set(key, { value, tags: unique, expiresAt: ttl > 0 ? this.clock.time + ttl : Infinity });
    for (const tag of unique) {
      let keys = this.byTag.get(tag);
      if (keys === undefined) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    this.counters.sets++;
  }

  /** The live entry of key, dropping it (as expired) if its time ran out. */
  live(key) {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.expired(entry)) {
      this.counters.expirations++;
      this.drop(key, entry);
      return undefined;
    }
    return entry;
  }

  get(key) {
    const entry = this.live(key);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.counters.hits++;
    return entry.value;
  }

  delete(key) {
    const entry = this.live(key);
    if (entry === undefined) return false;
    this.counters.deletes++;
    this.drop(key, entry);
    return true;
  }

  bulkRemove(tags) {
    const keys = new Set();
    for (const tag of tags) for (const key of this.byTag.get(tag) ?? []) keys.add(key);
    let unexpired = 0;
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (this.expired(entry)) this.counters.expirations++;
      else unexpired++;
      this.drop(key, entry);
    }
    this.counters.removedByTag += unexpired;
    this.counters.bulkRemoves++;
    return unexpired;
  }
}

function heapUsed() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  return typeof process === 'undefined' ? 0 : process.memoryUsage().heapUsed;
}

function fail(message, step, history) {
  throw new Error(`soak: ${message} at operation ${step}\nlast operations:\n  ${history.join('\n  ')}`);
}

/**
 * Runs `ops` operations; throws at the first disagreement with the model.
 * Returns counts and memory samples (`wasmGrew`: WASM memory grew after warm-up;
 * no warm-up sample if the cache never filled after `warmup` operations).
 */
export function runSoak(TagCache, options = {}) {
  const ops = options.ops ?? 1_000_000;
  const maxEntries = options.maxEntries ?? 50_000;
  const seed = options.seed ?? 20261121;
  const log = options.log ?? (() => {});
  const warmup = options.warmup ?? Math.min(Math.floor(ops / 2), Math.max(Math.floor(ops / 10), 10 * maxEntries));
  const random = seededRandom(seed);
  const clock = { time: 0 };
  const cache = new TagCache({ maxEntries, now: () => clock.time });
  const model = new ShadowModel(maxEntries, clock);
  const keySpace = 3 * maxEntries;
  const keys = Array.from({ length: keySpace }, (_, index) => (index % 2 === 0 ? index : `key:${index}`));
  const tagPool = Array.from({ length: Math.max(16, maxEntries / 25) }, (_, index) => `tag:${index}`);
  const history = [];
  const memory = {};
  let serial = 0;
  let gets = 0;
  let hits = 0;
  // Half uniform over 3 x maxEntries keys (so the cache fills and evicts), half skewed to hot keys.
  const pickKey = () => keys[Math.floor(keySpace * (random() < 0.5 ? random() : random() * random()))];
  const pickTag = () => tagPool[Math.floor(tagPool.length * random())];

  const compare = (step) => {
    if (cache.size !== model.entries.size) fail(`size ${cache.size}, model ${model.entries.size}`, step, history);
    const stats = cache.stats();
    for (const [name, expected] of Object.entries(model.counters)) {
      if (stats[name] !== expected) fail(`stats.${name} ${stats[name]}, model ${expected}`, step, history);
    }
    return stats;
  };

  for (let step = 0; step < ops; step++) {
    // Warm-up ends once `warmup` operations ran and the cache is full (capacity has stopped growing).
    if (memory.wasmAfterWarmup === undefined && step >= warmup && model.entries.size === maxEntries) {
      memory.warmupOps = step;
      memory.wasmAfterWarmup = compare(step).wasmMemoryBytes;
      memory.heapAfterWarmup = heapUsed();
      log(`warm-up done after ${step} operations: wasm ${memory.wasmAfterWarmup} bytes, heap ${memory.heapAfterWarmup} bytes`);
    }
    const roll = random();
    let description;
    if (roll < 0.35) {
      const key = pickKey();
      const count = Math.floor(random() * 4);
      const tags = Array.from({ length: count }, pickTag);
      const ttl = random() < 0.3 ? TTLS[Math.floor(random() * TTLS.length)] : 0;
      const value = ++serial;
      description = `set(${JSON.stringify(key)}, ${value}, tags ${tags.join(',')}, ttl ${ttl})`;
      cache.set(key, value, ttl === 0 ? { tags } : { tags, ttl });
      model.set(key, value, tags, ttl);
    } else if (roll < 0.8) {
      const key = pickKey();
      description = `get(${JSON.stringify(key)})`;
      const actual = cache.get(key);
      const expected = model.get(key);
      gets++;
      if (actual !== expected) fail(`stale read: get(${JSON.stringify(key)}) gave ${actual}, model ${expected}`, step, history);
      if (actual !== undefined) hits++;
    } else if (roll < 0.84) {
      const key = pickKey();
      description = `delete(${JSON.stringify(key)})`;
      const actual = cache.delete(key);
      const expected = model.delete(key);
      if (actual !== expected) fail(`delete(${JSON.stringify(key)}) gave ${actual}, model ${expected}`, step, history);
    } else if (roll < 0.842) {
      const tags = random() < 0.7 ? [pickTag()] : [pickTag(), pickTag(), pickTag()];
      description = `bulkRemove(${tags.join(',')})`;
      const actual = cache.bulkRemove(tags.length === 1 ? tags[0] : tags);
      const expected = model.bulkRemove(tags);
      if (actual !== expected) fail(`bulkRemove(${tags.join(',')}) gave ${actual}, model ${expected}`, step, history);
    } else {
      const advance = random() < 0.9 ? 1 : 25.5;
      description = `advance ${advance}`;
      clock.time += advance;
    }
    history.push(description);
    if (history.length > 8) history.shift();
    if ((step + 1) % 1_000_000 === 0) {
      compare(step);
      log(`${step + 1} operations, size ${cache.size}, wasm ${cache.stats().wasmMemoryBytes} bytes`);
    }
  }
  const stats = compare(ops);
  memory.wasmAtEnd = stats.wasmMemoryBytes;
  memory.heapAtEnd = heapUsed();
  memory.wasmGrew = memory.wasmAfterWarmup !== undefined && memory.wasmAtEnd > memory.wasmAfterWarmup;
  return { ops, warmup, gets, hits, sets: stats.sets, evictions: stats.evictions, expirations: stats.expirations, memory };
}
