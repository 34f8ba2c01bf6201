// The 'tinylfu' frequency sketch: a count-min sketch of 4-bit counters, 8 to a
// u32 word, in 64-byte blocks of 16 words (row i owns words 4i..4i+3), halved
// every 10 × capacity increments. Allocated (REGION_SKETCH, last in memory) the
// first time the cache is half full: max(16, ceil(capacity / 6)) blocks, under
// 11 bytes an entry. Word for word the reference's (test/support/tinylfu/sketch.mjs).

import { REGION_SKETCH, regionBytes, resizeRegion, sketchBase } from "./layout";

const WORDS_PER_BLOCK: u32 = 16;
const ENTRIES_PER_BLOCK: i32 = 6;
const MIN_BLOCKS: i32 = 16;
const RESET_PERIOD_PER_ENTRY: i32 = 10;
const ODD_MASK: u32 = 0x11111111;
const HALVE_MASK: u32 = 0x77777777;

/** Blocks the table has once allocated. */
let blocks: u32 = 0;
let resetPeriod: i32 = 0;
/** Increments (that raised a counter) since the last halving. */
let additions: i32 = 0;
/** Whether the table is in use (its memory may outlive a clear, zeroed on reuse). */
export let sketchAllocated: bool = false;
/** Halvings so far. */
export let sketchResets: i32 = 0;

/** Sizes the sketch for a cache of `capacity` entries; allocates nothing. */
export function initSketch(capacity: i32): void {
  const wanted = (capacity + ENTRIES_PER_BLOCK - 1) / ENTRIES_PER_BLOCK;
  blocks = <u32>(wanted > MIN_BLOCKS ? wanted : MIN_BLOCKS);
  resetPeriod = RESET_PERIOD_PER_ENTRY * capacity;
  resetSketch(false);
}

/** Increments that raised a counter since the last halving (or reset). */
export function sketchAdditions(): i32 {
  return additions;
}

/** Bytes of the table while in use. */
export function sketchBytes(): i32 {
  return sketchAllocated ? <i32>(blocks * WORDS_PER_BLOCK * 4) : 0;
}

/** Forgets every count; with `keep`, the table stays in use (zeroed), else it waits for allocateSketch. */
export function resetSketch(keep: bool): void {
  additions = 0;
  sketchResets = 0;
  if (keep && sketchAllocated) memory.fill(sketchBase, 0, <usize>(blocks * WORDS_PER_BLOCK * 4));
  else sketchAllocated = false;
}

/** Puts the zeroed table in use. False when memory cannot grow (nothing changes). */
export function allocateSketch(): bool {
  if (sketchAllocated) return true;
  const bytes = <usize>(blocks * WORDS_PER_BLOCK * 4);
  if (regionBytes(REGION_SKETCH) < bytes && !resizeRegion(REGION_SKETCH, bytes)) return false;
  memory.fill(sketchBase, 0, bytes);
  sketchAllocated = true;
  return true;
}

@inline function spread(x: u32): u32 {
  x ^= x >>> 17;
  x *= 0xed5ad4bb;
  x ^= x >>> 11;
  x *= 0xac4c1b51;
  return x ^ (x >>> 15);
}

@inline function rehashed(x: u32): u32 {
  x *= 0x31848bab;
  return x ^ (x >>> 14);
}

/** Address of the first word of a spread hash's block: the high half of blockHash × blocks. */
@inline function blockAddress(blockHash: u32): usize {
  const block = <u32>((<u64>blockHash * <u64>blocks) >>> 32);
  return sketchBase + (<usize>(block * WORDS_PER_BLOCK) << 2);
}

/** Estimated frequency of a hash, 0..15 (0 before the table is in use). */
export function frequency(hash: u32): i32 {
  if (!sketchAllocated) return 0;
  const blockHash = spread(hash);
  const counterHash = rehashed(blockHash);
  const base = blockAddress(blockHash);
  let least: u32 = 15;
  for (let row: u32 = 0; row < 4; row++) {
    const h = counterHash >>> (row << 3);
    const word = load<u32>(base + (<usize>((row << 2) + (h & 3)) << 2));
    const count = (word >>> (((h >>> 2) & 7) << 2)) & 15;
    if (count < least) least = count;
  }
  return <i32>least;
}

/** Adds one to each of the hash's 4 counters below 15; halves them all every resetPeriod increments. */
export function increment(hash: u32): void {
  if (!sketchAllocated) return;
  const blockHash = spread(hash);
  const counterHash = rehashed(blockHash);
  const base = blockAddress(blockHash);
  let added = false;
  for (let row: u32 = 0; row < 4; row++) {
    const h = counterHash >>> (row << 3);
    const address = base + (<usize>((row << 2) + (h & 3)) << 2);
    const shift = ((h >>> 2) & 7) << 2;
    const word = load<u32>(address);
    if (((word >>> shift) & 15) != 15) {
      store<u32>(address, word + (<u32>1 << shift));
      added = true;
    }
  }
  if (added && ++additions == resetPeriod) halve();
}

/** Ages the sketch: every counter halved; additions drop as Caffeine's reset does. */
function halve(): void {
  const end = sketchBase + (<usize>(blocks * WORDS_PER_BLOCK) << 2);
  let odd: u32 = 0;
  for (let address = sketchBase; address < end; address += 4) {
    const word = load<u32>(address);
    odd += <u32>popcnt<u32>(word & ODD_MASK);
    store<u32>(address, (word >>> 1) & HALVE_MASK);
  }
  additions = <i32>((<u32>additions - (odd >>> 2)) >>> 1);
  sketchResets++;
}
