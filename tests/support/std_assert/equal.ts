/**
 * Deep structural equality with the same rules as `@std/assert`'s `equal`.
 *
 * Summary of the rules:
 * - primitives use SameValueZero (`NaN` equals `NaN`, `0` equals `-0`);
 * - a primitive never equals an object;
 * - two `Date`s are equal when their times are `Object.is`-equal (so two
 *   invalid dates are equal);
 * - two objects must have the same prototype (`Object.prototype` and `null`
 *   are treated as interchangeable); functions are only equal by identity;
 * - typed arrays compare length and elements (SameValueZero); `ArrayBuffer`s
 *   and `SharedArrayBuffer`s compare their bytes;
 * - comparing two `WeakMap`s or two `WeakSet`s throws a `TypeError`;
 *   `WeakRef`s compare their current targets;
 * - `Map`s and `Set`s compare entries irrespective of insertion order, deeply
 *   for non-primitive keys;
 * - plain objects and arrays compare own enumerable string and symbol keys;
 *   `RegExp`, `URL`, `URLSearchParams`, `Intl.Locale` and Temporal values
 *   compare by their string form; other objects compare every own and
 *   inherited key (enumerable or not) up to `Object.prototype`;
 * - cyclic structures are supported.
 *
 * @module
 */

type Keyed = Map<unknown, unknown> | Set<unknown>;

type AnyTypedArray = { readonly length: number; readonly [i: number]: unknown };

const typedArrayPrototype: unknown = Object.getPrototypeOf(Uint8Array);
const TypedArrayCtor = typedArrayPrototype as abstract new () => unknown;

const temporal: Record<string, { prototype: unknown } | undefined> =
  (globalThis as unknown as {
    Temporal?: Record<string, { prototype: unknown } | undefined>;
  }).Temporal ?? {};

/** Prototypes whose instances are compared by `String(value)`. */
const comparedAsString: ReadonlySet<unknown> = new Set<unknown>(
  [
    RegExp,
    URL,
    URLSearchParams,
    Intl.Locale,
    temporal["Duration"],
    temporal["Instant"],
    temporal["PlainDate"],
    temporal["PlainDateTime"],
    temporal["PlainTime"],
    temporal["PlainYearMonth"],
    temporal["PlainMonthDay"],
    temporal["ZonedDateTime"],
  ]
    .filter((ctor): ctor is { prototype: unknown } => ctor != null)
    .map((ctor) => ctor.prototype),
);

function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || Object.is(a, b);
}

function isPrimitive(x: unknown): boolean {
  return x === null ||
    (typeof x !== "object" && typeof x !== "function");
}

function isKeyed(x: unknown): x is Keyed {
  return x instanceof Map || x instanceof Set;
}

function samePrototype(a: object, b: object): boolean {
  const pa: unknown = Object.getPrototypeOf(a);
  const pb: unknown = Object.getPrototypeOf(b);
  if (pa === pb) return true;
  return (pa === Object.prototype && pb === null) ||
    (pa === null && pb === Object.prototype);
}

function isPlainObjectOrArray(x: object): boolean {
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === null || proto === Object.prototype ||
    proto === Array.prototype;
}

function ownKeys(x: object): (string | symbol)[] {
  return [...Object.getOwnPropertyNames(x), ...Object.getOwnPropertySymbols(x)];
}

/** Own and inherited keys, stopping at `Object.prototype`/`Array.prototype`. */
function allKeys(x: object): Set<string | symbol> {
  const keys = new Set<string | symbol>();
  let cur: object | null = x;
  while (
    cur !== null && cur !== Object.prototype && cur !== Array.prototype
  ) {
    for (const k of ownKeys(cur)) keys.add(k);
    cur = Object.getPrototypeOf(cur) as object | null;
  }
  return keys;
}

function elementsEqual(a: AnyTypedArray, b: AnyTypedArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!sameValueZero(a[i], b[i])) return false;
  }
  return true;
}

function isBuffer(x: object): x is ArrayBuffer | SharedArrayBuffer {
  return x instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== "undefined" &&
      x instanceof SharedArrayBuffer);
}

function read(obj: object, key: string | symbol): unknown {
  return (obj as Record<string | symbol, unknown>)[key];
}

/**
 * Deep equality comparison used by the assertions.
 *
 * @param a The actual value.
 * @param b The expected value.
 * @returns `true` when the values are deeply equal, `false` otherwise.
 */
export function equal(a: unknown, b: unknown): boolean {
  const visited = new Map<unknown, unknown>();

  const compareKeyed = (x: Keyed, y: Keyed): boolean => {
    if (x.size !== y.size) return false;
    const xKeys = [...x.keys()];
    if (xKeys.every(isPrimitive)) {
      if (x instanceof Set) {
        return x.symmetricDifference(y as Set<unknown>).size === 0;
      }
      const yMap = y as Map<unknown, unknown>;
      for (const key of xKeys) {
        if (!yMap.has(key) || !compare(x.get(key), yMap.get(key))) {
          return false;
        }
      }
      return true;
    }
    // Non-primitive keys: every entry of x needs a deeply-equal entry in y.
    let remaining = x.size;
    for (const [xKey, xValue] of x.entries()) {
      for (const [yKey, yValue] of y.entries()) {
        if (!compare(xKey, yKey)) continue;
        if ((xKey === xValue && yKey === yValue) || compare(xValue, yValue)) {
          remaining--;
          break;
        }
      }
    }
    return remaining === 0;
  };

  const compare = (x: unknown, y: unknown): boolean => {
    if (sameValueZero(x, y)) return true;
    if (isPrimitive(x) || isPrimitive(y)) return false;

    if (x instanceof Date && y instanceof Date) {
      return Object.is(x.getTime(), y.getTime());
    }
    if (
      typeof x !== "object" || typeof y !== "object" || x === null ||
      y === null
    ) {
      // At least one side is a function that is not identical to the other.
      return false;
    }
    if (!samePrototype(x, y)) return false;

    if (x instanceof TypedArrayCtor) {
      return elementsEqual(x as AnyTypedArray, y as AnyTypedArray);
    }
    if (isBuffer(x)) {
      return elementsEqual(
        new Uint8Array(x),
        new Uint8Array(y as ArrayBuffer | SharedArrayBuffer),
      );
    }
    if (x instanceof WeakMap) {
      throw new TypeError("Cannot compare WeakMap instances");
    }
    if (x instanceof WeakSet) {
      throw new TypeError("Cannot compare WeakSet instances");
    }
    if (x instanceof WeakRef) {
      return compare(x.deref(), (y as WeakRef<WeakKey>).deref());
    }

    if (visited.get(x) === y) return true;
    if (Object.keys(x).length !== Object.keys(y).length) return false;
    visited.set(x, y);

    if (isKeyed(x) && isKeyed(y)) return compareKeyed(x, y);

    let keys: Iterable<string | symbol>;
    if (isPlainObjectOrArray(x)) {
      keys = ownKeys({ ...x, ...y });
    } else if (comparedAsString.has(Object.getPrototypeOf(x))) {
      return String(x) === String(y);
    } else {
      keys = allKeys(x).union(allKeys(y));
    }

    for (const key of keys) {
      if (!compare(read(x, key), read(y, key))) return false;
      if ((key in x) !== (key in y)) return false;
    }
    return true;
  };

  return compare(a, b);
}
