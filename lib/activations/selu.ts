import { type Activation, defineActivation } from "../activation.ts";
import { KLAMBAUER_2017, positiveParam, tex } from "./_common.ts";
import { exponentialUnitTraits } from "./elu.ts";

/**
 * SELU's α, the fixed-point solution for standard inputs (mean 0,
 * variance 1), to 32 digits (Klambauer et al. 2017, eq. 14).
 */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
/** SELU's λ, the companion fixed-point constant (Klambauer et al. 2017, eq. 14). */
export const SELU_LAMBDA = 1.0507009873554804934193349852946;
/** λ·α correctly rounded (mpmath, 50 digits: 1.75809934084737685994...). */
const SELU_LAMBDA_ALPHA = 1.7580993408473768;

/** λ·α as the kernels use it: f(−∞) = −λα, so the range's end is this too. */
function lambdaAlpha(alpha: number, lambda: number): number {
  return alpha === SELU_ALPHA && lambda === SELU_LAMBDA
    ? SELU_LAMBDA_ALPHA
    : lambda * alpha;
}

/** Parameters of {@linkcode selu}. */
export type SeluParams = { readonly alpha: number; readonly lambda: number };

/**
 * The scaled exponential linear unit (Klambauer et al. 2017):
 * λ·x for x > 0, λα(e^x − 1) for x ≤ 0; f' = λ for x > 0, λα·e^x for x ≤ 0.
 *
 * α ≈ 1.6733 and λ ≈ 1.0507 solve the fixed-point equations that map
 * standard inputs (mean 0, variance 1) to mean 0, variance 1; after that
 * they are constants. With LeCun-normal weights a deep stack of SELU
 * layers keeps its activations normalised, so SELU can replace batch
 * normalisation. At 0: f = 0, f' = λα ≈ 1.7581 (the x ≤ 0 branch); f'
 * drops to λ just right of 0, so the derivative is not monotonic.
 *
 * @example Usage
 * ```ts
 * import { selu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(selu(1), 1.0507009873554805);
 * assertEquals(selu.derivative(0), 1.7580993408473768);
 * ```
 */
export const selu: Activation<SeluParams> = defineActivation<SeluParams>({
  id: "selu",
  label: "SELU",
  params: {
    alpha: {
      default: SELU_ALPHA,
      min: 0,
      symbol: "\\alpha",
      description: "negative saturation (fixed point: 1.6733)",
      explore: [0.5, 2.5],
    },
    lambda: positiveParam({
      default: SELU_LAMBDA,
      symbol: "\\lambda",
      description: "output scale (fixed point: 1.0507)",
      explore: [0.8, 1.3],
    }),
  },
  kernels: ({ alpha, lambda }) => {
    const la = lambdaAlpha(alpha, lambda);
    return {
      f: (x) => x > 0 ? lambda * x : la * Math.expm1(x),
      df: (x) => x > 0 ? lambda : la * Math.exp(x),
      // f'' = λα·e^x on the x ≤ 0 side, where the f' convention puts 0
      d2f: (x) => x > 0 ? 0 : la * Math.exp(x),
    };
  },
  formula: ({ alpha, lambda }) => {
    const fixed = alpha === SELU_ALPHA && lambda === SELU_LAMBDA;
    const a = fixed ? "\\alpha" : tex(alpha);
    const l = fixed ? "\\lambda" : tex(lambda);
    return {
      f: `\\operatorname{SELU}(x) = ${l}\\begin{cases} ${a}\\,(e^{x} - 1) & x \\le 0 \\\\ x & x > 0 \\end{cases}`,
      df:
        `\\operatorname{SELU}'(x) = ${l}\\begin{cases} ${a}\\,e^{x} & x \\le 0 \\\\ 1 & x > 0 \\end{cases}`,
      d2f:
        `\\operatorname{SELU}''(x) = ${l}\\begin{cases} ${a}\\,e^{x} & x \\le 0 \\\\ 0 & x > 0 \\end{cases}`,
    };
  },
  traits: ({ alpha, lambda }) => ({
    ...exponentialUnitTraits(alpha, lambda),
    range: [alpha === 0 ? 0 : -lambdaAlpha(alpha, lambda), Infinity],
  }),
  description:
    "Scaled ELU with α ≈ 1.6733 and λ ≈ 1.0507 from the fixed point for standard inputs: with LeCun-normal weights, activations stay at mean 0 and variance 1 through depth, so SELU can replace normalisation layers. Convention: f'(0) = λα.",
  references: [KLAMBAUER_2017],
});
