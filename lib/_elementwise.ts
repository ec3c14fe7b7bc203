/**
 * The elementwise machinery behind every activation: one scalar kernel,
 * applied to a number, a `number[]` or a typed array, with an optional
 * `out` buffer, through loops compiled on first use.
 *
 * Inputs and outputs:
 *
 * | input | result (and the only admissible `out`) |
 * |---|---|
 * | `number` | `number` |
 * | `number[]` | `number[]` |
 * | `Float64Array` | `Float64Array` |
 * | `Float32Array` | `Float32Array` (computed in double, rounded once) |
 * | `Float16Array` | `Float16Array` (computed in double, rounded once) |
 * | `Int8Array` … `Uint32Array`, `Uint8ClampedArray` | `Float64Array` |
 *
 * `BigInt64Array`/`BigUint64Array` and anything else are a `TypeError`.
 * `out` may be the input itself (in place). An `out` that shares memory
 * with the input without being the very same elements (a shifted view of
 * the same buffer, or a view of another element type) works as if the
 * input had been copied first: it is copied first. A frozen `out` (or one
 * whose elements cannot be written) is a `TypeError` naming `out`.
 *
 * Internal module: not part of the public API.
 *
 * @module
 */
import { describeValue, typeError } from "./_validate.ts";

/** A scalar kernel: one input, one output, parameters already bound. */
export type ScalarFn = (x: number) => number;

/**
 * A loop over a whole array: reads `x[0..n)` and writes `out[0..n)`.
 * `x` and `out` may be the same array (in place).
 */
export type LoopFn = (
  x: ArrayLike<number>,
  out: { [index: number]: number },
  n: number,
) => void;

/**
 * A loop over a whole typed array (e.g. in WebAssembly): writes f(x) into
 * `out` (the output `prepareOutput` chose: same length, possibly `x`
 * itself) and returns true, or returns false having written nothing, and
 * the JavaScript loop runs instead.
 */
export type FastLoop = (
  x: ArrayLike<number> & ArrayBufferView,
  out: ArrayLike<number> & ArrayBufferView,
) => boolean;

/** The integer typed arrays; their results are `Float64Array`s. */
export type IntegerArray =
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/**
 * An elementwise function with the overloads of the contract: a number, a
 * plain array, or a typed array (optionally written into `out`).
 */
export interface Elementwise {
  /** Apply to one number. */
  (x: number): number;
  /** Apply to each element of a plain array; returns a new array. */
  (x: readonly number[], out?: number[]): number[];
  /** Apply to each element of a `Float64Array`. */
  (x: Float64Array, out?: Float64Array): Float64Array;
  /** Apply to each element of a `Float32Array` (computed in double, rounded once). */
  (x: Float32Array, out?: Float32Array): Float32Array;
  /** Apply to each element of a `Float16Array` (computed in double, rounded once). */
  (x: Float16Array, out?: Float16Array): Float16Array;
  /** Apply to each element of an integer typed array; the result is a `Float64Array`. */
  (x: IntegerArray, out?: Float64Array): Float64Array;
}

// ------------------------------------------------------------------ loops

const LOOP_SOURCE = '"use strict"; return function loop(x, out, n) { ' +
  "for (let i = 0; i < n; i++) out[i] = fn(x[i]); };";
let loopSerial = 0;
/** Whether `new Function` works here; `undefined` until first tried. */
let codegen: boolean | undefined;
/** Tests and benchmarks can turn compilation off (as a strict CSP does). */
let compilationEnabled = true;

/**
 * A loop for `fn` compiled from source text: its own function literal, so
 * its own type feedback. V8 keeps feedback per function literal, not per
 * closure: one shared loop would see every activation's `fn` at its call
 * site (megamorphic: no inlining) and every element kind at its loads and
 * stores (polymorphic). A copy per kernel and per element kind is
 * monomorphic and V8 inlines the kernel into it (see
 * `bench/loops_bench.ts` for what this buys). `Function` compiles this
 * constant string, never user input.
 *
 * @param fn The kernel.
 * @returns The loop.
 * @throws {EvalError} where code generation from strings is forbidden
 * (e.g. a Content-Security-Policy without 'unsafe-eval').
 */
export function compiledLoop(fn: ScalarFn): LoopFn {
  // A distinct source text per copy: V8's compilation cache would hand back
  // one shared function (one shared feedback) for identical text.
  return new Function("fn", `${LOOP_SOURCE} // ${loopSerial++}`)(
    fn,
  ) as LoopFn;
}

/**
 * The fallback loop: one shared function literal for every kernel (so
 * polymorphic, slower), but no code generation from strings.
 *
 * @param fn The kernel.
 * @returns The loop.
 */
