// metricsText(): stats() for a Prometheus /metrics endpoint.
import assert from 'node:assert/strict';
import { TagCache } from '../dist/index.js';

const cache = new TagCache({ maxEntries: 100 });
cache.set('a', 1, { tags: ['t'] });
cache.get('a');
cache.get('b');
cache.bulkRemove('t');

const text = cache.metricsText('app_cache');
console.log(
  text
    .split('\n')
    .filter((line) => !line.includes('_bucket{'))
    .join('\n'),
);
assert.match(text, /^app_cache_hits_total 1$/m);
assert.match(text, /^app_cache_misses_total 1$/m);
assert.match(text, /^# TYPE app_cache_bulk_remove_duration_seconds histogram$/m);
assert.match(text, /^app_cache_bulk_remove_duration_seconds_bucket\{le="\+Inf"\} 1$/m);
// e.g. http.createServer((req, res) => res.end(cache.metricsText())) with content type
// 'text/plain; version=0.0.4'.
