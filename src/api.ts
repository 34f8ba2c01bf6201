// The public API of TagCache, with its documentation: the facade
// (tag-cache.ts) implements this interface, so the facade stays short as the
// documentation grows. Imports types only.

import type { CacheNamespace } from './read-through/namespace';
import type {
  BulkRemoveAsyncOptions,
  DumpEntry,
  GetOrSetOptions,
  InvalidationListener,
  Loader,
  MemoizeOptions,
  NamespaceOptions,
  SetOptions,
  TagCacheStats,
  TagStats,
} from './types';

/**
 * What a {@link TagCache} does: a least-recently-used cache whose entries carry
 * string tags, so that every entry of a tag can be removed at once.
 *
 * @typeParam K - key type: strings and numbers, compared like `Map` keys.
 * @typeParam V - value type; `undefined` is not a storable value.
 */
export interface TagCacheApi<K extends string | number, V> extends Iterable<[K, V]> {
  /**
   * Most entries the cache holds.
   * @example
   * ```ts
   * const cache = new TagCache<string, User>({ maxEntries: 10_000 });
   * cache.maxEntries; // 10000
   * ```
   */
  readonly maxEntries: number;

  /**
   * Entries held, including expired and stale ones not yet reclaimed (see
   * {@link TagCache.purgeExpired} and `stats().staleEntries`).
   * @example
   * ```ts
   * cache.set('user:1', ann).set('user:2', bob);
   * cache.size; // 2
   * ```
   */
  readonly size: number;

  /**
   * Stores `value` under `key` and makes it the most recent entry. An existing
   * entry's value, tags and TTL are all replaced (its old value is reported as
   * `'set'`). When the cache is full, the least recently used entry is evicted
   * (with `maxSize`, as many as it takes for the sizes to fit). A load of `key`
   * in flight (getOrSet) will not store its result over this value.
   * @throws TypeError for a bad key, an undefined value or a bad tag; RangeError for a bad TTL,
   *   or an entry larger than `maxSize`.
   * @example
   * ```ts
   * const cache = new TagCache<string, User>({ maxEntries: 10_000, ttl: 60_000 });
   * cache.set('user:42:profile', profile, { tags: ['tenant:acme', 'users'] });
   * cache.set('user:42:session', session, { tags: ['tenant:acme'], ttl: 5_000 }); // its own TTL
   * cache.set('user:1', ann).set('user:2', bob); // chainable
   * ```
   */
  set(key: K, value: V, options?: SetOptions): this;

  /**
   * The value of `key`, making the entry the most recent; undefined if absent, expired or stale.
   * An expired or stale entry met here is removed and the miss counted before
   * `onRemove` hears of it; an error that callback throws is rethrown afterwards.
   * @example
   * ```ts
   * cache.set('user:42:profile', profile, { tags: ['tenant:acme'] });
   * cache.get('user:42:profile'); // profile (and now the most recent entry)
   * cache.get('user:43:profile'); // undefined
   * ```
   */
  get(key: K): V | undefined;

  /**
   * The value of `key` without changing its recency; undefined if absent, expired or stale.
   * @example
   * ```ts
   * cache.peek('user:42:profile'); // profile; its place in the LRU order is unchanged
   * ```
   */
  peek(key: K): V | undefined;

  /**
   * Whether `key` has an entry `get` would return (unexpired, not stale); does not change its recency.
   * @example
   * ```ts
   * cache.set('otp:42', code, { ttl: 30_000 });
   * cache.has('otp:42'); // true
   * // more than 30 s later:
   * cache.has('otp:42'); // false: expired
   * ```
   */
  has(key: K): boolean;

  /**
   * Milliseconds until the entry of `key` expires: Infinity if it never does,
   * undefined if there is no unexpired entry. Does not change recency.
   * @example
   * ```ts
   * cache.set('otp:42', code, { ttl: 30_000 });
   * cache.ttlRemaining('otp:42');  // about 30000
   * cache.set('config', config, { ttl: 0 });
   * cache.ttlRemaining('config');  // Infinity: never expires
   * cache.ttlRemaining('missing'); // undefined
   * ```
   */
  ttlRemaining(key: K): number | undefined;

  /**
   * Removes the entry of `key`. Returns whether an entry `get` would have returned was removed.
   * Either way, a load of `key` in flight (getOrSet) will not store its result.
   * @example
   * ```ts
   * cache.set('user:42:profile', profile);
   * cache.delete('user:42:profile'); // true
   * cache.delete('user:42:profile'); // false: already gone
   * ```
   */
  delete(key: K): boolean;

