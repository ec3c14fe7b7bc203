// AssemblyScript source of the WebAssembly SIMD kernels (compiled by
// `deno task wasm`, see build.ts; not part of the Deno module graph).
//
// Every elementwise kernel (the export loops build.ts generates) reads `n`
// elements at byte offset `src` and writes the results at `dst` (the same
// offset: in place; otherwise disjoint). The loops read and write whole
// iterations of four elements: the caller either pads (a block, whose
// padding lanes compute garbage that nobody reads) or passes a multiple of
// four (arrays that live in wasm memory, whose tail goes through a block
// so that no byte past the array is written). `a` and `b` are the
// activation's parameters, already validated by the JavaScript side.
//
// Float64Array data is computed two lanes at a time (f64x2). Float32Array
// data is promoted to double, computed by the same formulas (T = f32: a
// shorter exp polynomial, see expm1Poly32) and rounded once when stored,
// as the JavaScript path computes in double and rounds once (DESIGN.md).

// ---------------------------------------------------------------------------
// Constants

// 1/ln 2, and ln 2 in two parts (Cody & Waite 1980, "Software Manual for the
// Elementary Functions"): the high part has 21 trailing zero bits, so k·LN2_HI
// is exact for |k| < 2^21 and x − k·LN2_HI is exact. Values from fdlibm's
// e_exp.c (Sun Microsystems 1993).
const INV_LN2: f64 = 1.44269504088896338700e+00;
const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LN2: f64 = 0.6931471805599453;
// 1.5·2^52: adding it rounds to an integer and leaves that integer in the
// low mantissa bits (the "shift" trick of ARM's optimized-routines exp,
// https://github.com/ARM-software/optimized-routines, math/exp.c).
const SHIFT: f64 = 6755399441055744.0;
// Beyond this |x| the fast path's 2^k would leave the normal exponent range.
const FAST_LIMIT: f64 = 708.0;

// expm1(r) = r + r²·P(r) on |r| ≤ ln2/2, P of degree 10: a Chebyshev fit
// (mpmath.chebyfit, 60 digits) of (e^r − 1 − r)/r²; with these double
// coefficients the relative error of r + r²·P(r) is below 2^-60
// (tests/fixtures/make_wasm_coefficients.py checks it).
const E0: f64 = 0.5;
const E1: f64 = 0.1666666666666667;
const E2: f64 = 0.04166666666666667;
const E3: f64 = 0.008333333333326136;
const E4: f64 = 0.0013888888888883748;
const E5: f64 = 0.00019841269874820627;
const E6: f64 = 2.4801587325547743e-05;
const E7: f64 = 2.7557255400206422e-06;
const E8: f64 = 2.75572736431103e-07;
const E9: f64 = 2.5105217004720745e-08;
const E10: f64 = 2.0914686968086876e-09;

// The same fit with P of degree 5, for the float32 kernels (mpmath.chebyfit;
// relative error of e^r below 2^-32).
const F0: f64 = 0.500000001346581;
const F1: f64 = 0.16666666681623232;
const F2: f64 = 0.041666464925285904;
const F3: f64 = 0.0083333109254809;
const F4: f64 = 0.0013933649996309251;
const F5: f64 = 0.00019890990824673654;

// log(1 + f) = f − f²/2 + s·(f²/2 + R(s²)), s = f/(2 + f): the reduction and
// the minimax polynomial R of fdlibm's e_log.c / s_log1p.c (Lg1..Lg7, error
// below 2^-58.45 on |f| ≤ 0.1716 … 0.4142).
const LG1: f64 = 6.666666666666735130e-01;
const LG2: f64 = 3.999999999940941908e-01;
const LG3: f64 = 2.857142874366239149e-01;
const LG4: f64 = 2.222219843214978396e-01;
const LG5: f64 = 1.818357216161805012e-01;
const LG6: f64 = 1.531383769920937332e-01;
const LG7: f64 = 1.479819860511658591e-01;
const SQRT2_M1: f64 = 0.41421356237309503; // √2 − 1

// The float32 kernels' log1p(u), u in [0, 1]: log1p(u) = 2 atanh(s) =
// s·Q(s²), s = u/(2 + u) in [0, 1/3] (the series 2(s + s³/3 + s⁵/5 + …)),
// Q of degree 5 fitted to 2 atanh(s)/s on s² in [0, 1/9] by mpmath's
// chebyfit (tests/fixtures/make_wasm_coefficients.py): relative error
// 2^-33.2 against log1p.
const LP0: f64 = 1.9999999998090061;
const LP1: f64 = 0.6666667902643397;
const LP2: f64 = 0.39998711246862334;
const LP3: f64 = 0.28620207408437237;
const LP4: f64 = 0.21398560506678543;
const LP5: f64 = 0.24393908084023025;

// Half-width of the band around the zero x₀ of SiLU' and of Mish' where the
// float32 kernels take the near form (the float64 ones: 2x₀ ≤ x ≤ x₀/2).
// Outside it, the plain numerator amplifies the relative error of e^x
// (≤ 2^-31 there) by A = |∂w/∂e|·e/|w| ≤ 14 (measured with mpmath at
// |x − x₀| = 2^-6: A·|x − x₀| ≈ 0.2 for both), so the result stays within
// (1 + A)·2^-31 < 2^-27 of the exact value, inside the 2^-25 budget.
const NEAR32: f64 = 0.015625;

// Veltkamp's splitter 2^27 + 1 (Dekker 1971, "A floating-point technique for
// extending the available precision").
const SPLITTER: f64 = 134217729.0;

const SIXTH: f64 = 1.0 / 6.0;

// x₀, the zero of Mish', in three parts, and the coefficients of w near it
// (lib/activations/mish.ts, from mpmath; a = e^{x₀}).
const MX0_1: f64 = -1.1924312145154952;
const MX0_2: f64 = -4.8484829848031044e-17;
const MX0_3: f64 = -1.898915114090381e-33;
const W_D: f64 = 5.213930141126116; // 4(1 + a)
const W_DM: f64 = 1.2139301411261156; // 4a
const W_M1: f64 = 1.194033938963939; // 3a³ + 8a² + 6a + 4a·x₀
const W_M2: f64 = 0.4522603229111282; // 3a³ + 4a²
const W_M3: f64 = 0.027951242009170138; // a³

// x₀, the zero of SiLU' (1 + x₀ + e^{x₀} = 0), in three parts, and
// a = e^{x₀} = −1 − x₀ in two (mpmath, 80 digits; the same constants as
// lib/activations/silu.ts).
const X0_1: f64 = -1.2784645427610737;
const X0_2: f64 = -1.0946994183093437e-16;
const X0_3: f64 = -3.907766676128665e-33;
const A_1: f64 = 0.2784645427610738;
const A_2: f64 = -1.5523606315812798e-18;

// ---------------------------------------------------------------------------
// Helpers

// Use relaxed-SIMD multiply-adds (see madd).
const USE_FMA: bool = true;

// A splatted constant. build.ts rewrites every `sp(C)` call into a load from
// a constant table in memory (see `constantsToMemory` there), so C must be
// a compile-time constant expression without parentheses.
@inline function sp(v: f64): v128 {
  return f64x2.splat(v);
}

/**
 * a·b + c by f64x2.relaxed_madd (relaxed SIMD): fused (one rounding) where
 * the CPU has FMA, or a product and a sum (two roundings) elsewhere; every
 * use below keeps its error bound either way (FMA-based Horner / Estrin
 * evaluation: Muller et al., "Handbook of Floating-Point Arithmetic",
 * 2nd ed., §5.3 and §6.2).
 */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (USE_FMA) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** c − a·b, fused or not (as madd). */
@inline function nmadd(a: v128, b: v128, c: v128): v128 {
  if (USE_FMA) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}

@inline function isNan(x: v128): v128 {
  return f64x2.ne(x, x);
}

/**
 * a where the comparison mask m is set, else b: relaxed_laneselect, which
 * equals v128.bitselect for masks whose lanes are all ones or all zeros
 * (every comparison's result; WebAssembly relaxed SIMD proposal) and is
 * one instruction on x64 (blendvpd) instead of three.
 */
@inline function sel(a: v128, b: v128, m: v128): v128 {
  return i64x2.relaxed_laneselect(a, b, m);
}

/** x where x is NaN, else r. */
@inline function keepNan(x: v128, r: v128): v128 {
  return sel(x, r, isNan(x));
}

/**
 * The fast path covers every lane (no NaN, |x| < 708). The float32 kernels
 * (T = f32) are only called on blocks of four inputs with |x| < 354 (so
 * every exp argument, up to 2|x|, is in range), checked once by the loop.
 */
@inline function fastOk<T>(x: v128): bool {
  if (sizeof<T>() == 4) return true;
  return i64x2.all_true(f64x2.lt(f64x2.abs(x), sp(FAST_LIMIT)));
}

/** 2^k for integer-valued k (as f64) with −1022 ≤ k ≤ 1023, from its bits. */
@inline function pow2(k: v128): v128 {
  const kd = f64x2.add(k, sp(SHIFT)); // k in the low bits
  return i64x2.add(i64x2.shl(kd, 52), sp(1.0));
}

/** k = round(x/ln2) as f64 (|x| < 2^50). */
@inline function reduceK(x: v128): v128 {
  return f64x2.nearest(f64x2.mul(x, sp(INV_LN2)));
}

/**
 * r = x − k·ln2 in [−ln2/2, ln2/2] (Cody–Waite, two-part ln 2). The float32
 * kernels use ln 2 in one part: for |k| ≤ 512 the error of r is below
 * 2^-44, far inside their budget.
 */
