// Reference W-TinyLFU (adaptive window) for tests and the hit-ratio suite. Specification: ./README.md.
export { DensityClimber, HillClimber } from './climber.mjs';
export { XorShift32 } from './random.mjs';
export { FrequencySketch, rehash, spread } from './sketch.mjs';
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
