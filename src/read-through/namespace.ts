// Namespaces: views of one cache whose keys are isolated from every other
// namespace's and whose entries carry the tag `ns:<name>`, sharing the cache's
// capacity and LRU order.

import type { GetOrSetOptions, Loader, NamespaceOptions, NamespaceStats, SetOptions } from '../types';
import { checkKey, checkKnownOptions, checkObject, checkScopeName, checkTagArray, checkTtl, KNOWN_OPTIONS } from '../validate';
import type { LoadCoordinator, LookupCounter } from './get-or-set';
import type { ReadThroughPort } from './port';
import { encodeKey, ScopeRegistry, scopePrefix } from './scopes';

/**
 * A view of a cache under one name, from {@link TagCache.namespace}. Its keys
 * are its own (key `'a'` of two namespaces, and of the cache itself, are three
 * entries); every entry carries the tag `ns:<name>`, so `cache.bulkRemove('ns:<name>')`
 * and {@link CacheNamespace.clear} remove them all; its TTL applies where a call
 * gives none. Its entries compete with all others for the cache's `maxEntries`
 * (and `maxSize`) in one LRU order. Iterating the cache shows their keys encoded
 * (NUL, the tag, NUL, a type letter, the key).
 *
 * @typeParam K - key type of the namespace: strings and numbers, as in the cache.
 */
export interface CacheNamespace<K extends string | number, V> {
  /**
   * The namespace's name.
   * @example
   * ```ts
   * cache.namespace('users').name; // 'users'
   * ```
   */
  readonly name: string;
  /**
   * The tag every entry of this namespace carries: `ns:<name>`.
   * @example
   * ```ts
   * const users = cache.namespace('users');
   * users.tag;                   // 'ns:users'
   * cache.bulkRemove(users.tag); // same as users.clear()
   * ```
   */
  readonly tag: string;
  /**
   * Default TTL in ms of its entries; undefined: the cache's.
   * @example
   * ```ts
   * cache.namespace('sessions', { ttl: 5_000 }).ttl; // 5000
   * ```
   */
  readonly ttl: number | undefined;
  /**
   * Like {@link TagCache.set}: the entry also carries the namespace's tag, and its TTL is the default.
   * @example
   * ```ts
   * const users = cache.namespace('users', { ttl: 60_000 });
   * users.set(42, profile);                            // tagged ns:users, TTL 60 s
   * users.set(43, profile, { tags: ['tenant:acme'] }); // tagged tenant:acme and ns:users
   * ```
   */
  set(key: K, value: V, options?: SetOptions): this;
  /**
   * Like {@link TagCache.get}; counts a hit or miss in this namespace's stats.
   * @example
   * ```ts
   * users.set(42, profile);
   * users.get(42);        // profile
   * cache.get(42);        // undefined: the cache's own key 42 is another entry
   * users.stats().hits;   // 1
   * ```
   */
  get(key: K): V | undefined;
  /**
   * Like {@link TagCache.peek}.
   * @example
   * ```ts
   * users.peek(42); // profile, without changing its recency or the namespace's stats
   * ```
   */
  peek(key: K): V | undefined;
  /**
   * Like {@link TagCache.has}.
   * @example
   * ```ts
   * users.has(42); // true while the entry is live
   * ```
   */
  has(key: K): boolean;
  /**
   * Like {@link TagCache.delete}.
   * @example
   * ```ts
   * users.delete(42); // true: the entry was removed
   * users.has(42);    // false
   * ```
   */
  delete(key: K): boolean;
  /**
   * Like {@link TagCache.getOrSet}; the loader receives the namespace's key, and
   * a hit or miss counts in this namespace's stats. Clearing the namespace while
   * the loader runs keeps its result out of the cache (the load guard).
   * @example
   * ```ts
   * const users = cache.namespace<number>('users', { ttl: 60_000 });
   * const user = await users.getOrSet(42, (id) => db.users.find(id)); // the loader receives 42
   * ```
   */
  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions): Promise<V>;
  /**
   * Removes every entry of this namespace (reported to `onRemove` as `'tag'`); returns how many were unexpired.
   * @example
   * ```ts
   * const sessions = cache.namespace('sessions', { ttl: 5_000 });
   * sessions.set('s1', session).set('s2', session);
   * sessions.clear(); // 2; entries of other namespaces stay
   * ```
   */
  clear(): number;
  /**
   * This namespace's own hits and misses (of `get` and `getOrSet`) and its unexpired entries.
   * @example
   * ```ts
   * const { hits, misses, size } = users.stats(); // this namespace alone
   * ```
   */
  stats(): NamespaceStats;
}

