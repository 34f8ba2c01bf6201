// Mirrors assembly/layout.ts: where the wrapper finds things in the core's memory.

/** i32 index of the layout version word, relative to the header. */
export const HEADER_LAYOUT_VERSION = 0;
/** i32 index of the first region start, relative to the header. */
export const HEADER_REGION_START = 1;

/** Region indices, as in assembly/layout.ts. */
export const REGION_SCRATCH = 0;
export const REGION_SLOTS = 1;
export const REGION_EXPIRY = 2;
export const REGION_TAGS = 4;

/** Slot record stride and the offset of its SLOT_NEXT link, in bytes. */
export const SLOT_STRIDE = 32;
export const SLOT_NEXT = 8;

/** Tag record stride and the offset of its count, in bytes. */
export const TAG_STRIDE = 64;
export const TAG_COUNT = 8;

/** Largest maxEntries the core accepts (slots fit 24 bits). */
export const MAX_ENTRIES = 16_777_216;

/** insert() result flags (assembly/layout.ts). */
export const FLAG_EVICTED = 1 << 30;
export const FLAG_EVICTED_EXPIRED = 1 << 29;
export const FLAG_LONG_PROBE = 1 << 28;
export const FLAG_EVICTED_STALE = 1 << 27;
/** insert result under 'tinylfu' (alone): the new entry lost admission and was not stored. */
export const FLAG_REJECTED = 1 << 26;
export const SLOT_MASK = 0xffffff;
/** Flag on a slot a bulk removal wrote to scratch: the entry was stale (assembly/layout.ts). */
export const REMOVED_STALE = 1 << 30;
/** Core error code: memory could not grow (assembly/layout.ts). */
export const ERROR_OUT_OF_MEMORY = -0x7fff0001;
