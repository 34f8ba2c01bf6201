/**
 * taglru/sync: keeps the caches of several workers, tabs, processes or machines in step by
 * publishing every invalidation through a transport (BroadcastChannel here, Redis in `taglru/redis`).
 * @packageDocumentation
 */
export { syncCache } from './sync-cache';
export type { CacheSync, SyncStats } from './sync-cache';
export type { SyncCacheOptions } from './sync-options';
export { broadcastChannelTransport } from './broadcast-channel';
export type { BroadcastChannelTransportOptions } from './broadcast-channel';
export type { Transport, TransportMessageInfo, TransportReceiver } from './transport';
export type {
  AllInvalidationCause,
  InvalidationListener,
  KeyInvalidationCause,
  SyncableCache,
  TagInvalidationCause,
} from './syncable-cache';
export type { PropagationSummary } from './latency-samples';
