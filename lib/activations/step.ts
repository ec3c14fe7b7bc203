import { type Activation, defineActivation } from "../activation.ts";
import { BENGIO_2013, ROSENBLATT_1958, tex } from "./_common.ts";

/** f' of step and sign, as a loop: 0, and NaN for NaN. */
export const zeroDerivativeInLoop = (v: number): number => {
  return v === v ? 0 : v;
};

/** Parameters of {@linkcode step}. */
export type StepParams = { readonly lambda: number };

/**
 * The Heaviside step, scaled by λ: 0 for x < 0, λ/2 at 0, λ for x > 0.
 *
 * f(x) = λ·H(x) with the half-maximum convention H(0) = ½; f'(x) = 0 for
 * every x ≠ 0 and, by convention, at 0 as well (the distributional
 * derivative is a Dirac delta, which no finite number represents). With a
 * derivative that is 0 almost everywhere, gradient descent cannot train
 * through it: binary "hash" layers use the straight-through estimator
 * (Bengio et al. 2013) instead. NaN gives NaN; f(±∞) = 0 or λ.
 *
 * @example Usage
 * ```ts
 * import { step } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(step([-2, 0, 3]), [0, 0.5, 1]);
 * assertEquals(step.with({ lambda: 4 })(0), 2);
 * assertEquals(step.derivative(0), 0);
 * ```
 */
export const step: Activation<StepParams> = defineActivation<StepParams>({
  id: "step",
  label: "Step",
  params: {
    lambda: {
      default: 1,
      min: 0,
      exclusiveMin: true,
      symbol: "\\lambda",
      description: "height of the step",
      explore: [0.5, 2],
    },
  },
  kernels: ({ lambda }) => {
    const half = lambda / 2;
    // Branch-free on the sign (see relu.ts): a table indexed by
    // +(x > 0) + 2·+(x < 0); only NaN (rare, predictable) branches.
    const values = new Float64Array([half, lambda, 0]);
    const fInLoop = (v: number): number => {
      return v === v ? values[+(v > 0) + 2 * +(v < 0)]! : v;
    };
    return {
      f: (x) => x > 0 ? lambda : x < 0 ? 0 : x === 0 ? half : NaN,
      df: (x) => x === x ? 0 : NaN,
      fInLoop,
      dfInLoop: zeroDerivativeInLoop,
    };
  },
  formula: ({ lambda }) => {
    const l = lambda === 1 ? "" : tex(lambda);
    return {
      f: `\\operatorname{step}(x) = ${l}\\begin{cases} 0 & x < 0 \\\\ \\tfrac{1}{2} & x = 0 \\\\ 1 & x > 0 \\end{cases}`,
      df:
        "\\operatorname{step}'(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
    };
  },
  traits: ({ lambda }) => ({
    saturating: true,
    saturates: { negative: true, positive: true },
    monotonic: true,
    derivativeMonotonic: true,
    zeroCentered: false,
    range: [0, lambda],
    smoothness: "discontinuous",
  }),
  description:
    "Heaviside step scaled by λ, with the half-maximum convention step(0) = λ/2. Its derivative is 0 everywhere (0 at x = 0 by convention), so it suits binary hash layers trained with a straight-through estimator.",
  references: [ROSENBLATT_1958, BENGIO_2013],
});
