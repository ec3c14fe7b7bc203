/**
 * Softmax, logSoftmax and their vjp over the rows of a flat batch, in
 * WebAssembly (kernels.as), for lib/softmax.ts to call on long inputs.
 *
 * A batch is a typed array holding `rows` rows of `n` elements back to
 * back. Rows move through wasm memory in blocks of whole rows (256 KiB).
 * Float32 rows (with float32 cotangents, for the vjp) stay float32 in wasm
 * memory and run the float32 row kernels, which compute in double and round
 * once (kernels.as has their error analysis: within 1 float32 ulp of the
 * correctly rounded softmax / logSoftmax); other float32 inputs are widened
 * on the way in and run the float64 kernels.
 * Rows with a NaN, a +∞ or only −∞ entries follow special conventions
 * (lib/softmax.ts): the kernels leave them alone and return their indices,
 * for the caller to compute in JavaScript.
 *
 * @module
 */
import {
  BLOCK_A,
  BLOCK_B,
  BLOCK_BYTES,
  type FloatArray,
  type Instance,
  onHeap,
  STATUS,
  wasmInstance,
} from "./kernels.ts";

/** Longest row the kernels take (one row must fit a block). */
export const WASM_MAX_ROW = BLOCK_BYTES / 8;

/** Which function. */
export type SoftmaxKind = "softmax" | "logSoftmax";

function collect(status: Int32Array, rows: number, r0: number, left: number[]) {
  for (let r = 0; r < rows; r++) if (status[r] !== 0) left.push(r0 + r);
}

// The float32 row kernels of kernels.as (looked up by name: kernels.ts
// types the float64 ones).
type Rows32 = (
  p: number,
  rows: number,
  n: number,
  T: number,
  ps: number,
  tmp: number,
) => void;
/** The same arguments as the float64 vjp kernel. */
type VjpRows32 = Instance["rows"]["softmax_vjp_rows_f64"];

/** Rows per block of float32 rows of length n (the status holds 32768). */
function rowsPer32(n: number): number {
  return Math.min(Math.floor(BLOCK_BYTES / 4 / n), BLOCK_BYTES / 8);
}

/**
 * Blocks of whole rows through wasm memory: each input's rows copied into
 * its heap view, `kernel(rows)` run, the result's rows copied from
 * `result` into `out`; returns the rows the kernel left to the caller.
 */
function runBlocks(
  inputs: readonly FloatArray[],
  heaps: readonly FloatArray[],
  result: FloatArray,
  n: number,
  per: number,
  out: FloatArray,
  status: Int32Array,
  kernel: (rows: number) => void,
): number[] {
  const total = inputs[0]!.length / n;
  const left: number[] = [];
  for (let r0 = 0; r0 < total; r0 += per) {
    const rows = Math.min(per, total - r0);
    const len = rows * n;
    inputs.forEach((x, i) =>
      heaps[i]!.set(len === x.length ? x : x.subarray(r0 * n, r0 * n + len))
    );
    kernel(rows);
    out.set(len === result.length ? result : result.subarray(0, len), r0 * n);
    collect(status, rows, r0, left);
  }
  return left;
}

/** Rows per kernel call: the status area has one i32 per row. */
const STATUS_ROWS = BLOCK_BYTES / 8;

/**
 * The rows of an output that lives in wasm memory (from `allocate`), in
 * place there: `x` copied into it first unless it is `out` itself, then
 * `kernel(p, rows)` over runs of at most STATUS_ROWS rows at byte offset p.
 * The row kernels read and write only their rows.
 */
function runInPlace(
  x: FloatArray,
  out: FloatArray,
  n: number,
  status: Int32Array,
  kernel: (p: number, rows: number) => void,
): number[] {
  if (x !== out) out.set(x);
  const total = out.length / n;
  const rowBytes = n * out.BYTES_PER_ELEMENT;
  const left: number[] = [];
  for (let r0 = 0; r0 < total; r0 += STATUS_ROWS) {
    const rows = Math.min(STATUS_ROWS, total - r0);
    kernel(out.byteOffset + r0 * rowBytes, rows);
    collect(status, rows, r0, left);
  }
  return left;
}

