/**
 * Tests for the offline `@std/assert` stand-in in `tests/support/std_assert`.
 * Imported by relative path on purpose, so these tests exercise the stand-in
 * even when `@std/assert` resolves to the real JSR package.
 *
 * @module
 */

import {
  assert,
  assertAlmostEquals,
  assertArrayIncludes,
  assertEquals,
  assertExists,
  assertFalse,
  assertGreater,
  assertGreaterOrEqual,
  assertInstanceOf,
  AssertionError,
  assertIsError,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertNotEquals,
  assertNotInstanceOf,
  assertNotMatch,
  assertNotStrictEquals,
  assertObjectMatch,
  assertRejects,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
  equal,
  fail,
  unimplemented,
  unreachable,
} from "./support/std_assert/mod.ts";

/** Runs `fn` and checks that it throws an `AssertionError`; returns it. */
function fails(fn: () => unknown, includes?: string): AssertionError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof AssertionError)) {
    throw new Error(
      `expected an AssertionError, got ${
        caught === undefined ? "no error" : String(caught)
      }`,
    );
  }
  if (includes !== undefined && !caught.message.includes(includes)) {
    throw new Error(
      `expected message to include ${JSON.stringify(includes)}, got ${
        JSON.stringify(caught.message)
      }`,
    );
  }
  return caught;
}

Deno.test("AssertionError", () => {
  const err = new AssertionError("boom", { cause: "why" });
  if (!(err instanceof Error)) throw new Error("not an Error");
  if (err.name !== "AssertionError") throw new Error("wrong name");
  if (err.message !== "boom") throw new Error("wrong message");
  if (err.cause !== "why") throw new Error("wrong cause");
});

Deno.test("assert / assertFalse", () => {
  assert(true);
  assert(1);
  assert("x");
  assert({});
  const e1 = fails(() => assert(0, "custom"));
  if (e1.message !== "custom") throw new Error("assert msg not used as-is");
  fails(() => assert(""));
  fails(() => assert(null));

  assertFalse(false);
  assertFalse(0);
  assertFalse("");
  assertFalse(null);
  assertFalse(undefined);
  assertFalse(NaN);
  fails(() => assertFalse(1));
  fails(() => assertFalse([]));

  // Type narrowing through `asserts` predicates.
  const maybe: string | undefined = Math.random() > 2 ? undefined : "s";
  assert(maybe !== undefined);
  const narrowed: string = maybe;
  assertEquals(narrowed, "s");
});

Deno.test("equal: primitives, NaN and signed zero", () => {
  assert(equal(NaN, NaN));
  assert(equal(0, -0));
  assert(equal(-0, 0));
  assert(equal([0], [-0]));
  assert(equal({ a: -0 }, { a: 0 }));
  assert(equal("a", "a"));
  assert(equal(1n, 1n));
  assertFalse(equal(1, "1"));
  assertFalse(equal(null, undefined));
  assertFalse(equal(0, null));
  assertFalse(equal(1, { valueOf: () => 1 }));
  const sym = Symbol("s");
  assert(equal(sym, sym));
  assertFalse(equal(Symbol("s"), Symbol("s")));
});

Deno.test("equal: typed arrays, buffers and plain arrays", () => {
  assert(equal(new Float64Array([1, NaN, 0]), new Float64Array([1, NaN, -0])));
  assertFalse(equal(new Float64Array([1, 2]), new Float64Array([1, 3])));
  assertFalse(equal(new Float64Array([1, 2]), new Float64Array([1, 2, 3])));
  // Same elements, different element type: not equal.
  assertFalse(equal(new Float64Array([1, 2]), new Float32Array([1, 2])));
  assertFalse(equal(new Uint8Array([1, 2]), new Int8Array([1, 2])));
  // Typed array vs plain array: not equal (either order).
  assertFalse(equal(new Float64Array([1, 2]), [1, 2]));
  assertFalse(equal([1, 2], new Float64Array([1, 2])));
  assert(equal(new BigInt64Array([1n, 2n]), new BigInt64Array([1n, 2n])));
  assert(
    equal(new Uint8Array([1, 2, 3]).buffer, new Uint8Array([1, 2, 3]).buffer),
  );
  assertFalse(
    equal(new Uint8Array([1, 2, 3]).buffer, new Uint8Array([1, 2, 4]).buffer),
  );

  assert(equal([1, [2, [3]]], [1, [2, [3]]]));
  assertFalse(equal([1, 2, 3], [1, 2]));
  assertFalse(equal([1, 2, 3], [1, 3, 2]));
  assertFalse(equal([undefined], []));
  assertFalse(equal([1], { 0: 1 }));
});

