// Collecting removal notifications during an operation and delivering them
// after it, so user callbacks only ever see a consistent cache.

import type { RemovalReason, TraceEvent } from '../types';

/** Removals recorded during one operation, as flat triples. */
export type RemovalBatch = unknown[];

/**
 * Calls `onRemove` for each recorded removal, in order, and `trace` for each
 * eviction and expiry. Every callback runs even if an earlier one throws; the
 * errors are rethrown afterwards, one as itself, several as an AggregateError.
 */
export function deliverRemovals<K, V>(
  onRemove: ((key: K, value: V, reason: RemovalReason) => void) | undefined,
  trace: ((event: TraceEvent<K>) => void) | undefined,
  batch: RemovalBatch,
): void {
  let errors: unknown[] | undefined;
  for (let index = 0; index < batch.length; index += 3) {
    const key = batch[index] as K;
    const reason = batch[index + 2] as RemovalReason;
    try {
      if (trace !== undefined && (reason === 'evict' || reason === 'expire')) trace({ type: reason, key });
    } catch (error) {
      (errors ??= []).push(error);
    }
    try {
      onRemove?.(key, batch[index + 1] as V, reason);
    } catch (error) {
      (errors ??= []).push(error);
    }
  }
  if (errors === undefined) return;
  if (errors.length === 1) throw errors[0];
  throw new AggregateError(errors, `taglru: ${errors.length} onRemove or trace callbacks threw`);
}
