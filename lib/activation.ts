/**
 * The `Activation` type and the elementwise machinery shared by every
 * activation function: one scalar kernel, applied to a `number`, a
 * `number[]`, a `Float32Array` or a `Float64Array`, with an optional `out`
 * buffer.
 *
 * Conventions (see DESIGN.md):
 * - inputs are never mutated, unless the caller passes the input as `out`;
 * - `out` of the wrong length is a `RangeError`, of the wrong element type a
 *   `TypeError`;
 * - the elements of a `number[]` must be numbers (`TypeError` otherwise);
 *   NaN and ±∞ are data and propagate (NaN in, NaN out);
 * - a `Float32Array` is computed in double precision and rounded once, when
 *   the result is stored.
 *
 * @module
 */
import { resolveSwitch } from "./_param_input.ts"; // issue 12

/** A typed array of floats: the two element types the kernels accept. */
export type FloatArray = Float32Array | Float64Array;

/** The numeric hyperparameters of an activation, by name. */
export type Params = Readonly<Record<string, number>>;

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
 * An elementwise function with the four overloads of the contract: a number,
 * a plain array, or a typed array (optionally written into `out`).
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
}

/** Where an activation's output can go: the closed hull of its values. */
export type Range = readonly [lo: number, hi: number];

/**
 * Qualitative properties of an activation, as data. Each claim is checked
 * numerically on a dense grid by the test suite.
 */
export interface Traits {
  /**
   * f'(x) → 0 as x → −∞ and as x → +∞ (Gulcehre et al. 2016, "Noisy
   * Activation Functions", definition 1). ReLU is not saturating: f'(+∞) = 1.
   */
  readonly saturating: boolean;
  /** Which tails saturate (f' → 0 there). */
  readonly saturates: {
    readonly negative: boolean;
    readonly positive: boolean;
  };
  /** f is non-decreasing on the whole real line. */
  readonly monotonic: boolean;
  /** f' is non-decreasing or non-increasing on the whole real line. */
  readonly derivativeMonotonic: boolean;
  /** f takes both negative and positive values (outputs centred on 0). */
  readonly zeroCentered: boolean;
  /** The infimum and supremum of f over the real line. */
  readonly range: Range;
  /**
   * "discontinuous": f jumps; "C0": f continuous, f' jumps; "C1": f'
   * continuous, f'' jumps; "smooth": infinitely differentiable.
   */
  readonly smoothness: "discontinuous" | "C0" | "C1" | "smooth";
}

/** LaTeX for f, f' and f''. */
export interface Formula {
  /** The function, e.g. `\sigma(x) = \frac{1}{1+e^{-x}}`. */
  readonly f: string;
  /** Its derivative. */
  readonly df: string;
  /**
   * Its second derivative, with the convention at kinks (issue 12). Every
   * Activation has it (see {@linkcode ActivationFormula}); softmax's
   * formulas do not.
   */
  readonly d2f?: string;
}

/** LaTeX for f, f' and f'' of an {@linkcode Activation}. */
export interface ActivationFormula extends Formula {
  /** Its second derivative, with the convention at kinks. */
  readonly d2f: string;
}

/** One hyperparameter: default, admissible interval and how to show it. */
export interface ParamSpec {
  /** The default value. */
  readonly default: number;
  /** The smallest admissible value (inclusive unless `exclusiveMin`). */
  readonly min?: number;
  /** The largest admissible value (inclusive). */
  readonly max?: number;
  /** True when `min` itself is not admissible. */
  readonly exclusiveMin?: boolean;
  /** LaTeX symbol, e.g. `\alpha`. */
  readonly symbol: string;
  /** One line on what it does. */
  readonly description: string;
  /** A sensible interval for sliders and plots. */
  readonly explore: readonly [number, number];
  // issue 12 (peers): switches and unbounded caps.
  /**
   * A switch: the value is an integer index into `labels`, and `with()`
   * also takes a label (`"tanh"`) or a boolean (`false` → 0, `true` → 1).
   */
  readonly labels?: readonly string[];
  /** ±∞ is admissible (e.g. ReLU's `maxValue`: ∞ means no cap). */
  readonly allowInfinity?: boolean;
}

