// Runs a seeded random sequence of set / get / delete / bulkRemove / clear /
// getOrSet (with the refresh window, staleWhileRevalidate) on the cache and on two namespaces,
// with loads settled in random order and sometimes invalidated while they run,
// against the reference models (feature-model.ts). After every step it compares
// every caller's outcome, the loader calls, removals, entries in order, the
// total size, namespace stats, counters and the core's integrity.

import { expect } from 'vitest';
import { TagCache } from '../../src/tag-cache';
import { encodeKey, scopePrefix } from '../../src/read-through/scopes';
import type { GetOrSetOptions, SetOptions } from '../../src/types';
import { integrityOf } from './internals';
import { controlledLoader, type Outcome, settled, track } from './deferred';
import { type ModelCaller, ModelLoads, WeightedModel } from './feature-model';
import { pick, seededRandom } from './random';
import type { Key, Removal } from './types';

/** What the cache and a namespace have in common. */
interface Target {
  set(key: Key, value: unknown, options?: SetOptions): unknown;
  get(key: Key): unknown;
  delete(key: Key): boolean;
  getOrSet(key: Key, loader: (key: Key) => Promise<unknown>, options?: GetOrSetOptions): Promise<unknown>;
}

interface Scope {
  /** undefined: the cache itself. */
  name: string | undefined;
  /** The namespace's ttl option. */
  ttl: number | undefined;
  target: Target;
  modelKey(key: Key): Key;
  tag: string | undefined;
  hits: number;
  misses: number;
}

const TAGS = ['t0', 't1', 't2'];
const KEYS: Key[] = ['a', 'b', 'c', 'd', 1, 2];
const MAX_ENTRIES = [2, 3, 5, 8, 30];
const MAX_SIZES = [undefined, 8, 12, 20, 40];
const GET_OR_SET_TTLS = [undefined, undefined, 0, 2, 5, 10];
const WINDOWS = [undefined, undefined, 0, 1.5, 4];
const sizeOf = (value: unknown): number => String(value).length;
const sortedRemovals = (removals: readonly Removal[]): string[] => removals.map((removal) => JSON.stringify(removal)).sort();

