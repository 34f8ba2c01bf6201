// 'tinylfu' in the core against the reference W-TinyLFU (test/support/tinylfu), side by side
// with the same key hashes and the same admission seed: every eviction (which key, at which
// step), the segments' contents and the adaptive window must agree, in both builds.
import { afterAll, describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { type BuildName, useBuild } from './support/builds';
import { integrityOf, internalsOf, policyStatOf, setAdmissionSeed, setSeed } from './support/internals';
import { PROBATION, PROTECTED, WINDOW, WTinyLfu, XorShift32 } from './support/tinylfu/index.mjs';

const CAPACITIES = [1, 2, 3, 5, 8, 17, 64, 100, 101, 250];

interface Sequence {
  capacity: number;
  seed: number;
  steps: number;
  /** Compare segment contents every this many steps (and at the end). */
  compareEvery: number;
  /** Run the debug build's integrity check every this many steps. */
  checkEvery: number;
}

interface Outcome {
  evictions: number;
  /** Sets whose new key lost admission at once. */
  rejections: number;
  /** Distinct window maxima seen at the comparisons: the climber moved when > 1. */
  windowSizes: number;
}

/** Runs one random get/set/delete sequence on both; returns what it exercised. */
function runSequence(_build: BuildName, { capacity, seed, steps, compareEvery, checkEvery }: Sequence): Outcome {
  let rejections = 0;
  const windowSizes = new Set<number>();
  const evicted: number[] = [];
  const cache = new TagCache<number, number>({
    maxEntries: capacity,
    policy: 'tinylfu',
    onRemove: (key, _value, reason) => {
      if (reason === 'evict') evicted.push(key);
    },
  });
  // Both seeds fixed, so a failing sequence replays exactly: the key hashes and the admission's random source.
  setSeed(cache, (seed * 0x85ebca6b) >>> 0);
  const admissionSeed = (seed * 2654435761) >>> 0;
  setAdmissionSeed(cache, admissionSeed);
  const referenceEvicted: number[] = [];
  const reference = new WTinyLfu<number>({ capacity, seed: admissionSeed, onEvict: (key: number) => referenceEvicted.push(key) });
  const hashing = internalsOf(cache).hashing;
  const random = new XorShift32(seed + 1);
  // Keys from a skewed distribution over a space 3–6 × the capacity, with phases (scans, loops, hot sets).
  const keySpace = capacity * (3 + (seed % 4)) + 4;
  const hashes = new Map<number, number>();
  const seenHashes = new Set<number>();
  const hashOf = (key: number): number => {
    let hash = hashes.get(key);
    if (hash === undefined) {
      hash = hashing.hashOf(key) >>> 0;
      // Equal 32-bit hashes would make the core's get touch another key (see assembly/lookup.ts); none in these key spaces.
      expect(seenHashes.has(hash)).toBe(false);
      seenHashes.add(hash);
      hashes.set(key, hash);
    }
    return hash;
  };
  let scan = 0;
  for (let step = 0; step < steps; step++) {
    const r = random.next();
    const phase = Math.floor(step / 2000) % 3;
    let key: number;
    if (phase === 1 && (r & 3) !== 0)
      key = keySpace + (scan++ % (keySpace * 4)); // a scan of cold keys
    else if (r & 1) key = (r >>> 8) % Math.max(1, keySpace >>> 3);
    else key = (r >>> 8) % keySpace;
    const op = (r >>> 4) & 15;
    const hash = hashOf(key);
    const before = evicted.length;
    if (op === 0) {
      expect(cache.delete(key)).toBe(reference.delete(key));
    } else if (op < 4) {
      cache.set(key, step);
      reference.set(key, hash);
    } else {
      const hit = cache.get(key) !== undefined;
      expect(hit, `step ${step}: get(${key})`).toBe(reference.get(key, hash));
      if (!hit) {
        cache.set(key, step);
        reference.set(key, hash);
      }
    }
    if (evicted.length > before && evicted[evicted.length - 1] === key) rejections++;
    if (evicted.length !== referenceEvicted.length || evicted[evicted.length - 1] !== referenceEvicted[referenceEvicted.length - 1]) {
      expect(evicted, `step ${step}: evictions`).toEqual(referenceEvicted);
    }
    if (step % checkEvery === 0) expect(integrityOf(cache), `step ${step}: integrity`).toBe(0);
    if (step % compareEvery === 0 || step === steps - 1) {
      expect(cache.size).toBe(reference.size);
      windowSizes.add(reference.windowMaximum);
      expect(policyStatOf(cache, 1), `step ${step}: window maximum`).toBe(reference.windowMaximum);
      expect(policyStatOf(cache, 2), `step ${step}: protected maximum`).toBe(reference.protectedMaximum);
      // Iteration: window, probation, protected, each from most to least recent.
      const expected = [WINDOW, PROBATION, PROTECTED].flatMap((region) => reference.keysOf(region).reverse());
      expect([...cache.keys()], `step ${step}: order`).toEqual(expected);
    }
  }
  expect(evicted).toEqual(referenceEvicted);
  expect(policyStatOf(cache, 8)).toBe(reference.climber.samples);
  return { evictions: evicted.length, rejections, windowSizes: windowSizes.size };
}

const totals: Record<string, { sequences: number; steps: number; evictions: number; rejections: number; windowMoves: number }> = {};
afterAll(() => {
  for (const [build, total] of Object.entries(totals)) {
    console.log(
      `tinylfu model (${build}): ${total.sequences} sequences, ${total.steps} steps, ${total.evictions} evictions compared ` +
        `(${total.rejections} new keys refused at once; the window moved in ${total.windowMoves} sequences)`,
    );
  }
});

for (const build of ['debug', 'release'] as const) {
  describe(`'tinylfu' core = reference W-TinyLFU (${build} build)`, () => {
    const total = (totals[build] = { sequences: 0, steps: 0, evictions: 0, rejections: 0, windowMoves: 0 });
    for (const capacity of CAPACITIES) {
      it(`capacity ${capacity}: the same evictions, segments and window, step by step`, () => {
        useBuild(build);
        const sequences = 4;
        for (let seed = 1; seed <= sequences; seed++) {
          const steps = capacity >= 100 ? 30_000 : 12_000;
          const outcome = runSequence(build, {
            capacity,
            seed: seed * 1000 + capacity,
            steps,
            compareEvery: build === 'debug' ? 50 : 500,
            checkEvery: build === 'debug' ? (capacity >= 100 ? 25 : 1) : 1_000_000,
          });
          expect(outcome.evictions).toBeGreaterThan(0);
          total.sequences++;
          total.steps += steps;
          total.evictions += outcome.evictions;
          total.rejections += outcome.rejections;
          if (outcome.windowSizes > 1) total.windowMoves++;
        }
      });
    }
  });
}