/**
 * What `with()` takes: numbers, and for switches (a {@linkcode ParamSpec}
 * with `labels`) a label or a boolean as well.
 */
export type ParamInput<P extends Params> = {
  readonly [K in keyof P]?: P[K] | boolean | string;
};

/** A bibliographic source for a formula or a constant. */
export interface Reference {
  /** Authors and year, e.g. "Clevert, Unterthiner & Hochreiter 2015". */
  readonly authors: string;
  /** Title of the paper. */
  readonly title: string;
  /** A stable link (arXiv, DOI). */
  readonly url: string;
}

/**
 * An elementwise activation: callable on numbers and arrays, with its
 * derivative, formulas, parameters and traits attached.
 *
 * @example Usage
 * ```ts
 * import { sigmoid } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(sigmoid(0), 0.5);
 * assertEquals(sigmoid.derivative(0), 0.25);
 * assertEquals(sigmoid.id, "sigmoid");
 * ```
 */
export interface Activation<P extends Params = Params> extends Elementwise {
  /** Machine name, e.g. "leakyRelu". */
  readonly id: string;
  /** Display name, e.g. "Leaky ReLU". */
  readonly label: string;
  /** f'(x), with the same overloads as f. */
  readonly derivative: Elementwise;
  /**
   * f''(x), with the same overloads as f: closed form, stable in the tails;
   * at a kink the value of the side the f' convention takes.
   */
  readonly secondDerivative: Elementwise;
  /** LaTeX for f, f' and f'' (with the current parameters). */
  readonly formula: ActivationFormula;
  /** Qualitative properties (with the current parameters). */
  readonly traits: Traits;
  /** The current parameter values. */
  readonly params: P;
  /** The parameter specifications (defaults, bounds, symbols). */
  readonly paramSpecs: { readonly [K in keyof P]: ParamSpec };
  /** A one-paragraph description, with the convention at 0. */
  readonly description: string;
  /** The paper(s) the definition comes from. */
  readonly references: readonly Reference[];
  /**
   * A new activation with some parameters changed; the others keep their
   * current values.
   *
   * @throws {RangeError} if a value is outside its admissible interval.
   * @throws {TypeError} if a value is not a number or the name is unknown.
   */
  with(params: ParamInput<P>): Activation<P>;
  /** The Jupyter display hook (installed by the display module). */
  [Symbol.toStringTag]: string;
}

/** What an activation file provides to {@linkcode defineActivation}. */
export interface ActivationSpec<P extends Params> {
  /** Machine name. */
  readonly id: string;
  /** Display name. */
  readonly label: string;
  /** Parameter specifications, by name. */
  readonly params: { readonly [K in keyof P]: ParamSpec };
  /** Builds the scalar kernels for given parameter values. */
  kernels(p: P): {
    f: ScalarFn;
    df: ScalarFn;
    /**
     * f'' in closed form (issue 12). Every built-in activation gives it; a
     * custom one without it gets a central difference of f' (formula card:
     * "≈"), see {@linkcode defineActivation}.
     */
    d2f?: ScalarFn;
    /**
     * Optional loop-shaped kernels: the same results as `f` / `df` bit for
     * bit, written to run fast in a loop over arrays (no branch on the sign
     * of x, which mixed-sign data mispredicts half the time). The tests
     * compare them with `f` / `df` element by element.
     */
    fInLoop?: ScalarFn;
    dfInLoop?: ScalarFn;
    d2fInLoop?: ScalarFn;
  };
  /** LaTeX for given parameters (f'' optional, as the kernel). */
  formula(p: P): Formula;
  /** Traits for given parameters. */
  traits(p: P): Traits;
  /** One paragraph: what it is, the convention at 0. */
  readonly description: string;
  /** Sources. */
  readonly references: readonly Reference[];
}

