/**
 * The drivers of the softmax family: run a lane kernel over every lane of
 * an N-dimensional input (along one or more axes, with an optional `where`
 * mask), store the results in the output's form, and build Jacobians and
 * the log-sum-exp reduction.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import {
  type Complement,
  type Data,
  logsumexpLane,
  newScan,
  softmaxLane,
  weightedLogsumexpLane,
} from "./_softmax_kernels.ts";
import {
  type Broadcast,
  flatten,
  type Output,
  outputConflicts,
  type Plan,
  resultKind,
  snapshot,
  type Tensor,
} from "./_softmax_layout.ts";

/**
 * A lane kernel: reads n entries of `x` from `xo` (and of `v` from `vo`
 * for the products) and writes n results into `tmp[0..n)`.
 */
export type LaneFn = (
  x: Data,
  xo: number,
  v: Data | undefined,
  vo: number,
  n: number,
  tmp: Float64Array,
) => void;

/** rel = 0..n−1 and base = l·n: a contiguous plan in the strided form. */
function stridedForm(plan: Plan): { rel: Float64Array; base: Float64Array } {
  if (!plan.contiguous) return { rel: plan.rel, base: plan.base };
  const rel = new Float64Array(plan.n);
  for (let i = 0; i < plan.n; i++) rel[i] = i;
  const base = new Float64Array(plan.lanes);
  for (let l = 0; l < plan.lanes; l++) base[l] = l * plan.n;
  return { rel, base };
}

/**
 * Masked lane: the entries that take part are packed, the kernel runs on
 * them, and the masked entries get `fill` (0 for softmax and the
 * products, −∞ for log-softmax). Nothing unmasked: every entry is `fill`.
 */
function runMasked(
  fn: LaneFn,
  x: Data,
  xo: number,
  v: Data | undefined,
  vo: number,
  n: number,
  mk: Uint8Array,
  fill: number,
  tmp: Float64Array,
  ca: Float64Array,
  cv: Float64Array,
  ct: Float64Array,
): void {
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (mk[i]) {
      ca[k] = x[xo + i]!;
      if (v !== undefined) cv[k] = v[vo + i]!;
      k++;
    }
  }
  if (k > 0) fn(ca, 0, v === undefined ? undefined : cv, 0, k, ct);
  let j = 0;
  for (let i = 0; i < n; i++) tmp[i] = mk[i] ? ct[j++]! : fill;
}

/**
 * Run `fn` over every lane of `a` (and `v`), storing into `out`.
 *
 * Contiguous lanes (the reduced axes are the trailing ones, and each lane
 * lies within one block) are read where they are and stored lane by lane;
 * if `out` overlaps the inputs other than exactly in place, the inputs are
 * copied first, so the result is always as if they had been. Other axes
 * gather each lane, compute, and scatter into a full result that is
 * stored at the end (so `out` may overlap the inputs there too).
 */
export function driveLanes(
  plan: Plan,
  a: Tensor,
  v: Tensor | undefined,
  out: Output,
  mask: Broadcast<Uint8Array> | undefined,
  fill: number,
  fn: LaneFn,
): void {
  const { n, lanes } = plan;
  if (n === 0 || lanes === 0) return;
  const tmp = new Float64Array(n);
  const mk = mask === undefined ? undefined : new Uint8Array(n);
  const ca = mk === undefined ? tmp : new Float64Array(n);
  const cv = mk === undefined || v === undefined ? tmp : new Float64Array(n);
  const ct = mk === undefined ? tmp : new Float64Array(n);
  const W = mask === undefined ? 1 : mask.period;
  const md = mask?.data;
  if (
    plan.contiguous && a.blockLen % n === 0 &&
    (v === undefined || v.blockLen % n === 0) && out.blockLen % n === 0
  ) {
    let A = a;
    let V = v;
    if (outputConflicts(out, v === undefined ? [a] : [a, v])) {
      A = snapshot(a);
      V = v === undefined ? undefined : snapshot(v);
    }
    const aB = A.blockLen;
    const vB = V === undefined ? 1 : V.blockLen;
    const oB = out.blockLen;
    // one lane per block (nested rows): no division per lane
    const perBlock = aB === n && oB === n && (V === undefined || vB === n);
    for (let l = 0; l < lanes; l++) {
      const start = l * n;
      const ab = perBlock ? l : Math.floor(start / aB);
      const ao = start - ab * aB;
      const x = A.blocks[ab]!;
      let vb: Data | undefined;
      let vo = 0;
      if (V !== undefined) {
        const k = perBlock ? l : Math.floor(start / vB);
        vb = V.blocks[k]!;
        vo = start - k * vB;
      }
      if (mk === undefined) fn(x, ao, vb, vo, n, tmp);
      else {
        let p = start % W;
        for (let i = 0; i < n; i++) {
          mk[i] = md![p]!;
          if (++p === W) p = 0;
        }
        runMasked(fn, x, ao, vb, vo, n, mk, fill, tmp, ca, cv, ct);
      }
      const ob = perBlock ? l : Math.floor(start / oB);
      const oo = start - ob * oB;
      const dst = out.blocks[ob]!;
      for (let i = 0; i < n; i++) dst[oo + i] = tmp[i]!;
    }
    return;
  }
  // Strided: gather, compute, scatter into a full result, then store.
  const vsrc: Data | undefined = v === undefined
    ? undefined
    : v.flat
    ? v.blocks[0]!
    : flatten(v);
  const res = new Float64Array(a.size);
  const xv = vsrc === undefined ? undefined : new Float64Array(n);
  forEachLane(plan, a, mask, (_l, xa, lmk, pos) => {
    if (xv !== undefined) {
      for (let i = 0; i < n; i++) xv[i] = vsrc![pos(i)]!;
    }
    if (lmk === undefined) fn(xa, 0, xv, 0, n, tmp);
    else runMasked(fn, xa, 0, xv, 0, n, lmk, fill, tmp, ca, cv, ct);
    for (let i = 0; i < n; i++) res[pos(i)] = tmp[i]!;
  });
  storeAll(res, out);
}

