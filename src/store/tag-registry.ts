// Tag strings <-> small integer tag ids, the form the core works with, and
// hierarchical tags: with a separator, an entry's tags are stored with every
// ancestor level, so a query on a level needs no expansion.
//
// Ids of tags that no entry carries any more are reclaimed lazily: when the
// registry holds more than twice the live tags, one sweep drops the dead names.

import type { CoreInstance } from '../core';
import { tagIdView, tagIdsOf, writeTagIds } from '../core/scratch';
import { outOfMemory } from '../validate';

const SWEEP_SLACK = 64;

/**
 * The tags of namespaces (`ns:<name>`) and memoized functions (`fn:<name>`) are
 * the library's own: never split into levels, so scopes whose names nest
 * (`a` and `a/b`) stay apart whatever the separator.
 */
function isLibraryTag(tag: string): boolean {
  return tag.startsWith('ns:') || tag.startsWith('fn:');
}

export class TagRegistry {
  private readonly ids = new Map<string, number>();
  private readonly names: (string | undefined)[] = [];
  private readonly freeIds: number[] = [];
  /** With a separator: the id of each tag's parent level, -1 for a top level. */
  private readonly parentIds: number[] = [];

  /** @param separator - the tagSeparator option, or undefined for flat tags. */
  constructor(
    private core: CoreInstance,
    private readonly separator: string | undefined,
  ) {}

  /** Works with a fresh core instance from now on (clear() renewed it); call reset() too. */
  useCore(core: CoreInstance): void {
    this.core = core;
  }

  /**
   * The tags an entry given `tags` carries: with a separator, each tag and its
   * ancestor levels, without duplicates (see levelsOf).
   */
  expand(tags: readonly string[]): readonly string[] {
    return this.separator === undefined ? tags : [...new Set(this.levelsOf(tags).names)];
  }

  /**
   * With a separator, every level of each tag: the prefixes that end where the
   * separator occurs (occurrences found as `split` finds them), except an
   * empty one, then the tag itself; a library tag is one level (isLibraryTag). Ancestors come first, so a level's parent
   * is registered before it; `parents` holds the index of each level's parent
   * in `names` (-1: none). `a/b/c` -> `a`, `a/b`, `a/b/c`.
   */
  private levelsOf(tags: readonly string[]): { names: string[]; parents: number[] } {
    const separator = this.separator!;
    const names: string[] = [];
    const parents: number[] = [];
    for (const tag of tags) {
      let parent = -1;
      if (isLibraryTag(tag)) {
        names.push(tag);
        parents.push(parent);
        continue;
      }
      for (let end = tag.indexOf(separator); end !== -1; end = tag.indexOf(separator, end + separator.length)) {
        if (end === 0) continue;
        names.push(tag.slice(0, end));
        parents.push(parent);
        parent = names.length - 1;
      }
      names.push(tag);
      parents.push(parent);
    }
    return { names, parents };
  }

  /** The id of a known tag, or undefined. */
  idOf(tag: string): number | undefined {
    return this.ids.get(tag);
  }

  /**
   * The id of a tag, registering it (and growing the core's tag records) if new.
   * `parentId`: the id of its parent level, with a separator.
   */
  intern(tag: string, parentId = -1): number {
    const known = this.ids.get(tag);
    if (known !== undefined) return known;
    const tagId = this.freeIds.length > 0 ? this.freeIds.pop()! : this.names.length;
    if (tagId === this.names.length) {
      if (this.core.exports.reserveTags(tagId + 1) < 0) throw outOfMemory('a new tag');
      this.names.push(tag);
    } else {
      this.names[tagId] = tag;
      this.core.exports.resetTagStats(tagId); // the counters of the tag that had this id
    }
    this.ids.set(tag, tagId);
    this.parentIds[tagId] = parentId;
    return tagId;
  }

  /**
   * Writes the ids of `tags` to scratch, registering new tags if `register`
   * (else skipping unknown ones); returns how many ids were written.
   */
  writeIds(tags: string | readonly string[], register: boolean): number {
    if (register && this.separator !== undefined && typeof tags !== 'string') return this.writeLevelIds(tags);
    const single = typeof tags === 'string';
    const total = single ? 1 : tags.length;
    if (total === 0) return 0;
    if (!this.core.reserveScratch(total)) throw outOfMemory('tag ids');
    if (register) this.sweepIfBloated();
    let view = tagIdView(this.core);
    let count = 0;
    for (let index = 0; index < total; index++) {
      const tag = single ? tags : tags[index]!;
      let tagId = this.ids.get(tag);
      if (tagId === undefined) {
        if (!register) continue;
        tagId = this.intern(tag);
        view = tagIdView(this.core); // interning may grow memory, which detaches the view
      }
      view[count++] = tagId; // straight into scratch: set is a hot path
    }
    return count;
  }

  /** writeIds of a set with a separator: the ids of every level, registering new ones with their parents. */
  private writeLevelIds(tags: readonly string[]): number {
    const { names, parents } = this.levelsOf(tags);
    if (names.length === 0) return 0;
    if (!this.core.reserveScratch(names.length)) throw outOfMemory('tag ids');
    this.sweepIfBloated();
    const tagIds = new Array<number>(names.length);
    for (let index = 0; index < names.length; index++) {
      const parent = parents[index]!;
      tagIds[index] = this.ids.get(names[index]!) ?? this.intern(names[index]!, parent < 0 ? -1 : tagIds[parent]!);
    }
    writeTagIds(this.core, tagIds, names.length);
    return names.length;
  }

  /**
   * Tag names of a live slot, in the order they were given. With a separator,
   * levels implied by another of its tags are left out (`a` beside `a/b`).
   */
  namesOf(slot: number): string[] {
    const tagIds = tagIdsOf(this.core, slot);
    if (tagIds === undefined) throw outOfMemory('listing tags');
    const names = tagIds.map((tagId) => this.names[tagId]!);
    if (this.separator === undefined || tagIds.length < 2) return names;
    // An entry carries every ancestor of its tags, so a level is implied exactly when it is some tag's parent.
    const implied = new Set<number>();
    for (const tagId of tagIds) implied.add(this.parentIds[tagId]!);
    return names.filter((_name, index) => !implied.has(tagIds[index]!));
  }

  /** Drops names no entry carries, if there are many. Call only between core operations. */
  sweepIfBloated(): void {
    if (this.ids.size <= SWEEP_SLACK || this.ids.size <= 2 * this.core.exports.liveTags() + SWEEP_SLACK) return;
    for (const [tag, tagId] of this.ids) {
      if (this.core.tagEntryCount(tagId) === 0) {
        this.ids.delete(tag);
        this.names[tagId] = undefined;
        this.freeIds.push(tagId);
      }
    }
  }

  /** Forgets every tag (after the core dropped every entry). */
  reset(): void {
    this.ids.clear();
    this.names.length = 0;
    this.freeIds.length = 0;
  }

  get size(): number {
    return this.ids.size;
  }
}
