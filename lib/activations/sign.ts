import { type Activation, defineActivation } from "../activation.ts";
import { zeroSecondDerivative } from "./_second.ts";
import { zeroDerivativeInLoop } from "./step.ts";
import { BENGIO_2013, positiveParam, tex, unitTraits } from "./_common.ts";

/** Parameters of {@linkcode sign}. */
export type SignParams = { readonly lambda: number };

/**
 * The signum, scaled by λ: −λ for x < 0, 0 at 0, λ for x > 0.
 *
 * f(x) = λ·sign(x); f'(x) = 0 for x ≠ 0 and 0 at x = 0 by convention (the
 * distributional derivative 2λδ(x) has no finite value). Like the step it
 * is used for binary hash codes, trained with the straight-through
 * estimator (Bengio et al. 2013). Follows `Math.sign` on zeros:
 * sign(−0) = −0. NaN gives NaN.
 *
 * @example Usage
 * ```ts
 * import { sign } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(sign([-2, 0, 3]), [-1, 0, 1]);
 * assertEquals(sign.with({ lambda: 2 })(-5), -2);
 * ```
 */
export const sign: Activation<SignParams> = defineActivation<SignParams>({
  id: "sign",
  label: "Sign",
  params: {
    lambda: positiveParam({
      default: 1,
      symbol: "\\lambda",
      description: "magnitude of the output",
      explore: [0.5, 2],
    }),
  },
  kernels: ({ lambda }) => {
    // Branch-free on the sign (see relu.ts): s = +(x > 0) − +(x < 0) is
    // computed with setcc; only ±0 and NaN (s = 0, rare) branch.
    const fInLoop = (v: number): number => {
      const s = +(v > 0) - +(v < 0);
      return s !== 0 ? lambda * s : v;
    };
    return {
      f: (x) => x > 0 ? lambda : x < 0 ? -lambda : x, // ±0 and NaN pass through
      df: (x) => x === x ? 0 : NaN,
      d2f: zeroSecondDerivative,
      fInLoop,
      dfInLoop: zeroDerivativeInLoop,
    };
  },
  formula: ({ lambda }) => {
    const l = lambda === 1 ? "\\lambda" : tex(lambda); // default: the symbol
    return {
      f: `\\operatorname{sign}(x) = ${l}\\begin{cases} -1 & x < 0 \\\\ 0 & x = 0 \\\\ 1 & x > 0 \\end{cases}`,
      df:
        "\\operatorname{sign}'(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
      d2f:
        "\\operatorname{sign}''(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
    };
  },
  traits: ({ lambda }) =>
    unitTraits({
      saturates: { negative: true, positive: true },
      monotonic: true,
      derivativeMonotonic: true,
      meanOutput: 0, // odd
      range: [-lambda, lambda],
      rangeAttained: { lower: true, upper: true },
      values: lambda === 0 ? [0] : [-lambda, 0, lambda],
      kinks: [0],
      smoothness: "discontinuous",
    }),
  description:
    "Signum scaled by λ, with sign(0) = 0. Its derivative is 0 everywhere (0 at x = 0 by convention), so it suits binary hash layers trained with a straight-through estimator.",
  references: [BENGIO_2013],
});