  /**
   * Removes every entry carrying the tag (or any of the tags), each once.
   * Returns how many entries `get` could still return were removed; expired and
   * stale ones are removed too and reported as `'expire'` and `'stale'`. O(entries
   * removed), the stale ones included, while the tags cover a small share of
   * the cache; above it (1/2 to 1/8 as the cache grows), one O(size) walk that
   * rebuilds the hash table instead (several times faster for a large share). The core removes up to 4,096
   * entries per call, with no JS work per entry beyond releasing its key and value.
   * Loads in flight (getOrSet) with one of the tags will not store their results.
   * @throws TypeError when a tag is not a non-empty string.
   * @example
   * ```ts
   * cache.set('user:1', ann, { tags: ['tenant:acme', 'users'] });
   * cache.set('user:2', bob, { tags: ['tenant:acme', 'users'] });
   * cache.set('post:7', post, { tags: ['tenant:acme', 'posts'] });
   * cache.bulkRemove('users');                  // 2: user:1 and user:2
   * cache.bulkRemove(['tenant:acme', 'posts']); // 1: post:7, removed once
   * ```
   */
  bulkRemove(tag: string | readonly string[]): number;

  /**
   * Makes every entry carrying the tag (or any of the tags) stale, in O(1) per
   * tag whatever its size: from now on `get`, `peek`, `has`, iteration,
   * `countByTag` and `keysByTag` never see them, while an entry set with the tag
   * afterwards is fresh. Their memory is reclaimed lazily (reported as
   * `'stale'`): stale entries are evicted before live ones, dropped when met by
   * a lookup or `set`, swept two per `set`, and all removed by
   * {@link TagCache.purgeExpired}. Loads in flight (getOrSet) with one of the
   * tags will not store their results.
   *
   * Use it where invalidation is frequent and must not wait (an editor on every
   * keystroke); use {@link TagCache.bulkRemove} to free the memory at once, and
   * {@link TagCache.bulkRemoveAsync} to free it without blocking.
   *
   * While stale entries with several tags are held, the count is made exact by
   * walking the tag's fresh entries once (each membership is walked so at most
   * once in its life).
   * @returns How many entries it made stale (entries whose TTL ran out but that
   *   were not yet removed included; entries already stale are not counted).
   * @throws TypeError when a tag is not a non-empty string.
   * @example
   * ```ts
   * cache.set('ast:src/a.ts', ast, { tags: ['file:src/a.ts'] });
   * // on every keystroke in src/a.ts: O(1), whatever the number of entries
   * cache.markStale('file:src/a.ts'); // 1
   * cache.get('ast:src/a.ts');        // undefined; the memory is reclaimed later
   * cache.set('ast:src/a.ts', newAst, { tags: ['file:src/a.ts'] }); // fresh again
   * ```
   */
  markStale(tag: string | readonly string[]): number;

  /**
   * Makes every entry held now stale, in O(1) whatever the cache's size (a new
   * global generation beside the per-tag ones): from now on `get`, `peek`, `has`,
   * iteration, `countByTag` and `keysByTag` never see them, while an entry set
   * afterwards is fresh. They are reclaimed lazily like {@link TagCache.markStale}'s
   * (reported as `'stale'`), and loads in flight (getOrSet) will not store their
   * results. The cross-instance bus (`taglru/sync`) uses it to resync an instance
   * that may have missed invalidations. The first call allocates 4 bytes per slot.
   * @returns How many entries it made stale (entries already stale are not counted).
   * @throws RangeError when memory for the generations cannot grow (nothing changes then).
   * @example
   * ```ts
   * cache.set('user:1', ann).set('user:2', bob);
   * cache.markAllStale(); // 2, in O(1) whatever the size
   * cache.get('user:1');  // undefined; the memory is reclaimed lazily
   * cache.set('user:1', ann).get('user:1'); // ann: set afterwards, fresh
   * ```
   */
  markAllStale(): number;

