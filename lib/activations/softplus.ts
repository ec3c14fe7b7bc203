import { type Activation, defineActivation } from "../activation.ts";
import { DUGAS_2000, normalMean, unitTraits } from "./_common.ts";
import {
  sigmoidDerivativeScalar,
  sigmoidInLoop,
  sigmoidScalar,
} from "./sigmoid.ts";

/**
 * softplus(x) = ln(1 + e^x) = max(x, 0) + log1p(e^−|x|).
 *
 * The identity ln(1 + e^x) = x + ln(1 + e^−x) keeps the exponent ≤ 0, so
 * nothing overflows (ln(1 + e^x) written out is ∞ from x ≈ 709.8), and
 * `Math.log1p` keeps full precision when e^−|x| is tiny.
 *
 * @param x The input.
 * @returns softplus(x).
 */
export function softplusScalar(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * {@linkcode softplusScalar} without a branch on the sign of x, for loops:
 * max(x, 0) as (x + |x|)/2 (exact) plus log1p(e^−|x|); ±∞, NaN and
 * x > 8.9e307 (where x + |x| overflows) take the rare, well-predicted
 * branch. The same sums as the scalar kernel, bit for bit.
 *
 * @param x The input.
 * @returns softplus(x).
 */
function softplusInLoop(x: number): number {
  const l = Math.log1p(Math.exp(-Math.abs(x)));
  const p = (x + Math.abs(x)) * 0.5;
  return p < Infinity ? p + l : x === -Infinity ? l : x + l;
}

/**
 * Softplus, ln(1 + e^x) (Dugas et al. 2000), a smooth ReLU; its derivative
 * is the logistic sigmoid σ(x).
 *
 * At 0: f = ln 2, f' = ½. Limits: f(∞) = ∞, f(−∞) = 0, f'(±∞) = 1, 0.
 *
 * @example Usage
 * ```ts
 * import { softplus } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(softplus(0), Math.LN2);
 * assertEquals(softplus(1000), 1000);
 * assertEquals(softplus.derivative(0), 0.5);
 * ```
 */
export const softplus: Activation<Record<never, number>> = defineActivation({
  id: "softplus",
  label: "Softplus",
  params: {},
  kernels: () => ({
    f: softplusScalar,
    df: sigmoidScalar,
    d2f: sigmoidDerivativeScalar,
    fInLoop: softplusInLoop,
    dfInLoop: sigmoidInLoop,
  }),
  formula: () => ({
    f: "\\operatorname{softplus}(x) = \\ln\\bigl(1 + e^{x}\\bigr)",
    df: "\\operatorname{softplus}'(x) = \\frac{1}{1 + e^{-x}} = \\sigma(x)",
    d2f:
      "\\operatorname{softplus}''(x) = \\sigma'(x) = \\sigma(x)\\,\\sigma(-x)",
  }),
  traits: () =>
    unitTraits({
      saturates: { negative: true, positive: false },
      monotonic: true,
      derivativeMonotonic: true,
      meanOutput: normalMean(softplusScalar),
      range: [0, Infinity],
      rangeAttained: { lower: false, upper: false },
      kinks: [],
      smoothness: "smooth",
    }),
  description:
    "Softplus, a smooth ReLU: ln(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so it never overflows. Its derivative is the sigmoid.",
  references: [DUGAS_2000],
});
