/** The options of `TieredCache`, their defaults and their checks. */
import type { TagCache } from '../../tag-cache';
import { checkInteger, checkName, checkOptionsObject } from '../../sync/option-checks';
import { checkKnownOptions, checkObject, checkOptionalBoolean, checkTagsOption } from '../../validate';
import { classifyClient, type RedisClientHandle } from '../connection';
import { jsonSerializer, type TieredSerializer } from './codec';

/** Options of {@link TieredCache}. Times are in milliseconds. */
export interface TieredCacheOptions<K extends string | number, V> {
  /** The first level: a `TagCache` of this process. The tier uses its public methods only. */
  local: TagCache<K, V>;
  /** A connected node-redis (v5 or later) or ioredis 5 client. The tier never closes it. */
  redis: unknown;
  /**
   * The start of every Redis key the tier writes (values, tag indexes, generations, the bus stream).
   * In a Redis Cluster it must hold a hash tag, e.g. `'{catalog}:'`, so every key is in one slot.
   */
  prefix: string;
  /** Default TTL of both levels: a positive whole number of ms (values in Redis always expire). */
  ttl: number;
  /** Turns values into strings and back. Default: JSON, refusing values JSON would not return unchanged. */
  serializer?: TieredSerializer<V>;
  /**
   * Propagate L1 invalidations to the other instances with `syncCache` over a Redis stream at
   * `<prefix>bus` (default true). Until that bus is connected, L1 is bypassed. With false, L1 copies
   * on other instances are not told of invalidations (they live until their TTL).
   */
  sync?: boolean;
  /** Throw Redis failures at the caller instead of falling back to L1 and the loader (default false). */
  strict?: boolean;
  /** Deadline of every Redis call; a late call counts as a failure. Default 250. */
  l2TimeoutMs?: number;
  /**
   * Longest load whose value may still be stored in Redis; a delete's tombstone lives this long, so
   * any load that started before a delete is refused. Default 60,000.
   */
  guardMs?: number;
  /**
   * A cross-instance load lock: on a miss in both levels one instance loads (`SET NX PX`) while the
   * others poll Redis for its value, up to `waitMs` (default 500), then load themselves. The lock
   * expires after `ttlMs` (default 5,000) if its holder dies. Off by default.
   */
  lock?:
    | boolean
    | {
        /** How long a miss waits for another instance's load before loading itself (ms, default 500). */
        waitMs?: number;
        /** How long a lock lives if its holder never releases it (ms, default 5,000). */
        ttlMs?: number;
      };
  /**
   * The `tagSeparator` of `local`, if it has one (the tier cannot read it from the cache): a value's
   * tags are then stored in Redis with all their levels, so `markStale('src')` and `bulkRemove('src')`
   * cover `src/a.ts` in Redis as they do in L1. Must be the same as `local`'s.
   */
  tagSeparator?: string;
  /** Hears every Redis failure (each is also counted in `stats().l2.errors`); thrown at callers only with `strict`. */
  onError?: (error: unknown) => void;
  /** Invalidations queued while Redis is unreachable before the tier falls back to bumping the epoch. Default 10,000. */
  maxPending?: number;
}

/** The checked options with defaults applied. */
export interface ResolvedTieredOptions<K extends string | number, V> {
  local: TagCache<K, V>;
  handle: RedisClientHandle;
  prefix: string;
  ttl: number;
  serializer: TieredSerializer<V>;
  sync: boolean;
  strict: boolean;
  l2TimeoutMs: number;
  guardMs: number;
  maxPending: number;
  lock: { waitMs: number; ttlMs: number } | undefined;
  onError: ((error: unknown) => void) | undefined;
  tagSeparator: string | undefined;
}

const HOUR = 3_600_000;
const KNOWN_OPTIONS = [
  'local',
  'redis',
  'prefix',
  'ttl',
  'serializer',
  'sync',
  'strict',
  'l2TimeoutMs',
  'guardMs',
  'maxPending',
  'lock',
  'onError',
  'tagSeparator',
];

function checkOptionalCallback(value: unknown, name: string): ((error: unknown) => void) | undefined {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`taglru: ${name} must be a function`);
  return value as ((error: unknown) => void) | undefined;
}

