// Multi-instance model test: 3 child processes, each a TagCache synced through one redis-server, run
// seeded random operations on a shared key and tag space. A reference model remembers when and where
// each value was set and every invalidation anywhere; at quiescent points (all flushed, all caught up)
// no instance may return a value that an invalidation made after it covers. Both clients, both modes.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncStats } from '../src/sync/index';
import type { ClientKind } from './support/redis/clients';
import type { Key, ModelCommand, ModelOp } from './support/redis/model-instance';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { pick, seededRandom } from './support/random';

const INSTANCES = 3;
const ROUNDS = Number(process.env.TAGLRU_SYNC_MODEL_ROUNDS ?? 8);
const OPS_PER_ROUND = 40;
const KEYS: Key[] = [...Array.from({ length: 12 }, (_, index) => `k${index}`), 1, 2, '1', '2'];
const TAGS = ['t0', 't1', 't2', 't3', 't4'];

let dir: string;
let bundle: string;
let server: RedisServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taglru-model-'));
  bundle = join(dir, 'instance.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'support/redis/model-instance.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'error',
  });
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

class Instance {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  readonly child: ChildProcess;
  constructor(file: string) {
    this.child = fork(file, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.result);
    });
  }
  request<T>(request: ModelCommand): Promise<T> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...request, id });
    });
  }
}

interface SetRecord {
  at: number;
  key: Key;
  tags: string[];
}
type Invalidation = { at: number; key?: Key; tags?: string[]; all?: true };

function covers(invalidation: Invalidation, set: SetRecord): boolean {
  if (invalidation.at <= set.at) return false;
  if (invalidation.all) return true;
  if (invalidation.key !== undefined) return invalidation.key === set.key;
  return (invalidation.tags as string[]).some((tag) => set.tags.includes(tag));
}

function randomOp(random: () => number, value: string): ModelOp {
  const roll = random();
  const tags = TAGS.filter(() => random() < 0.3);
  const key = pick(random, KEYS);
  if (roll < 0.45) return { op: 'set', key, value, tags };
  if (roll < 0.6) return { op: 'fill', key, value, tags };
  if (roll < 0.72) return { op: 'delete', key };
  if (roll < 0.82) return { op: 'bulkRemove', tags: [pick(random, TAGS)] };
  if (roll < 0.9) return { op: 'markStale', tags: [pick(random, TAGS)] };
  if (roll < 0.98) return { op: 'bulkRemoveAsync', tags: [pick(random, TAGS)] };
  return { op: 'clear' };
}

async function runModel(kind: ClientKind, mode: 'stream' | 'pubsub', seed: number): Promise<{ reads: number; hits: number }> {
  const random = seededRandom(seed);
  const instances = Array.from({ length: INSTANCES }, () => new Instance(bundle));
  const stream = `taglru:model:${kind}:${mode}:${seed}`;
  try {
    await Promise.all(instances.map((instance) => instance.request({ type: 'init', kind, port: server.port, stream, mode })));
    const sets = new Map<string, SetRecord>();
    const invalidations: Invalidation[] = [];
    let at = 0;
    let reads = 0;
    let hits = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (let index = 0; index < OPS_PER_ROUND; index++) {
        at += 1;
        const where = Math.floor(random() * INSTANCES);
        const value = `${where}:${at}`;
        const op = randomOp(random, value);
        await (instances[where] as Instance).request({ type: 'op', op });
        if (op.op === 'set' || op.op === 'fill') sets.set(value, { at, key: op.key, tags: op.tags });
        if (op.op === 'set' || op.op === 'delete') invalidations.push({ at, key: op.key });
        else if (op.op === 'clear') invalidations.push({ at, all: true });
        else if (op.op !== 'fill') invalidations.push({ at, tags: op.tags });
      }
      // Quiescent point: everyone flushed, and everyone has received everything the others published.
      await Promise.all(instances.map((instance) => instance.request({ type: 'flush' })));
      let stats: SyncStats[] = [];
      const caughtUp = async (): Promise<boolean> => {
        stats = await Promise.all(instances.map((instance) => instance.request<SyncStats>({ type: 'stats' })));
        const published = stats.reduce((sum, each) => sum + each.published, 0);
        return stats.every((each) => each.received === published - each.published);
      };
      const deadline = Date.now() + 20_000;
      while (!(await caughtUp())) {
        if (Date.now() > deadline) throw new Error(`round ${round}: not caught up: ${JSON.stringify(stats)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const [where, instance] of instances.entries()) {
        const values = await instance.request<(string | null)[]>({ type: 'read', keys: KEYS });
        for (const [index, value] of values.entries()) {
          reads += 1;
          if (value === null) continue;
          hits += 1;
          const set = sets.get(value);
          expect(set, `instance ${where} returned ${value}, never set`).toBeDefined();
          expect(value.startsWith(`${where}:`), `instance ${where} returned another instance's value ${value}`).toBe(true);
          expect(set?.key).toBe(KEYS[index]);
          const stale = invalidations.find((invalidation) => covers(invalidation, set as SetRecord));
          expect(
            stale,
            `seed ${seed}, round ${round}: instance ${where} returned ${JSON.stringify(KEYS[index])} = ${value} after invalidation ${JSON.stringify(stale)}`,
          ).toBeUndefined();
        }
      }
      for (const each of stats) expect(each).toMatchObject({ resyncs: 0, malformed: 0, errors: 0, pending: 0 });
    }
    return { reads, hits };
  } finally {
    await Promise.all(instances.map((instance) => instance.request({ type: 'close' }).catch(() => undefined)));
    for (const instance of instances) instance.child.kill();
  }
}

describe.each([
  ['node-redis', 'stream'],
  ['ioredis', 'stream'],
  ['node-redis', 'pubsub'],
  ['ioredis', 'pubsub'],
] as const)('%s, %s mode', (kind, mode) => {
  it('no instance returns an invalidated entry at any quiescent point', async () => {
    const { reads, hits } = await runModel(kind, mode, 1_000 + kind.length * 10 + mode.length);
    expect(reads).toBe(ROUNDS * INSTANCES * KEYS.length);
    // The test means something only if entries survive to be read.
    expect(hits).toBeGreaterThan(0);
  });
});
