/**
 * The optional cross-instance load lock: one instance loads a cold key (`SET NX PX`) while the others
 * poll Redis for its value, for a bounded time, so N instances do not load it N times. The lock
 * only saves loads: correctness never depends on it (the load guard still checks every write).
 */
import { encodeKey } from './codec';
import { type ScriptRunner, TierScript } from './script-runner';

/** KEYS: lock. ARGV: token. Deletes the lock only if this instance still holds it. */
const RELEASE = new TierScript("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0");

/** What `takeOrWait` ended with: the lock (load, then release), another instance's value, or neither (load anyway). */
export interface LockOutcome<T> {
  token?: string;
  value?: T;
}

/** The lock of one tier. */
export class TierLock {
  /** Times this instance waited for another's load, and times that wait ended with its value. */
  waits = 0;
  waitHits = 0;

  constructor(
    private readonly runner: ScriptRunner,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly waitMs: number,
    private readonly pollMs = 10,
  ) {}

  private lockKey(key: string | number): string {
    return `${this.prefix}l:${encodeKey(key)}`;
  }

  /**
   * Takes the lock of `key`, or, while another instance holds it, polls `check` (a read of Redis)
   * every `pollMs` until it finds a value, the lock can be taken, or `waitMs` has passed.
   */
  async takeOrWait<T>(key: string | number, check: () => Promise<T | undefined>): Promise<LockOutcome<T>> {
    const deadline = Date.now() + this.waitMs;
    const token = Math.random().toString(36).slice(2);
    let waited = false;
    for (;;) {
      const reply = await this.runner.command(['SET', this.lockKey(key), token, 'NX', 'PX', String(this.ttlMs)]);
      if (reply !== null) return { token };
      if (!waited) this.waits += 1;
      waited = true;
      if (Date.now() >= deadline) return {};
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const value = await check();
      if (value !== undefined) {
        this.waitHits += 1;
        return { value };
      }
    }
  }

  /** Releases the lock if this instance still holds it. */
  async release(key: string | number, token: string): Promise<void> {
    await this.runner.script(RELEASE, [this.lockKey(key)], [token]);
  }
}
