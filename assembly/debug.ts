// Entry of the debug build: the release exports, the self-checks tests use, and
// the layout constants (test/core-layout.test.ts compares src/core/layout.ts with them).
import { checkIntegrity } from "./integrity";

export * from "./index";
export { checkIntegrity, longestProbe } from "./integrity";
export {
  HEADER_LAYOUT_VERSION, HEADER_REGION_START, HEADER_REGION_BYTES, HEADER_WORDS,
  REGION_SCRATCH, REGION_SLOTS, REGION_EXPIRY, REGION_BUCKETS, REGION_TAGS, REGION_NODES, REGION_EPOCHS, REGION_POLICY,
  REGION_SKETCH, REGION_COUNT,
  SLOT_HASH, SLOT_PREV, SLOT_NEXT, SLOT_NODE, SLOT_STRIDE,
  NODE_TAG_ID, NODE_PREV_IN_TAG, NODE_NEXT_IN_TAG, NODE_NEXT_OF_ENTRY, NODE_GENERATION, NODE_SLOT, NODE_STRIDE,
  TAG_HEAD, TAG_TAIL, TAG_COUNT, TAG_STALE, TAG_GENERATION, TAG_MULTI_FRESH, TAG_QUEUE_NEXT, TAG_QUEUED,
  TAG_HITS, TAG_MISSES, TAG_REMOVED, TAG_MARK, TAG_STRIDE,
  OVERFLOW_REF_BASE, MAX_ENTRIES, ERROR_OUT_OF_MEMORY, SLOT_MASK,
} from "./layout";

/**
 * Traps (through abort, with this file and line) when checkIntegrity finds a
 * broken invariant; returns 0 otherwise. Lets tests see a failed core assertion
 * the way the loader reports it.
 */
export function assertIntegrity(): i32 {
  assert(checkIntegrity() == 0, "checkIntegrity found a broken invariant");
  return 0;
}
