import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertFalse,
  assertInstanceOf,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import fc from "fast-check";
import {
  logSoftmax,
  logsumexp,
  setSoftmaxDisplayHook,
  softmax,
  type Vector,
} from "../lib/softmax.ts";
import { gradcheckVector } from "../lib/gradcheck.ts";
import { JUPYTER_DISPLAY } from "../lib/activation.ts";

// ---------------------------------------------------------------------------
// helpers

const RUNS = { numRuns: 60 };

/** Scores of moderate size: softmax stays away from underflowing to 0. */
const scores = (maxLength = 8) =>
  fc.array(
    fc.double({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true }),
    {
      minLength: 1,
      maxLength,
    },
  );

/** A vector of scores and a second vector of the same length. */
const scoresAndVector = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    fc.array(fc.double({ min: -30, max: 30, noNaN: true }), {
      minLength: n,
      maxLength: n,
    }),
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
      minLength: n,
      maxLength: n,
    }),
  )
);

function sum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
}

/** |x − y| ≤ abs + rel·|y|, elementwise, with a message naming the index. */
function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  abs = 1e-15,
  rel = 1e-13,
): void {
  assertEquals(actual.length, expected.length, "lengths differ");
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Object.is(a, e)) continue;
    assert(
      Math.abs(a - e) <= abs + rel * Math.abs(e),
      `index ${i}: ${a} vs ${e} (|diff| = ${Math.abs(a - e)})`,
    );
  }
}

function assertMatrixClose(
  actual: number[][],
  expected: number[][],
  abs = 1e-15,
  rel = 1e-13,
): void {
  assertEquals(actual.length, expected.length);
  actual.forEach((row, i) => assertClose(row, expected[i]!, abs, rel));
}

/** diag(S) − S Sᵀ, written out from the definition. */
function softmaxJacobianReference(s: readonly number[]): number[][] {
  return s.map((si, i) => s.map((sj, j) => (i === j ? si : 0) - si * sj));
}

function matVec(J: number[][], v: readonly number[]): number[] {
  return J.map((row) => row.reduce((acc, x, j) => acc + x * v[j]!, 0));
}

function transpose(J: number[][]): number[][] {
  return J[0] === undefined ? [] : J[0].map((_, j) => J.map((row) => row[j]!));
}

// ---------------------------------------------------------------------------

Deno.test("softmax()", async (t) => {
  await t.step("basic", () => {
    const s = softmax([1, 2, 3]);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    const z = e[0]! + e[1]! + e[2]!;
    assertClose(s, e.map((x) => x / z));
    assertEquals(softmax([0, 0, 0, 0]), [0.25, 0.25, 0.25, 0.25]);
    assertEquals(softmax([5]), [1]);
    assert(Array.isArray(s));
  });

  await t.step("sums to 1 (property)", () => {
    fc.assert(
      fc.property(scores(20), (a) => {
        const s = softmax(a);
        assertAlmostEquals(sum(s), 1, 1e-14);
        assert(s.every((x) => x >= 0 && x <= 1));
      }),
      RUNS,
    );
  });

  await t.step("shift invariance, no overflow", () => {
    fc.assert(
      fc.property(
        scores(),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        (a, c) => {
          assertClose(softmax(a.map((x) => x + c)), softmax(a), 1e-12, 1e-9);
        },
      ),
      RUNS,
    );
    // e^1000 overflows, the shifted form does not
    assertEquals(softmax([1000, 1000]), [0.5, 0.5]);
    assertEquals(softmax([-1000, -1000]), [0.5, 0.5]);
    assertEquals(softmax([1000, 1001]), softmax([0, 1]));
    const big = softmax([Number.MAX_VALUE, -Number.MAX_VALUE]);
    assertEquals(big, [1, 0]);
  });

  await t.step("temperature", () => {
    fc.assert(
      fc.property(
        scores(),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (a, T) => {
          assertClose(
            softmax(a, { temperature: T }),
            softmax(a.map((x) => x / T)),
            1e-15,
            1e-12,
          );
        },
      ),
      RUNS,
    );
    assertEquals(softmax([1, 2, 3], { temperature: 1 }), softmax([1, 2, 3]));
    // T → 0: argmax, without overflowing a/T to ∞ for both entries
    assertEquals(softmax([1e300, 5e299], { temperature: 1e-10 }), [1, 0]);
    // T → ∞: uniform
    assertClose(
      softmax([1, 2, 3], { temperature: 1e12 }),
      [1 / 3, 1 / 3, 1 / 3],
      0,
      1e-11,
    );
    // shape of the distribution: higher T, flatter
    const cold = softmax([0, 1], { temperature: 0.5 });
    const hot = softmax([0, 1], { temperature: 2 });
    assert(cold[1]! > softmax([0, 1])[1]! && softmax([0, 1])[1]! > hot[1]!);
  });

  await t.step("Float64Array and Float32Array", () => {
    const a = new Float64Array([1, 2, 3]);
    const s = softmax(a);
    assertInstanceOf(s, Float64Array);
    assertEquals(Array.from(s), softmax([1, 2, 3]));
    const s32 = softmax(new Float32Array([1, 2, 3]));
    assertInstanceOf(s32, Float32Array);
  });

  await t.step("Float32Array: computed in double, rounded once", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.float({ min: -30, max: 30, noNaN: true, noDefaultInfinity: true }),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        (xs) => {
          const a32 = new Float32Array(xs);
          const expected = softmax(Array.from(a32)).map(Math.fround);
          assertEquals(Array.from(softmax(a32)), expected);
          const l = logSoftmax(Array.from(a32)).map(Math.fround);
          assertEquals(Array.from(logSoftmax(a32)), l);
        },
      ),
      RUNS,
    );
  });

  await t.step("batch rows", () => {
    const rows = [[1, 2, 3], [0, 0, 0], [-1, 5, 2]];
    const out = softmax(rows);
    assertEquals(out.length, 3);
    rows.forEach((row, r) => assertEquals(out[r], softmax(row)));
    // rows keep their own kind
    const mixed = softmax([
      new Float32Array([0, 1]),
      [0, 1],
      new Float64Array([0, 1]),
    ]);
    assertInstanceOf(mixed[0], Float32Array);
    assert(Array.isArray(mixed[1]));
    assertInstanceOf(mixed[2], Float64Array);
    assertEquals(Array.from(mixed[2]!), softmax([0, 1]));
    // temperature applies to every row
    assertEquals(
      softmax(rows, { temperature: 3 })[2],
      softmax([-1, 5, 2], { temperature: 3 }),
    );
    assertEquals(softmax([[]]), [[]]);
    assertEquals(logSoftmax(rows)[2], logSoftmax([-1, 5, 2]));
  });

  await t.step("+/-Infinity", () => {
    // −∞ is a masked entry: probability 0
    assertEquals(softmax([0, -Infinity]), [1, 0]);
    assertClose(softmax([1, -Infinity, 2]), [
      ...softmax([1, 2]).slice(0, 1),
      0,
      softmax([1, 2])[1]!,
    ]);
    // one +∞ entry takes all the mass
    assertEquals(softmax([Infinity, 3, -Infinity]), [1, 0, 0]);
    // k entries at +∞ share it
    assertEquals(softmax([Infinity, 1e308, Infinity, -Infinity]), [
      0.5,
      0,
      0.5,
      0,
    ]);
    assertEquals(softmax([Infinity, Infinity, Infinity]), [
      1 / 3,
      1 / 3,
      1 / 3,
    ]);
    // a row of only −∞ has no distribution: NaN, as PyTorch
    assertEquals(softmax([-Infinity, -Infinity]), [NaN, NaN]);
    assertEquals(softmax([-Infinity]), [NaN]);
    // the convention holds with a temperature and row by row
    assertEquals(
      softmax([[Infinity, 0], [-Infinity, -Infinity], [0, 0]], {
        temperature: 0.5,
      }),
      [
        [1, 0],
        [NaN, NaN],
        [0.5, 0.5],
      ],
    );
  });

  await t.step("NaN", () => {
    assertEquals(softmax([NaN, 1, 2]), [NaN, NaN, NaN]);
    assertEquals(softmax([Infinity, NaN]), [NaN, NaN]);
    assertEquals(softmax([[0, 0], [1, NaN]]), [[0.5, 0.5], [NaN, NaN]]);
    assert(
      Number.isNaN(new Float32Array(softmax(new Float32Array([NaN, 0])))[1]),
    );
  });

  await t.step("empty", () => {
    assertEquals(softmax([]), []);
    const e = softmax(new Float64Array(0));
    assertInstanceOf(e, Float64Array);
    assertEquals(e.length, 0);
    assertEquals(logSoftmax([]), []);
    assertEquals(softmax.jacobian([]), []);
    assertEquals(softmax.vjp([], []), []);
  });

  await t.step("out buffers", () => {
    const a = new Float64Array([1, 2, 3]);
    const out = new Float64Array(3);
    assertStrictEquals(softmax(a, out), out);
    assertStrictEquals(softmax(a, { out }), out);
    assertEquals(out, softmax(a));
    const hot = new Float64Array(3);
    assertStrictEquals(softmax(a, { out: hot, temperature: 2 }), hot);
    assertEquals(Array.from(hot), softmax([1, 2, 3], { temperature: 2 }));
    // in place
    const b = [1, 2, 3];
    assertStrictEquals(softmax(b, b), b);
    assertEquals(b, softmax([1, 2, 3]));
    const c = new Float32Array([1, 2, 3]);
    softmax(c, c);
    assertEquals(c, softmax(new Float32Array([1, 2, 3])));
    // batch out
    const rows = [[0, 1], [1, 0]];
    const bo = [[0, 0], [0, 0]];
    assertStrictEquals(softmax(rows, bo), bo);
    assertEquals(bo, softmax(rows));
    // vjp / logSoftmax out
    const g = new Float64Array(3);
    assertStrictEquals(softmax.vjp(a, [1, 0, 0], { out: g }), g);
    assertEquals(g, softmax.vjp(a, [1, 0, 0]));
    const lo = [0, 0, 0];
    assertStrictEquals(logSoftmax([1, 2, 3], lo), lo);
  });

  await t.step("no mutation", () => {
    fc.assert(
      fc.property(scoresAndVector, ([a, g]) => {
        const a0 = a.slice();
        const g0 = g.slice();
        const a64 = new Float64Array(a);
        const a32 = new Float32Array(a);
        const a32copy = a32.slice();
        softmax(a);
        softmax(a64, { temperature: 2 });
        softmax(a32);
        softmax([a, a64]);
        logSoftmax(a);
        logsumexp(a);
        softmax.jacobian(a);
        softmax.vjp(a, g);
        softmax.jvp(a32, g);
        logSoftmax.vjp(a, g);
        logSoftmax.jvp(a64, g);
        logSoftmax.jacobian(a);
        assertEquals(a, a0);
        assertEquals(g, g0);
        assertEquals(a64, new Float64Array(a0));
        assertEquals(a32, a32copy);
      }),
      { numRuns: 20 },
    );
  });

  await t.step("errors", () => {
    assertThrows(
      () => softmax([[1, 2, 3], [1, 2]]),
      RangeError,
      "`a[1]` must have the length",
    );
    assertThrows(
      () => softmax([[1, 2], [3, 4], new Float64Array(3)]),
      RangeError,
      "`a[2]` must have the length of `a[0]` (2): current length is 3",
    );
    assertThrows(
      () => softmax([1, "2", 3] as unknown as number[]),
      TypeError,
      '`a[1]` must be a number: current value is "2"',
    );
    assertThrows(
      () => softmax([[1, 2], [null, 2]] as unknown as number[][]),
      TypeError,
      "`a[1][0]` must be a number",
    );
    assertThrows(
      () => softmax([[1, 2], 3] as unknown as number[][]),
      TypeError,
      "`a[1]` must be a row",
    );
    assertThrows(
      () => softmax("abc" as unknown as number[]),
      TypeError,
      "`a` must be",
    );
    assertThrows(
      () => softmax(new BigInt64Array(2) as unknown as number[]),
      TypeError,
      "`a` must be",
    );
    for (const T of [0, -1, NaN, Infinity, -0]) {
      assertThrows(
        () => softmax([1, 2], { temperature: T }),
        RangeError,
        `\`temperature\` must be a finite number > 0: current value is ${
          Object.is(T, -0) ? "-0" : T
        }`,
      );
    }
    assertThrows(
      () => softmax([1, 2], { temperature: "2" as unknown as number }),
      TypeError,
      "`temperature` must be a number",
    );
    assertThrows(
      () => softmax([1, 2], { temp: 2 } as unknown as { temperature: number }),
      TypeError,
      '`options` has an unknown option "temp"',
    );
    assertThrows(
      () => softmax([1, 2], null as unknown as number[]),
      TypeError,
      "`options`",
    );
    assertThrows(
      () => softmax([1, 2], new Array<number>(3)),
      RangeError,
      "`out` must have",
    );
    assertThrows(
      () =>
        softmax(
          new Float64Array(2),
          new Float32Array(2) as unknown as Float64Array,
        ),
      TypeError,
      "`out` must be a Float64Array like the input",
    );
    assertThrows(
      () => softmax([[1], [2]], [[0]]),
      RangeError,
      "`out` must have the input's 2 rows",
    );
    assertThrows(
      () => softmax([[1], [2]], [[0], [0, 0]]),
      RangeError,
      "`out[1]` must have",
    );
    assertThrows(
      () =>
        softmax.jacobian(
          [1, 2],
          { out: [] } as unknown as { temperature: number },
        ),
      TypeError,
      '`options` has an unknown option "out"',
    );
  });

  await t.step("metadata and display", () => {
    assertEquals(softmax.id, "softmax");
    assertEquals(softmax.label, "Softmax");
    assertEquals(logSoftmax.id, "logSoftmax");
    assert(softmax.formula.f.includes("\\sum"));
    assert(softmax.formula.df.includes("\\delta_{ij}"));
    assert(logSoftmax.formula.df.includes("\\delta_{ij} - S_j"));
    assertEquals(softmax.paramSpecs.temperature.default, 1);
    const display = Symbol.for("Jupyter.display");
    const plain =
      (softmax as unknown as Record<symbol, () => Record<string, unknown>>)[
        display
      ]!();
    assertEquals(Object.keys(plain), ["text/plain"]);
    assert(String(plain["text/plain"]).includes("Softmax"));
    setSoftmaxDisplayHook((target) => ({
      "text/markdown": (target as { id: string }).id,
    }));
    try {
      assertEquals(logSoftmax[JUPYTER_DISPLAY](), {
        "text/markdown": "logSoftmax",
      });
    } finally {
      setSoftmaxDisplayHook(undefined);
    }
    assertEquals(Object.keys(softmax[JUPYTER_DISPLAY]()), ["text/plain"]);
  });
});

