/** The options of `syncCache`, their defaults and their checks. */
import { checkKnownOptions } from '../validate';
import { checkInteger, checkOptionsObject } from './option-checks';
import type { SyncableCache } from './syncable-cache';
import type { Transport } from './transport';

/** Options of {@link syncCache}. Times are in milliseconds. */
export interface SyncCacheOptions {
  /** What carries the invalidations: `redisTransport(...)` from `taglru/redis`, or `broadcastChannelTransport(...)`. */
  transport: Transport;
  /**
   * The longest this instance trusts what it holds without proof of contact. When the transport has
   * not heard from its server for this long (a dead or half-open link, a failover, a suspended
   * process), the bus marks every entry stale, and again every `maxStalenessMs` until contact is back.
   * Must exceed the transport's `livenessMs` (Redis: `blockMs + marginMs`, 2 s by default;
   * BroadcastChannel: `checkMs + suspendedMs`, 3 s). Default 5,000, or just above `livenessMs` if that is longer.
   */
  maxStalenessMs?: number;
  /** Keys and tags queued (while Redis is unreachable) before the queue collapses into one "everything stale". Default 10,000. */
  maxPending?: number;
  /** First wait before publishing again after a failed publish; doubled up to `retryMaxMs`. Default 100. */
  retryMinMs?: number;
  /** Longest wait between publish attempts. Default 2,000. */
  retryMaxMs?: number;
  /** How long `close()` tries to publish what is still queued. Default 2,000. */
  closeTimeoutMs?: number;
  /**
   * Hears errors the bus cannot throw to anyone: a failed publish (it is retried) or an exception
   * from an `onRemove` callback while a remote invalidation was applied. Counted in `stats().errors` either way.
   */
  onError?: (error: unknown) => void;
}

/** Checked options with defaults applied. */
export interface ResolvedSyncOptions {
  transport: Transport;
  maxStalenessMs: number;
  maxPending: number;
  retryMinMs: number;
  retryMaxMs: number;
  closeTimeoutMs: number;
  onError: ((error: unknown) => void) | undefined;
}

const HOUR = 3_600_000;
const KNOWN_OPTIONS = ['transport', 'maxStalenessMs', 'maxPending', 'retryMinMs', 'retryMaxMs', 'closeTimeoutMs', 'onError'];

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function')
  );
}

/** Checks the cache and the options, throwing a TypeError or RangeError that names the culprit. */
export function resolveSyncOptions<K>(cache: SyncableCache<K>, options: unknown): ResolvedSyncOptions {
  if (!hasMethods(cache, ['addInvalidationListener', 'delete', 'bulkRemove', 'markStale', 'markAllStale', 'clear'])) {
    throw new TypeError(
      'taglru: cache must be a TagCache (or implement addInvalidationListener, delete, bulkRemove, markStale, markAllStale and clear)',
    );
  }
  const given = checkOptionsObject(options, 'options', true);
  checkKnownOptions(given, KNOWN_OPTIONS, 'options');
  if (!hasMethods(given.transport, ['open', 'publish', 'close'])) {
    throw new TypeError('taglru: options.transport must be a transport (redisTransport or broadcastChannelTransport)');
  }
  if (given.onError !== undefined && typeof given.onError !== 'function') throw new TypeError('taglru: options.onError must be a function');
  const transport = given.transport as Transport;
  const retryMinMs = checkInteger(given.retryMinMs, 'options.retryMinMs', 1, HOUR, 100);
  // Below the transport's own liveness period every quiet moment would look like lost contact.
  const minStalenessMs = Math.max(10, (transport.livenessMs ?? 0) + 1);
  return {
    transport,
    maxStalenessMs: checkInteger(
      given.maxStalenessMs,
      'options.maxStalenessMs',
      minStalenessMs,
      24 * HOUR,
      Math.max(5_000, minStalenessMs),
    ),
    maxPending: checkInteger(given.maxPending, 'options.maxPending', 1, 10_000_000, 10_000),
    retryMinMs,
    retryMaxMs: checkInteger(given.retryMaxMs, 'options.retryMaxMs', retryMinMs, HOUR, Math.max(2_000, retryMinMs)),
    closeTimeoutMs: checkInteger(given.closeTimeoutMs, 'options.closeTimeoutMs', 0, HOUR, 2_000),
    onError: given.onError as ((error: unknown) => void) | undefined,
  };
}