@inline function reduceR<T>(x: v128, k: v128): v128 {
  if (sizeof<T>() == 4) return nmadd(k, sp(LN2), x);
  // exact, fused or not: k·LN2_HI is exact (|k| < 2^21) and so is the
  // difference (Sterbenz)
  const hi = nmadd(k, sp(LN2_HI), x);
  return nmadd(k, sp(LN2_LO), hi);
}

/** expm1(r) for |r| ≤ ln2/2 (relative error < 2^-60 plus roundings). */
@inline function expm1Poly<T>(r: v128): v128 {
  if (sizeof<T>() == 4) return expm1Poly32(r);
  // Estrin's scheme in r² for instruction-level parallelism.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const p01 = madd(r, sp(E1), sp(E0));
  const p23 = madd(r, sp(E3), sp(E2));
  const p45 = madd(r, sp(E5), sp(E4));
  const p67 = madd(r, sp(E7), sp(E6));
  const p89 = madd(r, sp(E9), sp(E8));
  const q0 = madd(r2, p23, p01);
  const q1 = madd(r2, p67, p45);
  const q2 = madd(r2, sp(E10), p89);
  const r8 = f64x2.mul(r4, r4);
  const p = madd(r8, q2, madd(r4, q1, q0));
  return madd(r2, p, r);
}

/**
 * The float32 kernels' expm1(r): P of degree 5 (relative error of e^r below
 * 2^-32). Error budget of the float32 kernels: a double result within a
 * relative 2^-25 of the exact value lies within half a float32 ulp of it,
 * so its one rounding to float32 gives the correctly rounded value or its
 * neighbour (≤ 1 float32 ulp, the accuracy rule). The formulas amplify the
 * exp error by at most a small factor (< 2 except near the zero of SiLU',
 * where the d + a·expm1(d) form keeps it < 1), leaving a margin of 2^6.
 */
@inline function expm1Poly32(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const p01 = madd(r, sp(F1), sp(F0));
  const p23 = madd(r, sp(F3), sp(F2));
  const p45 = madd(r, sp(F5), sp(F4));
  const p = madd(r2, madd(r2, p45, p23), p01);
  return madd(r2, p, r);
}

/**
 * SHIFT + k, k = round(x/ln2), in one multiply-add (|x| < 2^50): the sum
 * lies in [2^52, 2^53), where doubles are the integers, so it rounds to an
 * integer whether the madd is fused or not (the shift trick of ARM's
 * optimized-routines exp; an unfused rounding can only move a near-tie to
 * the other neighbour, |r| ≤ ln2/2 + 2^-52·|x|). k = kd − SHIFT exactly,
 * and 2^k is built from kd's bits (pow2FromShifted): no f64x2.nearest and
 * no second shift.
 */
@inline function reduceKd(x: v128): v128 {
  return madd(x, sp(INV_LN2), sp(SHIFT));
}

/**
 * 2^k from kd = SHIFT + k (−1022 ≤ k ≤ 1023): k's bits shifted into the
 * exponent field, plus the bits of 1.0 (0x3ff0…, as `sp(1.0)`: a table
 * load; likewise `sp(-0.0)` is the sign-bit mask).
 */
@inline function pow2FromShifted(kd: v128): v128 {
  return i64x2.add(i64x2.shl(kd, 52), sp(1.0));
}

/** e^x for lanes with |x| < 708 (no NaN): 2^k·(1 + expm1(r)). */
@inline function expFast<T>(x: v128): v128 {
  return expFromKd<T>(x, reduceKd(x));
}

/** expFast with kd = SHIFT + round(x/ln 2) given (see expm1FromKd). */
@inline function expFromKd<T>(x: v128, kd: v128): v128 {
  const q = expm1Poly<T>(reduceR<T>(x, f64x2.sub(kd, sp(SHIFT))));
  const t = pow2FromShifted(kd);
  return madd(t, q, t);
}

/**
 * a·e^x for any x (NaN, ±∞, overflow, gradual underflow), rounded once
 * at the end: 2^k is applied in two halves 2^k1·2^k2, the second after the
 * multiplication by a, so a subnormal result is rounded only once.
 */
function mulExpAny<T>(a: v128, x: v128): v128 {
  const xc = f64x2.max(f64x2.min(x, sp(1400.0)), sp(-1400.0));
  const k = reduceK(xc);
  const q = expm1Poly<T>(reduceR<T>(xc, k));
  const k1 = f64x2.floor(f64x2.mul(k, sp(0.5)));
  const k2 = f64x2.sub(k, k1);
  const t1 = pow2(k1);
  const m = f64x2.mul(f64x2.add(t1, f64x2.mul(t1, q)), a);
  return keepNan(x, f64x2.mul(m, pow2(k2)));
}

/** e^x, every lane. */
@inline function exp<T>(x: v128): v128 {
  if (fastOk<T>(x)) return expFast<T>(x);
  return mulExpAny<T>(sp(1.0), x);
}

/**
 * e^x − 1, every lane: (2^k − 1) + 2^k·expm1(r). 2^k − 1 is exact for
 * |k| ≤ 53; for k = 0 the result is expm1(r) itself (relative accuracy at
 * 0). Note: expm1(−0) gives +0 here; callers that need −0 fix the sign.
 */
@inline function expm1<T>(x: v128): v128 {
  if (fastOk<T>(x)) return expm1Fast<T>(x);
  return expm1Slow<T>(x);
}

/** e^x − 1 for lanes with |x| < 708 (no NaN), as expm1. */
@inline function expm1Fast<T>(x: v128): v128 {
  return expm1FromKd<T>(x, reduceKd(x));
}

/**
 * expm1Fast with kd = SHIFT + round(x/ln 2) given: a caller that has x as
 * a multiple c·v of a value v at hand computes kd from v·(c/ln 2) (c = ±2:
 * the same product, exactly) beside x, off the dependency chain (these
 * loops are bound by latency more than by the count of instructions).
 */
@inline function expm1FromKd<T>(x: v128, kd: v128): v128 {
  const q = expm1Poly<T>(reduceR<T>(x, f64x2.sub(kd, sp(SHIFT))));
  const t = pow2FromShifted(kd);
  return madd(t, q, f64x2.sub(t, sp(1.0)));
}

function expm1Slow<T>(x: v128): v128 {
  // Lanes with |x| < 708 as above; beyond, e^x − 1 rounds to e^x (x > 0)
  // or to −1 (x < 0).
  const xs = f64x2.max(f64x2.min(x, sp(FAST_LIMIT)), sp(-FAST_LIMIT));
  const k = reduceK(xs);
  const q = expm1Poly<T>(reduceR<T>(xs, k));
  const t = pow2(k);
  const inner = f64x2.add(f64x2.sub(t, sp(1.0)), f64x2.mul(t, q));
  const big = f64x2.ge(x, sp(FAST_LIMIT));
  const small = f64x2.le(x, sp(-FAST_LIMIT));
  let r = sel(mulExpAny<T>(sp(1.0), x), inner, big);
  r = sel(sp(-1.0), r, small);
  return keepNan(x, r);
}

/**
 * log1p(u) for u in [0, 1] (NaN passes through), fdlibm's s_log1p.c
 * reduction: for u < √2 − 1, f = u exactly; otherwise 1 + u = 2·(1 + f)
 * with f = (1 + u)/2 − 1 and c = (u − ((1 + u) − 1))/(1 + u) the rounding
 * error of 1 + u, carried as a correction.
 */
@inline function log1pUnit<T>(u: v128): v128 {
  if (sizeof<T>() == 4) return log1pUnit32(u);
  const big = f64x2.ge(u, sp(SQRT2_M1));
  const w = f64x2.add(u, sp(1.0));
  const f = sel(f64x2.sub(f64x2.mul(w, sp(0.5)), sp(1.0)), u, big);
  const c = v128.and(
    f64x2.div(f64x2.sub(u, f64x2.sub(w, sp(1.0))), w),
    big,
  );
  const kf = v128.and(sp(1.0), big);
  const s = f64x2.div(f, f64x2.add(sp(2.0), f));
  const z = f64x2.mul(s, s);
  const ww = f64x2.mul(z, z);
  const t1 = f64x2.mul(
    ww,
    f64x2.add(sp(LG2), f64x2.mul(ww, f64x2.add(sp(LG4), f64x2.mul(ww, sp(LG6))))),
  );
  const t2 = f64x2.mul(
    z,
    f64x2.add(
      sp(LG1),
      f64x2.mul(
        ww,
        f64x2.add(sp(LG3), f64x2.mul(ww, f64x2.add(sp(LG5), f64x2.mul(ww, sp(LG7))))),
      ),
    ),
  );
  const R = f64x2.add(t2, t1);
  const hfsq = f64x2.mul(f64x2.mul(sp(0.5), f), f);
  // k·ln2_hi − ((hfsq − (s·(hfsq + R) + (k·ln2_lo + c))) − f)
  const inner = f64x2.add(
    f64x2.mul(s, f64x2.add(hfsq, R)),
    f64x2.add(f64x2.mul(kf, sp(LN2_LO)), c),
  );
  return f64x2.sub(
    f64x2.mul(kf, sp(LN2_HI)),
    f64x2.sub(f64x2.sub(hfsq, inner), f),
  );
}

/**
 * The float32 kernels' log1p(u), u in [0, 1] (no NaN: their loop leaves
 * those lanes to the float64 kernels): s·Q(s²), s = u/(2 + u) (see LP0…).
 * s is within 2^-52 relative of its exact value (one sum, one quotient),
 * Q within 2^-33.2, its Horner evaluation within a few 2^-53: far inside
 * the float32 budget (see expm1Poly32), with no reduction and no select.
 */
@inline function log1pUnit32(u: v128): v128 {
  const s = f64x2.div(u, f64x2.add(u, sp(2.0)));
  const z = f64x2.mul(s, s);
  let q = madd(z, sp(LP5), sp(LP4));
  q = madd(z, q, sp(LP3));
  q = madd(z, q, sp(LP2));
  q = madd(z, q, sp(LP1));
  q = madd(z, q, sp(LP0));
  return f64x2.mul(s, q);
}