Deno.test("equal: objects, prototypes and symbol keys", () => {
  assert(equal({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 }));
  assertFalse(equal({ a: 1 }, { a: 1, b: 2 }));
  assertFalse(equal({ a: undefined }, { b: undefined }));
  assertFalse(equal({ a: undefined, b: 1 }, { b: 1 }));
  assert(equal(Object.create(null), {}));
  assert(equal({ [Symbol.for("k")]: 1 }, { [Symbol.for("k")]: 1 }));
  assertFalse(equal({ [Symbol.for("k")]: 1 }, { [Symbol.for("k")]: 2 }));
  assertFalse(equal({ [Symbol("k")]: 1 }, { [Symbol("k")]: 1 }));

  class Point {
    constructor(public x: number, public y: number) {}
  }
  class Other {
    constructor(public x: number, public y: number) {}
  }
  assert(equal(new Point(1, 2), new Point(1, 2)));
  assertFalse(equal(new Point(1, 2), new Point(1, 3)));
  assertFalse(equal(new Point(1, 2), new Other(1, 2)));
  assertFalse(equal(new Point(1, 2), { x: 1, y: 2 }));

  // Getters on the prototype are compared (slow path).
  const store = new WeakMap<object, number>();
  const proto = {
    get value(): number {
      return store.get(this) ?? -1;
    },
  };
  const make = (n: number): object => {
    const o = Object.create(proto) as object;
    store.set(o, n);
    return o;
  };
  assert(equal(make(1), make(1)));
  assertFalse(equal(make(1), make(2)));

  // Functions only equal by identity.
  const f = () => 1;
  assert(equal(f, f));
  assertFalse(equal(() => 1, () => 1));
  assertFalse(equal({ f: () => 1 }, { f: () => 1 }));
});

Deno.test("equal: Date, RegExp, URL and friends", () => {
  assert(equal(new Date(5), new Date(5)));
  assertFalse(equal(new Date(5), new Date(6)));
  assert(equal(new Date("nope"), new Date("nope")));
  assertFalse(equal(new Date("nope"), new Date(0)));
  assertFalse(equal(new Date(0), 0));
  assert(equal(/a/g, /a/g));
  assertFalse(equal(/a/g, /a/i));
  assert(equal(new URL("https://x.test/a"), new URL("https://x.test/a")));
  assertFalse(equal(new URL("https://x.test/a"), new URL("https://x.test/b")));
  assert(equal(new URLSearchParams("a=1"), new URLSearchParams("a=1")));
  assertFalse(equal(new URLSearchParams("a=1"), new URLSearchParams("a=2")));
  assert(equal(new Intl.Locale("en-GB"), new Intl.Locale("en-GB")));
  assertFalse(equal(new Intl.Locale("en-GB"), new Intl.Locale("en-US")));
});

Deno.test("equal: Map and Set", () => {
  assert(equal(new Set([1, 2, 3]), new Set([3, 2, 1])));
  assertFalse(equal(new Set([1, 2]), new Set([1, 2, 3])));
  assertFalse(equal(new Set([1, 2]), new Set([1, 3])));
  assert(equal(new Set([NaN]), new Set([NaN])));
  assert(equal(new Set([{ a: 1 }, { b: 2 }]), new Set([{ b: 2 }, { a: 1 }])));
  assertFalse(equal(new Set([{ a: 1 }]), new Set([{ a: 2 }])));
  assert(equal(new Map([["a", 1], ["b", 2]]), new Map([["b", 2], ["a", 1]])));
  assertFalse(equal(new Map([["a", 1]]), new Map([["a", 2]])));
  assertFalse(equal(new Map([["a", 1]]), new Map([["b", 1]])));
  assert(equal(new Map([[{ k: 1 }, [1]]]), new Map([[{ k: 1 }, [1]]])));
  assertFalse(equal(new Map([[{ k: 1 }, [1]]]), new Map([[{ k: 2 }, [1]]])));
  assertFalse(equal(new Map([["a", 1]]), new Set(["a"])));
});

