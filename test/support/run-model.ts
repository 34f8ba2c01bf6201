// Runs a seeded random operation sequence against a TagCache and the reference
// model side by side, comparing results, size, iteration order, tags, removals
// and counters after every step (and the core's integrity check in debug builds).

import { expect } from 'vitest';
import { TagCache } from '../../src/tag-cache';
import { holdsKey, integrityOf } from './internals';
import { ModelCache } from './model';
import { pick, seededRandom } from './random';
import { yieldToEventLoop } from '../../src/invalidation/slices';
import type { Key, Removal } from './types';

const TAGS = ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 'π', 'a', 'a/b', 'a/b/c', 'a/d', '/x/y', '/x'];
const TTLS = [0, 0, 0, 1, 2.5, 5, 10, 40, Infinity];
const MAX_ENTRIES = [1, 2, 3, 8, 30, 64, 65, 200];
/** Async sequences fill bigger caches, so bulkRemoveAsync needs several slices (256 entries each). */
const ASYNC_MAX_ENTRIES = [64, 500, 2000];
/** Longest a sequence waits for its bulkRemoveAsync calls to finish, in event-loop turns. */
const DRAIN_TURNS = 10_000;

/** A bulkRemoveAsync call in progress. */
interface InFlight {
  tags: string[];
  expected: number;
  description: string;
  settled: boolean;
  result?: number;
  error?: unknown;
}

function sortedRemovals(removals: readonly Removal[]): string[] {
  return removals.map((removal) => JSON.stringify(removal)).sort();
}

/**
 * Runs `steps` random operations from `seed`; throws (via expect) at the first
 * divergence. In `async` mode the steps also include bulk fills,
 * bulkRemoveAsync and yields to the event loop (when its slices run).
 */
