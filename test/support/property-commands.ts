// fast-check model-based commands over the whole public API of TagCache, run
// against the reference model (model.ts). Every command compares its return
// value, then `verify` compares size, iteration order, reported removals (as
// sorted multisets), counters, the live-tag gauge and, in the debug build, the
// core's integrity check.

import fc from 'fast-check';
import { TagCache } from '../../src/tag-cache';
import { holdsKey, integrityOf } from './internals';
import { ModelCache } from './model';
import type { Key, Removal } from './types';

type Options = { tags?: string[]; ttl?: number };

/** Per-cache parameters drawn once per run. */
export interface RunConfig {
  maxEntries: number;
  /** Default TTL option of the cache; undefined: option absent. */
  defaultTtl: number | undefined;
  startTime: number;
  /** Whether the cache has an onRemove callback (without one it takes its no-report fast paths). */
  listen: boolean;
  /** The tagSeparator option; undefined: flat tags. */
  tagSeparator: string | undefined;
  /**
   * The policy option; undefined: absent ('lru'). Under 'tinylfu' the model's LRU order does not
   * apply: runs use a maxEntries no key set exceeds, and entries are compared as a set.
   */
  policy?: 'lru' | 'tinylfu';
}

export interface ModelState {
  model: ModelCache;
}

export interface RealState {
  cache: TagCache<Key, unknown>;
  removals: Removal[];
  clock: { time: number };
  nextValue: number;
  listening: boolean;
  /** Whether iteration order is the model's (LRU); under 'tinylfu' only the set of entries is. */
  lruOrder: boolean;
}

/** Commands executed (and verified) so far, for the budget check. */
export const progress = { commands: 0 };

export const KEYS: readonly Key[] = ['a', 'b', 'c', 'd', 'e', '', '0', 0, -0, 1, 2, 0.5, -7, Infinity];
export const TAGS: readonly string[] = ['t0', 't1', 't2', 't3', 'π', 'a', 'a/b', 'a/b/c', '/x'];
const ABSENT_TAG = 'never-used';

// ---- arbitraries ----------------------------------------------------------

const keyArb = fc.constantFrom(...KEYS);
const tagArb = fc.constantFrom(...TAGS);
const queryTagArb = fc.constantFrom(...TAGS, ABSENT_TAG);
/** Tag lists with duplicates allowed. */
const tagsArb = fc.array(tagArb, { maxLength: 5 });
/** TTLs: 0 (no expiry), Infinity, common and arbitrary fractional values. */
const ttlArb = fc.oneof(fc.constantFrom(0, Infinity, 0.5, 1, 2.5, 3, 10), fc.double({ min: 0, max: 40, noNaN: true }));
const optionsArb: fc.Arbitrary<Options | undefined> = fc.option(fc.record({ tags: tagsArb, ttl: ttlArb }, { requiredKeys: [] }), {
  nil: undefined,
});
const advanceArb = fc.oneof(fc.constantFrom(0, 0.5, 1, 2.5, 5, 20), fc.double({ min: 0, max: 30, noNaN: true }));

export const configArb: fc.Arbitrary<RunConfig> = fc.record({
  maxEntries: fc.constantFrom(1, 2, 3, 5, 8),
  defaultTtl: fc.constantFrom(undefined, 0, 3, 7.5),
  startTime: fc.constantFrom(0, 1000, 1e12),
  listen: fc.boolean(),
  tagSeparator: fc.constantFrom(undefined, '/'),
});

/** configArb for 'tinylfu': room for every key (13 distinct), so no eviction depends on the policy. */
export const tinyLfuConfigArb: fc.Arbitrary<RunConfig> = fc.record({
  maxEntries: fc.constantFrom(13, 14, 20),
  defaultTtl: fc.constantFrom(undefined, 0, 3, 7.5),
  startTime: fc.constantFrom(0, 1000, 1e12),
  listen: fc.boolean(),
  tagSeparator: fc.constantFrom(undefined, '/'),
  policy: fc.constant('tinylfu' as const),
});

/** Entries in a canonical order, for comparing sets. */
function sortedEntries(entries: readonly (readonly [Key, unknown])[]): string[] {
  return entries.map(([key, value]) => `${typeof key}:${show(key)}=${show(value)}`).sort();
}

// ---- comparison helpers ----------------------------------------------------

