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
 * (`TypedArray.prototype.set`, a memcpy each way). Arrays that already
 * live in wasm memory (from `allocate`, lib/wasm.ts) skip their copy: the
 * kernel reads the input where it is and writes the output where it is.
 *
 * Accuracy (tests/wasm_test.ts): float64 results within 4 ulps of the
 * correctly rounded value (the bound of the JavaScript kernels); float32
 * data are computed in double (with a shorter exp polynomial, relative
 * error < 2^-30) and rounded once, so they are within 1 float32 ulp of the
 * correctly rounded value. The piecewise-linear functions run in float32
 * lanes: the exact ones with the same bits as the JavaScript path
 * (`NATIVE_F32_NAMES`; tests/wasm_resident_test.ts), hard sigmoid, hard
 * swish' and a slope that is not a float32 value within the same 1 ulp
 * (`F32X_WITHIN_ULP`, `slopeWithinUlp`; tests/wasm_f32_exhaustive_test.ts).
 *
 * @module
 */
import { WASM_BASE64 } from "./_bytes.ts";
import { BLOCK_A, BLOCK_B, BLOCK_BYTES, HEAP_BASE, STATUS } from "./_layout.ts";

export { BLOCK_A, BLOCK_B, BLOCK_BYTES, HEAP_BASE, STATUS };

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

/** An elementwise kernel: n elements from byte offset src to dst. */
type KernelFn = (
  src: number,
  dst: number,
  n: number,
  a: number,
  b: number,
) => void;

