// The one door through which tests reach a cache's internals, type-checked:
// a rename in src/ breaks these at compile time, not at run time.
import type { CoreExports } from '../../src/core';
import type { EntryStore } from '../../src/store/entry-store';
import { storeOf, type TagCache } from '../../src/tag-cache';

type AnyCache = TagCache<never, unknown> | TagCache<string, unknown> | TagCache<number, unknown> | TagCache<string | number, unknown>;

/** The entry store behind a cache. */
export function internalsOf(cache: object): EntryStore<string | number, unknown> {
  return storeOf(cache as TagCache<string | number, unknown>);
}

/** The raw core exports behind a cache. */
export function coreOf(cache: object): CoreExports {
  return internalsOf(cache).api;
}

/** Runs the debug build's integrity check; 0 means consistent. Release caches report 0 (no check there). */
export function integrityOf(cache: object): number {
  return coreOf(cache).checkIntegrity?.() ?? 0;
}

/** Fixes a cache's hash seed (before any entry is stored), so tests can craft collisions. */
export function setSeed(cache: object, seed: number): void {
  internalsOf(cache).hashing.seed = seed;
}

/** A cache's hash seed. */
export function seedOf(cache: object): number {
  return internalsOf(cache).hashing.seed;
}

/** Whether a cache switched to keyed hashing (HalfSipHash) after a flood. */
export function usesKeyedHashing(cache: object): boolean {
  return internalsOf(cache).hashing.keyed;
}

/** Whether a cache holds an entry for `key` (live, expired or stale), without touching it. */
export function holdsKey(cache: object, key: string | number): boolean {
  const store = internalsOf(cache);
  return store.locate(key, store.hashing.hashOf(key)) >= 0;
}

/** How many tag names a cache's registry holds (dead ones included until swept). */
export function registeredTagCount(cache: object): number {
  return internalsOf(cache).tags.size;
}

/** Whether a cache records removals (it has onRemove or trace): otherwise it builds no batches. */
export function recordsRemovals(cache: object): boolean {
  return internalsOf(cache).newBatch() !== undefined;
}

/** Overrides the share of the cache at which bulkRemove switches to the rebuilding walk. */
export function setRebuildShare(cache: object, share: number | undefined): void {
  internalsOf(cache).rebuildShare = share;
}

export type { AnyCache };

/** Seeds a 'tinylfu' cache's admission random source (test-only; a cache gets a random seed, and a new one when clear() renews its core). */
export function setAdmissionSeed(cache: object, seed: number): void {
  coreOf(cache).setAdmissionSeed(seed >>> 0);
}

/** A 'tinylfu' figure of the core (see assembly/index.ts policyStat). */
export function policyStatOf(cache: object, which: number): number {
  return coreOf(cache).policyStat(which);
}
