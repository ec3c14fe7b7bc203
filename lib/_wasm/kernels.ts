/**
 * The WebAssembly SIMD kernels (built from `kernels.as` by `deno task wasm`)
 * and the dispatch hook the elementwise machinery calls.
 *
 * - {@linkcode wasmLoops} returns, for an activation id and its parameters,
 *   `[f, f′]` loops over typed arrays that run in WebAssembly, or
 *   `undefined` when there are no kernels for them: relu (default
 *   parameters), leakyRelu, prelu, step, sign, relu6, hardTanh, hardSigmoid,
 *   hardSwish, sigmoid, tanh, elu, selu, celu, softplus, logSigmoid, silu,
 *   mish and softsign (not gelu). Looking them up costs nothing: the module is
 *   compiled and instantiated synchronously, from bytes embedded in
 *   `_bytes.ts`, on the first long call.
 * - A loop returns false (and the caller runs its JavaScript loop) for
 *   arrays shorter than {@linkcode WASM_MIN_LENGTH}, where WebAssembly SIMD
 *   does not compile, or after `setWasmEnabled(false)`.
 *
 * Data moves in blocks of 256 KiB (lib/_wasm/_layout.ts): one copy into
 * wasm memory, the kernel in place, one copy out
 * (`TypedArray.prototype.set`, a memcpy each way).
 *
 * Accuracy (tests/wasm_test.ts): float64 results within 4 ulps of the
 * correctly rounded value (the bound of the JavaScript kernels); float32
 * data are computed in double (with a shorter exp polynomial, relative
 * error < 2^-30) and rounded once, so they are within 1 float32 ulp of the
 * correctly rounded value.
 *
 * @module
 */
import { WASM_BASE64 } from "./_bytes.ts";
import { BLOCK_A, BLOCK_B, BLOCK_BYTES, STATUS } from "./_layout.ts";

export { BLOCK_A, BLOCK_B, BLOCK_BYTES, STATUS };

/** A typed array of floats. */
export type FloatArray = Float32Array | Float64Array;

/** A typed array of numbers (not bigints). */
export type NumericArray = ArrayLike<number> & ArrayBufferView;

/**
 * An elementwise loop in WebAssembly: writes f(x) into `out` (same length;
 * `out` may be `x`) and returns true. Float32Array → Float32Array runs the
 * float32 kernels; any numeric typed array → Float64Array, and
 * Float16Array → Float16Array, run the float64 kernels (the input widened
 * exactly on the way in; a Float16Array result rounded once on the way
 * out). Returns false, having written nothing, for other pairs, short
 * arrays, or where WebAssembly SIMD is not available.
 */
export type WasmLoop = (x: NumericArray, out: NumericArray) => boolean;

/** Arrays shorter than this stay in JavaScript (the call overhead wins). */
export const WASM_MIN_LENGTH = 1024;

type KernelFn = (p: number, n: number, a: number, b: number) => void;

/** The instantiated module and views of its blocks. */
export interface Instance {
  /** The exported functions. */
  readonly exports: Record<string, KernelFn>;
  /** The softmax kernels (see kernels.as). */
  readonly rows: {
    softmax_rows_f64(
      p: number,
      rows: number,
      n: number,
      T: number,
      ps: number,
    ): void;
    log_softmax_rows_f64(
      p: number,
      rows: number,
      n: number,
      T: number,
      ps: number,
    ): void;
    softmax_vjp_rows_f64(
      p: number,
      pg: number,
      rows: number,
      n: number,
      T: number,
      ps: number,
      kind: number,
    ): void;
  };
  /** Row status, one i32 per row. */
  readonly status: Int32Array;
  /** Block A as float64 / float32, block B as float64 / float32. */
  readonly f64: Float64Array;
  readonly f32: Float32Array;
  readonly f64b: Float64Array;
  readonly f32b: Float32Array;
}

const F16 = (globalThis as { Float16Array?: abstract new () => unknown })
  .Float16Array;

