/**
 * Softmax, log-softmax and log-sum-exp, with their Jacobians and the
 * vector–Jacobian (`vjp`) and Jacobian–vector (`jvp`) products that
 * back-propagation uses.
 *
 * Softmax maps a vector of scores `a` (logits) to a probability vector:
 *
 *   S_i(a) = e^{a_i / T} / Σ_k e^{a_k / T},   T > 0 the temperature (1 by default).
 *
 * By the quotient rule (see the course notes), ∂S_i/∂a_j = S_i(1 − S_j) for
 * i = j and −S_i·S_j for i ≠ j, that is J = (diag(S) − S Sᵀ) / T. J is
 * symmetric, so `vjp` (Jᵀg) and `jvp` (J t) are the same map,
 * S ⊙ (v − ⟨v, S⟩) / T, computed in O(n) without building J.
 *
 * log-softmax is a − logsumexp(a) (with the temperature, a/T − logsumexp(a/T));
 * its Jacobian is (I − 1 Sᵀ) / T, so its vjp is (g − S·Σg) / T.
 *
 * ## Calling conventions
 *
 * - `softmax(a)` for a `number[]`, `Float64Array` or `Float32Array` returns
 *   a new array of the same kind; a 2-D input (an array of rows: `number[][]`
 *   or an array of typed arrays) is computed row by row and returns an array
 *   of rows, each of the kind of its input row. All rows must have the same
 *   length (a jagged batch is a `RangeError` naming the row).
 * - The second argument is either an options object
 *   `{ temperature?: number, out?: buffer }` or, as for every elementwise
 *   activation, the `out` buffer itself: `softmax(a, out)` is
 *   `softmax(a, { out })`. `out` must have the kind and shape of the result
 *   (`TypeError` / `RangeError` otherwise); it may be `a` itself (in place).
 * - `vjp(a, g, options?)` and `jvp(a, t, options?)` take the same options;
 *   `g` / `t` must have the shape of `a` (any float kind); the result has the
 *   kind of `a`.
 * - `jacobian(a, { temperature }?)` returns a `number[][]` (n × n) for a
 *   vector, an array of such matrices for a batch.
 * - Inputs are never mutated, unless passed as `out`. A `Float32Array` is
 *   computed in double precision and rounded once, when stored.
 *
 * ## Numerics
 *
 * - Stable: every exponent is shifted by the row maximum m, e^{(a_i − m)/T}
 *   ≤ 1, so nothing overflows and the largest term is exactly 1 (the
 *   log-sum-exp trick). The normaliser is then 1 + r with r the sum of the
 *   other terms, which gives log-softmax as (a_i − m)/T − log1p(r) (exactly 0
 *   for a lone maximum whose rivals are −∞) and 1 − S_max = r / (1 + r)
 *   without cancellation (used on the Jacobian's diagonal).
 * - r, ⟨g, S⟩ and Σg are compensated (Neumaier) sums.
 *
 * ## Special values (a row at a time)
 *
 * - NaN anywhere in a row makes the whole row NaN (it reaches the normaliser),
 *   as in PyTorch, JAX and TensorFlow.
 * - −∞ entries get probability 0 (log-probability −∞): a masked score.
 * - +∞ entries: the limit of softmax as those entries grow together, so the
 *   mass is split equally over the k entries equal to +∞ (1/k each, log-softmax
 *   −log k) and every other entry gets 0 (log −∞). One +∞ entry gives a
 *   one-hot vector. (PyTorch returns NaN here, from ∞ − ∞.)
 * - A row whose entries are all −∞ has no distribution: the normaliser is 0.
 *   The result is NaN, as in PyTorch, JAX and TensorFlow, so that a fully
 *   masked row is visible rather than silently uniform. `logsumexp` of such a
 *   row is −∞ (the log of an empty sum), also as PyTorch.
 * - An empty input gives an empty output; `logsumexp([])` is −∞.
 * - Derivatives are computed from S with these conventions (e.g. a one-hot S
 *   gives a zero softmax Jacobian).
 *
 * @module
 */
import {
  describeValue,
  type DisplayHook,
  type FloatArray,
  type Formula,
  JUPYTER_DISPLAY,
  type ParamSpec,
  type Reference,
} from "./activation.ts";

/** A vector the softmax family writes: a plain array or a float typed array. */
export type Vector = number[] | Float64Array | Float32Array;

/** A vector the softmax family reads (never mutated). */
export type ReadonlyVector = readonly number[] | Float64Array | Float32Array;

/** Options of the calls that take only a temperature. */
export interface TemperatureOptions {
  /**
   * T > 0: the map is applied to a / T. Low T sharpens towards argmax, high
   * T flattens towards uniform. Default 1.
   */
  readonly temperature?: number;
}

