// Seeded 32-bit key hashes, computed in JS so every core call takes one integer.
//
// Strings: MurmurHash3 (x86_32) over UTF-16 code units, two per block. Numbers:
// integers mix their value, other numbers their IEEE-754 bits. The seed is
// random per cache, so keys chosen to collide in one cache do not in another.
// A 32-bit hash can still collide; the wrapper always confirms the key itself.

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
