/**
 * The value assertions of the offline `@std/assert` stand-in (everything
 * except the throw/reject helpers and `assertObjectMatch`).
 *
 * @module
 */

import { AssertionError } from "./assertion_error.ts";
import { equal } from "./equal.ts";
import { format, lineDiff } from "./_format.ts";

/** Values accepted by the `assertFalse` type predicate. */
export type Falsy = false | 0 | 0n | "" | null | undefined;

/** An array-like object (`Array`, `Uint8Array`, ...) that is not a string. */
export type ArrayLikeArg<T> = ArrayLike<T> & object;

/** Any constructor. */
// deno-lint-ignore no-explicit-any
export type AnyConstructor = new (...args: any[]) => any;

/** The instance type produced by a constructor. */
export type GetConstructorType<T extends AnyConstructor> = InstanceType<T>;

function suffix(msg: string | undefined): string {
  return msg ? `: ${msg}` : ".";
}

/**
 * Asserts that `expr` is truthy.
 *
 * @param expr The expression to test.
 * @param msg The message of the thrown error (empty by default).
 */
export function assert(expr: unknown, msg = ""): asserts expr {
  if (!expr) throw new AssertionError(msg);
}

/**
 * Asserts that `expr` is falsy.
 *
 * @param expr The expression to test.
 * @param msg The message of the thrown error (empty by default).
 */
export function assertFalse(expr: unknown, msg = ""): asserts expr is Falsy {
  if (expr) throw new AssertionError(msg);
}

/**
 * Asserts deep equality using {@linkcode equal}.
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The expected value.
 * @param msg Optional message appended to the failure message.
 */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (equal(actual, expected)) return;
  const shownActual = format(actual);
  const shownExpected = format(expected);
  throw new AssertionError(
    `Values are not equal${suffix(msg)}${lineDiff(shownActual, shownExpected)}`,
  );
}

/**
 * Asserts that the values are not deeply equal (see {@linkcode equal}).
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The value `actual` must differ from.
 * @param msg Optional message appended to the failure message.
 */
export function assertNotEquals<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (!equal(actual, expected)) return;
  throw new AssertionError(
    `Expected actual: ${format(actual)} not to be: ${format(expected)}${
      suffix(msg)
    }`,
  );
}

/**
 * Asserts that `actual` and `expected` are the same value (`Object.is`).
 *
 * @typeParam T The type of the expected value.
 * @param actual The actual value.
 * @param expected The expected value.
 * @param msg Optional message appended to the failure message.
 */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  if (Object.is(actual, expected)) return;
  const shownActual = format(actual);
  const shownExpected = format(expected);
  if (shownActual === shownExpected) {
    const indented = shownActual.split("\n").map((l) => `    ${l}`).join("\n");
    throw new AssertionError(
      `Values have the same structure but are not reference-equal${
        suffix(msg)
      }\n\n${indented}\n`,
    );
  }
  throw new AssertionError(
    `Values are not strictly equal${suffix(msg)}${
      lineDiff(shownActual, shownExpected)
    }`,
  );
}

/**
 * Asserts that `actual` and `expected` are not the same value (`Object.is`).
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The value `actual` must not be.
 * @param msg Optional message appended to the failure message.
 */
export function assertNotStrictEquals<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (!Object.is(actual, expected)) return;
  throw new AssertionError(
    `Expected "actual" to not be strictly equal to: ${format(actual)}${
      suffix(msg)
    }\n`,
  );
}

function showNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toExponential();
}

/**
 * Asserts that two numbers are close. Passes when they are `Object.is`-equal
 * (including `NaN`/`NaN` and equal infinities) or when
 * `|expected - actual| <= tolerance`. The default tolerance is relative:
 * `|expected * 1e-7|` (or `1e-7` when `expected` is not finite); an explicit
 * tolerance is absolute.
 *
 * @param actual The actual number.
 * @param expected The expected number.
 * @param tolerance Absolute tolerance; defaults to `|expected * 1e-7|`.
 * @param msg Optional message appended to the failure message.
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance?: number,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  const delta = Math.abs(expected - actual);
  const limit = tolerance ??
    (Number.isFinite(expected) ? Math.abs(expected * 1e-7) : 1e-7);
  if (delta <= limit) return;
  throw new AssertionError(
    `Expected actual: "${showNumber(actual)}" to be close to "${
      showNumber(expected)
    }": delta "${showNumber(delta)}" is greater than "${showNumber(limit)}"${
      suffix(msg)
    }`,
  );
}

/**
 * Asserts that `actual` is neither `null` nor `undefined`.
 *
 * @typeParam T The type of the value.
 * @param actual The value to check.
 * @param msg Optional message appended to the failure message.
 */
export function assertExists<T>(
  actual: T,
  msg?: string,
): asserts actual is NonNullable<T> {
  if (actual === undefined || actual === null) {
    throw new AssertionError(
      `Expected actual: "${actual}" to not be null or undefined${suffix(msg)}`,
    );
  }
}

function describeType(actual: unknown): string {
  if (actual === null) return "null";
  if (actual === undefined) return "undefined";
  if (typeof actual === "object") {
    const ctor = (actual as { constructor?: { name?: string } }).constructor;
    return ctor?.name ?? "Object";
  }
  return typeof actual;
}

/**
 * Asserts that `actual` is an instance of `expectedType`.
 *
 * @typeParam T The expected constructor type.
 * @param actual The value to check.
 * @param expectedType The expected class.
 * @param msg Optional message appended to the failure message.
 */
export function assertInstanceOf<
  // deno-lint-ignore no-explicit-any
  T extends abstract new (...args: any[]) => any,
