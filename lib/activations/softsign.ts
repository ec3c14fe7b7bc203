import { type Activation, defineActivation } from "../activation.ts";
import { squashingTraits, TURIAN_2009 } from "./_common.ts";

/**
 * 1/(1 + a) for a ≥ 0 to about half an ulp: 1 + a = s + e exactly
 * (Fast2Sum with the larger operand first), then 1/(s + e) =
 * (1/s)(1 − e/s) to first order.
 *
 * @param a A non-negative number (or +∞).
 * @returns 1/(1 + a).
 */
function reciprocalOnePlus(a: number): number {
  if (a > 1e300) return a === Infinity ? 0 : 1 / a; // 1/a is subnormal anyway
  const s = 1 + a;
  const e = a > 1 ? 1 - (s - a) : a - (s - 1);
  const q = 1 / s;
  return q - q * (e * q);
}

/**
 * Softsign (Turian et al. 2009; Bergstra et al. 2009): x/(1 + |x|), a
 * rational sigmoid-like function with polynomial tails;
 * f'(x) = 1/(1 + |x|)², f''(x) = −2·sign(x)/(1 + |x|)³.
 *
 * Computed from r = 1/(1 + |x|) with its rounding error corrected
 * (f = x·r, f' = r², f'' = −2 sign(x)·r³), so (1 + |x|)² never overflows
 * (f' of 1e200 is 1e-400 → 0, of 1e160 the subnormal 1e-320, not 1/∞).
 * At 0: f = 0 (−0 for −0), f' = 1, f'' = 0 by convention (f'' jumps from 2
 * to −2 there: softsign is C1, and 0 is the mean of the one-sided
 * values, as sign(0) = 0). Limits ±1, f'(±∞) = 0.
 *
 * @example Usage
 * ```ts
 * import { softsign } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(softsign([-3, 0, 1]), [-0.75, 0, 0.5]);
 * assertEquals(softsign.derivative(1), 0.25);
 * assertEquals(softsign.secondDerivative(1), -0.25);
 * ```
 */
export const softsign: Activation<Record<never, number>> = defineActivation({
  id: "softsign",
  label: "Softsign",
  params: {},
  kernels: () => ({
    f: (x) => {
      // beyond 1e17, 1 − 1/(1 + |x|) rounds to 1 (and 1/(1 + |x|) would
      // turn subnormal near the top of the range)
      if (Math.abs(x) > 1e17) return x > 0 ? 1 : -1;
      return x * reciprocalOnePlus(Math.abs(x));
    },
    df: (x) => {
      const r = reciprocalOnePlus(Math.abs(x));
      return r * r;
    },
    d2f: (x) => {
      const r = reciprocalOnePlus(Math.abs(x));
      const v = 2 * r * r * r;
      return x > 0 ? -v : x < 0 ? v : x === x ? 0 : x;
    },
  }),
  formula: () => ({
    f: "\\operatorname{softsign}(x) = \\frac{x}{1 + |x|}",
    df: "\\operatorname{softsign}'(x) = \\frac{1}{(1 + |x|)^2}",
    d2f:
      "\\operatorname{softsign}''(x) = \\frac{-2\\operatorname{sign}(x)}{(1 + |x|)^3} \\quad (0 \\text{ by convention at } x = 0)",
  }),
  // odd: mean output 0; f″ jumps from 2 to −2 at 0
  traits: () => squashingTraits([-1, 1], 0, [0]),
  description:
    "Softsign: x/(1 + |x|), a zero-centred sigmoid-like function whose tails approach ±1 polynomially (f' ~ 1/x²), not exponentially like tanh, so it saturates more gently. Convention: f(0) = 0, f'(0) = 1, f''(0) = 0 (f'' jumps from 2 to −2 there).",
  references: [TURIAN_2009],
});
