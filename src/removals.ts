// Collecting removal notifications during an operation and delivering them
// after it, so user callbacks only ever see a consistent cache.

import type { RemovalReason } from './types';

/** Removals recorded during one operation, as flat triples. */
export type RemovalBatch = unknown[];

/**
 * Calls `onRemove` for each recorded removal, in order. Every callback runs even
 * if an earlier one throws; the errors are rethrown afterwards, one as itself,
 * several as an AggregateError.
 */
export function deliverRemovals<K, V>(
  onRemove: (key: K, value: V, reason: RemovalReason) => void,
  batch: RemovalBatch,
): void {
  let errors: unknown[] | undefined;
  for (let index = 0; index < batch.length; index += 3) {
    try {
      onRemove(batch[index] as K, batch[index + 1] as V, batch[index + 2] as RemovalReason);
    } catch (error) {
      (errors ??= []).push(error);
    }
  }
  if (errors === undefined) return;
  if (errors.length === 1) throw errors[0];
  throw new AggregateError(errors, `taglru: ${errors.length} onRemove callbacks threw`);
}
