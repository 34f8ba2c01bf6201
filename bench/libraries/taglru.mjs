// taglru itself, from the built package (dist/, made by `npm run build`).
// Native tags: no JS-side index. The tagged adapter exposes the TagCache as
// `raw` for suites that measure taglru-only features (markStale, stats()).

import { existsSync, readFileSync } from 'node:fs';

const DIST = new URL('../../dist/index.js', import.meta.url);

class TaglruTagged {
  constructor(TagCache, max) {
    this.cache = new TagCache({ maxEntries: max });
  }

  set(key, value, options) {
    this.cache.set(key, value, options);
  }

  get(key) {
    return this.cache.get(key);
  }

  peek(key) {
    return this.cache.peek(key);
  }

  delete(key) {
    return this.cache.delete(key);
  }

  bulkRemove(tag) {
    return this.cache.bulkRemove(tag);
  }

  get size() {
    return this.cache.size;
  }

  indexedCount(tag) {
    return this.cache.countByTag(tag);
  }

  /** The TagCache itself. */
  get raw() {
    return this.cache;
  }
}

/** @type {import('../registry.mjs').Library} */
export default {
  name: 'taglru',
  order: 0,
  color: '#d62728',
  version: () => JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
  available: () => (existsSync(DIST) ? undefined : { reason: 'dist/index.js is not built', install: 'npm run build' }),
  supports: {
    plain: {
      label: 'TagCache',
      async load() {
        const { TagCache } = await import(DIST);
        return (max) => new TagCache({ maxEntries: max });
      },
    },
    tagged: {
      label: 'TagCache',
      note: 'native `set(key, value, { tags })` and `bulkRemove(tag)`; no JS-side index.',
      async load() {
        const { TagCache } = await import(DIST);
        return (max) => new TaglruTagged(TagCache, max);
      },
    },
  },
};
