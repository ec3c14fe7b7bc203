/**
 * Softmax, logSoftmax and their vjp over the rows of a flat batch, in
 * WebAssembly (kernels.as), for lib/softmax.ts to call on long inputs.
 *
 * A batch is a typed array holding `rows` rows of `n` elements back to
 * back. Rows move through wasm memory in blocks of whole rows (256 KiB of
 * float64; float32 rows are widened on the way in and rounded once on the
 * way out, so they are computed in double as the JavaScript path does).
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

/**
 * softmax or logSoftmax of every row of `x` (length n each, temperature T)
 * into `out` (same type and length as x; may be x itself).
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
  const inst = wasmInstance();
  if (inst === null || !(n >= 1 && n <= WASM_MAX_ROW)) return false;
  const total = x.length / n;
  const per = Math.floor(WASM_MAX_ROW / n);
  const heap = inst.f64;
  const fn = kind === "softmax"
    ? inst.rows.softmax_rows_f64
    : inst.rows.log_softmax_rows_f64;
  const left: number[] = [];
  for (let r0 = 0; r0 < total; r0 += per) {
    const rows = Math.min(per, total - r0);
    const len = rows * n;
    heap.set(x.subarray(r0 * n, r0 * n + len));
    fn(BLOCK_A, rows, n, T, STATUS);
    out.set(heap.subarray(0, len), r0 * n);
    collect(inst.status, rows, r0, left);
  }
  return left;
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
  const inst = wasmInstance();
  if (inst === null || !(n >= 1 && n <= WASM_MAX_ROW)) return false;
  const total = a.length / n;
  const per = Math.floor(WASM_MAX_ROW / n);
  const ha = inst.f64;
  const hg = inst.f64b;
  const left: number[] = [];
  for (let r0 = 0; r0 < total; r0 += per) {
    const rows = Math.min(per, total - r0);
    const len = rows * n;
    ha.set(a.subarray(r0 * n, r0 * n + len));
    hg.set(g.subarray(r0 * n, r0 * n + len));
    inst.rows.softmax_vjp_rows_f64(
      BLOCK_A,
      BLOCK_B,
      rows,
      n,
      T,
      STATUS,
      kind === "softmax" ? 0 : 1,
    );
    out.set(hg.subarray(0, len), r0 * n);
    collect(inst.status, rows, r0, left);
  }
  return left;
}
