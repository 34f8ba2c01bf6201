/**
 * The two Redis clients by shape, never by import (both are optional peers): node-redis v5/v6
 * (`sendCommand(string[])`, `duplicate()` returns an unconnected client) and ioredis 5
 * (`call(command, ...args)`, `duplicate(options)` connects itself unless `lazyConnect`).
 */

import { withDeadline } from '../sync/timers';

/** The node-redis methods used here. */
interface NodeRedisShape {
  sendCommand(args: readonly string[]): Promise<unknown>;
  duplicate(overrides?: Record<string, unknown>): NodeRedisShape;
  connect(): Promise<unknown>;
  destroy(): void;
  subscribe(channel: string, listener: (message: unknown, channel: unknown) => void): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly options?: { socket?: Record<string, unknown> };
}

/** The ioredis methods used here. */
interface IoRedisShape {
  call(command: string, ...args: string[]): Promise<unknown>;
  duplicate(overrides?: Record<string, unknown>): IoRedisShape;
  connect(): Promise<unknown>;
  disconnect(): void;
  subscribe(channel: string): Promise<unknown>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly status: string;
}

/** One way to run a command on a client the user owns (the publisher never closes it). */
export type CommandRunner = (args: readonly string[]) => Promise<unknown>;

/** A connection this package opened and owns: it never reconnects by itself and never times a command out. */
export interface OwnedConnection {
  command: CommandRunner;
  /** Subscribes to `channel` (the connection is in subscriber mode from then on). */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  /** Called once when the connection errors or closes, unless `destroy` came first. */
  onLost(listener: (reason: string) => void): void;
  /** Drops the socket at once (a blocked read is abandoned). */
  destroy(): void;
}

/** A user's client, classified. */
export type RedisClientHandle = { kind: 'ioredis'; client: IoRedisShape } | { kind: 'node-redis'; client: NodeRedisShape };

function hasFunction(value: object, name: string): boolean {
  return typeof (value as Record<string, unknown>)[name] === 'function';
}

/** Classifies `client` by its methods, or throws a TypeError naming `options.client`. */
export function classifyClient(client: unknown): RedisClientHandle {
  if (typeof client === 'object' && client !== null && hasFunction(client, 'duplicate') && hasFunction(client, 'connect')) {
    if (hasFunction(client, 'call') && typeof (client as { status?: unknown }).status === 'string') {
      return { kind: 'ioredis', client: client as IoRedisShape };
    }
    if (hasFunction(client, 'sendCommand') && hasFunction(client, 'destroy') && 'isOpen' in client)
      return { kind: 'node-redis', client: client as unknown as NodeRedisShape };
  }
  throw new TypeError('taglru: options.client must be a node-redis (v5 or later) or ioredis client');
}

/** Runs commands on the user's own client. */
export function commandRunner(handle: RedisClientHandle): CommandRunner {
  if (handle.kind === 'ioredis') {
    const { client } = handle;
    return (args) => client.call(args[0] as string, ...args.slice(1));
  }
  const { client } = handle;
  return (args) => client.sendCommand(args);
}

/** Decodes a reply that may be a string or bytes (a user's type mapping can ask for Buffers). */
export function replyText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A duplicated connection, before the shared handling of loss and deadlines. */
interface DuplicatedConnection {
  connect(): Promise<unknown>;
  run(args: readonly string[]): Promise<unknown>;
  subscribe(channel: string, onMessage: (message: string) => void): Promise<unknown>;
  destroy(): void;
  /** The events that mean the link is gone: an error, and the client's "closed" event. */
  onGone(listener: (reason: string) => void): void;
}

function duplicateIoRedis(client: IoRedisShape): DuplicatedConnection {
  const connection = client.duplicate({
    lazyConnect: true,
    // Each of these would end a healthy blocking read (ioredis 5.x: commandTimeout, socketTimeout, blockingTimeout).
    commandTimeout: undefined,
    socketTimeout: undefined,
    blockingTimeout: undefined,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    reconnectOnError: null,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
  });
  return {
    connect: () => connection.connect(),
    run: (args) => connection.call(args[0] as string, ...args.slice(1)),
    subscribe: (channel, onMessage) => {
      connection.on('message', (_channel, message) => onMessage(replyText(message) ?? ''));
      return connection.subscribe(channel);
    },
    destroy: () => connection.disconnect(),
    onGone: (listener) => {
      connection.on('error', (error) => listener(describeError(error)));
      connection.on('close', () => listener('connection closed'));
    },
  };
}

function duplicateNodeRedis(client: NodeRedisShape): DuplicatedConnection {
  const socket = { ...client.options?.socket, reconnectStrategy: false, socketTimeout: undefined };
  const connection = client.duplicate({ socket, commandOptions: undefined, disableOfflineQueue: true, pingInterval: undefined });
  return {
    connect: () => connection.connect(),
    run: (args) => connection.sendCommand(args),
    subscribe: (channel, onMessage) => connection.subscribe(channel, (message) => onMessage(replyText(message) ?? '')),
    destroy: () => connection.destroy(),
    onGone: (listener) => {
      connection.on('error', (error) => listener(describeError(error)));
      connection.on('end', () => listener('connection closed'));
    },
  };
}

/**
 * Opens a connection of our own beside the user's client, with the user's address, credentials and
 * TLS but none of the settings that would cut a blocking read short or hide a lost link: no command
 * or socket timeout, no offline queue, no automatic reconnect (the caller reconnects, and so knows).
 * Rejects, leaving nothing open, when connecting fails or takes longer than `timeoutMs`.
 */
export async function openOwnedConnection(handle: RedisClientHandle, timeoutMs: number): Promise<OwnedConnection> {
  const connection = handle.kind === 'ioredis' ? duplicateIoRedis(handle.client) : duplicateNodeRedis(handle.client);
  let lostListener: ((reason: string) => void) | undefined;
  let done = false;
  // Commands reject as soon as the link is lost, whether or not the client flushes its queue.
  let rejectLost: (error: Error) => void = () => undefined;
  const lost = new Promise<never>((_resolve, reject) => {
    rejectLost = reject;
  });
  lost.catch(() => undefined);
  connection.onGone((reason) => {
    rejectLost(new Error(`taglru: Redis connection lost: ${reason}`));
    if (done) return;
    done = true;
    lostListener?.(reason);
  });
  const destroy = (): void => {
    done = true;
    connection.destroy();
  };
  try {
    await withDeadline(connection.connect(), timeoutMs, `taglru: connecting to Redis took longer than ${timeoutMs} ms`);
  } catch (error) {
    destroy();
    throw error;
  }
  return {
    command: (args) => Promise.race([connection.run(args), lost]),
    subscribe: async (channel, onMessage) => {
      await connection.subscribe(channel, onMessage);
    },
    onLost: (listener) => {
      lostListener = listener;
    },
    destroy,
  };
}
