// The Redis pub/sub transport against a real redis-server, with both clients: delivery, gaps, heartbeats, reconnects.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisTransport } from '../src/redis/index';
import { decodeFrame, encodeFrame } from '../src/redis/pubsub-frame';
import type { Transport } from '../src/sync/transport';
import { CLIENT_KINDS, connectClient, type TestClient } from './support/redis/clients';
import { recordingReceiver, sleep, waitUntil } from './support/redis/recorder';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { startTcpProxy } from './support/tcp-proxy';

const FAST = { mode: 'pubsub', blockMs: 200, marginMs: 300, commandTimeoutMs: 500, reconnectMinMs: 20, reconnectMaxMs: 200 };
let server: RedisServer;
let channelCount = 0;
const channelName = (): string => `taglru:pubsub:${++channelCount}`;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

it('frames round-trip and reject anything else', () => {
  const frame = { kind: 'm' as const, origin: 'abc', seq: 7, sentAt: 123, payload: 'a|b\nc' };
  expect(decodeFrame(encodeFrame(frame))).toEqual(frame);
  for (const text of [
    '',
    'hello',
    'taglru:1|x|o|1|1|p',
    'taglru:1|m||1|1|p',
    'taglru:1|m|o|01|1|p',
    'taglru:1|m|o|1|p',
    'taglru:1|m|o|1|-1|p',
  ]) {
    expect(decodeFrame(text)).toBeUndefined();
  }
});

describe.each(CLIENT_KINDS)('pub/sub transport with %s', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const client = async (port = server.port): Promise<TestClient> => {
    const made = await connectClient(kind, port);
    cleanup.push(() => made.close());
    return made;
  };
  const transport = (options: Record<string, unknown>): Transport => {
    const made = redisTransport({ ...FAST, ...options } as never);
    cleanup.push(() => made.close());
    return made;
  };

  it('delivers in order, exactly, without echo; heartbeats prove the link', async () => {
    const stream = channelName();
    const a = transport({ client: (await client()).client, stream });
    const b = transport({ client: (await client()).client, stream });
    const atA = recordingReceiver();
    const atB = recordingReceiver();
    await a.open(atA.receiver);
    await b.open(atB.receiver);
    const payloads = ['', 'ünïcødé 𝄞', 'a|b\nc', ...Array.from({ length: 30 }, (_, index) => `n${index}`)];
    for (const payload of payloads) await a.publish(payload);
    await waitUntil(() => atB.messages.length === payloads.length, 'every payload');
    expect(atB.messages.map((message) => message.payload)).toEqual(payloads);
    const heardBefore = atB.heard;
    await sleep(500);
    expect(atB.heard).toBeGreaterThan(heardBefore);
    expect([atA.messages, atA.resyncs, atB.resyncs, atB.malformed]).toEqual([[], [], [], []]);
    expect(atB.connections).toEqual([true]);
  });

  it('a skipped sequence number (a lost message) or one that goes back: resync; foreign messages: malformed', async () => {
    const stream = channelName();
    const raw = await client();
    const b = transport({ client: (await client()).client, stream });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    const publish = (seq: number): Promise<unknown> =>
      raw.command(['PUBLISH', stream, encodeFrame({ kind: 'm', origin: 'other', seq, sentAt: Date.now(), payload: `p${seq}` })]);
    await publish(1);
    await publish(2);
    await publish(4);
    await publish(3);
    await raw.command(['PUBLISH', stream, 'not ours']);
    await waitUntil(() => atB.messages.length === 4 && atB.malformed.length === 1, 'the messages');
    expect(atB.resyncs.length).toBe(2);
    expect(atB.resyncs[0]).toMatch(/lost or replayed \(gap at 4\)/);
    expect(atB.resyncs[1]).toMatch(/back at 3/);
  });

  it('CLIENT KILL of the subscriber: reconnect and resync', async () => {
    const stream = channelName();
    const raw = await client();
    const a = transport({ client: raw.client, stream });
    const b = transport({ client: (await client()).client, stream });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    await raw.command(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    await waitUntil(() => atB.resyncs.length === 1, 'the resync');
    expect(atB.resyncs[0]).toMatch(/re-established/);
    expect(atB.connections).toEqual([true, false, true]);
    await a.publish('after');
    await waitUntil(() => atB.messages.length === 1, 'a message after the reconnect');
  });

  it('a stalled link: no heartbeat back within blockMs + marginMs, link down, then reconnect and resync', async () => {
    const stream = channelName();
    const link = await startTcpProxy(server.port);
    cleanup.push(() => link.close());
    const b = transport({ client: (await client(link.port)).client, stream });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    link.stall();
    await waitUntil(() => atB.connections.at(-1) === false, 'the link to be declared dead');
    await sleep(300);
    link.resume();
    await waitUntil(() => atB.connections.at(-1) === true && atB.resyncs.length === 1, 'the reconnect and resync');
  });

  it('open rejects with a clear error when Redis cannot be reached', async () => {
    const dead = await startRedisServer();
    const made = await connectClient(kind, dead.port);
    await dead.stop();
    const a = redisTransport({ ...FAST, client: made.client, stream: channelName() } as never);
    await expect(a.open(recordingReceiver().receiver)).rejects.toThrow(/cannot open the Redis pub\/sub transport/);
    await expect(a.open(recordingReceiver().receiver)).rejects.toThrow(/only once/);
    await expect(a.publish('x')).rejects.toThrow(/closed/);
    await a.close();
    await made.close();
  });

  it('close() leaves no sockets or timers behind', async () => {
    const user = await client();
    await sleep(50);
    const before = process.getActiveResourcesInfo().length;
    const b = redisTransport({ ...FAST, client: user.client, stream: channelName() } as never);
    await b.open(recordingReceiver().receiver);
    await b.close();
    await waitUntil(() => process.getActiveResourcesInfo().length <= before, 'the sockets and timers to close');
  });
});

