// Decoding of Redis replies in every shape the two clients produce (RESP2 arrays, RESP3 maps as Map or
// object, Buffers from a user's type mapping), and of sequence bookkeeping; no server needed.
import { expect, it } from 'vitest';
import { replyText } from '../src/redis/connection';
import { decodeEntry, entriesOfXreadReply } from '../src/redis/stream-entries';
import { compareStreamIds, readRunId, readStreamPosition, runPublishScript } from '../src/redis/stream-scripts';
import { OriginSequences } from '../src/sync/origin';

const entry = ['1-0', ['seq', '1', 'origin', 'o', 'at', '5', 'payload', 'p']];

it('reads XREAD replies as RESP2 arrays, RESP3 maps and objects', () => {
  const expected = [{ id: '1-0', fields: entry[1] }];
  expect(
    entriesOfXreadReply(
      [
        ['other', []],
        ['s', [entry]],
      ],
      's',
    ),
  ).toEqual(expected);
  expect(entriesOfXreadReply(new Map([['s', [entry]]]), 's')).toEqual(expected);
  expect(entriesOfXreadReply({ s: [entry] }, 's')).toEqual(expected);
  expect(entriesOfXreadReply(null, 's')).toEqual([]);
  expect(entriesOfXreadReply(undefined, 's')).toEqual([]);
  expect(() => entriesOfXreadReply([['other', []]], 's')).toThrow(/unexpected XREAD reply/);
  expect(() => entriesOfXreadReply('text', 's')).toThrow(/unexpected XREAD reply/);
  expect(() => entriesOfXreadReply({ s: [[5, []]] }, 's')).toThrow(/unexpected XREAD entry/);
  expect(() => entriesOfXreadReply({ s: ['x'] }, 's')).toThrow(/unexpected XREAD entry/);
});

it('decodes entries, Buffers included, and names what is wrong with the others', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  expect(decodeEntry({ id: '1-0', fields: (entry[1] as string[]).map(bytes) })).toEqual({
    entry: { seq: 1, origin: 'o', sentAt: 5, payload: 'p' },
  });
  expect(decodeEntry({ id: '1-0', fields: ['seq', '2', 'origin', ''] })).toEqual({
    seq: 2,
    problem: expect.stringMatching(/1-0 is not a taglru message/),
  });
  for (const fields of [
    null,
    ['seq'],
    ['seq', 5],
    [7, 'x'],
    ['seq', '01', 'origin', 'o', 'at', '5', 'payload', 'p'],
    ['seq', '1', 'origin', 'o', 'at', 'x', 'payload', 'p'],
  ]) {
    expect(decodeEntry({ id: '2-0', fields })).toHaveProperty('problem');
  }
  expect(replyText(5)).toBeUndefined();
});

it('compares stream ids by milliseconds, then by sequence', () => {
  expect(compareStreamIds('2-0', '10-0')).toBeLessThan(0);
  expect(compareStreamIds('5-3', '5-10')).toBeLessThan(0);
  expect(compareStreamIds('5-3', '5-3')).toBe(0);
  expect(compareStreamIds('6', '5-9')).toBeGreaterThan(0);
});

it('script helpers report unexpected replies and pass on errors that are not NOSCRIPT', async () => {
  await expect(readStreamPosition(async () => 'no', 's')).rejects.toThrow(/unexpected reply to the position script/);
  await expect(readRunId(async () => 'redis_version:7')).rejects.toThrow(/did not report a run_id/);
  await expect(readRunId(async () => 5)).rejects.toThrow(/did not report a run_id/);
  await expect(
    runPublishScript(
      async () => {
        throw 'down';
      },
      's',
      [],
    ),
  ).rejects.toBe('down');
  expect(await runPublishScript(async () => 7, 's', [])).toBe('');
});

it('origin sequences: first, next, gap, back; silent origins are forgotten', () => {
  const sequences = new OriginSequences();
  expect(sequences.check('a', 5, 0)).toBe('first');
  expect(sequences.check('a', 6, 0)).toBe('next');
  expect(sequences.check('a', 8, 0)).toBe('gap');
  expect(sequences.check('a', 2, 0)).toBe('back');
  sequences.check('b', 1, 100);
  sequences.forgetSilentSince(50);
  expect(sequences.check('a', 9, 100)).toBe('first');
  expect(sequences.check('b', 2, 100)).toBe('next');
});
