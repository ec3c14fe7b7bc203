import { type Activation, defineActivation } from "../activation.ts";
import {
  ddAdd,
  ddMul,
  type DoubleDouble,
  erfcx,
  mulExp,
  normalCdf,
  normalPdf,
  productError,
  twoProduct,
  twoSum,
} from "../special.ts";
import { gatedUnitTraits, HENDRYCKS_2016 } from "./_common.ts";

/** Parameters of {@linkcode gelu}: `approximate` 0 ("none") or 1 ("tanh"). */
export type GeluParams = { readonly approximate: number };

// x₀, the zero of GELU' (Φ(x₀) + x₀φ(x₀) = 0), in three parts (mpmath).
const X0_1 = -0.7517915246935645;
const X0_2 = 1.4956759177009883e-17;
const X0_3 = 5.384040947833005e-34;
/** The minimum of GELU, x₀·Φ(x₀), correctly rounded (mpmath). */
const GELU_MIN = -0.16997120747990366;
/** Half-width of the interval around x₀ where GELU' is a Taylor series. */
const WINDOW = 0.45;
// GELU'(x₀ + d) = Σ c_k d^k; c₁ = GELU''(x₀) = φ(x₀)(2 − x₀²) as hi + lo,
// c₂ … c₂₆ from the Taylor series of GELU'' = φ(x)(2 − x²) at x₀
// (tests/fixtures/make_reference.py --tables). The first neglected term is
// below 1e-18·|c₁d| on |d| ≤ 0.45.
const C1 = 0.4314939923140469;
const C1_LO = 2.7308688141129613e-17;
const C = [
  0.388284982990552,
  -0.018199676398671087,
  -0.1140082332972217,
  -0.014771522148244337,
  0.019421679838189067,
  0.004539228379125415,
  -0.002239538068073497,
  -0.0007448268386746817,
  0.00018633974623233514,
  8.615947861116571e-05,
  -1.121438018842664e-05,
  -7.74846130700372e-06,
  4.3284506257392273e-07,
  5.702764979242107e-07,
  -1.6044265494246427e-09,
  -3.5459866461783865e-08,
  -1.396942086426202e-09,
  1.90319840501314e-09,
  1.4506418938779426e-10,
  -8.950037692726255e-11,
  -9.950340824808053e-12,
  3.725967039270119e-12,
  5.482292964742324e-13,
  -1.3820118240601056e-13,
  -2.5871508475507507e-14,
];
/** 1/√2 and √(2/π) as hi + lo, 2/√π (mpmath). */
const SQRT1_2 = 0.7071067811865476;
const SQRT1_2_LO = -4.833646656726457e-17;
const SQRT_2_PI = 0.7978845608028654;
const SQRT_2_PI_LO = -4.98465440455546e-17;
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * erfcx(z) at z = −x/√2 computed as the double-double z_hi + z_lo, for
 * x ≤ −1/√2: erfcx(z_hi) + z_lo·erfcx'(z_hi), erfcx' = 2z·erfcx − 2/√π.
 * The rounding of −x/√2 alone would cost an ulp of erfcx.
 */
function erfcxOfScaled(x: number, zh: number): number {
  const zl = productError(-x, SQRT1_2, zh) - x * SQRT1_2_LO;
  const g = erfcx(zh);
  return g + zl * (2 * zh * g - TWO_OVER_SQRT_PI);
}

/**
 * GELU(x) = x·Φ(x).
 *
 * For x ≥ −1/√2 as x·Φ(x) with {@linkcode normalCdf}. In the left tail
 * Φ(x) = ½e^{−x²/2}·erfcx(−x/√2), and GELU(x) = ½x·erfcx(z)·e^{−x²/2}
 * with x² exact in double-double and the product formed by
 * {@linkcode mulExp}, so GELU keeps its relative precision where Φ(x) is
 * subnormal but x·Φ(x) is not (x ≈ −37.6).
 *
 * @param x The input.
 * @returns GELU(x); −0 at −∞, ∞ at ∞.
 */
export function geluScalar(x: number): number {
  if (!(x < -0.7071067811865476)) return x * normalCdf(x);
  if (!(x > -40)) return -0;
  const g = erfcxOfScaled(x, -x * SQRT1_2);
  const p = x * x;
  return mulExp(0.5 * x * g, -0.5 * p, -0.5 * productError(x, x, p));
}