/** Store a full row-major result into the output blocks (rounding once). */
export function storeAll(res: Float64Array, out: Output): void {
  let f = 0;
  for (const dst of out.blocks) {
    for (let i = 0; i < out.blockLen; i++) dst[i] = res[f++]!;
  }
}

/** The sign of an unweighted log-sum-exp: NaN, 0 for −∞ (empty sum), else 1. */
function sign(v: number): number {
  return v !== v ? NaN : v === -Infinity ? 0 : 1;
}

/**
 * Gather the entries of one lane that take part — not masked out and, with
 * weights, b ≠ 0 (b = 0 takes no part, as JAX) — into `ca`, their weights
 * into `cb` and their indices in the lane into `idx`.
 *
 * @returns How many take part.
 */
function gatherTakingPart(
  x: Float64Array,
  mk: Uint8Array | undefined,
  pos: (i: number) => number,
  b: Broadcast<Float64Array> | undefined,
  ca: Float64Array,
  cb: Float64Array,
  idx: Int32Array,
): number {
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    if (mk !== undefined && !mk[i]) continue;
    if (b !== undefined) {
      const w = b.data[pos(i) % b.period]!;
      if (w === 0) continue;
      cb[k] = w;
    }
    ca[k] = x[i]!;
    idx[k++] = i;
  }
  return k;
}

/** The entries of every lane, gathered, with the lane's mask. */
function forEachLane(
  plan: Plan,
  a: Tensor,
  mask: Broadcast<Uint8Array> | undefined,
  visit: (
    l: number,
    x: Float64Array,
    mk: Uint8Array | undefined,
    pos: (i: number) => number,
  ) => void,
): void {
  const { n, lanes } = plan;
  const { rel, base } = stridedForm(plan);
  const src: Data = a.flat ? a.blocks[0]! : flatten(a);
  const x = new Float64Array(n);
  const mk = mask === undefined ? undefined : new Uint8Array(n);
  for (let l = 0; l < lanes; l++) {
    const b0 = base[l]!;
    for (let i = 0; i < n; i++) x[i] = src[b0 + rel[i]!]!;
    if (mk !== undefined) {
      for (let i = 0; i < n; i++) {
        mk[i] = mask!.data[(b0 + rel[i]!) % mask!.period]!;
      }
    }
    visit(l, x, mk, (i) => b0 + rel[i]!);
  }
}

/** Nest a list of per-lane items along `dims` (row-major). */
export function nest<T>(items: readonly T[], dims: readonly number[]): unknown {
  if (dims.length === 0) return items[0];
  let f = 0;
  const build = (d: number): unknown[] => {
    const arr = new Array<unknown>(dims[d]!);
    for (let i = 0; i < dims[d]!; i++) {
      arr[i] = d === dims.length - 1 ? items[f++] : build(d + 1);
    }
    return arr;
  };
  return build(0);
}

/**
 * One dense n × n Jacobian per lane, nested along the kept dimensions (a
 * vector gives one matrix). `entry(s, c, i, j)` gives ∂y_i/∂a_j·T from the
 * lane's softmax; masked rows and columns are 0.
 */
export function jacobians(
  plan: Plan,
  a: Tensor,
  mask: Broadcast<Uint8Array> | undefined,
  T: number,
  entry: (s: Float64Array, c: Complement, i: number, j: number) => number,
): unknown {
  const n = plan.n;
  const s = new Float64Array(n);
  const acc = new Float64Array(2);
  const scan = newScan();
  const c: Complement = { index: -1, value: NaN };
  const ca = new Float64Array(n);
  const idx = new Int32Array(n);
  const mats: number[][][] = [];
  forEachLane(plan, a, mask, (_l, x, mk) => {
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (mk === undefined || mk[i]) {
        ca[k] = x[i]!;
        idx[k++] = i;
      }
    }
    softmaxLane(ca, 0, k, T, s, acc, scan, c);
    const J: number[][] = [];
    for (let i = 0; i < n; i++) J.push(new Array<number>(n).fill(0));
    for (let p = 0; p < k; p++) {
      const Ji = J[idx[p]!]!;
      for (let q = 0; q < k; q++) Ji[idx[q]!] = entry(s, c, p, q) / T;
    }
    mats.push(J);
  });
  if (plan.lanes === 0) return nest([], plan.keptShape);
  return nest(mats, plan.keptShape);
}

