// One instance of the multi-instance model test, run as a child process (bundled by the test):
// a TagCache synced through Redis, driven over IPC by the parent.
import { TagCache } from '../../../src/index';
import { redisTransport } from '../../../src/redis/index';
import { syncCache } from '../../../src/sync/index';
import { type ClientKind, connectClient } from './clients';

export type Key = string | number;
export type ModelOp =
  | { op: 'set' | 'fill'; key: Key; value: string; tags: string[] }
  | { op: 'delete'; key: Key }
  | { op: 'bulkRemove' | 'markStale' | 'bulkRemoveAsync'; tags: string[] }
  | { op: 'clear' };
export type ModelRequest =
  | { id: number; type: 'init'; kind: ClientKind; port: number; stream: string; mode: 'stream' | 'pubsub' }
  | { id: number; type: 'op'; op: ModelOp }
  | { id: number; type: 'flush' }
  | { id: number; type: 'stats' }
  | { id: number; type: 'read'; keys: Key[] }
  | { id: number; type: 'close' };
/** A request without its id (the parent adds it). */
export type ModelCommand = ModelRequest extends infer Request ? (Request extends unknown ? Omit<Request, 'id'> : never) : never;

const send = (message: unknown): void => {
  process.send?.(message);
};
let state: { cache: TagCache<Key, string>; sync: Awaited<ReturnType<typeof syncCache>>; close(): Promise<void> } | undefined;

async function handle(request: ModelRequest): Promise<unknown> {
  if (request.type === 'init') {
    const user = await connectClient(request.kind, request.port);
    const cache = new TagCache<Key, string>({ maxEntries: 100_000 });
    const transport = redisTransport({ client: user.client, stream: request.stream, mode: request.mode, blockMs: 300, marginMs: 1_000 });
    const sync = await syncCache(cache, { transport });
    state = { cache, sync, close: () => user.close() };
    return null;
  }
  if (state === undefined) throw new Error('not initialised');
  const { cache, sync } = state;
  switch (request.type) {
    case 'op': {
      const { op } = request;
      if (op.op === 'set') cache.set(op.key, op.value, { tags: op.tags });
      else if (op.op === 'fill') await cache.getOrSet(op.key, async () => op.value, { tags: op.tags });
      else if (op.op === 'delete') cache.delete(op.key);
      else if (op.op === 'clear') cache.clear();
      else if (op.op === 'bulkRemoveAsync') await cache.bulkRemoveAsync(op.tags);
      else cache[op.op](op.tags);
      return null;
    }
    case 'flush':
      await sync.flush(10_000);
      return sync.stats();
    case 'stats':
      return sync.stats();
    case 'read':
      return request.keys.map((key) => cache.get(key) ?? null);
    case 'close':
      await sync.close();
      await state.close();
      return null;
  }
}

process.on('message', (request: ModelRequest) => {
  handle(request).then(
    (result) => send({ id: request.id, result }),
    (error: unknown) => send({ id: request.id, error: String(error instanceof Error ? error.stack : error) }),
  );
});