/** max(x, 0) with +0 for x ≤ 0 and NaN kept. */
@inline function relu(x: v128): v128 {
  return v128.andnot(x, f64x2.le(x, sp(0.0)));
}

/**
 * (1 + e)² with a relative error of about 2^-105 before the final rounding:
 * 1 + e = q + r exactly (Knuth's TwoSum, q ≥ e), q² = h + err exactly
 * (Dekker's product with Veltkamp's split), then h + (err + 2qr).
 */
@inline function onePlusSquared<T>(e: v128): v128 {
  const q = f64x2.add(sp(1.0), e);
  // float32 kernels: (1 + e)² in two roundings (relative error ≤ 3u + O(u²),
  // Higham §3.1), far inside their 2^-25 budget
  if (sizeof<T>() == 4) return f64x2.mul(q, q);
  const r = f64x2.sub(e, f64x2.sub(q, sp(1.0)));
  const h = f64x2.mul(q, q);
  const c = f64x2.mul(q, sp(SPLITTER));
  const qh = f64x2.sub(c, f64x2.sub(c, q));
  const ql = f64x2.sub(q, qh);
  const err = f64x2.add(
    f64x2.add(f64x2.sub(f64x2.mul(qh, qh), h), f64x2.mul(f64x2.mul(sp(2.0), qh), ql)),
    f64x2.mul(ql, ql),
  );
  return f64x2.add(h, f64x2.add(err, f64x2.mul(f64x2.mul(sp(2.0), q), r)));
}

// ---------------------------------------------------------------------------
// The elementwise functions on one f64x2 (a, b: parameters)

@inline function k_exp<T>(x: v128, a: v128, b: v128): v128 {
  return exp<T>(x);
}

@inline function k_relu<T>(x: v128, a: v128, b: v128): v128 {
  return relu(x);
}

@inline function k_relu_d<T>(x: v128, a: v128, b: v128): v128 {
  return keepNan(x, v128.and(sp(1.0), f64x2.gt(x, sp(0.0))));
}

// leakyRelu and prelu (slope a): x for x > 0, a·x otherwise; 0·(−∞) is 0.
@inline function k_linear_unit<T>(x: v128, a: v128, b: v128): v128 {
  const r = sel(x, f64x2.mul(a, x), f64x2.gt(x, sp(0.0)));
  return v128.and(r, v128.or(f64x2.eq(r, r), isNan(x)));
}

@inline function k_linear_unit_d<T>(x: v128, a: v128, b: v128): v128 {
  return keepNan(x, sel(sp(1.0), a, f64x2.gt(x, sp(0.0))));
}

// step (height a, left value b): a for x > 0, b for x < 0, the midpoint
// b/2 + a/2 at ±0 (a/2 when b = 0, as lib/activations/step.ts).
@inline function k_step<T>(x: v128, a: v128, b: v128): v128 {
  const half = f64x2.add(f64x2.mul(b, sp(0.5)), f64x2.mul(a, sp(0.5)));
  const r = sel(a, b, f64x2.gt(x, sp(0.0)));
  return keepNan(x, sel(half, r, f64x2.eq(x, sp(0.0))));
}

// step' and sign': 0, NaN kept.
@inline function k_zero<T>(x: v128, a: v128, b: v128): v128 {
  return v128.and(x, isNan(x));
}

// sign (magnitude a): ±a, ±0 and NaN pass through.
@inline function k_sign<T>(x: v128, a: v128, b: v128): v128 {
  const r = sel(a, x, f64x2.gt(x, sp(0.0)));
  return sel(f64x2.neg(a), r, f64x2.lt(x, sp(0.0)));
}

// The hard-style piecewise-linear units (lib/activations/relu6.ts,
// hard_sigmoid.ts, hard_swish.ts, hard_tanh.ts), through one selector:
// x > lo ? (x < hi ? mid : right) : left, with NaN passed through.
@inline function piece3(
  x: v128,
  lo: v128,
  hi: v128,
  left: v128,
  mid: v128,
  right: v128,
): v128 {
  const inner = sel(mid, right, f64x2.lt(x, hi));
  return keepNan(x, sel(inner, left, f64x2.gt(x, lo)));
}

// ReLU6: x on (0, 6), 6 beyond, +0 at and below 0; ReLU6' 1 on (0, 6).
// As clamps with pmax/pmin (one instruction each; pmax(0, x) = 0 < x ? x : 0
// gives +0 for ±0 and x ≤ 0), NaN put back by keepNan.
@inline function k_relu6<T>(x: v128, a: v128, b: v128): v128 {
  return keepNan(x, f64x2.pmin(sp(6.0), f64x2.pmax(sp(0.0), x)));
}

@inline function k_relu6_d<T>(x: v128, a: v128, b: v128): v128 {
  return piece3(x, sp(0.0), sp(6.0), sp(0.0), sp(1.0), sp(0.0));
}

// hard sigmoid, default parameters: (x + 3)/6 on (−3, 3).
// (x + 3)/6 is 0 at x = −3 and 1 at x = 3: the clamp of it to [0, 1] is
// the three pieces.
// Division by 6 is replaced by a product with fl(1/6) (a quarter of the
// cost; relative error below 2^-52, inside both accuracy bounds), here and
// in hard swish.
@inline function k_hard_sigmoid<T>(x: v128, a: v128, b: v128): v128 {
  const y = f64x2.mul(f64x2.add(x, sp(3.0)), sp(SIXTH));
  return keepNan(x, f64x2.pmin(sp(1.0), f64x2.pmax(sp(0.0), y)));
}

@inline function k_hard_sigmoid_d<T>(x: v128, a: v128, b: v128): v128 {
  return piece3(x, sp(-3.0), sp(3.0), sp(0.0), sp(SIXTH), sp(0.0));
}

// hard sigmoid, slope a and offset b: y = a·x + b clamped to [0, 1].
@inline function k_hard_sigmoid_g<T>(x: v128, a: v128, b: v128): v128 {
  const y = f64x2.add(f64x2.mul(a, x), b);
  return piece3(y, sp(0.0), sp(1.0), sp(0.0), y, sp(1.0));
}

@inline function k_hard_sigmoid_g_d<T>(x: v128, a: v128, b: v128): v128 {
  const y = f64x2.add(f64x2.mul(a, x), b);
  return piece3(y, sp(0.0), sp(1.0), sp(0.0), a, sp(0.0));
}

// hard swish: x(x + 3)/6 on (−3, 3), x beyond, 0 below.
@inline function k_hard_swish<T>(x: v128, a: v128, b: v128): v128 {
  const y = f64x2.mul(f64x2.mul(x, f64x2.add(x, sp(3.0))), sp(SIXTH));
  return piece3(x, sp(-3.0), sp(3.0), sp(0.0), y, x);
}

@inline function k_hard_swish_d<T>(x: v128, a: v128, b: v128): v128 {
  const y = f64x2.mul(f64x2.add(f64x2.add(x, x), sp(3.0)), sp(SIXTH));
  return piece3(x, sp(-3.0), sp(3.0), sp(0.0), y, sp(1.0));
}

// hard tanh on [a, b]: a below, b above, x itself in between (±0, NaN).
@inline function k_hard_tanh<T>(x: v128, a: v128, b: v128): v128 {
  // pmax(x, a) = x < a ? a : x, pmin(r, b) = b < r ? b : r: NaN and ±0 kept
  return f64x2.pmin(f64x2.pmax(x, a), b);
}

@inline function k_hard_tanh_d<T>(x: v128, a: v128, b: v128): v128 {
  const inside = v128.and(f64x2.gt(x, a), f64x2.lt(x, b));
  return keepNan(x, v128.and(sp(1.0), inside));
}

// σ(x) = 1/(1 + e^{−x}) for x ≥ 0, e^x/(1 + e^x) for x < 0, e = e^{−|x|}.
// (−|x| is x with its sign bit set, `v128.or(x, sp(-0.0))`: one
// instruction, here and below, instead of an abs and a neg.) For x < 0 the
// one form 1/(1 + e^{−x}) measured up to 4 ulps from the JavaScript kernel
// on random inputs (this form: 2).
// Float32 data: c_sigmoid, one form on both sides.
@inline function k_sigmoid<T>(x: v128, a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return c_sigmoid(f64x2.neg(x), a, b);
  const e = exp<T>(v128.or(x, sp(-0.0)));
  const num = sel(e, sp(1.0), f64x2.lt(x, sp(0.0)));
  return f64x2.div(num, f64x2.add(sp(1.0), e));
}

// σ'(x) = e/(1 + e)², e = e^{−|x|}.
@inline function k_sigmoid_d<T>(x: v128, a: v128, b: v128): v128 {
  const e = exp<T>(v128.or(x, sp(-0.0)));
  const d = f64x2.add(sp(1.0), e);
  return f64x2.div(e, f64x2.mul(d, d));
}

