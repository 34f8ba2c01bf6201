// Count-min frequency sketch with 4-bit counters and halving, allocated when the cache is first
// half full. The exact algorithm, word for word what the core mirrors, is in ./index.mjs (step 2).

/** Counters are grouped in 64-byte blocks: 16 u32 words of 8 nibbles; row i owns words 4i..4i+3. */
export const WORDS_PER_BLOCK = 16;
/**
 * Cache entries per 64-byte block: 6, so 10⅔ bytes (21⅓ counters) an entry. Caffeine gives
 * 8 bytes to each entry of ceilPow2(capacity), 8 to 16 (11.5 on average) per real entry; 8 flat
 * measured worse on the small traces, and more would break the 16 B/entry budget.
 */
export const ENTRIES_PER_BLOCK = 6;
/** The sketch never has fewer blocks than this (1 KiB). */
export const MIN_BLOCKS = 16;
/** Halve every counter after this many increments per cache entry (Caffeine: 10). */
export const RESET_PERIOD_PER_ENTRY = 10;

const ODD_MASK = 0x11111111;
const HALVE_MASK = 0x77777777;

/** Caffeine's FrequencySketch.spread: the block index comes from these bits. */
export function spread(x) {
  x = (x ^ (x >>> 17)) >>> 0;
  x = Math.imul(x, 0xed5ad4bb) >>> 0;
  x = (x ^ (x >>> 11)) >>> 0;
  x = Math.imul(x, 0xac4c1b51) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

/** Caffeine's FrequencySketch.rehash: one byte of this picks each row's counter. */
export function rehash(x) {
  x = Math.imul(x, 0x31848bab) >>> 0;
  return (x ^ (x >>> 14)) >>> 0;
}

/** ⌊x · n / 2^32⌋ for u32 x and n, exactly (split so that no product exceeds 2^53). */
export function multiplyHigh32(x, n) {
  const high = (x >>> 16) * n;
  const low = (x & 0xffff) * n;
  return Math.floor((high + Math.floor(low / 65536)) / 65536);
}

export class FrequencySketch {
  /**
   * @param {number} capacity the cache's maximum entries; fixes the size and the reset period
   * @param {number} [entriesPerBlock] cache entries per 64-byte block (tests and experiments only)
   */
  constructor(capacity, entriesPerBlock = ENTRIES_PER_BLOCK) {
    this.capacity = capacity;
    /** Blocks once allocated: ⌈capacity / 6⌉, at least MIN_BLOCKS (any integer, not a power of two). */
    this.blocks = Math.max(MIN_BLOCKS, Math.ceil(capacity / entriesPerBlock));
    /** No table until the cache is first half full (allocate()): until then nothing is counted. */
    this.table = undefined;
    this.resetPeriod = RESET_PERIOD_PER_ENTRY * capacity;
    /** Increments (that raised at least one counter) since the last halving. */
    this.additions = 0;
    /** Halvings so far (for tests and stats). */
    this.resets = 0;
  }

  /** Bytes of the counter table now (0 before allocate()). */
  get byteLength() {
    return this.table ? this.table.length * 4 : 0;
  }

  get allocated() {
    return this.table !== undefined;
  }

  /** Allocates the zeroed table; later calls do nothing. */
  allocate() {
    if (!this.table) this.table = new Uint32Array(this.blocks * WORDS_PER_BLOCK);
  }

  /** The block of a spread hash: the high 32 bits of blockHash × blocks (Lemire's multiply-shift range reduction). */
  blockOf(blockHash) {
    return multiplyHigh32(blockHash, this.blocks);
  }

  /** Estimated frequency of a hash, 0..15: the minimum of its 4 counters. */
  frequency(hash) {
    if (!this.table) return 0;
    const blockHash = spread(hash >>> 0);
    const counterHash = rehash(blockHash);
    const base = this.blockOf(blockHash) * WORDS_PER_BLOCK;
    const table = this.table;
    let min = 15;
    for (let row = 0; row < 4; row++) {
      const h = counterHash >>> (row << 3);
      const count = (table[base + (row << 2) + (h & 3)] >>> (((h >>> 2) & 7) << 2)) & 15;
      if (count < min) min = count;
    }
    return min;
  }

  /** Adds one to each of the hash's 4 counters that is below 15; halves all after resetPeriod. */
  increment(hash) {
    if (!this.table) return;
    const blockHash = spread(hash >>> 0);
    const counterHash = rehash(blockHash);
    const base = this.blockOf(blockHash) * WORDS_PER_BLOCK;
    const table = this.table;
    let added = false;
    for (let row = 0; row < 4; row++) {
      const h = counterHash >>> (row << 3);
      const word = base + (row << 2) + (h & 3);
      const shift = ((h >>> 2) & 7) << 2;
      if (((table[word] >>> shift) & 15) !== 15) {
        table[word] = (table[word] + (1 << shift)) >>> 0;
        added = true;
      }
    }
    if (added && ++this.additions === this.resetPeriod) this.halve();
  }

  /** Ages the sketch: every counter is halved; `additions` drops as Caffeine's reset does. */
  halve() {
    const table = this.table ?? [];
    let odd = 0;
    for (let i = 0; i < table.length; i++) {
      odd += popcount(table[i] & ODD_MASK);
      table[i] = (table[i] >>> 1) & HALVE_MASK;
    }
    this.additions = (this.additions - (odd >>> 2)) >>> 1;
    this.resets++;
  }

  /** Every counter, for tests: an array of numbers 0..15. */
  counters() {
    const out = [];
    for (const word of this.table ?? []) for (let s = 0; s < 32; s += 4) out.push((word >>> s) & 15);
    return out;
  }
}

function popcount(x) {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}