Deno.test("equal: weak collections and cycles", () => {
  assertThrows(() => equal(new WeakMap(), new WeakMap()), TypeError);
  assertThrows(() => equal(new WeakSet(), new WeakSet()), TypeError);
  assertFalse(equal(new WeakMap(), new WeakSet()));
  assertFalse(equal(new WeakMap(), new Map()));
  const target = { a: 1 };
  assert(equal(new WeakRef(target), new WeakRef({ a: 1 })));
  assertFalse(equal(new WeakRef(target), new WeakRef({ a: 2 })));

  const a: { self?: unknown; n: number } = { n: 1 };
  a.self = a;
  const b: { self?: unknown; n: number } = { n: 1 };
  b.self = b;
  assert(equal(a, b));
  const c: { self?: unknown; n: number } = { n: 2 };
  c.self = c;
  assertFalse(equal(a, c));
});

Deno.test("assertEquals / assertNotEquals", () => {
  assertEquals(NaN, NaN);
  assertEquals(0, -0);
  assertEquals([0, NaN], [-0, NaN]);
  assertEquals(new Float64Array([1.5, 2]), new Float64Array([1.5, 2]));
  assertEquals({ a: [1, { b: "c" }] }, { a: [1, { b: "c" }] });
  const e = fails(() => assertEquals({ a: 1 }, { a: 2 }, "ctx"), "ctx");
  assertStringIncludes(e.message, "Values are not equal");
  fails(() => assertEquals(new Float64Array([1, 2]), [1, 2] as unknown));
  fails(() => assertEquals<unknown>([1, 2], new Float64Array([1, 2])));
  fails(() =>
    assertEquals<unknown>(new Float32Array([1]), new Float64Array([1]))
  );
  fails(() => assertEquals("a", "b"));
  fails(() => assertEquals(1, 1.0000001));

  assertNotEquals(1, 2);
  assertNotEquals<unknown>([1, 2], new Float64Array([1, 2]));
  assertNotEquals({ a: 1 }, { a: 2 });
  fails(() => assertNotEquals(NaN, NaN));
  fails(() => assertNotEquals(0, -0));
  fails(() => assertNotEquals({ a: [1] }, { a: [1] }, "m"), "m");
});

Deno.test("assertStrictEquals / assertNotStrictEquals", () => {
  const obj = { a: 1 };
  assertStrictEquals(obj, obj);
  assertStrictEquals(NaN, NaN);
  assertStrictEquals("x", "x");
  fails(() => assertStrictEquals(0, -0));
  fails(
    () => assertStrictEquals({ a: 1 }, { a: 1 }),
    "not reference-equal",
  );
  fails(() => assertStrictEquals(1, 2), "not strictly equal");

  assertNotStrictEquals(0, -0);
  assertNotStrictEquals({ a: 1 }, { a: 1 });
  fails(() => assertNotStrictEquals(NaN, NaN));
  fails(() => assertNotStrictEquals(obj, obj));

  // `asserts actual is T` narrows an unknown.
  const value: unknown = "text";
  assertStrictEquals(value, "text");
  const narrowed: "text" = value;
  assertEquals(narrowed.length, 4);
});

