// Setting an instance up: the memory layout, the first slots and an empty table.

import { ERROR_OUT_OF_MEMORY, initLayout } from "./layout";
import { growCapacity, initSlots } from "./slots";
import { clearTable } from "./table";

/** Whether init has run; an instance is set up once. */
export let initialised = false;

/** Sets the cache up for `maxEntries` (checked by the caller). Returns 0, or ERROR_OUT_OF_MEMORY. */
export function init(maxEntries: i32): i32 {
  initLayout();
  initSlots(maxEntries);
  if (!growCapacity(false, false)) return ERROR_OUT_OF_MEMORY;
  clearTable();
  initialised = true;
  return 0;
}
