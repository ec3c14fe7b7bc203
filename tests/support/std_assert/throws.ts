/**
 * Error assertions of the offline `@std/assert` stand-in: `assertIsError`,
 * `assertThrows` and `assertRejects`.
 *
 * @module
 */

import { AssertionError } from "./assertion_error.ts";
import { stripAnsi } from "./_format.ts";

// deno-lint-ignore no-explicit-any
type ErrorCtor<E extends Error> = abstract new (...args: any[]) => E;

function suffix(msg: string | undefined): string {
  return msg ? `: ${msg}` : ".";
}

/**
 * Asserts that `error` is an `Error`, optionally an instance of `ErrorClass`
 * whose message includes the string (or matches the RegExp) `msgMatches`.
 * ANSI escape codes are ignored in the message check.
 *
 * @typeParam E The expected error type.
 * @param error The value to check.
 * @param ErrorClass Optional class the error must be an instance of.
 * @param msgMatches Optional substring or pattern of the error message.
 * @param msg Optional message appended to the failure message.
 */
export function assertIsError<E extends Error = Error>(
  error: unknown,
  // deno-lint-ignore no-explicit-any
  ErrorClass?: abstract new (...args: any[]) => E,
  msgMatches?: string | RegExp,
  msg?: string,
): asserts error is E {
  if (!(error instanceof Error)) {
    throw new AssertionError(
      `Expected "error" to be an Error object${suffix(msg)}`,
    );
  }
  if (ErrorClass && !(error instanceof ErrorClass)) {
    const actualName = (error as { constructor?: { name?: string } })
      .constructor?.name;
    throw new AssertionError(
      `Expected error to be instance of "${ErrorClass.name}", but was "${actualName}"${
        suffix(msg)
      }`,
    );
  }
  if (!msgMatches) return;
  const message = stripAnsi(error.message);
  const ok = typeof msgMatches === "string"
    ? message.includes(stripAnsi(msgMatches))
    : msgMatches.test(message);
  if (!ok) {
    const wanted = typeof msgMatches === "string"
      ? JSON.stringify(msgMatches)
      : msgMatches.toString();
    throw new AssertionError(
      `Expected error message to include ${wanted}, but got ${
        JSON.stringify(error.message)
      }${suffix(msg)}`,
    );
  }
}

/** True for `Error` itself and its subclasses (std's class detection). */
function isErrorClass(value: unknown): boolean {
  const proto = (value as { prototype?: unknown } | undefined)?.prototype;
  return proto instanceof Error || proto === Error.prototype;
}

/** What `assertThrows` / `assertRejects` expect of the error. */
interface Expectation<E extends Error> {
  readonly ErrorClass: ErrorCtor<E> | undefined;
  readonly msgIncludes: string | undefined;
  readonly msg: string | undefined;
}

/**
 * Sort out the optional arguments of `assertThrows` / `assertRejects` as
 * std does: a string first is the message; an error class (or nothing)
 * first is followed by the substring of the error message and the message.
 * Anything else first: `assertThrows` takes the second argument as the
 * message (`strayIsMsg`), `assertRejects` ignores it, as std's do.
 */
function expectation<E extends Error>(
  errorClassOrMsg: ErrorCtor<E> | string | undefined,
  msgIncludesOrMsg: string | undefined,
  msg: string | undefined,
  strayIsMsg: boolean,
): Expectation<E> {
  if (typeof errorClassOrMsg === "string") {
    return {
      ErrorClass: undefined,
      msgIncludes: undefined,
      msg: errorClassOrMsg,
    };
  }
  if (errorClassOrMsg === undefined || isErrorClass(errorClassOrMsg)) {
    return { ErrorClass: errorClassOrMsg, msgIncludes: msgIncludesOrMsg, msg };
  }
  return {
    ErrorClass: undefined,
    msgIncludes: undefined,
    msg: strayIsMsg ? msgIncludesOrMsg : msg,
  };
}

