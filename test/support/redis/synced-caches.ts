// Real TagCaches synced through real transports, for the end-to-end tests of the bus.
import { TagCache } from '../../../src/index';

export type Key = string | number;
export type Removal = [Key, unknown, string, boolean];

/** A TagCache that records its removals (with whether a remote invalidation was being applied). */
export function recordingTagCache(applyingRemote: () => boolean = () => false) {
  const removals: Removal[] = [];
  const cache = new TagCache<Key, unknown>({
    maxEntries: 10_000,
    onRemove: (key, value, reason) => removals.push([key, value, reason, applyingRemote()]),
  });
  return { cache, removals };
}
