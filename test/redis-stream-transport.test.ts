// The Redis Streams transport against a real redis-server, with both clients.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisTransport } from '../src/redis/index';
import { PUBLISH_SCRIPT, PUBLISH_SCRIPT_SHA } from '../src/redis/stream-scripts';
import type { Transport } from '../src/sync/transport';
import { CLIENT_KINDS, type ClientKind, connectClient, type TestClient } from './support/redis/clients';
import { recordingReceiver, sleep, waitUntil } from './support/redis/recorder';
import { startRedisServer, type RedisServer } from './support/redis-server';

let server: RedisServer;
let streamCount = 0;
const streamName = (): string => `taglru:test:${process.pid}:${++streamCount}`;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

it('the script hash constant is the SHA1 of the script', () => {
  expect(createHash('sha1').update(PUBLISH_SCRIPT).digest('hex')).toBe(PUBLISH_SCRIPT_SHA);
});

describe.each(CLIENT_KINDS)('stream transport with %s', (kind) => {
  const clients: TestClient[] = [];
  const transports: Transport[] = [];
  const client = async (): Promise<TestClient> => {
    const made = await connectClient(kind, server.port);
    clients.push(made);
    return made;
  };
  const transport = (options: Record<string, unknown>): Transport => {
    const made = redisTransport(options as never);
    transports.push(made);
    return made;
  };
  afterAll(async () => {
    for (const made of transports) await made.close();
    for (const made of clients) await made.close();
  });
  /** A publisher A (not opened) on its own client `raw`, and a reader B, opened, recording into `atB`. */
  const publisherAndReader = async (stream: string, blockMs: number) => {
    const raw = await client();
    const a = transport({ client: raw.client, stream, blockMs });
    const b = transport({ client: (await client()).client, stream, blockMs });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    return { raw, a, atB };
  };

  it('delivers to the other instance, in order, exactly, without echo', async () => {
    const stream = streamName();
    const a = transport({ client: (await client()).client, stream, blockMs: 200 });
    const b = transport({ client: (await client()).client, stream, blockMs: 200 });
    const atA = recordingReceiver();
    const atB = recordingReceiver();
    await a.open(atA.receiver);
    await b.open(atB.receiver);
    const payloads = ['', 'plain', 'ünïcødé ✓ 𝄞', 'with|bars\nand\nnewlines', JSON.stringify({ k: [1, '1'] })];
    for (let index = 0; index < 50; index++) payloads.push(`n${index}`);
    for (const payload of payloads) await a.publish(payload);
    await waitUntil(() => atB.messages.length === payloads.length, 'every payload at B');
    expect(atB.messages.map((message) => message.payload)).toEqual(payloads);
    const origin = atB.messages[0]?.origin;
    expect(atB.messages.every((message) => message.origin === origin && message.sentAt > 0)).toBe(true);
    await sleep(300);
    expect(atA.messages).toEqual([]);
    expect([atA.resyncs, atB.resyncs, atB.malformed]).toEqual([[], [], []]);
    expect(atB.connections).toEqual([true]);
    expect(atB.heard).toBeGreaterThan(0);
  });

  it('an instance that opens later sees only what comes after, and no resync', async () => {
    const stream = streamName();
    const a = transport({ client: (await client()).client, stream, blockMs: 200 });
    await a.open(recordingReceiver().receiver);
    await a.publish('before');
    const b = transport({ client: (await client()).client, stream, blockMs: 200 });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    await a.publish('after');
    await waitUntil(() => atB.messages.length === 1, 'the later message');
    expect(atB.messages[0]?.payload).toBe('after');
    expect(atB.resyncs).toEqual([]);
  });

  it('skips and reports foreign entries, and keeps reading', async () => {
    const stream = streamName();
    const raw = await client();
    const a = transport({ client: raw.client, stream, blockMs: 200 });
    const b = transport({ client: (await client()).client, stream, blockMs: 200 });
    const atB = recordingReceiver();
    await a.open(recordingReceiver().receiver);
    await b.open(atB.receiver);
    await raw.command(['XADD', stream, '*', 'hello', 'world']);
    await raw.command(['XADD', stream, '*', 'seq', 'x', 'origin', 'o', 'at', '1', 'payload', 'p']);
    await raw.command(['XADD', stream, '*', 'odd']).catch(() => undefined);
    await a.publish('after');
    await waitUntil(() => atB.messages.length === 1, 'the message after the foreign entries');
    expect(atB.malformed.length).toBe(2);
    expect(atB.malformed[0]).toMatch(/not a taglru message/);
    expect(atB.resyncs).toEqual([]);
  });

  it('an entry with a sequence number but missing fields still counts in the sequence', async () => {
    const stream = streamName();
    const raw = await client();
    const b = transport({ client: (await client()).client, stream, blockMs: 200 });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    await raw.command(['INCR', `${stream}:seq`]);
    await raw.command(['XADD', stream, '*', 'seq', '1', 'origin', 'o']);
    const a = transport({ client: raw.client, stream, blockMs: 200 });
    await a.publish('next');
    await waitUntil(() => atB.messages.length === 1, 'the next message');
    expect(atB.malformed.length).toBe(1);
    expect(atB.resyncs).toEqual([]);
  });

  it('falls back to EVAL when Redis has forgotten the script', async () => {
    const stream = streamName();
    const raw = await client();
    const a = transport({ client: raw.client, stream });
    await raw.command(['SCRIPT', 'FLUSH']);
    await a.publish('one');
    await a.publish('two');
    expect(await raw.command(['XLEN', stream])).toBe(2);
  });

  it('publish rejects other errors of the script (a key of the wrong type)', async () => {
    const stream = streamName();
    const raw = await client();
    await raw.command(['SET', stream, 'not a stream']);
    const a = transport({ client: raw.client, stream });
    await expect(a.publish('x')).rejects.toThrow(/WRONGTYPE/);
  });

  it('a stream deleted while caught up needs no resync; with unread entries it does', async () => {
    const stream = streamName();
    const { raw, a, atB } = await publisherAndReader(stream, 100);
    await a.publish('one');
    await waitUntil(() => atB.messages.length === 1, 'the first message');
    await raw.command(['DEL', stream]);
    await sleep(350);
    await a.publish('two');
    await waitUntil(() => atB.messages.length === 2, 'the message in the new stream');
    expect(atB.resyncs).toEqual([]);
    // Entries added behind the reader's back, then the stream deleted before it read them.
    await raw.command(['INCR', `${stream}:seq`]);
    await raw.command(['DEL', stream]);
    await waitUntil(() => atB.resyncs.length === 1, 'the resync');
    expect(atB.resyncs[0]).toMatch(/gone with 1 entries unread/);
  });

  it('a sequence counter that goes back means a recreated stream: resync', async () => {
    const stream = streamName();
    const { raw, a, atB } = await publisherAndReader(stream, 100);
    await a.publish('one');
    await a.publish('two');
    await waitUntil(() => atB.messages.length === 2, 'both messages');
    await raw.command(['DEL', stream, `${stream}:seq`]);
    await waitUntil(() => atB.resyncs.length === 1, 'the resync');
    expect(atB.resyncs[0]).toMatch(/counter went back/);
    await a.publish('three');
    await waitUntil(() => atB.messages.length === 3, 'the message in the new stream');
    expect(atB.resyncs.length).toBe(1);
  });

  it('a sequence number that goes back in an entry means a recreated stream: resync', async () => {
    const stream = streamName();
    const { raw, a, atB } = await publisherAndReader(stream, 1000);
    await a.publish('one');
    await a.publish('two');
    await waitUntil(() => atB.messages.length === 2, 'both messages');
    await raw.command(['SET', `${stream}:seq`, '0']);
    await a.publish('three');
    await waitUntil(() => atB.resyncs.length === 1, 'the resync');
    expect(atB.resyncs[0]).toMatch(/went back to 1/);
    expect(atB.messages.length).toBe(3);
  });

  it('a stream recreated with smaller ids: resync', async () => {
    const stream = streamName();
    const { raw, a, atB } = await publisherAndReader(stream, 100);
    await a.publish('one');
    await waitUntil(() => atB.messages.length === 1, 'the message');
    await raw.command(['MULTI']);
    await raw.command(['DEL', stream]);
    await raw.command(['XADD', stream, '1-1', 'foreign', 'entry']);
    await raw.command(['EXEC']);
    await waitUntil(() => atB.resyncs.length === 1, 'the resync');
    expect(atB.resyncs[0]).toMatch(/smaller ids/);
  });

  it('open rejects with a clear error when Redis cannot be reached; publish after close rejects', async () => {
    const dead = await startRedisServer();
    const made = await connectClient(kind, dead.port);
    await dead.stop();
    const a = redisTransport({ client: made.client, stream: streamName(), commandTimeoutMs: 500 });
    await expect(a.open(recordingReceiver().receiver)).rejects.toThrow(/cannot open the Redis stream transport/);
    await expect(a.open(recordingReceiver().receiver)).rejects.toThrow(/only once/);
    await a.close();
    await expect(a.publish('x')).rejects.toThrow(/closed/);
    await made.close();
  });
});