Deno.test("assertAlmostEquals: default relative tolerance 1e-7", () => {
  assertAlmostEquals(1, 1);
  assertAlmostEquals(0.1 + 0.2, 0.3);
  // |expected| * 1e-7 = 1e-7 for expected 1.
  assertAlmostEquals(1 + 0.9e-7, 1);
  fails(() => assertAlmostEquals(1 + 1.1e-7, 1));
  // Relative: scales with the expected value.
  assertAlmostEquals(1e9 + 90, 1e9);
  fails(() => assertAlmostEquals(1e9 + 110, 1e9));
  assertAlmostEquals(1.000000001e-8, 1.000000002e-8);
  fails(() => assertAlmostEquals(1e-8, 1e-9));
  fails(() => assertAlmostEquals(0.01, 0.02));
  // Expected 0 gives a zero default tolerance.
  fails(() => assertAlmostEquals(1e-300, 0));
  assertAlmostEquals(-0, 0);
  assertAlmostEquals(0, -0);
  // Negative expected values use |expected|.
  assertAlmostEquals(-1 - 0.9e-7, -1);
  fails(() => assertAlmostEquals(-1 - 1.1e-7, -1));
});

Deno.test("assertAlmostEquals: explicit absolute tolerance", () => {
  assertAlmostEquals(0.01, 0.02, 0.1);
  assertAlmostEquals(1e9 + 5, 1e9, 5);
  fails(() => assertAlmostEquals(1e9 + 6, 1e9, 5));
  assertAlmostEquals(0.1 + 0.2, 0.3, 1e-16);
  fails(() => assertAlmostEquals(0.1 + 0.2, 0.3, 1e-17));
  assertAlmostEquals(1e-12, 0, 1e-11);
  fails(() => assertAlmostEquals(1, 1.5, 0.25, "ctx"), "ctx");
  // Zero tolerance still accepts exact equality.
  assertAlmostEquals(2, 2, 0);
  fails(() => assertAlmostEquals(2, 2 + Number.EPSILON * 2, 0));
});

Deno.test("assertAlmostEquals: NaN and infinities", () => {
  assertAlmostEquals(NaN, NaN);
  assertAlmostEquals(NaN, NaN, 0.1);
  fails(() => assertAlmostEquals(NaN, 1));
  fails(() => assertAlmostEquals(1, NaN));
  fails(() => assertAlmostEquals(1, NaN, Infinity));
  assertAlmostEquals(Infinity, Infinity);
  assertAlmostEquals(-Infinity, -Infinity);
  fails(() => assertAlmostEquals(Infinity, -Infinity));
  fails(() => assertAlmostEquals(1e308, Infinity));
  fails(() => assertAlmostEquals(Infinity, 1e308));
});

Deno.test("assertExists / assertInstanceOf / assertNotInstanceOf", () => {
  assertExists(0);
  assertExists("");
  assertExists(false);
  fails(() => assertExists(null));
  fails(() => assertExists(undefined, "ctx"), "ctx");
  const maybe: number | null = Math.random() > 2 ? null : 3;
  assertExists(maybe);
  const n: number = maybe;
  assertEquals(n, 3);

  assertInstanceOf(new RangeError("x"), Error);
  assertInstanceOf(new Date(), Date);
  fails(() => assertInstanceOf(new Date(), Map), '"Map" but was "Date"');
  fails(() => assertInstanceOf(null, Map), "null");
  fails(() => assertInstanceOf(1, Number), "number");
  const thing: unknown = new Map<string, number>([["a", 1]]);
  assertInstanceOf(thing, Map);
  assertEquals(thing.size, 1);

  assertNotInstanceOf(new Date(), Map);
  fails(() => assertNotInstanceOf(new Date(), Date));
});

Deno.test("assertMatch / assertNotMatch / assertStringIncludes", () => {
  assertMatch("Raptor", /apt/);
  fails(() => assertMatch("Raptor", /^apt/));
  assertNotMatch("Raptor", /^apt/);
  fails(() => assertNotMatch("Raptor", /apt/));
  assertStringIncludes("hello world", "o w");
  fails(() => assertStringIncludes("hello", "world", "ctx"), "ctx");
});

