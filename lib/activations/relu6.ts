import { type Activation, defineActivation } from "../activation.ts";
import {
  clipMean,
  clippedRampTraits,
  HOWARD_2019,
  KRIZHEVSKY_2010,
} from "./_common.ts";
import { zeroSecondDerivative } from "./_second.ts";

/**
 * min(max(0, x), 6), NaN kept; relu6(−0) = +0, as relu.
 *
 * @param x The input.
 * @returns ReLU6(x).
 */
export function relu6Scalar(x: number): number {
  return x > 0 ? (x < 6 ? x : 6) : x === x ? 0 : x;
}

/**
 * 1 on the open interval (0, 6), else 0: ReLU6'(0) = 0 and ReLU6'(6) = 0,
 * as JAX's `relu6` (whose custom derivative is 0 at both kinks) and
 * PyTorch's `hardtanh_backward`.
 *
 * @param x The input.
 * @returns ReLU6'(x).
 */
export function relu6DerivativeScalar(x: number): number {
  return x > 0 ? (x < 6 ? 1 : 0) : x === x ? 0 : x;
}

/**
 * ReLU6(x) = min(max(0, x), 6) (Krizhevsky 2010; the activation of
 * MobileNets, Howard et al. 2017–2019), ReLU capped at 6;
 * ReLU6'(x) = 1 on (0, 6), else 0; ReLU6'' = 0.
 *
 * At 0: f = 0, f' = 0; at 6: f = 6, f' = 0 (both kinks take 0, as JAX's
 * `nn_test.py` checks: `grad(relu6)(0.) == grad(relu6)(6.) == 0`).
 * Limits: f(−∞) = 0, f(∞) = 6, f'(±∞) = 0. Saturating on both sides,
 * monotonic; the derivative (0, 1, 0) is not monotonic. Equal to
 * `relu.with({ maxValue: 6 })`.
 *
 * @example Usage
 * ```ts
 * import { relu6 } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(relu6([-1, 0, 3, 6, 9]), [0, 0, 3, 6, 6]);
 * assertEquals(relu6.derivative([0, 3, 6]), [0, 1, 0]);
 * ```
 */
export const relu6: Activation<Record<never, number>> = defineActivation({
  id: "relu6",
  label: "ReLU6",
  params: {},
  kernels: () => ({
    f: relu6Scalar,
    df: relu6DerivativeScalar,
    d2f: zeroSecondDerivative,
  }),
  formula: () => ({
    f: "\\operatorname{ReLU6}(x) = \\min\\bigl(\\max(0, x), 6\\bigr) = \\begin{cases} 0 & x \\le 0 \\\\ x & 0 < x < 6 \\\\ 6 & x \\ge 6 \\end{cases}",
    df:
      "\\operatorname{ReLU6}'(x) = \\begin{cases} 1 & 0 < x < 6 \\\\ 0 & \\text{otherwise (0 at } x = 0 \\text{ and } x = 6) \\end{cases}",
    d2f:
      "\\operatorname{ReLU6}''(x) = 0 \\quad (\\text{0 by convention at } x = 0, 6)",
  }),
  // f = 0 at x ≤ 0, 6 at x ≥ 6; mean output 0.3989
  traits: () => clippedRampTraits([0, 6], [0, 6], clipMean(0, 6)),
  description:
    "ReLU capped at 6 (MobileNets): min(max(0, x), 6). Bounded outputs suit low-precision arithmetic. Convention: f'(0) = 0 and f'(6) = 0 (both kinks take 0, as JAX).",
  references: [KRIZHEVSKY_2010, HOWARD_2019],
});
