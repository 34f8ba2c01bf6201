/**
 * Runs the tier's scripts on the user's client: EVALSHA first, EVAL when Redis answers NOSCRIPT
 * (after a restart or SCRIPT FLUSH; EVAL also caches the script again). Every call has its own
 * deadline, and its round-trip time is sampled.
 */
import { LatencySamples } from '../../sync/latency-samples';
import { withDeadline } from '../../sync/timers';
import type { CommandRunner } from '../connection';

/** The SHA1 of a script, as EVALSHA wants it (Web Crypto: global in Node 20 and later). */
async function sha1Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** One script and its SHA1 (computed once). */
export class TierScript {
  private sha: Promise<string> | undefined;

  constructor(readonly source: string) {}

  /** The script's SHA1. */
  digest(): Promise<string> {
    return (this.sha ??= sha1Hex(this.source));
  }
}

/** Runs scripts and commands with a deadline each, counting round trips. */
export class ScriptRunner {
  /** Round-trip times of successful calls, in ms. */
  readonly latency = new LatencySamples();
  /** Calls made (a NOSCRIPT fallback counts twice). */
  roundTrips = 0;

  constructor(
    private readonly run: CommandRunner,
    private readonly timeoutMs: number,
  ) {}

  /** Runs one plain command with the deadline. */
  async command(args: readonly string[]): Promise<unknown> {
    const started = performance.now();
    this.roundTrips += 1;
    const reply = await withDeadline(
      this.run(args),
      this.timeoutMs,
      `taglru: Redis did not answer within ${this.timeoutMs} ms (l2TimeoutMs)`,
    );
    this.latency.add(performance.now() - started);
    return reply;
  }

  /** Runs `script` with `keys` and `args`; rejects on an error reply or after the deadline. */
  async script(script: TierScript, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const started = performance.now();
    const tail = [String(keys.length), ...keys, ...args];
    const attempt = async (): Promise<unknown> => {
      const sha = await script.digest();
      try {
        this.roundTrips += 1;
        return await this.run(['EVALSHA', sha, ...tail]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        this.roundTrips += 1;
        return await this.run(['EVAL', script.source, ...tail]);
      }
    };
    const reply = await withDeadline(attempt(), this.timeoutMs, `taglru: Redis did not answer within ${this.timeoutMs} ms (l2TimeoutMs)`);
    this.latency.add(performance.now() - started);
    return reply;
  }
}
