/**
 * Second derivatives (issue 12): f'' of every activation against finite
 * differences of the exact f' (lib/gradcheck.ts with `{ f: f', df: f'' }`),
 * its value at 0 and at the kinks, symmetry, sign changes at the
 * inflection points, limits, NaN, all call forms and `formula.d2f`.
 * Accuracy against mpmath (8 ulps) is in tests/accuracy_test.ts.
 *
 * @module
 */
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStringIncludes,
} from "@std/assert";
import type { Activation } from "../lib/activation.ts";
import {
  activations,
  celu,
  elu,
  gelu,
  hardSigmoid,
  hardTanh,
  mish,
  relu,
  selu,
  sigmoid,
  silu,
  softsign,
  step,
  tanh,
} from "../lib/activations/mod.ts";
import { gradcheck } from "../lib/gradcheck.ts";
import {
  assertIs,
  checkErrors,
  checkOverloads,
  describe,
  KINKS,
} from "./support/activation_contract.ts";
import { oddUnboundedTraits } from "./support/custom_units.ts";

/** f''(0), exact (Object.is). */
const AT_ZERO: Readonly<Record<string, number>> = {
  step: 0,
  sign: 0,
  sigmoid: 0,
  tanh: 0,
  relu: 0,
  leakyRelu: 0,
  prelu: 0,
  elu: 1, // the x ≤ 0 side, as f'(0) = α
  selu: 1.7580993408473768, // λα
  softplus: 0.25,
  silu: 0.5,
  gelu: 0.7978845608028654, // 2φ(0) = √(2/π)
  mish: 0.64, // 4·20/125
  relu6: 0,
  hardSigmoid: 0,
  hardTanh: 0,
  hardSwish: 1 / 3,
  softsign: 0, // mean of the one-sided 2 and −2
  logSigmoid: -0.25,
  celu: 1,
};

/** The inflection points (zeros of f'') as doubles next to them. */
const INFLECTIONS: Readonly<Record<string, readonly number[]>> = {
  silu: [-2.3993572805154677, 2.3993572805154677],
  gelu: [-Math.SQRT2, Math.SQRT2],
  mish: [-2.256376396360793, 1.4905711794854284],
  sigmoid: [0],
  tanh: [0],
};

function checkSecond(act: Activation, kinks: readonly number[]): void {
  const pair = {
    f: (x: number) => act.derivative(x),
    df: (x: number) => act.secondDerivative(x),
  };
  const grid = gradcheck(pair, { range: [-30, 30], count: 2401, kinks });
  assert(
    grid.ok,
    `${
      describe(act)
    }'': worst at x = ${grid.worst.x}: ${grid.worst.analytic} vs ${grid.worst.numeric}`,
  );
  const near = gradcheck(pair, { range: [-4, 4], count: 1601, kinks });
  assert(near.ok, `${describe(act)}'' near 0: worst at x = ${near.worst.x}`);
}

Deno.test("every activation has f'' and its formula", () => {
  assertEquals(activations.length, 20);
  assertEquals(Object.keys(KINKS).sort(), activations.map((a) => a.id).sort());
  for (const act of activations) {
    assertEquals(typeof act.secondDerivative, "function", act.id);
    assertStringIncludes(act.formula.d2f, "''", act.id);
    assert(act.formula.d2f.length > 20, `${act.id}: formula.d2f`);
    // closed forms, not the numerical fallback of custom activations
    assert(
      !act.formula.d2f.includes("\\approx"),
      `${act.id}: f'' is numerical`,
    );
  }
});