// tanh |x| = |E/(E + 2)| with E = expm1(2|x|) for |x| < 1 (E ≥ 0: the
// quotient does not amplify E's error, as lib/activations/tanh.ts) and
// E = expm1(−2|x|) in (−1, −0.86] beyond (fdlibm's s_tanh.c form; 2 + E in
// (1, 1.14] amplifies it at most 1.8×, while 1 − 2/(t + 2) would need a
// second division): one division, of a numerator and denominator chosen
// first. The sign of x goes back on |q| (±0, NaN pass through; E = −1
// beyond |x| ≈ 19 gives 1, as at ±∞). (Float32 data: c_tanh.)
@inline function k_tanh<T>(x: v128, a: v128, b: v128): v128 {
  const signBit = sp(-0.0);
  const ax = f64x2.abs(x);
  const y = f64x2.add(ax, ax);
  const small = f64x2.lt(ax, sp(1.0));
  const arg = sel(y, f64x2.neg(y), small);
  // |arg| = 2|x|: the range check on ax, which is at hand; k from ax
  const e = i64x2.all_true(f64x2.lt(ax, sp(0.5 * FAST_LIMIT)))
    ? expm1FromKd<T>(
      arg,
      madd(ax, sel(sp(2.0 * INV_LN2), sp(-2.0 * INV_LN2), small), sp(SHIFT)),
    )
    : expm1Slow<T>(arg);
  const q = f64x2.div(e, f64x2.add(e, sp(2.0)));
  return v128.or(v128.andnot(q, signBit), v128.and(x, signBit));
}

// tanh'(x) = 4t/(1 + t)² = t/h², h = (1 + t)/2 = 0.5t + 0.5 (one madd,
// exact scaling: same bits), t = e^{−2|x|} (−|x| as x with its sign set).
@inline function k_tanh_d<T>(x: v128, a: v128, b: v128): v128 {
  const nx = v128.or(x, sp(-0.0));
  const t = exp<T>(f64x2.add(nx, nx));
  const h = madd(t, sp(0.5), sp(0.5));
  return f64x2.div(t, f64x2.mul(h, h));
}

// Cores of the float32 loops that work partly in f32x4 lanes (build.ts,
// F32_LANES): u is the promoted value of an exact f32x4 transform of x with
// |x| < 354, so every exp argument is in the float32 kernels' range.

/**
 * σ from u = −x: 1/(1 + e^u) on both sides (|x| < 354: e^{−x} < e^354 ≈
 * 1.2e153 cannot overflow, and the sum and the quotient lose nothing
 * relative; two operations fewer than k_sigmoid's two-sided form).
 */
@inline function c_sigmoid(u: v128, a: v128, b: v128): v128 {
  return f64x2.div(sp(1.0), f64x2.add(sp(1.0), expFast<f32>(u)));
}

/** σ' from u = −|x|: e/(1 + e)², e = e^u (as k_sigmoid_d). */
@inline function c_sigmoid_d(u: v128, a: v128, b: v128): v128 {
  const e = expFast<f32>(u);
  const d = f64x2.add(sp(1.0), e);
  return f64x2.div(e, f64x2.mul(d, d));
}

/**
 * tanh from u = x: E/(E + 2), E = expm1(2u), on both sides (|x| < 354:
 * e^{2x} < e^708 does not overflow): E + 2 lies in (1, 2] for x < 0 and
 * E/(E + 2) → 1 without cancellation for x > 0 (error amplification ≤ 2,
 * inside the float32 budget). The loop ors the sign bit of x back in,
 * which only turns expm1's +0 at −0 into −0 (q < 0 already for x < 0).
 * The doubling is off the exp's dependency chain as in c_tanh_d.
 */
@inline function c_tanh(u: v128, a: v128, b: v128): v128 {
  const e = expm1FromKd<f32>(
    f64x2.add(u, u),
    madd(u, sp(2.0 * INV_LN2), sp(SHIFT)),
  );
  return f64x2.div(e, f64x2.add(e, sp(2.0)));
}

/**
 * tanh' from u = −|x|: t/h², t = e^{2u}, h = 0.5t + 0.5 (as k_tanh_d). The
 * doubling is off the exp's dependency chain: k from u·(2/ln 2) (the same
 * product as 2u·(1/ln 2): scaling by 2 is exact), 2u beside it for the
 * reduction (these loops are bound by latency: doubling first, in float32
 * lanes, measured 1.41 ms for 10⁶ values against 1.31 here).
 */
@inline function c_tanh_d(u: v128, a: v128, b: v128): v128 {
  const t = expFromKd<f32>(
    f64x2.add(u, u),
    madd(u, sp(2.0 * INV_LN2), sp(SHIFT)),
  );
  const h = madd(t, sp(0.5), sp(0.5));
  return f64x2.div(t, f64x2.mul(h, h));
}

/** expm1(u), u = min(x, 0) (ELU with α = 1 before its select). */
@inline function c_expm1(u: v128, a: v128, b: v128): v128 {
  return expm1<f32>(u);
}

/** b·e^u, u = min(x, 0) (ELU', SELU' before their select). */
@inline function c_mul_exp(u: v128, a: v128, b: v128): v128 {
  return f64x2.mul(b, expFast<f32>(u));
}

// (pmin(x, 0) = 0 < x ? 0 : x is one instruction, min(x, 0) with the IEEE
// rules of f64x2.min a sequence of eight; it keeps −0 and NaN as they are.)
// ELU / SELU: a·x for x > 0, b·expm1(x) otherwise (ELU: a = 1, b = α ≥ 0;
// SELU: a = λ, b = λα). x = ±0 takes the a·x lane (x ≥ 0 selects it):
// a·(±0) = ±0 is b·expm1(±0) = b·(±0) for a > 0, b ≥ 0, so expm1's +0 at
// −0 needs no fix of its sign.
@inline function k_exp_unit<T>(x: v128, a: v128, b: v128): v128 {
  const m = expm1<T>(f64x2.pmin(x, sp(0.0)));
  return sel(f64x2.mul(a, x), f64x2.mul(b, m), f64x2.ge(x, sp(0.0)));
}

// ELU with α = 1 (and CELU with α = 1): k_exp_unit without its two
// multiplications by 1 (same bits).
@inline function k_elu1<T>(x: v128, a: v128, b: v128): v128 {
  return sel(x, expm1<T>(f64x2.pmin(x, sp(0.0))), f64x2.ge(x, sp(0.0)));
}

// ELU' / SELU': a for x > 0, b·e^x otherwise (NaN kept).
@inline function k_exp_unit_d<T>(x: v128, a: v128, b: v128): v128 {
  const e = exp<T>(f64x2.pmin(x, sp(0.0)));
  return keepNan(x, sel(a, f64x2.mul(b, e), f64x2.gt(x, sp(0.0))));
}

// CELU, α = a ≠ 1 (α = 1 is ELU's kernel): x for x > 0, α·expm1(x/α)
// otherwise (the division as lib/activations/celu.ts; the sign of
// xm = min(x, 0)/α or-ed in, as expm1 gives +0 at −0: x/α underflows to
// −0 for tiny x < 0). x/α is not bounded by the float32 loop's range
// check: checked here (the double exp otherwise).
@inline function k_celu<T>(x: v128, a: v128, b: v128): v128 {
  const xm = f64x2.div(f64x2.pmin(x, sp(0.0)), a);
  const m = sizeof<T>() == 4 && fastOk<f64>(xm)
    ? expm1<f32>(xm)
    : expm1<f64>(xm);
  const neg = v128.or(m, v128.and(xm, sp(-0.0)));
  return sel(x, f64x2.mul(a, neg), f64x2.gt(x, sp(0.0)));
}

@inline function k_celu_d<T>(x: v128, a: v128, b: v128): v128 {
  const xm = f64x2.div(f64x2.pmin(x, sp(0.0)), a);
  const e = sizeof<T>() == 4 && fastOk<f64>(xm) ? exp<f32>(xm) : exp<f64>(xm);
  return keepNan(x, sel(sp(1.0), e, f64x2.gt(x, sp(0.0))));
}

// log σ(x) = −log1p(e^{−x}) for x > 0, x − log1p(e^x) otherwise.
@inline function k_log_sigmoid<T>(x: v128, a: v128, b: v128): v128 {
  const l = log1pUnit<T>(exp<T>(v128.or(x, sp(-0.0))));
  return sel(f64x2.neg(l), f64x2.sub(x, l), f64x2.gt(x, sp(0.0)));
}

// (log σ)' = σ(−x).
@inline function k_log_sigmoid_d<T>(x: v128, a: v128, b: v128): v128 {
  return k_sigmoid<T>(f64x2.neg(x), a, b);
}

/**
 * 1/(1 + a) for a = |x| ≥ 0 with the rounding error e of s = 1 + a
 * corrected to first order: q − q·(e·q), q = 1/s (as softsign.ts); 1/a
 * beyond 1e300 (0 at ∞).
 */
@inline function reciprocalOnePlus(a: v128): v128 {
  const s = f64x2.add(sp(1.0), a);
  const e = sel(
    f64x2.sub(sp(1.0), f64x2.sub(s, a)),
    f64x2.sub(a, f64x2.sub(s, sp(1.0))),
    f64x2.gt(a, sp(1.0)),
  );
  const q = f64x2.div(sp(1.0), s);
  const r = f64x2.sub(q, f64x2.mul(q, f64x2.mul(e, q)));
  const far = sel(
    sp(0.0),
    f64x2.div(sp(1.0), a),
    f64x2.eq(a, sp(Infinity)),
  );
  return sel(far, r, f64x2.gt(a, sp(1e300)));
}

// softsign: x/(1 + |x|), one division. With x clamped to [−1e17, 1e17]
// (pmax/pmin keep NaN and ±0): beyond 1e17, 1 + |x| rounds to |x| and the
// quotient is exactly ±1 (lib/activations/softsign.ts's convention, ±∞
// included). Error (Higham, "Accuracy and Stability of Numerical
// Algorithms", 2nd ed., §2.2 model fl(a op b) = (a op b)(1 + δ), |δ| ≤ u =
// 2^-53): 1 + |x| = s(1 + δ₁) moves the quotient y by about |y|·u < 1 ulp
// of y, and the quotient's own rounding is ≤ 1/2 ulp: under 1.5 ulps in
// all (the float64 bound is 4 ulps). For float32 data the relative error,
// ≤ 2u(1 + u), is far inside half a float32 ulp before the one rounding to
// float32 (the float32 budget, see expm1Poly32).
// (The first-order correction of 1 + |x| that softsign.ts applies is what
// keeps the JS kernel correctly rounded nearly everywhere; here it would
// cost a second division.)
@inline function k_softsign<T>(x: v128, a: v128, b: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, sp(-1e17)), sp(1e17));
  return f64x2.div(xc, f64x2.add(sp(1.0), f64x2.abs(xc)));
}

