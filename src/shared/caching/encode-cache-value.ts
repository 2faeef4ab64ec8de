import { CacheValueError } from './cache-value-error.js';

/**
 * The JSON text a cache stores for `value`, by the rules of `Cache`: values with `toJSON`
 * (a `Date`) are stored as what it returns, `undefined` object properties are dropped, and
 * anything JSON would silently change or cannot carry — `undefined` at the top or in an
 * array, functions, symbols, bigints, non-finite numbers, cycles, objects that are neither
 * plain nor arrays — throws {@link CacheValueError} naming the path of the offending part.
 *
 * @example
 * ```ts
 * encodeCacheValue({ at: new Date(0), note: undefined }, 'k'); // '{"at":"1970-01-01T00:00:00.000Z"}'
 * encodeCacheValue(new Map(), 'k'); // throws CacheValueError (code CACHE_VALUE_NOT_JSON)
 * ```
 */
export function encodeCacheValue(value: unknown, key: string): string {
  return JSON.stringify(toJson(value, '$', new Set(), key));
}

function toJson(value: unknown, path: string, ancestors: Set<object>, key: string): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw new CacheValueError(
        key,
        path,
        `${value} is not a finite number (JSON has no such value)`,
      );
    case 'undefined':
      throw new CacheValueError(key, path, 'undefined is not a JSON value (store null instead)');
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new CacheValueError(key, path, `a ${typeof value} is not a JSON value`);
  }
  if (value === null) return null;
  const object = value as object & { toJSON?: unknown };
  if (typeof object.toJSON === 'function') {
    return toJson((object.toJSON as () => unknown)(), path, ancestors, key);
  }
  if (ancestors.has(object)) throw new CacheValueError(key, path, 'it refers back to itself');
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      return object.map((item, index) => toJson(item, `${path}[${index}]`, ancestors, key));
    }
    const prototype: unknown = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      const name = (object.constructor as { name?: string } | undefined)?.name || 'object';
      throw new CacheValueError(key, path, `a ${name} is neither a plain object nor an array`);
    }
    const json: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(object)) {
      if (item !== undefined) json[name] = toJson(item, `${path}.${name}`, ancestors, key);
    }
    return json;
  } finally {
    ancestors.delete(object);
  }
}
