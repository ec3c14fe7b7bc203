/**
 * `assertObjectMatch` for the offline `@std/assert` stand-in.
 *
 * Like std, both sides are first projected onto the keys present in
 * `expected` (recursively, through nested objects, arrays, `Map`s and
 * `Set`s; `RegExp`s are kept whole), then compared with `assertEquals`.
 * Extra keys and trailing array elements in `actual` are therefore ignored.
 *
 * @module
 */

import { assertEquals } from "./assertions.ts";

type Loose = Record<PropertyKey, unknown>;

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function put(target: Loose, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    configurable: true,
    enumerable: true,
    writable: true,
  });
}

/** Projects `source` onto the shape of `shape` (std's `filter`). */
function project(source: Loose, shape: Loose): Loose {
  const visited = new WeakMap<object, unknown>();

  const projectMap = (
    value: Map<unknown, unknown>,
    subset: Map<unknown, unknown>,
  ): Map<unknown, unknown> =>
    new Map(
      [...value]
        .filter(([k]) => subset.has(k))
        .map(([k, v]): [unknown, unknown] => {
          const other = subset.get(k);
          return isObject(v) && isObject(other)
            ? [k, projectObject(v as Loose, other as Loose)]
            : [k, v];
        }),
    );

  /** Projection of one value of `source` against its counterpart in `shape`. */
  const projectValue = (value: unknown, subset: unknown): unknown => {
    if (value instanceof RegExp) return value;
    if (Array.isArray(value) && Array.isArray(subset)) {
      return projectArray(value, subset);
    }
    if (isObject(value) && isObject(subset)) {
      if (value instanceof Map && subset instanceof Map) {
        return projectMap(value, subset);
      }
      if (value instanceof Set && subset instanceof Set) {
        return value.intersection(subset);
      }
      return projectObject(value as Loose, subset as Loose);
    }
    return value;
  };

  const projectObject = (a: Loose, b: Loose): Loose => {
    if (visited.get(a) === b) return a;
    try {
      visited.set(a, b);
    } catch (err) {
      if (err instanceof TypeError) {
        throw new TypeError(
          `Cannot assertObjectMatch ${a === null ? null : `type ${typeof a}`}`,
        );
      }
    }

    const result: Loose = {};
    const keysA = Reflect.ownKeys(a);
    const keysB = Reflect.ownKeys(b);
    const common = keysA.filter((key) => keysB.includes(key));
    if (keysA.length > 0 && keysB.length > 0 && common.length === 0) {
      // Nothing in common: keep `a` as is so the comparison fails visibly.
      for (const key of keysA) put(result, key, a[key]);
      return result;
    }
    for (const key of common) {
      put(result, key, projectValue(a[key], b[key]));
    }
    return result;
  };

  const projectArray = (a: unknown[], b: unknown[]): unknown[] => {
    if (visited.get(a) === b) return a;
    visited.set(a, b);
    const result: unknown[] = [];
    const count = Math.min(a.length, b.length);
    for (let i = 0; i < count; i++) {
      result.push(projectValue(a[i], b[i]));
    }
    return result;
  };

  return projectObject(source, shape);
}

/**
 * Asserts that `actual` deeply contains the (possibly nested) properties of
 * `expected`.
 *
 * @param actual The object to check.
 * @param expected The subset it must match.
 * @param msg Optional message appended to the failure message.
 */
export function assertObjectMatch(
  // deno-lint-ignore no-explicit-any
  actual: Record<PropertyKey, any>,
  expected: Record<PropertyKey, unknown>,
  msg?: string,
): void {
  return assertEquals(
    project(actual, expected),
    project(expected, expected),
    msg,
  );
}
