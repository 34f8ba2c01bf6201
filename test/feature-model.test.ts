// Model-based tests of getOrSet (the load guard, the refresh window),
// namespaces and size-weighted eviction: seeded random sequences against the
// reference models in test/support/feature-model.ts, in both builds of the core.
import { afterAll, describe, it } from 'vitest';
import { useCoreModule } from '../src/core';
import { useBuild, type BuildName } from './support/builds';
import { runFeatureSequence } from './support/run-feature-model';

const SEQUENCES = 40;
const STEPS = 400;
const BASE_SEED = Number(process.env.TAGLRU_MODEL_SEED ?? 20261121);

afterAll(() => useCoreModule(undefined));

describe.each<BuildName>(['debug', 'release'])('feature model, %s build', (build) => {
  it(`agrees with the models over ${SEQUENCES} x ${STEPS} random operations`, async () => {
    useBuild(build);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) await runFeatureSequence(BASE_SEED + sequence, STEPS);
  });
});