Deno.test("softmax.jacobian()", async (t) => {
  await t.step(
    "equals diag(S) − S Sᵀ, symmetric, rows sum to 0 (property)",
    () => {
      fc.assert(
        fc.property(scores(), (a) => {
          const J = softmax.jacobian(a);
          const s = softmax(a);
          // the reference's S(1 − S) cancels for S near 1; J is the accurate one
          assertMatrixClose(J, softmaxJacobianReference(s), 1e-15, 1e-13);
          J.forEach((row, i) => {
            row.forEach((x, j) => assertStrictEquals(x, J[j]![i]!));
            assertAlmostEquals(sum(row), 0, 1e-15);
          });
        }),
        RUNS,
      );
    },
  );

  await t.step("the quotient-rule cases", () => {
    // i = j: S_i(1 − S_i); i ≠ j: −S_i S_j
    const a = [0.5, -1, 2];
    const s = softmax(a);
    const J = softmax.jacobian(a);
    assertAlmostEquals(J[1]![1]!, s[1]! * (1 - s[1]!), 1e-16);
    assertAlmostEquals(J[0]![2]!, -s[0]! * s[2]!, 1e-16);
  });

  await t.step("accurate diagonal near a one-hot S", () => {
    // 1 − S_0 rounds to 0 in the naive S(1 − S); here it is e^−40/(1 + e^−40)
    const J = softmax.jacobian([0, -40]);
    assertAlmostEquals(J[0]![0]! / Math.exp(-40), 1, 1e-14);
    assertAlmostEquals(J[1]![1]! / Math.exp(-40), 1, 1e-14);
    const L = logSoftmax.jacobian([0, -40]);
    assertAlmostEquals(L[0]![0]! / Math.exp(-40), 1, 1e-14);
  });

  await t.step("temperature scales by 1/T", () => {
    const a = [0.3, -0.7, 1.1];
    const T = 2.5;
    const J = softmax.jacobian(a, { temperature: T });
    const ref = softmaxJacobianReference(softmax(a.map((x) => x / T))).map((
      r,
    ) => r.map((x) => x / T));
    assertMatrixClose(J, ref);
    assert(gradcheckVector((x) => softmax(x, { temperature: T }), J, a).ok);
  });

  await t.step("batch, special values", () => {
    const Js = softmax.jacobian([[0, 0], [Infinity, 1]]);
    assertEquals(Js, [[[0.25, -0.25], [-0.25, 0.25]], [[0, 0], [0, 0]]]);
    assertEquals(softmax.jacobian([NaN, 1]), [[NaN, NaN], [NaN, NaN]]);
    const Jf = softmax.jacobian(new Float32Array([1, 2]));
    assert(Array.isArray(Jf) && Array.isArray(Jf[0]));
  });

  await t.step("agrees with finite differences (gradcheckVector)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
          minLength: 1,
          maxLength: 6,
        }),
        (a) => {
          const r = gradcheckVector((x) => softmax(x), softmax.jacobian, a);
          assert(r.ok, `worst ${JSON.stringify(r.worst)}`);
          const l = gradcheckVector(
            (x) => logSoftmax(x),
            logSoftmax.jacobian,
            a,
          );
          assert(l.ok, `worst ${JSON.stringify(l.worst)}`);
        },
      ),
      { numRuns: 30 },
    );
  });
});

Deno.test("softmax.vjp() and softmax.jvp()", async (t) => {
  await t.step("vjp = Jᵀg and sums to 0 (property)", () => {
    fc.assert(
      fc.property(scoresAndVector, ([a, g]) => {
        const v = softmax.vjp(a, g);
        const J = softmax.jacobian(a);
        assertClose(v, matVec(transpose(J), g), 1e-14, 1e-11);
        const scale = Math.max(1, ...g.map(Math.abs));
        assertAlmostEquals(sum(v), 0, 1e-14 * scale);
      }),
      RUNS,
    );
  });

  await t.step("jvp = J t (property)", () => {
    fc.assert(
      fc.property(scoresAndVector, ([a, t]) => {
        assertClose(
          softmax.jvp(a, t),
          matVec(softmax.jacobian(a), t),
          1e-14,
          1e-11,
        );
      }),
      RUNS,
    );
  });

  await t.step("kinds, batch, temperature", () => {
    const a = [0.2, 1.4, -0.3];
    const g = [1, -2, 0.5];
    const v32 = softmax.vjp(new Float32Array(a), g);
    assertInstanceOf(v32, Float32Array);
    assertEquals(
      Array.from(v32),
      softmax.vjp(Array.from(new Float32Array(a)), g).map(Math.fround),
    );
    const batch = softmax.vjp([a, [0, 0, 0]], [g, new Float64Array(g)]);
    assertEquals(batch[0], softmax.vjp(a, g));
    assertEquals(batch[1], softmax.vjp([0, 0, 0], g));
    const T = 0.7;
    assertClose(
      softmax.vjp(a, g, { temperature: T }),
      matVec(softmax.jacobian(a, { temperature: T }), g),
    );
  });

  await t.step("errors", () => {
    assertThrows(
      () => softmax.vjp([1, 2, 3], [1, 2]),
      RangeError,
      "`g` must have the length of `a` (3): current length is 2",
    );
    assertThrows(
      () => softmax.jvp([1, 2], [1, 2, 3]),
      RangeError,
      "`t` must have the length",
    );
    assertThrows(
      () => softmax.vjp([[1, 2], [3, 4]], [[1, 2], [1]]),
      RangeError,
      "`g[1]` must have the length of `a[1]` (2)",
    );
    assertThrows(
      () => softmax.vjp([[1, 2], [3, 4]], [[1, 2]]),
      RangeError,
      "`g` must have 2 rows like `a`",
    );
    assertThrows(
      () => softmax.vjp([1, 2], [1, "x"] as unknown as number[]),
      TypeError,
      "`g[1]` must be a number",
    );
    assertThrows(
      () => softmax.vjp([1, 2], 3 as unknown as number[]),
      TypeError,
      "`g` must be",
    );
    assertThrows(
      () => softmax.vjp([1, 2], [1, 2], { temperature: 0 }),
      RangeError,
      "`temperature`",
    );
  });
});

