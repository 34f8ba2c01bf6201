// Argument checks. Each throws before the cache changes, naming the argument.

import { MAX_ENTRIES } from './layout';

const PREFIX = 'taglru: ';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  return typeof value;
}

/** A key is a string or a non-NaN number. */
export function checkKey(key: unknown): void {
  if (typeof key === 'string') return;
  if (typeof key === 'number' && key === key) return;
  throw new TypeError(`${PREFIX}key must be a string or a number other than NaN, got ${describe(key)}`);
}

export function checkValue(value: unknown): void {
  if (value === undefined) throw new TypeError(`${PREFIX}value must not be undefined (use delete to remove a key)`);
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

/** A TTL in ms: 0 (no expiry), a positive number or Infinity. */
export function checkTtl(ttl: unknown, name: string): number {
  if (typeof ttl !== 'number') throw new TypeError(`${PREFIX}${name} must be a number of milliseconds, got ${describe(ttl)}`);
  if (!(ttl >= 0)) throw new RangeError(`${PREFIX}${name} must be >= 0 (0 means no expiry), got ${describe(ttl)}`);
  return ttl;
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

export function checkOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${PREFIX}${name} must be a function, got ${describe(value)}`);
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
