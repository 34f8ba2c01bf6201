// Loading the WebAssembly core and viewing its memory.
//
// The module is compiled once per process (synchronously on first use, or
// asynchronously through loadCoreModule); each cache gets its own instance and
// memory. Views of memory are rebuilt only when the core moved a region or grew
// memory (which detaches the old buffer), never per operation.

import { coreWasmBase64 } from './core.wasm.gen';
import {
  HEADER_LAYOUT_VERSION, HEADER_REGION_START, REGION_EXPIRY, REGION_SCRATCH, REGION_SLOTS, REGION_TAGS, SLOT_NEXT,
  SLOT_STRIDE, TAG_COUNT, TAG_STRIDE,
} from './layout';

/** The raw exports of the core (assembly/index.ts); numbers only. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  /** `policy`: 0 'lru' (the default when left out), 1 'tinylfu'. */
  init(maxEntries: number, policy?: number): number;
  header(): number;
  get(hash: number, now: number): number;
  undoTouch(): void;
  find(hash: number, nth: number): number;
  touch(slot: number): void;
  countMiss(slot: number): void;
  deadState(slot: number, now: number): number;
  insert(hash: number, tagCount: number, expiresAt: number, now: number): number;
  insertIfAbsent(hash: number, tagCount: number, expiresAt: number, now: number): number;
  replace(slot: number, tagCount: number, expiresAt: number): number;
  remove(slot: number): void;
  bulkRemove(tagCount: number, maxRemovals: number): number;
  bulkRemoveRebuilding(tagCount: number, maxRemovals: number): number;
  rebuildPending(): number;
  memberships(tagCount: number): number;
  markStale(tagCount: number): number;
  /** Makes every entry held stale in O(1); returns how many it made stale, or ERROR_OUT_OF_MEMORY. */
  markAllStale(): number;
  sweepStale(tagId: number, maxRemovals: number): number;
  staleEntries(): number;
  victim(): number;
  tagCounter(tagId: number, which: number): number;
  resetTagStats(tagId: number): void;
  purgeExpired(now: number, maxRemovals: number, restart: number): number;
  rehash(count: number): number;
  clear(): void;
  tagsOf(slot: number): number;
  slotsOfTag(tagId: number, now: number): number;
  countLive(tagId: number, now: number): number;
  reserveTags(count: number): number;
  reserveScratch(words: number): number;
  enableExpiry(): number;
  entryCount(): number;
  liveTags(): number;
  lruHead(): number;
  lruTail(): number;
  /** A figure of the eviction policy (see assembly/index.ts policyStat): 0 policy id, 1 window maximum, 3 sketch bytes, ... */
  policyStat(which: number): number;
  /** Seeds the 'tinylfu' admission's random source. */
  setAdmissionSeed(seed: number): void;
  /** The 'tinylfu' segment of a live slot (0 window, 1 probation, 2 protected, 3 retired); -1 under 'lru'. */
  segmentOf(slot: number): number;
  /** Debug build only: 0 when every structure is consistent, else the failed check's number. */
  checkIntegrity?(): number;
  /** Debug build only: the longest probe distance of any entry. */
  longestProbe?(): number;
  /** Debug build only: like checkIntegrity, but a broken invariant aborts (a failed assert). */
  assertIntegrity?(): number;
}

/** Instantiates a core module with the imports it needs. */
export type CoreInstantiate = (module: WebAssembly.Module) => WebAssembly.Instance;

/** For an override given no instantiate: the debug builds import env.abort (the release build imports nothing). */
const instantiatePlain: CoreInstantiate = (module) =>
  new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('the core aborted'); } } });

let releaseModule: WebAssembly.Module | undefined;
let moduleOverride: WebAssembly.Module | undefined;
let instantiateOverride: CoreInstantiate = instantiatePlain;

function releaseBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(coreWasmBase64);
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
  return bytes;
}

/** The compiled core, compiling it synchronously on first use. */
export function coreModule(): WebAssembly.Module {
  if (moduleOverride !== undefined) return moduleOverride;
  releaseModule ??= new WebAssembly.Module(releaseBytes());
  return releaseModule;
}