export function closureLoop(fn: ScalarFn): LoopFn {
  return (x, out, n) => {
    for (let i = 0; i < n; i++) out[i] = fn(x[i]!);
  };
}

/**
 * Turn loop compilation on or off for loops created from now on (loops are
 * created on the first array call of each kernel and element kind). For
 * tests and benchmarks of the fallback path.
 *
 * @param enabled False to use {@linkcode closureLoop} only.
 */
export function setLoopCompilation(enabled: boolean): void {
  compilationEnabled = enabled;
}

/**
 * How the loops created now are made: "compiled", or "closure" where code
 * generation is forbidden or compilation is turned off.
 *
 * @returns The mode.
 */
export function loopMode(): "compiled" | "closure" {
  if (!compilationEnabled) return "closure";
  if (codegen === undefined) {
    try {
      compiledLoop((x) => x);
      codegen = true;
    } catch {
      codegen = false;
    }
  }
  return codegen ? "compiled" : "closure";
}

function makeLoop(fn: ScalarFn): LoopFn {
  return loopMode() === "compiled" ? compiledLoop(fn) : closureLoop(fn);
}

/** Elements per loop call for long typed arrays (see `runChunked`). */
const CHUNK = 8192;

/**
 * Run `loop` over a typed array in chunks (views, no copies): V8 tiers a
 * function up to its optimising compiler by call count, and one call over
 * 10^6 elements stays in the mid tier (Maglev) for good — measured 3–7×
 * slower than the same loop after tier-up.
 */
function runChunked(loop: LoopFn, x: TypedInput, out: TypedOutput): void {
  const n = x.length;
  if (n <= CHUNK) {
    loop(x, out, n);
    return;
  }
  for (let s = 0; s < n; s += CHUNK) {
    const e = Math.min(n, s + CHUNK);
    loop(x.subarray(s, e), out.subarray(s, e), e - s);
  }
}

// ---------------------------------------------------------- input, `out`

type TypedInput = IntegerArray | Float16Array | Float32Array | Float64Array;
type TypedOutput = Float16Array | Float32Array | Float64Array;
type Ctor = abstract new (...args: never[]) => TypedInput;

const F16: (new (n: number) => Float16Array) | undefined =
  (globalThis as { Float16Array?: new (n: number) => Float16Array })
    .Float16Array;

/** Input constructor → the output constructor (float inputs keep theirs). */
const KINDS: ReadonlyArray<
  readonly [Ctor, new (n: number) => TypedOutput, string]
> = [
  [Float64Array, Float64Array, "Float64Array"],
  [Float32Array, Float32Array, "Float32Array"],
  ...(F16 ? [[F16, F16, "Float16Array"] as const] : []),
  [Int8Array, Float64Array, "Int8Array"],
  [Uint8Array, Float64Array, "Uint8Array"],
  [Uint8ClampedArray, Float64Array, "Uint8ClampedArray"],
  [Int16Array, Float64Array, "Int16Array"],
  [Uint16Array, Float64Array, "Uint16Array"],
  [Int32Array, Float64Array, "Int32Array"],
  [Uint32Array, Float64Array, "Uint32Array"],
];

const INPUT_TYPES =
  "a number, an array of numbers, or a typed array of numbers (float or integer; not bigint)";

/** A prepared call: the input to read, the output to write, the loop key. */
export interface Prepared {
  /** The input (a copy when `out` partly overlaps it). */
  readonly x: ArrayLike<number>;
  /** The output buffer. */
  readonly out: number[] | TypedOutput;
  /** One loop per input kind: the input's constructor name, or "Array". */
  readonly kind: string;
}

/**
 * Validate the input and `out` of an elementwise call and allocate `out`
 * when it is missing (see the module notes for the rules).
 *
 * @param x The input.
 * @param out The output buffer, if any.
 * @returns What to run.
 * @throws {TypeError} for an input or `out` of the wrong type, a frozen
 * `out`, or a non-number element of a plain array.
 * @throws {RangeError} for an `out` of the wrong length.
 */
export function prepareOutput(x: unknown, out: unknown): Prepared {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== "number") {
        throw typeError(`x[${i}]`, "a number", x[i]);
      }
    }
    if (out === undefined) {
      return { x, out: new Array<number>(x.length), kind: "Array" };
    }
    if (!Array.isArray(out)) {
      throw typeError("out", "an Array like the input", out);
    }
    checkLength(out.length, x.length);
    checkWritable(out);
    return { x, out, kind: "Array" };
  }
  if (ArrayBuffer.isView(x)) {
    for (const [In, Out, name] of KINDS) {
      if (!(x instanceof In)) continue;
      const input = x as TypedInput;
      if (out === undefined) {
        return { x: input, out: new Out(input.length), kind: name };
      }
      if (!(out instanceof Out)) {
        throw typeError(
          "out",
          `a ${Out.name} for ${
            name === Out.name ? "a" : "an integer"
          } ${name} input`,
          out,
        );
      }
      checkLength(out.length, input.length);
      return { x: separate(input, out), out, kind: name };
    }
    if (x instanceof BigInt64Array || x instanceof BigUint64Array) {
      throw new TypeError(
        `\`x\` must be ${INPUT_TYPES}: current value is ${
          describeValue(x)
        }, whose elements are bigints`,
      );
    }
  }
  throw typeError("x", INPUT_TYPES, x);
}