/**
 * softmax or logSoftmax of every row of `x` (length n each, temperature T)
 * into `out` (same type and length as x; may be x itself). An `out` that
 * lives in wasm memory (from `allocate`) is computed where it is: one copy
 * of x into it (none when x is out), no blocks.
 *
 * @param kind Which function.
 * @param x The batch.
 * @param n Row length (1 ≤ n ≤ {@linkcode WASM_MAX_ROW}).
 * @param T Temperature (finite, > 0).
 * @param out The result.
 * @returns The indices of the rows left to the caller (their `out` rows
 * hold a copy of the input), or false when WebAssembly is unavailable or
 * n is out of range (nothing written).
 */
export function wasmSoftmaxRows(
  kind: SoftmaxKind,
  x: FloatArray,
  n: number,
  T: number,
  out: FloatArray,
): number[] | false {
  if (!(n >= 1 && n <= WASM_MAX_ROW)) return false;
  const inst = wasmInstance();
  if (inst === null) return false;
  const soft = kind === "softmax";
  // float32 rows stay float32 (block B: the float32 kernel's double
  // scratch for one row); anything else runs the float64 kernel
  const f32 = x instanceof Float32Array && out instanceof Float32Array;
  let rowsAt: (p: number, rows: number) => void;
  if (f32) {
    const fn = inst.exports[
      soft ? "softmax_rows_f32" : "log_softmax_rows_f32"
    ] as unknown as Rows32;
    rowsAt = (p, rows) => fn(p, rows, n, T, STATUS, BLOCK_B);
  } else {
    const fn = soft
      ? inst.rows.softmax_rows_f64
      : inst.rows.log_softmax_rows_f64;
    rowsAt = (p, rows) => fn(p, rows, n, T, STATUS);
  }
  const heap = f32 ? inst.f32 : inst.f64;
  if (out.constructor === heap.constructor && onHeap(out, inst)) {
    return runInPlace(x, out, n, inst.status, rowsAt);
  }
  return runBlocks(
    [x],
    [heap],
    heap,
    n,
    f32 ? rowsPer32(n) : Math.floor(WASM_MAX_ROW / n),
    out,
    inst.status,
    (rows) => rowsAt(BLOCK_A, rows),
  );
}

/**
 * The vjp of softmax or logSoftmax for every row: a and g of the same
 * shape, the result into `out` (not overlapping `a`).
 *
 * @param kind Which function.
 * @param a The batch of scores.
 * @param g The cotangents, same length as a (any float type).
 * @param n Row length.
 * @param T Temperature.
 * @param out The result (type of a).
 * @returns The rows left to the caller (their `out` rows are unspecified),
 * or false (nothing written).
 */
export function wasmSoftmaxVjpRows(
  kind: SoftmaxKind,
  a: FloatArray,
  g: FloatArray,
  n: number,
  T: number,
  out: FloatArray,
): number[] | false {
  if (!(n >= 1 && n <= WASM_MAX_ROW)) return false;
  const inst = wasmInstance();
  if (inst === null) return false;
  const k = kind === "softmax" ? 0 : 1;
  if (
    a instanceof Float32Array && g instanceof Float32Array &&
    out instanceof Float32Array
  ) {
    const fn = inst.exports.softmax_vjp_rows_f32 as unknown as VjpRows32;
    return runBlocks(
      [a, g],
      [inst.f32, inst.f32b],
      inst.f32b,
      n,
      rowsPer32(n),
      out,
      inst.status,
      (rows) => fn(BLOCK_A, BLOCK_B, rows, n, T, STATUS, k),
    );
  }
  return runBlocks(
    [a, g],
    [inst.f64, inst.f64b],
    inst.f64b,
    n,
    Math.floor(WASM_MAX_ROW / n),
    out,
    inst.status,
    (rows) =>
      inst.rows.softmax_vjp_rows_f64(BLOCK_A, BLOCK_B, rows, n, T, STATUS, k),
  );
}

