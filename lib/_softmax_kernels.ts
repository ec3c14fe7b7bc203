/**
 * Lane kernels of the softmax family: each reads one lane (the entries
 * along the softmax axis) of length n from `a` at offset `off`, and writes
 * its result, in double precision, into a scratch `Float64Array` from
 * index 0. The drivers in `softmax.ts` gather lanes and store results.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */

/** Read-only numeric data: a plain array or any non-bigint typed array. */
export type Data = ArrayLike<number>;

/**
 * Neumaier's improvement of Kahan summation: the rounding error of each
 * addition is recovered exactly (TwoSum of the larger and smaller operand)
 * and accumulated in `acc[1]`, so the result is accurate to ~1 ulp unless
 * the sum cancels catastrophically. A. Neumaier, "Rundungsfehleranalyse
 * einiger Verfahren zur Summation endlicher Summen", ZAMM 54 (1974) 39–51.
 */
export function neumaierStep(acc: Float64Array, x: number): void {
  const s = acc[0]!;
  const t = s + x;
  acc[1] = acc[1]! + (Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s);
  acc[0] = t;
}

/**
 * The compensated sum; once the running sum is ±∞ or NaN the correction is
 * meaningless and the plain sum is returned.
 */
export function neumaierResult(acc: Float64Array): number {
  const s = acc[0]!;
  return Number.isFinite(s) ? s + acc[1]! : s;
}

/** Σ v[off + i], compensated. */
export function sumOf(
  v: Data,
  off: number,
  n: number,
  acc: Float64Array,
): number {
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) neumaierStep(acc, v[off + i]!);
  return neumaierResult(acc);
}

/** ⟨u[0..n), v[off..off+n)⟩ as a compensated sum of the rounded products. */
export function dotOf(
  u: Float64Array,
  v: Data,
  off: number,
  n: number,
  acc: Float64Array,
): number {
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) neumaierStep(acc, u[i]! * v[off + i]!);
  return neumaierResult(acc);
}

/** What a scan of a lane found: its maximum and special values. */
export interface LaneScan {
  /** Maximum over the non-NaN entries (−∞ if none). */
  max: number;
  /** First index of the maximum (−1 when every entry is −∞ or NaN). */
  argmax: number;
  /** A NaN was seen. */
  nan: boolean;
  /** Number of +∞ entries. */
  posInf: number;
}

/** Scan a[off..off+n) into `r` (reused: no allocation per lane). */
export function scanLane(a: Data, off: number, n: number, r: LaneScan): void {
  let max = -Infinity;
  let argmax = -1;
  let nan = false;
  let posInf = 0;
  for (let i = 0; i < n; i++) {
    const v = a[off + i]!;
    if (v !== v) nan = true;
    else if (v > max) {
      max = v;
      argmax = i;
    }
    if (v === Infinity) posInf++;
  }
  r.max = max;
  r.argmax = argmax;
  r.nan = nan;
  r.posInf = posInf;
}

/** A fresh scan record. */
export function newScan(): LaneScan {
  return { max: -Infinity, argmax: -1, nan: false, posInf: 0 };
}

/**
 * What softmaxLane learns beyond S: 1 − S_c for the index c of the
 * maximum, computed without cancellation (index −1 when not available).
 */
export interface Complement {
  /** The index whose complement was computed accurately, or −1. */
  index: number;
  /** 1 − S_index. */
  value: number;
}

/**
 * Scan a lane that is to become a distribution: false, with `out[0..n)`
 * NaN, when it holds a NaN or only −∞ (no distribution, as PyTorch and
 * JAX); false for an empty lane; else true, with `scan` filled.
 */
function scanDistribution(
  a: Data,
  off: number,
  n: number,
  out: Float64Array,
  scan: LaneScan,
): boolean {
  if (n === 0) return false;
  scanLane(a, off, n, scan);
  if (scan.nan || scan.max === -Infinity) {
    out.fill(NaN, 0, n);
    return false;
  }
  return true;
}

/**
 * S = softmax(a / T) into `s[0..n)`. Stable: every exponent is shifted by
 * the lane maximum m, so e^{(a_i − m)/T} ≤ 1 and the largest term is
 * exactly 1 (the log-sum-exp trick); the normaliser is 1 + r with r the
 * compensated sum of the others, which gives 1 − S_max = r / (1 + r)
 * without cancellation (stored in `c`). NaN anywhere: all NaN; all −∞: all
 * NaN (no distribution, as PyTorch and JAX); k entries at +∞ share the mass
 * (the limit), the others 0.
 */
export function softmaxLane(
  a: Data,
  off: number,
  n: number,
  T: number,
  s: Float64Array,
  acc: Float64Array,
  scan: LaneScan,
  c: Complement,
): void {
  c.index = -1;
  c.value = NaN;
  if (!scanDistribution(a, off, n, s, scan)) return;
  const { max, argmax, posInf } = scan;
  if (max === Infinity) {
    const share = 1 / posInf;
    for (let i = 0; i < n; i++) s[i] = a[off + i] === Infinity ? share : 0;
    if (posInf === 1) {
      c.index = argmax;
      c.value = 0;
    }
    return;
  }
  acc[0] = 0;
  acc[1] = 0;
  if (T === 1) {
    // x/1 = x exactly: the same values without a division per element.
    for (let i = 0; i < n; i++) {
      if (i === argmax) continue;
      const e = Math.exp(a[off + i]! - max);
      s[i] = e;
      neumaierStep(acc, e);
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (i === argmax) continue;
      const e = Math.exp((a[off + i]! - max) / T);
      s[i] = e;
      neumaierStep(acc, e);
    }
  }
  const rest = neumaierResult(acc);
  const total = 1 + rest;
  s[argmax] = 1;
  for (let i = 0; i < n; i++) s[i] = s[i]! / total;
  c.index = argmax;
  c.value = rest / total;
}