  /**
   * Removes every entry carrying the tag (or any of the tags) without blocking:
   * they become invisible at once, as with {@link TagCache.markStale}, then are
   * removed in slices of at most `options.sliceMs` (default 2) ms of work, with a
   * yield to the event loop before each slice. Removed entries are reported as
   * `'stale'`. Other operations may run between slices; an entry set with the
   * tag meanwhile is fresh and stays. `clear()` ends the removal early.
   * @returns A promise of how many entries were made invisible (as markStale
   *   counts them), resolved once all are removed; it rejects if an `onRemove`
   *   callback throws (the rest are then reclaimed lazily).
   * @throws TypeError or RangeError (synchronously) for a bad tag or option.
   * @example
   * ```ts
   * // A tenant with 500,000 entries: invisible at once, freed in slices of at most 1 ms
   * const removed = await cache.bulkRemoveAsync('tenant:acme', { sliceMs: 1 });
   * console.log(`${removed} entries of tenant acme removed`);
   * ```
   */
  bulkRemoveAsync(tag: string | readonly string[], options?: BulkRemoveAsyncOptions): Promise<number>;

  /**
   * One tag's numbers, for monitoring: live entries (as {@link TagCache.countByTag})
   * and the hits, misses and removals counted in the core since creation or
   * {@link TagCache.resetStats}. An unknown tag has all zeros; the counters of a
   * tag that no entry carries may be forgotten once many such tags accumulate,
   * and `clear()` forgets them all. Untagged operations pay nothing for these.
   * @throws TypeError when `tag` is not a non-empty string.
   * @example
   * ```ts
   * const { entries, hits, misses, removed } = cache.tagStats('tenant:acme');
   * console.log(`tenant acme: ${entries} entries, ${hits} hits, ${misses} misses, ${removed} removed`);
   * ```
   */
  tagStats(tag: string): TagStats;

  /**
   * Entries carrying `tag` that `get` can return (unexpired, not stale). O(1), except
   * O(the tag's fresh entries) once TTLs are used or while entries with several tags
   * are stale and not yet reclaimed.
   * @example
   * ```ts
   * cache.set('user:1', ann, { tags: ['users'] });
   * cache.set('user:2', bob, { tags: ['users', 'admins'] });
   * cache.countByTag('users');   // 2
   * cache.countByTag('unknown'); // 0
   * ```
   */
  countByTag(tag: string): number;

  /**
   * Keys of the entries carrying `tag` that `get` can return, in no particular order.
   * @example
   * ```ts
   * cache.set('user:1', ann, { tags: ['users'] });
   * cache.set('user:2', bob, { tags: ['users', 'admins'] });
   * cache.keysByTag('users').sort(); // ['user:1', 'user:2']
   * cache.keysByTag('admins');       // ['user:2']
   * ```
   */
  keysByTag(tag: string): K[];

  /**
   * Tags of the entry of `key` in the order they were given; [] if absent, expired or stale.
   * With `tagSeparator`, levels implied by another tag of the entry are left out.
   * @example
   * ```ts
   * cache.set('user:2', bob, { tags: ['users', 'admins'] });
   * cache.tagsOf('user:2');  // ['users', 'admins']
   * cache.tagsOf('missing'); // []
   * ```
   */
  tagsOf(key: K): string[];

  /**
   * Removes every entry (reported as `'clear'`, or `'expire'` / `'stale'` for those
   * already expired or stale). No load in flight (getOrSet) will store its result,
   * and a `bulkRemoveAsync` in progress stops (its entries are gone).
   * @example
   * ```ts
   * cache.clear();
   * cache.size; // 0
   * ```
   */
  clear(): void;

  /**
   * Removes every expired and every stale entry now (they are otherwise reclaimed
   * when met, evicted or swept). Returns how many. O(stale entries), plus O(size)
   * once TTLs are used.
   * @example
   * ```ts
   * // Reclaim expired and stale entries once a minute instead of when they are met
   * setInterval(() => cache.purgeExpired(), 60_000);
   * ```
   */
  purgeExpired(): number;