/** Options of the calls that return a vector or a batch. */
export interface SoftmaxOptions<O> extends TemperatureOptions {
  /** Where to write the result: same kind and shape as the result. */
  readonly out?: O;
}

/**
 * A vector map applied row by row: softmax or log-softmax.
 */
export interface VectorMap {
  /** Apply to a plain array; returns a new array (or `out`). */
  (
    a: readonly number[],
    options?: SoftmaxOptions<number[]> | number[],
  ): number[];
  /** Apply to a `Float64Array`. */
  (
    a: Float64Array,
    options?: SoftmaxOptions<Float64Array> | Float64Array,
  ): Float64Array;
  /** Apply to a `Float32Array` (computed in double, rounded once). */
  (
    a: Float32Array,
    options?: SoftmaxOptions<Float32Array> | Float32Array,
  ): Float32Array;
  /** Apply to each row of a batch of plain arrays. */
  (
    a: readonly (readonly number[])[],
    options?: SoftmaxOptions<number[][]> | number[][],
  ): number[][];
  /** Apply to each row of a batch of `Float64Array`s. */
  (
    a: readonly Float64Array[],
    options?: SoftmaxOptions<Float64Array[]> | Float64Array[],
  ): Float64Array[];
  /** Apply to each row of a batch of `Float32Array`s. */
  (
    a: readonly Float32Array[],
    options?: SoftmaxOptions<Float32Array[]> | Float32Array[],
  ): Float32Array[];
  /** Apply to each row of a batch of rows of mixed kinds. */
  (
    a: readonly ReadonlyVector[],
    options?: SoftmaxOptions<Vector[]> | Vector[],
  ): Vector[];
}

/**
 * A product with the Jacobian of a vector map (vjp or jvp): `v` has the
 * shape of `a`, the result has the kind of `a`.
 */
export interface JacobianProduct {
  /** For a plain array. */
  (
    a: readonly number[],
    v: ReadonlyVector,
    options?: SoftmaxOptions<number[]>,
  ): number[];
  /** For a `Float64Array`. */
  (
    a: Float64Array,
    v: ReadonlyVector,
    options?: SoftmaxOptions<Float64Array>,
  ): Float64Array;
  /** For a `Float32Array` (computed in double, rounded once). */
  (
    a: Float32Array,
    v: ReadonlyVector,
    options?: SoftmaxOptions<Float32Array>,
  ): Float32Array;
  /** For a batch of plain arrays, row by row. */
  (
    a: readonly (readonly number[])[],
    v: readonly ReadonlyVector[],
    options?: SoftmaxOptions<number[][]>,
  ): number[][];
  /** For a batch of `Float64Array`s. */
  (
    a: readonly Float64Array[],
    v: readonly ReadonlyVector[],
    options?: SoftmaxOptions<Float64Array[]>,
  ): Float64Array[];
  /** For a batch of `Float32Array`s. */
  (
    a: readonly Float32Array[],
    v: readonly ReadonlyVector[],
    options?: SoftmaxOptions<Float32Array[]>,
  ): Float32Array[];
  /** For a batch of rows of mixed kinds. */
  (
    a: readonly ReadonlyVector[],
    v: readonly ReadonlyVector[],
    options?: SoftmaxOptions<Vector[]>,
  ): Vector[];
}

/** The full Jacobian of a vector map, as dense `number[][]` matrices. */
export interface JacobianFn {
  /** The n × n Jacobian at a vector. */
  (a: ReadonlyVector, options?: TemperatureOptions): number[][];
  /** One n × n Jacobian per row of a batch. */
  (a: readonly ReadonlyVector[], options?: TemperatureOptions): number[][][];
}

