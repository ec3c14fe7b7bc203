/**
 * The Activation contract for the seven units of issue 12 (relu6,
 * hardSigmoid, hardTanh, hardSwish, softsign, logSigmoid, celu) and for the
 * new options of relu, step and gelu: call forms, `out`, errors,
 * conventions at 0 and at every kink (Object.is), limits at ±∞, NaN,
 * parameters, traits measured numerically, f' against finite differences.
 *
 * @module
 */
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotStrictEquals,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import type { Activation } from "../lib/activation.ts";
import {
  activations,
  celu,
  elu,
  gelu,
  hardSigmoid,
  hardSwish,
  hardTanh,
  leakyRelu,
  logSigmoid,
  relu,
  relu6,
  sigmoid,
  softplus,
  softsign,
  step,
} from "../lib/activations/mod.ts";
import * as units from "../lib/activations/mod.ts";
import { gradcheck } from "../lib/gradcheck.ts";
import {
  assertIs,
  checkErrors,
  checkOverloads,
  checkTraits,
  describe,
  KINKS,
} from "./support/activation_contract.ts";

interface Expected {
  /** [x, f(x), f'(x), f''(x)] checked with Object.is: 0, ±0 and the kinks. */
  readonly points: readonly (readonly [number, number, number, number])[];
  /** f(−∞), f(∞), f'(−∞), f'(∞). */
  readonly limits: readonly [number, number, number, number];
  /** Where f or f' jumps (skipped by the finite differences). */
  readonly kinks: readonly number[];
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  relu6: {
    points: [
      [0, 0, 0, 0],
      [-0, 0, 0, 0],
      [6, 6, 0, 0], // f'(6) = 0, as JAX
      [5.999999999999999, 5.999999999999999, 1, 0],
      [6.000000000000001, 6, 0, 0],
      [5e-324, 5e-324, 1, 0],
    ],
    limits: [0, 6, 0, 0],
    kinks: [0, 6],
  },
  hardSigmoid: {
    points: [
      [0, 0.5, 1 / 6, 0],
      [-0, 0.5, 1 / 6, 0],
      [-3, 0, 0, 0],
      [3, 1, 0, 0],
      [-2.9999999999999996, 7.401486830834377e-17, 1 / 6, 0],
    ],
    limits: [0, 1, 0, 0],
    kinks: [-3, 3],
  },
  hardTanh: {
    points: [
      [0, 0, 1, 0],
      [-0, -0, 1, 0],
      [-1, -1, 0, 0],
      [1, 1, 0, 0],
      [0.9999999999999999, 0.9999999999999999, 1, 0],
      [-1.0000000000000002, -1, 0, 0],
    ],
    limits: [-1, 1, 0, 0],
    kinks: [-1, 1],
  },
  hardSwish: {
    points: [
      [0, 0, 0.5, 1 / 3],
      [-0, -0, 0.5, 1 / 3],
      [-3, 0, 0, 0], // f'(−3) = 0: the chain rule through relu6 (JAX)
      [3, 3, 1, 0], // f'(3) = 1
      [-1.5, -0.375, 0, 1 / 3],
      [-4, 0, 0, 0],
    ],
    limits: [0, Infinity, 0, 1],
    kinks: [-3, 3],
  },
  softsign: {
    points: [
      [0, 0, 1, 0],
      [-0, -0, 1, 0],
      [1, 0.5, 0.25, -0.25],
      [-1, -0.5, 0.25, 0.25],
      [3, 0.75, 0.0625, -0.03125],
      [1e300, 1, 0, -0],
    ],
    limits: [-1, 1, 0, 0],
    kinks: [0],
  },
  logSigmoid: {
    points: [
      [0, -Math.LN2, 0.5, -0.25],
      [-0, -Math.LN2, 0.5, -0.25],
      [-800, -800, 1, -0],
      [800, -0, 0, -0],
    ],
    limits: [-Infinity, -0, 1, 0],
    kinks: [],
  },
  celu: {
    points: [
      [0, 0, 1, 1],
      [-0, -0, 1, 1],
      [2, 2, 1, 0],
      [-1e-200, -1e-200, 1, 1],
    ],
    limits: [-1, Infinity, 0, 1],
    kinks: [0],
  },
};

const NEW_IDS = Object.keys(EXPECTED);

function byId(id: string): Activation {
  const act = activations.find((a) => a.id === id);
  if (act === undefined) throw new Error(`no activation ${id} in the registry`);
  return act;
}