Deno.test("logSoftmax()", async (t) => {
  await t.step("= log(softmax) (property)", () => {
    fc.assert(
      fc.property(scores(12), (a) => {
        const l = logSoftmax(a);
        const s = softmax(a);
        assertClose(l, s.map(Math.log), 1e-13, 1e-13);
        const lse = logsumexp(a);
        assertClose(l, a.map((x) => x - lse), 1e-13, 1e-13);
      }),
      RUNS,
    );
  });

  await t.step("stable and exact at the max", () => {
    assertEquals(logSoftmax([1000, -Infinity]), [0, -Infinity]);
    assert(Object.is(logSoftmax([5, -Infinity, -Infinity])[0], 0));
    assertClose(logSoftmax([1000, 1000]), [-Math.LN2, -Math.LN2]);
    // far below: log S would be log(0) = −∞ through softmax, log-softmax keeps it
    assertClose(logSoftmax([0, -800]), [0, -800]);
    assertEquals(softmax([0, -800])[1], 0);
  });

  await t.step("special values", () => {
    assertEquals(logSoftmax([Infinity, 0]), [0, -Infinity]);
    assert(Object.is(logSoftmax([Infinity, 0])[0], 0));
    assertClose(logSoftmax([Infinity, 1, Infinity]), [
      -Math.LN2,
      -Infinity,
      -Math.LN2,
    ]);
    assertEquals(logSoftmax([-Infinity, -Infinity]), [NaN, NaN]);
    assertEquals(logSoftmax([NaN, 0]), [NaN, NaN]);
    assertClose(logSoftmax([1, 2], { temperature: 2 }), logSoftmax([0.5, 1]));
  });

  await t.step("vjp against the Jacobian I − 1Sᵀ (property)", () => {
    fc.assert(
      fc.property(scoresAndVector, ([a, g]) => {
        const J = logSoftmax.jacobian(a);
        const s = softmax(a);
        assertMatrixClose(
          J,
          s.map((_, i) => s.map((sj, j) => (i === j ? 1 : 0) - sj)),
          1e-15,
          1e-13,
        );
        assertClose(
          logSoftmax.vjp(a, g),
          matVec(transpose(J), g),
          1e-13,
          1e-11,
        );
        const sg = sum(g);
        assertClose(
          logSoftmax.vjp(a, g),
          g.map((gi, i) => gi - s[i]! * sg),
          1e-13,
          1e-11,
        );
        assertClose(logSoftmax.jvp(a, g), matVec(J, g), 1e-13, 1e-11);
      }),
      RUNS,
    );
  });

  await t.step("temperature: Jacobian, vjp and jvp scale by 1/T", () => {
    const a = [0.4, -1.3, 2.2];
    const g = [0.5, 2, -1];
    for (const T of [0.3, 4]) {
      const J = logSoftmax.jacobian(a, { temperature: T });
      assert(
        gradcheckVector((x) => logSoftmax(x, { temperature: T }), J, a).ok,
      );
      assertClose(
        logSoftmax.vjp(a, g, { temperature: T }),
        matVec(transpose(J), g),
        1e-15,
        1e-12,
      );
      assertClose(
        logSoftmax.jvp(a, g, { temperature: T }),
        matVec(J, g),
        1e-15,
        1e-12,
      );
      const K = softmax.jacobian(a, { temperature: T });
      assertClose(
        softmax.jvp(a, g, { temperature: T }),
        matVec(K, g),
        1e-15,
        1e-12,
      );
    }
  });

  await t.step("the Jacobian is not symmetric: vjp ≠ jvp", () => {
    const a = [0, 1, 2];
    const g = [1, 0, 0];
    assertFalse(
      logSoftmax.vjp(a, g).every((x, i) => x === logSoftmax.jvp(a, g)[i]),
    );
  });

  await t.step("cross-entropy gradient S − y (finite differences)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -4, max: 4, noNaN: true }), {
          minLength: 2,
          maxLength: 6,
        }),
        fc.nat(),
        (a, k) => {
          const y = a.map((_, i) => (i === k % a.length ? 1 : 0));
          const loss = (
            x: number[],
          ) => [-sum(logSoftmax(x).map((l, i) => y[i]! * l))];
          // ∂L/∂a = logSoftmax.vjp(a, −y) = −y + S·Σy = S − y
          const grad = logSoftmax.vjp(a, y.map((v) => -v));
          const s = softmax(a);
          assertClose(grad, s.map((si, i) => si - y[i]!), 1e-15, 1e-12);
          const r = gradcheckVector(loss, [grad], a);
          assert(r.ok, `worst ${JSON.stringify(r.worst)}`);
        },
      ),
      { numRuns: 30 },
    );
    // and a wrong gradient (y − S) fails the same check
    const a = [0.1, 0.7, -0.4];
    const y = [0, 1, 0];
    const loss = (
      x: number[],
    ) => [-sum(logSoftmax(x).map((l, i) => y[i]! * l))];
    const wrong = softmax(a).map((si, i) => y[i]! - si);
    assertFalse(gradcheckVector(loss, [wrong], a).ok);
  });
});

Deno.test("logsumexp()", async (t) => {
  await t.step("basic", () => {
    assertAlmostEquals(
      logsumexp([1, 2, 3]),
      Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)),
      1e-15,
    );
    assertAlmostEquals(logsumexp([1000, 1000]), 1000 + Math.LN2, 1e-12);
    assertEquals(logsumexp([-1000, -Infinity]), -1000);
    assertEquals(logsumexp(new Float32Array([0, 0])), Math.LN2);
    assertEquals(logsumexp([[0, -Infinity], [1, 1]]), [0, 1 + Math.LN2]);
  });

  await t.step("special values", () => {
    assertEquals(logsumexp([]), -Infinity);
    assertEquals(logsumexp([-Infinity, -Infinity]), -Infinity);
    assertEquals(logsumexp([Infinity, 0]), Infinity);
    assertEquals(logsumexp([Infinity, -Infinity]), Infinity);
    assert(Number.isNaN(logsumexp([NaN, Infinity])));
  });

  await t.step("errors", () => {
    assertThrows(() => logsumexp([[1], [1, 2]]), RangeError, "`a[1]`");
    assertThrows(
      () => logsumexp([true] as unknown as number[]),
      TypeError,
      "`a[0]`",
    );
  });
});

// ---------------------------------------------------------------------------
// N-dimensional input, axis, where, weights: helpers

type Nested = number | Nested[];

/** Shape of a rectangular nested array (by first elements). */
function shapeOf(x: Nested): number[] {
  const dims: number[] = [];
  let node: Nested = x;
  while (Array.isArray(node)) {
    dims.push(node.length);
    node = node[0] as Nested;
  }
  return dims;
}

/** Every index tuple of `dims`, row-major. */
function indices(dims: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const d of dims) {
    const next: number[][] = [];
    for (const p of out) for (let i = 0; i < d; i++) next.push([...p, i]);
    out = next;
  }
  return out;
}

function getAt(x: Nested, idx: readonly number[]): Nested {
  return idx.reduce<Nested>((node, i) => (node as Nested[])[i]!, x);
}

function setAt(x: Nested, idx: readonly number[], v: number): void {
  const parent = idx.slice(0, -1).reduce<Nested>(
    (node, i) => (node as Nested[])[i]!,
    x,
  ) as Nested[];
  parent[idx[idx.length - 1]!] = v;
}

function clone(x: Nested): Nested {
  return Array.isArray(x) ? x.map(clone) : x;
}

/**
 * Reference for a map along `axes`: for every index of the kept axes,
 * gather the lane (reduced axes in row-major order), apply the vector map
 * `f`, put the results back. Written with index tuples, independently of
 * the library's offset arithmetic.
 */
function alongAxes(
  x: Nested,
  axes: readonly number[],
  f: (lane: number[], extra: number[][]) => number[],
  extras: readonly Nested[] = [],
): Nested {
  const dims = shapeOf(x);
  const ax = axes.map((k) => (k < 0 ? k + dims.length : k)).sort((p, q) =>
    p - q
  );
  const kept = dims.map((_, k) => k).filter((k) => !ax.includes(k));
  const out = clone(x);
  for (const k of indices(kept.map((k) => dims[k]!))) {
    const laneIdx = indices(ax.map((k) => dims[k]!)).map((r) => {
      const full = new Array<number>(dims.length);
      kept.forEach((d, j) => (full[d] = k[j]!));
      ax.forEach((d, j) => (full[d] = r[j]!));
      return full;
    });
    const lane = laneIdx.map((i) => getAt(x, i) as number);
    const ex = extras.map((e) => laneIdx.map((i) => getAt(e, i) as number));
    const res = f(lane, ex);
    laneIdx.forEach((i, j) => setAt(out, i, res[j]!));
  }
  return out;
}

/** Reduce along `axes` with a vector function: nested over the kept axes. */
function reduceAlong(
  x: Nested,
  axes: readonly number[],
  f: (lane: number[]) => number,
): Nested {
  const dims = shapeOf(x);
  const ax = axes.map((k) => (k < 0 ? k + dims.length : k));
  const kept = dims.map((_, k) => k).filter((k) => !ax.includes(k));
  const keptDims = kept.map((k) => dims[k]!);
  const vals = indices(keptDims).map((k) => {
    const lane = indices(ax.sort((p, q) => p - q).map((k) => dims[k]!)).map(
      (r) => {
        const full = new Array<number>(dims.length);
        kept.forEach((d, j) => (full[d] = k[j]!));
        ax.forEach((d, j) => (full[d] = r[j]!));
        return getAt(x, full) as number;
      },
    );
    return f(lane);
  });
  if (keptDims.length === 0) return vals[0]!;
  let i = 0;
  const build = (d: number): Nested[] =>
    Array.from(
      { length: keptDims[d]! },
      () => (d === keptDims.length - 1 ? vals[i++]! : build(d + 1)),
    );
  return build(0);
}

/** logsumexp of the unmasked entries of each lane (−∞ when none). */
function reduceAlongMasked(
  x: Nested,
  mask: Nested,
  axes: readonly number[],
): Nested {
  // pair every entry with its mask bit, reduce the lane of pairs
  const enc = alongAxes(
    x,
    axes,
    (l, [w]) => l.map((v, i) => (w![i] ? v : NaN)),
    [mask],
  );
  return reduceAlong(enc, axes, (l) => {
    const kept = l.filter((v) => !Number.isNaN(v));
    return kept.length === 0 ? -Infinity : logsumexp(kept);
  });
}