/** The symbol Deno's Jupyter kernel calls to get a mime bundle. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for(
  "Jupyter.display",
) as never;

/** A function that turns a displayable object into a Jupyter mime bundle. */
export type DisplayHook = (target: unknown) => Record<string, unknown>;

let displayHook: DisplayHook | undefined;

/**
 * Install the function that renders activations in Jupyter. The display
 * module calls this on import, so the math never imports the display code.
 *
 * @param hook The renderer, or `undefined` to fall back to plain text.
 */
export function setActivationDisplayHook(hook: DisplayHook | undefined): void {
  displayHook = hook;
}

/**
 * Format a value for an error message: strings quoted, others via String.
 *
 * @param value Any value.
 * @returns A short printable form.
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    return Object.is(value, -0) ? "-0" : String(value);
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "object") {
    return `a ${(value as object).constructor?.name ?? "object"}`;
  }
  return String(value);
}

/**
 * Check one hyperparameter against its specification.
 *
 * @param name The parameter's name (for the message).
 * @param value The value to check.
 * @param spec Its admissible interval.
 * @returns The value, when admissible.
 * @throws {TypeError} if `value` is not a number.
 * @throws {RangeError} if `value` is NaN, infinite or outside the interval.
 */
export function checkParam(
  name: string,
  value: unknown,
  spec: ParamSpec,
): number {
  if (typeof value !== "number") {
    throw new TypeError(
      `\`${name}\` must be a number: current value is ${describeValue(value)}`,
    );
  }
  const lo = spec.min ?? -Infinity;
  const hi = spec.max ?? Infinity;
  const okLo = spec.exclusiveMin ? value > lo : value >= lo;
  const finite = Number.isFinite(value) ||
    (spec.allowInfinity === true && !Number.isNaN(value)); // issue 12
  if (!finite || !okLo || !(value <= hi)) {
    const bounds = [
      Number.isFinite(lo) ? `${spec.exclusiveMin ? ">" : ">="} ${lo}` : "",
      Number.isFinite(hi) ? `<= ${hi}` : "",
    ].filter((s) => s !== "").join(" and ");
    throw new RangeError(
      `\`${name}\` must be a ${spec.allowInfinity ? "" : "finite "}number${
        bounds ? " " + bounds : ""
      }: current value is ${describeValue(value)}`,
    );
  }
  return value;
}

/** One loop per element kind, all running the same scalar kernel. */
interface Loops {
  f64: LoopFn;
  f32: LoopFn;
  array: LoopFn;
}

const LOOP_SOURCE =
  "return function loop(x, out, n) { for (let i = 0; i < n; i++) out[i] = fn(x[i]); };";
let loopSerial = 0;

/**
 * Compile a loop for `fn`. V8 keeps type feedback per function literal, not
 * per closure: one shared loop literal would see every activation's `fn`
 * at its call site (megamorphic: no inlining) and Float64Array, Float32Array
 * and Array at its loads and stores (polymorphic). Compiling the loop from
 * its source text for each kernel and each element kind gives every copy
 * one `fn` and one element kind, so V8 inlines the kernel into a
 * monomorphic loop — measured 2–5× faster. (`Function` compiles this
 * constant string, never user input; a host that forbids it, e.g. a strict
 * Content-Security-Policy, gets the shared closure instead.)
 */
function compileLoop(fn: ScalarFn): LoopFn {
  try {
    // A distinct source text per copy: V8's compilation cache would hand
    // back one shared function (one shared feedback) for identical text.
    return new Function("fn", `${LOOP_SOURCE} // ${loopSerial++}`)(
      fn,
    ) as LoopFn;
  } catch {
    return (x, out, n) => {
      for (let i = 0; i < n; i++) out[i] = fn(x[i]!);
    };
  }
}

function compileLoops(fn: ScalarFn): Loops {
  return { f64: compileLoop(fn), f32: compileLoop(fn), array: compileLoop(fn) };
}

/** Elements per loop call for long typed arrays (see `elementwise`). */
const CHUNK = 8192;