/** softmax or logSoftmax: the map, its derivatives and its description. */
export interface SoftmaxFunction extends VectorMap {
  /** Machine name: "softmax" or "logSoftmax". */
  readonly id: "softmax" | "logSoftmax";
  /** Display name. */
  readonly label: string;
  /** LaTeX for the map and its Jacobian. */
  readonly formula: Formula;
  /** The temperature parameter's specification. */
  readonly paramSpecs: { readonly temperature: ParamSpec };
  /** One paragraph: what it is and its conventions. */
  readonly description: string;
  /** Sources. */
  readonly references: readonly Reference[];
  /** The dense Jacobian. */
  readonly jacobian: JacobianFn;
  /** Jᵀg, in O(n). */
  readonly vjp: JacobianProduct;
  /** J t, in O(n). */
  readonly jvp: JacobianProduct;
  /** The Jupyter mime bundle (rich when the display module is loaded). */
  [JUPYTER_DISPLAY](): Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Display hook

let softmaxDisplayHook: DisplayHook | undefined;

/**
 * Install the function that renders `softmax` and `logSoftmax` in Jupyter
 * (the display module calls this on import, as it calls
 * `setActivationDisplayHook` for the elementwise activations; it receives
 * the softmax object, recognisable by its `id`). Without a hook the bundle
 * is a one-line `text/plain`.
 *
 * @param hook The renderer, or `undefined` to fall back to plain text.
 *
 * @example Usage
 * ```ts
 * import { setSoftmaxDisplayHook, softmax } from "./softmax.ts";
 * import { JUPYTER_DISPLAY } from "./activation.ts";
 * import { assertEquals } from "@std/assert";
 * setSoftmaxDisplayHook((t) => ({ "text/plain": (t as { id: string }).id }));
 * assertEquals(softmax[JUPYTER_DISPLAY](), { "text/plain": "softmax" });
 * setSoftmaxDisplayHook(undefined);
 * ```
 */
export function setSoftmaxDisplayHook(hook: DisplayHook | undefined): void {
  softmaxDisplayHook = hook;
}

// ---------------------------------------------------------------------------
// Compensated summation

/**
 * Neumaier's improvement of Kahan summation: the rounding error of each
 * addition is recovered exactly (TwoSum of the larger and smaller operand)
 * and accumulated in `c`, so the result is accurate to ~1 ulp unless the sum
 * cancels catastrophically. A. Neumaier, "Rundungsfehleranalyse einiger
 * Verfahren zur Summation endlicher Summen", ZAMM 54 (1974) 39–51.
 * Once the running sum is ±∞ or NaN the correction is meaningless and the
 * plain sum is returned.
 */
function neumaierStep(acc: Float64Array, x: number): void {
  const s = acc[0]!;
  const t = s + x;
  acc[1] = acc[1]! + (Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s);
  acc[0] = t;
}

function neumaierResult(acc: Float64Array): number {
  const s = acc[0]!;
  return Number.isFinite(s) ? s + acc[1]! : s;
}

/** Σ v_i, compensated. */
function sumOf(v: ArrayLike<number>, n: number, acc: Float64Array): number {
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) neumaierStep(acc, v[i]!);
  return neumaierResult(acc);
}

/** ⟨u, v⟩ as a compensated sum of the rounded products. */
function dotOf(
  u: ArrayLike<number>,
  v: ArrayLike<number>,
  n: number,
  acc: Float64Array,
): number {
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) neumaierStep(acc, u[i]! * v[i]!);
  return neumaierResult(acc);
}

// ---------------------------------------------------------------------------
// Row kernels (double precision, write into a Float64Array)

/** The result of scanning a row: its maximum and special values. */
interface RowScan {
  /** Maximum over the non-NaN entries (−∞ if none). */
  max: number;
  /** First index of the maximum (−1 when every entry is −∞ or NaN). */
  argmax: number;
  /** A NaN was seen. */
  nan: boolean;
  /** Number of +∞ entries. */
  posInf: number;
}

function scanRow(a: ArrayLike<number>, n: number): RowScan {
  let max = -Infinity;
  let argmax = -1;
  let nan = false;
  let posInf = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (v !== v) nan = true;
    else if (v > max) {
      max = v;
      argmax = i;
    }
    if (v === Infinity) posInf++;
  }
  return { max, argmax, nan, posInf };
}

/** What softmaxRow learns beyond S: 1 − S_c for the index c where S_c > ½. */
interface Complement {
  /** The index whose complement was computed accurately, or −1. */
  index: number;
  /** 1 − S_index, without cancellation. */
  value: number;
}

const NO_COMPLEMENT: Complement = Object.freeze({ index: -1, value: NaN });

/**
 * S = softmax(a / T) into `s`, with the ±∞/NaN conventions of the module.
 * Returns 1 − S_c for the row maximum c, computed as r / (1 + r).
 */
function softmaxRow(
  a: ArrayLike<number>,
  n: number,
  T: number,
  s: Float64Array,
  acc: Float64Array,
): Complement {
  if (n === 0) return NO_COMPLEMENT;
  const { max, argmax, nan, posInf } = scanRow(a, n);
  if (nan || max === -Infinity) {
    s.fill(NaN, 0, n);
    return NO_COMPLEMENT;
  }
  if (max === Infinity) {
    const share = 1 / posInf;
    for (let i = 0; i < n; i++) s[i] = a[i] === Infinity ? share : 0;
    return posInf === 1 ? { index: argmax, value: 0 } : NO_COMPLEMENT;
  }
  // Shift by the max: e^{(a_i − m)/T} ≤ 1 and the max term is exactly 1.
  acc[0] = 0;
  acc[1] = 0;
  if (T === 1) {
    // x/1 = x exactly: the same values without a division per element.
    for (let i = 0; i < n; i++) {
      if (i === argmax) continue;
      const e = Math.exp(a[i]! - max);
      s[i] = e;
      neumaierStep(acc, e);
    }
  } else {
    for (let i = 0; i < n; i++) {
      if (i === argmax) continue;
      const e = Math.exp((a[i]! - max) / T);
      s[i] = e;
      neumaierStep(acc, e);
    }
  }
  const rest = neumaierResult(acc);
  const total = 1 + rest;
  s[argmax] = 1;
  for (let i = 0; i < n; i++) s[i] = s[i]! / total;
  return { index: argmax, value: rest / total };
}

