// Size-weighted eviction: the size of each entry by slot, and their total.
// Allocated only for caches created with maxSize, so others pay one
// `undefined` check where an entry is stored or released, and nothing else.

import type { TagCacheOptions } from '../types';
import { checkEntrySize, checkMaxSize, checkOptionalFunction } from '../validate';

/** Sizes of the entries of one cache, indexed by slot, with their running total. */
export class EntrySizes<K, V> {
  /** Sum of the sizes of the entries held. */
  total = 0;
  /** Size of the entry in each slot; 0 for a free slot. */
  private readonly bySlot: number[] = [];

  constructor(
    /** Most the sizes may add up to. */
    readonly maxSize: number,
    private readonly sizeOf: (value: V, key: K) => number,
  ) {}

  /**
   * The size of an entry about to be stored, from the user's `sizeOf`.
   * @throws TypeError or RangeError for a bad size, or one larger than maxSize.
   */
  measure(value: V, key: K): number {
    return checkEntrySize(this.sizeOf(value, key), this.maxSize);
  }

  /** Records the size of the entry now in `slot` (new, or replacing the slot's previous entry). */
  assign(slot: number, size: number): void {
    this.total += size - (this.bySlot[slot] ?? 0);
    this.bySlot[slot] = size;
  }

  /** Forgets the size of an entry that left its slot. */
  release(slot: number): void {
    this.total -= this.bySlot[slot]!;
    this.bySlot[slot] = 0;
  }

  /** Whether the total exceeds maxSize, so least recent entries must go. */
  get overflowing(): boolean {
    return this.total > this.maxSize;
  }

  /** Forgets every size (after the cache was cleared). */
  reset(): void {
    this.total = 0;
    this.bySlot.length = 0;
  }
}

/**
 * The sizes store for the `maxSize` and `sizeOf` options, or undefined when
 * neither is given. The two options come together.
 * @throws TypeError or RangeError naming the option.
 */
export function entrySizesFor<K extends string | number, V>(options: TagCacheOptions<K, V>): EntrySizes<K, V> | undefined {
  const { maxSize, sizeOf } = options;
  checkOptionalFunction(sizeOf, 'options.sizeOf');
  if (maxSize === undefined && sizeOf === undefined) return undefined;
  if (sizeOf === undefined) throw new TypeError('taglru: options.sizeOf is required with options.maxSize');
  if (maxSize === undefined) throw new TypeError('taglru: options.maxSize is required with options.sizeOf');
  return new EntrySizes(checkMaxSize(maxSize), sizeOf);
}
