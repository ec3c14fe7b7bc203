/**
 * Reading the mpmath reference values and measuring distances in ulps,
 * shared by the accuracy and special-function tests.
 *
 * @module
 */

/**
 * Parse a Python repr() of a float ("1.5", "-0.0", "5e-324", "inf", "nan").
 *
 * @param s The string.
 * @returns The double.
 */
export function parseRepr(s: string): number {
  if (s === "nan") return NaN;
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  return Number(s);
}

const view = new DataView(new ArrayBuffer(8));

/**
 * The position of a double on the ordered line of doubles: consecutive
 * doubles differ by 1, −0 and +0 both map to 0, subnormals are included.
 *
 * @param x A double (not NaN).
 * @returns Its ordinal as a BigInt.
 */
function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/**
 * The distance in ulps between two doubles: the number of doubles between
 * them plus one; 0 for two NaNs, ∞ for a NaN and a number.
 *
 * @param a A double.
 * @param b A double.
 * @returns |ordinal(a) − ordinal(b)|.
 */
export function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}
