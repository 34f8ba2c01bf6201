// A plain reference model of TagCache: a Map in recency order (least recent
// first), with the same rules for when an expired entry is dropped. Every
// method returns what the cache should return, and records the removals it
// should report.
//
// Stale entries (markStale) sit in a second Map until reclaimed. Which stale
// entry an eviction or a set's sweep reclaims is the cache's choice, so the
// model asks the cache which ones it no longer holds (`holds`) and checks the
// number: one per eviction, then up to two per set.

import type { RemovalReason, TagCacheStats } from '../../src/types';
import type { Key } from './types';

interface ModelEntry {
  value: unknown;
  /** The tags given, without duplicates, in order. */
  tags: string[];
  /** Every tag the entry belongs to: the given ones and, with a separator, their ancestors. */
  memberOf: Set<string>;
  expiresAt: number;
}

/** The counters of stats() the model keeps. */
export type ModelCounters = Pick<
  TagCacheStats,
  'hits' | 'misses' | 'sets' | 'deletes' | 'evictions' | 'expirations' | 'bulkRemoves' | 'removedByTag' | 'removedStale'
>;

/** What tagStats() counts for one tag. */
interface TagCounters {
  hits: number;
  misses: number;
  removed: number;
}

/** Stale entries reclaimed by each set, after any eviction (src/cache.ts STALE_SWEEP_PER_SET). */
const STALE_SWEEP_PER_SET = 2;

export class ModelCache {
  readonly entries = new Map<Key, ModelEntry>();
  /** Entries made stale and not yet reclaimed; they count in size. */
  readonly stale = new Map<Key, ModelEntry>();
  removals: [Key, unknown, RemovalReason][] = [];
  counters: ModelCounters = {
    hits: 0,
    misses: 0,
    sets: 0,
    deletes: 0,
    evictions: 0,
    expirations: 0,
    bulkRemoves: 0,
    removedByTag: 0,
    removedStale: 0,
  };
  private tagCounters = new Map<string, TagCounters>();

  /**
   * @param holds - whether the cache under test still holds a key's entry (of any kind),
   *   asked only to learn which stale entries it chose to reclaim.
   * @param separator - the cache's tagSeparator option.
   */
  constructor(
    readonly maxEntries: number,
    private readonly defaultTtl: number,
    private readonly clock: () => number,
    private readonly holds: (key: Key) => boolean = () => true,
    private readonly separator?: string,
  ) {}

  private expired(entry: ModelEntry): boolean {
    return this.clock() >= entry.expiresAt;
  }

  private countersOf(tag: string): TagCounters {
    let counters = this.tagCounters.get(tag);
    if (counters === undefined) this.tagCounters.set(tag, (counters = { hits: 0, misses: 0, removed: 0 }));
    return counters;
  }

  private countFor(entry: ModelEntry, counter: keyof TagCounters): void {
    for (const tag of entry.memberOf) this.countersOf(tag)[counter]++;
  }

  private countRemoval(reason: RemovalReason): void {
    if (reason === 'evict') this.counters.evictions++;
    else if (reason === 'expire') this.counters.expirations++;
    else if (reason === 'delete') this.counters.deletes++;
    else if (reason === 'tag') this.counters.removedByTag++;
    else if (reason === 'stale') this.counters.removedStale++;
  }

  /** Removes a fresh (`from` entries) or stale entry for good. Expired entries are reported as such. */
  private drop(key: Key, reason: RemovalReason, from: Map<Key, ModelEntry> = this.entries): void {
    const entry = from.get(key)!;
    from.delete(key);
    const actual = this.expired(entry) ? 'expire' : reason;
    this.removals.push([key, entry.value, actual]);
    this.countRemoval(actual);
    this.countFor(entry, 'removed');
  }

  /** Takes back `count` stale entries the cache chose to reclaim (those it no longer holds). */
  private reclaimStale(count: number): void {
    const reclaimed = [...this.stale.keys()].filter((key) => !this.holds(key));
    if (reclaimed.length < count) {
      throw new Error(`expected the cache to reclaim ${count} stale entries, it reclaimed ${reclaimed.length}`);
    }
    for (const key of reclaimed.slice(0, count)) this.drop(key, 'stale', this.stale);
  }

  /**
   * Takes back a stale entry that a bulkRemoveAsync of one of `tags` removed
   * between turns of the event loop; throws if it was not stale with one of them.
   */
  reclaimByTags(key: Key, tags: readonly string[]): void {
    const entry = this.stale.get(key);
    if (entry === undefined || !tags.some((tag) => entry.memberOf.has(tag))) {
      throw new Error(`bulkRemoveAsync(${JSON.stringify(tags)}) removed ${JSON.stringify(key)}, not a stale entry of those tags`);
    }
    this.drop(key, 'stale', this.stale);
  }

