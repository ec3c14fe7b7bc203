/**
 * Central finite differences: one implementation of the numeric derivative
 * of a scalar function and of the numeric Jacobian of a vector map, used by
 * `gradcheck`, `gradcheckVector` and the softmax derivation card.
 *
 * The central difference (f(x + s) − f(x − s)) / 2s has truncation error
 * s²·f'''(x)/6 and rounding error ≈ ε·|f(x)|/s; the sum is smallest for
 * s ≈ ε^{1/3}·x_c, with x_c the scale of x (here max(1, |x|)), giving an
 * error of order ε^{2/3} ≈ 4e-11 (Press, Teukolsky, Vetterling & Flannery,
 * "Numerical Recipes", 3rd ed., §5.7, eq. 5.7.8). The divisor is the
 * difference of the two abscissae as actually rounded, (x + s) − (x − s),
 * not 2s (the same section's advice to make the step exactly
 * representable).
 *
 * Where x + s or x − s overflows (|x| within a step of `Number.MAX_VALUE`)
 * the one-sided second-order formula takes its place,
 * f'(x) ≈ ±(3f(x) − 4f(x ∓ s) + f(x ∓ 2s)) / 2s (Fornberg 1988,
 * "Generation of finite difference formulas on arbitrarily spaced grids",
 * table 1), with s a power of two so that x ∓ s and x ∓ 2s are exact, and
 * the sum formed as 3(f₀ − f₁) − (f₁ − f₂) so that it does not overflow
 * before the division.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */

/** ε^{1/3}: the optimal relative step of a central difference. */
export const DEFAULT_RELATIVE_STEP: number = Math.cbrt(Number.EPSILON);

/**
 * The smallest admissible relative step: below ε the steps h·max(1, |x|)
 * fall under the spacing of the doubles and x ± step rounds back to x.
 */
export const MIN_RELATIVE_STEP: number = Number.EPSILON;

/** The absolute step at x for a relative step h: h·max(1, |x|). */
export function stepAt(x: number, h: number): number {
  return h * Math.max(1, Math.abs(x));
}

/** A numeric derivative, and the function values it came from. */
export interface Difference {
  /** The difference quotient (±∞ or NaN when f overflowed or returned NaN). */
  readonly numeric: number;
  /**
   * False when an abscissa or a function value overflowed to ±∞, so the
   * quotient says nothing about f' (it is then ±∞ or NaN).
   */
  readonly resolved: boolean;
}

/**
 * f'(x) by a central difference with step `step` (one-sided of second
 * order where x ± step overflows; see the module notes).
 *
 * @param f The function (its results are not validated here).
 * @param x A finite point.
 * @param step The absolute step, > 0.
 * @returns The quotient and whether it is meaningful.
 */
export function centralDifference(
  f: (x: number) => number,
  x: number,
  step: number,
): Difference {
  const xp = x + step;
  const xm = x - step;
  if (Number.isFinite(xp) && Number.isFinite(xm)) {
    const fp = f(xp);
    const fm = f(xm);
    const numeric = (fp - fm) / (xp - xm);
    return { numeric, resolved: !overflowed(fp, fm, numeric) };
  }
  // one-sided, pointing away from the overflowing side
  const dir = Number.isFinite(xm) ? -1 : 1;
  const s = 2 ** Math.floor(Math.log2(step)); // x ∓ s, x ∓ 2s exact
  const x1 = x + dir * s;
  const x2 = x + dir * 2 * s;
  if (!Number.isFinite(x1) || !Number.isFinite(x2)) {
    return { numeric: NaN, resolved: false };
  }
  const f0 = f(x);
  const f1 = f(x1);
  const f2 = f(x2);
  const numeric = -dir * (3 * (f0 - f1) - (f1 - f2)) / (2 * s);
  return { numeric, resolved: !overflowed(f0, f1, f2, numeric) };
}

/** Did any of these overflow to ±∞ (NaN does not count: it is a result)? */
function overflowed(...values: number[]): boolean {
  return values.some((v) => v === Infinity || v === -Infinity);
}

/**
 * The Jacobian of a vector map f: ℝⁿ → ℝᵐ at `a` by central differences,
 * column by column: column j is (f(a + s_j e_j) − f(a − s_j e_j)) divided
 * by the rounded difference of the two abscissae, s_j = h·max(1, |a_j|).
 *
 * @param f The map; it receives a fresh `number[]` each time.
 * @param a The point (finite numbers).
 * @param h The relative step (default ε^{1/3}).
 * @returns `rows[i][j]` ≈ ∂f_i/∂a_j, m rows of n numbers, and m.
 * @throws {RangeError} if f changes its output length when a moves.
 */
export function numericJacobian(
  f: (a: number[]) => ArrayLike<number>,
  a: readonly number[],
  h: number = DEFAULT_RELATIVE_STEP,
): number[][] {
  const n = a.length;
  const m = f([...a]).length;
  const rows = Array.from({ length: m }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const aj = a[j]!;
    const s = stepAt(aj, h);
    const up = [...a];
    const down = [...a];
    up[j] = aj + s;
    down[j] = aj - s;
    const width = up[j]! - down[j]!; // the step actually taken
    const fp = f(up);
    const fm = f(down);
    if (fp.length !== m || fm.length !== m) {
      throw new RangeError(
        `\`f\` must return ${m} values at every point: it returned ${fp.length} and ${fm.length} when a[${j}] moved`,
      );
    }
    for (let i = 0; i < m; i++) rows[i]![j] = (fp[i]! - fm[i]!) / width;
  }
  return rows;
}
