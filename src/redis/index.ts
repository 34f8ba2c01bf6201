/**
 * taglru/redis: carries the invalidations of `syncCache` between processes and machines through
 * Redis, with either of the two common clients (node-redis v5+ or ioredis 5), found by shape; and
 * `TieredCache`, a TagCache in front of a shared second level in Redis with tags.
 * @packageDocumentation
 */
import type { Transport } from '../sync/transport';
import { type RedisTransportOptions, resolveRedisOptions } from './transport-options';
import { RedisPubSubTransport } from './pubsub-transport';
import { RedisStreamTransport } from './stream-transport';

export type { RedisTransportOptions } from './transport-options';
export { TieredCache } from './tiered/tiered-cache';
export type { TieredSerializer } from './tiered/codec';
export type { TieredBulkRemoveOptions, TieredCacheOptions, TieredSetOptions } from './tiered/tiered-options';
export type { L2Stats, TieredCacheStats } from './tiered/tier-stats';
export type { Transport, TransportMessageInfo, TransportReceiver } from '../sync/transport';

/**
 * A transport over Redis for `syncCache`. Streams (the default) lose nothing without saying so: every
 * gap, a restart of Redis or a recreated stream is reported as a resync. Pub/sub (`mode: 'pubsub'`)
 * is faster and at-most-once: it reports the gaps it can see and every reconnect as a resync.
 * Throws a TypeError or RangeError naming the option when an option is invalid.
 */
export function redisTransport(options: RedisTransportOptions): Transport {
  const resolved = resolveRedisOptions(options);
  return resolved.mode === 'pubsub' ? new RedisPubSubTransport(resolved) : new RedisStreamTransport(resolved);
}
