import {
  type Activation,
  defineActivation,
  type Traits,
} from "../activation.ts";
import { CLEVERT_2015, expLeftMean, tex, unitTraits } from "./_common.ts";
import { normalPdf } from "../special.ts";

/** Parameters of {@linkcode elu}. */
export type EluParams = { readonly alpha: number };

/**
 * Traits of the exponential unit x ↦ s·(x > 0 ? x : α(e^x − 1)).
 *
 * @param alpha The negative saturation value α ≥ 0.
 * @param scale The overall scale s > 0 (λ for SELU, 1 for ELU).
 * @returns Its traits.
 */
export function exponentialUnitTraits(alpha: number, scale: number): Traits {
  // E f(Z) = s·(E[Z; Z > 0] + α(E[e^Z; Z ≤ 0] − ½)) = s·(1/√(2π) +
  // α(√e·Φ(−1) − ½)): 0.160 for ELU; ≈ 0 for SELU, whose α is the root of
  // this mean (Klambauer et al. 2017, eq. 14 with μ = 0, ν = 1)
  const meanOutput = scale * (normalPdf(0) + alpha * (expLeftMean(1) - 0.5));
  return unitTraits({
    saturates: { negative: true, positive: false }, // f' = αe^x → 0
    monotonic: true,
    derivativeMonotonic: alpha <= 1, // α·e^x rises to α at 0, then f' = 1
    meanOutput,
    range: [alpha === 0 ? 0 : -scale * alpha, Infinity],
    // −sα is only the limit at −∞; with α = 0, f = 0 on x ≤ 0
    rangeAttained: { lower: alpha === 0, upper: false },
    kinks: [0], // f′ or (α = 1) f″ jumps
    smoothness: alpha === 1 ? "C1" : "C0",
  });
}

/**
 * The exponential linear unit (Clevert et al. 2015): x for x > 0,
 * α(e^x − 1) for x ≤ 0; f'(x) = 1 for x > 0, α·e^x for x ≤ 0.
 *
 * e^x − 1 is computed with `Math.expm1`, which keeps full precision near 0
 * (e^x − 1 written out returns 0 for x = −1e-200). The derivative is
 * α·e^x from x itself, not f(x) + α from the output, which loses all
 * relative precision as f(x) → −α. At 0: f = 0, f' = α (the x ≤ 0 branch,
 * as the paper writes it). Limits: f(−∞) = −α, f'(−∞) = 0.
 *
 * @example Usage
 * ```ts
 * import { elu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(elu(2), 2);
 * assertEquals(elu(-1e-200), -1e-200);
 * assertEquals(elu(-Infinity), -1);
 * assertEquals(elu.with({ alpha: 2 }).derivative(0), 2);
 * ```
 */
export const elu: Activation<EluParams> = defineActivation<EluParams>({
  id: "elu",
  label: "ELU",
  params: {
    alpha: {
      default: 1,
      min: 0,
      symbol: "\\alpha",
      description: "value the negative side saturates to (−α)",
      explore: [0, 3],
    },
  },
  kernels: ({ alpha }) => {
    return {
      f: (x) => x > 0 ? x : alpha * Math.expm1(x),
      df: (x) => x > 0 ? 1 : alpha * Math.exp(x),
      // f'' = α·e^x on the x ≤ 0 side, where the f' convention puts 0
      d2f: (x) => x > 0 ? 0 : alpha * Math.exp(x),
    };
  },
  formula: ({ alpha }) => {
    // the default α = 1 is shown as its symbol, as SELU and PReLU do: the
    // card's parameter table gives its value (dropping a factor 1 would
    // hide where α enters)
    const a = alpha === 1 ? "\\alpha\\," : `${tex(alpha)}\\,`;
    const da = a;
    return {
      f: `\\operatorname{ELU}(x) = \\begin{cases} ${a}(e^{x} - 1) & x \\le 0 \\\\ x & x > 0 \\end{cases}`,
      df:
        `\\operatorname{ELU}'(x) = \\begin{cases} ${da}e^{x} & x \\le 0 \\\\ 1 & x > 0 \\end{cases}`,
      d2f:
        `\\operatorname{ELU}''(x) = \\begin{cases} ${da}e^{x} & x \\le 0 \\\\ 0 & x > 0 \\end{cases}`,
    };
  },
  traits: ({ alpha }) => exponentialUnitTraits(alpha, 1),
  description:
    "Exponential linear unit: identity for x > 0, α(eˣ − 1) for x ≤ 0, saturating to −α on the left, which pushes mean activations toward 0 (0.160 for N(0, 1) input at α = 1; α ≈ 1.673 makes it 0, SELU's choice). Convention: f'(0) = α (so f' is continuous only for α = 1).",
  references: [CLEVERT_2015],
});