@inline function k_softsign_d<T>(x: v128, a: v128, b: v128): v128 {
  const r = reciprocalOnePlus(f64x2.abs(x));
  return f64x2.mul(r, r);
}

// Mish (lib/activations/mish.ts): x·tanh(softplus(x)) =
// x(1 + t)/(1 + t(1 + t/2)), t = 2e^{−x}, for x ≥ 0; for x < 0,
// (x·n/N)(1 − r/N) with n = e(e + 2), N = n + 2 = fl(N) + r (2Sum: the
// rounding error r corrects the quotient to first order), e = e^x; below
// −708, x·e^x rounded once.
//
// The float32 kernels (|x| < 354) take x·n/(n + 2) with e = e^x on both
// sides: n < e^708 does not overflow, n/(n + 2) → 1 without cancellation
// for x > 0 and x·n/(n + 2) ≈ x·e relatively accurate for x < 0 (one
// division instead of three; inside their budget without the correction).
@inline function k_mish<T>(x: v128, a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) {
    const e = expFast<T>(x);
    const n = f64x2.mul(e, f64x2.add(e, sp(2.0)));
    // n/(n + 2) first: x·n overflows from x ≈ 351
    return f64x2.mul(x, f64x2.div(n, f64x2.add(n, sp(2.0))));
  }
  const e = exp<T>(v128.or(x, sp(-0.0)));
  const t = f64x2.add(e, e);
  const pos = f64x2.div(
    f64x2.mul(x, f64x2.add(sp(1.0), t)),
    f64x2.add(sp(1.0), f64x2.mul(t, f64x2.add(sp(1.0), f64x2.mul(sp(0.5), t)))),
  );
  const n = f64x2.mul(e, f64x2.add(e, sp(2.0)));
  const N = f64x2.add(n, sp(2.0));
  const bb = f64x2.sub(N, n);
  const r = f64x2.add(f64x2.sub(n, f64x2.sub(N, bb)), f64x2.sub(sp(2.0), bb));
  const neg = f64x2.mul(
    f64x2.div(f64x2.mul(x, n), N),
    f64x2.sub(sp(1.0), f64x2.div(r, N)),
  );
  const y = sel(pos, neg, f64x2.ge(x, sp(0.0)));
  if (fastOk<T>(x)) return y;
  const tail = mulExpAny<f64>(f64x2.max(x, sp(-1400.0)), x);
  return keepNan(x, sel(tail, y, f64x2.lt(x, sp(-FAST_LIMIT))));
}

// Mish': for x ≥ 0 (1 + t)/q + 4x·E·E(1 + E)/q², E = e^{−x}, t = 2E,
// q = 1 + t(1 + E) (1 beyond 750); for x < 0 e·w/N², e = e^x, N = n + 2
// as above with N² = h² + 2hr carried to about half an ulp, and
// w = 4(1 + x) + e((6 + 4x) + e(4 + e)), near the zero x₀ of Mish'
// (2x₀ ≤ x ≤ x₀/2) w = d(W_D + W_DM·m) + m(W_M1 + m(W_M2 + m·W_M3)),
// d = x − x₀, m = expm1(d), without cancellation (constants of mish.ts);
// below −708, (1 + x)·e^x rounded once.
//
// The float32 kernels compute both sides over one division: for x ≥ 0
// [(1 + t)q + 4x·E·E(1 + E)]/q² (two positive terms), for x < 0 e·w/h²
// with h = n + 2 rounded (their budget needs no correction of N²).
@inline function k_mish_d<T>(x: v128, a: v128, b: v128): v128 {
  if (sizeof<T>() == 4) return mishD32(x);
  const e = exp<T>(v128.or(x, sp(-0.0)));
  // x ≥ 0
  const t = f64x2.add(e, e);
  const q = f64x2.add(sp(1.0), f64x2.mul(t, f64x2.add(sp(1.0), e)));
  const pos = f64x2.add(
    f64x2.div(f64x2.add(sp(1.0), t), q),
    f64x2.div(
      f64x2.mul(
        f64x2.mul(f64x2.mul(sp(4.0), x), e),
        f64x2.mul(e, f64x2.add(sp(1.0), e)),
      ),
      f64x2.mul(q, q),
    ),
  );
  // x < 0
  let w = mishW(x, e);
  const near = v128.and(
    f64x2.ge(x, sp(2.0 * MX0_1)),
    f64x2.le(x, sp(0.5 * MX0_1)),
  );
  if (v128.any_true(near)) w = mishNear<T>(x, w, near);
  const n = f64x2.mul(e, f64x2.add(e, sp(2.0)));
  const h = f64x2.add(n, sp(2.0));
  const bb = f64x2.sub(h, n);
  const r = f64x2.add(f64x2.sub(n, f64x2.sub(h, bb)), f64x2.sub(sp(2.0), bb));
  const h2 = f64x2.mul(h, h);
  const den = f64x2.add(
    h2,
    f64x2.add(productErr(h, h, h2), f64x2.mul(f64x2.mul(sp(2.0), h), r)),
  );
  const neg = f64x2.div(f64x2.mul(e, w), den);
  const y = sel(pos, neg, f64x2.ge(x, sp(0.0)));
  if (fastOk<T>(x)) return y;
  return mishDSlow(x, y);
}

@inline function mishD32(x: v128): v128 {
  const e = expFast<f32>(v128.or(x, sp(-0.0)));
  const nonneg = f64x2.ge(x, sp(0.0));
  // x ≥ 0 (e is E = e^{−x})
  const t = f64x2.add(e, e);
  const e1 = f64x2.add(sp(1.0), e);
  const q = madd(t, e1, sp(1.0));
  const posNum = madd(
    f64x2.add(sp(1.0), t),
    q,
    f64x2.mul(f64x2.mul(f64x2.mul(sp(4.0), x), e), f64x2.mul(e, e1)),
  );
  // x < 0 (e = e^x)
  let w = mishW(x, e);
  // the band of the near form narrowed to |x − x₀| ≤ 2^-6 (see NEAR32)
  const near = v128.and(
    f64x2.ge(x, sp(MX0_1 - NEAR32)),
    f64x2.le(x, sp(MX0_1 + NEAR32)),
  );
  if (v128.any_true(near)) w = mishNear<f32>(x, w, near);
  const h = f64x2.add(f64x2.mul(e, f64x2.add(e, sp(2.0))), sp(2.0));
  const d = sel(q, h, nonneg);
  return f64x2.div(sel(posNum, f64x2.mul(e, w), nonneg), f64x2.mul(d, d));
}

/** Mish′'s numerator for x < 0, e = e^x: 4(1 + x) + e((6 + 4x) + e(4 + e)). */
@inline function mishW(x: v128, e: v128): v128 {
  return f64x2.add(
    f64x2.mul(sp(4.0), f64x2.add(sp(1.0), x)),
    f64x2.mul(
      e,
      f64x2.add(
        f64x2.add(sp(6.0), f64x2.mul(sp(4.0), x)),
        f64x2.mul(e, f64x2.add(sp(4.0), e)),
      ),
    ),
  );
}

function mishDSlow(x: v128, y: v128): v128 {
  const x1 = f64x2.add(sp(1.0), x);
  const tail = mulExpAny<f64>(f64x2.max(x1, sp(-1400.0)), x);
  let s = sel(tail, y, f64x2.lt(x, sp(-FAST_LIMIT)));
  s = sel(sp(1.0), s, f64x2.gt(x, sp(750.0)));
  return keepNan(x, s);
}

function mishNear<T>(x: v128, w: v128, near: v128): v128 {
  const d = f64x2.sub(f64x2.sub(f64x2.sub(x, sp(MX0_1)), sp(MX0_2)), sp(MX0_3));
  const m = expm1<T>(d);
  const wn = f64x2.add(
    f64x2.mul(d, f64x2.add(sp(W_D), f64x2.mul(sp(W_DM), m))),
    f64x2.mul(
      m,
      f64x2.add(sp(W_M1), f64x2.mul(m, f64x2.add(sp(W_M2), f64x2.mul(m, sp(W_M3))))),
    ),
  );
  return sel(wn, w, near);
}

/** The rounding error of p = fl(a·b), exactly (Dekker 1971, Veltkamp split). */
@inline function productErr(a: v128, b: v128, p: v128): v128 {
  const ca = f64x2.mul(a, sp(SPLITTER));
  const ah = f64x2.sub(ca, f64x2.sub(ca, a));
  const al = f64x2.sub(a, ah);
  const cb = f64x2.mul(b, sp(SPLITTER));
  const bh = f64x2.sub(cb, f64x2.sub(cb, b));
  const bl = f64x2.sub(b, bh);
  return f64x2.add(
    f64x2.add(
      f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)),
      f64x2.mul(al, bh),
    ),
    f64x2.mul(al, bl),
  );
}

// softplus(x) = max(x, 0) + log1p(e^{−|x|}).
@inline function k_softplus<T>(x: v128, a: v128, b: v128): v128 {
  const e = exp<T>(v128.or(x, sp(-0.0)));
  return f64x2.add(relu(x), log1pUnit<T>(e));
}

