// getOrSet: one load per key for concurrent callers, the load guard, and
// the refresh window. Run: node examples/get-or-set.mjs (after npm run build).
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

let now = 0;
const cache = new TagCache({ maxEntries: 1000, now: () => now });
const database = new Map([['user:1', 'Ann']]);
let queries = 0;
const loadUser = async (key) => {
  queries++;
  const row = database.get(key); // the query reads the data as it is now...
  await Promise.resolve(); // ...and its answer arrives later
  return row;
};

// Three concurrent requests, one query.
const names = await Promise.all([1, 2, 3].map(() => cache.getOrSet('user:1', loadUser, { tags: ['users'], ttl: 60_000 })));
assert.deepEqual(names, ['Ann', 'Ann', 'Ann']);
assert.equal(queries, 1);
console.log(`3 callers, ${queries} query: ${names.join(', ')}`);

// The load guard: a write lands while a load is running.
cache.delete('user:1');
const reading = cache.getOrSet('user:1', loadUser, { tags: ['users'] }); // starts a query that reads 'Ann'
database.set('user:1', 'Ann Smith');
cache.bulkRemove('users'); // the writer invalidates after its write
assert.equal(await reading, 'Ann'); // the waiting caller still gets its result...
assert.equal(cache.has('user:1'), false); // ...but the pre-write value was not stored
assert.equal(await cache.getOrSet('user:1', loadUser), 'Ann Smith');
console.log('a load that raced a write was not cached; the next call read the new value');

// Stale-while-revalidate: after the ttl, the old value comes back at once while one reload runs.
const prices = new TagCache({ maxEntries: 100, now: () => now });
let price = 10;
const loadPrice = () => price;
await prices.getOrSet('price', loadPrice, { ttl: 1000, staleWhileRevalidate: 5000 });
price = 12;
now = 2000; // past the ttl, inside the window
assert.equal(await prices.getOrSet('price', loadPrice, { ttl: 1000, staleWhileRevalidate: 5000 }), 10);
await new Promise((resolve) => setImmediate(resolve)); // let the background reload store its value
assert.equal(prices.get('price'), 12);
console.log('stale value served at once, refreshed in the background: 10 -> 12');