function checkLength(got: number, want: number): void {
  if (got !== want) {
    throw new RangeError(
      `\`out\` must have the input's length ${want}: current length is ${got}`,
    );
  }
}

/** A frozen or sealed-with-holes `out` would ignore or reject the writes. */
function checkWritable(out: number[]): void {
  if (out.length > 0 && (Object.isFrozen(out) || !Object.isExtensible(out))) {
    checkEveryElementWritable(out);
  }
}

function checkEveryElementWritable(out: number[]): void {
  const extensible = Object.isExtensible(out);
  for (let i = 0; i < out.length; i++) {
    const d = Object.getOwnPropertyDescriptor(out, i);
    if (d === undefined ? !extensible : d.writable !== true) {
      throw typeError("out", "a writable array", out);
    }
  }
}

/**
 * The input to read when `out` may share its memory: the input itself when
 * the two are disjoint or the very same elements (in place), else a copy —
 * an elementwise loop over a shifted view would read what it just wrote.
 */
function separate(x: TypedInput, out: TypedOutput): TypedInput {
  if (x.buffer !== out.buffer) return x;
  const xs = x.byteOffset;
  const os = out.byteOffset;
  if (xs + x.byteLength <= os || os + out.byteLength <= xs) return x;
  if (xs === os && x.constructor === out.constructor) return x;
  return x.slice();
}

// ------------------------------------------------------------ elementwise

/**
 * Build an {@linkcode Elementwise} from a scalar kernel. The array loops
 * are compiled lazily: one per input kind, on the first call with an array
 * of that kind.
 *
 * @param scalar The kernel for one number.
 * @param inLoop The kernel the array loops run (default `scalar`); it must
 * give the same results as `scalar`, bit for bit.
 * @param fast A loop tried first on typed-array inputs
 * (the WebAssembly kernels: within the accuracy bounds of the tests, not
 * bit for bit); when it returns false, the JavaScript loop runs.
 * @returns The callable with the overloads of {@linkcode Elementwise}.
 *
 * @example Usage
 * ```ts
 * import { elementwise } from "./_elementwise.ts";
 * import { assertEquals } from "@std/assert";
 * const square = elementwise((x) => x * x);
 * assertEquals(square(3), 9);
 * assertEquals(square([1, 2]), [1, 4]);
 * assertEquals(square(new Float32Array([2])), new Float32Array([4]));
 * assertEquals(square(new Int8Array([-3])), new Float64Array([9]));
 * ```
 */
export function elementwise(
  scalar: ScalarFn,
  inLoop: ScalarFn = scalar,
  fast?: FastLoop,
): Elementwise {
  const loops = new Map<string, LoopFn>();
  function apply(x: unknown, out?: unknown): unknown {
    if (typeof x === "number") return scalar(x);
    const p = prepareOutput(x, out);
    // the WebAssembly kernels (lib/_wasm/), where they exist and take it
    if (
      fast !== undefined && p.kind !== "Array" &&
      fast(p.x as TypedInput, p.out as TypedOutput)
    ) {
      return p.out;
    }
    let loop = loops.get(p.kind);
    if (loop === undefined) {
      loop = makeLoop(inLoop);
      loops.set(p.kind, loop);
    }
    if (p.kind === "Array") {
      try {
        loop(p.x, p.out, p.x.length);
      } catch (e) {
        // an element of `out` made read-only one by one (the loops are
        // strict, so the write throws instead of being ignored)
        if (e instanceof TypeError) {
          checkEveryElementWritable(p.out as number[]);
        }
        throw e;
      }
    } else {
      runChunked(loop, p.x as TypedInput, p.out as TypedOutput);
    }
    return p.out;
  }
  LOOPS.set(apply, loops);
  return apply as Elementwise;
}

const LOOPS = new WeakMap<object, Map<string, LoopFn>>();

/**
 * How many loops an {@linkcode Elementwise} has made so far (compiled or
 * closures; for the tests of laziness); 0 for anything else.
 *
 * @param fn An elementwise function.
 * @returns The count.
 */
export function compiledLoopCount(fn: unknown): number {
  return typeof fn === "function" ? LOOPS.get(fn)?.size ?? 0 : 0;
}