// SiLU(x) = x/(1 + e^{−x}) where |x| < 708 (e^{−x} < e^708 cannot overflow;
// the same 4 ulps at most from the JavaScript kernel on random inputs as
// the two-sided form, 1 from mpmath on the reference points); beyond,
// x/(1 + e) for x ≥ 0, x·e/(1 + e) for x < 0, e = e^{−|x|}, and below −708
// x·e^x rounded once (e itself would be subnormal).
@inline function k_silu<T>(x: v128, a: v128, b: v128): v128 {
  if (fastOk<T>(x)) {
    return f64x2.div(x, f64x2.add(sp(1.0), expFast<T>(f64x2.neg(x))));
  }
  return siluSlow<T>(x);
}

function siluSlow<T>(x: v128): v128 {
  const e = mulExpAny<T>(sp(1.0), v128.or(x, sp(-0.0)));
  const num = sel(f64x2.mul(x, e), x, f64x2.lt(x, sp(0.0)));
  const r = f64x2.div(num, f64x2.add(sp(1.0), e));
  // a clamped, so that −∞·(tiny) is not −∞: x·e^x → −0 as x → −∞.
  const tail = mulExpAny<T>(f64x2.max(x, sp(-1400.0)), x);
  return keepNan(x, sel(tail, r, f64x2.lt(x, sp(-FAST_LIMIT))));
}

// SiLU'(x) = (1 + e(1 + x))/(1 + e)² for x ≥ 0, e = e^{−x};
// e((1 + x) + e)/(1 + e)² for x < 0, e = e^x; near the zero x₀ of SiLU'
// (2x₀ ≤ x ≤ x₀/2) (1 + x) + e^x is computed as d + a·expm1(d), d = x − x₀,
// a = e^{x₀}, without cancellation (as lib/activations/silu.ts).
@inline function k_silu_d<T>(x: v128, a: v128, b: v128): v128 {
  const nx = f64x2.lt(x, sp(0.0));
  const e = exp<T>(v128.or(x, sp(-0.0)));
  const x1 = f64x2.add(sp(1.0), x);
  let num = sel(
    f64x2.mul(e, f64x2.add(x1, e)),
    f64x2.add(sp(1.0), f64x2.mul(e, x1)),
    nx,
  );
  const near = sizeof<T>() == 4
    ? v128.and(f64x2.ge(x, sp(X0_1 - NEAR32)), f64x2.le(x, sp(X0_1 + NEAR32)))
    : v128.and(f64x2.ge(x, sp(2.0 * X0_1)), f64x2.le(x, sp(0.5 * X0_1)));
  if (v128.any_true(near)) num = siluNear<T>(x, e, num, near);
  const r = f64x2.div(num, onePlusSquared<T>(e));
  if (fastOk<T>(x)) return r;
  return siluDSlow<T>(x, x1, r);
}

function siluDSlow<T>(x: v128, x1: v128, r: v128): v128 {
  // x = +∞: 1 (not 1 + 0·∞); x < −708: (1 + x)·e^x rounded once.
  const tail = mulExpAny<T>(f64x2.max(x1, sp(-1400.0)), x);
  let s = sel(tail, r, f64x2.lt(x, sp(-FAST_LIMIT)));
  s = sel(sp(1.0), s, f64x2.eq(x, sp(Infinity)));
  return keepNan(x, s);
}

function siluNear<T>(x: v128, e: v128, num: v128, near: v128): v128 {
  const d = f64x2.sub(f64x2.sub(f64x2.sub(x, sp(X0_1)), sp(X0_2)), sp(X0_3));
  const m = expm1<T>(d);
  const s = f64x2.add(d, f64x2.add(f64x2.mul(sp(A_1), m), f64x2.mul(sp(A_2), m)));
  return sel(f64x2.mul(e, s), num, near);
}

// ---------------------------------------------------------------------------
// Softmax rows (float64, in place). `rows` rows of length n at p; T the
// temperature (divide = 0 when T = 1: x/1 = x, no division needed). The
// status of row r is written to the i32 at ps + 4r: 0 done, 1 left to the
// JavaScript path (a NaN, a +∞, or every entry −∞: the special conventions
// of lib/softmax.ts), the row then unchanged. The arithmetic follows
// lib/softmax.ts: shift by the row maximum m, e_i = e^{(a_i − m)/T}, the
// maximum's term exactly 1, r = Σ_{i≠argmax} e_i as a compensated sum
// (Neumaier 1974, one accumulator per lane), S_i = e_i/(1 + r).

/**
 * The row maximum (NaN if the row holds a NaN). f64x2.pmax is one machine
 * instruction (f64x2.max, with IEEE NaN and ±0 rules, is a sequence of
 * eight on x64); NaNs are tracked by a separate mask. Two accumulators
 * halve the loop-carried latency.
 */
@inline function rowMax(p: usize, n: i32): f64 {
  let m0 = f64x2.splat(-Infinity);
  let m1 = f64x2.splat(-Infinity);
  let bad = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const a = v128.load(p + (<usize>i << 3));
    const b = v128.load(p + (<usize>i << 3), 16);
    m0 = f64x2.pmax(m0, a);
    m1 = f64x2.pmax(m1, b);
    bad = v128.or(bad, v128.or(f64x2.ne(a, a), f64x2.ne(b, b)));
  }
  m0 = f64x2.pmax(m0, m1);
  let m = max(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  for (; i < n; i++) m = max(m, load<f64>(p + (<usize>i << 3)));
  return v128.any_true(bad) ? NaN : m;
}

@inline function firstIndexOf(p: usize, n: i32, m: f64): i32 {
  const vm = f64x2.splat(m);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    if (v128.any_true(f64x2.eq(v128.load(p + (<usize>i << 3)), vm))) break;
  }
  for (; i < n; i++) {
    if (load<f64>(p + (<usize>i << 3)) == m) return i;
  }
  return -1;
}

/**
 * Lane-wise Neumaier accumulators (s, c) live in locals `s_`, `c_` of the
 * loops (globals would put a store and a load on the loop-carried path).
 * This is the compensation of one step s + x = t.
 */
@inline function twoSumErr(s: v128, x: v128, t: v128): v128 {
  const big = f64x2.ge(f64x2.abs(s), f64x2.abs(x));
  return sel(
    f64x2.add(f64x2.sub(s, t), x),
    f64x2.add(f64x2.sub(x, t), s),
    big,
  );
}

/** The compensated total of both lanes. */
@inline function accTotal(accS: v128, accC: v128): f64 {
  const s0 = f64x2.extract_lane(accS, 0);
  const s1 = f64x2.extract_lane(accS, 1);
  const t = s0 + s1;
  const e = abs(s0) >= abs(s1) ? (s0 - t) + s1 : (s1 - t) + s0;
  const c = f64x2.extract_lane(accC, 0) + f64x2.extract_lane(accC, 1) + e;
  return isFinite<f64>(t) ? t + c : t;
}

/**
 * e_i = e^{(a_i − m)/T} in place, with the argmax entry set to 0, and
 * returns r = Σ e_i compensated.
 */
