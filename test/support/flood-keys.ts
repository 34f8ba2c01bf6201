// Crafting keys against src/hash.ts. Every step of both hashes is invertible
// (xor-shifts, odd multipliers, rotations), so keys with any chosen hash under a
// known seed can be computed directly instead of searched for.

import { hashNumber, hashString } from '../../src/store/hash';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const GOLDEN = 0x9e3779b1;

/** The inverse of an odd number modulo 2^32 (Newton's iteration). */
function inverseOdd(x: number): number {
  let y = x;
  for (let round = 0; round < 5; round++) y = Math.imul(y, 2 - Math.imul(x, y));
  return y;
}

const rotl = (x: number, bits: number): number => (x << bits) | (x >>> (32 - bits));

/** Inverts x ^= x >>> shift. */
function unshift(y: number, shift: number): number {
  let x = y;
  for (let round = 0; round * shift < 32; round++) x = y ^ (x >>> shift);
  return x;
}

/** The inverse of MurmurHash3's final mix (src/hash.ts mix). */
export function unmix(h: number): number {
  h = unshift(h, 16);
  h = Math.imul(h, inverseOdd(0xc2b2ae35));
  h = unshift(h, 13);
  h = Math.imul(h, inverseOdd(0x85ebca6b));
  return unshift(h, 16) | 0;
}

/** A 2-character block's contribution before it is xored into the state. */
const scramble = (block: number): number => Math.imul(rotl(Math.imul(block, C1), 15), C2);
const unscramble = (value: number): number => Math.imul(rotl(Math.imul(value, inverseOdd(C2)), 17), inverseOdd(C1));

/** hashString's state after the whole 2-character blocks of an even-length prefix. */
function stateAfter(prefix: string, seed: number): number {
  let h = seed;
  for (let index = 0; index + 1 < prefix.length; index += 2) {
    h ^= scramble(prefix.charCodeAt(index) | (prefix.charCodeAt(index + 1) << 16));
    h = rotl(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return h;
}

/** The string `prefix` + 2 characters whose hashString under `seed` is exactly `target`. */
export function stringWithHash(prefix: string, target: number, seed: number): string {
  if (prefix.length % 2 !== 0) throw new Error('prefix length must be even');
  const before = stateAfter(prefix, seed);
  const state = unmix(target) ^ (prefix.length + 2);
  const rotated = Math.imul((state - 0xe6546b64) | 0, inverseOdd(5));
  const block = unscramble(rotl(rotated, 19) ^ before);
  const key = prefix + String.fromCharCode(block & 0xffff, block >>> 16);
  if (hashString(key, seed) !== target) throw new Error('string inversion failed');
  return key;
}

/** The int32 whose hashNumber under `seed` is exactly `target`. */
export function integerWithHash(target: number, seed: number): number {
  const key = Math.imul(unmix(target) ^ seed, inverseOdd(GOLDEN)) ^ seed;
  if (hashNumber(key, seed) !== target) throw new Error('integer inversion failed');
  return key;
}

/**
 * `count` hashes with the same low `bits` bits (`home`) and, while there are
 * enough, distinct high bits: they share a home bucket in every table of at most
 * 2^bits buckets.
 */
export function hashesInBucket(count: number, bits: number, home: number): number[] {
  const distinct = 2 ** (32 - bits);
  return Array.from({ length: count }, (_, index) => ((index % distinct) * 2 ** bits + home) | 0);
}

/**
 * `2^chunks` strings of 4 × chunks characters with one and the same hashString
 * under EVERY seed. In each 4-character chunk (two blocks) the second variant
 * flips bit 18 of the first block's scrambled value, which after the rotation by
 * 13 is bit 31 of the state, which survives `* 5 + c` as a flip of bit 31 (adding
 * 2^31 is xoring it); the second block's scrambled value flips bit 31 too and
 * cancels it. The seed never enters, so a random seed does not help.
 */
export function seedIndependentCollisions(chunks: number): string[] {
  const text = (block: number): string => String.fromCharCode(block & 0xffff, block >>> 16);
  const variants: [string, string][] = [];
  for (let chunk = 0; chunk < chunks; chunk++) {
    const first = 0x00610061 + chunk; // "aa" + chunk
    const second = 0x00620062 + chunk;
    variants.push([
      text(first) + text(second),
      text(unscramble(scramble(first) ^ (1 << 18))) + text(unscramble(scramble(second) ^ 0x80000000)),
    ]);
  }
  return Array.from({ length: 2 ** chunks }, (_, mask) => variants.map((pair, chunk) => pair[(mask >>> chunk) & 1]!).join(''));
}

// ---- table geometry and the probe-length bound ------------------------------

/** The core's capacity after `entries` inserts (assembly/slots.ts: 64, doubling, capped at maxEntries). */
export function capacityFor(entries: number, maxEntries: number): number {
  let capacity = Math.min(64, maxEntries);
  while (capacity < entries) capacity = Math.min(capacity * 2, maxEntries);
  return capacity;
}

/** Bucket count for a capacity (assembly/slots.ts bucketCountFor): a power of two >= 2 x capacity. */
export function bucketsFor(capacity: number): number {
  let buckets = 8;
  while (buckets < capacity * 2) buckets *= 2;
  return buckets;
}

/**
 * A bound on the longest probe distance that a table of `buckets` buckets holding
 * `n` keys with independent uniform hashes exceeds with probability below `failure`.
 *
 * If an entry sits d buckets past its home, the run of occupied buckets holding
 * it has L >= d + 1 buckets, and every entry of a run has its home inside the run
 * (linear probing only moves entries forward over occupied buckets). So some
 * interval of L buckets received at least L homes. The homes in a fixed interval
 * of L buckets are Binomial(n, L / buckets) with mean aL (a = n / buckets, the
 * load, at most 1/2 here), and Chernoff gives P(X >= L) <= exp(-L (a - 1 - ln a)).
 * A union bound over the start bucket and over L >= d + 1 sums a geometric series:
 *   P(longest >= d) <= buckets * exp(-(d + 1) c) / (1 - exp(-c)),  c = a - 1 - ln a.
 * For a failure probability of 1e-9: at a = 0.38 (100k keys in 262,144 buckets)
 * c = 0.345 and d = 99; at a = 1/2 (32,768 keys in 65,536 buckets), the most the
 * table allows, c = 0.193 and d = 173. (A round "< 64" is not justified by this
 * bound at load 1/2: there it evaluates to more than 1.) Observed values are far
 * lower, about 15-30, while a flood reaches the number of keys minus one.
 */
export function probeBound(n: number, buckets: number, failure = 1e-9): number {
  const load = n / buckets;
  const c = load - 1 - Math.log(load);
  let d = 0;
  while ((buckets * Math.exp(-(d + 1) * c)) / (1 - Math.exp(-c)) > failure) d++;
  return d;
}