/** Nested array of a shape from a generator of values. */
function nestedOf(
  dims: readonly number[],
  value: (f: number) => number,
): Nested {
  let f = 0;
  const build = (d: number): Nested[] =>
    Array.from(
      { length: dims[d]! },
      () => (d === dims.length - 1 ? value(f++) : build(d + 1)),
    );
  return build(0);
}

function flatOf(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flatOf) : [x];
}

/** A random shape of rank 1–4 (dims 0–4), values, and a set of axes. */
const ndCase = fc
  .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
  .chain((dims) =>
    fc.tuple(
      fc.constant(dims),
      fc.array(fc.double({ min: -20, max: 20, noNaN: true }), {
        minLength: dims.reduce((p, d) => p * d, 1),
        maxLength: dims.reduce((p, d) => p * d, 1),
      }),
      fc.subarray(dims.map((_, k) => k), { minLength: 1 }),
      fc.boolean(),
    )
  );

/**
 * SciPy's arange(4) fixture for `fn`: [0, 1, 2, 3], its translation by
 * 100 (the map is translation-invariant) and the 2 × 2 reshape over both
 * axes (SciPy's axis=None) all give `expected`, to 1e-13.
 */
function checkArange4(fn: typeof softmax, expected: readonly number[]): void {
  assertClose(fn([0, 1, 2, 3]), expected, 0, 1e-13);
  assertClose(fn([100, 101, 102, 103]), expected, 0, 1e-13);
  assertClose(
    flatOf(fn([[0, 1], [2, 3]], { axis: [0, 1] })),
    expected,
    0,
    1e-13,
  );
}

Deno.test("softmax family: N-d input and axis", async (t) => {
  await t.step(
    "nested arrays along any axis equal the vector map on each lane (property)",
    () => {
      fc.assert(
        fc.property(ndCase, ([dims, values, axesRaw, negative]) => {
          const x = nestedOf(dims, (f) => values[f]!);
          const axes = negative ? axesRaw.map((k) => k - dims.length) : axesRaw;
          const axis = axes.length === 1 ? axes[0]! : axes;
          const opts = { axis };
          // bitwise equal: the same kernel on the same lane values
          assertEquals(
            softmax(x as number[][], opts),
            alongAxes(x, axes, (l) => softmax(l)),
          );
          assertEquals(
            logSoftmax(x as number[][], opts),
            alongAxes(x, axes, (l) => logSoftmax(l)),
          );
          assertEquals<unknown>(
            logsumexp(x as number[][], opts),
            reduceAlong(x, axes, (l) => logsumexp(l)),
          );
          const g = nestedOf(dims, (f) => Math.sin(f + 1));
          assertEquals(
            softmax.vjp(x as number[][], g as number[][], opts),
            alongAxes(x, axes, (l, [gl]) => softmax.vjp(l, gl!), [g]),
          );
          assertEquals(
            logSoftmax.jvp(x as number[][], g as number[][], opts),
            alongAxes(x, axes, (l, [gl]) => logSoftmax.jvp(l, gl!), [g]),
          );
          // with a mask of the full shape, and one of the trailing dimensions
          const m = nestedOf(dims, (f) => (values[f]! > -5 ? 1 : 0));
          const mb = flatOf(m).map(Boolean);
          const where = nestedOf(dims, (f) => (mb[f] ? 1 : 0)) as Nested;
          const toMask = (n: Nested): unknown =>
            Array.isArray(n) ? n.map(toMask) : n === 1;
          assertEquals(
            softmax(x as number[][], {
              axis,
              where: toMask(where) as boolean[],
            }),
            alongAxes(
              x,
              axes,
              (l, [w]) => softmax(l, { where: w!.map(Boolean) }),
              [where],
            ),
          );
          assertEquals(
            logSoftmax.vjp(x as number[][], g as number[][], {
              axis,
              where: toMask(where) as boolean[],
            }),
            alongAxes(
              x,
              axes,
              (l, [gl, w]) =>
                logSoftmax.vjp(l, gl!, { where: w!.map(Boolean) }),
              [g, where],
            ),
          );
          const lastDim = dims[dims.length - 1]!;
          const tail = Array.from({ length: lastDim }, (_, i) => i % 2 === 0);
          const tailFull = nestedOf(dims, (f) => (tail[f % lastDim] ? 1 : 0));
          assertEquals(
            logSoftmax(x as number[][], { axis, where: tail }),
            alongAxes(
              x,
              axes,
              (l, [w]) => logSoftmax(l, { where: w!.map(Boolean) }),
              [tailFull],
            ),
          );
          assertEquals<unknown>(
            logsumexp(x as number[][], {
              axis,
              where: toMask(where) as boolean[],
            }),
            reduceAlongMasked(x, where, axes),
          );
          // the same data flat with `shape`: the same numbers, flat
          const flat = new Float64Array(values);
          const sf = softmax(flat, { shape: dims, axis });
          assertInstanceOf(sf, Float64Array);
          assertEquals(Array.from(sf), flatOf(softmax(x as number[][], opts)));
          const vf = logSoftmax.vjp(flat, new Float64Array(flatOf(g)), {
            shape: dims,
            axis,
          });
          assertEquals(
            Array.from(vf),
            flatOf(logSoftmax.vjp(x as number[][], g as number[][], opts)),
          );
        }),
        { numRuns: 80 },
      );
    },
  );

  await t.step(
    "SciPy test_softmax_multi_axes and log-softmax axes (mpmath values)",
    () => {
      // scipy/special/tests/test_logsumexp.py, TestSoftmax.test_softmax_multi_axes
      assertClose(
        flatOf(softmax([[1000, 0], [1000, 0]], { axis: 0 })),
        [0.5, 0.5, 0.5, 0.5],
        0,
        1e-13,
      );
      assertClose(
        flatOf(softmax([[1000, 0], [1000, 0]], { axis: 1 })),
        [1, 0, 1, 0],
        0,
        1e-13,
      );
      const x = [[-25, 0, 25, 50], [1, 325, 749, 750]];
      const expected = [
        [
          2.678636961770877e-33,
          1.9287498479371314e-22,
          1.3887943864771144e-11,
          0.999999999986112,
        ],
        [0.0, 1.9444526359919372e-185, 0.2689414213699951, 0.7310585786300048],
      ];
      const s = softmax(x, { axis: 1 });
      s.forEach((row, i) => assertClose(row, expected[i]!, 0, 1e-13));
      const xT = transpose(x);
      const sT = softmax(xT, { axis: 0 });
      assertMatrixClose(sT, transpose(expected), 0, 1e-13);
      // 3-D, a tuple of axes: the 2 × 2 × 2 reshape, softmax over axes (1, 2)
      const x3 = [[[-25, 0], [25, 50]], [[1, 325], [749, 750]]];
      const s3 = softmax(x3, { axis: [1, 2] });
      assertClose(flatOf(s3), expected.flat(), 0, 1e-13);
      // test_softmax_fixtures: arange(4) (mpmath), its translation, and
      // SciPy's axis=None on a 2 × 2 reshape (here: axis [0, 1])
      const e4 = [
        0.03205860328008499,
        0.08714431874203256,
        0.23688281808991013,
        0.6439142598879722,
      ];
      checkArange4(softmax, e4);
      assertClose(softmax([1000, 0, 0, 0]), [1, 0, 0, 0], 0, 1e-13);
      assertClose(
        softmax([0, 1]),
        [1 / (1 + Math.E), Math.E / (1 + Math.E)],
        0,
        1e-13,
      );
      // test_softmax_int_array
      assertClose(
        softmax(new Int32Array([1000, 0, 0, 0])),
        [1, 0, 0, 0],
        0,
        1e-13,
      );
      // TestLogSoftmax: basic, int array, arange(4) (mpmath), 2-D and 3-D axes
      assertClose(logSoftmax([1000, 1]), [0, -999], 0, 1e-13);
      assertClose(logSoftmax(new Int16Array([1000, 1])), [0, -999], 0, 1e-13);
      const l4 = [
        -3.4401896985611953,
        -2.4401896985611953,
        -1.4401896985611953,
        -0.44018969856119533,
      ];
      checkArange4(logSoftmax, l4);
      const x2 = [[1000, 1], [1000, 1]];
      assertClose(
        flatOf(logSoftmax(x2, { axis: 0 })),
        new Array(4).fill(-Math.LN2),
        0,
        1e-13,
      );
      assertClose(
        flatOf(logSoftmax(x2, { axis: 1 })),
        [0, -999, 0, -999],
        0,
        1e-13,
      );
      const d2 = [[0, 1, 2, 3], [4, 5, 6, 7]];
      assertClose(
        flatOf(logSoftmax(d2, { axis: 1 })),
        [...l4, ...l4],
        0,
        1e-13,
      );
      assertClose(
        flatOf(logSoftmax(transpose(d2), { axis: 0 })),
        flatOf(transpose([l4, l4])),
        0,
        1e-13,
      );
      assertClose(
        flatOf(
          logSoftmax([[[0, 1], [2, 3]], [[4, 5], [6, 7]]], { axis: [1, 2] }),
        ),
        [...l4, ...l4],
        0,
        1e-13,
      );
    },
  );

  await t.step(
    "forms: nested kinds, flat with shape, integer and Float16Array",
    () => {
      // innermost typed arrays keep their kind at any depth
      const x = [[new Float32Array([0, 1]), new Float32Array([2, 3])]];
      const s = softmax(x, { axis: 1 });
      assertInstanceOf(s[0]![0], Float32Array);
      assertEquals(
        Array.from(s[0]![0] as Float32Array),
        softmax([0, 2]).slice(0, 1).concat(softmax([1, 3]).slice(0, 1)).map(
          Math.fround,
        ),
      );
      // a flat batch with a row length is shape [rows, n]
      const flat = new Float32Array([1, 2, 3, 3, 2, 1]);
      const sf = softmax(flat, { shape: [2, 3] });
      assertInstanceOf(sf, Float32Array);
      assertEquals(
        Array.from(sf),
        [...softmax([1, 2, 3]), ...softmax([3, 2, 1])].map(Math.fround),
      );
      // a flat plain array with a shape gives a flat plain array
      assertEquals(softmax([0, 1, 0, 1], { shape: [2, 2], axis: 0 }), [
        0.5,
        0.5,
        0.5,
        0.5,
      ]);
      // integer typed arrays: results as Float64Array, exact conversion
      for (
        const I of [
          Int8Array,
          Uint8Array,
          Uint8ClampedArray,
          Int16Array,
          Uint16Array,
          Int32Array,
          Uint32Array,
        ]
      ) {
        const a = new I([1, 2, 3]);
        const r = softmax(a);
        assertInstanceOf(r, Float64Array);
        assertEquals(Array.from(r), softmax([1, 2, 3]));
        assertInstanceOf(logSoftmax.vjp(a, [1, 0, 0]), Float64Array);
        assertEquals(logsumexp(a), logsumexp([1, 2, 3]));
      }
      assertEquals(
        Array.from(softmax(new Int32Array([3, -7, 3, -7]), { shape: [2, 2] })),
        [...softmax([3, -7]), ...softmax([3, -7])],
      );
      // integer input with out: a Float64Array
      const o64 = new Float64Array(2);
      assertStrictEquals(softmax(new Uint8Array([5, 5]), o64), o64);
      assertEquals(Array.from(o64), [0.5, 0.5]);
      assertThrows(
        () =>
          softmax(
            new Uint8Array([5, 5]),
            new Uint8Array(2) as unknown as Float64Array,
          ),
        TypeError,
        "`out` must be a Float64Array like the input",
      );
    },
  );

  await t.step("Float16Array: computed in double, rounded once", () => {
    const F16 =
      (globalThis as { Float16Array?: typeof Float16Array }).Float16Array;
    if (F16 === undefined) return; // engines without Float16Array
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), {
          minLength: 1,
          maxLength: 8,
        }),
        (xs) => {
          const a = new F16(xs);
          const exact = Array.from(a);
          const r = softmax(a);
          assertInstanceOf(r, F16);
          assertEquals(Array.from(r), softmax(exact).map(Math.f16round));
          assertEquals(
            Array.from(logSoftmax(a)),
            logSoftmax(exact).map(Math.f16round),
          );
          assertEquals(
            Array.from(softmax.vjp(a, exact)),
            softmax.vjp(exact, exact).map(Math.f16round),
          );
          const out = new F16(a.length);
          assertStrictEquals(logSoftmax(a, { out }), out);
        },
      ),
      { numRuns: 30 },
    );
    const flat = softmax(new F16([0, 0, 0, 0]), { shape: [2, 2] });
    assertInstanceOf(flat, F16);
    assertEquals(Array.from(flat), [0.5, 0.5, 0.5, 0.5]);
    const lse = logsumexp(new F16([1, 2, 3, 4]), { shape: [2, 2] });
    assertInstanceOf(lse, F16);
    assertEquals(Array.from(lse as Float16Array), [
      Math.f16round(logsumexp([1, 2])),
      Math.f16round(logsumexp([3, 4])),
    ]);
  });

  await t.step(
    "jacobian: one matrix per lane, nested along the kept dimensions",
    () => {
      const x = [[[0, 1], [2, 4]], [[-1, 3], [0.5, 0.5]]];
      const J = softmax.jacobian(x, { axis: 1 }) as number[][][][];
      // kept dims [2, 2] (axes 0 and 2), each a 2 × 2 matrix
      assertEquals(J.length, 2);
      assertEquals(J[0]!.length, 2);
      assertEquals(J[1]![0], softmax.jacobian([-1, 0.5]));
      assertEquals(J[0]![1], softmax.jacobian([1, 4]));
      const L = logSoftmax.jacobian(new Float64Array([0, 1, 2, 3]), {
        shape: [2, 2],
        axis: 0,
      }) as number[][][];
      assertEquals(L[1], logSoftmax.jacobian([1, 3]));
      // several axes: one lane of 4, row-major
      assertEquals(
        softmax.jacobian([[0, 1], [2, 3]], { axis: [0, -1] }),
        softmax.jacobian([0, 1, 2, 3]),
      );
    },
  );
});