/** Check what was thrown or rejected against the expected class and text. */
function checkCaught<E extends Error>(
  error: unknown,
  how: "thrown" | "rejected",
  want: Expectation<E>,
): void {
  if (!want.ErrorClass) return;
  if (!(error instanceof Error)) {
    throw new AssertionError(
      `A non-Error object was ${how}${suffix(want.msg)}`,
    );
  }
  assertIsError(error, want.ErrorClass, want.msgIncludes, want.msg);
}

/**
 * Calls `fn` and asserts that it throws synchronously.
 *
 * @param fn The function expected to throw.
 * @param msg Optional message appended to the failure message.
 * @returns Whatever `fn` threw.
 */
export function assertThrows(fn: () => unknown, msg?: string): unknown;
/**
 * Calls `fn` and asserts that it throws synchronously an instance of
 * `ErrorClass` whose message includes `msgIncludes`.
 *
 * @typeParam E The expected error type.
 * @param fn The function expected to throw.
 * @param ErrorClass The class the thrown error must be an instance of.
 * @param msgIncludes Optional substring of the error message.
 * @param msg Optional message appended to the failure message.
 * @returns The thrown error.
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  ErrorClass: abstract new (...args: any[]) => E,
  msgIncludes?: string,
  msg?: string,
): E;
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClassOrMsg?: ErrorCtor<E> | string,
  msgIncludesOrMsg?: string,
  msg?: string,
): E | Error | unknown {
  const want = expectation(errorClassOrMsg, msgIncludesOrMsg, msg, true);

  let thrown = false;
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    checkCaught(error, "thrown", want);
    thrown = true;
    caught = error;
  }
  if (!thrown) {
    throw new AssertionError(`Expected function to throw${suffix(want.msg)}`);
  }
  return caught;
}

/**
 * Calls `fn`, which must return a promise-like, and asserts that it rejects.
 *
 * @param fn The function whose promise is expected to reject.
 * @param msg Optional message appended to the failure message.
 * @returns A promise resolving to the rejection reason.
 */
export function assertRejects(
  fn: () => PromiseLike<unknown>,
  msg?: string,
): Promise<unknown>;
/**
 * Calls `fn`, which must return a promise-like, and asserts that it rejects
 * with an instance of `ErrorClass` whose message includes `msgIncludes`.
 *
 * @typeParam E The expected error type.
 * @param fn The function whose promise is expected to reject.
 * @param ErrorClass The class the rejection reason must be an instance of.
 * @param msgIncludes Optional substring of the error message.
 * @param msg Optional message appended to the failure message.
 * @returns A promise resolving to the rejection reason.
 */
export function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  // deno-lint-ignore no-explicit-any
  ErrorClass: abstract new (...args: any[]) => E,
  msgIncludes?: string,
  msg?: string,
): Promise<E>;
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  errorClassOrMsg?: ErrorCtor<E> | string,
  msgIncludesOrMsg?: string,
  msg?: string,
): Promise<E | Error | unknown> {
  const want = expectation(errorClassOrMsg, msgIncludesOrMsg, msg, false);

  let returnedPromise = false;
  let rejected = false;
  let reason: unknown;
  try {
    const result: unknown = fn();
    if (
      result !== null && typeof result === "object" &&
      typeof (result as { then?: unknown }).then === "function"
    ) {
      returnedPromise = true;
      await result;
    } else {
      // Not a promise: reported below as a synchronous failure.
      throw new Error("not a promise");
    }
  } catch (error) {
    if (!returnedPromise) {
      throw new AssertionError(
        `Function throws when expected to reject${suffix(want.msg)}`,
      );
    }
    checkCaught(error, "rejected", want);
    rejected = true;
    reason = error;
  }
  if (!rejected) {
    throw new AssertionError(`Expected function to reject${suffix(want.msg)}`);
  }
  return reason;
}
