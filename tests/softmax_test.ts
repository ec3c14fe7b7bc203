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

// keep the exported type in use (documentation of the batch return type)
const _typed: Vector[] = softmax([[0], new Float64Array([0])]);
void _typed;
