// A cache whose every stored value is a unique token, so that tests can check
// that every entry that ever left the cache was reported to onRemove exactly
// once, with the key it was stored under, while the callback does anything it likes.

import { expect } from 'vitest';
import { TagCache } from '../../src/tag-cache';
import type { RemovalReason, SetOptions } from '../../src/types';
import { integrityOf } from './internals';
export type { Key } from './types';
import type { Key } from './types';

export type Handler = (key: Key, token: string, reason: RemovalReason, tracked: Tracked) => void;

export class Tracked {
  readonly cache: TagCache<Key, string>;
  readonly clock = { time: 1000 };
  /** Every token ever stored, with its key. */
  readonly stored = new Map<string, Key>();
  /** How often each token was reported. */
  readonly reported = new Map<string, number>();
  readonly log: string[] = [];
  /** Problems seen inside callbacks (recorded, not thrown, so as not to change the scenario). */
  readonly problems: string[] = [];
  handler: Handler = () => {};
  callbacks = 0;
  private nextToken = 0;

  constructor(maxEntries: number, ttl?: number) {
    this.cache = new TagCache<Key, string>({
      maxEntries,
      ttl,
      now: () => this.clock.time,
      onRemove: (key, token, reason) => this.removed(key, token, reason),
    });
  }

  /** Stores a fresh token under `key`; returns it. */
  put(key: Key, options?: SetOptions): string {
    const token = `v${this.nextToken++}`;
    this.stored.set(token, key === 0 ? 0 : key);
    this.cache.set(key, token, options);
    return token;
  }

  private removed(key: Key, token: string, reason: RemovalReason): void {
    this.callbacks++;
    this.log.push(`${String(key)}:${token}:${reason}`);
    const times = (this.reported.get(token) ?? 0) + 1;
    this.reported.set(token, times);
    if (times > 1) this.problems.push(`${token} reported ${times} times`);
    if (!this.stored.has(token)) this.problems.push(`${token} was never stored`);
    else if (!Object.is(this.stored.get(token), key)) this.problems.push(`${token} reported with key ${String(key)}`);
    // Full checks inside the callback; in big scenarios on a sample only (each is O(size)).
    if (this.cache.size <= 300 || this.callbacks % 512 === 0) {
      const integrity = integrityOf(this.cache);
      if (integrity !== 0) this.problems.push(`integrity ${integrity} inside the callback for ${token}`);
      for (const value of this.cache.values()) {
        if (value === token) this.problems.push(`${token} still in the cache while reported (${reason})`);
      }
    }
    this.handler(key, token, reason, this);
  }

  /** Tokens held now (purging expired entries first, with the handler disabled). */
  held(): Set<string> {
    this.handler = () => {};
    this.cache.purgeExpired();
    return new Set(this.cache.values());
  }

  /** Integrity 0, and each token either still held (never reported) or reported exactly once. */
  verify(): void {
    const held = this.held();
    expect(this.problems).toEqual([]);
    expect(integrityOf(this.cache)).toBe(0);
    expect(this.cache.size).toBe(held.size);
    const wrong: string[] = [];
    for (const token of this.stored.keys()) {
      const times = this.reported.get(token) ?? 0;
      if (times !== (held.has(token) ? 0 : 1)) wrong.push(`${token}: held ${held.has(token)}, reported ${times}`);
    }
    expect(wrong).toEqual([]);
    expect([...this.reported.keys()].every((token) => this.stored.has(token))).toBe(true);
  }
}

/** The error `call` throws (fails the test if it returns). */
export function errorOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