/** log S = (a − m)/T − log1p(r) into `out`, with the module's conventions. */
function logSoftmaxRow(
  a: ArrayLike<number>,
  n: number,
  T: number,
  out: Float64Array,
  acc: Float64Array,
): void {
  if (n === 0) return;
  const { max, argmax, nan, posInf } = scanRow(a, n);
  if (nan || max === -Infinity) {
    out.fill(NaN, 0, n);
    return;
  }
  if (max === Infinity) {
    // −log 1 would be −0: write +0 for a lone +∞.
    const logShare = posInf === 1 ? 0 : -Math.log(posInf);
    for (let i = 0; i < n; i++) {
      out[i] = a[i] === Infinity ? logShare : -Infinity;
    }
    return;
  }
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) {
    const z = (a[i]! - max) / T;
    out[i] = z;
    if (i !== argmax) neumaierStep(acc, Math.exp(z));
  }
  // log Σ e^{z} = log(1 + r) = log1p(r): exact 0 when r = 0.
  const lse = Math.log1p(neumaierResult(acc));
  for (let i = 0; i < n; i++) out[i] = out[i]! - lse;
}

function logsumexpRow(
  a: ArrayLike<number>,
  n: number,
  acc: Float64Array,
): number {
  if (n === 0) return -Infinity;
  const { max, argmax, nan } = scanRow(a, n);
  if (nan) return NaN;
  if (max === Infinity || max === -Infinity) return max;
  acc[0] = 0;
  acc[1] = 0;
  for (let i = 0; i < n; i++) {
    if (i !== argmax) neumaierStep(acc, Math.exp(a[i]! - max));
  }
  return max + Math.log1p(neumaierResult(acc));
}

// ---------------------------------------------------------------------------
// Validation and the row-by-row driver

type Row = ArrayLike<number>;

interface Shape {
  /** True for a 2-D input (array of rows). */
  readonly batch: boolean;
  /** The rows (one for a vector). */
  readonly rows: readonly Row[];
  /** The row length. */
  readonly n: number;
}

function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array;
}

function isRowLike(x: unknown): boolean {
  return Array.isArray(x) || isFloatArray(x);
}

function checkNumbers(name: string, a: readonly unknown[]): void {
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number") {
      throw new TypeError(
        `\`${name}[${i}]\` must be a number: current value is ${
          describeValue(a[i])
        }`,
      );
    }
  }
}

function parseInput(name: string, a: unknown): Shape {
  if (isFloatArray(a)) return { batch: false, rows: [a], n: a.length };
  if (!Array.isArray(a)) {
    throw new TypeError(
      `\`${name}\` must be an array of numbers, a Float32Array, a Float64Array or an array of such rows: current value is ${
        describeValue(a)
      }`,
    );
  }
  if (a.length === 0 || !isRowLike(a[0])) {
    checkNumbers(name, a);
    return { batch: false, rows: [a as number[]], n: a.length };
  }
  const n = (a[0] as Row).length;
  for (let r = 0; r < a.length; r++) {
    const row: unknown = a[r];
    if (!isRowLike(row)) {
      throw new TypeError(
        `\`${name}[${r}]\` must be a row (an array of numbers, a Float32Array or a Float64Array) like \`${name}[0]\`: current value is ${
          describeValue(row)
        }`,
      );
    }
    if (Array.isArray(row)) checkNumbers(`${name}[${r}]`, row);
    const len = (row as Row).length;
    if (len !== n) {
      throw new RangeError(
        `\`${name}[${r}]\` must have the length of \`${name}[0]\` (${n}): current length is ${len}`,
      );
    }
  }
  return { batch: true, rows: a as Row[], n };
}

/** Validate `v` (g or t) against the shape of `a`. */
function parseLike(name: string, v: unknown, shape: Shape): readonly Row[] {
  if (!shape.batch) {
    if (!isRowLike(v)) {
      throw new TypeError(
        `\`${name}\` must be an array of numbers, a Float32Array or a Float64Array like \`a\`: current value is ${
          describeValue(v)
        }`,
      );
    }
    if (Array.isArray(v)) checkNumbers(name, v);
    const len = (v as Row).length;
    if (len !== shape.n) {
      throw new RangeError(
        `\`${name}\` must have the length of \`a\` (${shape.n}): current length is ${len}`,
      );
    }
    return [v as Row];
  }
  if (!Array.isArray(v)) {
    throw new TypeError(
      `\`${name}\` must be a batch of rows like \`a\`: current value is ${
        describeValue(v)
      }`,
    );
  }
  if (v.length !== shape.rows.length) {
    throw new RangeError(
      `\`${name}\` must have ${shape.rows.length} rows like \`a\`: current length is ${v.length}`,
    );
  }
  for (let r = 0; r < v.length; r++) {
    const row: unknown = v[r];
    if (!isRowLike(row)) {
      throw new TypeError(
        `\`${name}[${r}]\` must be a row (an array of numbers, a Float32Array or a Float64Array): current value is ${
          describeValue(row)
        }`,
      );
    }
    if (Array.isArray(row)) checkNumbers(`${name}[${r}]`, row);
    const len = (row as Row).length;
    if (len !== shape.n) {
      throw new RangeError(
        `\`${name}[${r}]\` must have the length of \`a[${r}]\` (${shape.n}): current length is ${len}`,
      );
    }
  }
  return v as Row[];
}