/** f' against central differences, away from the declared kinks. */
function checkDerivative(act: Activation, kinks: readonly number[]): void {
  const r = gradcheck(act, { range: [-30, 30], count: 1201, kinks });
  assert(
    r.ok,
    `${
      describe(act)
    }': worst at x = ${r.worst.x}: ${r.worst.analytic} vs ${r.worst.numeric}`,
  );
}

Deno.test("registry: the seven new units, in order, after the original 13", () => {
  assertEquals(activations.length, 20);
  assertEquals(activations.slice(13).map((a) => a.id), NEW_IDS);
  // each is the module's export of the same name
  for (const a of activations.slice(13)) {
    assertStrictEquals(units[a.id as keyof typeof units], a);
  }
  assertEquals(new Set(activations.map((a) => a.id)).size, 20);
});

for (const id of NEW_IDS) {
  Deno.test(`${id}()`, async (t) => {
    const act = byId(id);
    const exp = EXPECTED[id]!;

    await t.step(
      "metadata: label, formulas with f'', description, sources",
      () => {
        assertEquals(act.id, id);
        assert(act.label.length > 0);
        for (const k of ["f", "df", "d2f"] as const) {
          assert(act.formula[k].length > 0, `formula.${k}`);
        }
        assertStringIncludes(act.formula.d2f, "''");
        assert(act.references.length > 0);
        for (const ref of act.references) {
          assertStringIncludes(ref.url, "https://");
        }
        assertStringIncludes(act.description, "Convention");
        assert(Object.isFrozen(act.params));
        assertStringIncludes(String(act), act.label);
      },
    );

    await t.step("overloads of f, f' and f''", () => {
      checkOverloads(act, (x) => act(x), id);
      checkOverloads(act.derivative, (x) => act.derivative(x), `${id}'`);
      checkOverloads(
        act.secondDerivative,
        (x) => act.secondDerivative(x),
        `${id}''`,
      );
    });

    await t.step("errors", () => {
      checkErrors(act, id);
      checkErrors(act.derivative, `${id}'`);
      checkErrors(act.secondDerivative, `${id}''`);
    });

    await t.step("conventions at 0, ±0 and the kinks (Object.is)", () => {
      for (const [x, f, df, d2f] of exp.points) {
        assertIs(act(x), f, `${id}(${Object.is(x, -0) ? "-0" : x})`);
        assertIs(act.derivative(x), df, `${id}'(${x})`);
        assertIs(act.secondDerivative(x), d2f, `${id}''(${x})`);
        assertIs(
          act(new Float64Array([x]))[0],
          f,
          `${id}(Float64Array [${x}])`,
        );
        assertIs(act.derivative([x])[0], df, `${id}'([${x}])`);
      }
    });

    await t.step("limits at ±∞, and no NaN on the way", () => {
      const [fm, fp, dfm, dfp] = exp.limits;
      assertIs(act(-Infinity), fm, `${id}(-∞)`);
      assertIs(act(Infinity), fp, `${id}(∞)`);
      assertIs(act.derivative(-Infinity), dfm, `${id}'(-∞)`);
      assertIs(act.derivative(Infinity), dfp, `${id}'(∞)`);
      assertEquals(act.secondDerivative(-Infinity), 0, `${id}''(-∞)`);
      assertEquals(act.secondDerivative(Infinity), 0, `${id}''(∞)`);
      for (
        const x of [
          -Number.MAX_VALUE,
          -1e300,
          -1e20,
          -800,
          800,
          1e20,
          1e300,
          Number.MAX_VALUE,
        ]
      ) {
        for (const fn of [act, act.derivative, act.secondDerivative]) {
          assert(!Number.isNaN(fn(x)), `${id}: NaN at ${x}`);
        }
      }
    });

    await t.step("NaN propagates through f, f', f''", () => {
      for (const fn of [act, act.derivative, act.secondDerivative]) {
        assert(Number.isNaN(fn(NaN)));
        assert(Number.isNaN(fn([NaN])[0]!));
        assert(Number.isNaN(fn(new Float32Array([NaN]))[0]!));
      }
    });

    await t.step("with(): parameters checked, originals unchanged", () => {
      const any = act.with as (p: unknown) => Activation;
      assertThrows(() => any({ bogus: 1 }), TypeError, "`bogus`");
      assertThrows(() => any(null), TypeError, "`params`");
      const same = act.with({});
      assertNotStrictEquals(same, act);
      assertEquals({ ...same.params }, { ...act.params });
      for (const [name, spec] of Object.entries(act.paramSpecs)) {
        assertThrows(
          () => any({ [name]: NaN }),
          RangeError,
          "current value is NaN",
        );
        assertThrows(
          () => any({ [name]: "1" }),
          TypeError,
          'current value is "1"',
        );
        if (spec.min !== undefined) {
          const below = spec.exclusiveMin ? spec.min : spec.min - 1;
          assertThrows(() => any({ [name]: below }), RangeError, `\`${name}\``);
        }
        const changed = act.with({ [name]: spec.explore[1] });
        assertEquals(changed.params[name], spec.explore[1]);
        assertEquals(act.params[name], spec.default);
      }
    });

    await t.step("traits, measured (smoothness at every kink)", () => {
      checkTraits(act, exp.kinks);
    });

    await t.step("f' against central finite differences", () => {
      checkDerivative(act, exp.kinks);
    });
  });
}

