import {
  type Activation,
  defineActivation,
  type Traits,
} from "../activation.ts";
import { clipMean, clippedRampTraits, COLLOBERT_2004, tex } from "./_common.ts";
import { zeroSecondDerivative } from "./_second.ts";

/** Parameters of {@linkcode hardTanh}: the clipping interval [min, max]. */
export type HardTanhParams = { readonly min: number; readonly max: number };

/**
 * Traits of clip(x, min, max): both ends attained; mean output
 * E clip(Z, min, max) (0 for the symmetric default).
 *
 * @param min The lower clip.
 * @param max The upper clip.
 * @returns Its traits.
 */
function hardTanhTraits(min: number, max: number): Traits {
  return clippedRampTraits([min, max], [min, max], clipMean(min, max));
}

/**
 * The hard tanh (Collobert 2004): clip(x, min, max), default [−1, 1];
 * f' = 1 on the open interval (min, max), else 0; f'' = 0.
 *
 * At the kinks f' = 0, as PyTorch's `hardtanh_backward` (which zeroes the
 * gradient where x ≤ min or x ≥ max) and our relu6; JAX's `hard_tanh`
 * (`where(x > 1, 1, where(x < -1, -1, x))`) differentiates to 1 there.
 * At 0: f = 0 (−0 for −0), f' = 1. Limits: min and max, f'(±∞) = 0.
 * `min` must be below `max` (RangeError otherwise).
 *
 * @example Usage
 * ```ts
 * import { hardTanh } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(hardTanh([-2, 0.5, 2]), [-1, 0.5, 1]);
 * assertEquals(hardTanh.derivative([-1, 0, 1]), [0, 1, 0]);
 * assertEquals(hardTanh.with({ min: 0, max: 6 })(7), 6);
 * ```
 */
export const hardTanh: Activation<HardTanhParams> = defineActivation<
  HardTanhParams
>({
  id: "hardTanh",
  label: "Hard tanh",
  params: {
    min: {
      default: -1,
      symbol: "a",
      description: "lower clipping value (PyTorch min_val)",
      explore: [-3, 0],
    },
    max: {
      default: 1,
      symbol: "b",
      description: "upper clipping value (PyTorch max_val)",
      explore: [0, 3],
    },
  },
  kernels: ({ min, max }) => {
    if (!(min < max)) {
      throw new RangeError(
        `\`min\` must be < \`max\` = ${max}: current value is ${min}`,
      );
    }
    return {
      // x itself in between, so ±0 and NaN pass through
      f: (x) => x < min ? min : x > max ? max : x,
      df: (x) => x > min && x < max ? 1 : x === x ? 0 : x,
      d2f: zeroSecondDerivative,
    };
  },
  formula: ({ min, max }) => {
    const a = tex(min);
    const b = tex(max);
    return {
      f: `\\operatorname{hardtanh}(x) = \\min\\bigl(\\max(${a}, x), ${b}\\bigr) = \\begin{cases} ${a} & x < ${a} \\\\ x & ${a} \\le x \\le ${b} \\\\ ${b} & x > ${b} \\end{cases}`,
      df:
        `\\operatorname{hardtanh}'(x) = \\begin{cases} 1 & ${a} < x < ${b} \\\\ 0 & \\text{otherwise (0 at } x = ${a}, ${b}) \\end{cases}`,
      d2f:
        `\\operatorname{hardtanh}''(x) = 0 \\quad (\\text{0 by convention at } x = ${a}, ${b})`,
    };
  },
  traits: ({ min, max }) => hardTanhTraits(min, max),
  description:
    "Hard tanh: clip(x, min, max), [−1, 1] by default, a piecewise-linear tanh. Convention: f' = 0 at the kinks (as PyTorch; JAX gives 1), f(0) = 0, f'(0) = 1.",
  references: [COLLOBERT_2004],
});