>(
  actual: unknown,
  expectedType: T,
  msg = "",
): asserts actual is InstanceType<T> {
  if (actual instanceof expectedType) return;
  const expectedName = expectedType.name;
  const actualName = describeType(actual);
  let message: string;
  if (expectedName === actualName) {
    message = `Expected object to be an instance of "${expectedName}"`;
  } else if (actualName === "function") {
    message =
      `Expected object to be an instance of "${expectedName}" but was not an instanced object`;
  } else {
    message =
      `Expected object to be an instance of "${expectedName}" but was "${actualName}"`;
  }
  throw new AssertionError(`${message}${suffix(msg)}`);
}

/**
 * Asserts that `actual` is not an instance of `unexpectedType`.
 *
 * @typeParam A The type of the value.
 * @typeParam T The instance type of the rejected class.
 * @param actual The value to check.
 * @param unexpectedType The class `actual` must not be an instance of.
 * @param msg Optional message appended to the failure message.
 */
export function assertNotInstanceOf<A, T>(
  actual: A,
  // deno-lint-ignore no-explicit-any
  unexpectedType: abstract new (...args: any[]) => T,
  msg?: string,
): asserts actual is Exclude<A, T> {
  if (actual instanceof unexpectedType) {
    throw new AssertionError(
      `Expected object to not be an instance of "${typeof unexpectedType}"${
        suffix(msg)
      }`,
    );
  }
}

/**
 * Asserts that `actual` matches the regular expression `expected`.
 *
 * @param actual The string to test.
 * @param expected The pattern it must match.
 * @param msg Optional message appended to the failure message.
 */
export function assertMatch(
  actual: string,
  expected: RegExp,
  msg?: string,
): void {
  checkMatch(actual, expected, true, msg);
}

/**
 * Asserts that `actual` does not match the regular expression `expected`.
 *
 * @param actual The string to test.
 * @param expected The pattern it must not match.
 * @param msg Optional message appended to the failure message.
 */
export function assertNotMatch(
  actual: string,
  expected: RegExp,
  msg?: string,
): void {
  checkMatch(actual, expected, false, msg);
}

/** `actual` matches `expected` exactly when `want` says so. */
function checkMatch(
  actual: string,
  expected: RegExp,
  want: boolean,
  msg: string | undefined,
): void {
  if (expected.test(actual) === want) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to ${want ? "" : "not "}match: "${expected}"${
      suffix(msg)
    }`,
  );
}

/**
 * Asserts that the string `actual` contains `expected`.
 *
 * @param actual The string to search.
 * @param expected The substring that must be present.
 * @param msg Optional message appended to the failure message.
 */
export function assertStringIncludes(
  actual: string,
  expected: string,
  msg?: string,
): void {
  if (actual.includes(expected)) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to contain: "${expected}"${suffix(msg)}`,
  );
}

/**
 * Asserts that every element of `expected` occurs in `actual` (deep
 * equality via {@linkcode equal}; SameValueZero for primitives).
 *
 * @typeParam T The element type.
 * @param actual The array-like to search.
 * @param expected The elements that must be present.
 * @param msg Optional message appended to the failure message.
 */
export function assertArrayIncludes<T>(
  actual: ArrayLikeArg<T>,
  expected: ArrayLikeArg<T>,
  msg?: string,
): void {
  const missing: T[] = [];
  for (let i = 0; i < expected.length; i++) {
    const item = expected[i] as T;
    let found = false;
    for (let j = 0; j < actual.length; j++) {
      if (equal(item, actual[j])) {
        found = true;
        break;
      }
    }
    if (!found) missing.push(item);
  }
  if (missing.length === 0) return;
  throw new AssertionError(
    `Expected actual: "${format(actual)}" to include: "${format(expected)}"${
      suffix(msg)
    }\nmissing: ${format(missing)}`,
  );
}

/**
 * Asserts `actual > expected`.
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The bound.
 * @param msg Replaces the default failure message when given.
 */
export function assertGreater<T>(actual: T, expected: T, msg?: string): void {
  if (actual > expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} > ${format(expected)}`,
  );
}

/**
 * Asserts `actual >= expected`.
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The bound.
 * @param msg Replaces the default failure message when given.
 */
export function assertGreaterOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (actual >= expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} >= ${format(expected)}`,
  );
}

/**
 * Asserts `actual < expected`.
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The bound.
 * @param msg Replaces the default failure message when given.
 */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (actual < expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} < ${format(expected)}`,
  );
}

/**
 * Asserts `actual <= expected`.
 *
 * @typeParam T The type of the compared values.
 * @param actual The actual value.
 * @param expected The bound.
 * @param msg Replaces the default failure message when given.
 */
export function assertLessOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (actual <= expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} <= ${format(expected)}`,
  );
}

/**
 * Always throws an `AssertionError` ("Failed assertion").
 *
 * @param msg Optional message appended to the failure message.
 * @returns Never returns.
 */
export function fail(msg?: string): never {
  throw new AssertionError(`Failed assertion${suffix(msg)}`);
}

/**
 * Marks code that must never run; always throws an `AssertionError`.
 *
 * @param msg Optional message appended to the failure message.
 * @returns Never returns.
 */
export function unreachable(msg?: string): never {
  throw new AssertionError(`Unreachable${suffix(msg)}`);
}

/**
 * Stub for unimplemented code; always throws an `AssertionError`.
 *
 * @param msg Optional message appended to the failure message.
 * @returns Never returns.
 */
export function unimplemented(msg?: string): never {
  throw new AssertionError(`Unimplemented${suffix(msg)}`);
}
