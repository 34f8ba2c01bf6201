/** The options of `redisTransport`, their defaults and their checks. */
import { checkChoice, checkInteger, checkName, checkOptionsObject } from '../sync/option-checks';
import { checkKnownOptions } from '../validate';
import { classifyClient, type RedisClientHandle } from './connection';

/** Options of {@link redisTransport}. Times are in milliseconds. */
export interface RedisTransportOptions {
  /**
   * A node-redis (v5 or later) or ioredis (v5) client, connected or connecting. It publishes; the
   * transport duplicates it for its reader and never closes it.
   */
  client: unknown;
  /**
   * The stream's key (also the channel in pub/sub mode). The sequence counter lives at `<stream>:seq`.
   * In a Redis Cluster give the name a hash tag (`{taglru:catalog}`) so both keys share a slot.
   */
  stream: string;
  /**
   * `'stream'` (default): nothing lost — entries are stored in a stream and read with a blocking XREAD;
   * every gap is detected and reported as a resync. `'pubsub'`: lower latency, at-most-once delivery,
   * gaps detected by per-origin sequence numbers and heartbeats, every reconnect reported as a resync.
   */
  mode?: 'stream' | 'pubsub';
  /** Approximate cap on the stream's length (`XADD MAXLEN ~`): how far a slow reader may fall behind before it must resync. Default 10,000. */
  maxLen?: number;
  /**
   * How long a blocking read waits (stream mode), or how often a heartbeat goes out (pub/sub mode).
   * A read that returns neither data nor its timeout within `blockMs + marginMs` means the link is
   * dead: the reader drops it and reconnects. Default 1,000.
   */
  blockMs?: number;
  /** Grace period added to `blockMs` before a silent link counts as dead (network and event-loop delay). Default 1,000. */
  marginMs?: number;
  /** Deadline of every other command: publish, connect, the reader's checks. Default 2,000. */
  commandTimeoutMs?: number;
  /** First wait before reconnecting the reader; doubled up to `reconnectMaxMs` on each failure. Default 100. */
  reconnectMinMs?: number;
  /** Longest wait between reconnect attempts. Default 2,000. */
  reconnectMaxMs?: number;
}

/** The checked options with defaults applied. */
export interface ResolvedRedisOptions {
  handle: RedisClientHandle;
  stream: string;
  mode: 'stream' | 'pubsub';
  maxLen: number;
  blockMs: number;
  marginMs: number;
  commandTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

const HOUR = 3_600_000;
const KNOWN_OPTIONS = ['client', 'stream', 'mode', 'maxLen', 'blockMs', 'marginMs', 'commandTimeoutMs', 'reconnectMinMs', 'reconnectMaxMs'];

/** Checks `options`, throwing a TypeError or RangeError that names the offending option. */
export function resolveRedisOptions(options: unknown): ResolvedRedisOptions {
  const given = checkOptionsObject(options, 'options', true);
  checkKnownOptions(given, KNOWN_OPTIONS, 'options');
  const handle = classifyClient(given.client);
  const reconnectMinMs = checkInteger(given.reconnectMinMs, 'options.reconnectMinMs', 1, HOUR, 100);
  return {
    handle,
    stream: checkName(given.stream, 'options.stream'),
    mode: checkChoice(given.mode, 'options.mode', ['stream', 'pubsub'], 'stream'),
    maxLen: checkInteger(given.maxLen, 'options.maxLen', 1, 2 ** 31 - 1, 10_000),
    blockMs: checkInteger(given.blockMs, 'options.blockMs', 10, HOUR, 1_000),
    marginMs: checkInteger(given.marginMs, 'options.marginMs', 10, HOUR, 1_000),
    commandTimeoutMs: checkInteger(given.commandTimeoutMs, 'options.commandTimeoutMs', 10, HOUR, 2_000),
    reconnectMinMs,
    reconnectMaxMs: checkInteger(given.reconnectMaxMs, 'options.reconnectMaxMs', reconnectMinMs, HOUR, Math.max(2_000, reconnectMinMs)),
  };
}