/**
 * Run `loop` over a typed array in chunks (views, no copies): V8 tiers a
 * function up to its optimising compiler by call count, and one call over
 * 10^6 elements stays in the mid tier (Maglev) for good — measured 3–7×
 * slower than the same loop after tier-up.
 */
function runChunked(loop: LoopFn, x: FloatArray, out: FloatArray): void {
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

/**
 * Validate the input and `out` of an elementwise call, and allocate `out`
 * when it is missing.
 *
 * @param x The input.
 * @param out The output buffer, if any.
 * @returns The output buffer to write.
 */
export function prepareOutput(
  x: unknown,
  out: unknown,
): Float64Array | Float32Array | number[] {
  if (x instanceof Float64Array || x instanceof Float32Array) {
    if (out === undefined) {
      return x instanceof Float64Array
        ? new Float64Array(x.length)
        : new Float32Array(x.length);
    }
    if (out === null || (out as object).constructor !== x.constructor) {
      throw new TypeError(
        `\`out\` must be a ${x.constructor.name} like the input: current value is ${
          describeValue(out)
        }`,
      );
    }
    const o = out as FloatArray;
    if (o.length !== x.length) {
      throw new RangeError(
        `\`out\` must have the input's length ${x.length}: current length is ${o.length}`,
      );
    }
    return o;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== "number") {
        throw new TypeError(
          `\`x[${i}]\` must be a number: current value is ${
            describeValue(x[i])
          }`,
        );
      }
    }
    if (out === undefined) return new Array<number>(x.length);
    if (!Array.isArray(out)) {
      throw new TypeError(
        `\`out\` must be an Array like the input: current value is ${
          describeValue(out)
        }`,
      );
    }
    if (out.length !== x.length) {
      throw new RangeError(
        `\`out\` must have the input's length ${x.length}: current length is ${out.length}`,
      );
    }
    return out as number[];
  }
  throw new TypeError(
    `\`x\` must be a number, an array of numbers, a Float32Array or a Float64Array: current value is ${
      describeValue(x)
    }`,
  );
}

/**
 * Build an {@linkcode Elementwise} from a scalar kernel.
 *
 * @param scalar The kernel for one number.
 * @param inLoop The kernel the array loops run (default `scalar`); it must
 * give the same results as `scalar`, bit for bit.
 * @returns The callable with the four overloads.
 *
 * @example Usage
 * ```ts
 * import { elementwise } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * const square = elementwise((x) => x * x);
 * assertEquals(square(3), 9);
 * assertEquals(square([1, 2]), [1, 4]);
 * assertEquals(square(new Float32Array([2])), new Float32Array([4]));
 * ```
 */
export function elementwise(
  scalar: ScalarFn,
  inLoop: ScalarFn = scalar,
): Elementwise {
  const loops = compileLoops(inLoop);
  function apply(x: unknown, out?: unknown): unknown {
    if (typeof x === "number") return scalar(x);
    const o = prepareOutput(x, out);
    if (x instanceof Float64Array) {
      runChunked(loops.f64, x, o as Float64Array);
    } else if (x instanceof Float32Array) {
      runChunked(loops.f32, x, o as Float32Array);
    } else {
      const arr = x as number[];
      loops.array(arr, o, arr.length);
    }
    return o;
  }
  return apply as Elementwise;
}

/**
 * Turn an {@linkcode ActivationSpec} into an {@linkcode Activation}.
 *
 * @param spec The activation's definition.
 * @param overrides Parameter values other than the defaults.
 * @returns The activation.
 * @throws {RangeError} if a parameter is outside its interval.
 * @throws {TypeError} if a parameter is not a number or unknown.
 */
