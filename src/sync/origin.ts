/** Random ids and per-origin sequence checks shared by the transports that have no server-side counter. */

/** A random 64-bit id in hex: names one transport instance (its messages and its sequence epoch). */
export function newOriginId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += byte.toString(16).padStart(2, '0');
  return id;
}

/** What a sequence number says about the messages of its origin before it. */
export type SequenceVerdict = 'first' | 'next' | 'gap' | 'back';

/**
 * Tracks the last sequence number seen from each origin. Every origin numbers its messages 1, 2, 3...
 * and a fresh origin id is a fresh epoch, so a jump is a lost message and a step back is impossible
 * unless something replayed or reordered messages.
 */
export class OriginSequences {
  private readonly lastByOrigin = new Map<string, { seq: number; seenAt: number }>();

  /** Records `seq` for `origin` and says whether it follows the previous one. */
  check(origin: string, seq: number, now: number): SequenceVerdict {
    const last = this.lastByOrigin.get(origin);
    this.lastByOrigin.set(origin, { seq, seenAt: now });
    if (last === undefined) return 'first';
    if (seq === last.seq + 1) return 'next';
    return seq > last.seq ? 'gap' : 'back';
  }

  /** Forgets origins not heard from since `before` (closed or crashed instances). */
  forgetSilentSince(before: number): void {
    for (const [origin, last] of this.lastByOrigin) if (last.seenAt < before) this.lastByOrigin.delete(origin);
  }

  /** Forgets every origin (after a reconnect, when nothing can be assumed about the past). */
  clear(): void {
    this.lastByOrigin.clear();
  }
}
