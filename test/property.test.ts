// Property-based model tests: fast-check generates command sequences over the
// whole public API (test/support/property-commands.ts) and runs each against a
// fresh cache and the reference model, in both builds of the core. Failures
// shrink to a minimal sequence.
//
// Budget: PER_BUILD commands in each build (1,000,000 in all; with the 200,000 of
// model.test.ts 1,200,000 per run). The seed is random unless TAGLRU_FC_SEED is
// set; the builds use SEED and SEED + 1. Replay a failure with what it prints, e.g.
//   TAGLRU_FC_SEED=<seed> TAGLRU_FC_BUILD=debug TAGLRU_FC_PATH=<path> TAGLRU_FC_REPLAY=<replayPath> npx vitest run test/property.test.ts
// TAGLRU_FC_COMMANDS=<n> changes the budget per build (e.g. for a long local soak).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { useCoreModule } from '../src/core';
import { useBuild, type BuildName } from './support/builds';
import { commandArbitraries, configArb, progress, setup } from './support/property-commands';

const PER_BUILD = Number(process.env.TAGLRU_FC_COMMANDS ?? 500_000);
const MAX_COMMANDS = 200;
/** Mean sequence length fast-check draws for MAX_COMMANDS (about half of it); runs are sized with a margin. */
const EXPECTED_MEAN_LENGTH = 0.45 * MAX_COMMANDS;
const SEED =
  process.env.TAGLRU_FC_SEED !== undefined ? Number(process.env.TAGLRU_FC_SEED) : (Date.now() ^ (Math.random() * 0x100000000)) | 0;
const PATH = process.env.TAGLRU_FC_PATH;
const ONLY_BUILD = process.env.TAGLRU_FC_BUILD;
const REPLAY = process.env.TAGLRU_FC_REPLAY;

afterAll(() => useCoreModule(undefined));

describe.each<[BuildName, number]>([
  ['debug', 0],
  ['release', 1],
])('property-based model test, %s build', (build, seedOffset) => {
  it.skipIf(ONLY_BUILD !== undefined && ONLY_BUILD !== build)(`agrees with the model over at least ${PER_BUILD} commands`, () => {
    useBuild(build);
    const before = progress.commands;
    const numRuns = Math.ceil(PER_BUILD / EXPECTED_MEAN_LENGTH);
    const property = fc.property(
      configArb,
      fc.commands(commandArbitraries(), { maxCommands: MAX_COMMANDS, size: 'max', replayPath: REPLAY }),
      (config, commands) => {
        fc.modelRun(() => setup(config), commands);
      },
    );
    try {
      fc.assert(property, { seed: (SEED + seedOffset) | 0, numRuns, ...(PATH === undefined ? {} : { path: PATH, endOnFailure: true }) });
    } catch (error) {
      const message = String((error as Error).message);
      const path = /path: "([^"]*)"/.exec(message)?.[1] ?? '<path above>';
      const replay = /replayPath="([^"]*)"/.exec(message)?.[1] ?? '<replayPath above>';
      console.error(
        `property test failed in the ${build} build; replay the shrunk case with\n  TAGLRU_FC_SEED=${SEED} ` +
          `TAGLRU_FC_BUILD=${build} TAGLRU_FC_PATH='${path}' TAGLRU_FC_REPLAY='${replay}' TAGLRU_FC_COMMANDS=${PER_BUILD} npx vitest run test/property.test.ts`,
      );
      throw error;
    }
    const checked = progress.commands - before;
    console.log(`property test, ${build} build: ${numRuns} runs, ${checked} commands checked (TAGLRU_FC_SEED=${SEED})`);
    if (PATH === undefined) expect(checked).toBeGreaterThanOrEqual(PER_BUILD);
  });
});
