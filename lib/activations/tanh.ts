import { type Activation, defineActivation } from "../activation.ts";
import { LECUN_1998, squashingTraits } from "./_common.ts";
import { onePlusCubed } from "./_second.ts";
import { mulExp } from "../_double_double.ts";

/**
 * sech²(x) = 4t/(1 + t)² with t = e^−2|x| (from cosh x = (e^x + e^−x)/2).
 *
 * The textbook 1 − tanh² x is exactly 0 from x ≈ 19.06 on, where tanh x
 * rounds to 1; this form has no subtraction and keeps full relative
 * precision until the result underflows (x ≈ 372.5).
 *
 * @param x The input.
 * @returns tanh'(x).
 */
export function tanhDerivativeScalar(x: number): number {
  const t = Math.exp(-2 * Math.abs(x));
  const d = 1 + t;
  return (4 * t) / (d * d);
}

/**
 * tanh''(x) = −2·tanh x·sech² x, written with t = e^−2|x| as
 * −sign(x)·8t(1 − t)/(1 + t)³ (tanh|x| = (1 − t)/(1 + t), sech² x =
 * 4t/(1 + t)²), 1 − t = −expm1(−2|x|): no cancellation near 0, where
 * 1 − tanh² and tanh both lose digits, nor in the tails. Beyond |x| = 350
 * it is −sign(x)·8e^−2|x| to the last bit, formed by {@linkcode mulExp} so
 * a subnormal result is rounded once. tanh''(0) = 0; tanh'' is odd.
 *
 * @param x The input.
 * @returns tanh''(x).
 */
export function tanhSecondDerivativeScalar(x: number): number {
  const a = Math.abs(x);
  let v: number;
  if (a < 350) {
    const t = Math.exp(-2 * a);
    v = (8 * t * -Math.expm1(-2 * a)) / onePlusCubed(t);
  } else {
    v = a < Infinity ? mulExp(8, -2 * a) : a === a ? 0 : a;
  }
  return x > 0 ? -v : v; // NaN stays NaN
}

// e^z for 2 ≤ z < 44, inlined: the reduction and rational kernel of fdlibm's
// e_exp.c (Sun Microsystems 1993; the routine V8 calls for Math.exp), with
// 2^k from a table instead of a call. Error < 1 ulp, as Math.exp.
// https://www.netlib.org/fdlibm/e_exp.c
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;
const POW2 = new Float64Array(80).map((_, k) => 2 ** k);
const SIGN = new Float64Array([1, -1]);

function expMid(z: number): number {
  const k = (INV_LN2 * z + 0.5) | 0;
  const hi = z - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  return (1 - ((lo - (r * c) / (2 - c)) - hi)) * POW2[k]!;
}

/**
 * tanh x with one exponential, after fdlibm's s_tanh.c
 * (https://www.netlib.org/fdlibm/s_tanh.c): for |x| < 1, t/(t + 2) with
 * t = expm1(2|x|) (fdlibm takes expm1(−2|x|), whose quotient amplifies the
 * error of expm1 up to 1.8×; with t ≥ 0 nothing is amplified); for
 * 1 ≤ |x| < 22, 1 − 2/(e^{2|x|} + 1) with the inlined exponential above, no
 * call; beyond, ±1. Against mpmath on 208,000 points: at most 1.77 ulp
 * (Math.tanh: 1.95), fewer results off the correctly rounded value than
 * Math.tanh, and faster, since only |x| < 1 calls out of line.
 *
 * @param x The input.
 * @returns tanh x.
 */
export function tanhScalar(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 1) {
    if (a === 0) return x; // ±0
    const t = Math.expm1(2 * a);
    r = t / (t + 2);
  } else if (a < 22) {
    r = 1 - 2 / (expMid(2 * a) + 1);
  } else {
    r = a === a ? 1 : a;
  }
  return r * SIGN[+(x < 0)]!;
}

/**
 * The hyperbolic tangent, tanh x = (e^x − e^−x)/(e^x + e^−x) = 2σ(2x) − 1,
 * and tanh' x = 1 − tanh² x, computed as sech² x so the tails stay exact.
 *
 * At 0: tanh 0 = 0, tanh' 0 = 1. Limits ±1 at ±∞, derivative 0 there.
 * Saturating, monotonic, zero-centred; derivative not monotonic.
 *
 * @example Usage
 * ```ts
 * import { tanh } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 * assertEquals(tanh(0), 0);
 * assertEquals(tanh.derivative(0), 1);
 * // 1 − tanh² is 0 here; the true value is 4e^−40 ≈ 1.70e-17
 * assertAlmostEquals(tanh.derivative(20), 1.6993e-17, 1e-20);
 * ```
 */
export const tanh: Activation<Record<never, number>> = defineActivation({
  id: "tanh",
  label: "Tanh",
  params: {},
  kernels: () => ({
    f: tanhScalar,
    df: tanhDerivativeScalar,
    d2f: tanhSecondDerivativeScalar,
  }),
  formula: () => ({
    f: "\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    df: "\\tanh'(x) = 1 - \\tanh^2(x) = \\operatorname{sech}^2(x)",
    d2f: "\\tanh''(x) = -2\\tanh(x)\\,\\operatorname{sech}^2(x)",
  }),
  traits: () => squashingTraits([-1, 1], 0), // odd: mean output 0
  description:
    "Hyperbolic tangent: saturating left and right, monotonic and zero-centred (odd: mean output 0), a rescaled sigmoid (tanh x = 2σ(2x) − 1). The derivative 1 − tanh² x is computed as sech² x, exact where tanh rounds to ±1.",
  references: [LECUN_1998],
});
