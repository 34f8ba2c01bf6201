// The 'tinylfu' window climber (density): each sample of 5 × capacity accesses
// compares the window's hits per entry with the main space's and returns how many
// entries the window should grow (> 0) or shrink (< 0) by. f64, with a logarithm
// from + − × ÷ only, so the reference (test/support/tinylfu/climber.mjs) and this
// compute the same bits.

const SAMPLE_PERIOD_PER_ENTRY: i32 = 5;
const DENSITY_BIAS: f64 = 4;
const DENSITY_GAIN: f64 = 0.03;
const DENSITY_MAX_STEP: f64 = 0.3;
const DEAD_SAMPLE_MIN_HITS: i32 = 4;
const DEAD_SAMPLE_SHIFT: i32 = 10;
const LN2: f64 = 0.6931471805599453;

let capacity: i32 = 0;
let samplePeriod: i32 = 0;
let windowHits: i32 = 0;
let mainHits: i32 = 0;
let requests: i32 = 0;
/** Samples taken so far. */
export let climberSamples: i32 = 0;

/** Natural logarithm of x > 0, exactly as climber.mjs computes it. */
export function ln(x: f64): f64 {
  let exponent: f64 = 0;
  while (x >= 2) {
    x /= 2;
    exponent++;
  }
  while (x < 1) {
    x *= 2;
    exponent--;
  }
  const s = (x - 1) / (x + 1);
  const s2 = s * s;
  let sum: f64 = 1.0 / 19.0;
  for (let k = 17; k >= 1; k -= 2) sum = sum * s2 + 1.0 / <f64>k;
  return exponent * LN2 + 2 * s * sum;
}

export function initClimber(entries: i32): void {
  capacity = entries;
  samplePeriod = SAMPLE_PERIOD_PER_ENTRY * entries;
  climberSamples = 0;
  discardSample();
}

@inline export function recordHit(inWindow: bool): void {
  if (inWindow) windowHits++;
  else mainHits++;
  requests++;
}

@inline export function recordMiss(): void {
  requests++;
}

/** Forgets the current sample (the cache has not yet been half full). */
export function discardSample(): void {
  windowHits = 0;
  mainHits = 0;
  requests = 0;
}

/** After each access: the window adjustment in entries, 0 until the sample is complete. */
@inline export function adjustment(windowMaximum: i32): i32 {
  return requests < samplePeriod ? 0 : sampleAdjustment(windowMaximum);
}

function sampleAdjustment(windowMaximum: i32): i32 {
  const shifted = requests >>> DEAD_SAMPLE_SHIFT;
  const bar = shifted > DEAD_SAMPLE_MIN_HITS ? shifted : DEAD_SAMPLE_MIN_HITS;
  const misses = requests - windowHits - mainHits;
  climberSamples++;
  if ((windowHits < bar && mainHits < bar) || misses < bar) {
    discardSample();
    return 0;
  }
  const mainEntries = capacity - windowMaximum;
  const mainMaximum: f64 = mainEntries > 1 ? <f64>mainEntries : 1;
  const windowDensity = <f64>(windowHits + 1) / <f64>windowMaximum;
  const mainDensity = <f64>(mainHits + 1) / mainMaximum;
  const error = ln((DENSITY_BIAS * windowDensity) / mainDensity);
  const magnitude = min<f64>(DENSITY_MAX_STEP * <f64>capacity, abs<f64>(error) * DENSITY_GAIN * <f64>capacity);
  discardSample();
  return <i32>trunc<f64>(error < 0 ? -magnitude : magnitude);
}
