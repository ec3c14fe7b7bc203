import {
  type Activation,
  defineActivation,
  type Traits,
} from "../activation.ts";
import { zeroSecondDerivative } from "./_second.ts";
import {
  BENGIO_2013,
  positiveParam,
  ROSENBLATT_1958,
  tex,
  unitTraits,
} from "./_common.ts";

/** f' of step and sign, as a loop: 0, and NaN for NaN. */
export const zeroDerivativeInLoop = (v: number): number => {
  return v === v ? 0 : v;
};

/** Parameters of {@linkcode step}. */
export type StepParams = { readonly lambda: number; readonly alpha: number };

/**
 * Traits of the step with values α (x < 0), (α + λ)/2 (x = 0), λ (x > 0):
 * a finite value set, both ends attained, mean output (α + λ)/2 (each
 * side has probability ½ under N(0, 1)).
 *
 * @param lambda λ.
 * @param alpha α.
 * @returns Its traits.
 */
function stepTraits(lambda: number, alpha: number): Traits {
  const mid = alpha === 0 ? lambda / 2 : alpha / 2 + lambda / 2;
  const values = [...new Set([alpha, mid, lambda])].sort((a, b) => a - b);
  return unitTraits({
    saturates: { negative: true, positive: true },
    monotonic: alpha <= lambda,
    derivativeMonotonic: true,
    meanOutput: mid,
    range: [values[0]!, values[values.length - 1]!],
    rangeAttained: { lower: true, upper: true },
    values,
    kinks: alpha === lambda ? [] : [0],
    smoothness: alpha === lambda ? "smooth" : "discontinuous",
  });
}

/**
 * The Heaviside step, scaled by λ: 0 for x < 0, λ/2 at 0, λ for x > 0;
 * with `alpha`, α for x < 0 and (α + λ)/2 at 0 (TensorFlow.js's
 * `tf.step(x, alpha)` is α for x ≤ 0 and 1 for x > 0: it puts α at 0).
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
 * assertEquals(step.with({ alpha: -1 })([-2, 0, 3]), [-1, 0, 1]);
 * ```
 */
export const step: Activation<StepParams> = defineActivation<StepParams>({
  id: "step",
  label: "Step",
  params: {
    lambda: positiveParam({
      default: 1,
      symbol: "\\lambda",
      description: "height of the step",
      explore: [0.5, 2],
    }),
    alpha: {
      default: 0,
      symbol: "\\alpha",
      description:
        "value for x < 0 (TensorFlow.js step(x, alpha); 0 is the Heaviside step)",
      explore: [-1, 0.5],
    },
  },
  kernels: ({ lambda, alpha }) => {
    // the midpoint, (α + λ)/2 without overflow: λ/2 for the default α = 0
    const half = alpha === 0 ? lambda / 2 : alpha / 2 + lambda / 2;
    // Branch-free on the sign (see relu.ts): a table indexed by
    // +(x > 0) + 2·+(x < 0); only NaN (rare, predictable) branches.
    const values = new Float64Array([half, lambda, alpha]);
    const fInLoop = (v: number): number => {
      return v === v ? values[+(v > 0) + 2 * +(v < 0)]! : v;
    };
    return {
      f: (x) => x > 0 ? lambda : x < 0 ? alpha : x === 0 ? half : NaN,
      df: (x) => x === x ? 0 : NaN,
      d2f: zeroSecondDerivative,
      fInLoop,
      dfInLoop: zeroDerivativeInLoop,
    };
  },
  formula: ({ lambda, alpha }) => {
    const l = lambda === 1 ? "\\lambda" : tex(lambda); // default: the symbol
    const f = alpha === 0
      ? `${l}\\begin{cases} 0 & x < 0 \\\\ \\tfrac{1}{2} & x = 0 \\\\ 1 & x > 0 \\end{cases}`
      : `\\begin{cases} ${tex(alpha)} & x < 0 \\\\ ${
        tex(alpha / 2 + lambda / 2)
      } & x = 0 \\\\ ${tex(lambda)} & x > 0 \\end{cases}`;
    return {
      f: `\\operatorname{step}(x) = ${f}`,
      df:
        "\\operatorname{step}'(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
      d2f:
        "\\operatorname{step}''(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
    };
  },
  traits: ({ lambda, alpha }) => stepTraits(lambda, alpha),
  description:
    "Heaviside step scaled by λ, with the half-maximum convention step(0) = λ/2 (with a value α on the left, (α + λ)/2). Its derivative is 0 everywhere (0 at x = 0 by convention), so it suits binary hash layers trained with a straight-through estimator.",
  references: [ROSENBLATT_1958, BENGIO_2013],
});
