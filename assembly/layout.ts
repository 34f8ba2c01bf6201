// Where each region of linear memory lives, and how regions grow.
//
// Memory is a header followed by regions in a fixed order. A region grows by
// shifting every region after it (one memory.copy); growth doubles, so the cost
// is amortised. The header is read by the wrapper to build its typed-array views.

/** Region indices, in memory order. */
export const REGION_SCRATCH = 0; // i32 words crossing the boundary (tag ids in, slots/tag ids out)
export const REGION_SLOTS = 1; // slot records
export const REGION_EXPIRY = 2; // f64 per slot, empty until a TTL is first used
export const REGION_BUCKETS = 3; // hash table buckets
export const REGION_TAGS = 4; // tag records
export const REGION_NODES = 5; // overflow tag-membership nodes
export const REGION_EPOCHS = 6; // i32 per slot (its entry's epoch), empty until markAllStale is first used
export const REGION_POLICY = 7; // u8 per slot (its 'tinylfu' segment), empty under 'lru'
export const REGION_SKETCH = 8; // the 'tinylfu' frequency sketch, empty until the cache is first half full
export const REGION_COUNT = 9;

/**
 * Header word indices (i32). The wrapper mirrors the ones it reads in
 * src/core/layout.ts; the debug build exports them and test/core-layout.test.ts compares.
 */
export const HEADER_LAYOUT_VERSION = 0;
export const HEADER_REGION_START = 1; // + region index
export const HEADER_REGION_BYTES = HEADER_REGION_START + REGION_COUNT; // + region index
export const HEADER_WORDS = 24;

/** Slot record: hash, LRU links, and the entry's first tag-membership node inline. */
export const SLOT_HASH = 0;
export const SLOT_PREV = 4; // toward more recent; -1 at head
export const SLOT_NEXT = 8; // toward less recent; -1 at tail; the free list when free
// The inline membership node follows; its field offsets match an overflow node's.
export const SLOT_NODE = 12;
export const SLOT_STRIDE = 32;

/** Membership node: links one entry to one tag. */
export const NODE_TAG_ID = 0; // -1 in an inline node: the entry has no tags
export const NODE_PREV_IN_TAG = 4;
export const NODE_NEXT_IN_TAG = 8;
export const NODE_NEXT_OF_ENTRY = 12; // next membership of the same entry; the free list when free
// The tag's generation when the node was linked: the node is stale once the tag's moves on.
export const NODE_GENERATION = 16;
export const NODE_SLOT = 20; // overflow nodes only: inline nodes are their slot
export const NODE_STRIDE = 24;

/**
 * Tag record. A tag's list runs from the most recently linked node (head) to
 * the oldest (tail), so the nodes made stale by markStale are always a suffix.
 */
export const TAG_HEAD = 0; // node ref of the most recently added member, or -1
export const TAG_TAIL = 4; // node ref of the oldest member, or -1
export const TAG_COUNT = 8; // nodes in the list, stale ones included
export const TAG_STALE = 12; // nodes of the list older than the tag's generation
export const TAG_GENERATION = 16;
export const TAG_MULTI_FRESH = 20; // fresh nodes whose entry carries other tags too
export const TAG_QUEUE_NEXT = 24; // next tag in the stale queue
export const TAG_QUEUED = 28; // 1 while in the stale queue
export const TAG_HITS = 32; // f64 counters, so they never wrap
export const TAG_MISSES = 40;
export const TAG_REMOVED = 48;
export const TAG_MARK = 56; // 1 while a bulk removal of the tag runs: its nodes are left to it
export const TAG_STRIDE = 64;

/** Node refs below this are inline nodes (the ref is the slot); at or above, overflow nodes. */
export const OVERFLOW_REF_BASE: i32 = 1 << 24;
/** Largest capacity: slots must fit the 24 bits a bucket keeps for them. */
export const MAX_ENTRIES: i32 = 1 << 24;
export const NONE: i32 = -1;

/** Error codes returned by exports (all negative, below any slot encoding). */
export const ERROR_OUT_OF_MEMORY: i32 = -0x7fff0001;

/** insert result flag: an entry was evicted to make room; its slot is the one returned. */
export const FLAG_EVICTED: i32 = 1 << 30;
/** insert result flag: the evicted entry had already expired. */
export const FLAG_EVICTED_EXPIRED: i32 = 1 << 29;
/**
 * insert result flag: the new entry landed unusually far from its home bucket.
 * At load <= 1/2 a good hash makes that practically impossible, so it means keys
 * were chosen to collide: the wrapper then rehashes with a keyed hash.
 */
