import { type Activation, defineActivation } from "../activation.ts";
import { NAIR_HINTON_2010 } from "./_common.ts";

/**
 * max(0, x), with NaN kept (Math.max would also keep it, but this form lets
 * the loop stay a single compare).
 *
 * @param x The input.
 * @returns ReLU(x).
 */
export function reluScalar(x: number): number {
  return x > 0 ? x : x === x ? 0 : x;
}

/**
 * 1 for x > 0, else 0 (0 at x = 0 by convention, as PyTorch and JAX).
 *
 * @param x The input.
 * @returns ReLU'(x).
 */
export function reluDerivativeScalar(x: number): number {
  return x > 0 ? 1 : x === x ? 0 : x;
}

// The in-loop kernels avoid a branch on the sign of x: on data of mixed signs it is
// mispredicted half the time and costs 3× the whole loop. V8 compiles
// comparisons used as numbers (`+(v > 0)`) to setcc, abs to a mask, so the
// only branches left are the rare ones (non-finite values, NaN).
function reluInLoop(v: number): number {
  // (v + |v|)/2 is max(v, 0) exactly (+0 for v ≤ 0) with no branch on the
  // sign, except where v + |v| overflows (v > 8.9e307) or is −∞ + ∞ = NaN,
  // and for NaN: those few take the (well predicted) branch. Math.max(v, 0)
  // would be exact too, but V8 compiles it with branches: 4× slower here.
  const r = (v + Math.abs(v)) * 0.5;
  return r < Infinity ? r : v > 0 ? v : v === v ? 0 : v;
}
function reluDerivativeInLoop(v: number): number {
  return v === v ? +(v > 0) : v;
}

/**
 * The rectified linear unit, ReLU(x) = max(0, x) (Nair & Hinton 2010);
 * ReLU'(x) = 1 for x > 0, 0 for x ≤ 0.
 *
 * At 0: f = 0 and f' = 0 (the subgradient convention of PyTorch and JAX).
 * Limits: f(∞) = ∞, f'(∞) = 1, f(−∞) = 0. Not saturating (f' = 1 for all
 * x > 0, which is why it eases vanishing gradients — and why nothing damps
 * an exploding one), monotonic, derivative monotonic. Zeroing every
 * negative input acts like a data-dependent dropout of those units.
 *
 * @example Usage
 * ```ts
 * import { relu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(relu([-1, 0, 2]), [0, 0, 2]);
 * assertEquals(relu.derivative([-1, 0, 2]), [0, 0, 1]);
 * ```
 */
export const relu: Activation<Record<never, number>> = defineActivation({
  id: "relu",
  label: "ReLU",
  params: {},
  kernels: () => ({
    f: reluScalar,
    df: reluDerivativeScalar,
    fInLoop: reluInLoop,
    dfInLoop: reluDerivativeInLoop,
  }),
  formula: () => ({
    f: "\\operatorname{ReLU}(x) = \\max(0, x) = \\begin{cases} 0 & x \\le 0 \\\\ x & x > 0 \\end{cases}",
    df:
      "\\operatorname{ReLU}'(x) = \\begin{cases} 0 & x \\le 0 \\\\ 1 & x > 0 \\end{cases}",
  }),
  traits: () => ({
    saturating: false,
    saturates: { negative: true, positive: false },
    monotonic: true,
    derivativeMonotonic: true,
    zeroCentered: false,
    range: [0, Infinity],
    smoothness: "C0",
  }),
  description:
    "Rectified linear unit: not saturating, monotonic, derivative monotonic. Fast and it eases vanishing gradients, but nothing bounds the output, so gradients can explode; zeroing negative inputs acts like dropout. Convention: ReLU'(0) = 0.",
  references: [NAIR_HINTON_2010],
});