Deno.test("softmax family: where (masks)", async (t) => {
  const fns = [softmax, logSoftmax] as const;
  await t.step(
    "JAX nn_test: testSoftmaxEmptyMask, testSoftmaxEmptyArray",
    () => {
      // jax tests/nn_test.py testSoftmaxEmptyMask: nothing unmasked → 0 / −∞
      const x = [5.5, 1.3, -4.2, 0.9];
      const m = [false, false, false, false];
      assertEquals(softmax(x, { where: m }), [0, 0, 0, 0]);
      assertEquals(logSoftmax(x, { where: m }), new Array(4).fill(-Infinity));
      for (const v of softmax(x, { where: m })) assert(Object.is(v, 0));
      // testSoftmaxEmptyArray
      for (const fn of fns) assertEquals(fn([]), []);
      for (const fn of fns) assertEquals(fn([], { where: [] }), []);
    },
  );

  await t.step("JAX nn_test: testSoftmaxWhereMask", () => {
    // jax tests/nn_test.py testSoftmaxWhereMask: out[m] = fn(x[m]), Σ probs = 1
    const x = [5.5, 1.3, -4.2, 0.9];
    const m = [true, false, true, true];
    const xm = x.filter((_, i) => m[i]);
    for (const fn of fns) {
      const out = fn(x, { where: m });
      assertEquals(out.filter((_, i) => m[i]), fn(xm));
      assertEquals(out[1], fn === softmax ? 0 : -Infinity);
      const probs = fn === softmax ? out : out.map(Math.exp);
      assertAlmostEquals(sum(probs), 1, 1e-15);
    }
    // gradient of the unmasked outputs (JAX's check_grads on
    // take(fn(x, where=m), [0, 2, 3])): the Jacobian against finite differences
    const J = softmax.jacobian(x, { where: m });
    const r = gradcheckVector((v) => softmax(v, { where: m }), J, x);
    assert(r.ok, JSON.stringify(r.worst));
    assertEquals(J[1], [0, 0, 0, 0]);
    assertEquals(J.map((row) => row[1]), [0, 0, 0, 0]);
  });

  await t.step("JAX nn_test: testSoftmaxWhereGrad (issue 19490)", () => {
    // x = [36, 10000], mask = x < 1000, grad of fn(x, where=mask)[0] is 0
    const x = [36, 10000];
    const mask = [true, false];
    for (const fn of fns) {
      const g = fn.vjp(x, [1, 0], { where: mask });
      assertEquals(g, [0, 0]);
      assertFalse(g.some(Number.isNaN));
    }
  });

  await t.step(
    "JAX testSoftmaxGrad: Jacobian against finite differences",
    () => {
      const x = [5.5, 1.3, -4.2, 0.9];
      assert(gradcheckVector((v) => softmax(v), softmax.jacobian, x).ok);
    },
  );

  await t.step(
    "masked entries take no part: NaN, ±∞ there change nothing",
    () => {
      const m = [true, true, false];
      for (const bad of [NaN, Infinity, -Infinity, 1e308]) {
        assertEquals(softmax([1, 2, bad], { where: m }), [
          ...softmax([1, 2]),
          0,
        ]);
        assertEquals(logSoftmax([1, 2, bad], { where: m }), [
          ...logSoftmax([1, 2]),
          -Infinity,
        ]);
        assertEquals(softmax.vjp([1, 2, bad], [1, 2, bad], { where: m }), [
          ...softmax.vjp([1, 2], [1, 2]),
          0,
        ]);
        assertEquals(logSoftmax.vjp([1, 2, 3], [1, 2, bad], { where: m }), [
          ...logSoftmax.vjp([1, 2], [1, 2]),
          0,
        ]);
        assertEquals(softmax.jvp([1, 2, 3], [1, 2, bad], { where: m }), [
          ...softmax.jvp([1, 2], [1, 2]),
          0,
        ]);
        assertEquals(logSoftmax.jvp([1, 2, 3], [1, 2, bad], { where: m }), [
          ...logSoftmax.jvp([1, 2], [1, 2]),
          0,
        ]);
        assertEquals(logsumexp([1, 2, bad], { where: m }), logsumexp([1, 2]));
      }
      // unmasked entries all −∞: no distribution, NaN there, 0 / −∞ where masked
      assertEquals(softmax([-Infinity, 5], { where: [true, false] }), [NaN, 0]);
      assertEquals(logSoftmax([-Infinity, 5], { where: [true, false] }), [
        NaN,
        -Infinity,
      ]);
      // a NaN that takes part still poisons its lane
      assertEquals(softmax([NaN, 5, 1], { where: [true, true, false] }), [
        NaN,
        NaN,
        0,
      ]);
      // nothing unmasked: gradients 0
      assertEquals(softmax.vjp([1, 2], [3, 4], { where: [false, false] }), [
        0,
        0,
      ]);
      assertEquals(logSoftmax.vjp([1, 2], [3, 4], { where: false }), [0, 0]);
      assertEquals(softmax.jacobian([1, 2], { where: false }), [[0, 0], [
        0,
        0,
      ]]);
    },
  );

  await t.step(
    "shapes: full, trailing (broadcast), scalar, Uint8Array, along other axes",
    () => {
      const x = [[1, 2, 3], [4, 5, 6]];
      const row = [true, false, true];
      // a mask of the trailing dimension repeats along the rows
      assertEquals(
        softmax(x, { where: row }),
        softmax(x, { where: [row, row] }),
      );
      assertEquals(softmax(x, { where: row })[1], [
        ...softmax([4, 6]).slice(0, 1),
        0,
        softmax([4, 6])[1]!,
      ]);
      assertEquals(
        softmax(x, { where: new Uint8Array([1, 0, 7]) }),
        softmax(x, { where: row }),
      );
      assertEquals(softmax(x, { where: true }), softmax(x));
      assertEquals(softmax(x, { where: false }), [[0, 0, 0], [0, 0, 0]]);
      // rows of the mask may be Uint8Arrays
      assertEquals(
        softmax(x, { where: [new Uint8Array([1, 0, 1]), [true, false, true]] }),
        softmax(x, { where: row }),
      );
      // along axis 0 with a full mask: column by column
      const m = [[true, false, true], [true, true, false]];
      assertEquals(
        softmax(x, { axis: 0, where: m }),
        alongAxes(x, [0], (l, [w]) => softmax(l, { where: w!.map(Boolean) }), [
          m.map((r) => r.map(Number)),
        ]),
      );
      // flat with shape: a flat mask of the full or a trailing length
      const f = new Float64Array([1, 2, 3, 4, 5, 6]);
      assertEquals(
        Array.from(softmax(f, { shape: [2, 3], where: row })),
        flatOf(softmax(x, { where: row })),
      );
      assertEquals(
        Array.from(
          softmax(f, {
            shape: [2, 3],
            where: new Uint8Array([1, 0, 1, 1, 1, 0]),
          }),
        ),
        flatOf(
          softmax(x, { where: [[true, false, true], [true, true, false]] }),
        ),
      );
      // vjp with a broadcast mask and along axis 0
      const g = [[1, -1, 2], [0.5, 3, -2]];
      assertEquals(
        softmax.vjp(x, g, { axis: 0, where: m }),
        alongAxes(
          x,
          [0],
          (l, [gl, w]) => softmax.vjp(l, gl!, { where: w!.map(Boolean) }),
          [g, m.map((r) => r.map(Number))],
        ),
      );
    },
  );

  await t.step(
    "random masks: masked map = map of the unmasked entries (property)",
    () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.double({ min: -30, max: 30, noNaN: true }),
              fc.boolean(),
            ),
            { maxLength: 9 },
          ),
          fc.double({ min: 0.2, max: 5, noNaN: true }),
          (pairs, T) => {
            const x = pairs.map((p) => p[0]);
            const m = pairs.map((p) => p[1]);
            const xm = x.filter((_, i) => m[i]);
            const g = x.map((v) => Math.cos(v));
            const gm = g.filter((_, i) => m[i]);
            const put = (vals: number[], fill: number) => {
              let j = 0;
              return m.map((k) => (k ? vals[j++]! : fill));
            };
            const o = { where: m, temperature: T };
            assertEquals(
              softmax(x, o),
              put(softmax(xm, { temperature: T }), 0),
            );
            assertEquals(
              logSoftmax(x, o),
              put(logSoftmax(xm, { temperature: T }), -Infinity),
            );
            assertEquals(
              softmax.vjp(x, g, o),
              put(softmax.vjp(xm, gm, { temperature: T }), 0),
            );
            assertEquals(
              logSoftmax.vjp(x, g, o),
              put(logSoftmax.vjp(xm, gm, { temperature: T }), 0),
            );
            // JAX testLogSumExpWhere: logsumexp(x[mask]) if mask.any() else −∞
            assertEquals(
              logsumexp(x, { where: m }),
              xm.length > 0 ? logsumexp(xm) : -Infinity,
            );
          },
        ),
        RUNS,
      );
    },
  );

  await t.step(
    "JAX testLogSumExpWhereGrad: ∇ logsumexp = softmax, masked",
    () => {
      // grad of logsumexp(x, where=arange(5) < 4) at [0, 0, 0, 0, 100]
      const x = [0, 0, 0, 0, 100];
      const where = [true, true, true, true, false];
      assertEquals(softmax(x, { where }), [0.25, 0.25, 0.25, 0.25, 0]);
      // and that is the gradient of logsumexp, by central differences
      const r = gradcheckVector((v) => [logsumexp(v, { where })], [
        softmax(x, { where }),
      ], x);
      assert(r.ok, JSON.stringify(r.worst));
    },
  );
});