export const FLAG_LONG_PROBE: i32 = 1 << 28;
/** insert result flag: the evicted entry was stale (chosen before any live one). */
export const FLAG_EVICTED_STALE: i32 = 1 << 27;
/**
 * insert result under 'tinylfu' (alone, no slot): the new entry lost the admission
 * contest to the main space's victim and was not stored; the wrapper reports it evicted.
 */
export const FLAG_REJECTED: i32 = 1 << 26;
/** The slot in a flagged insert result, and in a bucket (whose top byte is a fingerprint). */
export const SLOT_MASK: u32 = 0xffffff;
/** Flag on a slot written to scratch by a bulk removal: the entry was stale. */
export const REMOVED_STALE: i32 = 1 << 30;

/** A static record where detachTag saves the counts of the tag list it empties, for reattachTag. */
export const DETACHED_COUNT = 0; // nodes in the list, stale ones included
export const DETACHED_STALE = 4; // stale nodes among them
export const DETACHED_MULTI_FRESH = 8; // fresh nodes whose entry carries other tags too
export const DETACHED_TAIL = 12; // the list's last node
export const DETACHED_BYTES = 16;

const PAGE_BYTES: usize = 65536;

let headerBase: usize = 0;
// Region starts cached in globals for the hot path; refreshed after any move.
export let scratchBase: usize = 0;
export let slotsBase: usize = 0;
export let expiryBase: usize = 0;
export let bucketsBase: usize = 0;
export let tagsBase: usize = 0;
export let nodesBase: usize = 0;
export let epochsBase: usize = 0;
export let policyBase: usize = 0;
export let sketchBase: usize = 0;

@inline function regionStart(region: i32): usize {
  return load<u32>(headerBase + ((HEADER_REGION_START + region) << 2));
}

/** Bytes currently allocated to a region. */
@inline export function regionBytes(region: i32): usize {
  return load<u32>(headerBase + ((HEADER_REGION_BYTES + region) << 2));
}

function refreshBases(): void {
  scratchBase = regionStart(REGION_SCRATCH);
  slotsBase = regionStart(REGION_SLOTS);
  expiryBase = regionStart(REGION_EXPIRY);
  bucketsBase = regionStart(REGION_BUCKETS);
  tagsBase = regionStart(REGION_TAGS);
  nodesBase = regionStart(REGION_NODES);
  epochsBase = regionStart(REGION_EPOCHS);
  policyBase = regionStart(REGION_POLICY);
  sketchBase = regionStart(REGION_SKETCH);
  const version = headerBase + (HEADER_LAYOUT_VERSION << 2);
  store<i32>(version, load<i32>(version) + 1);
}

function regionsEnd(): usize {
  const last = REGION_COUNT - 1;
  return regionStart(last) + regionBytes(last);
}

/** Lays out empty regions after the header. Called once per instance. */
export function initLayout(): void {
  headerBase = (__heap_base + 7) & ~7;
  const first = headerBase + (HEADER_WORDS << 2);
  for (let region = 0; region < REGION_COUNT; region++) {
    store<u32>(headerBase + ((HEADER_REGION_START + region) << 2), first);
    store<u32>(headerBase + ((HEADER_REGION_BYTES + region) << 2), 0);
  }
  refreshBases();
}

/** The header's address, for the wrapper. */
export function header(): usize {
  return headerBase;
}

/**
 * Makes sure linear memory can hold `extraBytes` more past the last region.
 * Returns false when memory.grow is refused; nothing has changed then.
 */
export function reserveMemory(extraBytes: usize): bool {
  const needed = regionsEnd() + extraBytes;
  const have = <usize>memory.size() * PAGE_BYTES;
  if (needed <= have) return true;
  const pages = <i32>((needed - have + PAGE_BYTES - 1) / PAGE_BYTES);
  return memory.grow(pages) >= 0;
}

/**
 * Resizes a region to `bytes` (rounded up to 8), keeping its prefix and moving
 * the regions after it. New bytes are left as they are: callers initialise them.
 * Returns false (with nothing changed) when memory cannot grow.
 */
export function resizeRegion(region: i32, bytes: usize): bool {
  bytes = (bytes + 7) & ~7;
  const oldBytes = regionBytes(region);
  if (bytes == oldBytes) return true;
  if (bytes > oldBytes && !reserveMemory(bytes - oldBytes)) return false;
  const tailStart = regionStart(region) + oldBytes;
  const tailBytes = regionsEnd() - tailStart;
  const newTailStart = tailStart - oldBytes + bytes;
  memory.copy(newTailStart, tailStart, tailBytes);
  for (let later = region + 1; later < REGION_COUNT; later++) {
    const address = headerBase + ((HEADER_REGION_START + later) << 2);
    store<u32>(address, load<u32>(address) - <u32>oldBytes + <u32>bytes);
  }
  store<u32>(headerBase + ((HEADER_REGION_BYTES + region) << 2), bytes);
  refreshBases();
  return true;
}
