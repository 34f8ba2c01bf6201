// markAllStale, driven through the raw exports of the debug core: every entry
// held becomes stale in O(1) (a new epoch), and is reclaimed lazily like the
// entries markStale makes stale. The public cache.markAllStale() comes later.
import { describe, expect, it } from 'vitest';
import type { CoreExports } from '../src/core';
import {
  ERROR_OUT_OF_MEMORY,
  FLAG_EVICTED,
  FLAG_EVICTED_STALE,
  HEADER_REGION_START,
  REGION_SCRATCH,
  REGION_SLOTS,
  REMOVED_STALE,
  SLOT_MASK,
  SLOT_NEXT,
  SLOT_STRIDE,
} from '../src/core/layout';
import { coreInstance, type BuildName } from './support/builds';
import { seededRandom } from './support/random';

const SCRATCH_WORDS = 4096;

/** A core driven the way the wrapper drives it, with keys 0, 1, ... hashed to distinct hashes. */
class RawCore {
  readonly core: CoreExports;
  /** The key each live slot holds. */
  readonly keyOf = new Map<number, number>();
  readonly slotOf = new Map<number, number>();

  constructor(maxEntries: number, tags = 16, build: BuildName = 'debug') {
    this.core = coreInstance(build, maxEntries);
    expect(this.core.reserveTags(tags)).toBe(0);
    expect(this.core.reserveScratch(SCRATCH_WORDS)).toBe(0);
  }

  static hash(key: number): number {
    return Math.imul(key + 1, 0x9e3779b1) >>> 0;
  }

  private words(): Int32Array {
    return new Int32Array(this.core.memory.buffer);
  }

  private regionWord(region: number): number {
    return this.words()[(this.core.header() >>> 2) + HEADER_REGION_START + region]! >>> 2;
  }

  scratch(index: number): number {
    return this.words()[this.regionWord(REGION_SCRATCH) + index]!;
  }

  writeScratch(values: readonly number[]): number {
    const words = this.words();
    const base = this.regionWord(REGION_SCRATCH);
    values.forEach((value, index) => (words[base + index] = value));
    return values.length;
  }

  /** Sets `key` with `tags`; returns the key evicted to make room (and whether it was stale), if any. */
  set(key: number, tags: readonly number[]): { evicted?: number; evictedStale?: boolean } {
    const count = this.writeScratch(tags);
    const result = this.core.insertIfAbsent(RawCore.hash(key), count, Infinity, 0);
    if (result < -1) {
      expect(this.core.replace(-2 - result, count, Infinity)).toBe(0);
      return {};
    }
    expect(result).toBeGreaterThanOrEqual(0);
    const slot = result & SLOT_MASK;
    const outcome: { evicted?: number; evictedStale?: boolean } = {};
    if ((result & FLAG_EVICTED) !== 0) {
      outcome.evicted = this.keyOf.get(slot)!;
      outcome.evictedStale = (result & FLAG_EVICTED_STALE) !== 0;
      this.slotOf.delete(outcome.evicted);
    }
    this.keyOf.set(slot, key);
    this.slotOf.set(key, slot);
    return outcome;
  }

  /** get: 'hit', 'miss', or 'stale' (then the entry is removed, as the wrapper does). */
  get(key: number): 'hit' | 'miss' | 'stale' {
    const result = this.core.get(RawCore.hash(key), 0);
    if (result === -1) return 'miss';
    if (result >= 0) return 'hit';
    const slot = -2 - result;
    expect(this.core.deadState(slot, 0)).toBe(2);
    this.core.countMiss(slot);
    this.core.remove(slot);
    this.forget(slot);
    return 'stale';
  }

  markStale(tags: readonly number[]): number {
    return this.core.markStale(this.writeScratch(tags));
  }

  /** sweepStale(tagId, n): the keys removed. */
  sweep(tagId: number, maxRemovals: number): number[] {
    const removed = this.core.sweepStale(tagId, maxRemovals);
    const keys: number[] = [];
    for (let index = 0; index < removed; index++) keys.push(this.forget(this.scratch(index)));
    return keys;
  }