Deno.test("logsumexp(): b, returnSign, axis (SciPy test_logsumexp)", async (t) => {
  // Cases from scipy/special/tests/test_logsumexp.py (TestLogSumExp),
  // written out here; xp_assert_close is rtol 1e-7 for float64 there,
  // we check tighter where our result is tighter.
  await t.step("test_logsumexp", () => {
    assertEquals(logsumexp([]), -Infinity);
    const a200 = Array.from({ length: 200 }, (_, i) => i);
    // log Σ e^k for k < 200 = 199 + log(1/(1 − e^−1)) − e^−200/(…) ≈ 199.45867514538708
    assertAlmostEquals(logsumexp(a200), 199 - Math.log1p(-Math.exp(-1)), 1e-13);
    assertAlmostEquals(logsumexp([1000, 1000]), 1000 + Math.log(2), 1e-12);
    assertAlmostEquals(
      logsumexp(new Array(1000).fill(10000)),
      10000 + Math.log(1000),
      1e-11,
    );
    // 1e-40 × 1e6, twice: exp(logsumexp(log X)) = Σ X, along both axes too
    const n = 1_000_000;
    const logx = Math.log(1e-40);
    const row = new Float64Array(n).fill(logx);
    assertAlmostEquals(
      Math.exp(logsumexp([row, row])[0]!) / (n * 1e-40),
      1,
      1e-10,
    );
    const both = logsumexp(new Float64Array(2 * n).fill(logx), {
      shape: [2, n],
      axis: [0, 1],
    });
    assertAlmostEquals(Math.exp(both as number) / (2 * n * 1e-40), 1, 1e-10);
    const cols = logsumexp([row.subarray(0, 4), row.subarray(0, 4)], {
      axis: 0,
    });
    assertClose(cols.map(Math.exp), new Array(4).fill(2e-40), 0, 1e-13);
    // special values
    assertEquals(logsumexp([Infinity]), Infinity);
    assertEquals(logsumexp([-Infinity]), -Infinity);
    assertEquals(logsumexp([NaN]), NaN);
    assertEquals(logsumexp([-Infinity, -Infinity]), -Infinity);
    // different magnitudes on the axes, and several axes
    const a = [[1e10, 1e-10], [-1e10, -Infinity]];
    assertEquals(logsumexp(a, { axis: -1 }), [1e10, -1e10]);
    assertEquals(logsumexp(a, { axis: [-1, -2] }), 1e10);
  });

  await t.step("test_gh22601_infinite_elements (real infinities)", () => {
    // logsumexp([x, y]) = log(Σ exp) for x, y ∈ {−∞, +∞}
    for (const x of [-Infinity, Infinity]) {
      for (const y of [-Infinity, Infinity]) {
        assertEquals(logsumexp([x, y]), Math.log(Math.exp(x) + Math.exp(y)));
      }
    }
  });

  await t.step("test_logsumexp_b", () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    const b = Array.from({ length: 200 }, (_, i) => 200 - i);
    // log Σ (200 − k) e^k, computed with the shift by hand
    let s = 0;
    for (let k = 0; k < 200; k++) s += (200 - k) * Math.exp(k - 199);
    assertAlmostEquals(logsumexp(a, { b }), 199 + Math.log(s), 1e-13);
    assertAlmostEquals(
      logsumexp([1000, 1000], { b: [1.2, 1.2] }),
      1000 + Math.log(2 * 1.2),
      1e-12,
    );
    // 1e-40 × 1e5 weighted by linspace(1, 1000): Σ b X
    const n = 100_000;
    const bb = Float64Array.from(
      { length: n },
      (_, i) => 1 + (999 * i) / (n - 1),
    );
    const logX = new Float64Array(n).fill(Math.log(1e-40));
    const sumB = bb.reduce((p, v) => p + v, 0);
    const r = logsumexp([logX, logX], { b: [bb, bb] });
    assertClose(r.map(Math.exp), [sumB * 1e-40, sumB * 1e-40], 0, 1e-12);
    const r0 = logsumexp([logX.subarray(0, 3), logX.subarray(0, 3)], {
      b: [bb.subarray(0, 3), bb.subarray(0, 3)],
      axis: 0,
    });
    assertClose(
      r0.map(Math.exp),
      [2e-40 * bb[0]!, 2e-40 * bb[1]!, 2e-40 * bb[2]!],
      0,
      1e-13,
    );
    const all = logsumexp([logX, logX], {
      b: [bb, bb],
      axis: [0, 1],
    }) as number;
    assertAlmostEquals(Math.exp(all) / (2 * sumB * 1e-40), 1, 1e-12);
  });

  await t.step("test_logsumexp_sign, _sign_zero, _sign_shape, _shape", () => {
    assertEquals(logsumexp([1, 1, 1], { b: [1, -1, -1], returnSign: true }), {
      value: 1,
      sign: -1,
    });
    const z = logsumexp([1, 1], { b: [1, -1], returnSign: true });
    assertEquals(z, { value: -Infinity, sign: 0 });
    assert(Object.is(z.sign, 0));
    // shape (1, 2, 3, 4), axis 2 → (1, 2, 4); axes (1, 3) → (1, 3)
    const ones = nestedOf([1, 2, 3, 4], () => 1);
    const r = logsumexp(ones as number[][], {
      axis: 2,
      b: ones as number[][],
      returnSign: true,
    });
    assertEquals(shapeOf(r.value as Nested), [1, 2, 4]);
    assertEquals(shapeOf(r.sign as Nested), [1, 2, 4]);
    assertEquals(flatOf(r.value as Nested), new Array(8).fill(1 + Math.log(3)));
    assertEquals(flatOf(r.sign as Nested), new Array(8).fill(1));
    const r13 = logsumexp(ones as number[][], {
      axis: [1, 3],
      b: ones as number[][],
      returnSign: true,
    });
    assertEquals(shapeOf(r13.value as Nested), [1, 3]);
    assertClose(
      flatOf(r13.value as Nested),
      new Array(3).fill(1 + Math.log(8)),
    );
    assertEquals(
      shapeOf(
        logsumexp(ones as number[][], {
          axis: 2,
          b: ones as number[][],
        }) as Nested,
      ),
      [1, 2, 4],
    );
  });

  await t.step("test_logsumexp_b_zero, b broadcast, dtypes", () => {
    // an entry with b = 0 takes no part: it does not set the shift
    assertEquals(logsumexp([1, 10000], { b: [1, 0] }), 1);
    assertEquals(logsumexp([1, Infinity, NaN], { b: [1, 0, 0] }), 1);
    // test_logsumexp_b_shape: b broadcast (here along leading dimensions)
    const a = nestedOf([3, 2], () => 0);
    assertEquals(
      logsumexp(a as number[][], { b: [1, 2] }),
      new Array(3).fill(Math.log(3)),
    );
    assertEquals(
      logsumexp(a as number[][], { b: 2 }),
      new Array(3).fill(Math.log(4)),
    );
    // test_dtypes_a: integer input gives a double result
    assertAlmostEquals(
      logsumexp(new Int32Array([1000, 1000])),
      1000 + Math.LN2,
      1e-12,
    );
    // test_dtypes_ab: a = [2, 1], b = [1, −1] in every kind
    for (const A of [Float32Array, Float64Array, Int32Array]) {
      for (const B of [Float32Array, Float64Array, Int32Array]) {
        assertAlmostEquals(
          logsumexp(new A([2, 1]), { b: new B([1, -1]) }),
          Math.log(Math.exp(2) - Math.exp(1)),
          1e-15,
        );
      }
    }
    // test_gh18295: [0, −40] keeps its digits (log1p)
    assertEquals(logsumexp([0, -40]), Math.log1p(Math.exp(-40)));
    assert(logsumexp([0, -40]) > 0);
  });

  await t.step(
    "test_gh22903, test_gh23548: signs with negative weights and +∞",
    () => {
      const a = [3.06409428, 0.37251854, 3.87471931];
      const b = [1.88190708, 2.84174795, -0.85016884];
      const signed = logsumexp(a, { b, returnSign: true });
      assertEquals(signed.sign, 1);
      assertEquals(logsumexp(a, { b }), signed.value);
      // the same by hand: log Σ b e^a
      const direct = Math.log(
        a.reduce((p, x, i) => p + b[i]! * Math.exp(x), 0),
      );
      assertAlmostEquals(signed.value as number, direct, 1e-14);
      assertEquals(
        logsumexp(a, { b: [1.88190708, 2.84174795, -3.85016884] }),
        NaN,
      );
      assertEquals(
        logsumexp(a, {
          b: [1.88190708, 2.84174795, -3.85016884],
          returnSign: true,
        }).sign,
        -1,
      );
      assertEquals(logsumexp([Infinity], { returnSign: true }), {
        value: Infinity,
        sign: 1,
      });
      assertEquals(logsumexp([Infinity], { b: [-1], returnSign: true }), {
        value: Infinity,
        sign: -1,
      });
      // two +∞ whose weights cancel: ∞ − ∞
      assertEquals(
        logsumexp([Infinity, Infinity], { b: [1, -1], returnSign: true }),
        { value: NaN, sign: NaN },
      );
      assertEquals(logsumexp([NaN, 1], { returnSign: true }), {
        value: NaN,
        sign: NaN,
      });
      assertEquals(logsumexp([1], { b: [NaN] }), NaN);
      assertEquals(logsumexp([], { returnSign: true }), {
        value: -Infinity,
        sign: 0,
      });
      assertEquals(logsumexp([-Infinity], { b: [-2], returnSign: true }), {
        value: -Infinity,
        sign: 0,
      });
    },
  );

  await t.step("test_no_writeback and result forms", () => {
    const a = [5, 4];
    const b = new Float64Array([3, 2]);
    logsumexp(a);
    logsumexp(a, { b, returnSign: true });
    assertEquals(a, [5, 4]);
    assertEquals(Array.from(b), [3, 2]);
    // vector → number, batch → number[], flat + shape → flat of the input's kind
    assertEquals(typeof logsumexp(new Float32Array([1, 2])), "number");
    const f = logsumexp(new Float32Array([0, 0, 1, 1]), { shape: [2, 2] });
    assertInstanceOf(f, Float32Array);
    assertEquals(Array.from(f as Float32Array), [
      Math.fround(Math.LN2),
      Math.fround(1 + Math.LN2),
    ]);
    const i = logsumexp(new Int8Array([0, 0, 1, 1]), {
      shape: [2, 2],
      returnSign: true,
    });
    assertInstanceOf(i.value, Float64Array);
    assertInstanceOf(i.sign, Float64Array);
    assertEquals(Array.from(i.sign as Float64Array), [1, 1]);
    assertEquals(logsumexp([0, 0, 1, 1], { shape: [2, 2] }), [
      Math.LN2,
      1 + Math.LN2,
    ]);
    assertEquals(logsumexp([[[0, 0]], [[1, 1]]]), [[Math.LN2], [1 + Math.LN2]]);
  });

  await t.step("weighted: property against a direct sum", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: -20, max: 20, noNaN: true }),
            fc.integer({ min: -12, max: 12 }).map((k) => k / 4),
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const direct = a.reduce((p, x, i) => p + b[i]! * Math.exp(x), 0);
          const r = logsumexp(a, { b, returnSign: true });
          const scale = a.reduce(
            (p, x, i) => p + Math.abs(b[i]!) * Math.exp(x),
            0,
          );
          // skip sums that cancel to rounding noise: the sign is not defined there
          if (Math.abs(direct) <= 1e-12 * scale) return;
          assertEquals(r.sign, Math.sign(direct));
          // the naive sum's own error, ~n·ε·Σ|b e^a|, is the reference's
          // uncertainty in log space: ~n·ε·scale/|direct|
          assertAlmostEquals(
            r.value as number,
            Math.log(Math.abs(direct)),
            1e-14 * (1 + scale / Math.abs(direct)) +
              4 * Number.EPSILON * Math.abs(Math.log(Math.abs(direct))),
          );
          const plain = logsumexp(a, { b });
          if (direct > 0) assertEquals(plain, r.value);
          else assertEquals(plain, NaN);
        },
      ),
      RUNS,
    );
  });
});

