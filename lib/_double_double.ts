/**
 * Error-free transformations and a small double-double toolkit: the exact
 * rounding errors of sums and products, double-double add, multiply,
 * divide and exponential, and m·e^x with one final rounding.
 *
 * - `twoSum`/`sumError` (Møller 1965, Knuth TAOCP vol. 2 §4.2.2),
 *   `fastTwoSum` and `twoProduct`/`productError` with Veltkamp's split
 *   (Dekker 1971, "A floating-point technique for extending the available
 *   precision"); JavaScript has no fused multiply-add, so the split by
 *   2^27 + 1 = 134217729 is the way.
 * - double-double add, multiply and divide after Joldes, Muller & Popescu
 *   2017, "Tight and rigorous error bounds for basic building blocks of
 *   double-word arithmetic" (algorithms 6 and 10).
 *
 * Internal module: not part of the public API (the activations and
 * `special.ts` use it; the tests use `ddExp` to check them).
 *
 * @module
 */

/** A double-double: the unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. */
export type DoubleDouble = readonly [hi: number, lo: number];

/** Veltkamp's splitter 2^27 + 1 (Dekker 1971). */
const SPLITTER = 134217729;

/**
 * The exact sum of two doubles as a double-double: s = fl(a + b) and the
 * rounding error e, with a + b = s + e exactly (Møller 1965; Knuth, TAOCP
 * vol. 2, §4.2.2, theorem B). No condition on the magnitudes.
 *
 * @param a A double.
 * @param b A double.
 * @returns `[s, e]` with s = fl(a + b) and a + b = s + e exactly.
 *
 * @example Usage
 * ```ts
 * import { twoSum } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(twoSum(1, 2 ** -60), [1, 2 ** -60]);
 * assertEquals(twoSum(0.1, 0.2), [0.30000000000000004, -2.7755575615628914e-17]);
 * ```
 */
export function twoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, sumError(a, b, s)];
}

/**
 * The rounding error of the sum a + b: the exact a + b − s for s = fl(a + b),
 * by Møller–Knuth's 2Sum (see {@linkcode twoSum}); the allocation-free form
 * for hot loops, as {@linkcode productError} is for products.
 *
 * @param a A double.
 * @param b A double.
 * @param s fl(a + b), as computed by the caller.
 * @returns The exact a + b − s.
 *
 * @example Usage
 * ```ts
 * import { sumError } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(sumError(1, 2 ** -60, 1), 2 ** -60);
 * ```
 */
export function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/**
 * The exact sum of two doubles when |a| ≥ |b| (or a = 0): Dekker's
 * Fast2Sum, three operations instead of six.
 *
 * @param a The larger in magnitude.
 * @param b The smaller in magnitude.
 * @returns `[s, e]` with s = fl(a + b) and a + b = s + e exactly.
 *
 * @example Usage
 * ```ts
 * import { fastTwoSum } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(fastTwoSum(1, 2 ** -53), [1, 2 ** -53]);
 * ```
 */
export function fastTwoSum(a: number, b: number): DoubleDouble {
  const s = a + b;
  return [s, b - (s - a)];
}

/**
 * The rounding error of the product a·b: the exact a·b − fl(a·b), by
 * Dekker's algorithm with Veltkamp's split (no FMA in JavaScript). Exact
 * unless a partial product underflows or |a|, |b| > 2^996 (the split
 * overflows).
 *
 * @param a A double.
 * @param b A double.
 * @param p fl(a·b), as computed by the caller.
 * @returns The exact a·b − p.
 *
 * @example Usage
 * ```ts
 * import { productError } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * const x = 1 + 2 ** -30;
 * assertEquals(productError(x, x, x * x), 2 ** -60);
 * ```
 */