/** Unambiguous text of keys, values, options and results (-0, Infinity and undefined included). */
function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value)
      .map(([name, item]) => `${name}: ${show(item)}`)
      .join(', ')} }`;
  }
  return String(value);
}

/** Deep equality with Object.is on primitives (so 0 and -0 differ, NaN equals NaN). */
function same(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.length === expected.length && actual.every((item, index) => same(item, expected[index]));
  }
  return Object.is(actual, expected);
}

function expectSame(actual: unknown, expected: unknown, what: string): void {
  if (!same(actual, expected)) throw new Error(`${what}: cache gave ${show(actual)}, model expects ${show(expected)}`);
}

/**
 * A removal as a string. The cache must report keys as stored (never -0); the
 * model reports a dropped key as it was looked up, so only its -0 becomes 0.
 */
function removalText([key, value, reason]: Removal, normalize: boolean): string {
  return `${typeof key}:${show(normalize && key === 0 ? 0 : key)} ${show(value)} ${reason}`;
}

function sortedKeys(keys: readonly Key[]): string[] {
  return keys.map((key) => `${typeof key}:${show(key)}`).sort();
}

/** Everything checked after every command. */
function verify(m: ModelState, r: RealState, what: string): void {
  const { model } = m;
  const { cache } = r;
  if (r.listening) {
    const actual = r.removals.map((removal) => removalText(removal, false)).sort();
    expectSame(actual, model.removals.map((removal) => removalText(removal, true)).sort(), `${what}: removals`);
  }
  r.removals.length = 0;
  model.removals = [];
  expectSame(cache.size, model.size, `${what}: size`);
  if (r.lruOrder) expectSame([...cache.entries()], model.liveEntries(), `${what}: entries`);
  else expectSame(sortedEntries([...cache.entries()]), sortedEntries(model.liveEntries()), `${what}: entries`);
  const { hits, misses, sets, deletes, evictions, expirations, bulkRemoves, removedByTag, removedStale, staleEntries, tags, size } =
    cache.stats();
  const counters = model.counters;
  expectSame(
    [hits, misses, sets, deletes, evictions, expirations, bulkRemoves, removedByTag, removedStale, staleEntries, tags, size],
    [
      counters.hits,
      counters.misses,
      counters.sets,
      counters.deletes,
      counters.evictions,
      counters.expirations,
      counters.bulkRemoves,
      counters.removedByTag,
      counters.removedStale,
      model.stale.size,
      model.liveTagCount(),
      model.size,
    ],
    `${what}: stats [hits, misses, sets, deletes, evictions, expirations, bulkRemoves, removedByTag, removedStale, ` +
      'staleEntries, tags, size]',
  );
  expectSame(integrityOf(cache), 0, `${what}: integrity check`);
  progress.commands++;
}

/** Creates the model and the cache of one run, sharing one injected clock. */
export function setup(config: RunConfig): { model: ModelState; real: RealState } {
  const clock = { time: config.startTime };
  const now = (): number => clock.time;
  const removals: Removal[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries: config.maxEntries,
    ttl: config.defaultTtl,
    now,
    onRemove: config.listen ? (key, value, reason) => removals.push([key, value, reason]) : undefined,
    tagSeparator: config.tagSeparator,
    ...(config.policy !== undefined && { policy: config.policy }),
  });
  if (cache.maxEntries !== config.maxEntries) throw new Error('maxEntries differs');
  const model = new ModelCache(config.maxEntries, config.defaultTtl ?? 0, now, (key) => holdsKey(cache, key), config.tagSeparator);
  const lruOrder = config.policy !== 'tinylfu';
  return { model: { model }, real: { cache, removals, clock, nextValue: 0, listening: config.listen, lruOrder } };
}

// ---- commands ---------------------------------------------------------------

abstract class Base implements fc.Command<ModelState, RealState> {
  check(): boolean {
    return true;
  }
  abstract act(m: ModelState, r: RealState): [unknown, unknown];
  abstract toString(): string;
  run(m: ModelState, r: RealState): void {
    const [actual, expected] = this.act(m, r);
    expectSame(actual, expected, `${this.toString()}: result`);
    verify(m, r, this.toString());
  }
}

class SetCommand extends Base {
  constructor(
    readonly key: Key,
    readonly options: Options | undefined,
  ) {
    super();
  }
  act({ model }: ModelState, r: RealState): [unknown, unknown] {
    const value = `v${r.nextValue++}`;
    const returned = this.options === undefined ? r.cache.set(this.key, value) : r.cache.set(this.key, value, this.options);
    model.set(this.key, value, this.options?.tags, this.options?.ttl);
    return [returned === r.cache, true];
  }
  toString(): string {
    return `set(${show(this.key)}${this.options === undefined ? '' : `, ${show(this.options)}`})`;
  }
}

class KeyCommand extends Base {
  constructor(
    readonly method: 'get' | 'peek' | 'has' | 'delete' | 'tagsOf',
    readonly key: Key,
  ) {
    super();
  }
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    switch (this.method) {
      case 'get':
        return [cache.get(this.key), model.get(this.key)];
      case 'peek':
        return [cache.peek(this.key), model.peek(this.key)];
      case 'has':
        return [cache.has(this.key), model.has(this.key)];
      case 'delete':
        return [cache.delete(this.key), model.delete(this.key)];
      case 'tagsOf':
        return [cache.tagsOf(this.key), model.tagsOf(this.key)];
    }
  }
  toString(): string {
    return `${this.method}(${show(this.key)})`;
  }
}

class BulkRemoveCommand extends Base {
  constructor(readonly tags: string | string[]) {
    super();
  }
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    const removed = cache.bulkRemove(this.tags);
    return [removed, model.bulkRemove(typeof this.tags === 'string' ? [this.tags] : this.tags)];
  }
  toString(): string {
    return `bulkRemove(${show(this.tags)})`;
  }
}

class MarkStaleCommand extends Base {
  constructor(readonly tags: string | string[]) {
    super();
  }
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    return [cache.markStale(this.tags), model.markStale(typeof this.tags === 'string' ? [this.tags] : this.tags)];
  }
  toString(): string {
    return `markStale(${show(this.tags)})`;
  }
}

class TagQueryCommand extends Base {
  constructor(
    readonly method: 'countByTag' | 'keysByTag' | 'tagStats',
    readonly tag: string,
  ) {
    super();
  }
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    if (this.method === 'countByTag') return [cache.countByTag(this.tag), model.countByTag(this.tag)];
    if (this.method === 'tagStats') {
      const { entries, hits, misses, removed } = cache.tagStats(this.tag);
      const expected = model.tagStats(this.tag);
      return [
        [entries, hits, misses, removed],
        [expected.entries, expected.hits, expected.misses, expected.removed],
      ];
    }
    return [sortedKeys(cache.keysByTag(this.tag)), sortedKeys(model.keysByTag(this.tag))];
  }
  toString(): string {
    return `${this.method}(${show(this.tag)})`;
  }
}

class ClearCommand extends Base {
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    cache.clear();
    model.clear();
    return [cache.size, 0];
  }
  toString(): string {
    return 'clear()';
  }
}

class PurgeExpiredCommand extends Base {
  act({ model }: ModelState, { cache }: RealState): [unknown, unknown] {
    return [cache.purgeExpired(), model.purgeExpired()];
  }
  toString(): string {
    return 'purgeExpired()';
  }
}

/** keys(), values() and the default iterator agree with the model's live entries. */
class IterateCommand extends Base {
  act({ model }: ModelState, { cache, lruOrder }: RealState): [unknown, unknown] {
    const live = model.liveEntries();
    if (!lruOrder) {
      // 'tinylfu' iterates window, probation, protected: the same set, and keys/values/entries agree with each other.
      const entries = [...cache];
      return [
        [sortedEntries(entries), [...cache.keys()], [...cache.values()]],
        [sortedEntries(live), entries.map(([key]) => key), entries.map(([, value]) => value)],
      ];
    }
    return [
      [[...cache.keys()], [...cache.values()], [...cache]],
      [live.map(([key]) => key), live.map(([, value]) => value), live],
    ];
  }
  toString(): string {
    return 'iterate()';
  }
}

class AdvanceClockCommand extends Base {
  constructor(readonly ms: number) {
    super();
  }
  act(_m: ModelState, r: RealState): [unknown, unknown] {
    r.clock.time += this.ms; // the model reads the same clock
    return [true, true];
  }
  toString(): string {
    return `advance(${show(this.ms)})`;
  }
}

/** One weighted arbitrary over every command (fc.commands would draw them uniformly). */
export function commandArbitraries(): fc.Arbitrary<fc.Command<ModelState, RealState>>[] {
  const keyed = (method: KeyCommand['method']) => keyArb.map((key) => new KeyCommand(method, key));
  const weighted = (weight: number, arbitrary: fc.Arbitrary<fc.Command<ModelState, RealState>>) => ({ weight, arbitrary });
  return [
    fc.oneof(
      weighted(
        12,
        fc.tuple(keyArb, optionsArb).map(([key, options]) => new SetCommand(key, options)),
      ),
      weighted(8, keyed('get')),
      weighted(2, keyed('peek')),
      weighted(2, keyed('has')),
      weighted(3, keyed('delete')),
      weighted(2, keyed('tagsOf')),
      weighted(
        3,
        fc.oneof(queryTagArb, fc.array(queryTagArb, { maxLength: 4 })).map((tags) => new BulkRemoveCommand(tags)),
      ),
      weighted(
        2,
        queryTagArb.map((tag) => new TagQueryCommand('countByTag', tag)),
      ),
      weighted(
        2,
        queryTagArb.map((tag) => new TagQueryCommand('keysByTag', tag)),
      ),
      weighted(
        2,
        queryTagArb.map((tag) => new TagQueryCommand('tagStats', tag)),
      ),
      weighted(
        3,
        fc.oneof(queryTagArb, fc.array(queryTagArb, { maxLength: 4 })).map((tags) => new MarkStaleCommand(tags)),
      ),
      weighted(
        1,
        fc.constant(null).map(() => new ClearCommand()),
      ),
      weighted(
        2,
        fc.constant(null).map(() => new PurgeExpiredCommand()),
      ),
      weighted(
        1,
        fc.constant(null).map(() => new IterateCommand()),
      ),
      weighted(
        5,
        advanceArb.map((ms) => new AdvanceClockCommand(ms)),
      ),
    ),
  ];
}
