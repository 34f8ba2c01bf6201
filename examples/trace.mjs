// trace: debug logging of hits, misses, expirations and evictions.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

let now = 0;
const events = [];
const cache = new TagCache({
  maxEntries: 2,
  now: () => now,
  trace: (event) => {
    events.push(`${event.type} ${event.key}`);
    console.log(`[cache] ${event.type} ${event.key}`);
  },
});
cache.set('a', 1).set('b', 2, { ttl: 100 });
cache.get('a'); // hit
cache.get('x'); // miss
now = 100;
cache.get('b'); // expire, then miss
cache.set('c', 3).set('d', 4); // evicts a
assert.deepEqual(events, ['hit a', 'miss x', 'expire b', 'miss b', 'evict a']);
