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

const f32view = new Float32Array(1);
const i32view = new Int32Array(f32view.buffer);

/**
 * Distance in float32 ulps between two float32 values: the count of
 * float32 values between them (±0 are one value apart from nothing: 0);
 * NaN is 0 from NaN and ∞ from anything else, as {@linkcode ulpDistance}.
 *
 * @param a A float32 value.
 * @param b Another.
 * @returns The distance.
 */
export function ulp32(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  const ord = (v: number) => {
    f32view[0] = v;
    const bits = i32view[0]!;
    return bits < 0 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(ord(a) - ord(b));
}
