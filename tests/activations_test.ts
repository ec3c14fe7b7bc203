import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLessOrEqual,
  assertNotStrictEquals,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import fc, { type Arbitrary } from "fast-check";
import type { Activation } from "../lib/activation.ts";
import {
  activations,
  elu,
  gelu,
  leakyRelu,
  mish,
  prelu,
  relu,
  selu,
  SELU_ALPHA,
  SELU_LAMBDA,
  sigmoid,
  sign,
  silu,
  softplus,
  step,
  tanh,
} from "../lib/activations/mod.ts";
import * as units from "../lib/activations/mod.ts";
import { gradcheck } from "../lib/gradcheck.ts";
import {
  assertIs,
  checkErrors,
  checkOverloads,
  checkTraitExtras,
  checkTraits,
  describe,
  KINKS,
  measureMean,
} from "./support/activation_contract.ts";
import { ulpDistance } from "./support/ulp.ts";

// ---------------------------------------------------------------------------
// Expectations from DESIGN.md's table
// ---------------------------------------------------------------------------

/** λα correctly rounded (mpmath, 50 digits: 1.75809934084737685994...). */
const SELU_LA = 1.7580993408473768;

interface Expected {
  /** f(0) and f'(0) (exact, checked with Object.is). */
  readonly zero: readonly [f: number, df: number];
  /** f(−0): −0 where f(x) ~ c·x at the origin, so the sign of zero is kept. */
  readonly negZero: number;
  /** f(−∞), f(∞), f'(−∞), f'(∞). */
  readonly limits: readonly [number, number, number, number];
}

const EXPECTED: Readonly<Record<string, Expected>> = {
  step: { zero: [0.5, 0], negZero: 0.5, limits: [0, 1, 0, 0] },
  sign: { zero: [0, 0], negZero: -0, limits: [-1, 1, 0, 0] },
  sigmoid: { zero: [0.5, 0.25], negZero: 0.5, limits: [0, 1, 0, 0] },
  tanh: { zero: [0, 1], negZero: -0, limits: [-1, 1, 0, 0] },
  // relu(−0) = +0, as Math.max(0, −0)
  relu: { zero: [0, 0], negZero: 0, limits: [0, Infinity, 0, 1] },
  leakyRelu: {
    zero: [0, 0.01],
    negZero: -0,
    limits: [-Infinity, Infinity, 0.01, 1],
  },
  prelu: {
    zero: [0, 0.25],
    negZero: -0,
    limits: [-Infinity, Infinity, 0.25, 1],
  },
  elu: { zero: [0, 1], negZero: -0, limits: [-1, Infinity, 0, 1] },
  selu: {
    zero: [0, SELU_LA],
    negZero: -0,
    limits: [-SELU_LA, Infinity, 0, SELU_LAMBDA],
  },
  softplus: {
    zero: [Math.LN2, 0.5],
    negZero: Math.LN2,
    limits: [0, Infinity, 0, 1],
  },
  silu: { zero: [0, 0.5], negZero: -0, limits: [0, Infinity, 0, 1] },
  gelu: { zero: [0, 0.5], negZero: -0, limits: [0, Infinity, 0, 1] },
  mish: { zero: [0, 0.6], negZero: -0, limits: [0, Infinity, 0, 1] },
};

/** The 13 original units, in registry order. */
const IDS = Object.keys(EXPECTED);

/** Other parameter values whose traits and limits are checked too. */
const VARIANTS: readonly Activation[] = [
  step.with({ lambda: 3 }),
  sign.with({ lambda: 0.5 }),
  leakyRelu.with({ slope: 0 }),
  leakyRelu.with({ slope: 0.2 }),
  leakyRelu.with({ slope: -0.1 }),
  leakyRelu.with({ slope: 1 }),
  leakyRelu.with({ slope: 2 }),
  prelu.with({ alpha: 0 }),
  prelu.with({ alpha: 0.6 }),
  elu.with({ alpha: 2 }),
  elu.with({ alpha: 0.5 }),
  elu.with({ alpha: 0 }),
  selu.with({ alpha: 1 }),
  selu.with({ lambda: 2 }),
] as Activation[];

