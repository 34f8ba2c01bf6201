// Replacing a live entry's tags and expiry (a set of a key already held).

import { ERROR_OUT_OF_MEMORY } from "./layout";
import { moveToHead } from "./lru";
import { addTags, removeTags, reserveNodes } from "./tag-lists";
import { setExpiresAt } from "./expiry";
import { stampEpoch } from "./epochs";
import { forgetIfStale } from "./stale";
import { tinyLfu } from "./policy-mode";
import { segmentOf } from "./segments";
import { onReplace } from "./policy";

/**
 * Gives a live entry the tag ids in scratch [0, tagCount) (checked by the
 * caller) and an expiry time, making it fresh and most recent. Returns 0, or
 * ERROR_OUT_OF_MEMORY with nothing changed.
 */
export function replace(slot: i32, tagCount: i32, expiresAtTime: f64): i32 {
  if (tagCount > 1 && !reserveNodes(tagCount - 1)) return ERROR_OUT_OF_MEMORY;
  const segment = tinyLfu ? segmentOf(slot) : 0; // before the epoch stamp changes it
  forgetIfStale(slot);
  removeTags(slot, false);
  addTags(slot, tagCount);
  setExpiresAt(slot, expiresAtTime);
  stampEpoch(slot);
  if (tinyLfu) onReplace(slot, segment);
  else moveToHead(slot);
  return 0;
}
