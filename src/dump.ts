// Checking a dump before load() stores any of it, so that a bad dump changes nothing.

import type { DumpEntry } from './types';
import { checkKey, checkObject, checkTagArray, checkTtl, checkValue } from './validate';

/**
 * `dump` as rows, each `[key, value, { tags, ttlRemaining }]` with a key the
 * cache accepts, a value other than undefined, an array of tags and a TTL that
 * is null (never expires) or a number of ms above 0.
 * @throws TypeError or RangeError naming the first bad part, e.g. `dump[3][2].tags`.
 */
export function checkDump<K extends string | number, V>(dump: unknown): readonly DumpEntry<K, V>[] {
  if (!Array.isArray(dump)) throw new TypeError('taglru: dump must be an array of [key, value, meta] rows');
  for (let index = 0; index < dump.length; index++) {
    const row: unknown = dump[index];
    const name = `dump[${index}]`;
    if (!Array.isArray(row) || row.length !== 3) throw new TypeError(`taglru: ${name} must be a [key, value, meta] array`);
    checkKey(row[0], `${name}[0]`);
    checkValue(row[1], `${name}[1]`);
    const meta: unknown = row[2];
    checkObject(meta, `${name}[2]`);
    const { tags, ttlRemaining } = meta as Record<string, unknown>;
    checkTagArray(tags, `${name}[2].tags`);
    if (ttlRemaining !== null && checkTtl(ttlRemaining, `${name}[2].ttlRemaining`) === 0) {
      throw new RangeError(`taglru: ${name}[2].ttlRemaining must be above 0, or null for an entry that never expires`);
    }
  }
  return dump as DumpEntry<K, V>[];
}
