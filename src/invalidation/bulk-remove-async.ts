// bulkRemoveAsync: markStale now, then the stale entries of the tags removed
// in slices of bounded work with a yield to the event loop before each.

import type { EntryStore } from '../store/entry-store';
import { sweepStale } from '../store/sweep-stale';
import type { BulkRemoveAsyncOptions } from '../types';
import { checkSliceMs, checkTagOrTags } from '../validate';
import { markStale } from './mark-stale';
import { removeInSlices } from './slices';

/** Stale entries a slice removes between two looks at the clock (about 10-40 µs of work). */
const SLICE_CHUNK = 256;

/** See TagCacheApi.bulkRemoveAsync. */
export function bulkRemoveAsync<K extends string | number, V>(
  store: EntryStore<K, V>,
  tag: string | readonly string[],
  options: BulkRemoveAsyncOptions | undefined,
): Promise<number> {
  checkTagOrTags(tag, 'tag');
  const sliceMs = checkSliceMs(options);
  const made = markStale(store, tag, 'bulkRemoveAsync');
  const tags = typeof tag === 'string' ? [tag] : [...tag];
  const clears = store.clears;
  return removeInSlices(tags, sliceMs, (name, deadline) => {
    if (store.clears !== clears) return true;
    const tagId = store.tags.idOf(name);
    return tagId === undefined || sweepUntil(store, tagId, deadline);
  }).then(() => made);
}

/** One slice: sweeps the tag's stale entries until `deadline`; true when none is left. */
function sweepUntil<K extends string | number, V>(store: EntryStore<K, V>, tagId: number, deadline: number): boolean {
  const batch = store.newBatch();
  const now = store.nowIfExpiring();
  let finished = false;
  try {
    do {
      finished = sweepStale(store, tagId, SLICE_CHUNK, now, batch) < SLICE_CHUNK;
    } while (!finished && performance.now() < deadline);
  } finally {
    store.deliver(batch);
  }
  return finished;
}
