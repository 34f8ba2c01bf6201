/** The tier's invalidation bus: `syncCache` on L1 over a Redis stream at `<prefix>bus`, opened with retries. */
import type { TagCache } from '../../tag-cache';
import { type CacheSync, syncCache } from '../../sync/sync-cache';
import type { RedisClientHandle } from '../connection';
import { resolveRedisOptions } from '../transport-options';
import type { ReconnectBackoff } from '../reconnect';
import { RedisStreamTransport } from '../stream-transport';

/**
 * Opens the bus, retrying with `backoff` until it opens or `closed()` says the tier is closed
 * (then resolves to undefined, closing a bus that opened too late).
 */
export async function openBus<K extends string | number, V>(
  local: TagCache<K, V>,
  options: { handle: RedisClientHandle; prefix: string },
  backoff: ReconnectBackoff,
  closed: () => boolean,
  onError: (error: unknown) => void,
): Promise<CacheSync | undefined> {
  while (!closed()) {
    try {
      const transport = new RedisStreamTransport(resolveRedisOptions({ client: options.handle.client, stream: `${options.prefix}bus` }));
      const bus = await syncCache(local, { transport });
      if (!closed()) return bus;
      await bus.close();
      return undefined;
    } catch (error) {
      onError(error);
      await backoff.wait();
    }
  }
  return undefined;
}
