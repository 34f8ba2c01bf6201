// Types of scripts/soak-core.mjs for TypeScript consumers (test/soak.test.ts, test/support/random.ts).

/** mulberry32: a small seeded PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number;

export interface SoakOptions {
  /** Operations to run (default 1,000,000). */
  ops?: number;
  /** maxEntries of the cache (default 50,000). */
  maxEntries?: number;
  /** PRNG seed. */
  seed?: number;
  /** Operations before the memory is first sampled, once the cache is full (default: 10% of ops, at least 10 x maxEntries, at most half). */
  warmup?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  ops: number;
  warmup: number;
  gets: number;
  hits: number;
  sets: number;
  evictions: number;
  expirations: number;
  memory: {
    /** The operation at which warm-up ended (undefined: the cache never filled after `warmup`). */
    warmupOps?: number;
    wasmAfterWarmup?: number;
    heapAfterWarmup?: number;
    wasmAtEnd: number;
    heapAtEnd: number;
    wasmGrew: boolean;
  };
}

type CacheClass = new (options: {
  maxEntries: number;
  now: () => number;
}) => {
  set(key: string | number, value: number, options?: { tags?: string[]; ttl?: number }): unknown;
  get(key: string | number): number | undefined;
  delete(key: string | number): boolean;
  bulkRemove(tags: string | string[]): number;
  readonly size: number;
  stats(): object;
};

export function runSoak(TagCache: CacheClass, options?: SoakOptions): SoakResult;
