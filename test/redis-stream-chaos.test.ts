// The stream transport when things fail: crashes and restarts of Redis, killed and stalled readers, trimming.
import { afterEach, describe, expect, it } from 'vitest';
import { redisTransport } from '../src/redis/index';
import type { Transport } from '../src/sync/transport';
import { CLIENT_KINDS, connectClient, type TestClient } from './support/redis/clients';
import { recordingReceiver, sleep, waitUntil } from './support/redis/recorder';
import { startRedisServer, type RedisServer } from './support/redis-server';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const FAST = { blockMs: 200, marginMs: 300, commandTimeoutMs: 500, reconnectMinMs: 20, reconnectMaxMs: 200 };

describe.each(CLIENT_KINDS)('stream transport chaos with %s', (kind) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const server = async (options: { aof?: boolean } = {}): Promise<RedisServer> => {
    const started = await startRedisServer(options);
    cleanup.push(() => started.stop());
    return started;
  };
  const proxy = async (port: number): Promise<TcpProxy> => {
    const started = await startTcpProxy(port);
    cleanup.push(() => started.close());
    return started;
  };
  const client = async (port: number): Promise<TestClient> => {
    const made = await connectClient(kind, port);
    cleanup.push(() => made.close());
    return made;
  };
  const transport = (options: Record<string, unknown>): Transport => {
    const made = redisTransport({ stream: 'taglru:chaos', ...FAST, ...options } as never);
    cleanup.push(() => made.close());
    return made;
  };

  for (const aof of [false, true]) {
    it(`kill -9 of redis-server and a restart (${aof ? 'AOF everysec' : 'no persistence'}): resync through run_id, then delivery again`, async () => {
      const redis = await server({ aof });
      const a = transport({ client: (await client(redis.port)).client });
      const b = transport({ client: (await client(redis.port)).client });
      const atB = recordingReceiver();
      await b.open(atB.receiver);
      await a.publish('before');
      await waitUntil(() => atB.messages.length === 1, 'the message before the crash');
      await redis.kill9();
      await waitUntil(() => atB.connections.at(-1) === false, 'the reader to notice');
      await redis.restart();
      await waitUntil(() => atB.connections.at(-1) === true, 'the reader to reconnect');
      expect(atB.resyncs.length).toBe(1);
      expect(atB.resyncs[0]).toMatch(/run_id/);
      await waitUntil(() => {
        void a.publish('after').catch(() => undefined);
        return atB.messages.some((m) => m.payload === 'after');
      }, 'a message after the restart');
      expect(atB.resyncs.length).toBe(1);
    });
  }

  it('CLIENT KILL of the reader: it reconnects, resumes where it was, and proves continuity (no resync)', async () => {
    const redis = await server();
    const raw = await client(redis.port);
    const a = transport({ client: raw.client });
    const b = transport({ client: (await client(redis.port)).client, blockMs: 5_000, marginMs: 5_000 });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    await a.publish('one');
    await waitUntil(() => atB.messages.length === 1, 'the first message');
    const list = String(await raw.command(['CLIENT', 'LIST']));
    const readerIds = [...list.matchAll(/id=(\d+) [^\n]*cmd=xread/g)].map((match) => match[1] as string);
    expect(readerIds.length).toBe(1);
    await raw.command(['CLIENT', 'KILL', 'ID', readerIds[0] as string]);
    for (let index = 0; index < 5; index++) await a.publish(`during ${index}`);
    await waitUntil(() => atB.messages.length === 6, 'the messages published around the kill');
    expect(atB.messages.map((message) => message.payload)).toEqual(['one', 'during 0', 'during 1', 'during 2', 'during 3', 'during 4']);
    expect(atB.connections).toEqual([true, false, true]);
    expect(atB.resyncs).toEqual([]);
  });

  it('a stalled link (half-open TCP): the reader notices within blockMs + marginMs, reconnects once the link works', async () => {
    const redis = await server();
    const link = await proxy(redis.port);
    const a = transport({ client: (await client(redis.port)).client });
    const b = transport({ client: (await client(link.port)).client });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    await a.publish('before');
    await waitUntil(() => atB.messages.length === 1, 'the first message');
    link.stall();
    const stalledAt = Date.now();
    await waitUntil(() => atB.connections.at(-1) === false, 'the reader to notice the stall');
    // blockMs + marginMs = 500 ms; the rest is room for two shared cores.
    expect(Date.now() - stalledAt).toBeLessThan(5_000);
    await a.publish('during');
    link.resume();
    await waitUntil(() => atB.connections.at(-1) === true, 'the reader to reconnect');
    await waitUntil(() => atB.messages.length === 2, 'the message published during the stall');
    expect(atB.resyncs).toEqual([]);
  });

  it('a stream trimmed past a slow reader: the sequence jumps, resync', async () => {
    const redis = await server();
    const link = await proxy(redis.port);
    const raw = await client(redis.port);
    const a = transport({ client: raw.client, maxLen: 5 });
    const b = transport({ client: (await client(link.port)).client, marginMs: 10_000 });
    const atB = recordingReceiver();
    await b.open(atB.receiver);
    link.stall();
    for (let index = 0; index < 30; index++) await a.publish(`m${index}`);
    await raw.command(['XTRIM', 'taglru:chaos', 'MAXLEN', '5']);
    link.resume();
    await waitUntil(() => atB.messages.some((message) => message.payload === 'm29'), 'the newest message');
    expect(atB.resyncs.length).toBe(1);
    expect(atB.resyncs[0]).toMatch(/missed \d+ entries/);
    expect(atB.messages.length).toBeLessThan(30);
  });

  it('publish rejects after commandTimeoutMs when the publisher link is stalled', async () => {
    const redis = await server();
    const link = await proxy(redis.port);
    const a = transport({ client: (await client(link.port)).client });
    link.stall();
    await expect(a.publish('x')).rejects.toThrow(/took longer than 500 ms/);
    link.resume();
  });

  it('close() during the reader backoff ends it at once, and leaves no sockets or timers behind', async () => {
    const redis = await server();
    const user = await client(redis.port);
    await sleep(50);
    const before = process.getActiveResourcesInfo().filter((name) => name !== 'Timeout').length;
    const b = redisTransport({ client: user.client, stream: 'taglru:chaos', ...FAST });
    await b.open(recordingReceiver().receiver);
    expect(process.getActiveResourcesInfo().length).toBeGreaterThan(before);
    await b.close();
    await b.close();
    await waitUntil(() => process.getActiveResourcesInfo().filter((name) => name !== 'Timeout').length === before, 'the sockets to close');
    const reopened = redisTransport({
      client: user.client,
      stream: 'taglru:chaos',
      ...FAST,
      reconnectMinMs: 60_000,
      reconnectMaxMs: 60_000,
    });
    const atC = recordingReceiver();
    await reopened.open(atC.receiver);
    await redis.kill9();
    await waitUntil(() => atC.connections.at(-1) === false, 'the reader to notice');
    const closing = Date.now();
    await reopened.close();
    expect(Date.now() - closing).toBeLessThan(1_000);
  });
});