Deno.test("assertArrayIncludes", () => {
  assertArrayIncludes([1, 2, 3], [3, 1]);
  assertArrayIncludes([NaN, 0], [NaN, -0]);
  assertArrayIncludes([{ a: 1 }, { b: [2] }], [{ b: [2] }]);
  assertArrayIncludes(new Uint8Array([1, 2, 3]), new Uint8Array([2, 3]));
  assertArrayIncludes([1, 2], []);
  fails(() => assertArrayIncludes([1, 2, 3], [4]), "missing");
  fails(() => assertArrayIncludes([{ a: 1 }], [{ a: 2 }]));
  fails(() => assertArrayIncludes(["1"], ["2"], "ctx"), "ctx");
});

Deno.test("assertObjectMatch", () => {
  assertObjectMatch({ a: 1, b: 2 }, { a: 1 });
  assertObjectMatch(
    { a: { b: 1, c: [1, { d: 2, e: 3 }] }, z: 0 },
    { a: { c: [1, { d: 2 }] } },
  );
  // Extra trailing array elements in `actual` are ignored, like std.
  assertObjectMatch({ a: [1, 2, 3] }, { a: [1, 2] });
  assertObjectMatch({ m: new Map([["x", { y: 1, z: 2 }]]) }, {
    m: new Map([["x", { y: 1 }]]),
  });
  assertObjectMatch({ s: new Set([1, 2]) }, { s: new Set([1]) });
  assertObjectMatch({ r: /a/g, x: 1 }, { r: /a/g });
  const sym = Symbol("k");
  assertObjectMatch({ [sym]: 1, other: 2 }, { [sym]: 1 });

  fails(() => assertObjectMatch({ a: 1 }, { a: 2 }));
  fails(() => assertObjectMatch({ a: 1 }, { a: 1, b: 2 }));
  fails(() => assertObjectMatch({ a: { b: 1 } }, { a: { b: 1, c: 2 } }));
  fails(() => assertObjectMatch({ a: [1] }, { a: [1, 2] }));
  fails(() => assertObjectMatch({ r: /a/g }, { r: /a/i }));
  fails(() => assertObjectMatch({ s: new Set([1]) }, { s: new Set([2]) }));
  fails(() => assertObjectMatch({ a: 1 }, { b: 1 }, "ctx"), "ctx");
  assertThrows(
    () => assertObjectMatch(1 as unknown as Record<string, unknown>, {}),
    TypeError,
    "Cannot assertObjectMatch type number",
  );
});

Deno.test("assertGreater / assertGreaterOrEqual / assertLess / assertLessOrEqual", () => {
  assertGreater(2, 1);
  fails(() => assertGreater(1, 1));
  fails(() => assertGreater(NaN, 1));
  assertGreater("b", "a");
  assertGreaterOrEqual(1, 1);
  assertGreaterOrEqual(2n, 1n);
  fails(() => assertGreaterOrEqual(0, 1));
  assertLess(1, 2);
  fails(() => assertLess(2, 2));
  assertLessOrEqual(2, 2);
  fails(() => assertLessOrEqual(3, 2));
  fails(() => assertLessOrEqual(NaN, NaN));
  // A custom message replaces the default one entirely.
  const e = fails(() => assertLess(3, 2, "custom"));
  assertEquals(e.message, "custom");
  assertEquals(fails(() => assertGreater(1, 2)).message, "Expect 1 > 2");
});

Deno.test("fail / unreachable / unimplemented", () => {
  assertEquals(fails(() => fail()).message, "Failed assertion.");
  assertEquals(fails(() => fail("x")).message, "Failed assertion: x");
  assertEquals(fails(() => unreachable()).message, "Unreachable.");
  assertEquals(fails(() => unimplemented("y")).message, "Unimplemented: y");
});

Deno.test("assertIsError", () => {
  const err: unknown = new RangeError("Out of \x1b[31mrange\x1b[39m");
  assertIsError(err);
  assertIsError(err, RangeError, "Out of range");
  assertIsError(err, Error, /of range/);
  const narrowed: RangeError = err as RangeError;
  assertEquals(narrowed.name, "RangeError");
  fails(() => assertIsError("nope"), "Error object");
  fails(() => assertIsError(err, TypeError), '"TypeError"');
  fails(() => assertIsError(err, RangeError, "Within"), "Within");
  fails(() => assertIsError(err, RangeError, /^range/));
});

