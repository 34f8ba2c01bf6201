// Model-based tests: seeded random operation sequences against the reference
// model, in both builds of the core. Per build: 100 sequences x 1,000 steps,
// and 20 x 300 steps in async mode (bulk fills, bulkRemoveAsync, event-loop yields).
import { afterAll, describe, it } from 'vitest';
import { useCoreModule } from '../src/core';
import { useBuild, type BuildName } from './support/builds';
import { runModelSequence } from './support/run-model';

const SEQUENCES = 100;
const STEPS = 1_000;
const ASYNC_SEQUENCES = 20;
const ASYNC_STEPS = 300;
const BASE_SEED = Number(process.env.TAGLRU_MODEL_SEED ?? 20261121);

afterAll(() => useCoreModule(undefined));

describe.each<BuildName>(['debug', 'release'])('model-based, %s build', (build) => {
  it(`agrees with the reference model over ${SEQUENCES} x ${STEPS} random operations`, async () => {
    useBuild(build);
    for (let sequence = 0; sequence < SEQUENCES; sequence++) await runModelSequence(BASE_SEED + sequence, STEPS);
  });

  it(`agrees with it over ${ASYNC_SEQUENCES} x ${ASYNC_STEPS} operations with bulkRemoveAsync running between them`, async () => {
    useBuild(build);
    for (let sequence = 0; sequence < ASYNC_SEQUENCES; sequence++) {
      await runModelSequence(BASE_SEED + sequence, ASYNC_STEPS, 'async');
    }
  });
});