function checkLock(lock: unknown): { waitMs: number; ttlMs: number } | undefined {
  if (lock === undefined || lock === false) return undefined;
  const given = lock === true ? {} : checkOptionsObject(lock, 'options.lock', true);
  checkKnownOptions(given, ['waitMs', 'ttlMs'], 'options.lock');
  return {
    waitMs: checkInteger(given.waitMs, 'options.lock.waitMs', 0, HOUR, 500),
    ttlMs: checkInteger(given.ttlMs, 'options.lock.ttlMs', 1, HOUR, 5_000),
  };
}
const LOCAL_METHODS = ['get', 'getOrSet', 'set', 'delete', 'bulkRemove', 'markStale', 'markAllStale', 'addInvalidationListener'];

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
  );
}

/** Checks `options`, throwing a TypeError or RangeError that names the offending option. */
export function resolveTieredOptions<K extends string | number, V>(options: unknown): ResolvedTieredOptions<K, V> {
  const given = checkOptionsObject(options, 'options', true);
  checkKnownOptions(given, KNOWN_OPTIONS, 'options');
  if (!hasMethods(given.local, LOCAL_METHODS)) throw new TypeError('taglru: options.local must be a TagCache');
  if (given.serializer !== undefined && !hasMethods(given.serializer, ['serialize', 'deserialize'])) {
    throw new TypeError('taglru: options.serializer must be an object with serialize and deserialize functions');
  }
  let handle: RedisClientHandle;
  try {
    handle = classifyClient(given.redis);
  } catch {
    throw new TypeError('taglru: options.redis must be a node-redis (v5 or later) or ioredis client');
  }
  return {
    local: given.local as TagCache<K, V>,
    handle,
    prefix: checkName(given.prefix, 'options.prefix'),
    ttl: checkInteger(given.ttl ?? null, 'options.ttl', 1, 365 * 24 * HOUR, 0),
    serializer: (given.serializer as TieredSerializer<V> | undefined) ?? (jsonSerializer as TieredSerializer<V>),
    sync: given.sync === undefined ? true : checkOptionalBoolean(given.sync, 'options.sync'),
    strict: checkOptionalBoolean(given.strict, 'options.strict'),
    l2TimeoutMs: checkInteger(given.l2TimeoutMs, 'options.l2TimeoutMs', 1, HOUR, 250),
    guardMs: checkInteger(given.guardMs, 'options.guardMs', 1, 24 * HOUR, 60_000),
    maxPending: checkInteger(given.maxPending, 'options.maxPending', 1, 10_000_000, 10_000),
    lock: checkLock(given.lock),
    onError: checkOptionalCallback(given.onError, 'options.onError'),
    tagSeparator: given.tagSeparator === undefined ? undefined : checkName(given.tagSeparator, 'options.tagSeparator'),
  };
}

/** Options of {@link TieredCache.set} and {@link TieredCache.getOrSet}. */
export interface TieredSetOptions {
  /** Tags of the entry, in both levels. */
  tags?: readonly string[];
  /** TTL in ms (a positive integer); default the tier's `ttl`. */
  ttl?: number;
}

/** Options of {@link TieredCache.bulkRemove}. */
export interface TieredBulkRemoveOptions {
  /** Return once the tags' generations are bumped (no instance can use those values any more); delete the keys after. */
  background?: boolean;
}

/** One tag or several, as a list. */
export function normalizeTags(tags: string | readonly string[]): readonly string[] {
  return typeof tags === 'string' ? [tags] : tags;
}

/** `tags` with every level each implies under `separator` (`a/b/c` gives `a`, `a/b`, `a/b/c`; empty levels left out). */
function withLevels(tags: readonly string[], separator: string | undefined): readonly string[] {
  if (separator === undefined) return tags;
  const all = new Set<string>();
  for (const tag of tags) {
    const parts = tag.split(separator);
    for (let end = 1; end <= parts.length; end++) {
      const level = parts.slice(0, end).join(separator);
      if (level.length > 0) all.add(level);
    }
  }
  return [...all];
}

/**
 * Checks the options of set and getOrSet: known names, tags, a positive whole TTL (default
 * `defaultTtl`). The tags come back with their levels when there is a `separator`.
 */
export function checkTierSetOptions(
  options: TieredSetOptions | undefined,
  defaultTtl: number,
  separator: string | undefined,
): { tags: readonly string[]; ttl: number } {
  if (options === undefined) return { tags: [], ttl: defaultTtl };
  checkObject(options, 'options');
  checkKnownOptions(options, ['tags', 'ttl'], 'options');
  const ttl = options.ttl ?? defaultTtl;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1) {
    throw new RangeError(`taglru: options.ttl must be a positive whole number of milliseconds, got ${String(ttl)}`);
  }
  return { tags: withLevels(checkTagsOption(options) ?? [], separator), ttl };
}
