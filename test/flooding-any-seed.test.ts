// String keys that collide under EVERY seed of the fast hash, and the defence.
//
// hashString (src/hash.ts, MurmurHash3 x86_32) has seed-independent
// multicollisions: in two consecutive 2-character blocks, flipping bit 18 of the
// first block's scrambled value flips bit 31 of the state after `rotl 13`, which
// `* 5 + 0xe6546b64` keeps as a flip of bit 31 (adding 2^31 is xoring it), and
// flipping bit 31 of the second block's scrambled value cancels it. The seed
// never enters. k such 4-character chunks give 2^k distinct strings of 4k
// characters with ONE 32-bit hash under every seed (test/support/flood-keys.ts,
// seedIndependentCollisions). Unchecked, they share one probe run (longest probe
// n - 1) and n inserts cost O(n^3). The core flags an insert far from its home
// bucket, and the cache re-keys itself with HalfSipHash-1-3.
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { hashString } from '../src/store/hash';
import { coreOf, integrityOf, usesKeyedHashing } from './support/internals';
import { bucketsFor, capacityFor, probeBound, seedIndependentCollisions } from './support/flood-keys';
import { useDebugBuild } from './support/setup';

useDebugBuild();

describe('string keys that collide under every MurmurHash3 seed', () => {
  const keys = seedIndependentCollisions(10); // 1,024 keys of 40 characters

  it('the keys share one hash under any seed (this part passes: it shows the cause)', () => {
    expect(new Set(keys).size).toBe(1024);
    for (const seed of [0, 1, -1, 0x5eed1234, (Math.random() * 2 ** 32) | 0]) {
      expect(new Set(keys.map((key) => hashString(key, seed))).size).toBe(1);
    }
  });

  it('make a cache re-key itself with HalfSipHash, keeping probe runs short', () => {
    const cache = new TagCache<string, number>({ maxEntries: 4096 });
    const started = performance.now();
    keys.forEach((key, index) => cache.set(key, index));
    const floodMs = performance.now() - started;
    const longest = coreOf(cache).longestProbe!();
    const plain = new TagCache<string, number>({ maxEntries: 4096 });
    const plainStarted = performance.now();
    keys.forEach((_key, index) => plain.set(`plain:${index}`, index));
    const plainMs = performance.now() - plainStarted;
    console.log(
      `seed-independent flood: ${keys.length} keys, longest probe ${longest}, ` +
        `${floodMs.toFixed(0)} ms to insert (plain keys: ${plainMs.toFixed(1)} ms)`,
    );
    expect(integrityOf(cache)).toBe(0);
    expect(usesKeyedHashing(cache)).toBe(true);
    expect(keys.every((key, index) => cache.get(key) === index)).toBe(true);
    expect(cache.get(keys[1023]!)).toBe(1023);
    expect(longest).toBeLessThan(probeBound(keys.length, bucketsFor(capacityFor(keys.length, 4096))));
  });
});