Deno.test("traits of every activation in the registry, measured at its kinks", async (t) => {
  for (const act of activations) {
    await t.step(act.id, () => {
      const kinks = KINKS[act.id];
      assert(kinks !== undefined, `${act.id}: add its kinks to KINKS`);
      checkTraits(act, kinks);
    });
  }
});

// ---------------------------------------------------------------------------
// Parameters and the new options of relu, step and gelu
// ---------------------------------------------------------------------------

/** [activation, kinks] whose traits and derivatives are checked too. */
const VARIANTS: readonly (readonly [Activation, readonly number[]])[] = [
  [relu.with({ maxValue: 6 }), [0, 6]],
  [relu.with({ negativeSlope: 0.1 }), [0]],
  [relu.with({ maxValue: 6, negativeSlope: 0.1 }), [0, 6]],
  [relu.with({ threshold: 1 }), [1]],
  [relu.with({ threshold: 1, maxValue: 4, negativeSlope: 0.2 }), [1, 4]],
  [relu.with({ negativeSlope: 1 }), []],
  [relu.with({ negativeSlope: 2, maxValue: 3 }), [0, 3]],
  [step.with({ alpha: -1 }), [0]],
  [step.with({ alpha: 0.5, lambda: 2 }), [0]],
  [step.with({ alpha: 3 }), [0]],
  [gelu.with({ approximate: "tanh" }), []],
  [hardSigmoid.with({ slope: 0.2, offset: 0.5 }), [-2.5, 2.5]],
  [hardTanh.with({ min: 0, max: 6 }), [0, 6]],
  [hardTanh.with({ min: -2, max: -1 }), [-2, -1]],
  [celu.with({ alpha: 2 }), [0]],
  [celu.with({ alpha: 0.5 }), [0]],
] as unknown as (readonly [Activation, readonly number[]])[];

Deno.test("variants: traits and f' measured", async (t) => {
  for (const [act, kinks] of VARIANTS) {
    await t.step(describe(act), () => {
      checkTraits(act, kinks);
      checkDerivative(act, kinks);
      for (const fn of [act, act.derivative, act.secondDerivative]) {
        assert(Number.isNaN(fn(NaN)));
        for (const x of [-Infinity, Infinity, -1e300, 1e300]) {
          assert(!Number.isNaN(fn(x)), `${describe(act)} at ${x}`);
        }
      }
      checkOverloads(act, (x) => act(x), describe(act));
    });
  }
});