/** A batch as lib/softmax.ts holds it: blocks of whole rows. */
export interface Blocks {
  /** The blocks, in row-major order. */
  readonly blocks: readonly unknown[];
  /** Length of every block. */
  readonly blockLen: number;
}

/** Computes one row in JavaScript: its block and its offset there. */
export type RowRedo = (block: number, off: number) => void;

/** Rows shorter than this, in blocks shorter than MIN_BLOCK, stay in JS. */
const MIN_BLOCK = 256;
const MIN_TOTAL = 4096;

function floatBlocks(t: Blocks, n: number): FloatArray[] | undefined {
  if (t.blockLen % n !== 0 || t.blockLen < MIN_BLOCK) return undefined;
  const first = t.blocks[0];
  if (!(first instanceof Float64Array || first instanceof Float32Array)) {
    return undefined;
  }
  for (const b of t.blocks) {
    if (b === null || (b as object).constructor !== first.constructor) {
      return undefined;
    }
  }
  return t.blocks as FloatArray[];
}

/**
 * The hook lib/softmax.ts calls for softmax / logSoftmax along the last
 * axis without a mask: runs every block of rows in WebAssembly when the
 * input and output blocks are Float64Arrays or Float32Arrays of one type,
 * and the rows are 1…32768 long; the rows the kernels leave alone are
 * computed by `redo`. The caller makes sure `out` does not partly overlap
 * the input (exactly in place is fine).
 *
 * @param kind Which function.
 * @param a The input blocks.
 * @param n Row length.
 * @param T Temperature.
 * @param out The output blocks (same layout as `a`).
 * @param redo Computes one row in JavaScript.
 * @returns True when done; false (nothing written) otherwise.
 */
export function softmaxBlocks(
  kind: SoftmaxKind,
  a: Blocks,
  n: number,
  T: number,
  out: Blocks,
  redo: RowRedo,
): boolean {
  if (n < 1 || n > WASM_MAX_ROW || out.blockLen !== a.blockLen) return false;
  if (a.blockLen * a.blocks.length < MIN_TOTAL) return false;
  const xs = floatBlocks(a, n);
  const os = floatBlocks(out, n);
  if (xs === undefined || os === undefined) return false;
  if (xs[0]!.constructor !== os[0]!.constructor) return false;
  for (let b = 0; b < xs.length; b++) {
    const left = wasmSoftmaxRows(kind, xs[b]!, n, T, os[b]!);
    if (left === false) return false; // only before anything is written
    for (const r of left) redo(b, r * n);
  }
  return true;
}

/**
 * The hook for the vjp of softmax / logSoftmax: as
 * {@linkcode softmaxBlocks}, with the cotangents `g` (same layout, any
 * float type). The caller makes sure `out` shares no memory with `a` or
 * `g`.
 *
 * @param kind Which function.
 * @param a The input blocks.
 * @param g The cotangent blocks.
 * @param n Row length.
 * @param T Temperature.
 * @param out The output blocks.
 * @param redo Computes one row in JavaScript (reading a and g).
 * @returns True when done; false (nothing written) otherwise.
 */
export function softmaxVjpBlocks(
  kind: SoftmaxKind,
  a: Blocks,
  g: Blocks,
  n: number,
  T: number,
  out: Blocks,
  redo: RowRedo,
): boolean {
  if (n < 1 || n > WASM_MAX_ROW || out.blockLen !== a.blockLen) return false;
  if (g.blockLen !== a.blockLen) return false;
  if (a.blockLen * a.blocks.length < MIN_TOTAL) return false;
  const xs = floatBlocks(a, n);
  const gs = floatBlocks(g, n);
  const os = floatBlocks(out, n);
  if (xs === undefined || gs === undefined || os === undefined) return false;
  if (xs[0]!.constructor !== os[0]!.constructor) return false;
  for (let b = 0; b < xs.length; b++) {
    const left = wasmSoftmaxVjpRows(kind, xs[b]!, gs[b]!, n, T, os[b]!);
    if (left === false) return false;
    for (const r of left) redo(b, r * n);
  }
  return true;
}
