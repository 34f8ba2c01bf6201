/** The text frame of pub/sub messages: `taglru:1|<kind>|<origin>|<seq>|<sentAt>|<payload>`. */

/** `m`: a payload; `h`: a heartbeat (empty payload) that also advances the origin's sequence. */
export type FrameKind = 'm' | 'h';

/** A decoded frame. */
export interface PubSubFrame {
  kind: FrameKind;
  origin: string;
  seq: number;
  sentAt: number;
  payload: string;
}

const PREFIX = 'taglru:1|';
const DECIMAL = /^(0|[1-9][0-9]{0,15})$/;

/** Encodes a frame. */
export function encodeFrame(frame: PubSubFrame): string {
  return `${PREFIX}${frame.kind}|${frame.origin}|${frame.seq}|${frame.sentAt}|${frame.payload}`;
}

/** Decodes a frame, or returns `undefined` for anything else on the channel. */
export function decodeFrame(text: string): PubSubFrame | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const parts: string[] = [];
  let start = PREFIX.length;
  for (let field = 0; field < 4; field++) {
    const end = text.indexOf('|', start);
    if (end < 0) return undefined;
    parts.push(text.slice(start, end));
    start = end + 1;
  }
  const [kind, origin, seq, sentAt] = parts as [string, string, string, string];
  if ((kind !== 'm' && kind !== 'h') || origin.length === 0 || !DECIMAL.test(seq) || !DECIMAL.test(sentAt)) return undefined;
  return { kind, origin, seq: Number(seq), sentAt: Number(sentAt), payload: text.slice(start) };
}
