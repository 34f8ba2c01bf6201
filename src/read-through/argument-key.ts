// The default key of a memoized call: a stable serialisation of its arguments.
//
// Supported, recursively: strings, numbers (-0, NaN and ±Infinity kept apart),
// booleans, null, undefined, bigints, arrays (holes read as undefined) and plain
// objects (prototype Object.prototype or null; own enumerable string keys, in
// sorted order, so { a, b } and { b, a } are one key). Anything else (functions,
// symbols, class instances such as Date, Map or Buffer, boxed primitives) and
// cycles throw a TypeError: the caller must give options.key. Distinct argument
// lists give distinct keys; f(1) and f(1, undefined) differ.

/**
 * The key of a call with `args`.
 * @throws TypeError naming the first unsupported argument, e.g. `arguments[1].when`.
 */
export function serialiseArguments(args: readonly unknown[], functionName: string): string {
  return serialise(args, 'arguments', new Set(), functionName);
}

function serialise(value: unknown, path: string, ancestors: Set<object>, functionName: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (value === null) return 'null';
      return serialiseObject(value, path, ancestors, functionName);
    default:
      throw unsupported(path, `a ${typeof value}`, functionName);
  }
}

function serialiseObject(value: object, path: string, ancestors: Set<object>, functionName: string): string {
  const isArray = Array.isArray(value);
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (!isArray && prototype !== Object.prototype && prototype !== null) {
    throw unsupported(path, describeInstance(prototype), functionName);
  }
  if (ancestors.has(value)) throw new TypeError(`taglru: memoize ${functionName}: ${path} contains itself; pass options.key`);
  ancestors.add(value);
  let text: string;
  if (isArray) {
    const items = value as unknown[];
    const parts: string[] = new Array<string>(items.length);
    for (let index = 0; index < items.length; index++) parts[index] = serialise(items[index], `${path}[${index}]`, ancestors, functionName);
    text = `[${parts.join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const parts = Object.keys(record)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${serialise(record[name], `${path}.${name}`, ancestors, functionName)}`);
    text = `{${parts.join(',')}}`;
  }
  ancestors.delete(value);
  return text;
}

/** "an instance of Date", from the prototype's own constructor. */
function describeInstance(prototype: object): string {
  const maker: unknown = Object.hasOwn(prototype, 'constructor') ? (prototype as { constructor: unknown }).constructor : undefined;
  const className = typeof maker === 'function' ? maker.name : '';
  return className === '' ? 'an object with a custom prototype' : `an instance of ${className}`;
}

function unsupported(path: string, what: string, functionName: string): TypeError {
  return new TypeError(`taglru: memoize ${functionName}: ${path} is ${what}, which the default key cannot serialise; pass options.key`);
}
