// Shared set-up for unit tests: caches use the debug core, and helpers record removals.
import { afterAll, beforeAll, expect } from 'vitest';
import { TagCache } from '../../src/tag-cache';
import { useCoreModule } from '../../src/core';
import type { TagCacheOptions } from '../../src/types';
import { useBuild } from './builds';
import { integrityOf } from './internals';
export type { Key, Removal } from './types';
import type { Key, Removal } from './types';

/** Use the debug build (with the integrity check) for every cache in this file. */
export function useDebugBuild(): void {
  beforeAll(() => useBuild('debug'));
  afterAll(() => useCoreModule(undefined));
}

/** A cache that records its removals, with a settable clock. */
export function recordingCache(options: Partial<TagCacheOptions<Key, unknown>> & { maxEntries: number }) {
  const removals: Removal[] = [];
  const clock = { time: 0 };
  const cache = new TagCache<Key, unknown>({
    now: () => clock.time,
    onRemove: (key, value, reason) => removals.push([key, value, reason]),
    ...options,
  });
  return { cache, removals, clock };
}

/** Asserts the core's structures are consistent. */
export function expectIntact(cache: object): void {
  expect(integrityOf(cache)).toBe(0);
}
