import { type Activation, defineActivation } from "../activation.ts";
import { mulExp, productError, sumError } from "../_double_double.ts";
import { gatedUnitTraits, MISRA_2019 } from "./_common.ts";
import { cubeOf } from "./_second.ts";

// The zeros r of Mish'' (its inflection points) in three parts, and the
// coefficients of W around them (mpmath, 80 digits;
// tests/fixtures/make_second_tables.py; see mishSecondDerivativeScalar).
const RN_1 = -2.256376396360793;
const RN_2 = -1.0703174875019247e-16;
const RN_3 = -5.763967435146616e-33;
const CN = [0.6677698056932337, 0.16249817635754682, 0.007481163385899321];
const DN = [
  2.1742565259238615,
  0.13675707189226405,
  -0.03979684305402728,
  -0.002297389022429961,
];
const RP_1 = 1.4905711794854284;
const RP_2 = 7.126036715834263e-17;
const RP_3 = -4.836840730499852e-33;
const CP = [-148.5708740996743, -227.44610525342551, -85.85637351272204];
const DP = [
  -223.26477978762438,
  -634.4219016970723,
  -584.1702027895329,
  -175.0130808800851,
];

/**
 * W of {@linkcode mishSecondDerivativeScalar} near a zero r:
 * m·(C₁ + m(C₂ + mC₃)) + d·(D₀ + m(D₁ + m(D₂ + mD₃))), d = x − r,
 * m = expm1(d).
 */
function wNearZero(
  x: number,
  r1: number,
  r2: number,
  r3: number,
  c: readonly number[],
  k: readonly number[],
): number {
  const d = ((x - r1) - r2) - r3;
  const m = Math.expm1(d);
  return m * (c[0]! + m * (c[1]! + m * c[2]!)) +
    d * (k[0]! + m * (k[1]! + m * (k[2]! + m * k[3]!)));
}

/**
 * Mish''(x) = 2T' + x·T'' with T = tanh(softplus x) = n/N: in e = e^x,
 * n = e(e + 2), N = n + 2,
 *
 *   Mish'' = 4e·W/N³,  W = P(e) + x·R(e),
 *   P = 2e³ + 6e² + 8e + 4,  R = 2 + 2e − 3e² − 2e³
 *
 * (T' = 4e(1 + e)/N², T'' = 4e(2 + 2e − 3e² − 2e³)/N³). W vanishes at the
 * two inflection points r ≈ −2.25638 and r ≈ 1.49057 and cancels around
 * them. There, with d = x − r, a = e^r, m = expm1(d) and e = a(1 + m),
 * Taylor's formula for the cubics P and R is exact and W(r) = 0 drops out:
 *
 *   W = Σₖ₌₁³ mᵏ·aᵏ(P⁽ᵏ⁾(a) + r·R⁽ᵏ⁾(a))/k! + d·Σₖ₌₀³ mᵏ·aᵏR⁽ᵏ⁾(a)/k!,
 *
 * whose leading terms m·C₁ and d·D₀ have the same sign; with d exact to a
 * rounding (r in three parts, Sterbenz's lemma on [2r, r/2]) Mish'' keeps
 * its relative precision on the doubles adjacent to both zeros (windows
 * [2r, r/2] on the left, [r/2, 2] on the right). Elsewhere
 * for x < 0, W = (4 + 2x) + e(8 + 2x) + e²(6 − 3x) + e³(2 − 2x); for
 * x ≥ 0, in E = e^−x (no overflow): Mish'' = 4E²·V/Q³, Q = 1 + 2E + 2E²,
 * V = (2 − 2x) + E(6 − 3x) + E²(8 + 2x) + E³(4 + 2x). N³ and Q³ are formed
 * from their exact two-part sums ({@linkcode cubeOf}). Tails: below −40,
 * (2 + x)·e^x; above 40, 8(1 − x)·e^−2x, both through {@linkcode mulExp}.
 *
 * @param x The input.
 * @returns Mish''(x); 0 at ±∞.
 */
export function mishSecondDerivativeScalar(x: number): number {
  if (!(x > -40)) {
    return x === -Infinity ? 0 : x !== x ? NaN : mulExp(2 + x, x);
  }
  if (x > 40) return x > 800 ? -0 : mulExp(8 * (1 - x), -2 * x);
  let w: number;
  if (x >= 2 * RN_1 && x <= RN_1 / 2) {
    w = wNearZero(x, RN_1, RN_2, RN_3, CN, DN);
  } else if (x >= RP_1 / 2 && x <= 2) {
    w = wNearZero(x, RP_1, RP_2, RP_3, CP, DP);
  } else if (x < 0) {
    const e = Math.exp(x);
    w = (4 + 2 * x) +
      e * ((8 + 2 * x) + e * ((6 - 3 * x) + e * (2 - 2 * x)));
  } else {
    const E = Math.exp(-x);
    const v = (2 - 2 * x) +
      E * ((6 - 3 * x) + E * ((8 + 2 * x) + E * (4 + 2 * x)));
    // Q = 1 + q, q = 2E(1 + E), as h + r exactly (Fast2Sum, 1 ≥ q)
    const q = 2 * E * (1 + E);
    const h = 1 + q;
    const r = q - (h - 1);
    return (4 * Math.exp(-2 * x) * v) / cubeOf(h, r);
  }
  // N = n + 2 = h + r exactly (2Sum), as in mishDerivativeScalar
  const e = Math.exp(x);
  const n = e * (e + 2);
  const h = n + 2;
  const bb = h - n;
  const r = (n - (h - bb)) + (2 - bb);
  return (4 * e * w) / cubeOf(h, r);
}

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
    d2f: mishSecondDerivativeScalar,
  }),
  formula: () => ({
    f: "\\operatorname{Mish}(x) = x\\,\\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) = x\\,\\tanh\\bigl(\\ln(1 + e^{x})\\bigr)",
    df:
      "\\operatorname{Mish}'(x) = \\tanh\\bigl(\\operatorname{softplus}(x)\\bigr) + x\\,\\operatorname{sech}^2\\bigl(\\operatorname{softplus}(x)\\bigr)\\,\\sigma(x)",
    d2f:
      "\\operatorname{Mish}''(x) = \\frac{4e^{x}\\,\\bigl(2e^{3x} + 6e^{2x} + 8e^{x} + 4 + x\\,(2 + 2e^{x} - 3e^{2x} - 2e^{3x})\\bigr)}{\\bigl(e^{2x} + 2e^{x} + 2\\bigr)^{3}}",
  }),
  traits: () => gatedUnitTraits(MISH_MIN, mishScalar),
  description:
    "Mish: x·tanh(softplus x), a smooth, non-monotonic self-gated unit that dips to −0.3088 at x ≈ −1.1924 and tends to 0 on the left. Convention: f(0) = 0, f'(0) = tanh(ln 2) = 3/5.",
  references: [MISRA_2019],
});