const TEMPERATURE_SPEC: ParamSpec = Object.freeze({
  default: 1,
  min: 0,
  exclusiveMin: true,
  symbol: "T",
  description:
    "temperature: softmax(a / T); low T sharpens towards argmax, high T flattens",
  explore: [0.1, 10] as const,
});

interface Parsed {
  readonly T: number;
  readonly out: unknown;
}

function parseOptions(
  fname: string,
  options: unknown,
  allowOut: boolean,
): Parsed {
  if (options === undefined) return { T: 1, out: undefined };
  if (allowOut && isRowLike(options)) return { T: 1, out: options };
  if (options === null || typeof options !== "object" || isRowLike(options)) {
    throw new TypeError(
      `\`options\` must be an object${
        allowOut ? " or an `out` buffer" : ""
      }: current value is ${describeValue(options)}`,
    );
  }
  const known = allowOut ? ["temperature", "out"] : ["temperature"];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `\`options.${key}\` is not an option of ${fname}: it has ${
          known.map((k) => `\`${k}\``).join(", ")
        }`,
      );
    }
  }
  const o = options as { temperature?: unknown; out?: unknown };
  let T = 1;
  if (o.temperature !== undefined) {
    const t = o.temperature;
    if (typeof t !== "number") {
      throw new TypeError(
        `\`temperature\` must be a number: current value is ${
          describeValue(t)
        }`,
      );
    }
    if (!(t > 0) || !Number.isFinite(t)) {
      throw new RangeError(
        `\`temperature\` must be a finite number > 0: current value is ${
          describeValue(t)
        }`,
      );
    }
    T = t;
  }
  return { T, out: o.out };
}

type WritableRow = { [index: number]: number; readonly length: number };

function newRowLike(row: Row, n: number): WritableRow {
  if (row instanceof Float64Array) return new Float64Array(n);
  if (row instanceof Float32Array) return new Float32Array(n);
  return new Array<number>(n).fill(0);
}

function checkOutRow(
  name: string,
  row: Row,
  out: unknown,
  n: number,
): WritableRow {
  const same = Array.isArray(row)
    ? Array.isArray(out)
    : out !== null && typeof out === "object" &&
      out.constructor === row.constructor;
  if (!same) {
    const kind = Array.isArray(row) ? "an Array" : `a ${row.constructor.name}`;
    throw new TypeError(
      `\`${name}\` must be ${kind} like the input: current value is ${
        describeValue(out)
      }`,
    );
  }
  const len = (out as Row).length;
  if (len !== n) {
    throw new RangeError(
      `\`${name}\` must have the input's length ${n}: current length is ${len}`,
    );
  }
  return out as WritableRow;
}

/** The output rows (validated or allocated) and the value to return. */
function prepareRows(
  shape: Shape,
  out: unknown,
): { rows: WritableRow[]; result: unknown } {
  const { rows, n } = shape;
  if (!shape.batch) {
    const row = rows[0]!;
    const o = out === undefined
      ? newRowLike(row, n)
      : checkOutRow("out", row, out, n);
    return { rows: [o], result: o };
  }
  if (out === undefined) {
    const o = rows.map((row) => newRowLike(row, n));
    return { rows: o, result: o };
  }
  if (!Array.isArray(out)) {
    throw new TypeError(
      `\`out\` must be an array of ${rows.length} rows like the input: current value is ${
        describeValue(out)
      }`,
    );
  }
  if (out.length !== rows.length) {
    throw new RangeError(
      `\`out\` must have the input's ${rows.length} rows: current length is ${out.length}`,
    );
  }
  const o = rows.map((row, r) => checkOutRow(`out[${r}]`, row, out[r], n));
  return { rows: o, result: out };
}

/**
 * Run `kernel` on every row: it writes the row's result, in double
 * precision, into `tmp`; the driver then stores `tmp` into the output row
 * (a single rounding for Float32Array, and `out` may alias the inputs since
 * every read happens before the store).
 */