for (const act of activations) {
  Deno.test(`${act.id}''`, async (t) => {
    const id = act.id;
    await t.step("against finite differences of f'", () => {
      checkSecond(act, KINKS[id]!);
    });
    await t.step("f''(0), f''(−0)", () => {
      assertIs(act.secondDerivative(0), AT_ZERO[id]!, `${id}''(0)`);
      assertIs(act.secondDerivative(-0), AT_ZERO[id]!, `${id}''(-0)`);
    });
    await t.step("limits, far tails, NaN", () => {
      assertEquals(act.secondDerivative(-Infinity), 0, `${id}''(-∞)`);
      assertEquals(act.secondDerivative(Infinity), 0, `${id}''(∞)`);
      for (
        const x of [
          -Number.MAX_VALUE,
          -1e300,
          -800,
          -40,
          40,
          800,
          1e300,
          Number.MAX_VALUE,
        ]
      ) {
        const v = act.secondDerivative(x);
        assert(Number.isFinite(v), `${id}''(${x}) = ${v}`);
        // softsign'' has polynomial tails: 2/801³ at −800
        const bound = id === "softsign" ? 2.01 / (1 + Math.abs(x)) ** 3 : 1e-15;
        assert(Math.abs(v) <= bound, `${id}''(${x}) = ${v} is not ~0`);
      }
      assert(Number.isNaN(act.secondDerivative(NaN)));
    });
    await t.step("call forms and errors", () => {
      checkOverloads(
        act.secondDerivative,
        (x) => act.secondDerivative(x),
        `${id}''`,
      );
      checkErrors(act.secondDerivative, `${id}''`);
    });
  });
}

Deno.test("f'' of the parameter variants against finite differences", async (t) => {
  const variants: [Activation, number[]][] = [
    [elu.with({ alpha: 2 }), [0]],
    [selu.with({ alpha: 1, lambda: 2 }), [0]],
    [celu.with({ alpha: 0.5 }), [0]],
    [celu.with({ alpha: 3 }), [0]],
    [gelu.with({ approximate: "tanh" }), []],
    [relu.with({ maxValue: 6, negativeSlope: 0.1 }), [0, 6]],
    [hardSigmoid.with({ slope: 0.2, offset: 0.5 }), [-2.5, 2.5]],
    [hardTanh.with({ min: -2, max: 3 }), [-2, 3]],
    [step.with({ alpha: -1 }), [0]],
  ] as unknown as [Activation, number[]][];
  for (const [act, kinks] of variants) {
    await t.step(describe(act), () => {
      checkSecond(act, kinks);
      assert(Number.isNaN(act.secondDerivative(NaN)));
      assertEquals(act.secondDerivative(Infinity), 0);
      assertEquals(act.secondDerivative(-Infinity), 0);
    });
  }
  assertIs(
    celu.with({ alpha: 2 }).secondDerivative(0),
    0.5,
    "celu(α=2)''(0) = 1/α",
  );
  assertIs(elu.with({ alpha: 2 }).secondDerivative(0), 2, "elu(α=2)''(0) = α");
  assertIs(
    gelu.with({ approximate: "tanh" }).secondDerivative(0),
    0.7978845608028654,
    "2·√(2/π)/2",
  );
});

Deno.test("symmetry: SiLU'', GELU'' even; σ'', tanh'', softsign'' odd (bit for bit)", () => {
  for (let x = 0.01; x < 60; x = x * 1.37 + 0.003) {
    assertIs(
      silu.secondDerivative(-x),
      silu.secondDerivative(x),
      `SiLU''(±${x})`,
    );
    assertIs(
      gelu.secondDerivative(-x),
      gelu.secondDerivative(x),
      `GELU''(±${x})`,
    );
    assertIs(
      sigmoid.secondDerivative(-x),
      -sigmoid.secondDerivative(x),
      `σ''(±${x})`,
    );
    assertIs(
      tanh.secondDerivative(-x),
      -tanh.secondDerivative(x),
      `tanh''(±${x})`,
    );
    assertIs(
      softsign.secondDerivative(-x),
      -softsign.secondDerivative(x),
      `softsign''(±${x})`,
    );
  }
});

