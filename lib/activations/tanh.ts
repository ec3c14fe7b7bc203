import {
  type Activation,
  defineActivation,
  type LoopFn,
} from "../activation.ts";
import { LECUN_1998 } from "./_common.ts";

/**
 * sech²(x) = 4t/(1 + t)² with t = e^−2|x| (from cosh x = (e^x + e^−x)/2).
 *
 * The textbook 1 − tanh² x is exactly 0 from x ≈ 19.06 on, where tanh x
 * rounds to 1; this form has no subtraction and keeps full relative
 * precision until the result underflows (x ≈ 372.5).
 *
 * @param x The input.
 * @returns tanh'(x).
 */
export function tanhDerivativeScalar(x: number): number {
  const t = Math.exp(-2 * Math.abs(x));
  const d = 1 + t;
  return (4 * t) / (d * d);
}

const tanhLoop: LoopFn = (x, out, n) => {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
};
const tanhDerivativeLoop: LoopFn = (x, out, n) => {
  for (let i = 0; i < n; i++) out[i] = tanhDerivativeScalar(x[i]!);
};

/**
 * The hyperbolic tangent, tanh x = (e^x − e^−x)/(e^x + e^−x) = 2σ(2x) − 1,
 * and tanh' x = 1 − tanh² x, computed as sech² x so the tails stay exact.
 *
 * At 0: tanh 0 = 0, tanh' 0 = 1. Limits ±1 at ±∞, derivative 0 there.
 * Saturating, monotonic, zero-centred; derivative not monotonic.
 *
 * @example Usage
 * ```ts
 * import { tanh } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 * assertEquals(tanh(0), 0);
 * assertEquals(tanh.derivative(0), 1);
 * // 1 − tanh² is 0 here; the true value is 4e^−40 ≈ 1.70e-17
 * assertAlmostEquals(tanh.derivative(20), 1.6993e-17, 1e-20);
 * ```
 */
export const tanh: Activation<Record<never, number>> = defineActivation({
  id: "tanh",
  label: "Tanh",
  params: {},
  kernels: () => ({
    f: Math.tanh,
    df: tanhDerivativeScalar,
    fLoop: tanhLoop,
    dfLoop: tanhDerivativeLoop,
  }),
  formula: () => ({
    f: "\\tanh(x) = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    df: "\\tanh'(x) = 1 - \\tanh^2(x) = \\operatorname{sech}^2(x)",
  }),
  traits: () => ({
    saturating: true,
    saturates: { negative: true, positive: true },
    monotonic: true,
    derivativeMonotonic: false,
    zeroCentered: true,
    range: [-1, 1],
    smoothness: "smooth",
  }),
  description:
    "Hyperbolic tangent: saturating, monotonic and zero-centred, a rescaled sigmoid (tanh x = 2σ(2x) − 1). The derivative 1 − tanh² x is computed as sech² x, exact where tanh rounds to ±1.",
  references: [LECUN_1998],
});