function mapRows(
  shape: Shape,
  out: unknown,
  kernel: (r: number, tmp: Float64Array) => void,
): unknown {
  const { rows, result } = prepareRows(shape, out);
  const tmp = new Float64Array(shape.n);
  for (let r = 0; r < rows.length; r++) {
    kernel(r, tmp);
    const dst = rows[r]!;
    for (let i = 0; i < shape.n; i++) dst[i] = tmp[i]!;
  }
  return result;
}

// ---------------------------------------------------------------------------
// The public maps

const REFERENCES: readonly Reference[] = Object.freeze([
  Object.freeze({
    authors: "Bridle 1990",
    title:
      "Probabilistic Interpretation of Feedforward Classification Network Outputs, with Relationships to Statistical Pattern Recognition",
    url: "https://doi.org/10.1007/978-3-642-76153-9_28",
  }),
  Object.freeze({
    authors: "Goodfellow, Bengio & Courville 2016",
    title:
      "Deep Learning, section 6.2.2.3 (Softmax Units for Multinoulli Output Distributions)",
    url: "https://www.deeplearningbook.org/contents/mlp.html",
  }),
]);

function makeMap(
  id: "softmax" | "logSoftmax",
  label: string,
  rowKernel: (
    a: Row,
    n: number,
    T: number,
    out: Float64Array,
    acc: Float64Array,
  ) => void,
  vjpKernel: (
    s: Float64Array,
    g: Row,
    n: number,
    T: number,
    out: Float64Array,
    acc: Float64Array,
  ) => void,
  jvpKernel: (
    s: Float64Array,
    t: Row,
    n: number,
    T: number,
    out: Float64Array,
    acc: Float64Array,
  ) => void,
  jacobianEntry: (
    s: Float64Array,
    c: Complement,
    i: number,
    j: number,
  ) => number,
  formula: Formula,
  description: string,
): SoftmaxFunction {
  function apply(a: unknown, options?: unknown): unknown {
    const shape = parseInput("a", a);
    const { T, out } = parseOptions(id, options, true);
    const acc = new Float64Array(2);
    return mapRows(
      shape,
      out,
      (r, tmp) => rowKernel(shape.rows[r]!, shape.n, T, tmp, acc),
    );
  }
  function product(
    name: string,
    kernel: typeof vjpKernel,
  ): (a: unknown, v: unknown, options?: unknown) => unknown {
    return (a, v, options) => {
      const shape = parseInput("a", a);
      const vs = parseLike(name, v, shape);
      const { T, out } = parseOptions(
        `${id}.${name === "g" ? "vjp" : "jvp"}`,
        options,
        true,
      );
      const acc = new Float64Array(2);
      const s = new Float64Array(shape.n);
      return mapRows(shape, out, (r, tmp) => {
        softmaxRow(shape.rows[r]!, shape.n, T, s, acc);
        kernel(s, vs[r]!, shape.n, T, tmp, acc);
      });
    };
  }
  function jacobian(a: unknown, options?: unknown): unknown {
    const shape = parseInput("a", a);
    const { T } = parseOptions(`${id}.jacobian`, options, false);
    const acc = new Float64Array(2);
    const s = new Float64Array(shape.n);
    const n = shape.n;
    const mats = shape.rows.map((row) => {
      const c = softmaxRow(row, n, T, s, acc);
      const J: number[][] = [];
      for (let i = 0; i < n; i++) {
        const Ji = new Array<number>(n);
        for (let j = 0; j < n; j++) Ji[j] = jacobianEntry(s, c, i, j) / T;
        J.push(Ji);
      }
      return J;
    });
    return shape.batch ? mats : mats[0]!;
  }
  const summary = () =>
    `${label}: a vector map (row by row); .jacobian, .vjp, .jvp`;
  const self = apply as unknown as Record<PropertyKey, unknown>;
  Object.defineProperties(self, {
    id: { value: id, enumerable: true },
    label: { value: label, enumerable: true },
    formula: { value: Object.freeze(formula), enumerable: true },
    paramSpecs: {
      value: Object.freeze({ temperature: TEMPERATURE_SPEC }),
      enumerable: true,
    },
    description: { value: description, enumerable: true },
    references: { value: REFERENCES, enumerable: true },
    jacobian: { value: jacobian, enumerable: true },
    vjp: { value: product("g", vjpKernel), enumerable: true },
    jvp: { value: product("t", jvpKernel), enumerable: true },
    toString: { value: summary },
    [Symbol.toStringTag]: { value: "SoftmaxFunction" },
    [Symbol.for("Deno.customInspect")]: { value: summary },
    [JUPYTER_DISPLAY]: {
      value: () =>
        softmaxDisplayHook
          ? softmaxDisplayHook(self)
          : { "text/plain": summary() },
    },
  });
  return self as unknown as SoftmaxFunction;
}