/** f(−∞), f(∞), f'(−∞), f'(∞) for the variants, in the order above. */
const VARIANT_LIMITS: readonly (readonly [number, number, number, number])[] = [
  [0, 3, 0, 0],
  [-0.5, 0.5, 0, 0],
  [0, Infinity, 0, 1], // 0·(−∞) must not give NaN
  [-Infinity, Infinity, 0.2, 1],
  [Infinity, Infinity, -0.1, 1],
  [-Infinity, Infinity, 1, 1],
  [-Infinity, Infinity, 2, 1],
  [0, Infinity, 0, 1], // 0·(−∞) must not give NaN
  [-Infinity, Infinity, 0.6, 1],
  [-2, Infinity, 0, 1],
  [-0.5, Infinity, 0, 1],
  [0, Infinity, 0, 1],
  [-SELU_LAMBDA, Infinity, 0, SELU_LAMBDA],
  [-2 * SELU_ALPHA, Infinity, 0, 2],
];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function byId(id: string): Activation {
  const act = activations.find((a) => a.id === id);
  if (act === undefined) throw new Error(`no activation ${id} in the registry`);
  return act;
}

/** Smallest positive normal double: below it results are subnormal. */
const MIN_NORMAL = 2 ** -1022;

/**
 * a within `n` ulps of b; subnormal results are compared absolutely (to
 * the smallest normal), since they carry fewer than 53 bits anyway.
 */
function assertUlps(a: number, b: number, n: number, msg: string): void {
  const d = ulpDistance(a, b);
  assert(
    d <= n || Math.abs(a - b) <= MIN_NORMAL,
    `${msg}: got ${a}, expected ${b} (${d} ulps apart, at most ${n} allowed)`,
  );
}

/**
 * f' against central finite differences (lib/gradcheck.ts), on a grid over
 * [−30, 30] and at random points, away from the kink at 0 (declared
 * explicitly, so a wrong `smoothness` claim cannot hide a kink).
 */
function checkDerivative(act: Activation, numRuns = 100): void {
  const name = describe(act);
  const grid = gradcheck(act, { range: [-30, 30], count: 1201, kinks: [0] });
  assert(
    grid.ok,
    `${name}': worst at x = ${grid.worst.x}: ${grid.worst.analytic} vs ${grid.worst.numeric}`,
  );
  fc.assert(
    fc.property(doubles(-30, 30), (x) => {
      if (Math.abs(x) < 1e-3) return;
      const r = gradcheck(act, { points: [x], kinks: [0] });
      assert(
        r.ok,
        `${name}'(${x}) = ${r.worst.analytic}, finite difference ${r.worst.numeric}`,
      );
    }),
    { numRuns },
  );
}

/** A property over doubles in [min, max] (no NaN, no infinities). */
function doubles(min: number, max: number): Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Relative-plus-absolute closeness, in units of the double epsilon. */
function assertNear(
  actual: number,
  expected: number,
  eps: number,
  scale: number,
  msg: string,
) {
  const tol = eps * Number.EPSILON * Math.max(Math.abs(scale), MIN_NORMAL);
  assertLessOrEqual(
    Math.abs(actual - expected),
    tol,
    `${msg}: ${actual} vs ${expected}`,
  );
}

// ---------------------------------------------------------------------------
// The registry
// ---------------------------------------------------------------------------

Deno.test("activations", async (t) => {
  await t.step("basic", () => {
    // the 7 units of issue 12 follow (tests/activations_new_test.ts)
    assertEquals(activations.length, 20);
    assertEquals(activations.slice(0, 13).map((a) => a.id), IDS);
    assert(Object.isFrozen(activations));
    // each is the module's export of the same name
    for (const a of activations.slice(0, 13)) {
      assertStrictEquals(units[a.id as keyof typeof units], a);
    }
  });
});

// ---------------------------------------------------------------------------
// The Activation contract, for every activation in the registry
// ---------------------------------------------------------------------------

