// memoize: a function's results cached under its name, tagged `fn:<name>`.

import type { MemoizeOptions, SetOptions } from '../types';
import {
  checkFunction,
  checkKey,
  checkKnownOptions,
  checkObject,
  checkOptionalFunction,
  checkScopeName,
  checkTagArray,
  checkTtl,
  KNOWN_OPTIONS,
} from '../validate';
import { serialiseArguments } from './argument-key';
import type { LoadCoordinator } from './get-or-set';
import type { ReadThroughPort } from './port';
import { encodeKey, ScopeRegistry, scopePrefix } from './scopes';

/** Names memoized in each cache: two functions under one name would share results. */
const memoizedNames = new ScopeRegistry<true>();

/**
 * `fn` with its results cached in `cache`; see TagCache.memoize.
 * @throws TypeError for a bad fn or options, or an anonymous fn without options.name;
 *   RangeError when the name is already memoized in this cache.
 */
export function memoize<A extends unknown[], R, V>(
  cache: ReadThroughPort<string, V>,
  fills: LoadCoordinator<string, V>,
  fn: (...args: A) => R,
  options: MemoizeOptions<A> | undefined,
): (...args: A) => R {
  checkFunction(fn, 'fn');
  let ttl: number | undefined;
  if (options !== undefined) {
    checkObject(options, 'options');
    checkKnownOptions(options, KNOWN_OPTIONS.memoize, 'options');
    if (options.name !== undefined) checkScopeName(options.name, 'options.name');
    checkOptionalFunction(options.key, 'options.key');
    checkOptionalFunction(options.tags, 'options.tags');
    if (options.ttl !== undefined) ttl = checkTtl(options.ttl, 'options.ttl');
  }
  const name = options?.name ?? fn.name;
  if (name === '') throw new TypeError('taglru: fn is anonymous; give it a name with options.name');
  checkScopeName(name, 'fn.name');
  if (memoizedNames.get(cache, name) !== undefined) {
    throw new RangeError(`taglru: a function named "${name}" is already memoized in this cache; pass another options.name`);
  }
  memoizedNames.add(cache, name, true);

  const tag = `fn:${name}`;
  const prefix = scopePrefix(tag);
  const keyOption = options?.key;
  const tagsOption = options?.tags;
  const keyOf = (args: A): string => {
    if (keyOption === undefined) return prefix + serialiseArguments(args, name);
    const key = keyOption(...args);
    checkKey(key, 'the result of options.key');
    return encodeKey(prefix, key);
  };
  const storeOptions = (args: A): SetOptions => {
    if (tagsOption === undefined) return { tags: [tag], ttl };
    const tags = tagsOption(...args);
    checkTagArray(tags, 'the result of options.tags');
    return { tags: [...tags, tag], ttl };
  };
  // Promise-returning functions are loaded through getOrSet (one call per key at
  // a time, the load guard) and their resolved values stored. An async
  // function is known at once; another one from the first promise it returns.
  let returnsPromises = Object.prototype.toString.call(fn) === '[object AsyncFunction]';

  return function memoized(this: unknown, ...args: A): R {
    const key = keyOf(args);
    if (returnsPromises) return fills.getOrSet(key, () => fn.apply(this, args) as V | PromiseLike<V>, storeOptions(args)) as R;
    let callbackFailed = false;
    let callbackError: unknown;
    try {
      const cached = cache.get(key);
      if (cached !== undefined) return cached as R;
    } catch (error) {
      // onRemove threw for the expired or stale entry the lookup removed: compute and store, then rethrow.
      callbackFailed = true;
      callbackError = error;
    }
    // Registered as a load before fn runs, so that an invalidation made inside fn keeps its result out.
    const { result, async } = fills.run(key, () => fn.apply(this, args), storeOptions(args));
    if (async) returnsPromises = true;
    if (!callbackFailed) return result as R;
    if (!async) throw callbackError;
    const rethrow = (): never => {
      throw callbackError;
    };
    return (result as Promise<V>).then(rethrow, rethrow) as R;
  };
}
