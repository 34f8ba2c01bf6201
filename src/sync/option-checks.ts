/** Option checks for the sync and redis subpaths: each throws a TypeError or RangeError naming the option. */

const PREFIX = 'taglru: ';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/** The options object itself: a plain object (or undefined when every option has a default). */
export function checkOptionsObject(options: unknown, name: string, required: boolean): Record<string, unknown> {
  if (options === undefined && !required) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${PREFIX}${name} must be an object, got ${describe(options)}`);
  }
  return options as Record<string, unknown>;
}

/** A non-empty string. */
export function checkName(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${PREFIX}${name} must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/** An integer in [min, max], or `fallback` when undefined. */
export function checkInteger(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${PREFIX}${name} must be an integer, got ${describe(value)}`);
  }
  if (value < min || value > max) throw new RangeError(`${PREFIX}${name} must be from ${min} to ${max}, got ${value}`);
  return value;
}

/** One of a fixed set of strings, or `fallback` when undefined. */
export function checkChoice<T extends string>(value: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new TypeError(`${PREFIX}${name} must be a string, got ${describe(value)}`);
  if (!(choices as readonly string[]).includes(value)) {
    throw new RangeError(`${PREFIX}${name} must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** The payload of `publish`: a string. */
export function checkPayload(payload: unknown): string {
  if (typeof payload !== 'string') throw new TypeError(`${PREFIX}payload must be a string, got ${describe(payload)}`);
  return payload;
}
