/**
 * Offline stand-in for `jsr:@std/assert` (1.x), used only by this project's
 * tests when JSR cannot be reached: the test runner maps `@std/assert` here
 * through a generated import map. It is never published.
 *
 * The exports mirror `@std/assert`'s signatures, `asserts` type predicates,
 * return values and pass/fail semantics (including `equal`'s deep-equality
 * rules). Failure messages are readable but not byte-identical to std's.
 *
 * @module
 */

export { AssertionError } from "./assertion_error.ts";
export { equal } from "./equal.ts";
export {
  assert,
  assertAlmostEquals,
  assertArrayIncludes,
  assertEquals,
  assertExists,
  assertFalse,
  assertGreater,
  assertGreaterOrEqual,
  assertInstanceOf,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertNotEquals,
  assertNotInstanceOf,
  assertNotMatch,
  assertNotStrictEquals,
  assertStrictEquals,
  assertStringIncludes,
  fail,
  unimplemented,
  unreachable,
} from "./assertions.ts";
export type {
  AnyConstructor,
  ArrayLikeArg,
  Falsy,
  GetConstructorType,
} from "./assertions.ts";
export { assertObjectMatch } from "./object_match.ts";
export { assertIsError, assertRejects, assertThrows } from "./throws.ts";
