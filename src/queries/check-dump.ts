// Checking a dump before load() stores any of it, so that a bad dump changes nothing.

import type { DumpEntry } from '../types';
import { checkKey, checkObject, checkTagArray, checkValue } from '../validate';

/** A checked dump, with each row's size when the cache weighs entries (maxSize). */
export interface CheckedDump<K, V> {
  readonly rows: readonly DumpEntry<K, V>[];
  readonly sizes: readonly number[] | undefined;
}

/**
 * `dump` as rows, each `[key, value, { tags, ttlRemaining }]` with a key the
 * cache accepts, a value other than undefined, an array of tags and a TTL that
 * is null (never expires) or a number of ms above 0; with `measure` (the
 * cache's sizeOf check), each row's size, measured once.
 * @throws TypeError or RangeError naming the first bad part, e.g. `dump[3][2].tags`.
 */
export function checkDump<K extends string | number, V>(dump: unknown, measure?: (value: V, key: K) => number): CheckedDump<K, V> {
  if (!Array.isArray(dump)) throw new TypeError('taglru: dump must be an array of [key, value, meta] rows');
  const sizes: number[] | undefined = measure === undefined ? undefined : [];
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
    if (ttlRemaining !== null && !(typeof ttlRemaining === 'number' && ttlRemaining > 0)) {
      const never = 'or null for an entry that never expires';
      if (typeof ttlRemaining !== 'number') {
        throw new TypeError(`taglru: ${name}[2].ttlRemaining must be a number of ms, ${never}, got ${typeof ttlRemaining}`);
      }
      throw new RangeError(`taglru: ${name}[2].ttlRemaining must be above 0 (ms), ${never}, got ${ttlRemaining}`);
    }
    if (sizes !== undefined) sizes.push(measureRow(measure!, row as DumpEntry<K, V>, name));
  }
  return { rows: dump as DumpEntry<K, V>[], sizes };
}

/** The size of one row; a bad size is reported naming the row. */
function measureRow<K, V>(measure: (value: V, key: K) => number, row: DumpEntry<K, V>, name: string): number {
  try {
    return measure(row[1], row[0]);
  } catch (error) {
    if (error instanceof RangeError) throw new RangeError(`taglru: ${name}: ${error.message.replace(/^taglru: /, '')}`);
    if (error instanceof TypeError) throw new TypeError(`taglru: ${name}: ${error.message.replace(/^taglru: /, '')}`);
    throw error; // sizeOf itself threw: the user's error, as it is
  }
}
