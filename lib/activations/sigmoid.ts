import { type Activation, defineActivation } from "../activation.ts";
import { LECUN_1998, squashingTraits } from "./_common.ts";
import { onePlusCubed } from "./_second.ts";

/**
 * σ(x) = 1/(1 + e^−x), evaluated so that it never overflows and keeps full
 * relative precision in both tails: for x ≥ 0 as 1/(1 + e^−x), for x < 0 as
 * e^x/(1 + e^x) (the exponent is always ≤ 0).
 *
 * @param x The input.
 * @returns σ(x).
 */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x); // NaN falls through here and stays NaN
  return e / (1 + e);
}

/**
 * {@linkcode sigmoidScalar} without a branch on the sign of x, for loops
 * (mixed-sign data mispredicts that branch half the time): with
 * e = e^−|x| and k = 1 for x < 0 else 0, σ(x) = ((1 − k) + k·e)/(1 + e) —
 * the same two quotients, 1/(1 + e) and e/(1 + e), bit for bit.
 *
 * @param x The input.
 * @returns σ(x).
 */
export function sigmoidInLoop(x: number): number {
  const e = Math.exp(-Math.abs(x));
  const k = +(x < 0);
  return (1 - k + k * e) / (1 + e);
}

/**
 * σ'(x) = σ(x)·σ(−x) = e^−|x| / (1 + e^−|x|)², the symmetric form.
 *
 * The textbook σ(1 − σ) loses everything once σ rounds to 1 (x ≳ 36.7:
 * 1 − σ is then exactly 0, while the true value at 37.43 is 5.55e-17); with
 * t = e^−|x| there is no subtraction at all and the tails keep full
 * relative precision down to the subnormals.
 *
 * @param x The input.
 * @returns σ'(x).
 */
export function sigmoidDerivativeScalar(x: number): number {
  const t = Math.exp(-Math.abs(x));
  const d = 1 + t;
  return t / (d * d);
}

/**
 * σ''(x) = σ'(x)·(1 − 2σ(x)) = σ(x)σ(−x)(σ(−x) − σ(x)), written with
 * t = e^−|x| as −sign(x)·t·(1 − t)/(1 + t)³, where 1 − t = −expm1(−|x|)
 * keeps its digits near 0 (σ(−x) − σ(x) written out cancels there) and
 * nothing is subtracted in the tails. σ''(0) = 0; σ'' is odd.
 *
 * @param x The input.
 * @returns σ''(x).
 */
export function sigmoidSecondDerivativeScalar(x: number): number {
  const a = Math.abs(x);
  const t = Math.exp(-a);
  const v = (t * -Math.expm1(-a)) / onePlusCubed(t);
  return x > 0 ? -v : v; // NaN stays NaN
}

/**
 * The logistic sigmoid σ(x) = 1/(1 + e^−x), and σ'(x) = σ(x)(1 − σ(x)),
 * computed as σ(x)·σ(−x) so the tails stay exact.
 *
 * At 0: σ(0) = ½, σ'(0) = ¼. Limits: σ(−∞) = 0, σ(∞) = 1, σ'(±∞) = 0.
 * Saturating and monotonic; its derivative is not monotonic (it peaks at 0).
 * Range (0, 1), so its outputs are not zero-centred (LeCun et al. 1998).
 *
 * @example Usage
 * ```ts
 * import { sigmoid } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 * assertEquals(sigmoid(0), 0.5);
 * assertEquals(sigmoid.derivative(0), 0.25);
 * // σ(1 − σ) is 0 here; the true value is 5.55e-17
 * assertAlmostEquals(sigmoid.derivative(37.43), 5.5508e-17, 1e-21);
 * ```
 */
export const sigmoid: Activation<Record<never, number>> = defineActivation({
  id: "sigmoid",
  label: "Sigmoid",
  params: {},
  kernels: () => ({
    f: sigmoidScalar,
    df: sigmoidDerivativeScalar,
    d2f: sigmoidSecondDerivativeScalar,
    fInLoop: sigmoidInLoop,
  }),
  formula: () => ({
    f: "\\sigma(x) = \\frac{1}{1 + e^{-x}}",
    df:
      "\\sigma'(x) = \\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr) = \\sigma(x)\\,\\sigma(-x)",
    d2f:
      "\\sigma''(x) = \\sigma(x)\\,\\sigma(-x)\\,\\bigl(\\sigma(-x) - \\sigma(x)\\bigr) = \\sigma'(x)\\,\\bigl(1 - 2\\sigma(x)\\bigr)",
  }),
  // mean output ½: σ(x) + σ(−x) = 1 and Z is symmetric
  traits: () => squashingTraits([0, 1], 0.5),
  description:
    "The logistic function, a.k.a. sigmoid: saturating left and right, monotonic, mean output ½ for standard normal input, with a non-monotonic derivative that peaks at σ'(0) = 1/4. The derivative is computed as σ(x)·σ(−x), exact in the tails where σ(1 − σ) rounds to 0.",
  references: [LECUN_1998],
});
