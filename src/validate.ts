// Argument checks. Each throws before the cache changes, naming the argument.

import { MAX_ENTRIES } from './core/layout';

const PREFIX = 'taglru: ';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  return typeof value;
}

/** A key is a string or a non-NaN number. */
export function checkKey(key: unknown, name = 'key'): asserts key is string | number {
  if (typeof key === 'string') return;
  // biome-ignore lint/suspicious/noSelfCompare: the cheapest NaN test, on every get and set of a number key
  if (typeof key === 'number' && key === key) return;
  throw new TypeError(`${PREFIX}${name} must be a string or a number other than NaN, got ${describe(key)}`);
}

export function checkValue(value: unknown, name = 'value'): void {
  if (value === undefined) throw new TypeError(`${PREFIX}${name} must not be undefined (use delete to remove a key)`);
}

/** A tag is a non-empty string. */
export function checkTag(tag: unknown, name: string): asserts tag is string {
  if (typeof tag !== 'string' || tag.length === 0) {
    throw new TypeError(`${PREFIX}${name} must be a non-empty string, got ${describe(tag)}`);
  }
}

/** An array of tags, as set accepts. */
export function checkTagArray(tags: unknown, name: string): asserts tags is readonly string[] {
  if (!Array.isArray(tags)) throw new TypeError(`${PREFIX}${name} must be an array of strings, got ${describe(tags)}`);
  for (let index = 0; index < tags.length; index++) checkTag(tags[index], `${name}[${index}]`);
}

/** A tag or an array of tags, as bulkRemove accepts. */
export function checkTagOrTags(tags: unknown, name: string): asserts tags is string | readonly string[] {
  if (typeof tags === 'string') checkTag(tags, name);
  else if (Array.isArray(tags)) checkTagArray(tags, name);
  else throw new TypeError(`${PREFIX}${name} must be a string or an array of strings, got ${describe(tags)}`);
}

/** `options.tags` of set-like calls (set, getOrSet): an array of tags, or undefined. */
export function checkTagsOption(options: { readonly tags?: unknown }): readonly string[] | undefined {
  if (options.tags === undefined) return undefined;
  checkTagArray(options.tags, 'options.tags');
  return options.tags;
}

/** `options.ttl` of set-like calls, or `defaultTtl` when absent. */
export function checkTtlOption(options: { readonly ttl?: unknown }, defaultTtl: number): number {
  return options.ttl === undefined ? defaultTtl : checkTtl(options.ttl, 'options.ttl');
}

/** A TTL in ms: 0 (no expiry), a positive number or Infinity. */
export function checkTtl(ttl: unknown, name: string): number {
  if (typeof ttl !== 'number') throw new TypeError(`${PREFIX}${name} must be a number of milliseconds, got ${describe(ttl)}`);
  if (!(ttl >= 0)) throw new RangeError(`${PREFIX}${name} must be >= 0 (0 means no expiry), got ${describe(ttl)}`);
  return ttl;
}

/** A finite duration in ms, >= 0. */
export function checkDuration(ms: unknown, name: string): number {
  if (typeof ms !== 'number') throw new TypeError(`${PREFIX}${name} must be a number of milliseconds, got ${describe(ms)}`);
  if (!(ms >= 0) || ms === Infinity) throw new RangeError(`${PREFIX}${name} must be a finite number >= 0, got ${describe(ms)}`);
  return ms;
}

/** The eviction policies, by the id the core's init takes. */
export const POLICIES = ['lru', 'tinylfu'] as const;

/** The `policy` option: its id for the core (0 'lru' when absent). @throws TypeError naming the option. */
export function checkPolicy(policy: unknown): number {
  if (policy === undefined) return 0;
  const id = POLICIES.indexOf(policy as (typeof POLICIES)[number]);
  if (id < 0) throw new TypeError(`${PREFIX}options.policy must be 'lru' or 'tinylfu', got ${describe(policy)}`);
  return id;
}

export function checkMaxEntries(maxEntries: unknown): number {
  if (typeof maxEntries !== 'number') {
    throw new TypeError(`${PREFIX}options.maxEntries must be a number, got ${describe(maxEntries)}`);
  }
  if (!Number.isInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_ENTRIES) {
    throw new RangeError(`${PREFIX}options.maxEntries must be an integer from 1 to ${MAX_ENTRIES}, got ${describe(maxEntries)}`);
  }
  return maxEntries;
}

/** An optional boolean option: false when absent. */
export function checkOptionalBoolean(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new TypeError(`${PREFIX}${name} must be a boolean, got ${describe(value)}`);
  return value;
}