  /** bulkRemove: the keys removed, each with whether it was stale. */
  bulkRemove(tags: readonly number[]): Array<[number, boolean]> {
    const count = this.writeScratch(tags);
    const removedKeys: Array<[number, boolean]> = [];
    let removed: number;
    do {
      removed = this.core.bulkRemove(count, 64);
      for (let index = 0; index < removed; index++) {
        const word = this.scratch(count + index);
        removedKeys.push([this.forget(word & SLOT_MASK), (word & REMOVED_STALE) !== 0]);
      }
    } while (removed === 64);
    return removedKeys;
  }

  /** The keys of a tag's live entries, from slotsOfTag. */
  keysOfTag(tagId: number): number[] {
    const count = this.core.slotsOfTag(tagId, 0);
    return Array.from({ length: count }, (_, index) => this.keyOf.get(this.scratch(index))!);
  }

  /** Keys from least to most recent, read from the recency list in memory. */
  keysByRecency(): number[] {
    const words = this.words();
    const slots = this.regionWord(REGION_SLOTS);
    const keys: number[] = [];
    for (let slot = this.core.lruHead(); slot !== -1; slot = words[slots + slot * (SLOT_STRIDE / 4) + SLOT_NEXT / 4]!) {
      keys.push(this.keyOf.get(slot)!);
    }
    return keys.reverse();
  }

  deadState(key: number): number {
    return this.core.deadState(this.slotOf.get(key)!, 0);
  }

  private forget(slot: number): number {
    const key = this.keyOf.get(slot)!;
    this.keyOf.delete(slot);
    this.slotOf.delete(key);
    return key;
  }
}

