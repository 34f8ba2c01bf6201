// Hash flooding: keys crafted to share one home bucket under a KNOWN seed
// spread out in a cache with its own random seed; and a cache whose seed is
// known detects the pile-up (an insert far from its home bucket) and re-keys
// itself. Uses the debug build's longestProbe(). Keys that collide under every
// MurmurHash3 seed: test/flooding-any-seed.test.ts.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { hashNumber, hashString } from '../src/store/hash';
import { coreOf, integrityOf, seedOf, setSeed, usesKeyedHashing } from './support/internals';
import { bucketsFor, capacityFor, hashesInBucket, integerWithHash, probeBound, stringWithHash } from './support/flood-keys';
import { useDebugBuild } from './support/setup';

useDebugBuild();

const S = 0x5eed1234;

const keyedHashingOf = usesKeyedHashing;

function longestProbe(cache: object): number {
  return coreOf(cache).longestProbe!();
}

describe('hash flooding', () => {
  it('the bound is what the comment says', () => {
    expect(probeBound(100_000, 262_144)).toBeGreaterThan(90);
    expect(probeBound(100_000, 262_144)).toBeLessThan(110);
    expect(probeBound(32_768, 65_536)).toBeGreaterThan(160); // load 1/2, the most the table allows
    expect(probeBound(32_768, 65_536)).toBeLessThan(190);
  });

  describe('string keys', () => {
    const N = 100_000;
    const buckets = bucketsFor(capacityFor(N, N)); // 262,144 = 2^18
    const bits = Math.log2(buckets);
    const home = 12_345;
    // Keys with distinct hashes (while 2^(32 - 18) = 16,384 last), all with low 18 bits = home under S.
    const keys = hashesInBucket(N, bits, home).map((hash, index) => stringWithHash(`flood:${String(index).padStart(6, '0')}`, hash, S));
    const attacked = 16_384; // the known-seed cache gets these (distinct hashes); a flood costs O(n^2)

    it('all land in one home bucket under S, in every table size up to 2^18 buckets', () => {
      expect(bits).toBe(18);
      expect(new Set(keys).size).toBe(N);
      expect(keys.every((key) => (hashString(key, S) & (buckets - 1)) === home)).toBe(true);
      expect(new Set(keys.slice(0, attacked).map((key) => hashString(key, S))).size).toBe(attacked);
    });

    it('(a) make a cache whose seed is S re-key itself, after which they spread out', () => {
      const cache = new TagCache<string, number>({ maxEntries: N });
      setSeed(cache, S);
      keys.slice(0, attacked).forEach((key, index) => cache.set(key, index));
      const longest = longestProbe(cache);
      const bound = probeBound(attacked, bucketsFor(capacityFor(attacked, N)));
      console.log(`flooding, strings: longest probe with the known seed: ${longest} (${attacked} keys, bound ${bound})`);
      expect(keyedHashingOf(cache)).toBe(true);
      expect(longest).toBeLessThan(bound);
      expect(cache.get(keys[attacked - 1]!)).toBe(attacked - 1);
      expect(cache.get(keys[0]!)).toBe(0);
      expect(integrityOf(cache)).toBe(0);
    });

    it('(b) spread out in a cache with a random seed', () => {
      const cache = new TagCache<string, number>({ maxEntries: N });
      expect(seedOf(cache)).not.toBe(S);
      keys.forEach((key, index) => cache.set(key, index));
      const homes = new Set(keys.map((key) => hashString(key, seedOf(cache)) & (buckets - 1)));
      expect(homes.size).toBeGreaterThan(0.8 * N); // uniform: about 83,100 distinct of 262,144
      const longest = longestProbe(cache);
      const bound = probeBound(N, buckets);
      console.log(`flooding, strings: longest probe with a random seed: ${longest} (${N} keys, bound ${bound})`);
      expect(longest).toBeLessThan(bound);
      expect([cache.size, cache.get(keys[0]!), cache.get(keys[N - 1]!), integrityOf(cache)]).toEqual([N, 0, N - 1, 0]);
    });
  });

  describe('integer keys', () => {
    // hashNumber is a bijection on int32, so at most 2^(32 - bits) integers share a home
    // bucket of a table of 2^bits buckets: 32,768 keys at load 1/2 is about the most.
    const N = 32_768;
    const buckets = bucketsFor(capacityFor(N, N)); // 2^16
    const bits = Math.log2(buckets);
    const home = 777;
    const keys = hashesInBucket(N, bits, home).map((hash) => integerWithHash(hash, S));
    const attacked = N;

    it('all land in one home bucket under S', () => {
      expect(bits).toBe(16);
      expect(new Set(keys).size).toBe(N);
      expect(keys.every((key) => Number.isInteger(key) && (hashNumber(key, S) & (buckets - 1)) === home)).toBe(true);
    });

    it('(a) make a cache whose seed is S re-key itself; (b) spread out with a random seed', () => {
      const known = new TagCache<number, number>({ maxEntries: N });
      setSeed(known, S);
      keys.slice(0, attacked).forEach((key, index) => known.set(key, index));
      const bound = probeBound(N, buckets);
      const defended = longestProbe(known);
      expect(keyedHashingOf(known)).toBe(true);
      expect(defended).toBeLessThan(bound);

      const fresh = new TagCache<number, number>({ maxEntries: N });
      keys.forEach((key, index) => fresh.set(key, index));
      const longest = longestProbe(fresh);
      console.log(
        `flooding, integers: longest probe ${defended} with the known seed after re-keying (${attacked} keys), ${longest} with a random seed (${N} keys, bound ${bound})`,
      );
      expect(keyedHashingOf(fresh)).toBe(false);
      expect(longest).toBeLessThan(bound);
      expect([fresh.size, fresh.get(keys[N - 1]!), known.get(keys[N - 1]!), integrityOf(fresh), integrityOf(known)]).toEqual([
        N,
        N - 1,
        N - 1,
        0,
        0,
      ]);
    });
  });
});
