/**
 * Finite-difference checks of derivatives: compare an analytic derivative
 * (an Activation's `.derivative`, a hand-written `df`, a Jacobian) with
 * central differences.
 *
 * The central difference (f(x + h) − f(x − h)) / 2h has truncation error
 * h²·f'''(x)/6 and rounding error ≈ ε·|f(x)|/h; the sum is smallest for
 * h ≈ ε^{1/3}·x_c, with x_c the scale of x (here max(1, |x|)), giving an
 * error of order ε^{2/3} ≈ 4e-11 (Press, Teukolsky, Vetterling & Flannery,
 * "Numerical Recipes", 3rd ed., §5.7, eq. 5.7.8). The divisor is the
 * difference of the two abscissae as actually rounded, (x + h) − (x − h),
 * not 2h (the same section's advice to make h exactly representable).
 *
 * A point passes when |analytic − numeric| ≤ abs + rel·|numeric| (the
 * `numpy.allclose` rule); a NaN on either side fails. Points within three
 * steps of a declared kink are skipped: there the central difference
 * straddles the kink and measures the average of the one-sided slopes.
 * Points where f(x ± step) overflows to ±∞ are not compared either (the
 * quotient says nothing about f' there) and are counted in `overflowed`;
 * next to ±`Number.MAX_VALUE`, where x ± step itself overflows, a one-sided
 * difference of the same order is used (see `_finite_difference.ts`).
 *
 * @module
 */
import { isActivation } from "./activation.ts";
import {
  centralDifference,
  DEFAULT_RELATIVE_STEP,
  MIN_RELATIVE_STEP,
  numericJacobian,
  stepAt,
} from "./_finite_difference.ts";
import {
  checkFunction,
  checkNumber,
  checkOneOf,
  checkOptions,
  describeValue,
  typeError,
} from "./_validate.ts";

/** A scalar function and its claimed derivative. */
export interface ScalarPair {
  /** The function. */
  readonly f: (x: number) => number;
  /** Its claimed derivative. */
  readonly df: (x: number) => number;
}

/** Something with a derivative: an Activation (or any callable with `.derivative`). */
export interface Differentiable {
  /** The function. */
  (x: number): number;
  /** Its claimed derivative. */
  readonly derivative: (x: number) => number;
  /** Its claimed second derivative (needed for `order: 2`). */
  readonly secondDerivative?: (x: number) => number;
}

/** Tolerances of a check: a point passes when |err| ≤ abs + rel·|numeric|. */
export interface Tolerance {
  /** Absolute tolerance (default 1e-7). */
  readonly abs?: number;
  /** Relative tolerance (default 1e-6). */
  readonly rel?: number;
}

/** Options of {@linkcode gradcheck}. */
export interface GradcheckOptions {
  /** The points to check (finite numbers); excludes `range` and `count`. */
  readonly points?: readonly number[];
  /** The interval of the default grid (default [−6, 6]). */
  readonly range?: readonly [number, number];
  /** Number of grid points, ends included (integer ≥ 2, default 121). */
  readonly count?: number;
  /**
   * The relative step: the step at x is h·max(1, |x|). Default ε^{1/3} ≈
   * 6.06e-6, optimal for central differences (Numerical Recipes §5.7);
   * at least ε = 2^−52 (below it x ± step rounds back to x) and at most 0.1.
   * This takes |x| as the scale on which f varies; for a function that
   * varies faster (sin at x = 1e6) pass a smaller `h`.
   */
  readonly h?: number;
  /** Pass/fail tolerances. */
  readonly tolerance?: Tolerance;
  /**
   * Where f, f' or f'' jumps; points within 3 steps of one are skipped.
   * Default: an Activation's `traits.kinks` (ReLU6: [0, 6]; hard swish:
   * [−3, 3]; at a C1 kink such as ELU's the central difference is only
   * O(h) accurate, so those are listed too), else [0] for one whose
   * `traits.smoothness` is not "smooth"; [] for `{ f, df }`.
   */
  readonly kinks?: readonly number[];
  /**
   * Which derivative to check (default 1). With 2, `fn.secondDerivative`
   * is compared with central differences of `fn.derivative` (issue 12):
   * `gradcheck(act, { order: 2 })` is `gradcheck({ f: act.derivative,
   * df: act.secondDerivative })` with the activation's kinks.
   */
  readonly order?: 1 | 2;
}

