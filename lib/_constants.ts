/**
 * Mathematical constants shared by the numerics, each as the double
 * nearest to it and, where a routine needs more, the low part of a
 * double-double (hi + lo, |lo| ≤ ulp(hi)/2). Values from mpmath at 60
 * digits, rounded to nearest.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */

/** 1/√2, high part. */
export const SQRT1_2 = 0.7071067811865476;
/** 1/√2, low part. */
export const SQRT1_2_LO = -4.833646656726457e-17;
/** √(2/π), high part. */
export const SQRT_2_PI = 0.7978845608028654;
/** √(2/π), low part. */
export const SQRT_2_PI_LO = -4.98465440455546e-17;
/** 2/√π, high part. */
export const TWO_OVER_SQRT_PI = 1.1283791670955126;
/** 2/√π, low part. */
export const TWO_OVER_SQRT_PI_LO = 1.533545961316588e-17;
/** 1/√π. */
export const INV_SQRT_PI = 0.5641895835477563;
/** 1/√(2π), high part. */
export const INV_SQRT_2PI = 0.3989422804014327;
/** 1/√(2π), low part. */
export const INV_SQRT_2PI_LO = -2.49232720227773e-17;