describe('markAllStale', () => {
  it('makes every entry held stale, counting those it made stale, and keeps new entries fresh', () => {
    const raw = new RawCore(16);
    expect(raw.core.markAllStale()).toBe(0); // empty: nothing to make stale
    for (let key = 0; key < 6; key++) raw.set(key, key < 3 ? [1] : [1, 2]);
    expect(raw.core.markAllStale()).toBe(6);
    expect(raw.core.checkIntegrity!()).toBe(0);
    expect(raw.core.staleEntries()).toBe(6);
    expect(raw.core.entryCount()).toBe(6);
    for (let key = 0; key < 6; key++) expect(raw.deadState(key)).toBe(2);
    expect([raw.core.countLive(1, 0), raw.core.countLive(2, 0), raw.keysOfTag(1)]).toEqual([0, 0, []]);
    expect(raw.core.markAllStale()).toBe(0); // all stale already: nothing changes
    raw.set(10, [1]);
    raw.set(11, []);
    expect([raw.deadState(10), raw.deadState(11), raw.core.countLive(1, 0), raw.keysOfTag(1)]).toEqual([0, 0, 1, [10]]);
    expect(raw.get(0)).toBe('stale');
    expect(raw.get(10)).toBe('hit');
    expect(raw.core.staleEntries()).toBe(5);
    expect(raw.core.checkIntegrity!()).toBe(0);
    expect(raw.core.markAllStale()).toBe(2);
    expect([raw.core.staleEntries(), raw.core.countLive(1, 0), raw.deadState(10), raw.deadState(11)]).toEqual([7, 0, 2, 2]);
    expect(raw.core.checkIntegrity!()).toBe(0);
  });

  it('and markStale do not count an entry twice, in either order', () => {
    const raw = new RawCore(16);
    for (let key = 0; key < 4; key++) raw.set(key, [1]);
    for (let key = 4; key < 8; key++) raw.set(key, [2, 1]);
    expect(raw.markStale([2])).toBe(4);
    expect(raw.core.markAllStale()).toBe(4);
    expect(raw.markStale([1])).toBe(0);
    raw.set(8, [1]);
    raw.set(9, [2]);
    expect(raw.markStale([1, 2])).toBe(2);
    expect(raw.core.staleEntries()).toBe(10);
    expect(raw.core.checkIntegrity!()).toBe(0);
  });

  it('stale entries are evicted first, least recent first, then swept or purged', () => {
    const raw = new RawCore(8);
    for (let key = 0; key < 8; key++) raw.set(key, [key % 3]);
    raw.get(0); // 0 becomes the most recent
    expect(raw.core.markAllStale()).toBe(8);
    expect(raw.set(100, [1])).toEqual({ evicted: 1, evictedStale: true });
    expect(raw.set(101, [1])).toEqual({ evicted: 2, evictedStale: true });
    expect(raw.set(102, [1])).toEqual({ evicted: 3, evictedStale: true });
    expect(raw.set(103, [1])).toEqual({ evicted: 4, evictedStale: true });
    expect(raw.sweep(-1, 2)).toEqual([5, 6]);
    expect(raw.sweep(1, 8)).toEqual([7]); // of tag 1's stale entries (keys 1, 4, 7), only 7 is left
    expect(raw.sweep(-1, 8)).toEqual([0]);
    expect(raw.sweep(-1, 8)).toEqual([]);
    expect(raw.core.staleEntries()).toBe(0);
    expect(raw.keysByRecency()).toEqual([100, 101, 102, 103]);
    expect(raw.core.victim()).toBe(raw.slotOf.get(100));
    expect(raw.core.checkIntegrity!()).toBe(0);
  });

  it('bulk removal reports stale entries as such', () => {
    const raw = new RawCore(32);
    for (let key = 0; key < 10; key++) raw.set(key, key % 2 === 0 ? [3] : [3, 4]);
    raw.core.markAllStale();
    raw.set(20, [3]);
    const removed = raw.bulkRemove([3]);
    expect(removed.sort((a, b) => a[0] - b[0])).toEqual([
      ...Array.from({ length: 10 }, (_, key): [number, boolean] => [key, true]),
      [20, false],
    ]);
    expect([raw.core.entryCount(), raw.core.staleEntries(), raw.core.liveTags()]).toEqual([0, 0, 0]);
    expect(raw.core.checkIntegrity!()).toBe(0);
  });

  it('works across capacity growth, a retag and clear', () => {
    const raw = new RawCore(1000);
    for (let key = 0; key < 100; key++) raw.set(key, [key % 5]);
    expect(raw.core.markAllStale()).toBe(100);
    for (let key = 100; key < 600; key++) raw.set(key, [key % 5]); // grows the slots past 64, 128, 256
    raw.set(7, [2]); // a retag makes a stale entry fresh again
    expect([raw.deadState(7), raw.core.staleEntries()]).toEqual([0, 99]);
    expect(raw.core.countLive(2, 0)).toBe(101);
    expect(raw.core.checkIntegrity!()).toBe(0);
    raw.core.clear();
    expect([raw.core.entryCount(), raw.core.staleEntries(), raw.core.checkIntegrity!()]).toEqual([0, 0, 0]);
    raw.keyOf.clear();
    raw.slotOf.clear();
    raw.set(1, [1]);
    expect([raw.deadState(1), raw.core.markAllStale(), raw.deadState(1)]).toEqual([0, 1, 2]);
  });

  it('returns ERROR_OUT_OF_MEMORY, changing nothing, when its first call cannot allocate the epochs', () => {
    // Find how much scratch leaves too little memory for 4 bytes a slot in the limited build (2 MiB).
    const attempt = (words: number): RawCore | undefined => {
      const raw = new RawCore(1000, 16, 'limited');
      for (let key = 0; key < 1000; key++) raw.set(key, []);
      return raw.core.reserveScratch(words) === 0 ? raw : undefined;
    };
    let low = SCRATCH_WORDS;
    let high = 1 << 20;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (attempt(middle) !== undefined) low = middle;
      else high = middle;
    }
    const raw = attempt(low)!;
    expect(raw.core.markAllStale()).toBe(ERROR_OUT_OF_MEMORY);
    expect([raw.core.staleEntries(), raw.deadState(5), raw.get(5), raw.core.checkIntegrity!()]).toEqual([0, 0, 'hit', 0]);
  });
});

/**
 * The reference: entries from least to most recent, each with its tags, whether
 * it is stale, and the tags through which it is (all of them after markAllStale).
 */
class Model {
  readonly entries = new Map<number, { tags: Set<number>; stale: boolean; staleThrough: Set<number> }>();

