import {
  type Activation,
  defineActivation,
  type ScalarFn,
  type Traits,
} from "../activation.ts";
import { HE_2015, tex, unitTraits } from "./_common.ts";
import { INV_SQRT_2PI } from "../_constants.ts";
import { zeroSecondDerivative } from "./_second.ts";

/** Parameters of {@linkcode prelu}. */
export type PreluParams = { readonly alpha: number };

/**
 * Traits of the two-piece linear unit x ↦ (x > 0 ? x : a·x).
 *
 * @param a The slope for x ≤ 0.
 * @returns Its traits.
 */
export function linearUnitTraits(a: number): Traits {
  // E f(Z) = E[Z; Z > 0] + a·E[Z; Z ≤ 0] = (1 − a)/√(2π): 0.395 for
  // Leaky ReLU's 0.01, 0.299 for PReLU's 0.25; zero-centred only for
  // a > 1 − 0.01·√(2π) ≈ 0.975
  const meanOutput = (1 - a) * INV_SQRT_2PI;
  return unitTraits({
    saturates: { negative: a === 0, positive: false },
    monotonic: a >= 0,
    derivativeMonotonic: true, // a two-valued step is always monotonic
    meanOutput,
    range: a > 0 ? [-Infinity, Infinity] : [0, Infinity],
    rangeAttained: { lower: a <= 0, upper: false }, // a ≤ 0: f(0) = 0
    kinks: a === 1 ? [] : [0],
    smoothness: a === 1 ? "smooth" : "C0",
  });
}

/**
 * Kernels of the two-piece linear unit x ↦ (x > 0 ? x : a·x) (Leaky ReLU,
 * PReLU): f' = 1 for x > 0, a for x ≤ 0 (the convention at 0), f'' = 0.
 * NaN gives NaN; with a = 0, f(−∞) = 0 (the limit), not 0·∞ = NaN.
 *
 * @param a The slope for x ≤ 0.
 * @returns f, f', f'' and their loop forms.
 */
export function linearUnitKernels(a: number): {
  f: ScalarFn;
  df: ScalarFn;
  d2f: ScalarFn;
  fInLoop: ScalarFn;
  dfInLoop: ScalarFn;
} {
  // Branch-free on the sign (see relu.ts): the factor and the derivative
  // come from a two-entry table indexed by +(v > 0).
  const k = new Float64Array([a, 1]);
  const fInLoop = (v: number): number => {
    const r = v * k[+(v > 0)]!; // v·1 = v exactly, else a·v
    // NaN out of a number only from a = 0 at −∞ (0·∞): the limit 0.
    return r === r || v !== v ? r : 0;
  };
  const dfInLoop = (v: number): number => {
    return v === v ? k[+(v > 0)]! : v;
  };
  return {
    f: (x) => {
      const r = x > 0 ? x : a * x;
      return r === r || x !== x ? r : 0; // a = 0 at −∞: 0, not 0·∞
    },
    df: (x) => x > 0 ? 1 : x === x ? a : x,
    d2f: zeroSecondDerivative,
    fInLoop,
    dfInLoop,
  };
}

/**
 * ∂f/∂α of PReLU at x: 0 for x > 0, x for x ≤ 0 (He et al. 2015, eq. 2).
 *
 * @param x The input.
 * @returns ∂PReLU(x)/∂α.
 *
 * @example Usage
 * ```ts
 * import { preluAlphaGradient } from "./prelu.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(preluAlphaGradient(-3), -3);
 * assertEquals(preluAlphaGradient(2), 0);
 * ```
 */
export function preluAlphaGradient(x: number): number {
  return x > 0 ? 0 : x;
}

/**
 * Parametric ReLU (He et al. 2015): x for x > 0, α·x for x ≤ 0, with α
 * learnable (default 0.25, the paper's initialisation); f'(x) = 1 for
 * x > 0, α for x ≤ 0, and ∂f/∂α = 0 for x > 0, x for x ≤ 0.
 *
 * This elementwise form has a fixed α; the learnable layer with the
 * paper's momentum update is {@linkcode PReLU}. At 0: f = 0, f' = α.
 *
 * @example Usage
 * ```ts
 * import { prelu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(prelu([-4, 0, 2]), [-1, 0, 2]);
 * assertEquals(prelu.derivative(0), 0.25);
 * assertEquals(prelu.with({ alpha: 0.5 })(-4), -2);
 * ```
 */
export const prelu: Activation<PreluParams> = defineActivation<PreluParams>({
  id: "prelu",
  label: "PReLU",
  params: {
    alpha: {
      default: 0.25,
      symbol: "\\alpha",
      description:
        "learnable slope for x ≤ 0 (He et al. initialise it to 0.25)",
      explore: [0, 1],
    },
  },
  kernels: ({ alpha }) => linearUnitKernels(alpha),
  formula: ({ alpha }) => {
    const a = alpha === 0.25 ? "\\alpha" : tex(alpha);
    return {
      f: `\\operatorname{PReLU}(x) = \\begin{cases} ${a}\\,x & x \\le 0 \\\\ x & x > 0 \\end{cases}`,
      df:
        `\\operatorname{PReLU}'(x) = \\begin{cases} ${a} & x \\le 0 \\\\ 1 & x > 0 \\end{cases}, \\quad \\frac{\\partial f}{\\partial \\alpha} = \\begin{cases} x & x \\le 0 \\\\ 0 & x > 0 \\end{cases}`,
      d2f:
        "\\operatorname{PReLU}''(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
    };
  },
  traits: ({ alpha }) => linearUnitTraits(alpha),
  description:
    "Parametric ReLU: the negative slope α is learned (He et al. 2015, initialised to 0.25, updated with momentum and no weight decay). Convention: f'(0) = α.",
  references: [HE_2015],
});