/** 1 − S_i, accurate: r/(1 + r) at the maximum, a benign subtraction elsewhere (S_i ≤ ½). */
function oneMinus(s: Float64Array, c: Complement, i: number): number {
  return i === c.index ? c.value : 1 - s[i]!;
}

/** S ⊙ (v − ⟨v, S⟩) / T: both Jᵀg and J t, since J is symmetric. */
function softmaxProduct(
  s: Float64Array,
  v: Row,
  n: number,
  T: number,
  out: Float64Array,
  acc: Float64Array,
): void {
  const d = dotOf(v, s, n, acc);
  for (let i = 0; i < n; i++) out[i] = s[i]! * (v[i]! - d) / T;
}

/**
 * The softmax function, row by row, with its Jacobian, vjp and jvp.
 *
 * S_i(a) = e^{a_i/T} / Σ_k e^{a_k/T}, computed with the max shift and a
 * compensated normaliser. ∂S_i/∂a_j = S_i(δ_ij − S_j)/T: S_i(1 − S_j) on the
 * diagonal and −S_i S_j off it (the quotient rule), i.e. (diag(S) − S Sᵀ)/T.
 *
 * Conventions: NaN in a row gives a NaN row; −∞ entries get 0; k entries
 * equal to +∞ get 1/k each (the limit), the others 0; a row of only −∞ is
 * NaN (as PyTorch); an empty input gives an empty output. The second
 * argument is `{ temperature, out }` or the `out` buffer itself.
 *
 * @param a A vector (`number[]`, `Float64Array`, `Float32Array`) or a batch
 * (an array of equal-length rows).
 * @param options `{ temperature?: number > 0, out?: buffer }`, or the `out`
 * buffer.
 * @returns The probabilities, of the kind and shape of `a` (or `out`).
 * @throws {TypeError} if `a`, a row or an element is not numeric, if `out`
 * has the wrong kind, or an option is unknown.
 * @throws {RangeError} if the batch is jagged (naming the row), `out` has the
 * wrong length, or `temperature` is not a finite number > 0.
 *
 * @example Usage
 * ```ts
 * import { softmax } from "@actlab/activations";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const s = softmax([1, 2, 3]);
 * assertAlmostEquals(s[0]! + s[1]! + s[2]!, 1, 1e-15);
 * assertAlmostEquals(s[2]!, 0.6652409557748219, 1e-15);
 * // shift invariance: no overflow for large scores
 * assertEquals(softmax([1001, 1002, 1003]), s);
 * // temperature, batches, special values
 * assertEquals(softmax([0, 0], { temperature: 5 }), [0.5, 0.5]);
 * assertEquals(softmax([[0, -Infinity], [Infinity, Infinity]]), [[1, 0], [0.5, 0.5]]);
 * // Jacobian and the O(n) vjp
 * const J = softmax.jacobian([0, 0]);
 * assertEquals(J, [[0.25, -0.25], [-0.25, 0.25]]);
 * assertEquals(softmax.vjp([0, 0], [1, 0]), [0.25, -0.25]);
 * ```
 */
export const softmax: SoftmaxFunction = makeMap(
  "softmax",
  "Softmax",
  (a, n, T, out, acc) => void softmaxRow(a, n, T, out, acc),
  softmaxProduct,
  softmaxProduct,
  (s, c, i, j) => i === j ? s[i]! * oneMinus(s, c, i) : 0 - s[i]! * s[j]!,
  {
    f: "S_i(\\mathbf{a}) = \\frac{e^{a_i / T}}{\\sum_{k=1}^{N} e^{a_k / T}}",
    df:
      "\\frac{\\partial S_i}{\\partial a_j} = \\frac{1}{T}\\,S_i\\,(\\delta_{ij} - S_j) = " +
      "\\frac{1}{T}\\begin{cases} S_i(1 - S_j) & i = j \\\\ -S_i S_j & i \\neq j \\end{cases}",
  },
  "Softmax maps scores (logits) a to probabilities S_i = e^{a_i/T} / Σ_k e^{a_k/T} " +
    "(temperature T = 1 by default), row by row for a batch. It is shift invariant and " +
    "computed with the max shift, so it never overflows. Its Jacobian is " +
    "(diag(S) − S Sᵀ)/T: symmetric, rows summing to 0. NaN propagates to the row; " +
    "−∞ entries get 0; the k entries equal to +∞ share the mass (1/k each); " +
    "a row of only −∞ is NaN, as in PyTorch.",
);

