// dump() / load(): carry entries, tags, remaining TTLs and recency to another cache, as JSON.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

let now = 0;
const source = new TagCache({ maxEntries: 100, now: () => now });
source.set('config', { theme: 'dark' }, { tags: ['settings'] });
source.set('session', { user: 42 }, { tags: ['auth'], ttl: 30_000 });
source.get('config'); // most recent
now = 10_000;
const json = JSON.stringify(source.dump());
console.log(json);

const target = new TagCache({ maxEntries: 100, now: () => now });
target.load(JSON.parse(json));
assert.deepEqual([...target.keys()], ['config', 'session']); // recency kept
assert.deepEqual(target.tagsOf('session'), ['auth']);
assert.equal(target.ttlRemaining('session'), 20_000);
assert.equal(target.ttlRemaining('config'), Infinity);
console.log(`restored ${target.size} entries; session expires in ${target.ttlRemaining('session')} ms`);
