// Removing every entry at once; memory already grown is kept for reuse.

import { resetSlots } from "./slots";
import { resetLru } from "./lru";
import { clearTable } from "./table";
import { resetTagLists } from "./tag-lists";
import { resetStale } from "./stale";
import { resetPurge } from "./purge-expired";
import { tinyLfu } from "./policy-mode";
import { resetPolicy } from "./policy";

/** Forgets every entry. */
export function clear(): void {
  resetPurge();
  resetLru();
  resetSlots();
  resetTagLists();
  resetStale();
  clearTable();
  if (tinyLfu) resetPolicy();
}
