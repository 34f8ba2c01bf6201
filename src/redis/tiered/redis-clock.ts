/**
 * Redis's clock as seen from here: write deadlines are stated in Redis's time (the write script
 * compares them with TIME), so a write that reaches Redis late is dropped there, whatever our clock says.
 */
import { replyText } from '../connection';
import type { ScriptRunner } from './script-runner';

/** The offset between Redis's clock and ours, kept up to date by every read. */
export class RedisClock {
  /** Redis's clock minus ours (ms), undefined until measured. */
  private offset: number | undefined;

  constructor(private readonly runner: ScriptRunner) {}

  /** Records Redis's time as a reply reported it, for a call sent at `sentAt` (our clock). */
  observe(redisNow: number, sentAt: number): void {
    this.offset = redisNow - sentAt;
  }

  /** Redis's time now, as well as we know it (asks Redis once if nothing was observed yet). */
  async now(): Promise<number> {
    if (this.offset === undefined) {
      const sentAt = Date.now();
      const reply = await this.runner.command(['TIME']);
      const [seconds, micros] = (reply as unknown[]).map((part) => Number(replyText(part)));
      this.observe((seconds as number) * 1000 + Math.floor((micros as number) / 1000), sentAt);
    }
    return Date.now() + (this.offset as number);
  }
}