export async function runModelSequence(seed: number, steps: number, mode: 'sync' | 'async' = 'sync'): Promise<void> {
  const random = seededRandom(seed);
  let time = 1000;
  const clock = (): number => time;
  const maxEntries = pick(random, mode === 'async' ? ASYNC_MAX_ENTRIES : MAX_ENTRIES);
  // Some sequences never use a TTL: the core then answers tag counts without walking.
  const usesTtl = random() < 0.7;
  const defaultTtl = usesTtl && random() < 0.2 ? pick(random, [3, 7.5]) : 0;
  const keySpace = Math.max(4, Math.ceil(maxEntries * (1 + random() * 2)));
  const tagSeparator = random() < 0.4 ? '/' : undefined;
  const removals: Removal[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries,
    ttl: defaultTtl === 0 ? undefined : defaultTtl,
    now: clock,
    onRemove: (key, value, reason) => removals.push([key, value, reason]),
    tagSeparator,
  });
  const model = new ModelCache(maxEntries, defaultTtl, clock, (key) => holdsKey(cache, key), tagSeparator);
  let nextValue = 0;
  const log: string[] = [];
  const inFlight: InFlight[] = [];

  /** Lets slices run for `turns` turns, then has the model take back what they removed and checks settled calls. */
  const yieldTurns = async (turns: number): Promise<void> => {
    for (let turn = 0; turn < turns; turn++) await yieldToEventLoop();
    const tags = inFlight.flatMap((call) => call.tags);
    for (const [key] of removals) model.reclaimByTags(key, tags);
    for (const call of inFlight.filter((each) => each.settled)) {
      expect([call.result, call.error], `seed ${seed}: ${call.description} settled`).toEqual([call.expected, undefined]);
      inFlight.splice(inFlight.indexOf(call), 1);
    }
  };

  const randomKey = (): Key => {
    const index = Math.floor(random() * keySpace);
    const roll = random();
    if (roll < 0.45) return `k${index}`;
    if (roll < 0.9) return index;
    return pick(random, [String(index), -0, 0.5 * index, -index]);
  };
  const randomTags = (): string[] => {
    const count = Math.floor(random() * random() * 5);
    return Array.from({ length: count }, () => pick(random, TAGS));
  };
  const randomTagArgument = (): string | string[] => (random() < 0.7 ? pick(random, TAGS) : randomTags());

  const compareState = (context: string): void => {
    expect(sortedRemovals(removals), `${context}\n(removals)`).toEqual(sortedRemovals(model.removals));
    removals.length = 0;
    model.removals = [];
    expect(cache.size, `${context}\n(size)`).toBe(model.size);
  };

  for (let step = 0; step < steps; step++) {
    const roll = random();
    let description: string;
    let actual: unknown;
    let expected: unknown;
    const asyncRoll = mode === 'async' ? random() : 1;
    if (asyncRoll < 0.05) {
      const count = 50 + Math.floor(random() * 350);
      const tag = pick(random, TAGS);
      description = `fill ${count} keys with tag ${tag}`;
      for (let index = 0; index < count; index++) {
        const key = `fill${Math.floor(random() * 2 * maxEntries)}`;
        const value = `v${nextValue++}`;
        cache.set(key, value, { tags: [tag] });
        model.set(key, value, [tag]);
      }
    } else if (asyncRoll < 0.1) {
      const tags = randomTagArgument();
      const list = typeof tags === 'string' ? [tags] : tags;
      description = `bulkRemoveAsync(${JSON.stringify(tags)})`;
      const call: InFlight = { tags: list, expected: 0, description: `${description} at step ${step}`, settled: false };
      cache.bulkRemoveAsync(tags, { sliceMs: 0.001 }).then(
        (result) => Object.assign(call, { settled: true, result }),
        (error: unknown) => Object.assign(call, { settled: true, error }),
      );
      call.expected = model.markStale(list);
      inFlight.push(call);
    } else if (asyncRoll < 0.2) {
      const turns = 1 + Math.floor(random() * 3);
      description = `yield ${turns} turns`;
      await yieldTurns(turns);
    } else if (roll < 0.32) {
      const key = randomKey();
      const tags = randomTags();
      const ttlRoll = random();
      const value = `v${nextValue++}`;
      if (ttlRoll < 0.5 || !usesTtl) {
        description = `set(${JSON.stringify(key)}, ${value}, tags ${JSON.stringify(tags)})`;
        cache.set(key, value, { tags });
        model.set(key, value, tags);
      } else {
        const ttl = pick(random, TTLS);
        description = `set(${JSON.stringify(key)}, ${value}, tags ${JSON.stringify(tags)}, ttl ${ttl})`;
        cache.set(key, value, { tags, ttl });
        model.set(key, value, tags, ttl);
      }
    } else if (roll < 0.55) {
      const key = randomKey();
      description = `get(${JSON.stringify(key)})`;
      actual = cache.get(key);
      expected = model.get(key);
    } else if (roll < 0.61) {
      const key = randomKey();
      description = `peek(${JSON.stringify(key)})`;
      actual = cache.peek(key);
      expected = model.peek(key);
    } else if (roll < 0.66) {
      const key = randomKey();
      description = `has(${JSON.stringify(key)})`;
      actual = cache.has(key);
      expected = model.has(key);
    } else if (roll < 0.73) {
      const key = randomKey();
      description = `delete(${JSON.stringify(key)})`;
      actual = cache.delete(key);
      expected = model.delete(key);
    } else if (roll < 0.76) {
      const tags = randomTagArgument();
      description = `bulkRemove(${JSON.stringify(tags)})`;
      actual = cache.bulkRemove(tags);
      expected = model.bulkRemove(typeof tags === 'string' ? [tags] : tags);
    } else if (roll < 0.8) {
      const tags = randomTagArgument();
      description = `markStale(${JSON.stringify(tags)})`;
      actual = cache.markStale(tags);
      expected = model.markStale(typeof tags === 'string' ? [tags] : tags);
    } else if (roll < 0.82) {
      const tag = pick(random, TAGS);
      description = `countByTag(${tag}), keysByTag and tagStats`;
      actual = [
        cache.countByTag(tag),
        cache
          .keysByTag(tag)
          .map((key) => JSON.stringify(key))
          .sort(),
        cache.tagStats(tag),
      ];
      expected = [
        model.countByTag(tag),
        model
          .keysByTag(tag)
          .map((key) => JSON.stringify(key))
          .sort(),
        model.tagStats(tag),
      ];
    } else if (roll < 0.85) {
      const key = randomKey();
      description = `tagsOf(${JSON.stringify(key)})`;
      actual = cache.tagsOf(key);
      expected = model.tagsOf(key);
    } else if (roll < 0.86) {
      description = 'clear()';
      cache.clear();
      model.clear();
    } else if (roll < 0.88) {
      description = 'purgeExpired()';
      actual = cache.purgeExpired();
      expected = model.purgeExpired();
    } else {
      const advance = pick(random, [0, 0.5, 1, 2.5, 5, 20]);
      description = `advance clock by ${advance}`;
      time += advance;
    }
    log.push(description);
    const context = `seed ${seed}, step ${step}: ${description}\nlast steps:\n  ${log.slice(-12).join('\n  ')}`;
    expect(actual, context).toEqual(expected);
    compareState(context);
    expect([...cache.entries()], `${context}\n(entries)`).toEqual(model.liveEntries());
    expect(integrityOf(cache), `${context}\n(integrity check)`).toBe(0);
    if (step % 16 === 0 || step === steps - 1) {
      const { size, maxEntries: max, tags, wasmMemoryBytes, bulkRemoveLatency, staleEntries, ...counters } = cache.stats();
      expect(counters, `${context}\n(stats)`).toEqual(model.counters);
      expect(staleEntries, `${context}\n(stale entries)`).toBe(model.stale.size);
      for (const tag of TAGS) expect(cache.tagStats(tag), `${context}\n(tagStats ${tag})`).toEqual(model.tagStats(tag));
      expect(tags, `${context}\n(live tags)`).toBe(model.liveTagCount());
      expect([size, max, bulkRemoveLatency.count]).toEqual([model.size, maxEntries, model.counters.bulkRemoves]);
      expect(wasmMemoryBytes).toBeGreaterThan(0);
    }
  }

  // Every bulkRemoveAsync call finishes with its count; then nothing stale is left to purge but what the model holds.
  for (let turn = 0; inFlight.length > 0; turn++) {
    expect(turn, `seed ${seed}: bulkRemoveAsync still running after ${DRAIN_TURNS} turns`).toBeLessThan(DRAIN_TURNS);
    await yieldTurns(1);
    compareState(`seed ${seed}: draining bulkRemoveAsync calls`);
    expect(integrityOf(cache), `seed ${seed}: integrity while draining`).toBe(0);
  }
  expect(cache.purgeExpired(), `seed ${seed}: final purge`).toBe(model.purgeExpired());
  compareState(`seed ${seed}: final purge`);
  expect(cache.stats().staleEntries).toBe(0);
}