for (const id of IDS) {
  Deno.test(`${id}()`, async (t) => {
    const act = byId(id);
    const exp = EXPECTED[id]!;

    await t.step("metadata", () => {
      assertEquals(act.id, id);
      assert(typeof act.label === "string" && act.label.length > 0, "label");
      assert(
        typeof act.formula.f === "string" && act.formula.f.length > 0,
        "formula.f",
      );
      assert(
        typeof act.formula.df === "string" && act.formula.df.length > 0,
        "formula.df",
      );
      assert(act.description.length > 0, "description");
      assert(act.references.length > 0, "references");
      for (const ref of act.references) {
        assertStringIncludes(ref.url, "https://");
      }
      const defaults = Object.fromEntries(
        Object.entries(act.paramSpecs).map(([k, s]) => [k, s.default]),
      );
      assertEquals({ ...act.params }, defaults, "params are the defaults");
      assert(Object.isFrozen(act.params), "params frozen");
      assertEquals(
        Object.keys(act.traits).sort(),
        [
          "derivativeMonotonic",
          "kinks",
          "meanOutput",
          "monotonic",
          "range",
          "rangeAttained",
          "saturates",
          "saturating",
          "smoothness",
          ...(id === "step" || id === "sign" ? ["values"] : []),
          "zeroCentered",
        ],
      );
      assertStringIncludes(String(act), act.label);
    });

    await t.step("overloads", () => {
      checkOverloads(act, (x) => act(x), id);
      checkOverloads(
        act.derivative,
        (x) => act.derivative(x),
        `${id}.derivative`,
      );
    });

    await t.step("errors", () => {
      checkErrors(act, id);
      checkErrors(act.derivative, `${id}.derivative`);
    });

    await t.step("basic: f(0), f'(0)", () => {
      assertIs(act(0), exp.zero[0], `${id}(0)`);
      assertIs(act.derivative(0), exp.zero[1], `${id}'(0)`);
      assertIs(act([0])[0], exp.zero[0], `${id}([0])`);
      assertIs(
        act.derivative(new Float64Array([0]))[0],
        exp.zero[1],
        `${id}'(Float64Array [0])`,
      );
    });

    await t.step("+/-0", () => {
      assertIs(act(-0), exp.negZero, `${id}(-0)`);
      assertIs(
        act(new Float64Array([-0]))[0],
        exp.negZero,
        `${id}(Float64Array [-0])`,
      );
      assertIs(act.derivative(-0), act.derivative(0), `${id}'(-0) = ${id}'(0)`);
      assertIs(act.derivative([-0])[0], act.derivative(0), `${id}'([-0])`);
    });

    await t.step("limits at ±∞", () => {
      const [fm, fp, dfm, dfp] = exp.limits;
      assertEquals(act(-Infinity), fm, `${id}(-∞)`);
      assertEquals(act(Infinity), fp, `${id}(∞)`);
      assertEquals(act.derivative(-Infinity), dfm, `${id}'(-∞)`);
      assertEquals(act.derivative(Infinity), dfp, `${id}'(∞)`);
      // and the far tails agree with the limits (no overflow to NaN on the way)
      for (const x of [-1e300, -1e20, -800, 800, 1e20, 1e300]) {
        assert(!Number.isNaN(act(x)), `${id}(${x}) is NaN`);
        assert(!Number.isNaN(act.derivative(x)), `${id}'(${x}) is NaN`);
      }
    });

    await t.step("NaN", () => {
      assert(Number.isNaN(act(NaN)), `${id}(NaN)`);
      assert(Number.isNaN(act.derivative(NaN)), `${id}'(NaN)`);
      assert(Number.isNaN(act([NaN])[0]), `${id}([NaN])`);
      assert(
        Number.isNaN(act.derivative(new Float32Array([NaN]))[0]),
        `${id}'(Float32Array [NaN])`,
      );
    });

    await t.step("with()", () => {
      const any = act.with as (p: unknown) => Activation;
      assertThrows(() => any({ bogus: 1 }), TypeError, "`bogus`");
      assertThrows(() => any(null), TypeError, "`params`");
      assertThrows(() => any(3), TypeError, "`params`");
      const same = act.with({});
      assertNotStrictEquals(same, act);
      assertEquals({ ...same.params }, { ...act.params });
      assertEquals(same(1.5), act(1.5));
      for (const [name, spec] of Object.entries(act.paramSpecs)) {
        assertThrows(() => any({ [name]: NaN }), RangeError, `\`${name}\``);
        assertThrows(
          () => any({ [name]: NaN }),
          RangeError,
          "current value is NaN",
        );
        if (!spec.allowInfinity) { // relu's maxValue: ∞ is "no cap"
          assertThrows(
            () => any({ [name]: Infinity }),
            RangeError,
            "current value is Infinity",
          );
        }
        assertThrows(
          () => any({ [name]: "1" }),
          TypeError,
          `\`${name}\` must be a number`,
        );
        assertThrows(
          () => any({ [name]: "1" }),
          TypeError,
          'current value is "1"',
        );
        assertThrows(
          () => any({ [name]: undefined }),
          TypeError,
          `\`${name}\``,
        );
        if (spec.min !== undefined) {
          const below = spec.exclusiveMin ? spec.min : spec.min - 1;
          assertThrows(
            () => any({ [name]: below }),
            RangeError,
            `current value is ${below}`,
          );
        }
        const changed = act.with({ [name]: spec.explore[1] });
        assertEquals(changed.params[name], spec.explore[1]);
        assertEquals(
          act.params[name],
          spec.default,
          "the original is unchanged",
        );
        assertEquals(
          changed.with({}).params[name],
          spec.explore[1],
          "with() keeps other values",
        );
      }
    });

    await t.step("traits", () => checkTraits(act, KINKS[id]!));

    await t.step(
      "derivative: central finite differences",
      () => checkDerivative(act),
    );
  });
}