  /**
   * The value of `key`, loading it with `loader` on a miss and storing the result
   * with `options` (tags, ttl). Concurrent calls for one key share one loader
   * call. The load guard: if, while the loader runs, `key` is set or deleted,
   * one of `options.tags` is bulk-removed or marked stale, or the cache is
   * cleared, the result still resolves the waiting callers but is not stored,
   * and the next call loads afresh. A rejected (or throwing) loader rejects its callers and
   * stores nothing; the next call tries again. A result of `undefined` is passed
   * on, not stored. The refresh window (`staleWhileRevalidate`): an entry in the
   * last that many ms of its life (stored for `ttl + staleWhileRevalidate`) is
   * returned at once while one background load refreshes it; a failed refresh
   * keeps the old value until it expires. If `onRemove` throws for an expired
   * or stale entry the lookup met, the load still runs and is stored, and this
   * caller's promise rejects with that error once the load has settled. Callers of one key should pass the same options: those of
   * the call that starts a load apply. Counts a hit or miss like `get`.
   * @throws TypeError or RangeError (synchronously) for a bad key, loader or option.
   * @returns The value; rejects with the loader's error, or with the error of storing
   *   the value (larger than `maxSize`, or an `onRemove` callback threw).
   * @example
   * ```ts
   * const user = await cache.getOrSet(`user:${id}`, () => db.users.find(id), { tags: [`tenant:${t}`], ttl: 60_000 });
   *
   * // Served at once for 5 minutes after the TTL while one background load refreshes it
   * const rates = await cache.getOrSet('fx:rates', fetchRates, { ttl: 60_000, staleWhileRevalidate: 300_000 });
   *
   * // A slow or failing backend: the loader's signal is aborted once every caller has left;
   * // a value kept 10 minutes past its TTL is served when a refresh fails or takes over 200 ms
   * const report = await cache.getOrSet(`report:${id}`, (key, { signal }) => fetchJson(`/api/${key}`, signal), {
   *   ttl: 60_000,
   *   staleIfError: 600_000,
   *   timeout: 200,           // soft: the retained value at once, the load goes on
   *   hardTimeout: 5_000,     // then this caller rejects with a TimeoutError
   *   signal: request.signal, // this caller leaves when its request is aborted
   * });
   * ```
   */
  getOrSet(key: K, loader: Loader<K, V>, options?: GetOrSetOptions): Promise<V>;

  /**
   * `fn` with its results cached in this cache. Each entry is tagged `fn:<name>`
   * (`name` is `options.name` or `fn.name`), so `bulkRemove('fn:<name>')` drops
   * every result of the function. The key of a call is `options.key(...args)`
   * or a stable serialisation of the arguments: strings, numbers, booleans,
   * null, undefined, bigints, and arrays and plain objects of those (object keys
   * in any order); other arguments throw a TypeError. Results of functions that
   * return promises are loaded through {@link TagCache.getOrSet} and stored
   * resolved (a hit returns a resolved promise); a result of `undefined` is
   * returned but not cached. Keys live in the cache's key space (prefixed by
   * NUL, `fn:<name>`, NUL), so the cache's key type must include strings.
   * @throws TypeError for a bad fn or option, or an anonymous fn without
   *   `options.name`; RangeError when the name is already memoized in this cache.
   * @example
   * ```ts
   * const getAllTracks = cache.memoize(async function getAllTracks(albumId: number) {
   *   return db.tracks.findByAlbum(albumId);
   * }, { tags: (albumId) => [`album:${albumId}`], ttl: 600_000 });
   * await getAllTracks(7);              // loads and caches
   * await getAllTracks(7);              // from the cache
   * cache.bulkRemove('album:7');        // the results for album 7
   * cache.bulkRemove('fn:getAllTracks'); // every result of the function
   * ```
   */
  memoize<A extends unknown[], R extends V | PromiseLike<V>>(
    this: string extends K ? TagCacheApi<K, V> : never,
    fn: (...args: A) => R,
    options?: MemoizeOptions<A>,
  ): (...args: A) => R;

  /**
   * The namespace `name`: a view with set / get / peek / has / delete /
   * getOrSet / clear / stats whose keys are its own, whose entries carry the tag
   * `ns:<name>` and whose `options.ttl` is the default TTL of its entries. All
   * namespaces share this cache's capacity and LRU order. The same name returns
   * the same view. Keys are stored prefixed (NUL, `ns:<name>`, NUL), so the
   * cache's key type must include strings.
   * @throws TypeError for a bad name (empty, or containing NUL) or options;
   *   RangeError when `options.ttl` differs from the one the namespace was made with.
   * @example
   * ```ts
   * const users = cache.namespace('users', { ttl: 60_000 });
   * const sessions = cache.namespace('sessions', { ttl: 5_000 });
   * users.set(42, profile);
   * sessions.set(42, session);    // another entry: keys are isolated per namespace
   * sessions.clear();             // removes only the sessions
   * cache.bulkRemove('ns:users'); // every entry carries the tag ns:<name>
   * ```
   */
  namespace<NK extends string | number = string | number>(
    this: string extends K ? TagCacheApi<K, V> : never,
    name: string,
    options?: NamespaceOptions,
  ): CacheNamespace<NK, V>;

  /**
   * Keys, most recent first, skipping expired and stale entries. Does not change recency.
   * @example
   * ```ts
   * cache.set('a', 1).set('b', 2);
   * [...cache.keys()]; // ['b', 'a']: most recent first
   * ```
   */
  keys(): IterableIterator<K>;

