/**
 * The Lua scripts of the stream transport. Publishing takes the stream-wide sequence number and adds
 * the entry in one atomic step, so every entry carries a number one higher than the entry before it:
 * a reader that sees a jump has missed entries, one that sees the number go back is reading a new stream.
 */
import { type CommandRunner, replyText } from './connection';

/** KEYS: stream, sequence counter. ARGV: maxLen, origin, sentAt, payload. Returns the entry id. */
export const PUBLISH_SCRIPT = [
  "local seq = redis.call('INCR', KEYS[2])",
  "return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'seq', seq, 'origin', ARGV[2], 'at', ARGV[3], 'payload', ARGV[4])",
].join('\n');

/** SHA1 of PUBLISH_SCRIPT (checked by a test), so EVALSHA needs no SCRIPT LOAD round trip. */
export const PUBLISH_SCRIPT_SHA = 'b25552e00c7485da4760d7c4bd2f56db1b703cdd';

/** KEYS: stream, sequence counter. Returns {counter, id of the newest entry or false}, read atomically. */
export const POSITION_SCRIPT = [
  "local seq = tonumber(redis.call('GET', KEYS[2]) or '0')",
  "local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)",
  'local id = false',
  'if last[1] then id = last[1][1] end',
  'return {seq, id}',
].join('\n');

/** The sequence counter's key beside a stream. */
export function sequenceKey(stream: string): string {
  return `${stream}:seq`;
}

/** Adds one entry with EVALSHA, falling back to EVAL (which also caches the script) when Redis does not know it. */
export async function runPublishScript(run: CommandRunner, stream: string, args: readonly string[]): Promise<string> {
  const keys = ['2', stream, sequenceKey(stream)];
  let reply: unknown;
  try {
    reply = await run(['EVALSHA', PUBLISH_SCRIPT_SHA, ...keys, ...args]);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    reply = await run(['EVAL', PUBLISH_SCRIPT, ...keys, ...args]);
  }
  return replyText(reply) ?? '';
}

/** Where a stream stands: its sequence counter and the id of its newest entry (undefined when the stream is empty or gone). */
export interface StreamPosition {
  seq: number;
  lastId: string | undefined;
}

/** Reads the stream's position atomically. */
export async function readStreamPosition(run: CommandRunner, stream: string): Promise<StreamPosition> {
  const reply = await run(['EVAL', POSITION_SCRIPT, '2', stream, sequenceKey(stream)]);
  if (!Array.isArray(reply)) throw new Error('taglru: unexpected reply to the position script');
  return { seq: Number(reply[0]), lastId: replyText(reply[1]) };
}

/** Redis's run_id from `INFO server`: it changes when the server restarts. */
export async function readRunId(run: CommandRunner): Promise<string> {
  const info = replyText(await run(['INFO', 'server'])) ?? '';
  const match = /run_id:([0-9a-f]+)/.exec(info);
  if (match === null) throw new Error('taglru: INFO server did not report a run_id');
  return match[1] as string;
}

/** Compares two stream ids ("ms-seq"): negative, zero or positive. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const byMs = Number(aMs) - Number(bMs);
  return byMs !== 0 ? byMs : Number(aSeq) - Number(bSeq);
}