/** The implementation: keys prefixed, the namespace's tag and TTL added, calls passed to the cache. */
class NamespaceView<K extends string | number, V> implements CacheNamespace<K, V> {
  readonly tag: string;
  private readonly prefix: string;
  private readonly counter: LookupCounter = { hits: 0, misses: 0 };

  constructor(
    private readonly cache: ReadThroughPort<string, V>,
    private readonly fills: LoadCoordinator<string, V>,
    readonly name: string,
    readonly ttl: number | undefined,
  ) {
    this.tag = `ns:${name}`;
    this.prefix = scopePrefix(this.tag);
  }

  set(key: K, value: V, options?: SetOptions): this {
    this.cache.set(this.keyOf(key), value, this.storeOptions(options));
    return this;
  }

  get(key: K): V | undefined {
    const storedKey = this.keyOf(key);
    let value: V | undefined;
    try {
      value = this.cache.get(storedKey);
    } catch (error) {
      this.counter.misses++; // onRemove threw for the expired or stale entry the lookup removed
      throw error;
    }
    if (value === undefined) this.counter.misses++;
    else this.counter.hits++;
    return value;
  }

  peek(key: K): V | undefined {
    return this.cache.peek(this.keyOf(key));
  }

  has(key: K): boolean {
    return this.cache.has(this.keyOf(key));
  }

  delete(key: K): boolean {
    return this.cache.delete(this.keyOf(key));
  }

  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions): Promise<V> {
    const storedKey = this.keyOf(key);
    // getOrSet checks every option; the namespace adds its tag and default TTL.
    const stored: GetOrSetOptions = { ...options, ...this.storeOptions(options, KNOWN_OPTIONS.getOrSet) };
    // A non-function is passed on as it is, for getOrSet to reject naming `loader`.
    return this.fills.getOrSet(
      storedKey,
      typeof loader === 'function' ? (_stored, context) => loader(key, context) : loader,
      stored,
      this.counter,
    );
  }

  clear(): number {
    return this.cache.bulkRemove(this.tag);
  }

  stats(): NamespaceStats {
    return { hits: this.counter.hits, misses: this.counter.misses, size: this.cache.countByTag(this.tag) };
  }

  private keyOf(key: K): string {
    checkKey(key);
    return encodeKey(this.prefix, key);
  }

  /** Options for the cache: the caller's tags plus the namespace's, and its TTL unless one is given. */
  private storeOptions(options: SetOptions | undefined, known: readonly string[] = KNOWN_OPTIONS.set): SetOptions {
    if (options === undefined) return { tags: [this.tag], ttl: this.ttl };
    checkObject(options, 'options');
    checkKnownOptions(options, known, 'options');
    if (options.tags !== undefined) checkTagArray(options.tags, 'options.tags');
    return { tags: options.tags === undefined ? [this.tag] : [...options.tags, this.tag], ttl: options.ttl ?? this.ttl };
  }
}

const namespaces = new ScopeRegistry<object>();

/**
 * The namespace `name` of `cache`: made on first use, the same view afterwards.
 * @throws TypeError for a bad name or options; RangeError when `options.ttl` differs from the existing view's.
 */
export function namespaceOf<K extends string | number, V>(
  cache: ReadThroughPort<string, V>,
  fills: LoadCoordinator<string, V>,
  name: string,
  options: NamespaceOptions | undefined,
): CacheNamespace<K, V> {
  checkScopeName(name, 'name');
  let ttl: number | undefined;
  if (options !== undefined) {
    checkObject(options, 'options');
    checkKnownOptions(options, KNOWN_OPTIONS.namespace, 'options');
    if (options.ttl !== undefined) ttl = checkTtl(options.ttl, 'options.ttl');
  }
  const existing = namespaces.get(cache, name) as CacheNamespace<K, V> | undefined;
  if (existing === undefined) {
    const view = new NamespaceView<K, V>(cache, fills, name, ttl);
    namespaces.add(cache, name, view);
    return view;
  }
  if (ttl !== undefined && ttl !== existing.ttl) {
    throw new RangeError(`taglru: options.ttl ${ttl} differs from the ttl ${String(existing.ttl)} namespace "${name}" was created with`);
  }
  return existing;
}
