// Types of the reference W-TinyLFU (./index.mjs), for the TypeScript tests.

export declare const WINDOW: 0;
export declare const PROBATION: 1;
export declare const PROTECTED: 2;
export type Region = 0 | 1 | 2;
export declare const REGION_NAMES: readonly ['window', 'probation', 'protected'];
export declare const ADMIT_HASHDOS_THRESHOLD: number;

export declare function initialWindowMaximum(capacity: number): number;
export declare function protectedMaximumFor(main: number): number;
export declare function spread(hash: number): number;
export declare function rehash(hash: number): number;
/** ⌊x · n / 2^32⌋ exactly, for u32 x and n. */
export declare function multiplyHigh32(x: number, n: number): number;
/** Natural logarithm from + − × ÷ only (bit-identical in JS and WebAssembly). */
export declare function ln(x: number): number;

export declare class XorShift32 {
  constructor(seed: number);
  state: number;
  next(): number;
}

export declare class FrequencySketch {
  constructor(capacity: number, entriesPerBlock?: number);
  readonly capacity: number;
  readonly blocks: number;
  readonly resetPeriod: number;
  table: Uint32Array | undefined;
  additions: number;
  resets: number;
  readonly byteLength: number;
  readonly allocated: boolean;
  allocate(): void;
  frequency(hash: number): number;
  increment(hash: number): void;
  halve(): void;
  counters(): number[];
}

interface Climber {
  readonly capacity: number;
  readonly samplePeriod: number;
  readonly minimumWindow: number;
  samples: number;
  recordHit(inWindow: boolean): void;
  recordMiss(): void;
  discardSample(): void;
  adjustment(windowMaximum: number): number;
}

export declare class DensityClimber implements Climber {
  constructor(capacity: number, samplePeriod: number, minimumWindow: number);
  readonly capacity: number;
  readonly samplePeriod: number;
  readonly minimumWindow: number;
  samples: number;
  windowHits: number;
  mainHits: number;
  requests: number;
  recordHit(inWindow: boolean): void;
  recordMiss(): void;
  discardSample(): void;
  adjustment(windowMaximum: number): number;
}

export declare class HillClimber implements Climber {
  constructor(capacity: number, samplePeriod: number);
  readonly capacity: number;
  readonly samplePeriod: number;
  readonly minimumWindow: number;
  samples: number;
  stepSize: number;
  recordHit(): void;
  recordMiss(): void;
  discardSample(): void;
  adjustment(): number;
}

export interface WTinyLfuOptions<K> {
  /** Maximum entries, an integer ≥ 1. */
  capacity: number;
  /** Seed of the admission's xorshift32 (0 is replaced by a constant). Default 1. */
  seed?: number;
  /** Window climber: 'density' (default), 'hill' (Caffeine 3's), or 'none' (fixed 1 % window). */
  climber?: 'density' | 'hill' | 'none';
  /** Called for each eviction, in order, with the key and the region it left. */
  onEvict?: (key: K, region: Region) => void;
}

export declare class WTinyLfu<K = unknown> {
  constructor(options: WTinyLfuOptions<K>);
  readonly capacity: number;
  readonly size: number;
  readonly sketch: FrequencySketch;
  readonly climber: Climber;
  readonly random: XorShift32;
  windowMaximum: number;
  protectedMaximum: number;
  climberActive: boolean;
  /** Entries per region: [window, probation, protected]. */
  readonly sizes: [number, number, number];
  evictions: number;
  has(key: K): boolean;
  regionOf(key: K): Region | undefined;
  /** Keys of a region from least to most recently used. */
  keysOf(region: Region): K[];
  /** get, then set on a miss; returns whether it hit. `hash` is the key's u32 hash. */
  access(key: K, hash: number): boolean;
  get(key: K, hash: number): boolean;
  set(key: K, hash: number): void;
  delete(key: K): boolean;
  admit(candidateHash: number, victimHash: number): boolean;
  checkIntegrity(): void;
}
