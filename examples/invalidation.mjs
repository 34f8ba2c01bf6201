// Three ways to drop a domain: bulkRemove (now), markStale (O(1), memory later),
// bulkRemoveAsync (without blocking the event loop); hierarchical tags; tagStats.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

const removed = [];
const files = new TagCache({
  maxEntries: 10_000,
  tagSeparator: '/',
  onRemove: (key, _value, reason) => removed.push(`${key}:${reason}`),
});
files.set('ast:src/app.ts', 'app ast', { tags: ['src/app.ts'] });
files.set('ast:src/ui/button.ts', 'button ast', { tags: ['src/ui/button.ts'] });
files.set('ast:test/app.test.ts', 'test ast', { tags: ['test/app.test.ts'] });
assert.equal(files.countByTag('src'), 2); // 'src/ui/button.ts' also carries 'src/ui' and 'src'

// An editor invalidates on every keystroke: markStale costs the same whatever the tag holds.
assert.equal(files.markStale('src/ui'), 1);
assert.equal(files.get('ast:src/ui/button.ts'), undefined); // hidden at once, reclaimed when met
assert.deepEqual(removed, ['ast:src/ui/button.ts:stale']);
files.set('ast:src/ui/button.ts', 'new button ast', { tags: ['src/ui/button.ts'] }); // fresh again
assert.equal(files.get('ast:src/ui/button.ts'), 'new button ast');

// A hit and a stale miss, as tagStats sees them.
files.get('ast:src/app.ts');
const { entries, hits, misses } = files.tagStats('src');
assert.deepEqual({ entries, hits, misses }, { entries: 2, hits: 2, misses: 1 });

// A big tenant goes without stalling the server: invisible now, removed between event-loop turns.
const tenants = new TagCache({ maxEntries: 200_000 });
for (let id = 0; id < 100_000; id++) tenants.set(id, { id }, { tags: [id % 10 === 0 ? 'tenant:small' : 'tenant:big'] });
let ticks = 0;
const ticker = setInterval(() => ticks++, 0);
const count = await tenants.bulkRemoveAsync('tenant:big', { sliceMs: 2 });
clearInterval(ticker);
assert.equal(count, 90_000);
assert.equal(tenants.size, 10_000);
assert.equal(tenants.bulkRemove('tenant:small'), 10_000); // the synchronous way
console.log(`markStale hid 1 file; bulkRemoveAsync removed ${count} entries while timers ticked ${ticks} times`);
