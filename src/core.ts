// Loading the WebAssembly core and viewing its memory.
//
// The module is compiled once per process (synchronously on first use, or
// asynchronously through loadCoreModule); each cache gets its own instance and
// memory. Views of memory are rebuilt only when the core moved a region or grew
// memory (which detaches the old buffer), never per operation.

import { coreWasmBase64 } from './core.wasm.gen';
import {
  HEADER_LAYOUT_VERSION, HEADER_REGION_START, REGION_EXPIRY, REGION_SCRATCH, REGION_SLOTS, REGION_TAGS, SLOT_NEXT,
  SLOT_STRIDE,
} from './layout';

/** The raw exports of the core (assembly/index.ts); numbers only. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  init(maxEntries: number): number;
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
  /** Debug build only: 0 when every structure is consistent, else the failed check's number. */
  checkIntegrity?(): number;
  /** Debug build only: the longest probe distance of any entry. */
  longestProbe?(): number;
}

let releaseModule: WebAssembly.Module | undefined;
let moduleOverride: WebAssembly.Module | undefined;

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
 * Makes new caches use another build of the core (tests use the debug build);
 * `undefined` restores the release build. Not part of the public API.
 */
export function useCoreModule(module: WebAssembly.Module | undefined): void {
  moduleOverride = module;
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
  /** Word index of tag record 0. */
  tagsWord = 0;
  /** f64 index of slot 0's expiry time. */
  expiryIndex = 0;
  private headerWord = 0;
  private layoutVersion = -1;
  /** Scratch words known to be reserved. */
  private scratchCapacity = 0;

  constructor(module: WebAssembly.Module) {
    const instance = new WebAssembly.Instance(module, {});
    this.exports = instance.exports as unknown as CoreExports;
    this.words = new Int32Array(0);
    this.times = new Float64Array(0);
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
    this.tagsWord = this.words[start + REGION_TAGS]! >>> 2;
    this.expiryIndex = this.words[start + REGION_EXPIRY]! >>> 3;
  }
}