Deno.test("relu: Keras ReLU(max_value, negative_slope, threshold) as parameters", () => {
  assertEquals({ ...relu.params }, {
    maxValue: Infinity,
    negativeSlope: 0,
    threshold: 0,
  });
  // defaults: today's relu, bit for bit, including −0 and the in-loop kernels
  const xs = [-Infinity, -3, -0, 0, 5e-324, 2, 1e308, Infinity, NaN];
  const plain = relu.with({});
  xs.forEach((x) => assertIs(plain(x), relu(x), `relu(${x})`));
  assertIs(relu(-0), 0, "relu(-0)");
  const capped = relu.with({ maxValue: 6, negativeSlope: 0.1, threshold: 0 });
  assertEquals(capped([-10, -0.5, 0, 3, 6, 8, Infinity, -Infinity]), [
    -1,
    -0.05,
    0,
    3,
    6,
    6,
    6,
    -Infinity,
  ]);
  assertEquals(capped.derivative([-10, 0, 3, 6, 8]), [0.1, 0.1, 1, 0, 0]);
  assertEquals(capped.secondDerivative([-10, 0, 3, 6, 8]), [0, 0, 0, 0, 0]);
  // threshold: x·(x > θ) as Keras, so f(θ) = 0 and the unit jumps there
  const th = relu.with({ threshold: 1 });
  assertEquals(th([0.5, 1, 1.5]), [0, 0, 1.5]);
  assertEquals(th.derivative([0.5, 1, 1.5]), [0, 0, 1]);
  assertEquals(th.traits.smoothness, "discontinuous");
  const leaky = relu.with({ negativeSlope: 0.2, threshold: 1 });
  assertAlmostEquals(leaky(-1), -0.4, 1e-16);
  // slope 0 at −∞: 0, not 0·∞
  assertIs(relu.with({ maxValue: 6 })(-Infinity), 0, "capped(-∞)");
  // bad values: Keras rejects negative max_value, negative_slope, threshold
  assertThrows(() => relu.with({ maxValue: -1 }), RangeError, "`maxValue`");
  assertThrows(
    () => relu.with({ negativeSlope: -0.1 }),
    RangeError,
    "`negativeSlope`",
  );
  assertThrows(() => relu.with({ threshold: -1 }), RangeError, "`threshold`");
  assertThrows(
    () => relu.with({ threshold: Infinity }),
    RangeError,
    "current value is Infinity",
  );
  assertThrows(
    () => relu.with({ maxValue: NaN }),
    RangeError,
    "current value is NaN",
  );
  assertThrows(
    () => relu.with({ maxValue: -Infinity }),
    RangeError,
    "`maxValue`",
  );
  // relu6 is relu capped at 6
  for (const x of [-2, 0, 3, 6, 7, NaN]) {
    assertIs(relu.with({ maxValue: 6 })(x), relu6(x), `relu6(${x})`);
    assertIs(
      relu.with({ maxValue: 6 }).derivative(x),
      relu6.derivative(x),
      `relu6'(${x})`,
    );
  }
  // formulas follow the parameters
  assertStringIncludes(capped.formula.f, "6");
  assertStringIncludes(capped.formula.f, "0.1");
  assertEquals(relu.formula.f.includes("\\max(0, x)"), true);
  // negativeSlope alone is leakyRelu
  const lk = relu.with({ negativeSlope: 0.01 });
  for (const x of [-3, -0, 0, 2]) {
    assertIs(lk(x), leakyRelu(x), `leaky(${x})`);
    assertIs(lk.derivative(x), leakyRelu.derivative(x), `leaky'(${x})`);
  }
});

Deno.test("step: a chosen value on the left (tfjs step(x, alpha))", () => {
  assertEquals(step.params.alpha, 0);
  const s = step.with({ alpha: -1 });
  assertEquals(s([-2, 0, 3]), [-1, 0, 1]);
  assertIs(s(-0), 0, "step(-0), α = −1");
  assertEquals(step.with({ alpha: 0.5 })([-1, 0, 1]), [0.5, 0.75, 1]);
  assertEquals(step.with({ alpha: 0.5 }).derivative([-1, 0, 1]), [0, 0, 0]);
  assertEquals(s.traits.range, [-1, 1]);
  assertEquals(s.traits.zeroCentered, true);
  assertEquals(step.with({ alpha: 3 }).traits.monotonic, false);
  // the midpoint never overflows
  assertEquals(step.with({ alpha: 1e308, lambda: 1.5e308 })(0), 1.25e308);
  assertStringIncludes(s.formula.f, "-1");
  assertThrows(() => step.with({ alpha: Infinity }), RangeError, "`alpha`");
});

