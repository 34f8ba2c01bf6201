// markStale: every entry of a tag becomes stale in O(1), by bumping the tag's
// generation (assembly/tag-lists.ts); assembly/stale.ts counts and reclaims them.

import { NODE_NEXT_IN_TAG, TAG_COUNT, TAG_HEAD, TAG_MULTI_FRESH, TAG_STALE } from "./layout";
import { hasSeveralTags, bumpGeneration, slotOfNode, nodeField } from "./tag-lists";
import { tagCapacity, tagField } from "./tag-records";
import { countMadeStale, enqueueStaleTag, freshNodesMayBeStale, isStale, isStaleByEpoch } from "./stale";
import { scratchAt } from "./scratch";

/**
 * Makes every entry carrying any tag id in scratch [0, tagCount) stale: from
 * now on it is never returned. Returns how many entries this made stale.
 */
export function markStale(tagCount: i32): i32 {
  let made = 0;
  for (let index = 0; index < tagCount; index++) made += markTagStale(scratchAt(index));
  return made;
}

/**
 * Makes every entry carrying the tag stale. Returns how many entries this made
 * stale (entries stale already are not counted). O(1), unless stale entries
 * with several tags, or stale by epoch, exist: then the tag's fresh nodes are
 * walked once to leave those out (each node is walked so at most once in its
 * life), stopping at the first entry stale by epoch (all after it are too).
 */
function markTagStale(tagId: i32): i32 {
  if (tagId < 0 || tagId >= tagCapacity) return 0;
  const fresh = tagField(tagId, TAG_COUNT) - tagField(tagId, TAG_STALE);
  if (fresh == 0) return 0;
  let made = fresh;
  let madeWithSeveralTags = tagField(tagId, TAG_MULTI_FRESH);
  if (freshNodesMayBeStale()) {
    made = 0;
    madeWithSeveralTags = 0;
    let ref = tagField(tagId, TAG_HEAD);
    for (let index = 0; index < fresh; index++) {
      const slot = slotOfNode(ref);
      if (isStaleByEpoch(slot)) break;
      if (!isStale(slot)) {
        made++;
        if (hasSeveralTags(slot)) madeWithSeveralTags++;
      }
      ref = nodeField(ref, NODE_NEXT_IN_TAG);
    }
  }
  bumpGeneration(tagId);
  enqueueStaleTag(tagId);
  countMadeStale(made, madeWithSeveralTags);
  return made;
}