/**
 * log-softmax, row by row, with its Jacobian, vjp and jvp.
 *
 * log S_i = a_i/T − logsumexp(a/T), computed as (a_i − m)/T − log1p(r) where
 * m is the row max and r = Σ_{k≠argmax} e^{(a_k − m)/T}: no overflow, no
 * log of 0, and exactly 0 for the maximum when every other entry is −∞.
 * ∂ log S_i/∂a_j = (δ_ij − S_j)/T, i.e. (I − 1 Sᵀ)/T; vjp(a, g) =
 * (g − S·Σg)/T and jvp(a, t) = (t − ⟨S, t⟩)/T.
 *
 * Conventions: as {@linkcode softmax}, taking logs: −∞ entries give −∞, the
 * k entries equal to +∞ give −log k and the others −∞, a row of only −∞ or
 * with a NaN gives NaN.
 *
 * @param a A vector or a batch of equal-length rows.
 * @param options `{ temperature?: number > 0, out?: buffer }`, or the `out`
 * buffer.
 * @returns The log-probabilities, of the kind and shape of `a` (or `out`).
 * @throws {TypeError} if `a`, a row or an element is not numeric, if `out`
 * has the wrong kind, or an option is unknown.
 * @throws {RangeError} if the batch is jagged, `out` has the wrong length, or
 * `temperature` is not a finite number > 0.
 *
 * @example Usage
 * ```ts
 * import { logSoftmax, softmax } from "@actlab/activations";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const l = logSoftmax([1, 2, 3]);
 * assertAlmostEquals(l[2]!, Math.log(softmax([1, 2, 3])[2]!), 1e-15);
 * // no overflow, and exactly 0 where all the mass is
 * assertEquals(logSoftmax([1000, -Infinity]), [0, -Infinity]);
 * // vjp: g − S·Σg
 * assertEquals(logSoftmax.vjp([0, 0], [1, 1]), [0, 0]);
 * assertEquals(logSoftmax.jacobian([0, 0]), [[0.5, -0.5], [-0.5, 0.5]]);
 * ```
 */
export const logSoftmax: SoftmaxFunction = makeMap(
  "logSoftmax",
  "Log-softmax",
  logSoftmaxRow,
  (s, g, n, T, out, acc) => {
    const sg = sumOf(g, n, acc);
    for (let i = 0; i < n; i++) out[i] = (g[i]! - s[i]! * sg) / T;
  },
  (s, t, n, T, out, acc) => {
    const d = dotOf(t, s, n, acc);
    for (let i = 0; i < n; i++) out[i] = (t[i]! - d) / T;
  },
  (s, c, i, j) => i === j ? oneMinus(s, c, i) : 0 - s[j]!,
  {
    f: "\\log S_i(\\mathbf{a}) = \\frac{a_i}{T} - \\log \\sum_{k=1}^{N} e^{a_k / T}",
    df:
      "\\frac{\\partial \\log S_i}{\\partial a_j} = \\frac{1}{T}\\,(\\delta_{ij} - S_j)",
  },
  "Log-softmax log S_i = a_i/T − logsumexp(a/T), row by row, computed with the " +
    "log-sum-exp shift trick (and log1p), so it never overflows and is exactly 0 " +
    "for a lone maximum. Its Jacobian is (I − 1 Sᵀ)/T and its vjp (g − S·Σg)/T: " +
    "the gradient of the cross-entropy −Σ y log S is S − y for Σy = 1.",
);

/**
 * log Σ_k e^{a_k}, without overflow: m + log1p(Σ_{k≠argmax} e^{a_k − m}) with
 * m the maximum (the log-sum-exp trick) and a compensated (Neumaier) sum.
 *
 * Conventions (as PyTorch): an empty vector or a vector of only −∞ gives −∞
 * (the log of an empty sum); any +∞ gives +∞; any NaN gives NaN. A batch
 * (array of equal-length rows) gives one value per row.
 *
 * @param a A vector or a batch of equal-length rows.
 * @returns log Σ e^{a_k}, or one such number per row.
 * @throws {TypeError} if `a`, a row or an element is not numeric.
 * @throws {RangeError} if the batch is jagged.
 *
 * @example Usage
 * ```ts
 * import { logsumexp } from "@actlab/activations";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * assertAlmostEquals(logsumexp([1000, 1000]), 1000 + Math.LN2, 1e-12);
 * assertEquals(logsumexp([0, -Infinity]), 0);
 * assertEquals(logsumexp([]), -Infinity);
 * assertEquals(logsumexp([[0, -Infinity], [Infinity, 1]]), [0, Infinity]);
 * ```
 */
export function logsumexp(a: ReadonlyVector): number;
/**
 * log Σ_k e^{a_k} of each row of a batch.
 *
 * @param a A batch of equal-length rows.
 * @returns One value per row.
 */
export function logsumexp(a: readonly ReadonlyVector[]): number[];
export function logsumexp(
  a: ReadonlyVector | readonly ReadonlyVector[],
): number | number[] {
  const shape = parseInput("a", a);
  const acc = new Float64Array(2);
  const values = shape.rows.map((row) => logsumexpRow(row, shape.n, acc));
  return shape.batch ? values : values[0] ?? -Infinity;
}