/**
 * GELU'(x) = Φ(x) + x·φ(x).
 *
 * The two terms cancel around the zero x₀ ≈ −0.7518 of GELU' (the
 * minimum of GELU); for |x − x₀| < 0.45 GELU' is the Taylor series at x₀,
 * Σ c_k (x − x₀)^k to degree 26, with x − x₀ exact to a rounding (x₀ in
 * three parts, x − x₀₁ exact by Sterbenz's lemma), so it keeps its
 * relative precision on the doubles adjacent to x₀. In the left tail
 * (x < x₀ − 0.45): GELU'(x) = ½e^{−x²/2}·(erfcx(z) − 2z/√π) with
 * z = −x/√2, 2z/√π = −x·√(2/π), and the exponential applied last by
 * {@linkcode mulExp} (no spurious underflow). Elsewhere Φ(x) + x·φ(x).
 *
 * @param x The input.
 * @returns GELU'(x); 1 at ∞, −0 at −∞.
 */
export function geluDerivativeScalar(x: number): number {
  const d = ((x - X0_1) - X0_2) - X0_3;
  if (Math.abs(d) < WINDOW) {
    let p = C[24]!;
    for (let k = 23; k >= 0; k--) p = p * d + C[k]!;
    return d * (C1 + (C1_LO + d * p));
  }
  if (!(x < X0_1)) {
    if (x > 40) return 1;
    return normalCdf(x) + x * normalPdf(x);
  }
  if (!(x > -40)) return x !== x ? NaN : -0;
  const g = erfcxOfScaled(x, -x * SQRT1_2);
  const t = -x * SQRT_2_PI;
  const tl = productError(-x, SQRT_2_PI, t) - x * SQRT_2_PI_LO;
  const p = x * x;
  return mulExp(0.5 * ((g - t) - tl), -0.5 * p, -0.5 * productError(x, x, p));
}

// √2 and 1/√(2π) as hi + lo (mpmath, 50 digits).
const SQRT2 = 1.4142135623730951;
const SQRT2_LO = -9.667293313452913e-17;
const INV_SQRT_2PI = 0.3989422804014327;
const INV_SQRT_2PI_LO = -2.49232720227773e-17;

/**
 * GELU''(x) = φ(x)·(2 − x²) (differentiate Φ + xφ with φ' = −xφ), even.
 * With a = |x|, 2 − a² = (√2 − a)(√2 + a) where √2 − a is (√2₁ − a) + √2₂
 * with √2₁ − a exact by Sterbenz's lemma near the zeros ±√2 (the
 * inflection points of GELU): relative precision is kept on the doubles
 * adjacent to them. φ's exponential is applied last by {@linkcode mulExp}
 * with a² exact in double-double (no spurious underflow, one rounding).
 *
 * @param x The input.
 * @returns GELU''(x); 0 at ±∞.
 */
export function geluSecondDerivativeScalar(x: number): number {
  const a = Math.abs(x);
  if (!(a < 40)) return a === Infinity ? 0 : a !== a ? NaN : -0;
  // s = √2 − a and t = √2 + a as double-doubles (2Sum), p = s·t + lo
  const [s1, s0] = twoSum(SQRT2 - a, SQRT2_LO); // SQRT2 − a exact near √2
  const [t1, t0] = twoSum(SQRT2, a);
  const p = s1 * t1;
  const pl = productError(s1, t1, p) + s1 * (t0 + SQRT2_LO) + s0 * t1;
  const a2 = a * a;
  return mulExp(
    p * INV_SQRT_2PI + (pl * INV_SQRT_2PI + p * INV_SQRT_2PI_LO),
    -0.5 * a2,
    -0.5 * productError(a, a, a2),
  );
}

// The tanh approximation (Hendrycks & Gimpel 2016, §2; JAX's
// `gelu(approximate=True)`, PyTorch's `gelu(approximate="tanh")`, Hugging
// Face's `gelu_new`): ½x(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(z) with
// z = 2√(2/π)(x + 0.044715x³), since ½(1 + tanh u) = σ(2u).
// 2√(2/π) and the decimal 0.044715 as hi + lo (mpmath, 50 digits).
const TWO_SQRT_2_PI = 1.5957691216057308;
const TWO_SQRT_2_PI_LO = -9.96930880911092e-17;
const GELU_K = 0.044715;
const GELU_K_LO = 2.1960211427085595e-18;
/** The minimum of the tanh approximation (mpmath), at x ≈ −0.752461. */
const GELU_TANH_MIN = -0.17004075057125406;

