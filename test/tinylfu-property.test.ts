// The property-based commands of test/property.test.ts (test/support/property-commands.ts) on
// caches with policy: 'tinylfu', in both builds: every public operation keeps the policy's
// segments consistent (the debug build's integrity check after each command covers them) and
// agrees with the reference model on everything the eviction policy does not decide.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { useCoreModule } from '../src/core';
import { type BuildName, useBuild } from './support/builds';
import { commandArbitraries, progress, setup, tinyLfuConfigArb } from './support/property-commands';

const PER_BUILD = Number(process.env.TAGLRU_FC_COMMANDS ?? 100_000);
const MAX_COMMANDS = 200;
const EXPECTED_MEAN_LENGTH = 0.45 * MAX_COMMANDS;
const SEED =
  process.env.TAGLRU_FC_SEED !== undefined ? Number(process.env.TAGLRU_FC_SEED) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;

afterAll(() => useCoreModule(undefined));

describe.each<[BuildName, number]>([
  ['debug', 0],
  ['release', 1],
])("property-based model test, policy 'tinylfu', %s build", (build, seedOffset) => {
  it(`agrees with the model over at least ${PER_BUILD} commands`, () => {
    useBuild(build);
    const before = progress.commands;
    const numRuns = Math.ceil(PER_BUILD / EXPECTED_MEAN_LENGTH);
    const property = fc.property(
      tinyLfuConfigArb,
      fc.commands(commandArbitraries(), { maxCommands: MAX_COMMANDS, size: 'max' }),
      (config, commands) => {
        fc.modelRun(() => setup(config), commands);
      },
    );
    try {
      fc.assert(property, { seed: (SEED + seedOffset) | 0, numRuns });
    } catch (error) {
      console.error(`tinylfu property test failed in the ${build} build (TAGLRU_FC_SEED=${SEED})`);
      throw error;
    }
    const checked = progress.commands - before;
    console.log(`tinylfu property test, ${build} build: ${numRuns} runs, ${checked} commands checked (TAGLRU_FC_SEED=${SEED})`);
    expect(checked).toBeGreaterThanOrEqual(PER_BUILD);
  });
});