export function productError(a: number, b: number, p: number): number {
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/**
 * The exact product of two doubles as a double-double (Dekker 1971):
 * p = fl(a·b) and e = a·b − p, exact under the conditions of
 * {@linkcode productError}.
 *
 * @param a A double.
 * @param b A double.
 * @returns `[p, e]` with a·b = p + e exactly.
 *
 * @example Usage
 * ```ts
 * import { twoProduct } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(twoProduct(1 + 2 ** -30, 1 - 2 ** -30), [1, -(2 ** -60)]);
 * ```
 */
export function twoProduct(a: number, b: number): DoubleDouble {
  const p = a * b;
  return [p, productError(a, b, p)];
}

/**
 * The sum of two double-doubles, relative error ≤ 3u² (u = 2^−53; Joldes,
 * Muller & Popescu 2017, algorithm 6, "AccurateDWPlusDW").
 *
 * @param x A double-double.
 * @param y A double-double.
 * @returns x + y as a normalised double-double.
 *
 * @example Usage
 * ```ts
 * import { ddAdd } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(ddAdd([1, 2 ** -60], [-1, 2 ** -70]), [2 ** -60 + 2 ** -70, 0]);
 * ```
 */
export function ddAdd(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const sh = x[0] + y[0];
  let bb = sh - x[0];
  const sl = (x[0] - (sh - bb)) + (y[0] - bb);
  const th = x[1] + y[1];
  bb = th - x[1];
  const tl = (x[1] - (th - bb)) + (y[1] - bb);
  const c = sl + th;
  const vh = sh + c;
  const vl = c - (vh - sh);
  const w = tl + vl;
  const zh = vh + w;
  return [zh, w - (zh - vh)];
}

/**
 * The product of two double-doubles, relative error ≤ 7u² (Joldes, Muller
 * & Popescu 2017, algorithm 10 with Dekker's product for the FMA).
 *
 * @param x A double-double.
 * @param y A double-double.
 * @returns x·y as a normalised double-double.
 *
 * @example Usage
 * ```ts
 * import { ddMul } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * // (1 + 2^−30)(1 − 2^−30) = 1 − 2^−60, not a double
 * assertEquals(ddMul([1 + 2 ** -30, 0], [1 - 2 ** -30, 0]), [1, -(2 ** -60)]);
 * ```
 */
export function ddMul(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const ch = x[0] * y[0];
  const cl1 = productError(x[0], y[0], ch);
  const cl3 = cl1 + (x[0] * y[1] + x[1] * y[0]);
  const zh = ch + cl3;
  return [zh, cl3 - (zh - ch)];
}

/** x·b for a double-double x and a double b (used by ddDiv). */
function ddMulNumber(x: DoubleDouble, b: number): DoubleDouble {
  const ch = x[0] * b;
  const cl3 = productError(x[0], b, ch) + x[1] * b;
  const zh = ch + cl3;
  return [zh, cl3 - (zh - ch)];
}

/**
 * The quotient of two double-doubles by long division: three quotient
 * digits q1 + q2 + q3, each remainder computed in double-double
 * (relative error about 10u²).
 *
 * @param x The dividend.
 * @param y The divisor (non-zero).
 * @returns x / y as a normalised double-double.
 *
 * @example Usage
 * ```ts
 * import { ddDiv, ddMul } from "./_double_double.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * const third = ddDiv([1, 0], [3, 0]);
 * const back = ddMul(third, [3, 0]);
 * assertAlmostEquals(back[0] - 1 + back[1], 0, 1e-31);
 * ```
 */
export function ddDiv(x: DoubleDouble, y: DoubleDouble): DoubleDouble {
  const q1 = x[0] / y[0];
  const p1 = ddMulNumber(y, q1);
  const r1 = ddAdd(x, [-p1[0], -p1[1]]);
  const q2 = r1[0] / y[0];
  const p2 = ddMulNumber(y, q2);
  const r2 = ddAdd(r1, [-p2[0], -p2[1]]);
  const q3 = r2[0] / y[0];
  const s = q1 + q2;
  return ddAdd([s, q2 - (s - q1)], [q3, 0]);
}

// ln 2 in three parts (mpmath, 60 digits).
const LN2_1 = 0.6931471805599453;
const LN2_2 = 2.3190468138462996e-17;
const LN2_3 = 5.707708438416212e-34;

/** 1/k! as double-doubles, k = 0..12 (k! is exact in a double for k ≤ 22). */
const INV_FACTORIAL: DoubleDouble[] = (() => {
  const out: DoubleDouble[] = [];
  let f = 1;
  for (let k = 0; k <= 12; k++) {
    if (k > 0) f *= k;
    out.push(ddDiv([1, 0], [f, 0]));
  }
  return out;
})();

/**
 * e^x for a double-double x, to about 1e-30 relative (for results in the
 * normal range). Argument reduction x = k·ln 2 + r with ln 2 in three parts
 * (k·ln2₁ and k·ln2₂ exact by {@linkcode twoProduct}), then r/2⁹ into a
 * Taylor series for e^s − 1 (degree 11, |s| < 6.8e-4), then nine
 * squarings in the form (e^{2s} − 1) = (e^s − 1)(e^s − 1 + 2), which keeps
 * the small quantity relative (the reduction of Tang 1989 without tables).
 * Slow (a few hundred flops); the activations use it only to check
 * themselves, never on a hot path.
 *
 * @param x The exponent as a double-double (`[x, 0]` for a double).
 * @returns e^x as a double-double; `[Infinity, 0]` on overflow, `[0, 0]`
 * below −745.2, NaN for NaN.
 *
 * @example Usage
 * ```ts
 * import { ddExp } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * // e = 2.718281828459045 + 1.4456468917292502e-16 (mpmath)
 * assertEquals(ddExp([1, 0]), [Math.E, 1.4456468917292502e-16]);
 * assertEquals(ddExp([0, 0]), [1, 0]);
 * ```
 */
export function ddExp(x: DoubleDouble): DoubleDouble {
  const xh = x[0];
  if (xh !== xh) return [NaN, NaN];
  if (xh > 709.8) return [Infinity, 0];
  if (xh < -745.2) return [0, 0];
  if (xh === 0 && x[1] === 0) return [1, 0];
  const k = Math.round(xh / LN2_1);
  let r = ddAdd(x, twoProduct(-k, LN2_1));
  r = ddAdd(r, twoProduct(-k, LN2_2));
  r = ddAdd(r, [-k * LN2_3, 0]);
  const s: DoubleDouble = [r[0] / 512, r[1] / 512];
  // e^s − 1 = s·(1 + s/2! + … + s^10/11!), Horner in double-double
  let p: DoubleDouble = INV_FACTORIAL[12]!;
  for (let j = 11; j >= 1; j--) p = ddAdd(ddMul(p, s), INV_FACTORIAL[j]!);
  let m = ddMul(p, s);
  for (let j = 0; j < 9; j++) m = ddMul(m, ddAdd(m, [2, 0]));
  const e = ddAdd(m, [1, 0]);
  // scale by 2^k in two steps so that 2^k itself never overflows
  const k1 = Math.trunc(k / 2);
  const s1 = 2 ** k1;
  const s2 = 2 ** (k - k1);
  return [e[0] * s1 * s2, e[1] * s1 * s2];
}

/**
 * m·e^(h + l) with a single final rounding into the subnormals: where e^h
 * itself would be subnormal (h < −700), e^(h + 128 ln 2) is computed and
 * the product scaled by 2^−128, so m·e^h keeps its relative precision as
 * long as the result is normal. l is a small correction (|l| ≲ 1e-13,
 * e.g. the low part of a double-double exponent), applied as m·(1 + l).
 *
 * @param m The multiplier (finite).
 * @param h The exponent's high part.
 * @param l The exponent's low part (default 0).
 * @returns m·e^(h + l).
 *
 * @example Usage
 * ```ts
 * import { mulExp } from "./_double_double.ts";
 * import { assertEquals } from "@std/assert";
 * // −710·e^−710 = −3.178…e-306 is normal, though e^−710 is subnormal
 * assertEquals(mulExp(-710, -710), -3.1781632202293424e-306);
 * assertEquals(mulExp(2, 0), 2);
 * ```
 */
export function mulExp(m: number, h: number, l = 0): number {
  if (h > -700) return (m + m * l) * Math.exp(h);
  if (!(h > -1e4)) return h !== h ? NaN : m * 0;
  const s = h + SHIFT_HI;
  const e = sumError(h, SHIFT_HI, s) + SHIFT_LO + l;
  return ((m + m * e) * Math.exp(s)) * 2.938735877055719e-39; // 2^−128
}

// 128·ln 2 as hi + lo (mpmath).
const SHIFT_HI = 88.722839111673;
const SHIFT_LO = 2.9683799217232634e-15;
