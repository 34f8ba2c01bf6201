/**
 * A set of invalidations waiting to be published, deduplicated by key and tag. Invalidations commute
 * (each only removes or marks stale), so a batch is a set, applied as: everything, then tags, then keys.
 */

/** Keys of a cache: strings or numbers, kept apart so that `1` and `'1'` stay different. */
export type CacheKey = string | number;

/** What a batch holds, in the form it travels. */
export interface BatchContents {
  /** `'clear'` removes everything; `'stale'` marks everything stale (markAllStale, or an overflowed queue). */
  all: 'clear' | 'stale' | undefined;
  removedTags: string[];
  staleTags: string[];
  keys: CacheKey[];
}

/** A deduplicated, bounded set of invalidations. */
export class InvalidationBatch {
  private all: 'clear' | 'stale' | undefined;
  private readonly removedTags = new Set<string>();
  private readonly staleTags = new Set<string>();
  private readonly keys = new Set<CacheKey>();
  /** How many times the batch overflowed into "everything stale". */
  overflows = 0;

  /** @param maxItems - keys and tags held before the batch collapses into one "everything stale". */
  constructor(private readonly maxItems: number) {}

  /** Keys and tags held (an "everything" counts as one). */
  get size(): number {
    return this.removedTags.size + this.staleTags.size + this.keys.size + (this.all === undefined ? 0 : 1);
  }

  /** Nothing is waiting. */
  get isEmpty(): boolean {
    return this.size === 0;
  }

  /** A key was written or removed. */
  addKey(key: CacheKey): void {
    this.keys.add(key);
    this.bound();
  }

  /** Tags were removed (`removed`) or made stale. */
  addTags(tags: readonly string[], removed: boolean): void {
    const target = removed ? this.removedTags : this.staleTags;
    for (const tag of tags) target.add(tag);
    this.bound();
  }

  /** Everything: what came before is subsumed, so it is dropped. */
  addAll(kind: 'clear' | 'stale'): void {
    this.all = kind === 'clear' || this.all === 'clear' ? 'clear' : 'stale';
    this.removedTags.clear();
    this.staleTags.clear();
    this.keys.clear();
  }

  /** Puts back what a failed publish took (it is still owed). */
  merge(contents: BatchContents): void {
    if (contents.all !== undefined) this.all = contents.all === 'clear' || this.all === 'clear' ? 'clear' : 'stale';
    for (const tag of contents.removedTags) this.removedTags.add(tag);
    for (const tag of contents.staleTags) this.staleTags.add(tag);
    for (const key of contents.keys) this.keys.add(key);
    this.bound();
  }

  /** Empties the batch, returning what it held. */
  take(): BatchContents {
    const contents: BatchContents = {
      all: this.all,
      removedTags: [...this.removedTags],
      staleTags: [...this.staleTags],
      keys: [...this.keys],
    };
    this.all = undefined;
    this.removedTags.clear();
    this.staleTags.clear();
    this.keys.clear();
    return contents;
  }

  private bound(): void {
    if (this.size <= this.maxItems) return;
    this.overflows += 1;
    this.addAll('stale');
  }
}
