// The raw exports of the WebAssembly core (assembly/index.ts): numbers only.
// What each call reads or writes in scratch is in scratch.ts.

/** The raw exports of the core (assembly/index.ts); numbers only. */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  /** `policy`: 0 'lru' (the default when left out), 1 'tinylfu'. */
  init(maxEntries: number, policy?: number): number;
  header(): number;
  get(hash: number, now: number): number;
  undoTouch(): void;
  find(hash: number, nth: number): number;
  touch(slot: number): void;
  countMiss(slot: number): void;
  deadState(slot: number, now: number): number;
  insert(hash: number, tagCount: number, expiresAt: number, now: number): number;
  insertIfAbsent(hash: number, tagCount: number, expiresAt: number, now: number): number;
  replace(slot: number, tagCount: number, expiresAt: number): number;
  remove(slot: number): void;
  bulkRemove(tagCount: number, maxRemovals: number): number;
  bulkRemoveRebuilding(tagCount: number, maxRemovals: number): number;
  rebuildPending(): number;
  memberships(tagCount: number): number;
  markStale(tagCount: number): number;
  /** Makes every entry held stale in O(1); returns how many it made stale, or ERROR_OUT_OF_MEMORY. */
  markAllStale(): number;
  sweepStale(tagId: number, maxRemovals: number): number;
  staleEntries(): number;
  victim(): number;
  tagCounter(tagId: number, which: number): number;
  resetTagStats(tagId: number): void;
  purgeExpired(now: number, maxRemovals: number, restart: number): number;
  rehash(count: number): number;
  clear(): void;
  tagsOf(slot: number): number;
  slotsOfTag(tagId: number, now: number): number;
  countLive(tagId: number, now: number): number;
  reserveTags(count: number): number;
  reserveScratch(words: number): number;
  enableExpiry(): number;
  entryCount(): number;
  liveTags(): number;
  lruHead(): number;
  lruTail(): number;
  /** A figure of the eviction policy (see assembly/index.ts policyStat): 0 policy id, 1 window maximum, 3 sketch bytes, ... */
  policyStat(which: number): number;
  /** Seeds the 'tinylfu' admission's random source. */
  setAdmissionSeed(seed: number): void;
  /** The 'tinylfu' segment of a live slot (0 window, 1 probation, 2 protected, 3 retired); -1 under 'lru'. */
  segmentOf(slot: number): number;
  /** Debug build only: 0 when every structure is consistent, else the failed check's number. */
  checkIntegrity?(): number;
  /** Debug build only: the longest probe distance of any entry. */
  longestProbe?(): number;
  /** Debug build only: like checkIntegrity, but a broken invariant aborts (a failed assert). */
  assertIntegrity?(): number;
}