  touch(key: number): void {
    const entry = this.entries.get(key)!;
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  staleKeys(): number[] {
    return [...this.entries].filter(([, entry]) => entry.stale).map(([key]) => key);
  }

  liveKeysOf(tagId: number): number[] {
    return [...this.entries].filter(([, entry]) => !entry.stale && entry.tags.has(tagId)).map(([key]) => key);
  }
}

describe('markAllStale against a model', () => {
  const TAGS = 6;
  it.each([1, 2, 3, 4, 5, 6])('agrees on random operations (seed %i)', (seed) => {
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const maxEntries = 8 + pick(40);
    const keys = maxEntries * 2;
    const raw = new RawCore(maxEntries, TAGS);
    const model = new Model();
    const randomTags = () => [...new Set(Array.from({ length: pick(4) }, () => pick(TAGS)))];
    for (let step = 0; step < 1500; step++) {
      const operation = pick(100);
      const key = pick(keys);
      if (operation < 40) {
        const tags = randomTags();
        const { evicted, evictedStale } = raw.set(key, tags);
        if (evicted !== undefined) {
          const stale = model.staleKeys();
          expect(evictedStale).toBe(stale.length > 0);
          if (stale.length > 0) expect(stale).toContain(evicted);
          else expect(evicted).toBe(model.entries.keys().next().value);
          model.entries.delete(evicted);
        }
        model.entries.delete(key);
        model.entries.set(key, { tags: new Set(tags), stale: false, staleThrough: new Set() });
      } else if (operation < 65) {
        const entry = model.entries.get(key);
        const expected = entry === undefined ? 'miss' : entry.stale ? 'stale' : 'hit';
        expect(raw.get(key)).toBe(expected);
        if (expected === 'hit') model.touch(key);
        if (expected === 'stale') model.entries.delete(key);
      } else if (operation < 73) {
        const tags = randomTags();
        let expected = 0;
        for (const entry of model.entries.values()) {
          if (!tags.some((tag) => entry.tags.has(tag))) continue;
          if (!entry.stale) expected++;
          entry.stale = true;
          for (const tag of tags) if (entry.tags.has(tag)) entry.staleThrough.add(tag);
        }
        expect(raw.markStale(tags)).toBe(expected);
      } else if (operation < 78) {
        let expected = 0;
        for (const entry of model.entries.values()) {
          if (!entry.stale) expected++;
          entry.stale = true;
          for (const tag of entry.tags) entry.staleThrough.add(tag);
        }
        expect(raw.core.markAllStale()).toBe(expected);
      } else if (operation < 90) {
        const tagId = pick(3) === 0 ? pick(TAGS) : -1;
        const limit = 1 + pick(4);
        // A sweep of one tag takes the entries stale through that tag.
        const candidates = model.staleKeys().filter((each) => tagId === -1 || model.entries.get(each)!.staleThrough.has(tagId));
        const swept = raw.sweep(tagId, limit);
        expect(swept.length).toBe(Math.min(limit, candidates.length));
        for (const each of swept) {
          expect(candidates).toContain(each);
          model.entries.delete(each);
        }
      } else if (operation < 95) {
        const tags = randomTags();
        const expected = [...model.entries]
          .filter(([, entry]) => tags.some((tag) => entry.tags.has(tag)))
          .map(([each, entry]): [number, boolean] => [each, entry.stale]);
        const removed = raw.bulkRemove(tags);
        expect(removed.sort((a, b) => a[0] - b[0])).toEqual(expected.sort((a, b) => a[0] - b[0]));
        for (const [each] of removed) model.entries.delete(each);
      } else {
        const swept = raw.sweep(-1, SCRATCH_WORDS);
        expect(swept.sort((a, b) => a - b)).toEqual(model.staleKeys().sort((a, b) => a - b));
        for (const each of swept) model.entries.delete(each);
      }
      expect(raw.core.checkIntegrity!(), `step ${step}`).toBe(0);
      expect(raw.core.entryCount()).toBe(model.entries.size);
      expect(raw.core.staleEntries()).toBe(model.staleKeys().length);
      expect(raw.keysByRecency()).toEqual([...model.entries.keys()]);
      for (const [each, entry] of model.entries) expect(raw.deadState(each)).toBe(entry.stale ? 2 : 0);
      for (let tagId = 0; tagId < TAGS; tagId++) {
        const live = model.liveKeysOf(tagId);
        expect(raw.core.countLive(tagId, 0)).toBe(live.length);
        expect(raw.keysOfTag(tagId).sort((a, b) => a - b)).toEqual(live.sort((a, b) => a - b));
      }
    }
  });
});
