// Bad options of redisTransport and broadcastChannelTransport: TypeError or RangeError naming the option.
import { expect, it } from 'vitest';
import { redisTransport } from '../src/redis/index';
import { broadcastChannelTransport } from '../src/sync/broadcast-channel';

const nodeRedisShape = {
  sendCommand: () => Promise.resolve(null),
  destroy: () => undefined,
  duplicate: () => undefined,
  connect: () => Promise.resolve(),
  isOpen: true,
};
const ioredisShape = { call: () => Promise.resolve(null), duplicate: () => undefined, connect: () => Promise.resolve(), status: 'ready' };

it('rejects a missing or unknown client', () => {
  expect(() => redisTransport(undefined as never)).toThrow(new TypeError('taglru: options must be an object, got undefined'));
  expect(() => redisTransport({ stream: 's' } as never)).toThrow(/options.client must be a node-redis .* or ioredis client/);
  expect(() => redisTransport({ client: {}, stream: 's' })).toThrow(TypeError);
  expect(() => redisTransport({ client: { duplicate() {}, connect() {} }, stream: 's' })).toThrow(/options.client/);
});

it.each([
  [{ stream: '' }, TypeError, /options.stream must be a non-empty string, got ""/],
  [{ stream: 5 }, TypeError, /options.stream/],
  [{ mode: 'queue' }, RangeError, /options.mode must be one of 'stream', 'pubsub', got "queue"/],
  [{ mode: 1 }, TypeError, /options.mode must be a string/],
  [{ maxLen: 0 }, RangeError, /options.maxLen must be from 1/],
  [{ maxLen: 1.5 }, TypeError, /options.maxLen must be an integer, got 1.5/],
  [{ blockMs: '100' }, TypeError, /options.blockMs must be an integer, got "100"/],
  [{ blockMs: 5 }, RangeError, /options.blockMs/],
  [{ marginMs: -1 }, RangeError, /options.marginMs/],
  [{ commandTimeoutMs: Number.NaN }, TypeError, /options.commandTimeoutMs/],
  [{ reconnectMinMs: 0 }, RangeError, /options.reconnectMinMs/],
  [{ reconnectMinMs: 500, reconnectMaxMs: 100 }, RangeError, /options.reconnectMaxMs must be from 500/],
  [{ stream: 'x'.repeat(50), mode: null }, TypeError, /options.mode must be a string, got null/],
  [{ mode: [] }, TypeError, /got an array/],
  [{ mode: {} }, TypeError, /got object/],
])('redisTransport rejects %j', (bad, type, message) => {
  for (const client of [nodeRedisShape, ioredisShape]) {
    expect(() => redisTransport({ client, stream: 's', ...bad } as never)).toThrow(type);
    expect(() => redisTransport({ client, stream: 's', ...bad } as never)).toThrow(message);
  }
});

it('unknown options are TypeErrors suggesting the closest name', () => {
  expect(() => redisTransport({ client: ioredisShape, stream: 's', blockMS: 5 } as never)).toThrow(
    new TypeError('taglru: options.blockMS is not an option; did you mean blockMs?'),
  );
  expect(() => broadcastChannelTransport('c', { check: 5 } as never)).toThrow(/options.check is not an option/);
});

it('transports state their liveness period for the bus', () => {
  expect(redisTransport({ client: ioredisShape, stream: 's' }).livenessMs).toBe(2_000);
  expect(redisTransport({ client: nodeRedisShape, stream: 's', mode: 'pubsub', blockMs: 100, marginMs: 50 }).livenessMs).toBe(150);
  expect(broadcastChannelTransport('c', { checkMs: 100 }).livenessMs).toBe(2_100);
});

it('accepts good options for both shapes', () => {
  expect(
    redisTransport({ client: nodeRedisShape, stream: 's', mode: 'pubsub', maxLen: 10, blockMs: 10, reconnectMinMs: 5_000 }),
  ).toBeTruthy();
  expect(redisTransport({ client: ioredisShape, stream: 's' })).toBeTruthy();
});

it('broadcastChannelTransport rejects a bad name or options', () => {
  expect(() => broadcastChannelTransport('')).toThrow(new TypeError('taglru: name must be a non-empty string, got ""'));
  expect(() => broadcastChannelTransport('a'.repeat(41) as never)).not.toThrow();
  expect(() => broadcastChannelTransport('c', null as never)).toThrow(/options must be an object, got null/);
  expect(() => broadcastChannelTransport('c', { checkMs: 0 })).toThrow(RangeError);
  expect(() => broadcastChannelTransport('c', { suspendedMs: true as never })).toThrow(
    /options.suspendedMs must be an integer, got boolean/,
  );
});

it('publish rejects a payload that is not a string', async () => {
  const transport = redisTransport({ client: ioredisShape, stream: 's' });
  await expect(transport.publish(1 as never)).rejects.toThrow(/payload must be a string, got 1/);
  await expect(broadcastChannelTransport('c').publish({} as never)).rejects.toThrow(/payload must be a string, got object/);
});