  /**
   * Values, most recent first, skipping expired and stale entries. Does not change recency.
   * @example
   * ```ts
   * cache.set('a', 1).set('b', 2);
   * [...cache.values()]; // [2, 1]
   * ```
   */
  values(): IterableIterator<V>;

  /**
   * `[key, value]` pairs, most recent first, skipping expired and stale entries. Does not change recency.
   * @example
   * ```ts
   * for (const [key, value] of cache.entries()) console.log(key, value);
   * ```
   */
  entries(): IterableIterator<[K, V]>;

  /**
   * Same as {@link TagCache.entries}.
   * @example
   * ```ts
   * const copy = new Map(cache); // a plain Map of the live entries
   * ```
   */
  [Symbol.iterator](): IterableIterator<[K, V]>;

  /**
   * The unexpired entries as a plain array of `[key, value, { tags, ttlRemaining }]`,
   * least recent first, for {@link TagCache.load} in this or another process.
   * `ttlRemaining` is null for entries that never expire, so the dump survives
   * `JSON.stringify` when the values do. Does not change recency or remove anything.
   * @example
   * ```ts
   * fs.writeFileSync('cache.json', JSON.stringify(cache.dump()));
   * ```
   */
  dump(): DumpEntry<K, V>[];

  /**
   * Stores the entries of a {@link TagCache.dump} with their tags and remaining
   * TTLs, in order, so the last row ends up most recent: loaded into an empty
   * cache, recency is restored. Entries already in the cache stay (a loaded key
   * replaces its entry); rows beyond capacity evict the least recent. Counts as
   * one `set` per row; removals are reported after the whole load. With
   * `maxSize`, `sizeOf` is called once per row, before anything is stored.
   * @throws TypeError or RangeError naming the first bad row, a row larger than
   *   `maxSize` included (then nothing is stored).
   * @example
   * ```ts
   * // at start-up, or in another process:
   * cache.load(JSON.parse(fs.readFileSync('cache.json', 'utf8')));
   * ```
   */
  load(dump: readonly DumpEntry<K, V>[]): this;

  /**
   * Counters since creation or the last {@link TagCache.resetStats}, and current gauges.
   * @example
   * ```ts
   * const { hits, misses, size, bulkRemoveLatency } = cache.stats();
   * console.log(`hit rate ${(hits / (hits + misses || 1)).toFixed(2)}, ${size} entries`);
   * console.log(`bulkRemove: ${bulkRemoveLatency.count} calls, p50 ${bulkRemoveLatency.p50Us} µs, p99 ${bulkRemoveLatency.p99Us} µs`);
   * ```
   */
  stats(): TagCacheStats;

  /**
   * Zeroes the counters, every tag's counters and the latency histogram (gauges are unaffected).
   * @example
   * ```ts
   * // Counters per minute instead of since start-up
   * setInterval(() => {
   *   report(cache.stats());
   *   cache.resetStats();
   * }, 60_000);
   * ```
   */
  resetStats(): void;

  /**
   * {@link TagCache.stats} in the Prometheus text exposition format, for a
   * `/metrics` endpoint: counters (`<prefix>_hits_total`, ...), gauges
   * (`<prefix>_entries`, ...) and the histogram `<prefix>_bulk_remove_duration_seconds`.
   * @throws TypeError when `prefix` is not a valid metric name.
   * @example
   * ```ts
   * http.createServer((req, res) => res.end(cache.metricsText())).listen(9100);
   * // taglru_hits_total 1234
   * // taglru_entries 812 ...
   * ```
   */
  metricsText(prefix?: string): string;

  /**
   * Adds a listener that hears every local invalidation of this cache
   * synchronously, at the moment it happens and before the operation's
   * `onRemove` callbacks run: a key written (`set`, a read-through `fill`, a
   * `load` row) or deleted, tags removed or made stale, everything cleared.
   * The cross-instance bus (`taglru/sync`) is built on it. With no listener it
   * costs one length check per write.
   * @returns A function that removes the listener.
   * @example
   * ```ts
   * const stop = cache.addInvalidationListener({
   *   key: (key, cause) => console.log(`key ${key}: ${cause}`),
   *   tags: (tags, cause) => console.log(`tags ${tags.join(', ')}: ${cause}`),
   *   all: (cause) => console.log(`everything: ${cause}`),
   * });
   * cache.bulkRemove('users'); // logs "tags users: bulkRemove"
   * stop();
   * ```
   */
  addInvalidationListener(listener: InvalidationListener<K>): () => void;
}