Deno.test("logsumexp.vjp() and logsumexp.jvp()", async (t) => {
  await t.step(
    "vjp = g · softmax along each lane; jvp = ⟨softmax, t⟩ (property)",
    () => {
      fc.assert(
        fc.property(ndCase, ([dims, values, axes]) => {
          const x = nestedOf(dims, (f) => values[f]!);
          const axis = axes.length === 1 ? axes[0]! : axes;
          const g = logsumexp(x as number[][], { axis }) as Nested;
          const gs = Array.isArray(g) ? nestedOf(shapeOf(g), (f) => 1 + f) : 2;
          const v = logsumexp.vjp(x as number[][], gs as number[], { axis });
          // reference: each lane's softmax times that lane's cotangent
          const lanes = flatOf(gs as Nested);
          let k = 0;
          const ref = alongAxes(x, axes, (l) => {
            const c = lanes[k++]!;
            return softmax(l).map((p) => p * c);
          });
          assertEquals<unknown>(v, ref);
          const tv = nestedOf(dims, (f) => Math.cos(f));
          let j = 0;
          const jv = logsumexp.jvp(x as number[][], tv as number[][], { axis });
          const jref = reduceAlong(
            alongAxes(x, axes, (l, [tl]) => {
              j++;
              const s = softmax(l);
              const d = s.reduce((p, si, i) => p + si * tl![i]!, 0);
              return l.map(() => d);
            }, [tv]),
            axes,
            (l) => l[0]!,
          );
          assert(j > 0);
          assertClose(flatOf(jv as Nested), flatOf(jref), 1e-15, 1e-13);
        }),
        { numRuns: 40 },
      );
    },
  );

  await t.step("weights and masks against finite differences", () => {
    const a = [0.3, -1.2, 2.1, 0.7];
    for (
      const o of [
        { b: [1, -0.5, 2, 0] },
        { b: [2, 3, -1, 1], where: [true, true, false, true] },
        { where: [false, true, true, true] },
      ]
    ) {
      const grad = logsumexp.vjp(a, 1, o);
      const r = gradcheckVector((x) => [logsumexp(x, o)], [grad], a);
      assert(r.ok, JSON.stringify(r.worst));
      // jvp is the same gradient against t
      const tv = [1, -2, 0.5, 3];
      assertAlmostEquals(
        logsumexp.jvp(a, tv, o),
        grad.reduce((p, gi, i) => p + gi * tv[i]!, 0),
        1e-14,
      );
    }
    // entries that take no part get 0, even for an infinite cotangent
    assertEquals(logsumexp.vjp([1, 2, 3], Infinity, { b: [1, 0, 1] })[1], 0);
    // a zero weighted sum has no gradient: NaN where entries take part
    assertEquals(logsumexp.vjp([1, 1, 5], 1, { b: [1, -1, 0] }), [NaN, NaN, 0]);
    // nothing takes part: 0
    assertEquals(logsumexp.vjp([1, 2], 1, { where: false }), [0, 0]);
    assertEquals(logsumexp.jvp([1, 2], [1, 1], { where: false }), 0);
  });

  await t.step("forms, out, errors", () => {
    const f = new Float32Array([0, 0, 1, 1]);
    const v = logsumexp.vjp(f, new Float32Array([2, 4]), { shape: [2, 2] });
    assertInstanceOf(v, Float32Array);
    assertEquals(Array.from(v as Float32Array), [1, 1, 2, 2]);
    const out = new Float32Array(4);
    assertStrictEquals(
      logsumexp.vjp(f, [2, 4], { shape: [2, 2], out }),
      out,
    );
    const j = logsumexp.jvp(f, [1, 1, 1, 1], { shape: [2, 2] });
    assertInstanceOf(j, Float32Array);
    assertEquals(Array.from(j as Float32Array), [1, 1]);
    assertThrows(
      () => logsumexp.vjp([1, 2], [1]),
      TypeError,
      "`g` must be a number (the cotangent of one value): current value is an array of length 1",
    );
    assertThrows(
      () => logsumexp.vjp([[1, 2], [3, 4]], [1, 2, 3]),
      RangeError,
      "`g` must have the length of `logsumexp(a)` (2): current length is 3",
    );
    assertThrows(
      () => logsumexp.jvp([1, 2], [1]),
      RangeError,
      "`t` must have the length of `a` (2): current length is 1",
    );
    assertThrows(
      () =>
        logsumexp.vjp([1, 2], 1, { returnSign: true } as unknown as {
          axis: number;
        }),
      TypeError,
      '`options` has an unknown option "returnSign"',
    );
    assertThrows(
      () =>
        logsumexp.jvp(
          [1, 2],
          [1, 1],
          { out: [0] } as unknown as { axis: number },
        ),
      TypeError,
      '`options` has an unknown option "out"',
    );
  });
});