describe.each(CLIENT_KINDS)('stream transport edges with %s', (kind) => {
  it('a user without permission to run scripts: open and publish reject naming the cause', async () => {
    const admin = await connectClient(kind, server.port);
    await admin.command(['ACL', 'SETUSER', 'noeval', 'on', '>pw', '~*', '&*', '+@all', '-eval', '-evalsha']);
    const limited = await connectClient(kind, server.port, { username: 'noeval', password: 'pw' });
    const transport = redisTransport({ client: limited.client, stream: streamName() });
    await expect(transport.open(recordingReceiver().receiver)).rejects.toThrow(/NOPERM|permission/i);
    await expect(transport.publish('x')).rejects.toThrow(/closed/);
    const publisher = redisTransport({ client: limited.client, stream: streamName() });
    await expect(publisher.publish('x')).rejects.toThrow(/NOPERM|permission/i);
    await limited.close();
    await admin.close();
  });

  it('close() during open leaves nothing behind', async () => {
    const user = await connectClient(kind, server.port);
    await sleep(50);
    const before = process.getActiveResourcesInfo().length;
    const transport = redisTransport({ client: user.client, stream: streamName() });
    const at = recordingReceiver();
    const opened = transport.open(at.receiver);
    await transport.close();
    await opened;
    expect(at.connections).toEqual([]);
    await waitUntil(() => process.getActiveResourcesInfo().length <= before, 'the sockets and timers to close');
    await user.close();
  });
});

describe('the reader ignores the timeouts of the client it duplicates', () => {
  const timeouts: [ClientKind, Record<string, unknown>][] = [
    ['ioredis', { commandTimeout: 100, socketTimeout: 150, blockingTimeout: 100 }],
    [
      'node-redis',
      { socket: { host: '127.0.0.1', port: 0, socketTimeout: 150, reconnectStrategy: () => 50 }, commandOptions: { timeout: 100 } },
    ],
  ];
  it.each(timeouts)('%s with %j: blocking reads of 600 ms survive, nothing reconnects', async (kind, extra) => {
    const options = 'socket' in extra ? { ...extra, socket: { ...(extra.socket as object), port: server.port } } : extra;
    const user = await connectClient(kind, server.port, options);
    const stream = streamName();
    const reader = redisTransport({ client: user.client, stream, blockMs: 600 });
    const at = recordingReceiver();
    await reader.open(at.receiver);
    await sleep(1_500);
    const publisher = redisTransport({ client: user.client, stream });
    await publisher.publish('through');
    await waitUntil(() => at.messages.length === 1, 'the message');
    expect(at.connections).toEqual([true]);
    expect(at.resyncs).toEqual([]);
    await reader.close();
    await user.close();
  });
});
