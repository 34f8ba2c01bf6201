// One core instance and typed-array views of its memory. Views are rebuilt
// only when the core moved a region or grew memory (which detaches the old
// buffer), never per operation.

import type { CoreExports } from './exports';
import {
  HEADER_LAYOUT_VERSION,
  HEADER_REGION_START,
  REGION_EXPIRY,
  REGION_SCRATCH,
  REGION_SLOTS,
  REGION_TAGS,
  SLOT_NEXT,
  SLOT_STRIDE,
  TAG_COUNT,
  TAG_STRIDE,
} from './layout';
import { instantiateCore } from './module';

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
    const instance = instantiateCore(module);
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