Deno.test("softmax family: out overlapping the input (issue 10)", async (t) => {
  await t.step(
    "batch out rows that are other input rows: as if copied first",
    () => {
      for (const fn of [softmax, logSoftmax]) {
        const rows = () => [[1, 2, 3], [3, 2, 1], [0, -1, 5]];
        const expected = fn(rows());
        const r = rows();
        // out row 0 is input row 1, row 1 is input row 2, row 2 is input row 0
        assertEquals(fn(r, [r[1]!, r[2]!, r[0]!]), expected);
        const t64 = rows().map((x) => new Float64Array(x));
        const res = fn(t64, [t64[2]!, t64[0]!, t64[1]!]);
        res.forEach((row, i) => assertEquals(Array.from(row), expected[i]));
        // vjp: out rows that are rows of g
        const a = rows();
        const g = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
        const want = fn.vjp(a, g.map((x) => x.slice()));
        assertEquals(fn.vjp(a, g, { out: [g[1]!, g[2]!, g[0]!] }), want);
      }
    },
  );

  await t.step("issue 10's subarray shifted by one, and flat shapes", () => {
    const b = new Float64Array([1, 2, 3, 4, 5, 6]);
    const want = softmax(new Float64Array([1, 2, 3, 4, 5]));
    assertEquals(softmax(b.subarray(0, 5), b.subarray(1, 6)), want);
    const c = new Float64Array([1, 2, 3, 4, 5, 6]);
    assertEquals(
      softmax(c.subarray(1, 6), c.subarray(0, 5)),
      softmax(new Float64Array([2, 3, 4, 5, 6])),
    );
    // rows of length 1 shifted: lane l's output is lane l + 1's input
    for (const shift of [1, -1]) {
      const d = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
      const src = shift > 0 ? d.subarray(2, 8) : d.subarray(0, 6);
      const dst = shift > 0 ? d.subarray(0, 6) : d.subarray(2, 8);
      const expected = logSoftmax(src.slice(), { shape: [3, 2] });
      assertEquals(logSoftmax(src, { shape: [3, 2], out: dst }), expected);
    }
    // rows that are subarrays of one buffer, out shifted by one row
    const buf = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const rowsIn = [0, 1, 2].map((r) => buf.subarray(2 * r, 2 * r + 2));
    const rowsOut = [1, 2, 3].map((r) => buf.subarray(2 * r, 2 * r + 2));
    const exp = softmax(rowsIn.map((r) => Array.from(r)));
    softmax(rowsIn, rowsOut).forEach((row, i) =>
      assertEquals(Array.from(row), exp[i])
    );
    // along axis 0 (gathered lanes) in place
    const e = new Float64Array([1, 2, 3, 4]);
    const ew = softmax(e.slice(), { shape: [2, 2], axis: 0 });
    assertStrictEquals(softmax(e, { shape: [2, 2], axis: 0, out: e }), e);
    assertEquals(e, ew);
  });

  await t.step(
    "in place stays in place; out rows overlapping each other are rejected",
    () => {
      const rows = [[1, 2], [3, 5]];
      const expected = softmax(rows.map((r) => r.slice()));
      assertStrictEquals(softmax(rows, rows), rows);
      assertEquals(rows, expected);
      const shared = [0, 0];
      assertThrows(
        () => softmax([[1, 2], [3, 4]], [shared, shared]),
        RangeError,
        "`out` must not have rows that overlap one another: row 1 overlaps row 0",
      );
      const buf = new Float64Array(3);
      assertThrows(
        () =>
          softmax([new Float64Array([1, 2]), new Float64Array([3, 4])], [
            buf.subarray(0, 2),
            buf.subarray(1, 3),
          ]),
        RangeError,
        "overlap one another",
      );
      // the same input row twice, written in place: computed from a copy
      const x = [1, 2];
      const res = softmax([x, x], [x, [0, 0]]);
      assertEquals(res[1], softmax([1, 2]));
    },
  );

  await t.step("a frozen out is a TypeError naming `out`", () => {
    const frozen = Object.freeze([0, 0, 0]) as number[];
    assertThrows(
      () => softmax([1, 2, 3], frozen),
      TypeError,
      "`out` must be a writable array (not frozen): current value is an array of length 3",
    );
    assertThrows(
      () => logSoftmax([[1, 2, 3]], [frozen]),
      TypeError,
      "`out[0]` must be a writable array",
    );
    assertThrows(
      () => softmax.vjp([1, 2, 3], [1, 1, 1], { out: frozen }),
      TypeError,
      "`out` must be a writable array",
    );
    assertEquals(frozen, [0, 0, 0]);
  });
});

Deno.test("softmax family: N-d errors", () => {
  assertThrows(
    () => softmax([[[1, 2], [3, 4]], [[5, 6], [7]]]),
    RangeError,
    "`a[1][1]` must have the length of `a[0][0]` (2): current length is 1",
  );
  assertThrows(
    () => softmax([[[1, 2], [3, 4]], [[5, 6]]]),
    RangeError,
    "`a[1]` must have 2 rows like `a[0]`: current length is 1",
  );
  assertThrows(
    () => softmax([[[1, 2], [3, 4]], [5, 6]] as unknown as number[][][]),
    TypeError,
    "`a[1][0]` must be a row",
  );
  assertThrows(
    () => softmax([[1, 2]], { axis: 2 }),
    RangeError,
    "`axis` must be an integer >= -2 and <= 1 (the input has 2 dimensions): current value is 2",
  );
  assertThrows(
    () => softmax([1, 2], { axis: -2 }),
    RangeError,
    "current value is -2",
  );
  assertThrows(
    () => softmax([1, 2], { axis: 0.5 }),
    RangeError,
    "`axis` must be an integer",
  );
  assertThrows(
    () => softmax([1, 2], { axis: "0" as unknown as number }),
    TypeError,
    "`axis` must be an integer",
  );
  assertThrows(
    () => softmax([[1, 2]], { axis: [0, -2] }),
    RangeError,
    "`axis` must not name an axis twice",
  );
  assertThrows(
    () => softmax([[1, 2]], { axis: [] }),
    RangeError,
    "`axis` must be a non-empty array",
  );
  assertThrows(
    () => softmax([[1, 2]], { axis: [0, 5] }),
    RangeError,
    "`axis[1]` must be an integer",
  );
  assertThrows(
    () => softmax(new Float64Array(6), { shape: [4, 2] }),
    RangeError,
    "`shape` must have a product equal to the length of `a` (6): current value is [4, 2]",
  );
  assertThrows(
    () => softmax(new Float64Array(6), { shape: [2, -3] }),
    RangeError,
    "`shape[1]`",
  );
  assertThrows(
    () => softmax(new Float64Array(6), { shape: 6 as unknown as number[] }),
    TypeError,
    "`shape` must be an array",
  );
  assertThrows(
    () => softmax(new Float64Array(0), { shape: [] }),
    RangeError,
    "`shape` must be an array of 1 to 64 integers >= 0",
  );
  assertThrows(
    () => softmax([[1, 2]], { shape: [2] }),
    TypeError,
    "`a[0]` must be a number",
  );
  assertThrows(
    () => softmax([[1, 2], [3, 4]], { where: [true, false, true] }),
    RangeError,
    "`where` must have the shape of `a` or of its trailing dimensions ([2, 2], [2], []): current shape is [3]",
  );
  assertThrows(
    () => softmax([1, 2], { where: [1, 0] as unknown as boolean[] }),
    TypeError,
    "`where[0]` must be a boolean",
  );
  assertThrows(
    () => softmax([1, 2], { where: "yes" as unknown as boolean }),
    TypeError,
    "`where` must be a boolean",
  );
  assertThrows(
    () => softmax([1, 2], { where: new Uint8Array(3) }),
    RangeError,
    "`where` must have the length",
  );
  assertThrows(
    () => softmax.vjp([[1, 2], [3, 4]], [1, 2, 3, 4]),
    RangeError,
    "`g` must have 2 rows like `a`: current length is 4",
  );
  assertThrows(
    () => softmax.vjp(new Float64Array(4), [1, 2, 3], { shape: [2, 2] }),
    RangeError,
    "`g` must have the length of `a` (4)",
  );
  assertThrows(
    () => logsumexp([1, 2], { b: [1, 2, 3] }),
    RangeError,
    "`b` must have the length of `a` (2) or of its trailing dimensions ([2], []): current length is 3",
  );
  assertThrows(
    () => logsumexp([1, 2], { b: "1" as unknown as number }),
    TypeError,
    "`b` must be a number",
  );
  assertThrows(
    () => logsumexp([1, 2], { b: [1, null] as unknown as number[] }),
    TypeError,
    "`b[1]` must be a number",
  );
  assertThrows(
    () => logsumexp([1, 2], { returnSign: 1 as unknown as boolean }),
    TypeError,
    "`returnSign` must be a boolean",
  );
  assertThrows(
    () => logsumexp([1, 2], { temperature: 2 } as unknown as { axis: number }),
    TypeError,
    '`options` has an unknown option "temperature": the options are `axis`, `where`, `b`, `returnSign`, `shape`',
  );
  assertThrows(
    () => logsumexp([1, 2], 5 as unknown as { axis: number }),
    TypeError,
    "`options` must be an object",
  );
  assertThrows(
    () => softmax(new BigInt64Array(2) as unknown as number[], { shape: [2] }),
    TypeError,
    "`a` must be",
  );
  assertThrows(
    () => softmax([new BigInt64Array(2)] as unknown as number[][]),
    TypeError,
    "`a[0]`",
  );
  assertThrows(
    () => softmax.jacobian([1, 2], { where: [true, false, true] }),
    RangeError,
    "`where` must have the length of `a` (2)",
  );
});

Deno.test("softmax family: hostile nesting ends in bounded time", () => {
  // an array that contains itself: the shape walk stops at 64 dimensions
  const loop: unknown[] = [];
  loop.push(loop);
  assertThrows(
    () => softmax(loop as number[][]),
    RangeError,
    "`a` must have at most 64 dimensions",
  );
  assertThrows(
    () => softmax([1], { where: loop as boolean[] }),
    RangeError,
    "`where` must have at most 64 dimensions",
  );
  assertThrows(
    () => logsumexp([1], { b: loop as number[] }),
    RangeError,
    "`b` must have at most 64 dimensions",
  );
  // deep but legal: 20 levels of one element
  let deep: unknown = [3];
  for (let i = 0; i < 19; i++) deep = [deep];
  assertEquals(flatOf(softmax(deep as number[][]) as Nested), [1]);
});

Deno.test("softmax family: zero-size dimensions", () => {
  assertEquals(softmax([[], []], { axis: 0 }), [[], []]);
  assertEquals(logSoftmax([[], []]), [[], []]);
  // an empty lane reduces to −∞ (the log of an empty sum)
  assertEquals(logsumexp([[], []]), [-Infinity, -Infinity]);
  assertEquals(logsumexp([[], []], { axis: 0 }), []);
  assertEquals(
    logsumexp([[], []], { returnSign: true }),
    { value: [-Infinity, -Infinity], sign: [0, 0] },
  );
  const e = softmax(new Float32Array(0), { shape: [0, 3] });
  assertInstanceOf(e, Float32Array);
  assertEquals(e.length, 0);
  assertEquals(
    Array.from(
      logsumexp(new Float64Array(0), { shape: [2, 0] }) as Float64Array,
    ),
    [-Infinity, -Infinity],
  );
  assertEquals(softmax.jacobian([[], []]), [[], []]);
  assertEquals(softmax.jacobian([[], []], { axis: 0 }), []);
  assertEquals(logsumexp.vjp([[], []], [1, 2]), [[], []]);
});

Deno.test("softmax family: a length-1 where / b broadcasts like a scalar", () => {
  // NumPy broadcasting: shape (1,) stretches over the last dimension
  assertEquals(softmax([1, 2], { where: [false] }), [0, 0]);
  assertEquals(logsumexp([0, 0], { b: [2] }), Math.log(4));
});

// keep the exported type in use (documentation of the batch return type)
const _typed: Vector[] = softmax([[0], new Float64Array([0])]);
void _typed;
