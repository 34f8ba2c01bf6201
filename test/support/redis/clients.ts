// Connected clients of both libraries for the sync tests, and a raw command helper.
import Redis from 'ioredis';
import { createClient } from 'redis';

export type ClientKind = 'node-redis' | 'ioredis';
export const CLIENT_KINDS: ClientKind[] = ['node-redis', 'ioredis'];

/** A user's client as the transport gets it, with a way to run commands and to close it. */
export interface TestClient {
  client: unknown;
  command(args: string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** Connects a client of `kind` to 127.0.0.1:`port`; `extra` is merged into its options. */
export async function connectClient(kind: ClientKind, port: number, extra: Record<string, unknown> = {}): Promise<TestClient> {
  if (kind === 'ioredis') {
    const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => 50, ...extra });
    client.on('error', () => undefined);
    await client.connect();
    return {
      client,
      command: (args) => client.call(args[0] as string, ...args.slice(1)),
      close: async () => {
        client.disconnect();
      },
    };
  }
  const client = createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: () => 50 }, ...extra });
  client.on('error', () => undefined);
  await client.connect();
  return {
    client,
    command: (args) => client.sendCommand(args),
    close: async () => {
      client.destroy();
    },
  };
}
