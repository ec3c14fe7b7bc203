import { type Activation, defineActivation } from "../activation.ts";
import { MAAS_2013, tex } from "./_common.ts";
import { linearUnitKernels, linearUnitTraits } from "./prelu.ts";

/** Parameters of {@linkcode leakyRelu}. */
export type LeakyReluParams = { readonly slope: number };

/**
 * Leaky ReLU (Maas et al. 2013): x for x > 0, slope·x for x ≤ 0, with a
 * fixed slope (default 0.01); f'(x) = 1 for x > 0, slope for x ≤ 0.
 *
 * At 0: f = 0 and f' = slope (the x ≤ 0 branch, as the course notes write
 * it and as PyTorch computes it). f(−∞) = −∞ for slope > 0. Saturating on
 * neither side (for slope ≠ 0), monotonic for slope ≥ 0, derivative
 * monotonic (a step), outputs of both signs but a mean output of
 * (1 − slope)/√(2π) ≈ 0.395 for N(0, 1) input: not zero-centred.
 *
 * @example Usage
 * ```ts
 * import { leakyRelu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(leakyRelu([-100, 0, 2]), [-1, 0, 2]);
 * assertEquals(leakyRelu.derivative(0), 0.01);
 * assertEquals(leakyRelu.with({ slope: 0.2 })(-5), -1);
 * ```
 */
export const leakyRelu: Activation<LeakyReluParams> = defineActivation<
  LeakyReluParams
>({
  id: "leakyRelu",
  label: "Leaky ReLU",
  params: {
    slope: {
      default: 0.01,
      symbol: "a",
      description: "slope for x ≤ 0",
      explore: [0, 0.5],
    },
  },
  kernels: ({ slope }) => linearUnitKernels(slope),
  formula: ({ slope }) => ({
    f: `\\operatorname{LeakyReLU}(x) = \\begin{cases} ${
      tex(slope)
    }\\,x & x \\le 0 \\\\ x & x > 0 \\end{cases}`,
    df: `\\operatorname{LeakyReLU}'(x) = \\begin{cases} ${
      tex(slope)
    } & x \\le 0 \\\\ 1 & x > 0 \\end{cases}`,
    d2f:
      "\\operatorname{LeakyReLU}''(x) = 0 \\quad (x \\neq 0;\\ 0 \\text{ by convention at } x = 0)",
  }),
  traits: ({ slope }) => linearUnitTraits(slope),
  description:
    "ReLU with a small fixed slope (0.01 by default) for x ≤ 0, so negative inputs keep a gradient. Convention: f'(0) = slope.",
  references: [MAAS_2013],
});
