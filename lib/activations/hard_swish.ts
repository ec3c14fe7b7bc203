import { type Activation, defineActivation } from "../activation.ts";
import { HOWARD_2019, unitTraits } from "./_common.ts";
import { normalCdf } from "../special.ts";

/** The minimum of hard swish, −3/8 at x = −3/2. */
const HARD_SWISH_MIN = -0.375;

/**
 * Hard swish (Howard et al. 2019, MobileNetV3): x·relu6(x + 3)/6, i.e. 0
 * for x ≤ −3, x(x + 3)/6 on (−3, 3), x for x ≥ 3.
 *
 * f' = 0, (2x + 3)/6, 1 on the three pieces; at the kinks f' takes the
 * outer value, f'(−3) = 0 and f'(3) = 1, which is what the chain rule
 * gives with relu6'(0) = relu6'(6) = 0 (JAX's `hard_swish` through
 * `relu6`). PyTorch's `hardswish_backward` puts the middle piece on the
 * closed interval: −½ at −3 and 3/2 at 3. f'' = 1/3 on (−3, 3), 0
 * elsewhere (0 at the kinks). At 0: f = 0, f' = ½. f jumps nowhere, but f'
 * jumps at ±3 (by ½), so it is C0 and its derivative is not monotonic.
 * Minimum −3/8 at x = −3/2. Limits: f(−∞) = 0, f(∞) = ∞, f'(∞) = 1.
 *
 * @example Usage
 * ```ts
 * import { hardSwish } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(hardSwish([-4, -1.5, 0, 4]), [0, -0.375, 0, 4]);
 * assertEquals(hardSwish.derivative([-3, 0, 3]), [0, 0.5, 1]);
 * ```
 */
export const hardSwish: Activation<Record<never, number>> = defineActivation({
  id: "hardSwish",
  label: "Hard swish",
  params: {},
  kernels: () => ({
    // x(x + 3)/6: x + 3 exact near −3 (Sterbenz), then two roundings
    f: (x) => x > -3 ? (x < 3 ? (x * (x + 3)) / 6 : x) : x === x ? 0 : x,
    // (2x + 3)/6: 2x + 3 exact near the zero −3/2
    df: (x) => x > -3 ? (x < 3 ? (2 * x + 3) / 6 : 1) : x === x ? 0 : x,
    d2f: (x) => x > -3 && x < 3 ? 1 / 3 : x === x ? 0 : x,
  }),
  formula: () => ({
    f: "\\operatorname{hardswish}(x) = x\\,\\frac{\\operatorname{ReLU6}(x + 3)}{6} = \\begin{cases} 0 & x \\le -3 \\\\ \\frac{x\\,(x + 3)}{6} & -3 < x < 3 \\\\ x & x \\ge 3 \\end{cases}",
    df:
      "\\operatorname{hardswish}'(x) = \\begin{cases} 0 & x \\le -3 \\\\ \\frac{2x + 3}{6} & -3 < x < 3 \\\\ 1 & x \\ge 3 \\end{cases}",
    d2f:
      "\\operatorname{hardswish}''(x) = \\begin{cases} \\tfrac{1}{3} & -3 < x < 3 \\\\ 0 & \\text{otherwise} \\end{cases}",
  }),
  traits: () =>
    unitTraits({
      saturates: { negative: true, positive: false },
      monotonic: false,
      derivativeMonotonic: false,
      // E[x·clip(x + 3, 0, 6)/6] = (2Φ(3) − 1)/6: the ramp gives
      // (E[Z²; |Z| < 3] − 6φ(3))/6 = (2Φ(3) − 1 − 6φ(3))/6, the identity part
      // E[Z; Z ≥ 3] = φ(3)
      meanOutput: (2 * normalCdf(3) - 1) / 6,
      range: [HARD_SWISH_MIN, Infinity],
      rangeAttained: { lower: true, upper: false }, // min at x = −3/2
      kinks: [-3, 3],
      smoothness: "C0",
    }),
  description:
    "Hard swish (MobileNetV3): x·relu6(x + 3)/6, a piecewise-quadratic SiLU without exponentials; minimum −3/8 at x = −3/2. Convention: f'(−3) = 0 and f'(3) = 1 (the chain rule through relu6, as JAX; PyTorch gives −1/2 and 3/2), f(0) = 0, f'(0) = 1/2.",
  references: [HOWARD_2019],
});
