import { type Activation, defineActivation } from "../activation.ts";
import { LECUN_1998, normalMean, unitTraits } from "./_common.ts";
import { sigmoidDerivativeScalar, sigmoidScalar } from "./sigmoid.ts";

/**
 * log σ(x) = −softplus(−x): for x > 0, −log1p(e^−x) (tiny and exact, no
 * log of a number that rounds to 1); for x ≤ 0, x − log1p(e^x) (no
 * overflow, no log of an underflowed σ). Exact in both tails:
 * log σ(40) = −4.248e-18, log σ(−800) = −800.
 *
 * @param x The input.
 * @returns log σ(x).
 */
export function logSigmoidScalar(x: number): number {
  return x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/**
 * The log-sigmoid, log σ(x) = −softplus(−x) = −ln(1 + e^−x), the
 * log-likelihood of a logistic output; f'(x) = σ(−x) = 1 − σ(x),
 * f''(x) = −σ'(x) = −σ(x)σ(−x).
 *
 * Every form is computed without cancellation: f as above, f' as σ(−x)
 * (not 1 − σ(x), which is 0 from x ≈ 37 on), f'' as −σ(x)σ(−x) in the
 * symmetric form of σ'. At 0: f = −ln 2, f' = ½, f'' = −¼. Limits:
 * f(−∞) = −∞, f(∞) = 0, f'(−∞) = 1, f'(∞) = 0.
 *
 * @example Usage
 * ```ts
 * import { logSigmoid } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(logSigmoid(0), -Math.LN2);
 * assertEquals(logSigmoid(-800), -800);
 * assertEquals(logSigmoid(40), -4.248354255291589e-18);
 * assertEquals(logSigmoid.derivative(0), 0.5);
 * ```
 */
export const logSigmoid: Activation<Record<never, number>> = defineActivation({
  id: "logSigmoid",
  label: "Log-sigmoid",
  params: {},
  kernels: () => ({
    f: logSigmoidScalar,
    df: (x) => sigmoidScalar(-x),
    d2f: (x) => -sigmoidDerivativeScalar(x),
  }),
  formula: () => ({
    f: "\\log\\sigma(x) = -\\operatorname{softplus}(-x) = -\\ln\\bigl(1 + e^{-x}\\bigr)",
    df: "(\\log\\sigma)'(x) = \\sigma(-x) = 1 - \\sigma(x)",
    d2f: "(\\log\\sigma)''(x) = -\\sigma(x)\\,\\sigma(-x)",
  }),
  traits: () =>
    unitTraits({
      saturates: { negative: false, positive: true },
      monotonic: true,
      derivativeMonotonic: true,
      meanOutput: normalMean(logSigmoidScalar),
      range: [-Infinity, 0],
      rangeAttained: { lower: false, upper: false },
      kinks: [],
      smoothness: "smooth",
    }),
  description:
    "Log-sigmoid: log σ(x) = −softplus(−x), the log-likelihood of a logistic unit, computed exactly in both tails (no log of a rounded σ). Convention: f(0) = −ln 2, f'(0) = 1/2, f''(0) = −1/4.",
  references: [LECUN_1998],
});