/**
 * log |Σ b e^a| and its sign along the lanes: `values` and `signs` per
 * lane. Entries masked out by `where`, or with weight b = 0, take no part.
 */
export function reduceLogsumexp(
  plan: Plan,
  a: Tensor,
  mask: Broadcast<Uint8Array> | undefined,
  b: Broadcast<Float64Array> | undefined,
): { values: Float64Array; signs: Float64Array } {
  const { n, lanes } = plan;
  const values = new Float64Array(lanes);
  const signs = new Float64Array(lanes);
  if (n === 0) {
    values.fill(-Infinity);
    return { values, signs };
  }
  const acc = new Float64Array(2);
  const scan = newScan();
  // Fast path: contiguous lanes in one block, no mask, no weights.
  if (
    mask === undefined && b === undefined && plan.contiguous &&
    a.blockLen % n === 0
  ) {
    for (let l = 0; l < lanes; l++) {
      const start = l * n;
      const k = Math.floor(start / a.blockLen);
      const v = logsumexpLane(
        a.blocks[k]!,
        start - k * a.blockLen,
        n,
        acc,
        scan,
      );
      values[l] = v;
      signs[l] = sign(v);
    }
    return { values, signs };
  }
  const ca = new Float64Array(n);
  const cb = new Float64Array(n);
  const idx = new Int32Array(n);
  const res = new Float64Array(2);
  forEachLane(plan, a, mask, (l, x, mk, pos) => {
    const k = gatherTakingPart(x, mk, pos, b, ca, cb, idx);
    if (b === undefined) {
      const v = logsumexpLane(ca, 0, k, acc, scan);
      values[l] = v;
      signs[l] = sign(v);
    } else {
      weightedLogsumexpLane(ca, cb, k, acc, scan, res);
      values[l] = res[0]!;
      signs[l] = res[1]!;
    }
  });
  return { values, signs };
}

/**
 * The reduced result in the input's form: a number for a vector; for a
 * flat input with `shape`, a flat array of the input's result kind; for
 * nested input, nested plain arrays.
 */
export function reducedForm(
  plan: Plan,
  a: Tensor,
  values: Float64Array,
): unknown {
  if (plan.keptShape.length === 0) return values[0];
  if (a.flat) {
    const kind = resultKind(a.blocks[0])!;
    if (kind === "array") return Array.from(values);
    const out = new kind(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i]!;
    return out;
  }
  return nest(Array.from(values), plan.keptShape);
}

/**
 * The gradient of log |Σ b e^a| along every lane: w_i = ∂/∂a_i, handed to
 * `visit` with the lane's flat positions. Without weights w is the
 * softmax of the entries that take part (with its ±∞ conventions); with
 * weights w_i = sign·b_i·e^{a_i − value} (since Σ b e^a = sign·e^value),
 * NaN when the sum is 0 or not finite. Entries masked out or with b = 0
 * get 0, and a lane where nothing takes part is all 0.
 */
export function logsumexpGradients(
  plan: Plan,
  a: Tensor,
  mask: Broadcast<Uint8Array> | undefined,
  b: Broadcast<Float64Array> | undefined,
  visit: (l: number, w: Float64Array, pos: (i: number) => number) => void,
): void {
  const n = plan.n;
  const w = new Float64Array(n);
  const ca = new Float64Array(n);
  const cb = new Float64Array(n);
  const cs = new Float64Array(n);
  const idx = new Int32Array(n);
  const acc = new Float64Array(2);
  const scan = newScan();
  const c: Complement = { index: -1, value: NaN };
  const res = new Float64Array(2);
  forEachLane(plan, a, mask, (l, x, mk, pos) => {
    const k = gatherTakingPart(x, mk, pos, b, ca, cb, idx);
    w.fill(0);
    if (b === undefined) {
      softmaxLane(ca, 0, k, 1, cs, acc, scan, c);
      for (let p = 0; p < k; p++) w[idx[p]!] = cs[p]!;
    } else if (k > 0) {
      weightedLogsumexpLane(ca, cb, k, acc, scan, res);
      const value = res[0]!;
      const sign = res[1]!;
      for (let p = 0; p < k; p++) {
        w[idx[p]!] = Number.isFinite(value)
          ? sign * cb[p]! * Math.exp(ca[p]! - value)
          : NaN;
      }
    }
    visit(l, w, pos);
  });
}
