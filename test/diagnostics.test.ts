// The diagnostics option: hits, misses, removals and loads on Node's
// diagnostics_channel, next to the user's own trace and onRemove.
import diagnosticsChannel from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import { TagCache } from '../src/tag-cache';
import { useDebugBuild } from './support/setup';

useDebugBuild();

function listen(name: string): { messages: unknown[]; stop: () => void } {
  const messages: unknown[] = [];
  const listener = (message: unknown): void => {
    messages.push(message);
  };
  diagnosticsChannel.subscribe(name, listener);
  return { messages, stop: () => diagnosticsChannel.unsubscribe(name, listener) };
}

describe('diagnostics', () => {
  it('publishes hits, misses, removals and loads, and still calls trace and onRemove', async () => {
    const hits = listen('taglru:hit');
    const misses = listen('taglru:miss');
    const removals = listen('taglru:remove');
    const loads = listen('taglru:load');
    const traced: string[] = [];
    const removed: string[] = [];
    const cache = new TagCache<string, number>({
      maxEntries: 2,
      diagnostics: true,
      trace: (event) => traced.push(event.type),
      onRemove: (_key, _value, reason) => removed.push(reason),
    });
    cache.set('a', 1).set('b', 2).set('c', 3); // evicts a
    cache.get('b');
    cache.get('zz');
    await cache.getOrSet('d', async () => 4);
    await expect(cache.getOrSet('e', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    cache.delete('d');
    for (const channel of [hits, misses, removals, loads]) channel.stop();
    expect(hits.messages).toEqual([{ key: 'b' }]);
    expect(misses.messages).toEqual([{ key: 'zz' }, { key: 'd' }, { key: 'e' }]);
    expect(removals.messages).toEqual([
      { key: 'a', value: 1, reason: 'evict' },
      { key: 'c', value: 3, reason: 'evict' },
      { key: 'd', value: 4, reason: 'delete' },
    ]);
    expect(
      loads.messages.map((message) => (message as { phase: string; key: string }).key + ':' + (message as { phase: string }).phase),
    ).toEqual(['d:start', 'd:end', 'e:start', 'e:error']);
    expect(traced).toEqual(['evict', 'hit', 'miss', 'miss', 'evict', 'miss']);
    expect(removed).toEqual(['evict', 'evict', 'delete']);
  });

  it('publishes nothing without the option, and rejects a non-boolean', () => {
    const hits = listen('taglru:hit');
    const cache = new TagCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.get('a');
    hits.stop();
    expect(hits.messages).toEqual([]);
    expect(() => new TagCache({ maxEntries: 1, diagnostics: 1 as never })).toThrow(/options\.diagnostics must be a boolean/);
  });
});