/** One compared point of {@linkcode gradcheck}. */
export interface GradcheckPoint {
  /** Where. */
  readonly x: number;
  /** The claimed derivative df(x). */
  readonly analytic: number;
  /** The central difference. */
  readonly numeric: number;
  /** |analytic − numeric|. */
  readonly absError: number;
  /** absError / max(|analytic|, |numeric|) (0 when both are 0). */
  readonly relError: number;
}

/** The outcome of {@linkcode gradcheck}. */
export interface GradcheckResult {
  /** Every checked point passed. */
  readonly ok: boolean;
  /** The largest absolute error (NaN if a NaN was met). */
  readonly maxAbsError: number;
  /** The largest relative error (NaN if a NaN was met). */
  readonly maxRelError: number;
  /** The point closest to failing, or the worst failure. */
  readonly worst: GradcheckPoint;
  /** Number of points compared. */
  readonly checked: number;
  /** Number of points skipped near kinks. */
  readonly skipped: number;
  /**
   * Number of points not compared because the difference quotient
   * overflows there: f(x ± step) is ±∞ (e.g. `Math.exp` near 709.8), so the
   * quotient says nothing about f'. (Near ±`Number.MAX_VALUE`, where x ± step
   * itself overflows, a one-sided difference of the same order is used.)
   */
  readonly overflowed: number;
  /** Number of points that failed. */
  readonly failed: number;
}

/** Options of {@linkcode gradcheckVector}. */
export interface GradcheckVectorOptions {
  /** The relative step (default ε^{1/3}), as in {@linkcode GradcheckOptions}. */
  readonly h?: number;
  /** Pass/fail tolerances. */
  readonly tolerance?: Tolerance;
}

/** One compared Jacobian entry of {@linkcode gradcheckVector}. */
export interface GradcheckEntry {
  /** Output index i. */
  readonly row: number;
  /** Input index j. */
  readonly column: number;
  /** The claimed ∂f_i/∂a_j. */
  readonly analytic: number;
  /** The central difference. */
  readonly numeric: number;
  /** |analytic − numeric|. */
  readonly absError: number;
  /** absError / max(|analytic|, |numeric|) (0 when both are 0). */
  readonly relError: number;
}

/** The outcome of {@linkcode gradcheckVector}. */
export interface GradcheckVectorResult {
  /** Every entry passed. */
  readonly ok: boolean;
  /** The largest absolute error (NaN if a NaN was met). */
  readonly maxAbsError: number;
  /** The largest relative error (NaN if a NaN was met). */
  readonly maxRelError: number;
  /** The entry closest to failing, or the worst failure (undefined for an empty Jacobian). */
  readonly worst: GradcheckEntry | undefined;
  /** Number of entries compared (m × n). */
  readonly checked: number;
  /** Number of entries that failed. */
  readonly failed: number;
}

const DEFAULT_ABS = 1e-7;
const DEFAULT_REL = 1e-6;
/** Points closer than this many steps to a kink are skipped. */
const KINK_STEPS = 3;
/** The largest grid `count`. */
const MAX_COUNT = 1e7;

function finiteNumbers(
  name: string,
  value: unknown,
  nonEmpty: boolean,
): number[] {
  if (!Array.isArray(value)) {
    throw typeError(name, "an array of numbers", value);
  }
  if (nonEmpty && value.length === 0) {
    throw new RangeError(`\`${name}\` must not be empty: current length is 0`);
  }
  return value.map((v, i) => checkNumber(`${name}[${i}]`, v));
}

