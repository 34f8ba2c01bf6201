// The longer randomised run of the cross-instance tests: `npm run chaos`.
// Runs the multi-instance model test with many more rounds, then the failure tests (kill -9,
// restarts with and without AOF, CLIENT KILL, stalled links, trimming, pub/sub loss) several times.
// Needs redis-server on the PATH. Environment: TAGLRU_CHAOS_ROUNDS (default 200), TAGLRU_CHAOS_REPEAT (default 5).
import { spawnSync } from 'node:child_process';

const rounds = process.env.TAGLRU_CHAOS_ROUNDS ?? '200';
const repeat = Number(process.env.TAGLRU_CHAOS_REPEAT ?? 5);
const vitest = (files, env = {}) => {
  const run = spawnSync('npx', ['vitest', 'run', ...files], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (run.status !== 0) process.exit(run.status ?? 1);
};

vitest(['test/sync-model.test.ts'], { TAGLRU_SYNC_MODEL_ROUNDS: rounds });
for (let pass = 1; pass <= repeat; pass++) {
  console.log(`chaos pass ${pass} of ${repeat}`);
  vitest(['test/redis-stream-chaos.test.ts', 'test/redis-pubsub-transport.test.ts', 'test/sync-redis.test.ts']);
}
