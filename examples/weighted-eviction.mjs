// maxSize + sizeOf: evict least recent entries until the total size fits.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

const evicted = [];
const cache = new TagCache({
  maxEntries: 10_000,
  maxSize: 1024, // bytes, say
  sizeOf: (value) => value.length,
  onRemove: (key, _value, reason) => evicted.push(`${key}:${reason}`),
});
cache.set('a', 'x'.repeat(400)).set('b', 'x'.repeat(400));
cache.get('a'); // b is now least recent
cache.set('c', 'x'.repeat(400)); // 1200 > 1024: b goes
assert.deepEqual(evicted, ['b:evict']);
assert.equal(cache.stats().totalSize, 800);
console.log(`evicted ${evicted.join(', ')}; totalSize ${cache.stats().totalSize} of 1024`);

assert.throws(() => cache.set('huge', 'x'.repeat(2000)), RangeError); // larger than maxSize
assert.equal(cache.size, 2);
console.log('an entry larger than maxSize is a RangeError, and changes nothing');