function stepOption(value: unknown): number {
  if (value === undefined) return DEFAULT_RELATIVE_STEP;
  // Below ε the step h·max(1, |x|) is under the spacing of the doubles at x:
  // x ± step rounds back to x and the quotient is 0/0.
  return checkNumber("h", value, { min: MIN_RELATIVE_STEP, max: 0.1 });
}

function toleranceOption(value: unknown): { abs: number; rel: number } {
  const t = checkOptions("tolerance", value as Tolerance | undefined, [
    "abs",
    "rel",
  ]);
  return {
    abs: t.abs === undefined
      ? DEFAULT_ABS
      : checkNumber("tolerance.abs", t.abs, { min: 0 }),
    rel: t.rel === undefined
      ? DEFAULT_REL
      : checkNumber("tolerance.rel", t.rel, { min: 0 }),
  };
}

function gridOption(options: GradcheckOptions): number[] {
  if (options.points !== undefined) {
    if (options.range !== undefined || options.count !== undefined) {
      throw new TypeError(
        "`points` excludes `range` and `count`: pass either the points or a grid",
      );
    }
    return finiteNumbers("points", options.points, true);
  }
  let lo = -6;
  let hi = 6;
  if (options.range !== undefined) {
    const r = options.range as unknown;
    if (!Array.isArray(r) || r.length !== 2) {
      throw typeError("range", "a pair [lo, hi]", r);
    }
    lo = checkNumber("range[0]", r[0]);
    hi = checkNumber("range[1]", r[1]);
    if (!(lo < hi)) {
      throw new RangeError(
        `\`range\` must have lo < hi: current value is [${describeValue(lo)}, ${
          describeValue(hi)
        }]`,
      );
    }
  }
  const count = options.count === undefined
    ? 121
    : checkNumber("count", options.count, {
      integer: true,
      min: 2,
      max: MAX_COUNT,
    });
  const points: number[] = [];
  // lo + (hi − lo)·t overflows for a range wider than Number.MAX_VALUE
  // (e.g. [−1e308, 1e308]); the convex combination does not, and the clamp
  // keeps its rounding inside [lo, hi].
  const width = hi - lo;
  for (let k = 0; k < count; k++) {
    const t = k / (count - 1);
    const x = Number.isFinite(width) ? lo + width * t : lo * (1 - t) + hi * t;
    points.push(Math.min(hi, Math.max(lo, x)));
  }
  return points;
}

function resolveFunctions(
  fn: unknown,
  order: 1 | 2,
): {
  f: (x: number) => number;
  df: (x: number) => number;
  kinks: readonly number[];
} {
  if (
    typeof fn === "function" &&
    typeof (fn as { derivative?: unknown }).derivative === "function"
  ) {
    const d = fn as unknown as Differentiable;
    // At a C1 kink f'' jumps, so the central difference there is only O(h)
    // accurate (not O(h²)): skip those points too.
    const kinks = isActivation(fn)
      ? fn.traits.kinks ?? (fn.traits.smoothness === "smooth" ? [] : [0])
      : [];
    if (order === 1) {
      return { f: (x) => d(x), df: (x) => d.derivative(x), kinks };
    }
    const d2 = d.secondDerivative;
    if (typeof d2 !== "function") {
      throw typeError(
        "fn",
        "a function with `.derivative` and `.secondDerivative` for `order: 2`",
        fn,
      );
    }
    return { f: (x) => d.derivative(x), df: (x) => d2(x), kinks };
  }
  if (order === 2) {
    throw typeError(
      "fn",
      "an Activation (with `.secondDerivative`) for `order: 2`; for a pair, pass { f: f', df: f'' } with order 1",
      fn,
    );
  }
  if (
    fn !== null && typeof fn === "object" &&
    typeof (fn as { f?: unknown }).f === "function" &&
    typeof (fn as { df?: unknown }).df === "function"
  ) {
    const p = fn as ScalarPair;
    return { f: (x) => p.f(x), df: (x) => p.df(x), kinks: [] };
  }
  throw typeError(
    "fn",
    "an Activation (a function with `.derivative`) or an object { f, df } of two functions",
    fn,
  );
}