  /** The live entry of key, dropping it first if it has expired or is stale; a `lookup` counts tag misses. */
  private live(key: Key, lookup = false): ModelEntry | undefined {
    const stale = this.stale.get(key);
    if (stale !== undefined) {
      if (lookup) this.countFor(stale, 'misses');
      this.drop(key, 'stale', this.stale);
      return undefined;
    }
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.expired(entry)) {
      if (lookup) this.countFor(entry, 'misses');
      this.drop(key, 'expire');
      return undefined;
    }
    return entry;
  }

  /** The tags an entry given `tags` belongs to (written independently of src/tags.ts). */
  private membership(tags: readonly string[]): Set<string> {
    const all = new Set<string>();
    for (const tag of tags) {
      all.add(tag);
      if (this.separator === undefined) continue;
      const levels = tag.split(this.separator);
      for (let length = 1; length < levels.length; length++) {
        const ancestor = levels.slice(0, length).join(this.separator);
        if (ancestor !== '') all.add(ancestor);
      }
    }
    return all;
  }

  set(key: Key, value: unknown, tags: readonly string[] = [], ttl = this.defaultTtl): void {
    const normal = key === 0 ? 0 : key;
    const expiresAt = ttl > 0 && ttl !== Infinity ? this.clock() + ttl : Infinity;
    const entry = { value, tags: [...new Set(tags)], memberOf: this.membership(tags), expiresAt };
    const old = this.entries.get(normal) ?? this.stale.get(normal);
    if (old !== undefined) {
      const reason = this.expired(old) ? 'expire' : this.stale.has(normal) ? 'stale' : 'set';
      this.removals.push([normal, old.value, reason]);
      this.countRemoval(reason);
      this.entries.delete(normal);
      this.stale.delete(normal);
    } else if (this.size >= this.maxEntries) {
      if (this.stale.size > 0) {
        this.reclaimStale(1);
      } else {
        const [leastRecent] = this.entries.entries().next().value!;
        this.drop(leastRecent, 'evict');
      }
    }
    this.entries.set(normal, entry);
    this.counters.sets++;
    this.reclaimStale(Math.min(STALE_SWEEP_PER_SET, this.stale.size));
  }

  get(key: Key): unknown {
    const entry = this.live(key, true);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key === 0 ? 0 : key, entry);
    this.counters.hits++;
    this.countFor(entry, 'hits');
    return entry.value;
  }

  peek(key: Key): unknown {
    return this.live(key)?.value;
  }

  has(key: Key): boolean {
    return this.live(key) !== undefined;
  }

  delete(key: Key): boolean {
    if (this.live(key) === undefined) return false;
    this.drop(key, 'delete');
    return true;
  }

  bulkRemove(tags: readonly string[]): number {
    let removed = 0;
    for (const [key, entry] of [...this.entries]) {
      if (!tags.some((tag) => entry.memberOf.has(tag))) continue;
      if (!this.expired(entry)) removed++;
      this.drop(key, 'tag');
    }
    for (const [key, entry] of [...this.stale]) {
      if (tags.some((tag) => entry.memberOf.has(tag))) this.drop(key, 'stale', this.stale);
    }
    this.counters.bulkRemoves++;
    return removed;
  }

  /** Moves every fresh entry carrying one of the tags to the stale set; returns how many (expired ones included). */
  markStale(tags: readonly string[]): number {
    let made = 0;
    for (const [key, entry] of [...this.entries]) {
      if (!tags.some((tag) => entry.memberOf.has(tag))) continue;
      this.entries.delete(key);
      this.stale.set(key, entry);
      made++;
    }
    return made;
  }

  private liveWithTag(tag: string): Key[] {
    return [...this.entries].filter(([, entry]) => entry.memberOf.has(tag) && !this.expired(entry)).map(([key]) => key);
  }

  countByTag(tag: string): number {
    return this.liveWithTag(tag).length;
  }

  keysByTag(tag: string): Key[] {
    return this.liveWithTag(tag);
  }

  /** The given tags, less those another tag of the entry implies. */
  tagsOf(key: Key): string[] {
    const entry = this.live(key);
    if (entry === undefined) return [];
    const separator = this.separator;
    if (separator === undefined) return entry.tags.slice();
    return entry.tags.filter((tag) => !entry.tags.some((other) => other !== tag && other.startsWith(tag + separator)));
  }

  tagStats(tag: string): { entries: number; hits: number; misses: number; removed: number } {
    return { entries: this.countByTag(tag), ...(this.tagCounters.get(tag) ?? { hits: 0, misses: 0, removed: 0 }) };
  }

  clear(): void {
    for (const [key] of [...this.stale].reverse()) this.drop(key, 'stale', this.stale);
    for (const [key] of [...this.entries].reverse()) this.drop(key, 'clear');
    this.tagCounters.clear();
  }

  /** Removes every stale and every expired entry; returns how many. */
  purgeExpired(): number {
    let removed = this.stale.size;
    for (const [key] of [...this.stale]) this.drop(key, 'stale', this.stale);
    for (const [key, entry] of [...this.entries]) {
      if (this.expired(entry)) {
        this.drop(key, 'expire');
        removed++;
      }
    }
    return removed;
  }

  resetStats(): void {
    for (const name of Object.keys(this.counters) as (keyof ModelCounters)[]) this.counters[name] = 0;
    this.tagCounters.clear();
  }

  get size(): number {
    return this.entries.size + this.stale.size;
  }

  /** Unexpired [key, value] pairs, most recent first. */
  liveEntries(): [Key, unknown][] {
    return [...this.entries]
      .filter(([, entry]) => !this.expired(entry))
      .map(([key, entry]): [Key, unknown] => [key, entry.value])
      .reverse();
  }

  liveTagCount(): number {
    const tags = new Set<string>();
    for (const entry of [...this.entries.values(), ...this.stale.values()]) for (const tag of entry.memberOf) tags.add(tag);
    return tags.size;
  }
}