function expShiftSum(p: usize, n: i32, m: f64, T: f64, divide: bool, am: i32): f64 {
  store<f64>(p + (<usize>am << 3), -Infinity); // e^{−∞} = 0: out of the sum
  const vm = f64x2.splat(m);
  const vt = f64x2.splat(T);
  let s_ = f64x2.splat(0);
  let c_ = f64x2.splat(0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const q = p + (<usize>i << 3);
    let z = f64x2.sub(v128.load(q), vm);
    if (divide) z = f64x2.div(z, vt);
    const e = exp<f64>(z);
    v128.store(q, e);
    {
  const x_ = e;
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
  }
  if (i < n) {
    const q = p + (<usize>i << 3);
    let z = load<f64>(q) - m;
    if (divide) z /= T;
    const e = exp<f64>(f64x2.replace_lane(f64x2.splat(-Infinity), 0, z));
    store<f64>(q, f64x2.extract_lane(e, 0));
    {
  const x_ = e;
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
  }
  return accTotal(s_, c_);
}

/** S = softmax(row) in place; returns false for a row left to JavaScript. */
@inline function softmaxRow(p: usize, n: i32, T: f64, divide: bool): bool {
  const m = rowMax(p, n);
  if (!(m > -Infinity && m < Infinity)) return false; // NaN, ±∞ maximum
  const am = firstIndexOf(p, n, m);
  const rest = expShiftSum(p, n, m, T, divide, am);
  store<f64>(p + (<usize>am << 3), 1.0);
  // e_i · (1/(1 + r)): one division per row, one more rounding per
  // element than e_i/(1 + r) (≤ 1 ulp; tests/wasm_test.ts keeps 4 ulps).
  const inv = 1.0 / (1.0 + rest);
  const vt = f64x2.splat(inv);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const q = p + (<usize>i << 3);
    v128.store(q, f64x2.mul(v128.load(q), vt));
  }
  if (i < n) {
    const q = p + (<usize>i << 3);
    store<f64>(q, load<f64>(q) * inv);
  }
  return true;
}

export function softmax_rows_f64(p: usize, rows: i32, n: i32, T: f64, ps: usize): void {
  const divide = T != 1.0;
  for (let r = 0; r < rows; r++) {
    const q = p + (<usize>(r * n) << 3);
    store<i32>(ps + (<usize>r << 2), softmaxRow(q, n, T, divide) ? 0 : 1);
  }
}

/** log S = (a − m)/T − log1p(r) in place. */
export function log_softmax_rows_f64(p: usize, rows: i32, n: i32, T: f64, ps: usize): void {
  const divide = T != 1.0;
  const vt = f64x2.splat(T);
  for (let r = 0; r < rows; r++) {
    const q = p + (<usize>(r * n) << 3);
    const m = rowMax(q, n);
    if (!(m > -Infinity && m < Infinity)) {
      store<i32>(ps + (<usize>r << 2), 1);
      continue;
    }
    store<i32>(ps + (<usize>r << 2), 0);
    const am = firstIndexOf(q, n, m);
    const amq = q + (<usize>am << 3);
    store<f64>(amq, -Infinity); // e^{−∞} = 0: out of the sum
    const vm = f64x2.splat(m);
    // pass 1: z = (a − m)/T in place, r = Σ_{i≠argmax} e^z
    let s_ = f64x2.splat(0);
  let c_ = f64x2.splat(0);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const a = q + (<usize>i << 3);
      let z = f64x2.sub(v128.load(a), vm);
      if (divide) z = f64x2.div(z, vt);
      v128.store(a, z);
      {
  const x_ = exp<f64>(z);
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
    }
    if (i < n) {
      const a = q + (<usize>i << 3);
      let z = load<f64>(a) - m;
      if (divide) z /= T;
      store<f64>(a, z);
      {
  const x_ = exp<f64>(f64x2.replace_lane(f64x2.splat(-Infinity), 0, z));
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
    }
    store<f64>(amq, 0.0); // (m − m)/T
    const rest = accTotal(s_, c_);
    const lse = Math.log1p(rest);
    const vl = f64x2.splat(lse);
    i = 0;
    for (; i + 2 <= n; i += 2) {
      const a = q + (<usize>i << 3);
      v128.store(a, f64x2.sub(v128.load(a), vl));
    }
    if (i < n) {
      const a = q + (<usize>i << 3);
      store<f64>(a, load<f64>(a) - lse);
    }
  }
}

/**
 * vjp of softmax (kind 0) or logSoftmax (kind 1) over rows: a at p, g at pg
 * (same shape); the result replaces g, and a is replaced by S. Softmax:
 * S ⊙ (g − ⟨g, S⟩)/T; logSoftmax: (g − S·Σg)/T; the sums compensated, as
 * lib/softmax.ts.
 */
export function softmax_vjp_rows_f64(
  p: usize,
  pg: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  kind: i32,
): void {
  const divide = T != 1.0;
  const vt = f64x2.splat(T);
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * n) << 3;
    const q = p + off;
    const g = pg + off;
    if (!softmaxRow(q, n, T, divide)) {
      store<i32>(ps + (<usize>r << 2), 1);
      continue;
    }
    store<i32>(ps + (<usize>r << 2), 0);
    let s_ = f64x2.splat(0);
  let c_ = f64x2.splat(0);
    let i = 0;
    if (kind == 0) {
      for (; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        {
  const x_ = f64x2.mul(v128.load(g + o), v128.load(q + o));
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
      }
      if (i < n) {
        const o = <usize>i << 3;
        {
  const x_ = f64x2.replace_lane(f64x2.splat(0), 0, load<f64>(g + o) * load<f64>(q + o));
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
      }
      const d = accTotal(s_, c_);
      const vd = f64x2.splat(d);
      for (i = 0; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        let v = f64x2.mul(v128.load(q + o), f64x2.sub(v128.load(g + o), vd));
        if (divide) v = f64x2.div(v, vt);
        v128.store(g + o, v);
      }
      if (i < n) {
        const o = <usize>i << 3;
        let v = load<f64>(q + o) * (load<f64>(g + o) - d);
        if (divide) v /= T;
        store<f64>(g + o, v);
      }
    } else {
      for (; i + 2 <= n; i += 2) {
  const x_ = v128.load(g + (<usize>i << 3));
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
      if (i < n) {
        {
  const x_ = f64x2.replace_lane(f64x2.splat(0), 0, load<f64>(g + (<usize>i << 3)));
  const t_ = f64x2.add(s_, x_);
  c_ = f64x2.add(c_, twoSumErr(s_, x_, t_));
  s_ = t_;
}
      }
      const sg = accTotal(s_, c_);
      const vs = f64x2.splat(sg);
      for (i = 0; i + 2 <= n; i += 2) {
        const o = <usize>i << 3;
        let v = f64x2.sub(v128.load(g + o), f64x2.mul(v128.load(q + o), vs));
        if (divide) v = f64x2.div(v, vt);
        v128.store(g + o, v);
      }
      if (i < n) {
        const o = <usize>i << 3;
        let v = load<f64>(g + o) - load<f64>(q + o) * sg;
        if (divide) v /= T;
        store<f64>(g + o, v);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Softmax rows, float32 data (in place in wasm memory, 4 bytes an element).
// Same conventions and status array as the float64 kernels above; the
// arithmetic is in double, rounded once to float32 when stored.
//
// Error analysis (u = 2^-53; the float32 budget: a double result within a
// relative 2^-25 of the exact value rounds to within 1 float32 ulp of the
// correctly rounded value, see expm1Poly32):
// - z_i = (a_i − m)/T: two roundings, |Δz| ≤ 2u|z|. Only entries with
//   z_i ≥ −104 can give a nonzero float32 S_i (e^z/(1 + r) ≥ 2^-150 needs
//   e^z ≥ 2^-150), so the argument error moves e^z by ≤ 208u < 2^-45.
// - e^z by expSoftmax32 (the float32 kernels' exp, relative error < 2^-32;
//   z clamped at −200: there e^z/(1 + r) < 2^-288 rounds to 0 in float32
//   like the exact value, and logSoftmax's sum masks those terms to 0).
// - The sum of the n ≤ 32768 positive terms, plain (not compensated) in
//   four lanes: recursive summation of positive terms has relative error
//   ≤ γ_{n/4 + 2}, γ_k = ku/(1 − ku) (Higham, "Accuracy and Stability of
//   Numerical Algorithms", 2nd ed., §4.2), ≤ 2^-39 here; with the terms'
//   own error the sum is within 2^-31.9 relative.
// - softmax S_i = e_i·(1/Σ): 2^-32 + 2^-31.9 + 3u < 2^-30.9 relative.
// - logSoftmax z_i − log1p(r), r = Σ_{i≠argmax} e_i within 2^-31.9: log1p
//   (Math.log1p, < 1 ulp) turns a relative error δ of r into an absolute
//   one of r·δ/(1 + r) ≤ δ·log1p(r), i.e. relative δ; z_i ≤ 0 ≤ log1p(r),
//   so z_i − log1p(r) adds two terms of one sign (no cancellation): within
//   2^-31 relative before the rounding to float32.
// - vjp: d = ⟨g, e⟩/Σe (= ⟨g, S⟩) with plain sums is within about
//   2^-31·max|g|, S_i within 2^-30.9: the result S_i(g_i − d)/T is within
//   2^-29·S_i·max|g|/T of the exact value before its rounding, and
//   (g_i − S_i·Σg)/T within about n²u·S_i·max|g|/T + 2^-30|S_i Σg|/T. The
//   vjp's own conditioning (the cancellation in g_i − d) limits both paths
//   to that absolute scale, which tests/wasm_test.ts checks (2^-23 of it).
//   The vjp does not keep e_i between its passes: it computes it again
//   (no double-width scratch beside a and g).

/** The row maximum of a float32 row as f64 (NaN if it holds a NaN). */
@inline function rowMax32(p: usize, n: i32): f64 {
  let m0 = f32x4.splat(-Infinity);
  let m1 = f32x4.splat(-Infinity);
  let bad = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = v128.load(p + (<usize>i << 2));
    const b = v128.load(p + (<usize>i << 2), 16);
    m0 = f32x4.pmax(m0, a);
    m1 = f32x4.pmax(m1, b);
    bad = v128.or(bad, v128.or(f32x4.ne(a, a), f32x4.ne(b, b)));
  }
  m0 = f32x4.pmax(m0, m1);
  let m = <f64>max(
    max(f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1)),
    max(f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3)),
  );
  for (; i < n; i++) m = max(m, <f64>load<f32>(p + (<usize>i << 2)));
  return v128.any_true(bad) ? NaN : m;
}

@inline function firstIndexOf32(p: usize, n: i32, m: f32): i32 {
  const vm = f32x4.splat(m);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    if (v128.any_true(f32x4.eq(v128.load(p + (<usize>i << 2)), vm))) break;
  }
  for (; i < n; i++) {
    if (load<f32>(p + (<usize>i << 2)) == m) return i;
  }
  return -1;
}

/** e^z for z ≤ 0 (no NaN; −∞ allowed) in the float32 budget. */
@inline function expSoftmax32(z: v128): v128 {
  return expFast<f32>(f64x2.pmax(z, sp(-200.0)));
}

/** e^{(a − m)/T} of the four float32 values at q, as two f64x2. */
@inline function shiftedLo(v: v128, vm: v128, vt: v128, divide: bool): v128 {
  let z = f64x2.sub(f64x2.promote_low_f32x4(v), vm);
  if (divide) z = f64x2.div(z, vt);
  return z;
}

@inline function shiftedHi(v: v128, vm: v128, vt: v128, divide: bool): v128 {
  let z = f64x2.sub(
    f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)),
    vm,
  );
  if (divide) z = f64x2.div(z, vt);
  return z;
}

/** Two f64x2 rounded to float32 and packed into one f32x4. */
@inline function demote2(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(
    f32x4.demote_f64x2_zero(lo),
    f32x4.demote_f64x2_zero(hi),
    0,
    1,
    4,
    5,
  );
}

/** The scalar z = (a − m)/T as a vector whose lane 0 is z, lane 1 −∞. */
@inline function shiftedOne(q: usize, m: f64, T: f64, divide: bool): v128 {
  let z = <f64>load<f32>(q) - m;
  if (divide) z /= T;
  return f64x2.replace_lane(f64x2.splat(-Infinity), 0, z);
}

/**
 * Softmax of float32 rows in place at p; `tmp` (room for n doubles) holds
 * the row's e_i between the passes.
 */
export function softmax_rows_f32(
  p: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  tmp: usize,
): void {
  // a copy of the loops without the division for T = 1 (no branch
  // left inside them)
  if (T == 1.0) softmax_rows_f32_impl(p, rows, n, T, ps, tmp, false);
  else softmax_rows_f32_impl(p, rows, n, T, ps, tmp, true);
}

@inline function softmax_rows_f32_impl(
  p: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  tmp: usize,
  divide: bool,
): void {
  const vt = f64x2.splat(T);
  for (let r = 0; r < rows; r++) {
    const q = p + (<usize>(r * n) << 2);
    const m = rowMax32(q, n);
    if (!(m > -Infinity && m < Infinity)) {
      store<i32>(ps + (<usize>r << 2), 1);
      continue;
    }
    store<i32>(ps + (<usize>r << 2), 0);
    const vm = f64x2.splat(m);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(q + (<usize>i << 2));
      const el = expSoftmax32(shiftedLo(v, vm, vt, divide));
      const eh = expSoftmax32(shiftedHi(v, vm, vt, divide));
      v128.store(tmp + (<usize>i << 3), el);
      v128.store(tmp + (<usize>i << 3), eh, 16);
      s0 = f64x2.add(s0, el);
      s1 = f64x2.add(s1, eh);
    }
    for (; i < n; i++) {
      const e = expSoftmax32(shiftedOne(q + (<usize>i << 2), m, T, divide));
      store<f64>(tmp + (<usize>i << 3), f64x2.extract_lane(e, 0));
      s0 = f64x2.add(s0, f64x2.replace_lane(e, 1, 0.0));
    }
    s0 = f64x2.add(s0, s1);
    const inv = 1.0 / (f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1));
    const vi = f64x2.splat(inv);
    for (i = 0; i + 4 <= n; i += 4) {
      const lo = f64x2.mul(v128.load(tmp + (<usize>i << 3)), vi);
      const hi = f64x2.mul(v128.load(tmp + (<usize>i << 3), 16), vi);
      v128.store(q + (<usize>i << 2), demote2(lo, hi));
    }
    for (; i < n; i++) {
      store<f32>(q + (<usize>i << 2), <f32>(load<f64>(tmp + (<usize>i << 3)) * inv));
    }
  }
}