export function checkOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${PREFIX}${name} must be a function, got ${describe(value)}`);
  }
}

/** A required callback. */
export function checkFunction(value: unknown, name: string): void {
  if (typeof value !== 'function') throw new TypeError(`${PREFIX}${name} must be a function, got ${describe(value)}`);
}

/** maxSize: a positive safe integer. */
export function checkMaxSize(maxSize: unknown): number {
  if (typeof maxSize !== 'number') throw new TypeError(`${PREFIX}options.maxSize must be a number, got ${describe(maxSize)}`);
  if (!Number.isSafeInteger(maxSize) || maxSize < 1) {
    throw new RangeError(`${PREFIX}options.maxSize must be a positive safe integer, got ${describe(maxSize)}`);
  }
  return maxSize;
}

/** What sizeOf returned for an entry: a safe integer from 0 to maxSize. */
export function checkEntrySize(size: unknown, maxSize: number): number {
  if (typeof size !== 'number') throw new TypeError(`${PREFIX}options.sizeOf must return a number, returned ${describe(size)}`);
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(`${PREFIX}options.sizeOf must return a safe integer >= 0, returned ${describe(size)}`);
  }
  if (size > maxSize) {
    throw new RangeError(`${PREFIX}the entry's size (options.sizeOf) is ${size}, more than options.maxSize ${maxSize}`);
  }
  return size;
}

/** The name of a namespace or memoized function: a non-empty string without NUL (NUL delimits it in keys). */
export function checkScopeName(name: unknown, argument: string): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new TypeError(`${PREFIX}${argument} must be a non-empty string without NUL characters, got ${describe(name)}`);
  }
}

/** A metric name prefix, as Prometheus allows metric names. */
export function checkMetricPrefix(prefix: unknown): void {
  if (typeof prefix !== 'string' || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(prefix)) {
    throw new TypeError(`${PREFIX}prefix must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), got ${describe(prefix)}`);
  }
}

export function checkObject(value: unknown, name: string): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${PREFIX}${name} must be an object, got ${describe(value)}`);
  }
}

/** A clock reading must be a finite number, or expiry arithmetic goes wrong silently. */
export function checkClockReading(now: unknown): number {
  if (typeof now !== 'number' || !Number.isFinite(now)) {
    throw new TypeError(`${PREFIX}options.now must return a finite number, returned ${describe(now)}`);
  }
  return now;
}

export function outOfMemory(what: string): RangeError {
  return new RangeError(`${PREFIX}cannot grow WebAssembly memory for ${what}; the cache is unchanged`);
}

/** The tagSeparator option: a non-empty string, or undefined for flat tags. */
export function checkTagSeparator(separator: unknown): string | undefined {
  if (separator === undefined) return undefined;
  if (typeof separator !== 'string' || separator.length === 0) {
    throw new TypeError(`${PREFIX}options.tagSeparator must be a non-empty string, got ${describe(separator)}`);
  }
  return separator;
}

/** bulkRemoveAsync's options: `sliceMs`, a positive finite number of ms (default 2). */
export function checkSliceMs(options: unknown): number {
  if (options === undefined) return 2;
  checkObject(options, 'options');
  checkKnownOptions(options as object, KNOWN_OPTIONS.bulkRemoveAsync, 'options');
  const sliceMs = (options as { sliceMs?: unknown }).sliceMs;
  if (sliceMs === undefined) return 2;
  if (typeof sliceMs !== 'number') throw new TypeError(`${PREFIX}options.sliceMs must be a number, got ${describe(sliceMs)}`);
  if (!(sliceMs > 0) || sliceMs === Infinity) {
    throw new RangeError(`${PREFIX}options.sliceMs must be a positive finite number, got ${describe(sliceMs)}`);
  }
  return sliceMs;
}

/** The options each call knows; any other name is a TypeError (checkKnownOptions). */
export const KNOWN_OPTIONS = {
  cache: ['maxEntries', 'ttl', 'now', 'onRemove', 'maxSize', 'sizeOf', 'trace', 'tagSeparator', 'slidingExpiry', 'diagnostics', 'policy'],
  set: ['tags', 'ttl'],
  getOrSet: ['tags', 'ttl', 'staleWhileRevalidate', 'staleIfError', 'signal', 'timeout', 'hardTimeout'],
  memoize: ['name', 'key', 'tags', 'ttl'],
  namespace: ['ttl'],
  bulkRemoveAsync: ['sliceMs'],
} as const;

/**
 * Throws a TypeError naming the first property of `options` (own or inherited
 * enumerable) that is not one of `known`, suggesting the closest known name:
 * a misspelled option must not be ignored silently.
 */
export function checkKnownOptions(options: object, known: readonly string[], name: string): void {
  for (const key in options) if (!known.includes(key)) throw unknownOption(key, known, name);
}

/** The TypeError for an unknown option `key` of the object `name`. */
export function unknownOption(key: string, known: readonly string[], name: string): TypeError {
  const closest = closestName(key, known);
  const hint = closest === undefined ? `known options: ${known.join(', ')}` : `did you mean ${closest}?`;
  return new TypeError(`${PREFIX}${name}.${key} is not an option; ${hint}`);
}

/** The known name nearest to `key` by edit distance (case-insensitive), if it is near enough to be a slip. */
function closestName(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length * 0.4)) ? best : undefined;
}

/** Levenshtein distance, two rows. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