/**
 * z = 2√(2/π)(x + 0.044715x³) in double-double: in the left tail σ(z) is
 * e^z, whose relative error is |z| times that of z (|z| reaches 745), so z
 * is carried to ~1e-32 and the exponential applied by {@linkcode mulExp}.
 */
function geluTanhZ(x: number): DoubleDouble {
  const x3 = ddMul(twoProduct(x, x), [x, 0]);
  const s = ddAdd([x, 0], ddMul([GELU_K, GELU_K_LO], x3));
  return ddMul([TWO_SQRT_2_PI, TWO_SQRT_2_PI_LO], s);
}

/**
 * The tanh approximation of GELU, x·σ(z), and its derivatives by the chain
 * rule: f' = σ(z) + x·σ'(z)·z', f'' = 2σ'(z)·z' + x·(σ''(z)·z'² +
 * σ'(z)·z''), z' = 2√(2/π)(1 + 0.134145x²), z'' = 2√(2/π)·0.26829x. With
 * t = e^−|z| (from the double-double z), σ = 1/(1 + t) or t/(1 + t),
 * σ' = t/(1 + t)², σ'' = ∓σ'·(1 − t)/(1 + t): no 1 − tanh² cancellation,
 * and in the left tail every term carries the factor e^z, applied last by
 * {@linkcode mulExp} (no spurious underflow). Beyond |x| = 10⁴ (x³ would
 * soon overflow) the limits: x, 1 and 0 on the right, 0 on the left.
 */
function geluTanhKernels(): {
  f: (x: number) => number;
  df: (x: number) => number;
  d2f: (x: number) => number;
} {
  // e^{−|z|}·m without spurious underflow, for the double-double z
  const tail = (m: number, z: DoubleDouble) =>
    z[0] < 0 ? mulExp(m, z[0], z[1]) : mulExp(m, -z[0], -z[1]);
  const far = (x: number, right: number) => x !== x ? NaN : x > 0 ? right : -0;
  return {
    f: (x) => {
      if (!(Math.abs(x) < 1e4)) return far(x, x);
      const z = geluTanhZ(x);
      const t = tail(1, z);
      return z[0] < 0 ? tail(x, z) / (1 + t) : x / (1 + t);
    },
    df: (x) => {
      if (!(Math.abs(x) < 1e4)) return far(x, 1);
      const z = geluTanhZ(x);
      const z1 = TWO_SQRT_2_PI * (1 + 3 * GELU_K * x * x);
      const t = tail(1, z);
      const d = 1 + t;
      // x·σ'·z' = x·z'·t/(1 + t)², and σ = t/(1 + t) on the left
      const xs1 = tail(x * z1, z) / (d * d);
      return (z[0] < 0 ? t / d : 1 / d) + xs1;
    },
    d2f: (x) => {
      if (!(Math.abs(x) < 1e4)) return x !== x ? NaN : 0;
      const z = geluTanhZ(x);
      const z1 = TWO_SQRT_2_PI * (1 + 3 * GELU_K * x * x);
      const z2 = TWO_SQRT_2_PI * 6 * GELU_K * x;
      const t = tail(1, z);
      const d = 1 + t;
      // σ'' = σ'·(1 − 2σ(z)) = σ'·sign(−z)·(1 − t)/(1 + t)
      const r = (z[0] < 0 ? 1 : -1) * (-Math.expm1(-Math.abs(z[0])) / d);
      const m = 2 * z1 + x * (r * z1 * z1 + z2);
      return tail(m, z) / (d * d);
    },
  };
}

/** LaTeX of the tanh approximation, u = √(2/π)(x + 0.044715x³). */
const GELU_TANH_FORMULA = {
  f: "\\operatorname{GELU}_{\\tanh}(x) = \\frac{x}{2}\\bigl(1 + \\tanh u\\bigr), \\quad u = \\sqrt{2/\\pi}\\,\\bigl(x + 0.044715\\,x^3\\bigr)",
  df:
    "\\operatorname{GELU}_{\\tanh}'(x) = \\tfrac{1}{2}\\bigl(1 + \\tanh u\\bigr) + \\tfrac{x}{2}\\operatorname{sech}^2(u)\\,u', \\quad u' = \\sqrt{2/\\pi}\\,\\bigl(1 + 0.134145\\,x^2\\bigr)",
  d2f:
    "\\operatorname{GELU}_{\\tanh}''(x) = \\operatorname{sech}^2(u)\\,\\Bigl(u' - x\\tanh(u)\\,u'^2 + \\tfrac{x}{2}\\,u''\\Bigr), \\quad u'' = 0.26829\\sqrt{2/\\pi}\\,x",
};

