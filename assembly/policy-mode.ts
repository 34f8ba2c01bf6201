// Which eviction policy the instance runs: set once by init, read by the few
// hooks the recency list, insert, lookup and eviction keep for 'tinylfu'.

/** Policy ids passed to init (src/core/ mirrors them). */
export const POLICY_LRU: i32 = 0;
export const POLICY_TINYLFU: i32 = 1;

/** True when the instance runs W-TinyLFU (assembly/policy.ts); false for plain LRU. */
export let tinyLfu: bool = false;

export function setPolicy(policy: i32): void {
  tinyLfu = policy == POLICY_TINYLFU;
}
