// Key hashes of one cache and its flood defence: MurmurHash3 under a random
// seed until an insert lands far from its home bucket, then HalfSipHash under
// a second random key (numbers: a fresh seed), for the cache's life.

import { hashNumber, hashString, hashStringKeyed, randomSeed } from './hash';
import { checkKey } from '../validate';

/** The hash function and seeds of one cache. */
export class KeyHashing {
  /** Seed of MurmurHash3, and first half of the HalfSipHash key. */
  seed = randomSeed();
  /** Second half of the HalfSipHash key (and the number seed) once keys crafted to collide were seen. */
  readonly keyedSeed = randomSeed();
  /** Whether the cache switched to keyed hashing (see switchToKeyedHashing in entry-store.ts). */
  keyed = false;

  /**
   * The 32-bit hash of `key`.
   * @throws TypeError for a key that is neither a string nor a number other than NaN.
   */
  hashOf(key: string | number): number {
    if (typeof key === 'string') return this.keyed ? hashStringKeyed(key, this.seed, this.keyedSeed) : hashString(key, this.seed);
    checkKey(key);
    return hashNumber(key, this.keyed ? this.keyedSeed : this.seed);
  }

  /** The hash `key` will have once keyed hashing is on. */
  keyedHashOf(key: string | number): number {
    return typeof key === 'string' ? hashStringKeyed(key, this.seed, this.keyedSeed) : hashNumber(key, this.keyedSeed);
  }
}