// ---------------------------------------------------------------------------
// Other parameter values
// ---------------------------------------------------------------------------

Deno.test("Activation.with()", async (t) => {
  await t.step("basic", () => {
    assertEquals(leakyRelu.with({ slope: 0.2 })(-5), -1);
    assertEquals({ ...selu.with({ lambda: 2 }).params }, {
      alpha: SELU_ALPHA,
      lambda: 2,
    });
    assertEquals(leakyRelu.with({ slope: 0.2 }).with({}).params.slope, 0.2);
    assertEquals(elu.with({ alpha: 2 }).derivative(0), 2);
    assertEquals(prelu.with({ alpha: 0.5 }).derivative(-3), 0.5);
  });

  await t.step("errors", () => {
    assertThrows(
      () => leakyRelu.with({ slope: NaN }),
      RangeError,
      "`slope` must be a finite number: current value is NaN",
    );
    assertThrows(
      () => elu.with({ alpha: -1 }),
      RangeError,
      "`alpha` must be a finite number >= 0: current value is -1",
    );
    assertThrows(
      () => step.with({ lambda: 0 }),
      RangeError,
      "`lambda` must be a finite number > 0",
    );
    assertThrows(
      () => elu.with({ beta: 1 } as unknown as { alpha: number }),
      TypeError,
      "`beta` is not a parameter of elu",
    );
    assertThrows(
      () => sigmoid.with({ alpha: 1 } as unknown as Record<never, number>),
      TypeError,
      "`alpha` is not a parameter of sigmoid",
    );
    assertThrows(
      () => elu.with({ alpha: "2" as unknown as number }),
      TypeError,
      '`alpha` must be a number: current value is "2"',
    );
  });

  for (const [i, act] of VARIANTS.entries()) {
    await t.step(`${describe(act)}: limits and traits`, () => {
      const [fm, fp, dfm, dfp] = VARIANT_LIMITS[i]!;
      const name = describe(act);
      assertAlmostEquals(act(-Infinity), fm, 1e-15, `${name}(-∞)`);
      assertEquals(act(Infinity), fp, `${name}(∞)`);
      assertEquals(act.derivative(-Infinity), dfm, `${name}'(-∞)`);
      assertEquals(act.derivative(Infinity), dfp, `${name}'(∞)`);
      assert(
        Number.isNaN(act(NaN)) && Number.isNaN(act.derivative(NaN)),
        `${name}: NaN`,
      );
      // smoothness measured at the claimed kinks (each one checked to be
      // real by checkTraitExtras) and at 0
      checkTraits(act, act.traits.kinks ?? []);
    });
  }

  await t.step("traits the brief names", () => {
    assertEquals(elu.with({ alpha: 2 }).traits.derivativeMonotonic, false);
    assertEquals(elu.traits.derivativeMonotonic, true);
    assertEquals(leakyRelu.with({ slope: 0 }).traits.zeroCentered, false);
    assertEquals(selu.traits.derivativeMonotonic, false);
    assertEquals(sigmoid.traits.derivativeMonotonic, false);
    assertEquals(relu.traits.saturating, false);
    assertEquals(elu.with({ alpha: 1 }).traits.smoothness, "C1");
    assertEquals(elu.with({ alpha: 2 }).traits.smoothness, "C0");
  });

  await t.step("zero-centred means |E f(Z)| < 0.01 (issue 13)", () => {
    // closed forms: ReLU 1/√(2π); Leaky ReLU (1 − 0.01)/√(2π); PReLU
    // 0.75/√(2π); ELU 1/√(2π) + √e·Φ(−1) − ½; GELU 1/(2√π)
    const expected: Record<string, number> = {
      relu: 0.3989422804014327,
      leakyRelu: 0.3949528576,
      prelu: 0.2992067103,
      elu: 0.1605205,
      gelu: 0.28209479177387814,
      sigmoid: 0.5,
      tanh: 0,
    };
    for (const [id, m] of Object.entries(expected)) {
      const act = activations.find((a) => a.id === id)!;
      assertAlmostEquals(act.traits.meanOutput!, m, 1e-7, id);
      assertEquals(act.traits.zeroCentered, Math.abs(m) < 0.01, id);
    }
    // the ones issue 13 found taught as zero-centred are not
    for (const a of [leakyRelu, prelu, elu, silu, gelu, mish]) {
      assertEquals(a.traits.zeroCentered, false, a.id);
    }
    // SELU's α is the root of its mean (Klambauer et al. 2017, μ = 0)
    assert(Math.abs(selu.traits.meanOutput!) < 1e-6);
    assertEquals(selu.traits.zeroCentered, true);
    // Leaky ReLU becomes zero-centred only as its slope nears 1
    assertEquals(leakyRelu.with({ slope: 0.98 }).traits.zeroCentered, true);
    assertEquals(leakyRelu.with({ slope: 0.97 }).traits.zeroCentered, false);
    for (
      const a of [leakyRelu.with({ slope: 0.98 }), elu.with({ alpha: 1.7 })]
    ) {
      checkTraitExtras(a);
    }
    assertAlmostEquals(measureMean(relu), 1 / Math.sqrt(2 * Math.PI), 1e-7);
  });

  await t.step("derivative: central finite differences", () => {
    for (const act of VARIANTS) checkDerivative(act, 30);
  });
});