/**
 * e^z for z ≤ 0 in the float32 budget, exactly 0 for z < −200 (so that the
 * sum r of logSoftmax is 0 when every other term underflows, as the
 * JavaScript path has it).
 */
@inline function expSoftmax32Masked(z: v128): v128 {
  return v128.and(expSoftmax32(z), f64x2.gt(z, sp(-200.0)));
}

/** log S = (a − m)/T − log1p(r) of float32 rows, in place at p. */
export function log_softmax_rows_f32(
  p: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
): void {
  // a copy of the loops without the division for T = 1 (no branch
  // left inside them)
  if (T == 1.0) log_softmax_rows_f32_impl(p, rows, n, T, ps, false);
  else log_softmax_rows_f32_impl(p, rows, n, T, ps, true);
}

@inline function log_softmax_rows_f32_impl(
  p: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  divide: bool,
): void {
  const vt = f64x2.splat(T);
  for (let r = 0; r < rows; r++) {
    const q = p + (<usize>(r * n) << 2);
    const m = rowMax32(q, n);
    if (!(m > -Infinity && m < Infinity)) {
      store<i32>(ps + (<usize>r << 2), 1);
      continue;
    }
    store<i32>(ps + (<usize>r << 2), 0);
    const amq = q + (<usize>firstIndexOf32(q, n, <f32>m) << 2);
    store<f32>(amq, -Infinity); // e^{−∞} = 0: out of the sum
    const vm = f64x2.splat(m);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(q + (<usize>i << 2));
      s0 = f64x2.add(s0, expSoftmax32Masked(shiftedLo(v, vm, vt, divide)));
      s1 = f64x2.add(s1, expSoftmax32Masked(shiftedHi(v, vm, vt, divide)));
    }
    for (; i < n; i++) {
      s0 = f64x2.add(
        s0,
        expSoftmax32Masked(shiftedOne(q + (<usize>i << 2), m, T, divide)),
      );
    }
    store<f32>(amq, <f32>m);
    s0 = f64x2.add(s0, s1);
    const lse = Math.log1p(f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1));
    const vl = f64x2.splat(lse);
    for (i = 0; i + 4 <= n; i += 4) {
      const v = v128.load(q + (<usize>i << 2));
      const lo = f64x2.sub(shiftedLo(v, vm, vt, divide), vl);
      const hi = f64x2.sub(shiftedHi(v, vm, vt, divide), vl);
      v128.store(q + (<usize>i << 2), demote2(lo, hi));
    }
    for (; i < n; i++) {
      const a = q + (<usize>i << 2);
      let z = <f64>load<f32>(a) - m;
      if (divide) z /= T;
      store<f32>(a, <f32>(z - lse));
    }
    // the argmax entry: (m − m)/T − lse = −lse
  }
}

/**
 * vjp of softmax (kind 0) or logSoftmax (kind 1) over float32 rows: a at
 * p, g at pg (float32, same shape); the result replaces g, a is left as is.
 * Softmax: S ⊙ (g − d)/T, d = ⟨g, e⟩/Σe; logSoftmax: (g − S·Σg)/T.
 */
export function softmax_vjp_rows_f32(
  p: usize,
  pg: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  kind: i32,
): void {
  // one specialised copy of the loops per kind and temperature (no
  // branches left inside them)
  if (kind == 0) {
    if (T == 1.0) vjpRows32(p, pg, rows, n, T, ps, 0, false);
    else vjpRows32(p, pg, rows, n, T, ps, 0, true);
  } else {
    if (T == 1.0) vjpRows32(p, pg, rows, n, T, ps, 1, false);
    else vjpRows32(p, pg, rows, n, T, ps, 1, true);
  }
}

@inline function vjpRows32(
  p: usize,
  pg: usize,
  rows: i32,
  n: i32,
  T: f64,
  ps: usize,
  kind: i32,
  divide: bool,
): void {
  const vt = f64x2.splat(T);
  for (let r = 0; r < rows; r++) {
    const off = <usize>(r * n) << 2;
    const q = p + off;
    const gq = pg + off;
    const m = rowMax32(q, n);
    if (!(m > -Infinity && m < Infinity)) {
      store<i32>(ps + (<usize>r << 2), 1);
      continue;
    }
    store<i32>(ps + (<usize>r << 2), 0);
    const vm = f64x2.splat(m);
    // pass 1: Σe and ⟨g, e⟩ (softmax) or Σg (logSoftmax), four lanes
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let t0 = f64x2.splat(0);
    let t1 = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(q + (<usize>i << 2));
      const gv = v128.load(gq + (<usize>i << 2));
      const gl = f64x2.promote_low_f32x4(gv);
      const gh = f64x2.promote_low_f32x4(v128.shuffle<f32>(gv, gv, 2, 3, 0, 1));
      const el = expSoftmax32Masked(shiftedLo(v, vm, vt, divide));
      const eh = expSoftmax32Masked(shiftedHi(v, vm, vt, divide));
      s0 = f64x2.add(s0, el);
      s1 = f64x2.add(s1, eh);
      if (kind == 0) {
        t0 = f64x2.add(t0, f64x2.mul(gl, el));
        t1 = f64x2.add(t1, f64x2.mul(gh, eh));
      } else {
        t0 = f64x2.add(t0, gl);
        t1 = f64x2.add(t1, gh);
      }
    }
    for (; i < n; i++) {
      const e = expSoftmax32Masked(shiftedOne(q + (<usize>i << 2), m, T, divide));
      const gv = f64x2.replace_lane(f64x2.splat(0), 0, <f64>load<f32>(gq + (<usize>i << 2)));
      s0 = f64x2.add(s0, e);
      t0 = f64x2.add(t0, kind == 0 ? f64x2.mul(gv, e) : gv);
    }
    s0 = f64x2.add(s0, s1);
    t0 = f64x2.add(t0, t1);
    const total = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    const inv = 1.0 / total;
    const tsum = f64x2.extract_lane(t0, 0) + f64x2.extract_lane(t0, 1);
    // softmax: d = ⟨g, e⟩/Σe; logSoftmax: Σg
    const c = kind == 0 ? tsum * inv : tsum;
    const vi = f64x2.splat(inv);
    const vc = f64x2.splat(c);
    // pass 2: e again, the result over g
    for (i = 0; i + 4 <= n; i += 4) {
      const v = v128.load(q + (<usize>i << 2));
      const gv = v128.load(gq + (<usize>i << 2));
      const gl = f64x2.promote_low_f32x4(gv);
      const gh = f64x2.promote_low_f32x4(v128.shuffle<f32>(gv, gv, 2, 3, 0, 1));
      const sl = f64x2.mul(expSoftmax32(shiftedLo(v, vm, vt, divide)), vi);
      const sh = f64x2.mul(expSoftmax32(shiftedHi(v, vm, vt, divide)), vi);
      let lo: v128;
      let hi: v128;
      if (kind == 0) {
        lo = f64x2.mul(sl, f64x2.sub(gl, vc));
        hi = f64x2.mul(sh, f64x2.sub(gh, vc));
      } else {
        lo = f64x2.sub(gl, f64x2.mul(sl, vc));
        hi = f64x2.sub(gh, f64x2.mul(sh, vc));
      }
      if (divide) {
        lo = f64x2.div(lo, vt);
        hi = f64x2.div(hi, vt);
      }
      v128.store(gq + (<usize>i << 2), demote2(lo, hi));
    }
    for (; i < n; i++) {
      const e = expSoftmax32(shiftedOne(q + (<usize>i << 2), m, T, divide));
      const s = f64x2.extract_lane(e, 0) * inv;
      const g = <f64>load<f32>(gq + (<usize>i << 2));
      let v = kind == 0 ? s * (g - c) : g - s * c;
      if (divide) v /= T;
      store<f32>(gq + (<usize>i << 2), <f32>v);
    }
  }
}
