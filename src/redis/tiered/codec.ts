/** How keys and values are written to Redis: keys keep their type, values go through a serializer. */

/** Turns values into strings for Redis and back. `deserialize` may throw on text it cannot read (a counted miss). */
export interface TieredSerializer<V> {
  /** The text stored in Redis for `value`; throw a TypeError for a value it cannot encode (nothing is written then). */
  serialize(value: V): string;
  /** The value back from its text; a throw makes the read a counted miss. */
  deserialize(text: string): V;
}

/** A key as it appears in Redis: `s` + a string key, `n` + a number key, so 1 and '1' stay apart. */
export function encodeKey(key: string | number): string {
  return typeof key === 'string' ? `s${key}` : `n${String(key)}`;
}

function reject(path: string, what: string): never {
  throw new TypeError(
    `taglru: the value cannot be stored as JSON: ${what} at ${path} would not come back the same (pass options.serializer for such values)`,
  );
}

/** Throws a TypeError naming the first part of `value` that JSON would drop, change or refuse. */
function checkJsonValue(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) reject(path, String(value));
      return;
    case 'object':
      break;
    default:
      reject(path, `a ${typeof value}`);
  }
  if (value === null) return;
  if (ancestors.has(value)) reject(path, 'a cycle');
  ancestors.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      if (!(index in value)) reject(`${path}[${index}]`, 'a hole');
      checkJsonValue(value[index], `${path}[${index}]`, ancestors);
    }
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) reject(path, `an instance of ${value.constructor?.name ?? 'a class'}`);
    for (const [name, item] of Object.entries(value)) checkJsonValue(item, `${path}.${name}`, ancestors);
  }
  ancestors.delete(value);
}

/**
 * The default serializer: JSON, for values that come back from JSON.parse equal to what was stored —
 * strings, booleans, null, finite numbers, arrays without holes and plain objects of those. Anything
 * else (undefined, functions, symbols, BigInt, NaN, ±Infinity, cycles, Dates, Maps, class instances)
 * is a TypeError naming where it is. `-0` comes back as `0`.
 */
export const jsonSerializer: TieredSerializer<unknown> = {
  serialize(value) {
    checkJsonValue(value, 'value', new Set());
    return JSON.stringify(value);
  },
  deserialize: (text) => JSON.parse(text) as unknown,
};
