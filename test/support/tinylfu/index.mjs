// Reference W-TinyLFU with an adaptive window, for tests and the hit-ratio suite. The
// AssemblyScript core implements exactly this and is compared against it eviction by eviction.
//
// ============================== SPECIFICATION ==============================
// Inputs. Per access: a key (identity) and its u32 hash (the hash the core already computes; the
// hit-ratio suite uses murmur3's fmix32 of the trace key). C = capacity in entries (≥ 1); seed u32.
// All arithmetic is u32/i32 except the climber, which uses f64 (ln, products), as Caffeine does.
//
// 1. Regions. Three intrusive LRU lists, each with a head (LRU end, the victim) and a tail (MRU):
//    WINDOW, PROBATION, PROTECTED; every entry is in exactly one. "Move X to R" = unlink X, link X
//    at R's tail. windowMax = ceil(C/100) = (C + 99) / 100; protectedMax = (4 · (C − windowMax)) / 5
//    (integer division). Probation has no maximum of its own: main = C − windowMax.
//
// 2. Frequency sketch (sketch.mjs). Table of u32 words, 8 four-bit counters a word, in 64-byte
//    blocks of 16 words; blocks = max(16, ceil(C / 6)) — 10⅔ bytes an entry, 1 KiB at least; any
//    integer. Not allocated (frequency = 0, increment = no-op) until the first insert that makes
//    size + 1 ≥ C >>> 1 (counting the entry being inserted): then it is allocated zeroed, and
//    from then on the climber samples (step 6 discards samples before that).
//    Index of hash h: b = spread(h), c = rehash(b), base = ((b · blocks) >>> 32) · 16 (the high
//    half of the u64 product); for row i = 0..3: x = c >>> 8i; word = base + 4i + (x & 3);
//    shift = ((x >>> 2) & 7) · 4.
//      spread(x): x ^= x>>>17; x *= 0xed5ad4bb; x ^= x>>>11; x *= 0xac4c1b51; x ^= x>>>15
//      rehash(x): x *= 0x31848bab; x ^= x>>>14            (u32 multiply = Math.imul)
//    frequency(h) = min over the 4 rows of (word >>> shift) & 15.
//    increment(h): each of the 4 counters below 15 gets +1; if at least one did, additions += 1 and
//    when additions == 10 · C: halve — for every word: odd += popcount(word & 0x11111111),
//    word = (word >>> 1) & 0x77777777; then additions = (additions − (odd >>> 2)) >>> 1.
//
// 3. Hit (get or set of a present key): increment(hash); climber.recordHit(region == WINDOW);
//    WINDOW → move to WINDOW; PROTECTED → move to PROTECTED; PROBATION → if protectedMax > 0 move
//    to PROTECTED, then while |PROTECTED| > protectedMax move PROTECTED's head to PROBATION; else
//    move to PROBATION. Then step 6. A miss on get changes nothing.
//
// 4. Insert (set of an absent key): maybe allocate the sketch (2); increment(hash);
//    climber.recordMiss(); link at WINDOW's tail; evict (5); step 6.
//
// 5. Evict (Caffeine's evictFromWindow + evictFromMain). candidate = none; while |WINDOW| >
//    windowMax: move WINDOW's head to PROBATION, the first one moved becomes candidate.
//    victim = PROBATION's head; victimRegion = candidateRegion = PROBATION. While size > C:
//      a. if candidate = none and candidateRegion = PROBATION: candidate = WINDOW's head,
//         candidateRegion = WINDOW.
//      b. if candidate = none and victim = none: if victimRegion = PROBATION {victim = PROTECTED's
//         head; victimRegion = PROTECTED; continue} if victimRegion = PROTECTED {victim = WINDOW's
//         head; victimRegion = WINDOW; continue} stop.
//      c. victim = none → evict candidate, candidate = its successor (toward MRU) taken before.
//         candidate = none → evict victim, victim = its successor.
//         candidate == victim → evict it, victim = successor, candidate = none.
//         admit(candidate, victim) → evict victim, victim = its successor, then candidate =
//         candidate's successor. Otherwise evict candidate, candidate = its successor.
//    admit(c, v): fc = frequency(c.hash), fv = frequency(v.hash); fc > fv → yes; fc ≥ 6 → yes iff
//    (random() & 127) == 0; else no. random() = xorshift32 (x ^= x<<13; x ^= x>>>17; x ^= x<<5)
//    seeded with seed (0 → 0x9e3779b9); it advances only in that branch.
//
// 6. Climb, after every hit and insert. Before the sketch is allocated: discard the sample.
//    Density climber (default, climber.mjs): counts windowHits, mainHits, requests (hits + misses).
//    When requests ≥ P = 5 · C: bar = max(4, requests >>> 10), misses = requests − windowHits −
//    mainHits; if (windowHits < bar and mainHits < bar) — a dead sample — or misses < bar — a
//    saturated one, the working set fits — the adjustment is 0. Otherwise, in f64:
//      error = ln(4 · ((windowHits + 1) / windowMax) / ((mainHits + 1) / max(1, C − windowMax)))
//      adjustment = trunc(sign(error) · min(0.30 · C, |error| · 0.03 · C))
//    with ln the +−×÷-only logarithm of climber.mjs (not Math.log: engines may differ by an ulp),
//    the operations in that order (f64, no fused multiply-add).
//    and the counters restart at 0. adjustment > 0 → grow (7); < 0 → shrink (8) by −adjustment.
//    (climber 'hill' = Caffeine 3's determineAdjustment, kept for comparison; 'none' = fixed.)
//
// 7. Grow window by a: if protectedMax = 0 stop. q = min(a, protectedMax); protectedMax −= q;
//    windowMax += q; demote PROTECTED's head to PROBATION while |PROTECTED| > protectedMax; then
//    while q > 0: X = PROBATION's head, or PROTECTED's head if probation is empty, or stop; move X
//    to WINDOW; q −= 1. Finally protectedMax += q; windowMax −= q (what could not move).
//
// 8. Shrink window by a: min = the initial windowMax (density; 1 for 'hill'). If windowMax ≤ min
//    stop. q = min(a, windowMax − min); protectedMax += q; windowMax −= q; while q > 0 and WINDOW
//    is not empty: move WINDOW's head to PROBATION, q −= 1. Finally protectedMax −= q; windowMax += q.
//
// Memory beyond plain LRU: the sketch, 64 · ceil(C / 6) bytes = 10⅔ B/entry (1 KiB flat below
// C = 96), a region tag per entry (2 bits), O(1) counters: under 11 B/entry. No doorkeeper: a
// Bloom-filter doorkeeper (4 or 8 bits an entry) measured worse on these traces (mean −0.6).
// delete(key) unlinks the entry from its region without an eviction event or a sketch change.
// ============================================================================

export { DensityClimber, HillClimber, ln } from './climber.mjs';
export { XorShift32 } from './random.mjs';
export { FrequencySketch, multiplyHigh32, rehash, spread } from './sketch.mjs';
export {
  ADMIT_HASHDOS_THRESHOLD,
  initialWindowMaximum,
  PROBATION,
  PROTECTED,
  protectedMaximumFor,
  REGION_NAMES,
  WINDOW,
  WTinyLfu,
} from './wtinylfu.mjs';