/** Compiles the core asynchronously (allowed everywhere, also where sync compilation is not). */
export async function loadCoreModule(): Promise<void> {
  if (moduleOverride !== undefined || releaseModule !== undefined) return;
  const compiled = await WebAssembly.compile(releaseBytes());
  releaseModule ??= compiled;
}

/**
 * Makes new caches use another build of the core (tests use the debug build),
 * instantiated by `instantiate` (tests pass @assemblyscript/loader's, which
 * turns a core abort into its message, file and line); `undefined` restores
 * the release build. Not part of the public API.
 */
export function useCoreModule(module: WebAssembly.Module | undefined, instantiate?: CoreInstantiate): void {
  moduleOverride = module;
  instantiateOverride = instantiate ?? instantiatePlain;
}

/** One core instance and typed-array views of its memory. */
export class CoreInstance {
  readonly exports: CoreExports;
  /** Word view of all memory; slots, scratch and tag records are read through it. */
  words: Int32Array;
  /** f64 view of all memory, for expiry times. */
  times: Float64Array;
  /** Word index of slot 0's record. */
  slotsWord = 0;
  /** Word index of scratch word 0. */
  scratchWord = 0;
  /** The scratch region's words (rebuilt with the other views); read and written only by core/scratch.ts. */
  scratch: Int32Array;
  /** Word index of tag record 0. */
  tagsWord = 0;
  /** f64 index of slot 0's expiry time. */
  expiryIndex = 0;
  private headerWord = 0;
  private layoutVersion = -1;
  /** Scratch words known to be reserved. */
  private scratchCapacity = 0;

  constructor(module: WebAssembly.Module) {
    const instance = module === moduleOverride ? instantiateOverride(module) : instantiatePlain(module);
    this.exports = instance.exports as unknown as CoreExports;
    this.words = new Int32Array(0);
    this.times = new Float64Array(0);
    this.scratch = new Int32Array(0);
  }

  /** Call once after init(): the header exists from then on. */
  attach(): void {
    this.headerWord = this.exports.header() >>> 2;
    this.refresh();
  }

  /** Makes sure the scratch region holds `words` words; false when memory cannot grow. */
  reserveScratch(words: number): boolean {
    if (words <= this.scratchCapacity) return true;
    if (this.exports.reserveScratch(words) < 0) return false;
    this.scratchCapacity = words;
    this.words = new Int32Array(0); // the scratch view must cover the new capacity
    return true;
  }

  /** Live slots from most to least recent, read from memory. */
  slotsByRecency(): number[] {
    this.refresh();
    const words = this.words;
    const nextWord = this.slotsWord + SLOT_NEXT / 4;
    const stride = SLOT_STRIDE / 4;
    const slots: number[] = [];
    for (let slot = this.exports.lruHead(); slot !== -1; slot = words[nextWord + slot * stride]!) slots.push(slot);
    return slots;
  }

  /** How many entries carry `tagId` (its record's count; stale ones included). */
  tagEntryCount(tagId: number): number {
    this.refresh();
    return this.words[this.tagsWord + TAG_COUNT / 4 + tagId * (TAG_STRIDE / 4)]!;
  }

  /** Sets when a live slot expires (expiry must be enabled): sliding expiry renews entries this way. */
  setExpiresAt(slot: number, time: number): void {
    this.refresh();
    this.times[this.expiryIndex + slot] = time;
  }

  /** Rebuilds views if memory grew or a region moved since the last look. */
  refresh(): void {
    if (this.words.length !== 0 && this.words[this.headerWord + HEADER_LAYOUT_VERSION] === this.layoutVersion) {
      return;
    }
    const buffer = this.exports.memory.buffer;
    this.words = new Int32Array(buffer);
    this.times = new Float64Array(buffer);
    const start = this.headerWord + HEADER_REGION_START;
    this.layoutVersion = this.words[this.headerWord + HEADER_LAYOUT_VERSION]!;
    this.slotsWord = this.words[start + REGION_SLOTS]! >>> 2;
    this.scratchWord = this.words[start + REGION_SCRATCH]! >>> 2;
    this.scratch = this.words.subarray(this.scratchWord, this.scratchWord + this.scratchCapacity);
    this.tagsWord = this.words[start + REGION_TAGS]! >>> 2;
    this.expiryIndex = this.words[start + REGION_EXPIRY]! >>> 3;
  }
}