function numberResult(name: string, value: unknown, where: string): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `\`${name}\` must return a number: at ${where} it returned ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/** How badly an error exceeds its bound: > 1 fails; NaN counts as ∞. */
function violation(
  absError: number,
  numeric: number,
  tol: { abs: number; rel: number },
): number {
  if (absError !== absError) return Infinity;
  if (absError === 0) return 0;
  const bound = tol.abs + tol.rel * Math.abs(numeric);
  return absError / bound; // bound = 0 gives ∞: any error fails
}

function relativeError(
  absError: number,
  analytic: number,
  numeric: number,
): number {
  if (absError === 0) return 0;
  return absError / Math.max(Math.abs(analytic), Math.abs(numeric));
}

/** max that lets a NaN win, so a NaN error is never hidden. */
function nanMax(a: number, b: number): number {
  return a !== a || b !== b ? NaN : Math.max(a, b);
}

/**
 * Compare a scalar derivative with central finite differences over a grid
 * (or given points).
 *
 * At each point x the step is h·max(1, |x|) with h = ε^{1/3} by default, the
 * optimum for a central difference (Numerical Recipes, 3rd ed., §5.7), and
 * the point passes when |df(x) − numeric| ≤ abs + rel·|numeric| (defaults
 * abs = 1e-7, rel = 1e-6); a NaN on either side fails. Points within 3 steps
 * of a kink are skipped (`kinks`; by default an Activation's
 * `traits.kinks`, e.g. [0] for relu, [0, 6] for relu6).
 *
 * With `order: 2`, the second derivative is checked: `fn.secondDerivative`
 * against central differences of `fn.derivative` (same step, tolerances
 * and kinks). The pair form does the same with `{ f: f', df: f'' }`.
 *
 * @param fn An Activation (anything callable with `.derivative`), or `{ f, df }`.
 * @param options `points` or `range` ([−6, 6]) and `count` (121), `h`,
 * `tolerance` `{ abs, rel }`, `kinks`, `order` (1, or 2 for f″).
 * @returns `{ ok, maxAbsError, maxRelError, worst, checked, skipped,
 * overflowed, failed }`;
 * `worst` is the point with the largest error relative to its tolerance (the
 * worst failure when `ok` is false).
 * @throws {TypeError} if `fn` is neither form, an option has the wrong type
 * or is unknown, `points` is given with `range`/`count`, or `f`/`df` returns
 * a non-number.
 * @throws {RangeError} if an option is out of range (non-finite points,
 * `h` not in [ε, 0.1] (ε = 2^−52), negative tolerances, `count` < 2, lo ≥ hi), or every
 * point is skipped (near a kink, or where f(x ± step) overflows).
 *
 * @example Usage
 * ```ts
 * import { gradcheck, relu, sigmoid } from "@actlab/activations";
 * import { assert, assertEquals, assertFalse } from "@std/assert";
 *
 * assert(gradcheck(sigmoid).ok);
 * assert(gradcheck(relu).ok); // 0 is skipped: relu is not C1 there
 *
 * // A wrong derivative fails, and the report says where.
 * const bad = gradcheck({ f: Math.sin, df: (x) => Math.cos(x) + (x > 1 ? 0.01 : 0) });
 * assertFalse(bad.ok);
 * assert(bad.worst.x > 1);
 * assertEquals(gradcheck({ f: Math.exp, df: Math.exp }, { points: [0, 1] }).checked, 2);
 * ```
 *
 * @example Second derivatives (issue 12)
 * ```ts
 * import { activations, gelu, gradcheck, relu6 } from "@actlab/activations";
 * import { assert, assertFalse } from "@std/assert";
 *
 * // f″ against central differences of f′, for every activation
 * for (const act of activations) assert(gradcheck(act, { order: 2 }).ok, act.id);
 * // the same as a pair, f′ and f″ as the function and its derivative
 * assert(gradcheck({ f: gelu.derivative, df: gelu.secondDerivative }).ok);
 * // relu6's kinks at 0 and 6 are skipped by default (its traits.kinks)
 * assert(gradcheck(relu6, { order: 2, range: [-1, 7] }).skipped > 0);
 * // a wrong f″ fails
 * const wrong = Object.assign((x: number) => gelu(x), {
 *   derivative: gelu.derivative,
 *   secondDerivative: (x: number) => gelu.secondDerivative(x) * 1.001,
 * });
 * assertFalse(gradcheck(wrong, { order: 2 }).ok);
 * ```
 */
export function gradcheck(
  fn: Differentiable | ScalarPair,
  options: GradcheckOptions = {},
): GradcheckResult {
  const opts = checkOptions("options", options, [
    "points",
    "range",
    "count",
    "h",
    "tolerance",
    "kinks",
    "order",
  ]);
  const order = opts.order === undefined
    ? 1
    : checkOneOf("order", opts.order, [1, 2] as const);
  const { f, df, kinks: defaultKinks } = resolveFunctions(fn, order);
  const points = gridOption(opts);
  const h = stepOption(opts.h);
  const tol = toleranceOption(opts.tolerance);
  const kinks = opts.kinks === undefined
    ? defaultKinks
    : finiteNumbers("kinks", opts.kinks, false);
  const fChecked = (x: number) => numberResult("f", f(x), `x = ${x}`);

  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: GradcheckPoint | undefined;
  let worstViolation = -1;
  let checked = 0;
  let skipped = 0;
  let overflowed = 0;
  let failed = 0;
  for (const x of points) {
    const step = stepAt(x, h);
    if (kinks.some((k) => Math.abs(x - k) <= KINK_STEPS * step)) {
      skipped++;
      continue;
    }
    const { numeric, resolved } = centralDifference(fChecked, x, step);
    if (!resolved) {
      overflowed++;
      continue;
    }
    const analytic = numberResult("df", df(x), `x = ${x}`);
    const absError = Math.abs(analytic - numeric);
    const relError = relativeError(absError, analytic, numeric);
    const v = violation(absError, numeric, tol);
    checked++;
    if (!(v <= 1)) failed++;
    maxAbsError = nanMax(maxAbsError, absError);
    maxRelError = nanMax(maxRelError, relError);
    if (v > worstViolation) {
      worstViolation = v;
      worst = { x, analytic, numeric, absError, relError };
    }
  }
  if (worst === undefined) {
    throw new RangeError(
      `\`points\` must leave a point where the difference quotient can be formed: all ${points.length} points were skipped (${skipped} near \`kinks\`, ${overflowed} where f(x ± step) overflows)`,
    );
  }
  return {
    ok: failed === 0,
    maxAbsError,
    maxRelError,
    worst,
    checked,
    skipped,
    overflowed,
    failed,
  };
}

function readVector(name: string, value: unknown): number[] {
  if (value instanceof Float64Array || value instanceof Float32Array) {
    return Array.from(value);
  }
  if (!Array.isArray(value)) {
    throw typeError(name, "an array of numbers or a typed array", value);
  }
  return value.map((v, i) => {
    if (typeof v !== "number") throw typeError(`${name}[${i}]`, "a number", v);
    return v;
  });
}

/**
 * Compare the Jacobian of a vector map f: ℝⁿ → ℝᵐ with central finite
 * differences, column by column: column j is (f(a + h_j e_j) − f(a − h_j e_j))
 * / 2h_j with h_j = h·max(1, |a_j|) (h = ε^{1/3} by default, Numerical
 * Recipes §5.7). Every entry must satisfy |J_ij − numeric| ≤ abs + rel·|numeric|.
 *
 * @param f The map; it receives a fresh `number[]` and returns m numbers.
 * @param jacobian The claimed Jacobian at `a` (m rows of n numbers), or a
 * function computing it from `a`.
 * @param a The point (finite numbers).
 * @param options `h` and `tolerance` `{ abs, rel }` as in {@linkcode gradcheck}.
 * @returns `{ ok, maxAbsError, maxRelError, worst: { row, column, analytic,
 * numeric, absError, relError }, checked, failed }`.
 * @throws {TypeError} if `f` or `jacobian` has the wrong type, `a` is not
 * numeric, or an option has the wrong type.
 * @throws {RangeError} if `a` has a non-finite entry, the Jacobian's shape is
 * not m × n, `f` changes its output length, or an option is out of range.
 *
 * @example Usage
 * ```ts
 * import { softmax } from "@actlab/activations";
 * import { gradcheckVector } from "@actlab/activations/gradcheck";
 * import { assert, assertFalse } from "@std/assert";
 *
 * const a = [0.5, -1, 2];
 * assert(gradcheckVector((x) => softmax(x), softmax.jacobian, a).ok);
 * // diag(S) alone (forgetting −S Sᵀ) is caught
 * const s = softmax(a);
 * const wrong = s.map((si, i) => s.map((_, j) => (i === j ? si : 0)));
 * assertFalse(gradcheckVector((x) => softmax(x), wrong, a).ok);
 * ```
 */
export function gradcheckVector(
  f: (a: number[]) => ArrayLike<number>,
  jacobian:
    | ((a: number[]) => ArrayLike<ArrayLike<number>>)
    | ArrayLike<ArrayLike<number>>,
  a: ArrayLike<number>,
  options: GradcheckVectorOptions = {},
): GradcheckVectorResult {
  checkFunction("f", f);
  const x = readVector("a", a);
  x.forEach((v, i) => checkNumber(`a[${i}]`, v));
  const opts = checkOptions("options", options, ["h", "tolerance"]);
  const h = stepOption(opts.h);
  const tol = toleranceOption(opts.tolerance);
  const n = x.length;
  const m = readVector("f(a)", f(x.slice())).length;
  const J: unknown = typeof jacobian === "function"
    ? jacobian(x.slice())
    : jacobian;
  if (
    J === null || typeof J !== "object" ||
    typeof (J as { length?: unknown }).length !== "number"
  ) {
    throw typeError(
      "jacobian",
      "a matrix (an array of rows) or a function returning one",
      J,
    );
  }
  const rows = Array.from(
    J as ArrayLike<unknown>,
    (row, i) => readVector(`jacobian[${i}]`, row),
  );
  if (rows.length !== m) {
    throw new RangeError(
      `\`jacobian\` must have m = ${m} rows (the length of f(a)): current length is ${rows.length}`,
    );
  }
  rows.forEach((row, i) => {
    if (row.length !== n) {
      throw new RangeError(
        `\`jacobian[${i}]\` must have n = ${n} entries (the length of a): current length is ${row.length}`,
      );
    }
  });

  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: GradcheckEntry | undefined;
  let worstViolation = -1;
  let failed = 0;
  const fd = numericJacobian((v) => readVector("f(a)", f(v)), x, h);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      const analytic = rows[i]![j]!;
      const numeric = fd[i]![j]!;
      const absError = Math.abs(analytic - numeric);
      const relError = relativeError(absError, analytic, numeric);
      const v = violation(absError, numeric, tol);
      if (!(v <= 1)) failed++;
      maxAbsError = nanMax(maxAbsError, absError);
      maxRelError = nanMax(maxRelError, relError);
      if (v > worstViolation) {
        worstViolation = v;
        worst = { row: i, column: j, analytic, numeric, absError, relError };
      }
    }
  }
  return {
    ok: failed === 0,
    maxAbsError,
    maxRelError,
    worst,
    checked: m * n,
    failed,
  };
}