/**
 * log S = (a − m)/T − log1p(r) into `out[0..n)` (r as in softmaxLane):
 * exactly 0 for a lone maximum whose rivals are −∞; +∞ entries give −log k,
 * the others −∞; NaN or all −∞ give NaN.
 */
export function logSoftmaxLane(
  a: Data,
  off: number,
  n: number,
  T: number,
  out: Float64Array,
  acc: Float64Array,
  scan: LaneScan,
): void {
  if (!scanDistribution(a, off, n, out, scan)) return;
  const { max, argmax, posInf } = scan;
  if (max === Infinity) {
    // −log 1 would be −0: write +0 for a lone +∞.
    const logShare = posInf === 1 ? 0 : -Math.log(posInf);
    for (let i = 0; i < n; i++) {
      out[i] = a[off + i] === Infinity ? logShare : -Infinity;
    }
    return;
  }
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) {
    const z = (a[off + i]! - max) / T;
    out[i] = z;
    if (i !== argmax) neumaierStep(acc, Math.exp(z));
  }
  // log Σ e^{z} = log(1 + r) = log1p(r): exact 0 when r = 0.
  const lse = Math.log1p(neumaierResult(acc));
  for (let i = 0; i < n; i++) out[i] = out[i]! - lse;
}

/**
 * log Σ e^{a_i} = m + log1p(Σ_{i≠argmax} e^{a_i − m}) (the log-sum-exp
 * trick with log1p, accurate when one term dominates; SciPy gh-18295).
 * Empty or all −∞: −∞; any +∞: +∞; any NaN: NaN.
 */
export function logsumexpLane(
  a: Data,
  off: number,
  n: number,
  acc: Float64Array,
  scan: LaneScan,
): number {
  if (n === 0) return -Infinity;
  scanLane(a, off, n, scan);
  const { max, argmax, nan } = scan;
  if (nan) return NaN;
  if (max === Infinity || max === -Infinity) return max;
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) {
    if (i !== argmax) neumaierStep(acc, Math.exp(a[off + i]! - max));
  }
  return max + Math.log1p(neumaierResult(acc));
}

/**
 * Weighted log-sum-exp with its sign, as SciPy's
 * `logsumexp(a, b=b, return_sign=True)`: s = Σ b_i e^{a_i − m} with m the
 * maximum of a over the lane (the caller passes only entries with b ≠ 0,
 * so a weight of 0 never sets the shift; JAX does the same), then
 * log|Σ b e^a| = m + log|s| and sign(s). A zero sum gives (−∞, 0); NaN in
 * a or b gives (NaN, NaN); +∞ entries of a: the sign of the sum of their
 * weights with value +∞ (SciPy gh-23548), or NaN if those weights cancel
 * (∞ − ∞). Writes [value, sign] into `res`.
 */
export function weightedLogsumexpLane(
  a: Float64Array,
  b: Float64Array,
  n: number,
  acc: Float64Array,
  scan: LaneScan,
  res: Float64Array,
): void {
  scanLane(a, 0, n, scan);
  let bnan = false;
  for (let i = 0; i < n; i++) if (b[i] !== b[i]) bnan = true;
  const { max, nan } = scan;
  if (nan || bnan) {
    res[0] = NaN;
    res[1] = NaN;
    return;
  }
  if (max === -Infinity) {
    // empty sum (n = 0 or only −∞): log 0 = −∞, sign 0
    res[0] = -Infinity;
    res[1] = 0;
    return;
  }
  acc[0] = 0;
  acc[1] = 0;
  if (max === Infinity) {
    for (let i = 0; i < n; i++) if (a[i] === Infinity) neumaierStep(acc, b[i]!);
    const w = neumaierResult(acc);
    res[0] = w === 0 ? NaN : Infinity;
    res[1] = w === 0 ? NaN : Math.sign(w);
    return;
  }
  for (let i = 0; i < n; i++) neumaierStep(acc, b[i]! * Math.exp(a[i]! - max));
  const s = neumaierResult(acc);
  res[0] = s === 0 ? -Infinity : max + Math.log(Math.abs(s));
  res[1] = s !== s ? NaN : Math.sign(s) + 0; // + 0: sign 0, not −0
}

/**
 * A product kernel: from S (length n) and v at `off`, write a Jacobian
 * product into `out[0..n)` (`acc` is scratch for the compensated sums).
 */
export type ProductKernel = (
  s: Float64Array,
  v: Data,
  off: number,
  n: number,
  T: number,
  out: Float64Array,
  acc: Float64Array,
) => void;

/** S ⊙ (v − ⟨v, S⟩) / T: softmax's Jᵀg and J t (J is symmetric). */
export const softmaxProduct: ProductKernel = (s, v, off, n, T, out, acc) => {
  const d = dotOf(s, v, off, n, acc);
  for (let i = 0; i < n; i++) out[i] = s[i]! * (v[off + i]! - d) / T;
};

/** (g − S·Σg) / T: log-softmax's Jᵀg. */
export const logSoftmaxVjp: ProductKernel = (s, g, off, n, T, out, acc) => {
  const sg = sumOf(g, off, n, acc);
  for (let i = 0; i < n; i++) out[i] = (g[off + i]! - s[i]! * sg) / T;
};

/** (t − ⟨S, t⟩) / T: log-softmax's J t. */
export const logSoftmaxJvp: ProductKernel = (s, t, off, n, T, out, acc) => {
  const d = dotOf(s, t, off, n, acc);
  for (let i = 0; i < n; i++) out[i] = (t[off + i]! - d) / T;
};