Deno.test("f'' changes sign exactly at the inflection points, with relative precision", () => {
  for (const [id, roots] of Object.entries(INFLECTIONS)) {
    const act = activations.find((a) => a.id === id)!;
    for (const r of roots) {
      // at 0 (σ'' ~ −x/8 underflows next to 0) a little further out
      let lo = r === 0 ? -1e-300 : r;
      let hi = r === 0 ? 1e-300 : r;
      for (let i = 0; i < 3; i++) {
        lo = nextDown(lo);
        hi = nextUp(hi);
      }
      const a = act.secondDerivative(lo);
      const b = act.secondDerivative(hi);
      assert(
        Math.sign(a) * Math.sign(b) < 0,
        `${id}'' keeps its sign around ${r}: ${a}, ${b}`,
      );
      // next to the zero the value is tiny but not noise: it is linear in
      // the distance to the zero (|f''(r ± kδ)| grows like k)
      if (r !== 0) {
        const far = act.secondDerivative(r + 1000 * (hi - r));
        const ratio = far / act.secondDerivative(r + 10 * (hi - r));
        assertAlmostEquals(
          ratio,
          1000 / 10 * (far / far),
          2,
          `${id}'' near ${r}`,
        );
      }
    }
  }
});

Deno.test("no cancellation in the tails (where autodiff of f' would give 0)", () => {
  // σ'' = σ'(1 − 2σ) with σ' = σ(1 − σ): 0 from x ≈ 37 on; ours ≈ −e^−x
  const naive = (x: number) => {
    const s = 1 / (1 + Math.exp(-x));
    return s * (1 - s) * (1 - 2 * s);
  };
  assertEquals(naive(40), 0);
  assertAlmostEquals(
    sigmoid.secondDerivative(40) / -4.248354255291589e-18,
    1,
    1e-15,
  );
  // tanh'' = −2 tanh (1 − tanh²): 0 from x ≈ 19; ours −8e^−2x
  assertEquals(-2 * Math.tanh(20) * (1 - Math.tanh(20) ** 2), 0);
  assertAlmostEquals(
    tanh.secondDerivative(20) / -3.398683404233271e-17,
    1,
    1e-15,
  );
  // SiLU'' at −745 < x: e^x subnormal, (2 + x)e^x is not
  assertAlmostEquals(
    silu.secondDerivative(-710) / -3.169210647777992e-306,
    1,
    1e-14,
  );
  assertAlmostEquals(
    mish.secondDerivative(-710) / -3.169210647777992e-306,
    1,
    1e-14,
  );
  // GELU'' = φ(x)(2 − x²) in the tail, no spurious underflow
  assertAlmostEquals(
    gelu.secondDerivative(37) / -2.898048955934136e-295,
    1,
    1e-14,
  );
});

function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] = i[0]! + (x > 0 ? 1n : -1n);
  return b[0]!;
}

function nextDown(x: number): number {
  return -nextUp(-x);
}

Deno.test("a custom activation without f'' gets a central difference of f'", async () => {
  const { defineActivation } = await import("../lib/activation.ts");
  const cube = defineActivation({
    id: "cube",
    label: "Cube",
    params: {},
    kernels: () => ({ f: (x) => x * x * x, df: (x) => 3 * x * x }),
    formula: () => ({ f: "x^3", df: "3x^2" }),
    traits: () => oddUnboundedTraits(false),
    description: "x³",
    references: [],
  });
  for (const x of [-3, -0.5, 0, 1, 7]) {
    assertAlmostEquals(
      cube.secondDerivative(x),
      6 * x,
      1e-8 * Math.max(1, Math.abs(x)),
    );
  }
  assertEquals(cube.secondDerivative(Infinity), 0);
  assert(Number.isNaN(cube.secondDerivative(NaN)));
  assertStringIncludes(cube.formula.d2f, "\\approx");
  assertEquals(cube.secondDerivative([1, 2]).length, 2);
});
