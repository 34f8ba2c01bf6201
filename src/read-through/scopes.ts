// Namespaces and memoized functions keep their entries in the cache's own key
// space. Their keys start with NUL, the scope's tag (`ns:<name>` or
// `fn:<name>`) and NUL; names cannot contain NUL, so no two scopes share a key.
// A plain key that starts with NUL could collide, so avoid such keys in a cache
// that uses namespace() or memoize().

/** The prefix of every key of the scope with this tag. */
export function scopePrefix(tag: string): string {
  return `\0${tag}\0`;
}

/** A scope's encoding of a string or number key: 1 and '1' stay apart, -0 is 0 (as in Map). */
export function encodeKey(prefix: string, key: string | number): string {
  return typeof key === 'number' ? `${prefix}n${key}` : `${prefix}s${key}`;
}

/** Scope names already taken in each cache, per kind of scope. */
export class ScopeRegistry<T> {
  private readonly byCache = new WeakMap<object, Map<string, T>>();

  /** The scope of `name` in `cache`, if one was made. */
  get(cache: object, name: string): T | undefined {
    return this.byCache.get(cache)?.get(name);
  }

  /** Records the scope of `name` in `cache`. */
  add(cache: object, name: string, scope: T): void {
    let scopes = this.byCache.get(cache);
    if (scopes === undefined) this.byCache.set(cache, (scopes = new Map()));
    scopes.set(name, scope);
  }
}
