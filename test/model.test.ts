// Model-based tests: seeded random operation sequences against the reference
// model, in both builds of the core. 100 sequences x 1,000 steps per build.
import { afterAll, describe, it } from 'vitest';
import { useCoreModule } from '../src/core';
import { useBuild, type BuildName } from './support/builds';
import { runModelSequence } from './support/run-model';

const SEQUENCES = 100;
const STEPS = 1_000;
const BASE_SEED = Number(process.env.TAGLRU_MODEL_SEED ?? 20261121);

afterAll(() => useCoreModule(undefined));

describe.each<BuildName>(['debug', 'release'])('model-based, %s build', (build) => {
  it(`agrees with the reference model over ${SEQUENCES} x ${STEPS} random operations`, () => {
    useBuild(build);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) runModelSequence(BASE_SEED + sequence, STEPS);
  });
});