/** Runs `steps` random operations from `seed`; throws (via expect) at the first divergence. */
export async function runFeatureSequence(seed: number, steps: number): Promise<void> {
  const random = seededRandom(seed);
  let time = 1000;
  const clock = (): number => time;
  const maxEntries = pick(random, MAX_ENTRIES);
  const maxSize = pick(random, MAX_SIZES);
  const defaultTtl = random() < 0.25 ? pick(random, [3, 7.5]) : 0;
  const removals: Removal[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries,
    ttl: defaultTtl === 0 ? undefined : defaultTtl,
    now: clock,
    onRemove: (key, value, reason) => removals.push([key, value, reason]),
    ...(maxSize !== undefined && { maxSize, sizeOf }),
  });
  const model = new WeightedModel(maxEntries, defaultTtl, clock, maxSize, sizeOf);
  const loads = new ModelLoads();
  const { loader, calls } = controlledLoader<Key, unknown>();
  const callers: { real: Outcome<unknown>; model: ModelCaller; description: string }[] = [];
  const scope = (name: string | undefined, ttl: number | undefined): Scope => {
    const tag = name === undefined ? undefined : `ns:${name}`;
    const prefix = tag === undefined ? '' : scopePrefix(tag);
    return {
      name,
      ttl,
      tag,
      hits: 0,
      misses: 0,
      target: name === undefined ? cache : cache.namespace(name, { ttl }),
      modelKey: (key) => (tag === undefined ? key : encodeKey(prefix, key)),
    };
  };
  const scopes = [scope(undefined, undefined), scope('users', undefined), scope('sessions', 4)];
  const allTags = [...TAGS, 'ns:users', 'ns:sessions'];
  let nextValue = 0;
  const log: string[] = [];

  const randomValue = (): string => (random() < 0.2 ? `long${nextValue++}-${'x'.repeat(Math.floor(random() * 12))}` : `v${nextValue++}`);
  const randomTags = (): string[] => Array.from({ length: Math.floor(random() * random() * 4) }, () => pick(random, TAGS));
  const withScopeTag = (target: Scope, tags: string[]): string[] => (target.tag === undefined ? tags : [...tags, target.tag]);
  /** The TTL an entry of this scope gets: the call's, else the namespace's, else the cache's. */
  const ttlFor = (target: Scope, ttl: number | undefined): number => ttl ?? target.ttl ?? defaultTtl;
  /** The model's side of getOrSet: a hit (maybe starting a background reload), or a wait for a load. */
  const modelGetOrSet = (target: Scope, modelKey: Key, options: GetOrSetOptions & { tags: string[] }): ModelCaller => {
    const ttl = ttlFor(target, options.ttl);
    const expires = ttl > 0 && ttl !== Infinity;
    const window = expires ? (options.staleWhileRevalidate ?? 0) : 0;
    const lifetime = expires ? ttl + window : 0;
    const tags = withScopeTag(target, options.tags);
    const value = model.get(modelKey);
    if (value !== undefined) {
      target.hits++;
      const remaining = model.remaining(modelKey);
      if (window > 0 && loads.live(modelKey) === undefined && remaining !== undefined && remaining <= window) {
        loads.start(modelKey, tags, lifetime);
      }
      return { status: 'fulfilled', value };
    }
    target.misses++;
    const caller: ModelCaller = { status: 'pending' };
    (loads.live(modelKey) ?? loads.start(modelKey, tags, lifetime)).callers.push(caller);
    return caller;
  };

  for (let step = 0; step < steps; step++) {
    const target = pick(random, scopes);
    const key = pick(random, KEYS);
    const modelKey = target.modelKey(key);
    const where = `${target.name ?? 'cache'}.`;
    const roll = random();
    let description: string;
    let actual: unknown;
    let expected: unknown;
    if (roll < 0.18) {
      const value = randomValue();
      const tags = randomTags();
      const ttl = random() < 0.5 ? undefined : pick(random, [0, 2, 5]);
      description = `${where}set(${JSON.stringify(key)}, ${value}, ${JSON.stringify({ tags, ttl })})`;
      if (model.tooLarge(value)) {
        expect(() => target.target.set(key, value, { tags, ttl }), description).toThrow(RangeError);
      } else {
        target.target.set(key, value, { tags, ttl });
        loads.invalidateKey(modelKey);
        model.set(modelKey, value, withScopeTag(target, tags), ttlFor(target, ttl));
      }
    } else if (roll < 0.34) {
      description = `${where}get(${JSON.stringify(key)})`;
      actual = target.target.get(key);
      expected = model.get(modelKey);
      if (expected === undefined) target.misses++;
      else target.hits++;
    } else if (roll < 0.42) {
      description = `${where}delete(${JSON.stringify(key)})`;
      actual = target.target.delete(key);
      loads.invalidateKey(modelKey);
      expected = model.delete(modelKey);
    } else if (roll < 0.48) {
      const tags = random() < 0.6 ? [pick(random, allTags)] : [pick(random, allTags), pick(random, allTags)];
      description = `bulkRemove(${JSON.stringify(tags)})`;
      actual = cache.bulkRemove(tags);
      loads.invalidateTags(tags);
      expected = model.bulkRemove(tags);
    } else if (roll < 0.51) {
      const namespace = pick(random, scopes.slice(1));
      description = `${namespace.name!}.clear()`;
      actual = cache.namespace(namespace.name!).clear();
      loads.invalidateTags([namespace.tag!]);
      expected = model.bulkRemove([namespace.tag!]);
    } else if (roll < 0.52) {
      description = 'clear()';
      cache.clear();
      loads.invalidateAll();
      model.clear();
    } else if (roll < 0.72) {
      const tags = randomTags();
      const options = { tags, ttl: pick(random, GET_OR_SET_TTLS), staleWhileRevalidate: pick(random, WINDOWS) };
      description = `${where}getOrSet(${JSON.stringify(key)}, ${JSON.stringify(options)})`;
      const real = track(target.target.getOrSet(key, loader, options));
      callers.push({ real, model: modelGetOrSet(target, modelKey, options), description });
    } else if (roll < 0.9) {
      const pending = loads.pending();
      if (pending.length === 0) {
        description = 'no load to settle';
      } else {
        const index = pick(random, pending);
        const load = loads.all[index]!;
        load.settled = true;
        if (random() < 0.2) {
          description = `load ${index} of ${JSON.stringify(load.key)} rejects`;
          calls[index]!.result.reject(new Error(description));
          for (const caller of load.callers) caller.status = 'rejected';
        } else {
          const value = randomValue();
          description = `load ${index} of ${JSON.stringify(load.key)} resolves ${value}${load.stale ? ' (stale)' : ''}`;
          calls[index]!.result.resolve(value);
          const storeFails = !load.stale && model.tooLarge(value);
          if (!load.stale && !storeFails) model.set(load.key, value, load.tags, load.lifetime);
          for (const caller of load.callers) Object.assign(caller, storeFails ? { status: 'rejected' } : { status: 'fulfilled', value });
        }
      }
    } else {
      const advance = pick(random, [0, 0.5, 1, 2.5, 5]);
      description = `advance clock by ${advance}`;
      time += advance;
    }

    await settled();
    log.push(description);
    const context = `seed ${seed}, step ${step}: ${description}\nlast steps:\n  ${log.slice(-15).join('\n  ')}`;
    expect(actual, context).toEqual(expected);
    expect(calls.length, `${context}\n(loader calls)`).toBe(loads.all.length);
    for (const caller of callers) {
      const { status, value } = caller.real;
      expect({ status, value }, `${context}\n(caller ${caller.description})`).toEqual({
        status: caller.model.status,
        value: caller.model.value,
      });
    }
    expect(sortedRemovals(removals), `${context}\n(removals)`).toEqual(sortedRemovals(model.removals));
    removals.length = 0;
    model.removals = [];
    expect([...cache.entries()], `${context}\n(entries)`).toEqual(model.liveEntries());
    expect([cache.size, cache.stats().totalSize], `${context}\n(size, totalSize)`).toEqual([
      model.size,
      maxSize === undefined ? undefined : model.totalSize,
    ]);
    for (const namespace of scopes.slice(1)) {
      const expectedStats = { hits: namespace.hits, misses: namespace.misses, size: model.countByTag(namespace.tag!) };
      expect(cache.namespace(namespace.name!).stats(), `${context}\n(${namespace.name!} stats)`).toEqual(expectedStats);
    }
    expect(integrityOf(cache), `${context}\n(integrity check)`).toBe(0);
    if (step % 8 === 0) {
      const { hits, misses, sets, deletes, evictions, expirations, bulkRemoves, removedByTag, removedStale } = cache.stats();
      expect(
        { hits, misses, sets, deletes, evictions, expirations, bulkRemoves, removedByTag, removedStale },
        `${context}\n(stats)`,
      ).toEqual(model.counters);
    }
  }
}
