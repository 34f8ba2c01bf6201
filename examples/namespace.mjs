// namespace: isolated keys, own TTL, own clear() and stats(), one shared capacity.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

const cache = new TagCache({ maxEntries: 1000 });
const users = cache.namespace('users', { ttl: 60_000 });
const sessions = cache.namespace('sessions', { ttl: 5_000 });

users.set(42, { name: 'Ann' });
sessions.set(42, { token: 'abc' }); // same key, another namespace
assert.equal(users.get(42).name, 'Ann');
assert.equal(sessions.get(42).token, 'abc');
assert.equal(users.get(7), undefined);
assert.deepEqual(users.stats(), { hits: 1, misses: 1, size: 1 });
console.log('users:', users.stats(), 'sessions:', sessions.stats());

await users.getOrSet(7, async (id) => ({ name: `user ${id}` }));
assert.equal(cache.countByTag('ns:users'), 2); // every entry carries ns:<name>

assert.equal(sessions.clear(), 1); // only the namespace's own entries
assert.equal(users.has(42), true);
assert.equal(cache.size, 2);
console.log(`sessions cleared; ${cache.size} entries left, all in users`);