/** The instantiated module and views of its blocks. */
export interface Instance {
  /** The kernels' linear memory. */
  readonly memory: WebAssembly.Memory;
  /**
   * Its bytes: a resizable ArrayBuffer where the host has
   * `WebAssembly.Memory.prototype.toResizableBuffer` (views of it stay
   * valid when the memory grows), else the plain buffer (which a growth
   * would detach: then the heap of resident arrays is not offered).
   */
  readonly buffer: ArrayBuffer;
  /** Whether `buffer` survives growth (the heap can be used). */
  readonly resizable: boolean;
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
 * Whether the WebAssembly path is on (see {@linkcode setWasmEnabled}).
 *
 * @returns True unless turned off.
 */
export function wasmEnabled(): boolean {
  return enabled;
}

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
 * (the compile error is the feature test) or after `setWasmEnabled(false)`.
 *
 * @returns The instance.
 */
export function wasmInstance(): Instance | null {
  return enabled ? loadInstance() : null;
}

/**
 * The instantiated module whether or not the path is turned off (the heap
 * of resident arrays lives in its memory), or null where WebAssembly SIMD
 * is unavailable.
 *
 * @returns The instance.
 */
export function loadInstance(): Instance | null {
  if (instance !== undefined) return instance;
  try {
    const module = new WebAssembly.Module(decode(WASM_BASE64));
    const exports = new WebAssembly.Instance(module, {}).exports as Record<
      string,
      unknown
    >;
    const memory = exports.memory as WebAssembly.Memory & {
      toResizableBuffer?: () => ArrayBuffer;
    };
    // a resizable view of the memory (the WebAssembly JS API's
    // "resizable buffers" integration, V8 ≥ 13.x): typed arrays over it
    // keep working when memory.grow() adds pages
    const resizable = typeof memory.toResizableBuffer === "function";
    const buffer = resizable
      ? memory.toResizableBuffer!()
      : memory.buffer as ArrayBuffer;
    instance = {
      memory,
      buffer,
      resizable,
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
  return instance as Instance | null;
}

/** Whether `a` is a view of the heap of resident arrays. */
/**
 * Whether an array lives in the kernels' heap (from `allocate`).
 *
 * @param a The array.
 * @param inst The instance.
 * @returns True for a view of wasm memory at or above the heap base.
 */
export function onHeap(a: NumericArray, inst: Instance): boolean {
  return a.buffer === inst.buffer && a.byteOffset >= HEAP_BASE;
}

/**
 * Run `fn` over n elements of a resident input at byte offset `src` into a
 * resident output at `dst` (equal, or disjoint): the kernel on the first
 * n − n mod 16 elements where they are, the last n mod 16 through block A,
 * so that nothing past either array is read into a result or written.
 */
function runResident(
  fn: KernelFn,
  heap: Float64Array | Float32Array,
  src: number,
  dst: number,
  n: number,
  a: number,
  b: number,
): void {
  const size = heap.BYTES_PER_ELEMENT;
  // the loops take 4 (generic), 8 (piecewise f64) or 16 (f32x) elements
  // a turn (build.ts)
  const whole = n - (n % 16);
  if (whole > 0) fn(src, dst, whole, a, b);
  const tail = n - whole;
  if (tail === 0) return;
  const view = new (heap.constructor as Float64ArrayConstructor)(
    heap.buffer,
    src + whole * size,
    tail,
  );
  heap.set(view);
  fn(BLOCK_A, BLOCK_A, tail, a, b);
  new (heap.constructor as Float64ArrayConstructor)(
    heap.buffer,
    dst + whole * size,
    tail,
  ).set(heap.subarray(0, tail));
}

/**
 * The kernels with a float32-lane version `<name>_f32x` (build.ts,
 * `PIECEWISE`; tests/wasm_resident_test.ts checks the two lists agree),
 * and which parameters must be float32 values for it to give the double
 * path's bits: "" none, "a" the first, "ab" both; "a~": the first a float32
 * value (the same bits) or of a normal float32 magnitude (within 1 ulp,
 * see `slopeWithinUlp`).
 */
export const NATIVE_F32_NAMES: Readonly<
  Record<string, "" | "a" | "ab" | "a~">
> = {
  relu: "",
  relu_d: "",
  step: "",
  zero: "",
  sign: "",
  linear_unit: "a~",
  linear_unit_d: "",
  relu6: "",
  relu6_d: "",
  hard_sigmoid: "",
  hard_sigmoid_d: "",
  hard_swish_d: "",
  hard_tanh: "ab",
  hard_tanh_d: "ab",
};

/**
 * The float32-lane kernels that round twice, within the float32 kernels'
 * rule (1 float32 ulp of the double result rounded once) instead of its
 * bits: fl(fl(x + 3)·fl32(1/6)) of hard sigmoid and fl(fl(2x + 3)·fl32(1/6))
 * of hard swish' (every float32 |x| < 3 checked by
 * tests/wasm_f32_exhaustive_test.ts), and the leaky ReLU / PReLU product
 * x·fl32(a) for a slope a that is not a float32 value (see
 * `slopeWithinUlp`).
 */
export const F32X_WITHIN_ULP: readonly string[] = [
  "hard_sigmoid",
  "hard_swish_d",
];

// the largest finite float32, (2 − 2^-23)·2^127
const F32_MAX = 3.4028234663852886e38;

/**
 * Whether x·fl32(a) rounded to float32 is within 1 float32 ulp of x·a
 * rounded once: a normal float32 magnitude (2^-126 ≤ |a| ≤ max), so that
 * fl32(a) = a(1 + δ), |δ| < 2^-24; with the product's own rounding the
 * result is within 0.5 + 2^24|δ| < 1.5 ulps of x·a, so within 1 ulp of its
 * correct rounding (and of the double result's, 2^-53 from it).
 *
 * @param a The slope.
 * @returns Whether the float32-lane kernel may take it.
 */
export function slopeWithinUlp(a: number): boolean {
  const m = Math.abs(a);
  return m >= 2 ** -126 && m <= F32_MAX;
}

function nativeF32(name: string, a: number, b: number): boolean {
  if (!Object.hasOwn(NATIVE_F32_NAMES, name)) return false;
  const need = NATIVE_F32_NAMES[name]!;
  if (need === "a~") return Math.fround(a) === a || slopeWithinUlp(a);
  return (!need.includes("a") || Math.fround(a) === a) &&
    (!need.includes("b") || Math.fround(b) === b);
}

/**
 * A loop running the kernel `name` (`<name>_f64` / `<name>_f32` in the
 * module, or `<name>_f32x` for float32 data where that gives the same
 * bits or stays within 1 float32 ulp) with parameters a and b.
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
  const f32Name = nativeF32(name, a, b) ? `${name}_f32x` : `${name}_f32`;
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
    const fn = wide
      ? (f64 ??= inst.exports[`${name}_f64`]!)
      : (f32 ??= inst.exports[f32Name]!);
    const heap = wide ? inst.f64 : inst.f32;
    // the kernels' own element type on both sides, for the resident paths
    const same = wide
      ? out instanceof Float64Array && x instanceof Float64Array
      : true;
    const outHome = onHeap(out, inst) && out.constructor === heap.constructor;
    if (outHome && same && onHeap(x, inst)) {
      // both in wasm memory (the caller made them identical or disjoint)
      runResident(fn, heap, x.byteOffset, out.byteOffset, n, a, b);
      return true;
    }
    if (outHome) {
      // the output in wasm memory: one copy in (widening, if any), then the
      // kernel in place there
      if (x !== out) dst.set(src);
      runResident(fn, heap, out.byteOffset, out.byteOffset, n, a, b);
      return true;
    }
    const size = heap.BYTES_PER_ELEMENT;
    const block = heap.length;
    const xHome = same && onHeap(x, inst);
    for (let s = 0; s < n; s += block) {
      const m = Math.min(block, n - s);
      if (xHome) {
        // the input in wasm memory: the kernel reads it there
        fn(x.byteOffset + s * size, BLOCK_A, m, a, b);
      } else {
        heap.set(m === n ? src : src.subarray(s, s + m));
        fn(BLOCK_A, BLOCK_A, m, a, b);
      }
      dst.set(m === block ? heap : heap.subarray(0, m), s);
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
  elu: (p, m) =>
    p.alpha === 1
      ? pair("elu1", "exp_unit_d", m, 1, 1)
      : pair("exp_unit", "exp_unit_d", m, 1, p.alpha),
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
      ? pair("elu1", "exp_unit_d", m, 1, 1)
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