Deno.test("assertThrows: return values and overloads", () => {
  const thrown = new TypeError("bad thing happened");
  const e1: unknown = assertThrows(() => {
    throw thrown;
  });
  assertStrictEquals(e1, thrown);

  const e2: TypeError = assertThrows(
    () => {
      throw thrown;
    },
    TypeError,
    "thing",
  );
  assertStrictEquals(e2, thrown);

  // Superclass matches via instanceof.
  assertStrictEquals(
    assertThrows(() => {
      throw thrown;
    }, Error),
    thrown,
  );

  // Non-Error values are fine without an ErrorClass and are returned as is.
  assertEquals(
    assertThrows(() => {
      throw "str";
    }),
    "str",
  );
  // With a message as second argument.
  assertEquals(
    assertThrows(() => {
      throw 42;
    }, "ctx"),
    42,
  );
});

Deno.test("assertThrows: failures", () => {
  fails(() => assertThrows(() => {}), "Expected function to throw");
  fails(() => assertThrows(() => 1, "ctx"), "ctx");
  // Class mismatch.
  fails(
    () =>
      assertThrows(() => {
        throw new RangeError("x");
      }, TypeError),
    'instance of "TypeError"',
  );
  // Message substring mismatch.
  fails(
    () =>
      assertThrows(
        () => {
          throw new TypeError("abc");
        },
        TypeError,
        "xyz",
      ),
    "xyz",
  );
  // Non-Error thrown while an ErrorClass is expected.
  fails(
    () =>
      assertThrows(() => {
        throw "str";
      }, Error),
    "non-Error",
  );
  // A function that returns a (rejected) promise does not throw.
  const rejected = Promise.reject(new Error("later"));
  rejected.catch(() => {});
  fails(() => assertThrows(() => rejected), "Expected function to throw");
  // AssertionErrors from inside fn are caught like any other error.
  assertThrows(() => fail("inner"), AssertionError, "inner");
});

Deno.test("assertRejects: return values and overloads", async () => {
  const reason = new RangeError("out of bounds");
  const r1: unknown = await assertRejects(() => Promise.reject(reason));
  assertStrictEquals(r1, reason);
  const r2: RangeError = await assertRejects(
    async () => {
      await Promise.resolve();
      throw reason;
    },
    RangeError,
    "bounds",
  );
  assertStrictEquals(r2, reason);
  assertEquals(await assertRejects(() => Promise.reject("s")), "s");
  assertEquals(await assertRejects(() => Promise.reject(1), "ctx"), 1);
  // PromiseLike (thenable) is accepted.
  const thenable = {
    then(_resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
      reject(reason);
    },
  } as unknown as PromiseLike<unknown>;
  assertStrictEquals(await assertRejects(() => thenable), reason);
});

Deno.test("assertRejects: failures", async () => {
  const expectAssertion = async (
    p: Promise<unknown>,
    includes: string,
  ): Promise<void> => {
    const err = await p.then(() => undefined, (e: unknown) => e);
    assertInstanceOf(err, AssertionError);
    assertStringIncludes(err.message, includes);
  };
  await expectAssertion(
    assertRejects(() => Promise.resolve(1)),
    "Expected function to reject",
  );
  await expectAssertion(
    assertRejects(() => {
      throw new Error("sync");
    }),
    "Function throws when expected to reject",
  );
  await expectAssertion(
    assertRejects((() => 5) as unknown as () => Promise<unknown>),
    "Function throws when expected to reject",
  );
  await expectAssertion(
    assertRejects(() => Promise.reject(new RangeError("x")), TypeError),
    'instance of "TypeError"',
  );
  await expectAssertion(
    assertRejects(
      () => Promise.reject(new TypeError("abc")),
      TypeError,
      "xyz",
    ),
    "xyz",
  );
  await expectAssertion(
    assertRejects(() => Promise.reject("str"), Error),
    "non-Error object was rejected",
  );
});