export function defineActivation<P extends Params>(
  spec: ActivationSpec<P>,
  overrides: ParamInput<P> = {},
): Activation<P> {
  const values: Record<string, number> = {};
  for (const name of Object.keys(spec.params)) {
    values[name] = spec.params[name]!.default;
  }
  if (overrides === null || typeof overrides !== "object") {
    throw new TypeError(
      `\`params\` must be an object: current value is ${
        describeValue(overrides)
      }`,
    );
  }
  for (const [name, value] of Object.entries(overrides)) {
    const ps = (spec.params as Record<string, ParamSpec>)[name];
    if (ps === undefined) {
      const known = Object.keys(spec.params);
      throw new TypeError(
        `\`${name}\` is not a parameter of ${spec.id}: ${
          known.length
            ? "it has " + known.map((k) => `\`${k}\``).join(", ")
            : "it has none"
        }`,
      );
    }
    values[name] = checkParam(name, resolveSwitch(name, value, ps), ps);
  }
  const params = Object.freeze(values) as unknown as P;
  const k = spec.kernels(params);
  const f = elementwise(k.f, k.fInLoop);
  const df = elementwise(k.df, k.dfInLoop);
  // issue 12: f'' (a central difference of f' for a custom spec without it)
  const d2f = k.d2f === undefined
    ? elementwise(centralDifference(k.df))
    : elementwise(k.d2f, k.d2fInLoop);
  const given = spec.formula(params);
  const formula: ActivationFormula = Object.freeze({
    ...given,
    d2f: given.d2f ??
      "f''(x) \\approx \\frac{f'(x + h) - f'(x - h)}{2h}",
  });
  const traits = Object.freeze(spec.traits(params));
  const self = f as unknown as Record<PropertyKey, unknown>;
  const summary = () => {
    const ps = Object.entries(params).map(([n, v]) => `${n}=${v}`).join(", ");
    return `Activation ${spec.label}${ps ? ` (${ps})` : ""}`;
  };
  Object.defineProperties(self, {
    id: { value: spec.id, enumerable: true },
    label: { value: spec.label, enumerable: true },
    derivative: { value: df, enumerable: true },
    secondDerivative: { value: d2f, enumerable: true },
    formula: { value: formula, enumerable: true },
    traits: { value: traits, enumerable: true },
    params: { value: params, enumerable: true },
    paramSpecs: { value: spec.params, enumerable: true },
    description: { value: spec.description, enumerable: true },
    references: { value: spec.references, enumerable: true },
    with: {
      value: (p: ParamInput<P>) =>
        defineActivation(
          spec,
          { ...params, ...checkOverrides(p) } as ParamInput<P>,
        ),
    },
    toString: { value: summary },
    [Symbol.toStringTag]: { value: "Activation" },
    [Symbol.for("Deno.customInspect")]: { value: summary },
    [JUPYTER_DISPLAY]: {
      value: () =>
        displayHook ? displayHook(self) : { "text/plain": summary() },
    },
  });
  return self as unknown as Activation<P>;
}

/**
 * f'' of a custom activation that gives no closed form (issue 12): the
 * central difference of f' with the step h = ε^{1/3}·max(1, |x|) that
 * balances truncation and rounding (Numerical Recipes §5.7), about 1e-10
 * relative; NaN stays NaN, and ±∞ give 0.
 *
 * @param df The exact f'.
 * @returns An approximate f''.
 */
function centralDifference(df: ScalarFn): ScalarFn {
  const h0 = Math.cbrt(Number.EPSILON);
  return (x) => {
    if (!Number.isFinite(x)) return x === x ? 0 : x;
    const h = h0 * Math.max(1, Math.abs(x));
    const r = (df(x + h) - df(x - h)) / (2 * h);
    return r === r ? r : 0;
  };
}

function checkOverrides<T>(p: T): T {
  if (p === null || typeof p !== "object" || Array.isArray(p)) {
    throw new TypeError(
      `\`params\` must be an object: current value is ${describeValue(p)}`,
    );
  }
  return p;
}

/**
 * Is `value` an {@linkcode Activation}?
 *
 * @param value Anything.
 * @returns True for objects made by {@linkcode defineActivation}.
 */
export function isActivation(value: unknown): value is Activation {
  return typeof value === "function" &&
    (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ===
      "Activation";
}
