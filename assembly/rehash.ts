// Switching every entry to a new hash (the wrapper's keyed hash after a flood).

import { NONE, SLOT_HASH } from "./layout";
import { slotAddress } from "./slots";
import { head, nextOf } from "./lru";
import { rebuildTable } from "./table";
import { scratchAt } from "./scratch";
import { tinyLfu } from "./policy-mode";
import { forgetFrequencies } from "./policy";

/**
 * Gives every live entry, in recency order, the hash in scratch [0, size) and
 * rebuilds the table ('tinylfu': and forgets the frequencies counted by the old hashes).
 */
export function rehash(): void {
  let index = 0;
  for (let slot = head; slot != NONE; slot = nextOf(slot)) {
    store<u32>(slotAddress(slot) + SLOT_HASH, <u32>scratchAt(index++));
  }
  rebuildTable();
  if (tinyLfu) forgetFrequencies();
}
