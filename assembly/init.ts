// Setting an instance up: the memory layout, the first slots and an empty table.

import { ERROR_OUT_OF_MEMORY, initLayout } from "./layout";
import { growCapacity, initSlots } from "./slots";
import { setPolicy, tinyLfu } from "./policy-mode";
import { initPolicy } from "./policy";
import { clearTable } from "./table";

/** Whether init has run; an instance is set up once. */
export let initialised = false;

/** Sets the cache up for `maxEntries` under `policy` (both checked by the caller). Returns 0, or ERROR_OUT_OF_MEMORY. */
export function init(maxEntries: i32, policy: i32): i32 {
  initLayout();
  setPolicy(policy);
  initSlots(maxEntries);
  if (!growCapacity(false, false)) return ERROR_OUT_OF_MEMORY;
  clearTable();
  if (tinyLfu) initPolicy(maxEntries);
  initialised = true;
  return 0;
}
