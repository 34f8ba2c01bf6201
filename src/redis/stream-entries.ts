/** Decoding of XREAD replies and of the entries the publish script writes. */
import { replyText } from './connection';

/** One raw stream entry: its id and its field/value list. */
export interface RawStreamEntry {
  id: string;
  fields: unknown;
}

/** A well-formed entry written by a taglru publisher. */
export interface TaglruEntry {
  seq: number;
  origin: string;
  sentAt: number;
  payload: string;
}

/**
 * The entries of `stream` in an XREAD reply, whatever the protocol: RESP2 gives
 * `[[name, entries]]`, RESP3 a map (a `Map` or a plain object, depending on the client). `null` is a timeout.
 */
export function entriesOfXreadReply(reply: unknown, stream: string): RawStreamEntry[] {
  if (reply === null || reply === undefined) return [];
  let entries: unknown;
  if (Array.isArray(reply)) {
    for (const item of reply) if (Array.isArray(item) && replyText(item[0]) === stream) entries = item[1];
  } else if (reply instanceof Map) {
    entries = reply.get(stream);
  } else if (typeof reply === 'object') {
    entries = (reply as Record<string, unknown>)[stream];
  }
  if (!Array.isArray(entries)) throw new Error('taglru: unexpected XREAD reply');
  const result: RawStreamEntry[] = [];
  for (const entry of entries) {
    const id = Array.isArray(entry) ? replyText(entry[0]) : undefined;
    if (id === undefined) throw new Error('taglru: unexpected XREAD entry');
    result.push({ id, fields: (entry as unknown[])[1] });
  }
  return result;
}

function fieldMap(fields: unknown): Map<string, string> | undefined {
  if (!Array.isArray(fields) || fields.length % 2 !== 0) return undefined;
  const map = new Map<string, string>();
  for (let index = 0; index < fields.length; index += 2) {
    const name = replyText(fields[index]);
    const value = replyText(fields[index + 1]);
    if (name === undefined || value === undefined) return undefined;
    map.set(name, value);
  }
  return map;
}

const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** The sequence number of an entry, when it has a valid one (foreign entries usually have none). */
export function sequenceOf(fields: Map<string, string> | undefined): number | undefined {
  const text = fields?.get('seq');
  return text !== undefined && DECIMAL.test(text) ? Number(text) : undefined;
}

/** Decodes an entry, or returns what is wrong with it. */
export function decodeEntry(raw: RawStreamEntry): { entry: TaglruEntry } | { seq: number | undefined; problem: string } {
  const fields = fieldMap(raw.fields);
  const seq = sequenceOf(fields);
  const origin = fields?.get('origin');
  const at = fields?.get('at');
  const payload = fields?.get('payload');
  if (seq === undefined || origin === undefined || origin.length === 0 || at === undefined || !DECIMAL.test(at) || payload === undefined) {
    return { seq, problem: `stream entry ${raw.id} is not a taglru message (fields seq, origin, at, payload expected)` };
  }
  return { entry: { seq, origin, sentAt: Number(at), payload } };
}