describe.each(CLIENT_KINDS)('pub/sub transport edges with %s', (kind) => {
  it('close() during open or during the reconnect backoff ends at once and leaves nothing behind', async () => {
    const user = await connectClient(kind, server.port);
    await sleep(50);
    const before = process.getActiveResourcesInfo().length;
    const opening = redisTransport({ ...FAST, client: user.client, stream: channelName() } as never);
    const atOpening = recordingReceiver();
    const opened = opening.open(atOpening.receiver);
    await opening.close();
    await opened;
    expect(atOpening.connections).toEqual([]);
    const slow = redisTransport({
      ...FAST,
      client: user.client,
      stream: channelName(),
      reconnectMinMs: 60_000,
      reconnectMaxMs: 60_000,
    } as never);
    const atSlow = recordingReceiver();
    await slow.open(atSlow.receiver);
    await user.command(['CLIENT', 'KILL', 'TYPE', 'pubsub']);
    await waitUntil(() => atSlow.connections.at(-1) === false, 'the link to drop');
    const closing = Date.now();
    await slow.close();
    expect(Date.now() - closing).toBeLessThan(1_000);
    await waitUntil(() => process.getActiveResourcesInfo().length <= before, 'the sockets and timers to close');
    await user.close();
  });

  it('a user without permission to subscribe: open rejects naming the cause', async () => {
    const admin = await connectClient(kind, server.port);
    await admin.command(['ACL', 'SETUSER', 'nosub', 'on', '>pw', '~*', 'resetchannels', '&allowed', '+@all']);
    const limited = await connectClient(kind, server.port, { username: 'nosub', password: 'pw' });
    const transport = redisTransport({ ...FAST, client: limited.client, stream: 'forbidden' } as never);
    await expect(transport.open(recordingReceiver().receiver)).rejects.toThrow(/NOPERM|permission/i);
    await transport.close();
    await limited.close();
    await admin.close();
  });
});
