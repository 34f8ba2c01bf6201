// memoize: cache a function's results, invalidate them by function name.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

const cache = new TagCache({ maxEntries: 1000 });
let calls = 0;
function getAllTracks(albumId, { includeBonus = false } = {}) {
  calls++;
  return [`${albumId}-1`, `${albumId}-2`, ...(includeBonus ? [`${albumId}-bonus`] : [])];
}
const tracks = cache.memoize(getAllTracks, { tags: (albumId) => [`album:${albumId}`] });

tracks(7, { includeBonus: true });
tracks(7, { includeBonus: true }); // same arguments: cached
tracks(8);
assert.equal(calls, 2);
assert.equal(cache.countByTag('fn:getAllTracks'), 2);
console.log(`3 calls, ${calls} computed; entries tagged fn:getAllTracks: ${cache.countByTag('fn:getAllTracks')}`);

cache.bulkRemove('album:8'); // one album
cache.bulkRemove('fn:getAllTracks'); // every result of the function
tracks(7, { includeBonus: true });
assert.equal(calls, 3);

// Async functions are loaded through getOrSet: concurrent calls share one call.
let fetches = 0;
const fetchAlbum = cache.memoize(async (id) => (fetches++, { id, title: `Album ${id}` }), { name: 'fetchAlbum', ttl: 60_000 });
const [first, second] = await Promise.all([fetchAlbum(7), fetchAlbum(7)]);
assert.deepEqual(first, second);
assert.equal(fetches, 1);
console.log(`async: 2 concurrent calls, ${fetches} fetch: ${first.title}`);

assert.throws(() => cache.memoize(() => 1), TypeError); // anonymous: needs options.name
assert.throws(() => tracks(new Date()), TypeError); // not serialisable: needs options.key
