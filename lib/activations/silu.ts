import { type Activation, defineActivation } from "../activation.ts";
import { mulExp, productError } from "../_double_double.ts";
import {
  ELFWING_2017,
  gatedUnitTraits,
  HENDRYCKS_2016,
  RAMACHANDRAN_2017,
} from "./_common.ts";
import { onePlusCubed } from "./_second.ts";

// x₀, the zero of SiLU' (1 + x₀ + e^{x₀} = 0), in three parts, and
// a = e^{x₀} = −1 − x₀ in two (mpmath, 80 digits).
const X0_1 = -1.2784645427610737;
const X0_2 = -1.0946994183093437e-16;
const X0_3 = -3.907766676128665e-33;
const A_1 = 0.2784645427610738;
const A_2 = -1.5523606315812798e-18;
/** The minimum of SiLU, f(x₀) = 1 + x₀ = −e^{x₀}, correctly rounded. */
const SILU_MIN = -0.2784645427610738;

/**
 * SiLU(x) = x·σ(x).
 *
 * For x ≥ 0 as x/(1 + e^−x); for −37 < x < 0 as x·e^x/(1 + e^x); below,
 * where 1 + e^x rounds to 1, as x·e^x with {@linkcode mulExp}, which keeps
 * the relative precision where e^x is subnormal but x·e^x is not
 * (−745 < x < −708: x·e^x written out loses up to all its digits there).
 *
 * @param x The input.
 * @returns SiLU(x); SiLU(−∞) = −0, SiLU(∞) = ∞.
 */
export function siluScalar(x: number): number {
  if (x >= 0) return x / (1 + Math.exp(-x));
  if (x > -37) {
    const e = Math.exp(x);
    return (x * e) / (1 + e);
  }
  if (!(x > -800)) return x !== x ? NaN : -0;
  return mulExp(x, x);
}

/**
 * SiLU'(x) = σ(x)·(1 + x·σ(−x)) = σ'(x)·(1 + x + e^x), with σ'(x) =
 * e^x/(1 + e^x)².
 *
 * The factor s = 1 + x + e^x vanishes at x₀ ≈ −1.2785 and the obvious
 * evaluations cancel catastrophically around it. With d = x − x₀ and
 * a = e^{x₀} = −1 − x₀, the identity
 *
 *   s = (1 + x₀ + a) + d + a·(e^d − 1) = d + a·expm1(d)
 *
 * has two terms of the same sign: no cancellation at all. d is exact to
 * a rounding (x − x₀₁ is exact by Sterbenz's lemma on [2x₀, x₀/2], and x₀
 * is stored in three parts), so SiLU' keeps its relative precision even on
 * the doubles adjacent to x₀. Away from x₀: for x ≥ 0 with E = e^−x as
 * (1 + E(1 + x))/(1 + E)² (all terms positive); for x < 0 as
 * e^x·((1 + x) + e^x)/(1 + e^x)² (no cancellation outside [2x₀, x₀/2]);
 * below −37 as (1 + x)·e^x with {@linkcode mulExp}.
 *
 * @param x The input.
 * @returns SiLU'(x); 1 at ∞, −0 at −∞.
 */
export function siluDerivativeScalar(x: number): number {
  if (x > X0_1 / 2) {
    if (x >= 0) {
      if (x > 750) return 1;
      const E = Math.exp(-x);
      return (1 + E * (1 + x)) / onePlusSquared(E);
    }
    const e = Math.exp(x);
    return (e * ((1 + x) + e)) / onePlusSquared(e);
  }
  if (x >= 2 * X0_1) {
    const d = ((x - X0_1) - X0_2) - X0_3;
    const m = Math.expm1(d);
    const s = d + (A_1 * m + A_2 * m);
    const e = Math.exp(x);
    return (e * s) / onePlusSquared(e);
  }
  if (x > -37) {
    const e = Math.exp(x);
    return (e * ((1 + x) + e)) / onePlusSquared(e);
  }
  if (!(x > -800)) return x !== x ? NaN : -0;
  return mulExp(1 + x, x);
}

// r, the zero of SiLU'' on x > 0 ((2 − r) + e^−r(2 + r) = 0), in three
// parts, and A = e^−r: A − 1, A(2 + r) = r − 2 as hi + lo (mpmath, 80
// digits; tests/fixtures/make_second_tables.py).
const R_1 = 2.3993572805154675;
const R_2 = 1.8464872855353363e-16;
const R_3 = 1.0808311685947344e-33;
const A_M1 = -0.9092237217731324;
const A_2R = 0.39935728051546765;
const A_2R_LO = 1.8115274859760153e-17;
const A_R = 0.0907762782268676;

