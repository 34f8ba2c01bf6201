// TieredCache instances over real clients for the tier tests, and raw inspection of what is in Redis.
import { TagCache } from '../../../src/index';
import { TieredCache } from '../../../src/redis/index';
import type { TieredCacheOptions } from '../../../src/redis/index';
import { type ClientKind, connectClient, type TestClient } from '../redis/clients';

/** One tier with its own client, and how to close both. */
export interface TierUnderTest {
  tier: TieredCache<string | number, unknown>;
  local: TagCache<string | number, unknown>;
  user: TestClient;
  close(): Promise<void>;
}

/** Opens a client of `kind` to `port` and a tier on it (bus ready when `sync` is on). */
export async function openTier(
  kind: ClientKind,
  port: number,
  prefix: string,
  extra: Partial<TieredCacheOptions<string | number, unknown>> = {},
  clientOptions: Record<string, unknown> = {},
): Promise<TierUnderTest> {
  const user = await connectClient(kind, port, clientOptions);
  const local = new TagCache<string | number, unknown>({ maxEntries: 10_000 });
  const tier = new TieredCache<string | number, unknown>({ local, redis: user.client, prefix, ttl: 60_000, l2TimeoutMs: 1_000, ...extra });
  await tier.ready();
  return {
    tier,
    local,
    user,
    close: async () => {
      await tier.close();
      await user.close();
    },
  };
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