function isFloat16(a: unknown): boolean {
  return F16 !== undefined && a instanceof F16;
}

function isBigInt(a: unknown): boolean {
  return a instanceof BigInt64Array || a instanceof BigUint64Array;
}

let instance: Instance | null | undefined;
let enabled = true;

/**
 * Turn the WebAssembly path off (every loop then returns false and the
 * caller runs JavaScript) or back on. For benchmarks and tests that compare
 * the two paths.
 *
 * @param on False to disable.
 */
export function setWasmEnabled(on: boolean): void {
  enabled = on;
}

function decode(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/**
 * The instantiated module, or null where WebAssembly SIMD is unavailable
 * (the compile error is the feature test).
 *
 * @returns The instance.
 */
export function wasmInstance(): Instance | null {
  if (!enabled) return null;
  if (instance !== undefined) return instance;
  try {
    const module = new WebAssembly.Module(decode(WASM_BASE64));
    const exports = new WebAssembly.Instance(module, {}).exports as Record<
      string,
      unknown
    >;
    const buffer = (exports.memory as WebAssembly.Memory).buffer;
    instance = {
      exports: exports as Record<string, KernelFn>,
      rows: exports as unknown as Instance["rows"],
      status: new Int32Array(buffer, STATUS, BLOCK_BYTES / 8),
      f64: new Float64Array(buffer, BLOCK_A, BLOCK_BYTES / 8),
      f32: new Float32Array(buffer, BLOCK_A, BLOCK_BYTES / 4),
      f64b: new Float64Array(buffer, BLOCK_B, BLOCK_BYTES / 8),
      f32b: new Float32Array(buffer, BLOCK_B, BLOCK_BYTES / 4),
    };
  } catch {
    instance = null;
  }
  return instance;
}

/**
 * A loop running the kernel `name` (`<name>_f64` / `<name>_f32` in the
 * module) with parameters a and b.
 *
 * @param name The kernel's name in kernels.as, without `k_`.
 * @param a First parameter.
 * @param b Second parameter.
 * @param minLength Shorter arrays are left to JavaScript (the loop returns
 * false).
 * @returns The loop.
 */
export function kernelLoop(
  name: string,
  a = 0,
  b = 0,
  minLength = 0,
): WasmLoop {
  let f64: KernelFn | undefined;
  let f32: KernelFn | undefined;
  const loop: WasmLoop = (x, out) => {
    const n = x.length;
    if (n < minLength) return false;
    let wide: boolean;
    if (out instanceof Float32Array) {
      if (!(x instanceof Float32Array)) return false;
      wide = false;
    } else if (out instanceof Float64Array || isFloat16(out)) {
      if (isBigInt(x)) return false;
      wide = true;
    } else {
      return false;
    }
    const inst = wasmInstance();
    if (inst === null) return false;
    const src = x as unknown as Float64Array;
    const dst = out as unknown as Float64Array;
    if (wide) {
      f64 ??= inst.exports[`${name}_f64`]!;
      const heap = inst.f64;
      const block = heap.length;
      for (let s = 0; s < n; s += block) {
        const m = Math.min(block, n - s);
        heap.set(m === n ? src : src.subarray(s, s + m));
        f64(BLOCK_A, m, a, b);
        dst.set(m === block ? heap : heap.subarray(0, m), s);
      }
    } else {
      f32 ??= inst.exports[`${name}_f32`]!;
      const heap = inst.f32;
      const block = heap.length;
      for (let s = 0; s < n; s += block) {
        const m = Math.min(block, n - s);
        heap.set(
          m === n ? x as Float32Array : (x as Float32Array).subarray(s, s + m),
        );
        f32(BLOCK_A, m, a, b);
        (out as Float32Array).set(m === block ? heap : heap.subarray(0, m), s);
      }
    }
    return true;
  };
  return loop;
}

// SELU's λα at the default parameters, as lib/activations/selu.ts uses it
// (the double nearest to the product of the exact constants).
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_LAMBDA = 1.0507009873554804934193349852946;
const SELU_LAMBDA_ALPHA = 1.7580993408473768;

type Pair = readonly [WasmLoop, WasmLoop];

/** f and f′ from kernel names and parameters. */
function pair(
  f: string,
  df: string,
  m: number,
  a = 0,
  b = 0,
  da = a,
  db = b,
): Pair {
  return [kernelLoop(f, a, b, m), kernelLoop(df, da, db, m)];
}

/**
 * Which kernels implement which activation (f, f′), given its parameters;
 * undefined for parameters the kernels do not cover. Keyed by id: the
 * formulas are those of lib/activations/<id>.ts, and tests/wasm_test.ts
 * fails if the two drift apart.
 */
const TABLE: Record<
  string,
  (p: Readonly<Record<string, number>>, m: number) => Pair | undefined
> = {
  // the default ReLU only (not maxValue / negativeSlope / threshold)
  relu: (p, m) =>
    p.maxValue === Infinity && p.negativeSlope === 0 && p.threshold === 0
      ? pair("relu", "relu_d", m)
      : undefined,
  leakyRelu: (p, m) => pair("linear_unit", "linear_unit_d", m, p.slope),
  prelu: (p, m) => pair("linear_unit", "linear_unit_d", m, p.alpha),
  step: (p, m) => pair("step", "zero", m, p.lambda, p.alpha ?? 0),
  sign: (p, m) => pair("sign", "zero", m, p.lambda),
  sigmoid: (_, m) => pair("sigmoid", "sigmoid_d", m),
  tanh: (_, m) => pair("tanh", "tanh_d", m),
  elu: (p, m) => pair("exp_unit", "exp_unit_d", m, 1, p.alpha),
  selu: (p, m) => {
    const alpha = p.alpha!;
    const lambda = p.lambda!;
    const la = alpha === SELU_ALPHA && lambda === SELU_LAMBDA
      ? SELU_LAMBDA_ALPHA
      : lambda * alpha;
    return pair("exp_unit", "exp_unit_d", m, lambda, la);
  },
  softplus: (_, m) => pair("softplus", "sigmoid", m),
  silu: (_, m) => pair("silu", "silu_d", m),
  relu6: (_, m) => pair("relu6", "relu6_d", m),
  hardSigmoid: (p, m) =>
    p.slope === 1 / 6 && p.offset === 0.5
      ? pair("hard_sigmoid", "hard_sigmoid_d", m)
      : pair("hard_sigmoid_g", "hard_sigmoid_g_d", m, p.slope, p.offset),
  hardSwish: (_, m) => pair("hard_swish", "hard_swish_d", m),
  hardTanh: (p, m) => pair("hard_tanh", "hard_tanh_d", m, p.min, p.max),
  celu: (p, m) =>
    p.alpha === 1
      ? pair("exp_unit", "exp_unit_d", m, 1, 1)
      : pair("celu", "celu_d", m, p.alpha),
  logSigmoid: (_, m) => pair("log_sigmoid", "log_sigmoid_d", m),
  softsign: (_, m) => pair("softsign", "softsign_d", m),
  mish: (_, m) => pair("mish", "mish_d", m),
};

/**
 * The WebAssembly loops for an activation, if there are kernels for it.
 *
 * @param id The activation's id (e.g. "sigmoid").
 * @param params Its parameter values.
 * @param minLength Arrays shorter than this are left to JavaScript
 * (default {@linkcode WASM_MIN_LENGTH}).
 * @returns `[f, f']` loops, or `undefined`.
 */
export function wasmLoops(
  id: string,
  params: Readonly<Record<string, number>>,
  minLength: number = WASM_MIN_LENGTH,
): readonly [WasmLoop, WasmLoop] | undefined {
  const make = Object.hasOwn(TABLE, id) ? TABLE[id] : undefined;
  return make?.(params, minLength);
}
