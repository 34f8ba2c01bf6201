// A plain reference model of TagCache: a Map in recency order (least recent
// first), with the same rules for when an expired entry is dropped. Every
// method returns what the cache should return, and records the removals it
// should report.

import type { RemovalReason, TagCacheStats } from '../../src/types';

type Key = string | number;

interface ModelEntry {
  value: unknown;
  tags: string[];
  expiresAt: number;
}

/** The counters of stats() the model keeps. */
export type ModelCounters = Pick<
  TagCacheStats, 'hits' | 'misses' | 'sets' | 'deletes' | 'evictions' | 'expirations' | 'bulkRemoves' | 'removedByTag'
>;

export class ModelCache {
  readonly entries = new Map<Key, ModelEntry>();
  removals: [Key, unknown, RemovalReason][] = [];
  counters: ModelCounters = {
    hits: 0, misses: 0, sets: 0, deletes: 0, evictions: 0, expirations: 0, bulkRemoves: 0, removedByTag: 0,
  };

  constructor(
    readonly maxEntries: number,
    private readonly defaultTtl: number,
    private readonly clock: () => number,
  ) {}

  private expired(entry: ModelEntry): boolean {
    return this.clock() >= entry.expiresAt;
  }

  private drop(key: Key, reason: RemovalReason): void {
    const entry = this.entries.get(key)!;
    this.entries.delete(key);
    this.removals.push([key, entry.value, reason]);
    if (reason === 'evict') this.counters.evictions++;
    else if (reason === 'expire') this.counters.expirations++;
    else if (reason === 'delete') this.counters.deletes++;
    else if (reason === 'tag') this.counters.removedByTag++;
  }

  /** The live entry of key, dropping it first if it has expired. */
  private live(key: Key): ModelEntry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (this.expired(entry)) {
      this.drop(key, 'expire');
      return undefined;
    }
    return entry;
  }

  set(key: Key, value: unknown, tags: readonly string[] = [], ttl = this.defaultTtl): void {
    const normal = key === 0 ? 0 : key;
    const expiresAt = ttl > 0 && ttl !== Infinity ? this.clock() + ttl : Infinity;
    const entry = { value, tags: [...new Set(tags)], expiresAt };
    const old = this.entries.get(normal);
    if (old !== undefined) {
      const reason = this.expired(old) ? 'expire' : 'set';
      this.removals.push([normal, old.value, reason]);
      if (reason === 'expire') this.counters.expirations++;
      this.entries.delete(normal);
    } else if (this.entries.size >= this.maxEntries) {
      const [leastRecent, victim] = this.entries.entries().next().value!;
      this.drop(leastRecent, this.expired(victim) ? 'expire' : 'evict');
    }
    this.entries.set(normal, entry);
    this.counters.sets++;
  }

  get(key: Key): unknown {
    const entry = this.live(key);
    if (entry === undefined) {
      this.counters.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key === 0 ? 0 : key, entry);
    this.counters.hits++;
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
      if (!entry.tags.some((tag) => tags.includes(tag))) continue;
      const expired = this.expired(entry);
      this.drop(key, expired ? 'expire' : 'tag');
      if (!expired) removed++;
    }
    this.counters.bulkRemoves++;
    return removed;
  }

  private liveWithTag(tag: string): Key[] {
    return [...this.entries].filter(([, entry]) => entry.tags.includes(tag) && !this.expired(entry)).map(([key]) => key);
  }

  countByTag(tag: string): number {
    return this.liveWithTag(tag).length;
  }

  keysByTag(tag: string): Key[] {
    return this.liveWithTag(tag);
  }

  tagsOf(key: Key): string[] {
    return this.live(key)?.tags.slice() ?? [];
  }

  clear(): void {
    for (const [key, entry] of [...this.entries].reverse()) this.drop(key, this.expired(entry) ? 'expire' : 'clear');
  }

  purgeExpired(): number {
    let removed = 0;
    for (const [key, entry] of [...this.entries]) {
      if (this.expired(entry)) {
        this.drop(key, 'expire');
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.entries.size;
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
    for (const entry of this.entries.values()) for (const tag of entry.tags) tags.add(tag);
    return tags.size;
  }
}
