/**
 * Shared pieces of the second derivatives (issue 12): the zero kernel of
 * the piecewise-linear units and the accurate cube (1 + e)³.
 *
 * @module
 */
import { productError } from "../_double_double.ts";

/**
 * f'' of a piecewise-linear unit: 0 everywhere (also at its kinks, where
 * the distributional second derivative is a Dirac delta that no finite
 * number represents, the convention of the f' = 0 of step and sign), NaN
 * for NaN.
 *
 * @param x The input.
 * @returns 0, or NaN for NaN.
 */
export function zeroSecondDerivative(x: number): number {
  return x === x ? 0 : x;
}

/**
 * (1 + e)³ for 0 ≤ e ≤ 1 to about one rounding: 1 + e = q + r exactly
 * (Fast2Sum, Dekker 1971), then q² and q³ with their rounding errors
 * (Dekker's product, {@linkcode productError}) and the first-order term
 * 3q²r.
 *
 * @param e A number in [0, 1].
 * @returns (1 + e)³.
 */
export function onePlusCubed(e: number): number {
  const q = 1 + e;
  const r = e - (q - 1);
  return cubeOf(q, r);
}

/**
 * (h + r)³ for a double-double h + r (|r| ≤ ulp(h)/2), to about one
 * rounding: h² = s + s' and s·h = c + c' exactly (Dekker), then
 * c + (c' + s'·h + 3·s·r).
 *
 * @param h The high part.
 * @param r The low part.
 * @returns (h + r)³.
 */
export function cubeOf(h: number, r: number): number {
  const s = h * h;
  const s2 = productError(h, h, s);
  const c = s * h;
  return c + (productError(s, h, c) + s2 * h + 3 * s * r);
}
