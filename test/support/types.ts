// Types shared by the test harnesses (one definition each).
import type { RemovalReason } from '../../src/types';

/** A cache key, as TagCache takes it. */
export type Key = string | number;
/** One removal as onRemove reported it. */
export type Removal = [Key, unknown, RemovalReason];