/**
 * SiLU''(x) = σ'(x)·(2 + x(1 − 2σ(x))) = σ'(x)·(2 − x·tanh(x/2)), an even
 * function. With a = |x| and E = e^−a it is E·g/(1 + E)³, where
 * g = (2 − a) + E(2 + a) (σ' = E/(1 + E)², tanh(a/2) = (1 − E)/(1 + E)).
 *
 * g vanishes at r ≈ 2.39936 (the inflection points ±r of SiLU) and
 * cancels around it. With d = a − r, A = e^−r and m = expm1(−d),
 * subtracting g(r) = 0 leaves
 *
 *   g = d·(A − 1) + m·(A(2 + r) + A·d),
 *
 * whose two leading terms have the same sign (A − 1 < 0, m has the sign
 * of −d): no cancellation, and d is exact to a rounding (r in three parts,
 * a − r₁ exact by Sterbenz's lemma on [r/2, 2r]), so SiLU'' keeps its
 * relative precision on the doubles adjacent to ±r. Beyond |x| = 40,
 * SiLU'' = (2 − a)·e^−a to the last bit, formed by {@linkcode mulExp}.
 *
 * @param x The input.
 * @returns SiLU''(x); 0 at ±∞.
 */
export function siluSecondDerivativeScalar(x: number): number {
  const a = Math.abs(x);
  if (!(a <= 40)) return a === Infinity ? 0 : a !== a ? NaN : mulExp(2 - a, -a);
  const E = Math.exp(-a);
  let g: number;
  if (a >= R_1 / 2 && a <= 2 * R_1) {
    const d = ((a - R_1) - R_2) - R_3;
    const m = Math.expm1(-d);
    g = d * A_M1 + m * (A_2R + (A_2R_LO + A_R * d));
  } else {
    g = (2 - a) + E * (2 + a);
  }
  return (E * g) / onePlusCubed(E);
}

/**
 * (1 + e)² for 0 ≤ e ≤ 1 with a single rounding: 1 + e = q + r exactly
 * (Fast2Sum), q² = h + l exactly (Dekker), then h + (l + 2qr).
 *
 * @param e A number in [0, 1].
 * @returns (1 + e)², to about half an ulp.
 */
export function onePlusSquared(e: number): number {
  const q = 1 + e;
  const r = e - (q - 1);
  const h = q * q;
  return h + (productError(q, q, h) + 2 * q * r);
}

/**
 * The sigmoid-weighted linear unit SiLU(x) = x·σ(x) (Hendrycks & Gimpel
 * 2016; Elfwing et al. 2017), a.k.a. Swish with β = 1 (Ramachandran et al.
 * 2017), and SiLU'(x) = σ(x)·(1 + x·σ(−x)).
 *
 * Smooth, not monotonic: it dips to its minimum −0.27846454276107380 at
 * x₀ ≈ −1.27846454276107380 (where SiLU' = 0 and, curiously, f(x₀) =
 * 1 + x₀), then tends to 0 on the left; SiLU' is not monotonic either (it
 * overshoots 1 near x ≈ 2.4). At 0: f = 0, f' = ½. Limits: f(−∞) = 0,
 * f'(−∞) = 0, f'(∞) = 1. Each value is within a few ulps of the correctly
 * rounded one over the whole float64 range, also next to x₀, where
 * SiLU' is computed without cancellation (see
 * {@linkcode siluDerivativeScalar}).
 *
 * @example Usage
 * ```ts
 * import { silu } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 * assertEquals(silu(0), 0);
 * assertEquals(silu.derivative(0), 0.5);
 * assertEquals(silu(-Infinity), 0);
 * assertEquals(silu.derivative(Infinity), 1);
 * // next to the zero of SiLU': relative precision is kept
 * assertAlmostEquals(silu.derivative(-1.2784645427610737) / 2.3843834755243115e-17, 1, 1e-15);
 * ```
 */
export const silu: Activation<Record<never, number>> = defineActivation({
  id: "silu",
  label: "SiLU",
  params: {},
  kernels: () => ({
    f: siluScalar,
    df: siluDerivativeScalar,
    d2f: siluSecondDerivativeScalar,
  }),
  formula: () => ({
    f: "\\operatorname{SiLU}(x) = x\\,\\sigma(x) = \\frac{x}{1 + e^{-x}}",
    df:
      "\\operatorname{SiLU}'(x) = \\sigma(x)\\,\\bigl(1 + x\\,\\sigma(-x)\\bigr)",
    d2f:
      "\\operatorname{SiLU}''(x) = \\sigma'(x)\\,\\bigl(2 + x\\,(1 - 2\\sigma(x))\\bigr) = \\sigma'(x)\\,\\Bigl(2 - x\\tanh\\frac{x}{2}\\Bigr)",
  }),
  traits: () => gatedUnitTraits(SILU_MIN, siluScalar),
  description:
    "Sigmoid-weighted linear unit (Swish with β = 1): x·σ(x), a smooth, non-monotonic ReLU that dips to −0.2785 at x ≈ −1.2785 and tends to 0 on the left. Convention: f(0) = 0, f'(0) = 1/2.",
  references: [HENDRYCKS_2016, ELFWING_2017, RAMACHANDRAN_2017],
});
