import { type Activation, defineActivation } from "../activation.ts";
import { mulExp, productError, sumError } from "../_double_double.ts";
import { gatedUnitTraits, MISRA_2019 } from "./_common.ts";

// x₀, the zero of Mish', in three parts, and the coefficients of w around
// it (a = e^{x₀}; mpmath, 80 digits; see mishDerivativeScalar).
const X0_1 = -1.1924312145154952;
const X0_2 = -4.8484829848031044e-17;
const X0_3 = -1.898915114090381e-33;
const W_D = 5.213930141126116; // 4(1 + a)
const W_DM = 1.2139301411261156; // 4a
const W_M1 = 1.194033938963939; // 3a³ + 8a² + 6a + 4a·x₀
const W_M2 = 0.4522603229111282; // 3a³ + 4a²
const W_M3 = 0.027951242009170138; // a³
/** The minimum of Mish, x₀·tanh(softplus x₀), correctly rounded (mpmath). */
const MISH_MIN = -0.30884341301725043;

/**
 * Mish(x) = x·tanh(softplus x), from the rational form of
 * tanh(ln(1 + e^x)): with n = e^x(e^x + 2), tanh(softplus x) = n/(n + 2)
 * (write tanh y = (e^{2y} − 1)/(e^{2y} + 1) with e^y = 1 + e^x). For
 * x ≥ 0 in E = e^−x, (1 + 2E)/(1 + 2E + 2E²), which cannot overflow;
 * below −40 (where n/(n + 2) = e^x to the last bit) as x·e^x with
 * {@linkcode mulExp}, exact to the last bits where e^x is subnormal.
 *
 * @param x The input.
 * @returns Mish(x); −0 at −∞, ∞ at ∞.
 */
export function mishScalar(x: number): number {
  if (x >= 0) {
    const t = 2 * Math.exp(-x);
    return (x * (1 + t)) / (1 + t * (1 + 0.5 * t));
  }
  if (x > -40) {
    // n/(n + 2) with n + 2 = N + r exactly (2Sum): n/(N + r) ≈ (n/N)(1 − r/N)
    const e = Math.exp(x);
    const n = e * (e + 2);
    const N = n + 2;
    const r = sumError(n, 2, N);
    return ((x * n) / N) * (1 - r / N);
  }
  if (!(x > -800)) return x !== x ? NaN : -0;
  return mulExp(x, x);
}

/**
 * Mish'(x) = tanh(sp) + x·sech²(sp)·σ(x), sp = softplus x.
 *
 * With e = e^x, n = e(e + 2) and N = n + 2 this is e·w/N², where
 * w = (e + 2)·N + 4x(1 + e) (tanh sp = n/N, sech² sp = 4(1 + e)²/N²,
 * σ = e/(1 + e)). w vanishes at x₀ ≈ −1.1924 and cancels around it.
 * Writing x = x₀ + d and e = a(1 + m), a = e^{x₀}, m = expm1(d), and
 * subtracting w(x₀) = 0 leaves
 *
 *   w = 4(1 + a)·d + 4a·d·m + (3a³ + 8a² + 6a + 4a·x₀)·m
 *       + (3a³ + 4a²)·m² + a³·m³,
 *
 * whose leading terms have the sign of d (m has the sign of d): the
 * cancellation is gone, and with d exact to a rounding (x₀ in three
 * parts, x − x₀₁ exact by Sterbenz's lemma on [2x₀, x₀/2]) Mish' keeps its
 * relative precision on the doubles adjacent to x₀. For x ≥ 0 in
 * E = e^−x (no overflow); below −40, Mish' = (1 + x)·e^x to the last bit.
 *
 * @param x The input.
 * @returns Mish'(x); 1 at ∞, −0 at −∞.
 */
export function mishDerivativeScalar(x: number): number {
  if (x >= 0) {
    if (x > 750) return 1;
    const E = Math.exp(-x);
    const t = 2 * E;
    const q = 1 + t * (1 + E);
    return (1 + t) / q + (4 * x * E * (E * (1 + E))) / (q * q);
  }
  let w: number;
  const e = Math.exp(x);
  if (x >= 2 * X0_1 && x <= X0_1 / 2) {
    const d = ((x - X0_1) - X0_2) - X0_3;
    const m = Math.expm1(d);
    w = d * (W_D + W_DM * m) + m * (W_M1 + m * (W_M2 + m * W_M3));
  } else if (x > -40) {
    // w = (e + 2)(n + 2) + 4x(1 + e) expanded in powers of e: the exact
    // 4(1 + x) dominates on the left, all terms are positive on the right
    w = 4 * (1 + x) + e * ((6 + 4 * x) + e * (4 + e));
  } else {
    if (!(x > -800)) return x !== x ? NaN : -0;
    return mulExp(1 + x, x);
  }
  // N = n + 2 = h + r exactly (2Sum), N² = h² + 2hr to about half an ulp
  const n = e * (e + 2);
  const h = n + 2;
  const r = sumError(n, 2, h);
  const h2 = h * h;
  return (e * w) / (h2 + (productError(h, h, h2) + 2 * h * r));
}

/**
 * Mish(x) = x·tanh(softplus x) = x·tanh(ln(1 + e^x)) (Misra 2019), and
 * Mish'(x) = tanh(sp) + x·sech²(sp)·σ(x).
 *
 * Smooth, not monotonic: it dips to its minimum −0.30884341301725043 at
 * x₀ ≈ −1.19243121451550, then tends to 0 on the left; Mish' overshoots 1
 * (near x ≈ 1.6), so it is not monotonic either. At 0: f = 0,
 * f' = tanh(ln 2) = 3/5 exactly. Limits: f(−∞) = 0, f'(−∞) = 0,
 * f'(∞) = 1. Each value is within a few ulps of the correctly rounded one
 * over the whole float64 range, also next to x₀ (see
 * {@linkcode mishDerivativeScalar}).
 *
 * @example Usage
 * ```ts
 * import { mish } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mish(0), 0);
 * assertEquals(mish.derivative(0), 0.6);
 * assertEquals(mish(-Infinity), 0);
 * assertEquals(mish(1000), 1000);
 * ```
 */
export const mish: Activation<Record<never, number>> = defineActivation({
  id: "mish",
  label: "Mish",
  params: {},
  kernels: () => ({
    f: mishScalar,
    df: mishDerivativeScalar,
  }),
  formula: () => ({
    f: "\\operatorname{Mish}(x) = x\\,\\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) = x\\,\\tanh\\bigl(\\ln(1 + e^{x})\\bigr)",
    df:
      "\\operatorname{Mish}'(x) = \\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) + x\\,\\operatorname{sech}^2\\bigl(\\operatorname{softplus}(x)\\bigr)\\,\\sigma(x)",
  }),
  traits: () => gatedUnitTraits(MISH_MIN),
  description:
    "Mish: x·tanh(softplus x), a smooth, non-monotonic self-gated unit that dips to −0.3088 at x ≈ −1.1924 and tends to 0 on the left. Convention: f(0) = 0, f'(0) = tanh(ln 2) = 3/5.",
  references: [MISRA_2019],
});
