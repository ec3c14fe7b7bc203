import { type Activation, defineActivation } from "../activation.ts";
import {
  BARRON_2017,
  expLeftMean,
  positiveParam,
  tex,
  unitTraits,
} from "./_common.ts";
import { normalPdf } from "../special.ts";

/** Parameters of {@linkcode celu}. */
export type CeluParams = { readonly alpha: number };

/**
 * E CELU_α(Z) for Z ~ N(0, 1): E[Z; Z > 0] + α(E[e^{Z/α}; Z ≤ 0] − ½) =
 * 1/√(2π) + α(½·erfcx(1/(α√2)) − ½); 0.160 for α = 1.
 *
 * @param alpha α > 0.
 * @returns The mean output.
 */
function celuMean(alpha: number): number {
  return normalPdf(0) + alpha * (expLeftMean(alpha) - 0.5);
}

/**
 * The continuously differentiable exponential linear unit (Barron 2017):
 * max(0, x) + min(0, α(e^{x/α} − 1)), i.e. x for x > 0 and
 * α·expm1(x/α) for x ≤ 0; f' = 1 for x > 0, e^{x/α} for x ≤ 0;
 * f'' = 0 for x > 0, e^{x/α}/α for x ≤ 0.
 *
 * Unlike ELU with α ≠ 1, f' is continuous for every α > 0 (it is 1 at 0
 * from both sides), so CELU is C1; f'' jumps from 1/α to 0 at 0 (the x ≤ 0
 * side, f''(0) = 1/α, as ELU's f'(0) = α). α = 1 is ELU. `Math.expm1`
 * keeps the digits near 0. Limits: f(−∞) = −α, f'(−∞) = 0.
 *
 * @example Usage
 * ```ts
 * import { celu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(celu(2), 2);
 * assertEquals(celu.derivative(0), 1);
 * assertEquals(celu.with({ alpha: 2 })(-Infinity), -2);
 * assertEquals(celu.with({ alpha: 2 }).secondDerivative(0), 0.5);
 * ```
 */
export const celu: Activation<CeluParams> = defineActivation<CeluParams>({
  id: "celu",
  label: "CELU",
  params: {
    alpha: positiveParam({
      default: 1,
      symbol: "\\alpha",
      description: "value the negative side saturates to (−α) and its scale",
      explore: [0.25, 3],
    }),
  },
  kernels: ({ alpha }) => {
    if (alpha === 1) {
      return {
        f: (x) => x > 0 ? x : Math.expm1(x),
        df: (x) => x > 0 ? 1 : Math.exp(x),
        d2f: (x) => x > 0 ? 0 : Math.exp(x),
      };
    }
    return {
      f: (x) => x > 0 ? x : alpha * Math.expm1(x / alpha),
      df: (x) => x > 0 ? 1 : Math.exp(x / alpha),
      d2f: (x) => x > 0 ? 0 : Math.exp(x / alpha) / alpha,
    };
  },
  formula: ({ alpha }) => {
    // the default α = 1 is shown as its symbol (the card gives its value)
    const a = alpha === 1 ? "\\alpha" : tex(alpha);
    const e = `e^{x/${a}}`;
    return {
      f: `\\operatorname{CELU}(x) = \\begin{cases} ${a}\\,\\bigl(${e} - 1\\bigr) & x \\le 0 \\\\ x & x > 0 \\end{cases}`,
      df:
        `\\operatorname{CELU}'(x) = \\begin{cases} ${e} & x \\le 0 \\\\ 1 & x > 0 \\end{cases}`,
      d2f:
        `\\operatorname{CELU}''(x) = \\begin{cases} ${e}/${a} & x \\le 0 \\\\ 0 & x > 0 \\end{cases}`,
    };
  },
  traits: ({ alpha }) =>
    unitTraits({
      saturates: { negative: true, positive: false },
      monotonic: true,
      derivativeMonotonic: true,
      meanOutput: celuMean(alpha),
      range: [-alpha, Infinity],
      rangeAttained: { lower: false, upper: false }, // −α only as x → −∞
      kinks: [0], // f″ jumps from 1/α to 0
      smoothness: "C1",
    }),
  description:
    "Continuously differentiable ELU (Barron 2017): α(e^(x/α) − 1) for x ≤ 0, x for x > 0. Its derivative is continuous for every α (ELU's only for α = 1). Convention: f(0) = 0, f'(0) = 1, f''(0) = 1/α.",
  references: [BARRON_2017],
});