Deno.test("gelu: approximate as a switch ('none' | 'tanh', or a boolean)", () => {
  assertEquals(gelu.params.approximate, 0);
  const a = gelu.with({ approximate: "tanh" });
  const b = gelu.with({ approximate: true });
  const c = gelu.with({ approximate: 1 });
  for (const g of [a, b, c]) assertEquals(g.params.approximate, 1);
  assertEquals(gelu.with({ approximate: false }).params.approximate, 0);
  assertEquals(gelu.with({ approximate: "none" }).params.approximate, 0);
  assertEquals(a.with({}).params.approximate, 1);
  for (const x of [-5, -1, -0.3, 0, 0.7, 2, 10]) {
    assertIs(b(x), a(x), `${x}`);
    const want = 0.5 * x *
      (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
    assertAlmostEquals(a(x), want, 4e-16 * Math.max(1, Math.abs(x)));
  }
  // tanh approximation vs exact: within 5e-4 everywhere, not equal
  let worst = 0;
  for (let x = -8; x <= 8; x += 1 / 64) {
    worst = Math.max(worst, Math.abs(a(x) - gelu(x)));
  }
  assert(worst > 1e-4 && worst < 5e-4, `max |tanh − exact| = ${worst}`);
  assertIs(a(0), 0, "approx(0)");
  assertIs(a(-0), -0, "approx(-0)");
  assertIs(a.derivative(0), 0.5, "approx'(0)");
  assertIs(a(Infinity), Infinity, "approx(∞)");
  assertIs(a(-Infinity), -0, "approx(-∞)");
  assertIs(a.derivative(Infinity), 1, "approx'(∞)");
  assertStringIncludes(a.formula.f, "\\tanh");
  assertStringIncludes(a.formula.f, "0.044715");
  assert(!gelu.formula.f.includes("0.044715"));
  // bad values name the switch and its choices
  const any = gelu.with as (p: unknown) => Activation;
  assertThrows(
    () => any({ approximate: "erf" }),
    TypeError,
    '"none" (0), "tanh" (1)',
  );
  assertThrows(
    () => any({ approximate: 0.5 }),
    RangeError,
    "current value is 0.5",
  );
  assertThrows(() => any({ approximate: 2 }), RangeError, "`approximate`");
  assertThrows(() => any({ approximate: null }), TypeError, "`approximate`");
  // booleans are for switches only
  assertThrows(
    () => (elu.with as (p: unknown) => Activation)({ alpha: true }),
    TypeError,
    "`alpha` must be a number",
  );
});

Deno.test("hardSigmoid: PyTorch default, Keras 2 / tfjs form by parameters", () => {
  // PyTorch: relu6(x + 3)/6
  assertEquals(hardSigmoid([-3, -1.5, 0, 1.5, 3]), [0, 0.25, 0.5, 0.75, 1]);
  // Keras 2 / tfjs: clip(0.2x + 0.5, 0, 1), kinks at ±2.5
  const keras = hardSigmoid.with({ slope: 0.2, offset: 0.5 });
  assertEquals(keras([-2.5, 0, 2.5, 3]), [0, 0.5, 1, 1]);
  assertEquals(keras.derivative([-2.5, -1, 0, 2.5]), [0, 0.2, 0.2, 0]);
  assertThrows(() => hardSigmoid.with({ slope: 0 }), RangeError, "`slope`");
});

Deno.test("hardTanh: min < max required", () => {
  assertThrows(
    () => hardTanh.with({ min: 1 }),
    RangeError,
    "`min` must be < `max`",
  );
  assertThrows(
    () => hardTanh.with({ min: 2, max: 2 }),
    RangeError,
    "current value is 2",
  );
  assertEquals(hardTanh.with({ min: -2, max: 3 })([-5, 0, 5]), [-2, 0, 3]);
});

Deno.test("identities of the new units", () => {
  for (let x = -40; x <= 40; x += 0.37) {
    // log σ(x) = −softplus(−x) and log σ = log of σ where σ is not tiny
    assertIs(logSigmoid(x), -softplus(-x) === 0 ? -0 : -softplus(-x), `${x}`);
    if (x > -30) assertAlmostEquals(logSigmoid(x), Math.log(sigmoid(x)), 1e-14);
    // log σ' = σ(−x)
    assertIs(logSigmoid.derivative(x), sigmoid(-x), `logσ'(${x})`);
    // celu with α = 1 is elu
    assertIs(celu(x), elu(x), `celu(${x})`);
    assertIs(celu.derivative(x), elu.derivative(x), `celu'(${x})`);
    // hardSwish = x·hardSigmoid(x)
    assertAlmostEquals(
      hardSwish(x),
      x * hardSigmoid(x),
      1e-14 * Math.max(1, Math.abs(x)),
    );
    // hardTanh with [0, 6] is relu6
    assertIs(
      hardTanh.with({ min: 0, max: 6 })(x),
      relu6(x) === 0 && x < 0 ? 0 : relu6(x),
      `${x}`,
    );
    // softsign odd
    assertIs(softsign(-x), -softsign(x), `softsign(-${x})`);
  }
  // exact in both tails
  assertEquals(logSigmoid(-1e300), -1e300);
  assertEquals(logSigmoid(745), -5e-324);
  assertEquals(logSigmoid(40), -4.248354255291589e-18);
  assertEquals(celu.with({ alpha: 2 })(-1e-300), -1e-300);
});