/**
 * The Gaussian error linear unit GELU(x) = x·Φ(x) (Hendrycks & Gimpel
 * 2016), exact (with erf, not the tanh approximation), and
 * GELU'(x) = Φ(x) + x·φ(x), Φ and φ the standard normal CDF and density.
 *
 * Smooth, not monotonic: it dips to its minimum −0.16997120747990366 at
 * x₀ ≈ −0.75179152469356, then tends to 0 on the left; GELU' overshoots 1
 * near x ≈ 1.41, so it is not monotonic either. At 0: f = 0, f' = ½.
 * Limits: f(−∞) = 0, f'(−∞) = 0, f'(∞) = 1. Each value is within a few
 * ulps of the correctly rounded one over the whole float64 range: the left
 * tail goes through erfcx (no 1 − erf cancellation, no spurious
 * underflow) and GELU' is a Taylor series around its zero.
 * GELU''(x) = φ(x)(2 − x²), exact next to its zeros ±√2 as well.
 *
 * `approximate`: 0 or "none" (the default, exact) or 1 or "tanh" (a
 * boolean also works: `gelu.with({ approximate: true })`) selects the tanh
 * approximation ½x(1 + tanh(√(2/π)(x + 0.044715x³))) of the paper, which
 * JAX uses by default (`jax.nn.gelu(approximate=True)`), PyTorch with
 * `approximate="tanh"` and Hugging Face as `gelu_new`. It differs from the
 * exact GELU by up to about 4.7e-4 (near x ≈ ±2.2).
 *
 * @example Usage
 * ```ts
 * import { gelu } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 * assertEquals(gelu(0), 0);
 * assertEquals(gelu.derivative(0), 0.5);
 * assertEquals(gelu(-Infinity), 0);
 * // x·Φ(x) at x = −10: Φ(−10) = 7.62e-24, computed without 1 − erf
 * assertAlmostEquals(gelu(-10) / -7.619853024160527e-23, 1, 1e-15);
 * assertEquals(gelu.secondDerivative(0), 0.7978845608028654); // 2φ(0)
 * const approx = gelu.with({ approximate: "tanh" });
 * assertEquals(approx.params.approximate, 1);
 * assertAlmostEquals(approx(1), 0.8411919906082768, 1e-15);
 * ```
 */
export const gelu: Activation<GeluParams> = defineActivation<GeluParams>({
  id: "gelu",
  label: "GELU",
  params: {
    approximate: {
      default: 0,
      min: 0,
      max: 1,
      labels: ["none", "tanh"],
      symbol: "\\text{approx}",
      description:
        'approximation: 0 = "none" (exact, erf), 1 = "tanh" (JAX default, gelu_new)',
      explore: [0, 1],
    },
  },
  kernels: ({ approximate }) =>
    approximate === 1 ? geluTanhKernels() : {
      f: geluScalar,
      df: geluDerivativeScalar,
      d2f: geluSecondDerivativeScalar,
    },
  formula: ({ approximate }) =>
    approximate === 1 ? GELU_TANH_FORMULA : ({
      f: "\\operatorname{GELU}(x) = x\\,\\Phi(x) = \\frac{x}{2}\\Bigl(1 + \\operatorname{erf}\\frac{x}{\\sqrt{2}}\\Bigr)",
      df:
        "\\operatorname{GELU}'(x) = \\Phi(x) + x\\,\\varphi(x) = \\Phi(x) + \\frac{x}{\\sqrt{2\\pi}}\\,e^{-x^2/2}",
      d2f:
        "\\operatorname{GELU}''(x) = 2\\varphi(x) - x^2\\varphi(x) = \\varphi(x)\\,\\bigl(2 - x^2\\bigr)",
    }),
  traits: ({ approximate }) =>
    gatedUnitTraits(approximate === 1 ? GELU_TANH_MIN : GELU_MIN),
  description:
    "Gaussian error linear unit: x·Φ(x), the input weighted by the probability that a standard normal variable is below it. Smooth and non-monotonic, with minimum −0.16997 at x ≈ −0.7518. Convention: f(0) = 0, f'(0) = 1/2.",
  references: [HENDRYCKS_2016],
});
