// Seeded 32-bit key hashes, computed in JS so every core call takes one integer.
//
// Strings: MurmurHash3 (x86_32) over UTF-16 code units, two per block: fast, but
// MurmurHash3 has seed-independent multicollisions, so a cache that sees keys
// crafted to collide switches to HalfSipHash-1-3 (a keyed PRF: collisions cannot
// be found without the key). Numbers: integers mix their value, other numbers
// their IEEE-754 bits; both are bijective before the final mix, so distinct
// integers never share a hash. A 32-bit hash can still collide by chance; the
// wrapper always confirms the key itself.

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** The final avalanche of MurmurHash3: every input bit affects every output bit. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of a string key under `seed`. */
export function hashString(key: string, seed: number): number {
  const length = key.length;
  let h = seed;
  let index = 0;
  for (; index + 1 < length; index += 2) {
    let block = key.charCodeAt(index) | (key.charCodeAt(index + 1) << 16);
    block = Math.imul(block, 0xcc9e2d51);
    block = (block << 15) | (block >>> 17);
    h ^= Math.imul(block, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (index < length) {
    let block = Math.imul(key.charCodeAt(index), 0xcc9e2d51);
    block = (block << 15) | (block >>> 17);
    h ^= Math.imul(block, 0x1b873593);
  }
  return mix(h ^ length);
}

/** HalfSipHash-1-3 of a string's UTF-16 code units (two per word) under the key (key0, key1). */
export function hashStringKeyed(key: string, key0: number, key1: number): number {
  let v0 = key0;
  let v1 = key1;
  let v2 = 0x6c796765 ^ key0;
  let v3 = 0x74656462 ^ key1;
  const length = key.length;
  let index = 0;
  let word: number;
  for (;;) {
    const last = index + 1 >= length;
    // The last word carries the length, which keeps the encoding injective.
    word = last ? (length << 16) | (index < length ? key.charCodeAt(index) : 0) : key.charCodeAt(index) | (key.charCodeAt(index + 1) << 16);
    v3 ^= word;
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
    v0 ^= word;
    if (last) break;
    index += 2;
  }
  v2 ^= 0xff;
  for (let round = 0; round < 3; round++) {
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
  }
  return v1 ^ v3;
}

/** Hash of a number key under `seed`; -0 hashes as 0, like Map treats it. */
export function hashNumber(key: number, seed: number): number {
  if ((key | 0) === key) return mix(Math.imul(key ^ seed, 0x9e3779b1) ^ seed);
  float[0] = key;
  return mix(Math.imul(floatWords[0]! ^ seed, 0x9e3779b1) ^ floatWords[1]! ^ 0x5bd1e995);
}

/** A random 32-bit seed (crypto when available). */
export function randomSeed(): number {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => Uint32Array } }).crypto;
  if (crypto?.getRandomValues !== undefined) return crypto.getRandomValues(new Uint32Array(1))[0]! | 0;
  return (Math.random() * 0x100000000) | 0;
}
