/**
 * Argument validation shared by every public function: one way to describe
 * a bad value, one message shape, one rule for option objects.
 *
 * Messages follow denoland/std: sentence case, no trailing period, the
 * parameter in backticks, the current value stated —
 * `` `alpha` must be a finite number >= 0: current value is -1 ``.
 * A wrong type is a `TypeError`, a value of the right type outside its
 * admissible set is a `RangeError`. Data (the numbers being transformed) is
 * not validated here: NaN and ±∞ in data propagate.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */

/** Longest string quoted in full in a message; longer ones are cut. */
const MAX_QUOTED = 60;

/**
 * A short, printable description of any value for an error message. It
 * never calls user code (no `toString`, no getters, no function source) and
 * is bounded in length, so describing hostile input cannot throw or hang.
 *
 * @param value Any value.
 * @returns E.g. `-0`, `"abc"`, `1n (a bigint)`, `an array of length 3`,
 * `a Float64Array of length 2`, `a function named f`, `an object`.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string": {
      const s = value.length > MAX_QUOTED
        ? value.slice(0, MAX_QUOTED) + "…"
        : value;
      return JSON.stringify(s);
    }
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n (a bigint)`;
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "symbol":
      return "a symbol";
    case "function": {
      const name = safeGet(value, "name");
      return typeof name === "string" && name !== ""
        ? `a function named ${JSON.stringify(name.slice(0, MAX_QUOTED))}`
        : "a function";
    }
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    return value.length === 0
      ? "an empty array"
      : `an array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value)) {
    const len = (value as { length?: unknown }).length;
    const kind = Object.prototype.toString.call(value).slice(8, -1);
    return typeof len === "number"
      ? `a${/^[AEIOU]/.test(kind) ? "n" : ""} ${kind} of length ${len}`
      : `a ${kind}`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return "an object";
  const ctor = safeGet(proto, "constructor");
  const name = typeof ctor === "function" ? safeGet(ctor, "name") : undefined;
  return typeof name === "string" && /^[A-Za-z_$][\w$]{0,40}$/.test(name)
    ? `a${/^[AEIOU]/.test(name) ? "n" : ""} ${name}`
    : "an object";
}

/** Read a property without letting a throwing getter escape. */
function safeGet(target: object, key: string): unknown {
  try {
    const d = Object.getOwnPropertyDescriptor(target, key);
    return d && "value" in d ? d.value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A `TypeError` in the house style.
 *
 * @param name The parameter, as the caller wrote it (e.g. `options.range`).
 * @param expected What it must be (e.g. `a number`).
 * @param value The value received.
 * @returns The error (to throw).
 */
export function typeError(
  name: string,
  expected: string,
  value: unknown,
): TypeError {
  return new TypeError(
    `\`${name}\` must be ${expected}: current value is ${describeValue(value)}`,
  );
}

/**
 * A `RangeError` in the house style.
 *
 * @param name The parameter.
 * @param expected What it must be (e.g. `a finite number >= 0`).
 * @param value The value received.
 * @returns The error (to throw).
 */
export function rangeError(
  name: string,
  expected: string,
  value: unknown,
): RangeError {
  return new RangeError(
    `\`${name}\` must be ${expected}: current value is ${describeValue(value)}`,
  );
}

/**
 * Check an options object: `undefined` is `{}`; anything but a plain object
 * is a `TypeError`; an own key not in `allowed` is a `TypeError` that names
 * it (a misspelt option must not be ignored silently). Only own enumerable
 * string keys count, so `{ toString: … }` inherited from `Object.prototype`
 * is not a key, but an own `toString` is.
 *
 * @param name The parameter (e.g. `options`).
 * @param options The value received.
 * @param allowed The option names this function takes.
 * @returns The options object (never undefined).
 * @throws {TypeError} if `options` is not an object or has an unknown key.
 */
export function checkOptions<T extends object>(
  name: string,
  options: T | undefined,
  allowed: readonly (keyof T & string)[],
): T {
  if (options === undefined) return {} as T;
  checkObject(name, options);
  for (const key of ownKeys(options)) {
    if (!(allowed as readonly PropertyKey[]).includes(key)) {
      throw new TypeError(
        `\`${name}\` has an unknown option ${
          describeValue(key)
        }: the options are ${
          allowed.length === 0
            ? "none"
            : allowed.map((k) => `\`${k}\``).join(", ")
        }`,
      );
    }
  }
  return options;
}

/**
 * Check that a parameter is a plain-ish object: not null, not an array, not
 * a typed array or DataView, not a function.
 *
 * @param name The parameter.
 * @param value The value received.
 * @returns The value.
 * @throws {TypeError} otherwise.
 */
export function checkObject<T extends object>(name: string, value: unknown): T {
  if (
    value === null || typeof value !== "object" || Array.isArray(value) ||
    ArrayBuffer.isView(value)
  ) {
    throw typeError(name, "an object", value);
  }
  return value as T;
}

/**
 * The own enumerable keys of an object, symbols included (a symbol key is
 * never an option name, so it must be reported, not ignored).
 *
 * @param value An object.
 * @returns Its own enumerable string and symbol keys.
 */
export function ownKeys(value: object): PropertyKey[] {
  return [
    ...Object.keys(value),
    ...Object.getOwnPropertySymbols(value).filter((s) =>
      Object.prototype.propertyIsEnumerable.call(value, s)
    ),
  ];
}

/** Bounds for {@linkcode checkNumber}. */
export interface NumberBounds {
  /** Smallest admissible value (inclusive unless `exclusiveMin`). */
  readonly min?: number;
  /** Largest admissible value (inclusive unless `exclusiveMax`). */
  readonly max?: number;
  /** True when `min` itself is not admissible. */
  readonly exclusiveMin?: boolean;
  /** True when `max` itself is not admissible. */
  readonly exclusiveMax?: boolean;
  /** Require an integer. */
  readonly integer?: boolean;
  /** Allow ±∞ (default false: finite only). NaN is never admissible. */
  readonly infinite?: boolean;
}

/**
 * Describe bounds in words, e.g. `a finite number >= 0 and < 1`.
 *
 * @param b The bounds.
 * @returns The phrase.
 */
export function describeBounds(b: NumberBounds = {}): string {
  const kind = b.integer
    ? "an integer"
    : b.infinite
    ? "a number (not NaN)"
    : "a finite number";
  const parts: string[] = [];
  if (b.min !== undefined && b.min !== -Infinity) {
    parts.push(`${b.exclusiveMin ? ">" : ">="} ${describeValue(b.min)}`);
  }
  if (b.max !== undefined && b.max !== Infinity) {
    parts.push(`${b.exclusiveMax ? "<" : "<="} ${describeValue(b.max)}`);
  }
  return parts.length === 0 ? kind : `${kind} ${parts.join(" and ")}`;
}

/**
 * Check a numeric parameter: a `number` (not a bigint, not a numeric
 * string), not NaN, finite unless `infinite`, an integer if asked, within
 * the bounds.
 *
 * @param name The parameter.
 * @param value The value received.
 * @param bounds The admissible set.
 * @returns The value.
 * @throws {TypeError} if `value` is not a number.
 * @throws {RangeError} if it is outside the admissible set.
 */
export function checkNumber(
  name: string,
  value: unknown,
  bounds: NumberBounds = {},
): number {
  if (typeof value !== "number") {
    throw typeError(
      name,
      bounds.integer ? "an integer" : "a number",
      value,
    );
  }
  const { min = -Infinity, max = Infinity } = bounds;
  const ok = !Number.isNaN(value) &&
    (bounds.infinite || Number.isFinite(value)) &&
    (!bounds.integer || Number.isInteger(value)) &&
    (bounds.exclusiveMin ? value > min : value >= min) &&
    (bounds.exclusiveMax ? value < max : value <= max);
  if (!ok) throw rangeError(name, describeBounds(bounds), value);
  return value;
}

/**
 * Check a boolean parameter.
 *
 * @param name The parameter.
 * @param value The value received.
 * @returns The value.
 * @throws {TypeError} if `value` is not a boolean.
 */
export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw typeError(name, "a boolean", value);
  return value;
}

/**
 * Check a string parameter.
 *
 * @param name The parameter.
 * @param value The value received.
 * @returns The value.
 * @throws {TypeError} if `value` is not a string.
 */
export function checkString(name: string, value: unknown): string {
  if (typeof value !== "string") throw typeError(name, "a string", value);
  return value;
}

/**
 * Check that a parameter is one of a few allowed values.
 *
 * @param name The parameter.
 * @param value The value received.
 * @param choices The allowed values.
 * @returns The value.
 * @throws {RangeError} if `value` is not one of `choices`.
 */
export function checkOneOf<T extends string | number | boolean>(
  name: string,
  value: unknown,
  choices: readonly T[],
): T {
  if (!(choices as readonly unknown[]).includes(value)) {
    throw rangeError(
      name,
      `one of ${choices.map((c) => describeValue(c)).join(", ")}`,
      value,
    );
  }
  return value as T;
}

/**
 * Check a function parameter.
 *
 * @param name The parameter.
 * @param value The value received.
 * @returns The value.
 * @throws {TypeError} if `value` is not callable.
 */
export function checkFunction<F extends (...args: never[]) => unknown>(
  name: string,
  value: unknown,
): F {
  if (typeof value !== "function") throw typeError(name, "a function", value);
  return value as F;
}

/**
 * Check a `[lo, hi]` interval of finite numbers with lo < hi, where the
 * width is resolvable in double precision (hi − lo is finite and at least
 * a few ulps of the endpoints, so a grid over it has distinct points).
 *
 * @param name The parameter (e.g. `range`).
 * @param value The value received.
 * @param minPoints How many distinct doubles the interval must hold
 * (default 2: lo < hi).
 * @returns `[lo, hi]`.
 * @throws {TypeError} if `value` is not a pair of numbers.
 * @throws {RangeError} if an end is not finite, lo >= hi, hi − lo overflows,
 * or the interval holds fewer than `minPoints` doubles.
 */
export function checkInterval(
  name: string,
  value: unknown,
  minPoints = 2,
): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) {
    throw typeError(name, "a pair [lo, hi] of numbers", value);
  }
  const lo = checkNumber(`${name}[0]`, value[0]);
  const hi = checkNumber(`${name}[1]`, value[1]);
  if (!(lo < hi)) {
    throw new RangeError(
      `\`${name}\` must have lo < hi: current value is [${describeValue(lo)}, ${
        describeValue(hi)
      }]`,
    );
  }
  if (!Number.isFinite(hi - lo)) {
    throw new RangeError(
      `\`${name}\` must have a finite width hi − lo: current value is [${
        describeValue(lo)
      }, ${describeValue(hi)}]`,
    );
  }
  // ulp of the larger end: the spacing of doubles there.
  const big = Math.max(Math.abs(lo), Math.abs(hi));
  const ulp = big === 0 ? Number.MIN_VALUE : big * Number.EPSILON;
  if ((hi - lo) / ulp < minPoints - 1) {
    throw new RangeError(
      `\`${name}\` is too narrow to hold ${minPoints} distinct points in double precision: current value is [${
        describeValue(lo)
      }, ${describeValue(hi)}]`,
    );
  }
  return [lo, hi];
}
