// markAllStale: every entry held becomes stale in O(1), by starting a new epoch
// (assembly/epochs.ts); assembly/stale.ts counts and reclaims them.

import { ERROR_OUT_OF_MEMORY } from "./layout";
import { size } from "./slots";
import { entriesWithSeveralTags } from "./tag-lists";
import { advanceEpoch, enableEpochs } from "./epochs";
import { countAllStale, staleByEpoch, staleEntries } from "./stale";
import { tinyLfu } from "./policy-mode";
import { retireAll } from "./segments";

/**
 * Makes every entry held now stale: from now on none is returned, while entries
 * set afterwards are fresh. Returns how many entries this made stale (entries
 * stale already are not counted), or ERROR_OUT_OF_MEMORY when the first call
 * cannot allocate the epochs (4 bytes a slot, O(capacity) once); nothing
 * changes then. O(1) from then on.
 */
export function markAllStale(): i32 {
  if (!enableEpochs()) return ERROR_OUT_OF_MEMORY;
  // Every entry was set before the current epoch already: a new one would change
  // nothing. So an epoch ends only once an entry was set in it (see epochs.ts).
  if (staleByEpoch == size) return 0;
  const made = size - staleEntries;
  advanceEpoch();
  countAllStale(size, entriesWithSeveralTags);
  if (tinyLfu) retireAll(); // the whole list becomes the RETIRED segment, still its tail
  return made;
}