// ---------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------

Deno.test("identities", async (t) => {
  const wide = doubles(-1e3, 1e3);
  const full = doubles(-Number.MAX_VALUE, Number.MAX_VALUE);

  await t.step("σ(−x) = 1 − σ(x)", () => {
    fc.assert(fc.property(wide, (x) => {
      assertNear(sigmoid(-x), 1 - sigmoid(x), 2, 1, `x = ${x}`);
    }));
  });

  await t.step("σ'(x) = σ(x)·σ(−x), even", () => {
    fc.assert(fc.property(wide, (x) => {
      assertStrictEquals(sigmoid.derivative(-x), sigmoid.derivative(x));
      const ref = sigmoid(x) * sigmoid(-x);
      assertNear(sigmoid.derivative(x), ref, 8, ref, `x = ${x}`);
    }));
  });

  await t.step("tanh x = 2σ(2x) − 1", () => {
    fc.assert(fc.property(wide, (x) => {
      assertNear(tanh(x), 2 * sigmoid(2 * x) - 1, 4, 1, `x = ${x}`);
    }));
  });

  await t.step("softplus' = σ", () => {
    fc.assert(fc.property(full, (x) => {
      assertUlps(softplus.derivative(x), sigmoid(x), 1, `x = ${x}`);
    }));
  });

  await t.step("softplus(x) − softplus(−x) = x", () => {
    fc.assert(fc.property(full, (x) => {
      assertNear(
        softplus(x) - softplus(-x),
        x,
        4,
        Math.max(1, Math.abs(x)),
        `x = ${x}`,
      );
    }));
  });

  await t.step("relu(x) − relu(−x) = x", () => {
    fc.assert(fc.property(full, (x) => {
      assertEquals(relu(x) - relu(-x), x);
    }));
  });

  await t.step("elu with α = 1: f' continuous at 0, f'' not", () => {
    fc.assert(fc.property(doubles(1e-300, 1e-6), (eps) => {
      const d = elu.derivative(-eps) - elu.derivative(eps);
      assertLessOrEqual(Math.abs(d), 2 * eps + Number.EPSILON);
      assertLessOrEqual(Math.abs(elu(-eps) - elu(eps)), 4 * eps);
    }));
    // any other α: f continuous, f' jumps by |α − 1|
    fc.assert(fc.property(doubles(0, 5), (alpha) => {
      const e = elu.with({ alpha });
      assertAlmostEquals(
        e.derivative(-1e-12) - e.derivative(1e-12),
        alpha - 1,
        1e-11,
      );
      assertAlmostEquals(e(-1e-12), e(1e-12), 1e-11);
    }));
  });

  await t.step("selu = λ·elu_α", () => {
    const eluA = elu.with({ alpha: SELU_ALPHA });
    fc.assert(fc.property(wide, (x) => {
      assertUlps(selu(x), SELU_LAMBDA * eluA(x), 3, `selu(${x})`);
      assertUlps(
        selu.derivative(x),
        SELU_LAMBDA * eluA.derivative(x),
        3,
        `selu'(${x})`,
      );
    }));
    const custom = selu.with({ alpha: 1.5, lambda: 2 });
    const elu15 = elu.with({ alpha: 1.5 });
    fc.assert(fc.property(wide, (x) => {
      assertUlps(custom(x), 2 * elu15(x), 2, `selu_(1.5, 2)(${x})`);
    }));
  });

  await t.step("silu(x) = x·σ(x), silu' = σ(x)(1 + x·σ(−x))", () => {
    fc.assert(fc.property(full, (x) => {
      assertUlps(silu(x), x * sigmoid(x), 4, `silu(${x})`);
    }));
    fc.assert(fc.property(wide, (x) => {
      const ref = sigmoid(x) * (1 + x * sigmoid(-x));
      // 1 + x·σ(−x) cancels near its root x ≈ −1.278: compare absolutely there
      assertNear(
        silu.derivative(x),
        ref,
        16,
        Math.max(Math.abs(ref), sigmoid(x)),
        `silu'(${x})`,
      );
    }));
  });

  await t.step(
    "gelu: gelu(x) − gelu(−x) = x, gelu'(x) + gelu'(−x) = 1, tanh approximation",
    () => {
      fc.assert(fc.property(full, (x) => {
        assertNear(gelu(x) - gelu(-x), x, 4, x, `gelu(${x}) − gelu(−x)`);
        const g = gelu(x);
        // x·Φ(x) lies between 0 and x
        assert(
          x >= 0 ? g >= 0 && g <= x : g <= 0 && g >= x,
          `gelu(${x}) = ${g}`,
        );
      }));
      fc.assert(fc.property(wide, (x) => {
        assertNear(
          gelu.derivative(x) + gelu.derivative(-x),
          1,
          8,
          1,
          `gelu'(${x}) + gelu'(−x)`,
        );
      }));
      // Hendrycks & Gimpel's tanh approximation is within 5e-4 everywhere
      fc.assert(fc.property(doubles(-10, 10), (x) => {
        const approx = 0.5 * x *
          (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
        assertAlmostEquals(gelu(x), approx, 5e-4);
      }));
    },
  );

  await t.step("mish(x) = x·n/(n + 2), n = eˣ(eˣ + 2)", () => {
    // tanh(ln(1 + eˣ)) = ((1 + eˣ)² − 1)/((1 + eˣ)² + 1): no cancellation
    // in this form, so it is a ulp-level reference wherever n is finite.
    fc.assert(fc.property(doubles(-700, 300), (x) => {
      const ex = Math.exp(x);
      const n = ex * (ex + 2);
      assertUlps(mish(x), x * (n / (n + 2)), 6, `mish(${x})`);
    }));
    fc.assert(fc.property(doubles(-30, 30), (x) => {
      const sp = softplus(x);
      const ref = Math.tanh(sp) + x * (1 / Math.cosh(sp)) ** 2 * sigmoid(x);
      assertNear(
        mish.derivative(x),
        ref,
        64,
        Math.max(1, Math.abs(x)),
        `mish'(${x})`,
      );
    }));
  });
});

// Accuracy against mpmath (every activation, f and f', 4 ulps, with the
// tails and the neighbourhoods of the derivatives' zeros) is
// tests/accuracy_test.ts, on tests/fixtures/reference.json; its inputs
// include every point the inline table that used to live here had.
