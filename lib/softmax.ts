/**
 * Softmax, log-softmax and log-sum-exp over an axis of N-dimensional data,
 * with their Jacobians and the vector–Jacobian (`vjp`) and Jacobian–vector
 * (`jvp`) products that back-propagation uses.
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
 * ## Inputs and their forms
 *
 * - A vector: `number[]`, `Float64Array`, `Float32Array`, `Float16Array`
 *   (where the engine has it) or an integer typed array (`Int8Array` …
 *   `Uint32Array`, `Uint8ClampedArray`). The result has the input's kind,
 *   except that integer input gives a `Float64Array`. `Float32Array` and
 *   `Float16Array` are computed in double precision and rounded once.
 * - Nested arrays of any depth (`number[][]`, `number[][][]`, an array of
 *   typed-array rows …), rectangular: a ragged level is a `RangeError`
 *   naming where (`` `a[1][0]` must have the length of `a[0][0]` (3) ``).
 *   The result is nested the same way, each innermost array of its input
 *   row's kind. The 2-D batch of rows of version 0.1 is this case.
 * - A flat array (typed or plain) with the option `shape: [d0, d1, …]`
 *   (product = length), read in row-major order; the result is one flat
 *   array of the input's kind. A flat batch of `rows` rows of length n is
 *   `shape: [rows, n]`.
 *
 * `axis` (default −1, the last) picks the dimension the map runs along;
 * negative values count from the end, and an array of distinct axes runs
 * over all of them at once (the lane is their entries in row-major order,
 * as SciPy's and JAX's tuple axes). Out of range: `RangeError`.
 *
 * `where` (as `jax.nn.softmax(x, axis, where=…)`): a boolean mask — `true` /
 * `false`, an array of booleans or nested arrays of them, or a `Uint8Array`
 * (nonzero = takes part) — of the input's shape, or of its trailing
 * dimensions (then it repeats along the leading ones). Masked entries take
 * no part: softmax gives them 0, log-softmax −∞, the products 0, and a
 * lane with nothing unmasked gives all 0 (softmax) or all −∞ (log-softmax),
 * not NaN.
 *
 * ## Calling conventions
 *
 * - The second argument of the maps is an options object
 *   `{ temperature?, axis?, where?, shape?, out? }` or, as for every
 *   elementwise activation, the `out` buffer itself: `softmax(a, out)` is
 *   `softmax(a, { out })`. `out` must have the form, kind and shape of the
 *   result (`TypeError` / `RangeError` otherwise); a frozen array is a
 *   `TypeError` naming `out`.
 * - `out` may be `a` itself (in place), and may overlap the inputs in any
 *   other way (rows of `out` that are other rows of `a`, a subarray shifted
 *   by one): the result is always as if the inputs had been copied first
 *   (they are, when the overlap is not exactly in place). Rows of `out`
 *   that overlap one another are a `RangeError`.
 * - `vjp(a, g, options?)` and `jvp(a, t, options?)` take the same options;
 *   `g` / `t` have the shape of `a` (nested like it, or flat when `a` is
 *   flat); the result has the form of `a`.
 * - `jacobian(a, options?)` (options `temperature`, `axis`, `where`,
 *   `shape`) returns one dense n × n `number[][]` per lane: a matrix for a
 *   vector, an array of matrices for a batch of rows, and for N-d input the
 *   matrices nested along the dimensions that remain (shape
 *   [...kept, n, n]).
 * - Unknown option names are a `TypeError` naming them. Inputs are never
 *   mutated, unless passed as `out`.
 *
 * ## Numerics
 *
 * - Stable: every exponent is shifted by the lane maximum m, e^{(a_i − m)/T}
 *   ≤ 1, so nothing overflows and the largest term is exactly 1 (the
 *   log-sum-exp trick). The normaliser is then 1 + r with r the sum of the
 *   other terms, which gives log-softmax as (a_i − m)/T − log1p(r) (exactly 0
 *   for a lone maximum whose rivals are −∞) and 1 − S_max = r / (1 + r)
 *   without cancellation (used on the Jacobian's diagonal).
 * - r, ⟨g, S⟩ and Σg are compensated (Neumaier) sums.
 *
 * ## Special values (a lane at a time, over its unmasked entries)
 *
 * - NaN anywhere in a lane makes the whole lane NaN (it reaches the
 *   normaliser), as in PyTorch, JAX and TensorFlow.
 * - −∞ entries get probability 0 (log-probability −∞).
 * - +∞ entries: the limit of softmax as those entries grow together, so the
 *   mass is split equally over the k entries equal to +∞ (1/k each, log-softmax
 *   −log k) and every other entry gets 0 (log −∞). One +∞ entry gives a
 *   one-hot vector. (PyTorch returns NaN here, from ∞ − ∞.)
 * - A lane whose unmasked entries are all −∞ has no distribution: NaN, as in
 *   PyTorch, JAX and TensorFlow (a lane with no unmasked entry is not this
 *   case: see `where`). `logsumexp` of such a lane is −∞.
 * - An empty input gives an empty output; `logsumexp([])` is −∞.
 * - Derivatives are computed from S with these conventions (e.g. a one-hot S
 *   gives a zero softmax Jacobian).
 *
 * @module
 */
import type { IntegerArray } from "./_elementwise.ts";
import {
  type DisplayHook,
  type Formula,
  JUPYTER_DISPLAY,
  type ParamSpec,
  type Reference,
} from "./activation.ts";
import {
  checkBoolean,
  checkNumber,
  checkOptions,
  typeError,
} from "./_validate.ts";
import {
  type Complement,
  type Data,
  logSoftmaxJvp,
  logSoftmaxLane,
  logSoftmaxVjp,
  logsumexpLane,
  neumaierResult,
  neumaierStep,
  newScan,
  type ProductKernel,
  softmaxLane,
  softmaxProduct,
} from "./_softmax_kernels.ts";
import {
  type Broadcast,
  flatten as flattenTensor,
  isRowLike,
  normalizeAxes,
  outputConflicts,
  parseLike,
  parseTensor,
  parseWeights,
  parseWhere,
  type Plan,
  planLanes,
  prepareOutput,
  type Tensor,
} from "./_softmax_layout.ts";
import { softmaxBlocks, softmaxVjpBlocks } from "./_wasm/softmax.ts";
import {
  driveLanes,
  jacobians,
  type LaneFn,
  logsumexpGradients,
  reducedForm,
  reduceLogsumexp,
  storeAll,
} from "./_softmax_engine.ts";

/** A vector the softmax family writes: a plain array or a float typed array. */
export type Vector = number[] | Float64Array | Float32Array;

/** A vector the softmax family reads (never mutated). */
export type ReadonlyVector = readonly number[] | Float64Array | Float32Array;

/** Every flat numeric input: plain numbers or a non-bigint typed array. */
export type NumericArray =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Float16Array
  | IntegerArray;

/** Nested arrays of any depth whose innermost arrays are numeric. */
export type NestedArray = readonly (NumericArray | NestedArray)[];

/** The result for nested input: nested the same way. */
export type NestedResult =
  (number[] | Float64Array | Float32Array | Float16Array | NestedResult)[];

/** Nested arrays of booleans (innermost may be `Uint8Array`s). */
export type NestedMask =
  readonly (readonly boolean[] | Uint8Array | NestedMask)[];

/**
 * A `where` mask: a boolean for every entry, or a boolean broadcast along
 * the leading dimensions (`true` = takes part).
 */
export type Mask = boolean | readonly boolean[] | Uint8Array | NestedMask;

/** Options of every call of the family that maps (not `logsumexp`). */
export interface TemperatureOptions {
  /**
   * T > 0: the map is applied to a / T. Low T sharpens towards argmax, high
   * T flattens towards uniform. Default 1.
   */
  readonly temperature?: number;
  /**
   * The axis (or distinct axes) the map runs along; negative counts from
   * the end. Default −1.
   */
  readonly axis?: number | readonly number[];
  /** Entries that take part (as JAX's `where`); the others get 0 / −∞. */
  readonly where?: Mask;
  /** The dimensions of a flat input (row-major; product = length). */
  readonly shape?: readonly number[];
}

/** Options of the calls that return an array of the input's form. */
export interface SoftmaxOptions<O> extends TemperatureOptions {
  /** Where to write the result: same form, kind and shape as the result. */
  readonly out?: O;
}

/**
 * A map applied lane by lane: softmax or log-softmax.
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
  /** Apply to a `Float16Array` (computed in double, rounded once). */
  (
    a: Float16Array,
    options?: SoftmaxOptions<Float16Array> | Float16Array,
  ): Float16Array;
  /** Apply to an integer typed array: the result is a `Float64Array`. */
  (
    a: IntegerArray,
    options?: SoftmaxOptions<Float64Array> | Float64Array,
  ): Float64Array;
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
  /** Apply along an axis of 3-D plain arrays. */
  (
    a: readonly (readonly (readonly number[])[])[],
    options?: SoftmaxOptions<number[][][]> | number[][][],
  ): number[][][];
  /** Apply along an axis of nested arrays of any depth. */
  (
    a: NestedArray,
    options?: SoftmaxOptions<NestedResult> | NestedResult,
  ): NestedResult;
}

/**
 * A product with the Jacobian of a map (vjp or jvp): `v` has the shape of
 * `a`, the result has the form of `a`.
 */
export interface JacobianProduct {
  /** For a plain array. */
  (
    a: readonly number[],
    v: NumericArray,
    options?: SoftmaxOptions<number[]>,
  ): number[];
  /** For a `Float64Array`. */
  (
    a: Float64Array,
    v: NumericArray,
    options?: SoftmaxOptions<Float64Array>,
  ): Float64Array;
  /** For a `Float32Array` (computed in double, rounded once). */
  (
    a: Float32Array,
    v: NumericArray,
    options?: SoftmaxOptions<Float32Array>,
  ): Float32Array;
  /** For a `Float16Array` (computed in double, rounded once). */
  (
    a: Float16Array,
    v: NumericArray,
    options?: SoftmaxOptions<Float16Array>,
  ): Float16Array;
  /** For an integer typed array: a `Float64Array`. */
  (
    a: IntegerArray,
    v: NumericArray,
    options?: SoftmaxOptions<Float64Array>,
  ): Float64Array;
  /** For a batch of plain arrays, row by row. */
  (
    a: readonly (readonly number[])[],
    v: readonly NumericArray[],
    options?: SoftmaxOptions<number[][]>,
  ): number[][];
  /** For a batch of `Float64Array`s. */
  (
    a: readonly Float64Array[],
    v: readonly NumericArray[],
    options?: SoftmaxOptions<Float64Array[]>,
  ): Float64Array[];
  /** For a batch of `Float32Array`s. */
  (
    a: readonly Float32Array[],
    v: readonly NumericArray[],
    options?: SoftmaxOptions<Float32Array[]>,
  ): Float32Array[];
  /** For a batch of rows of mixed kinds. */
  (
    a: readonly ReadonlyVector[],
    v: readonly NumericArray[],
    options?: SoftmaxOptions<Vector[]>,
  ): Vector[];
  /** For 3-D plain arrays. */
  (
    a: readonly (readonly (readonly number[])[])[],
    v: NestedArray,
    options?: SoftmaxOptions<number[][][]>,
  ): number[][][];
  /** For nested arrays of any depth. */
  (
    a: NestedArray,
    v: NestedArray | NumericArray,
    options?: SoftmaxOptions<NestedResult>,
  ): NestedResult;
}

/** Dense Jacobians nested along the dimensions that remain. */
export type NestedMatrices = number[][] | NestedMatrices[];

/** The full Jacobian of a map, as dense `number[][]` matrices. */
export interface JacobianFn {
  /** The n × n Jacobian at a vector. */
  (
    a: NumericArray,
    options?: TemperatureOptions & { readonly shape?: undefined },
  ): number[][];
  /** One n × n Jacobian per row (or per column, `axis: 0`) of a batch. */
  (
    a: readonly NumericArray[],
    options?: TemperatureOptions & { readonly axis?: number },
  ): number[][][];
  /** One n × n Jacobian per lane, nested along the remaining dimensions. */
  (
    a: NumericArray | NestedArray,
    options?: TemperatureOptions,
  ): NestedMatrices;
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
// Options

const TEMPERATURE_SPEC: ParamSpec = Object.freeze({
  default: 1,
  min: 0,
  exclusiveMin: true,
  symbol: "T",
  description:
    "temperature: softmax(a / T); low T sharpens towards argmax, high T flattens",
  explore: [0.1, 10] as const,
});

const MAP_OPTIONS = ["temperature", "axis", "where", "shape", "out"] as const;
const JACOBIAN_OPTIONS = ["temperature", "axis", "where", "shape"] as const;
const LSE_OPTIONS = ["axis", "where", "b", "returnSign", "shape"] as const;
const LSE_DERIVATIVE_OPTIONS = ["axis", "where", "b", "shape"] as const;

interface Parsed {
  readonly T: number;
  readonly out: unknown;
  readonly a: Tensor;
  readonly plan: Plan;
  readonly mask: Broadcast<Uint8Array> | undefined;
}

/**
 * Read `a` and the options (the second argument may be the `out` buffer
 * itself where `out` is allowed).
 */
function parseCall(
  a: unknown,
  options: unknown,
  allowed: readonly string[],
): Parsed {
  const o: Record<string, unknown> =
    allowed.includes("out") && isRowLike(options)
      ? { out: options }
      : checkOptions(
        "options",
        options as Record<string, unknown> | undefined,
        allowed,
      );
  const T = o.temperature === undefined
    ? 1
    : checkNumber("temperature", o.temperature, { min: 0, exclusiveMin: true });
  const t = parseTensor("a", a, o.shape);
  const plan = planLanes(t.shape, normalizeAxes(o.axis, t.shape.length));
  const mask = o.where === undefined ? undefined : parseWhere(o.where, t);
  return { T, out: o.out, a: t, plan, mask };
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
  fill: number,
  vjpKernel: ProductKernel,
  jvpKernel: ProductKernel,
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
    const p = parseCall(a, options, MAP_OPTIONS);
    const out = prepareOutput(p.a, p.out);
    const acc = new Float64Array(2);
    const scan = newScan();
    const c: Complement = { index: -1, value: NaN };
    const T = p.T;
    const lane: LaneFn = id === "softmax"
      ? (x, xo, _v, _vo, n, tmp) => softmaxLane(x, xo, n, T, tmp, acc, scan, c)
      : (x, xo, _v, _vo, n, tmp) => logSoftmaxLane(x, xo, n, T, tmp, acc, scan);
    // WebAssembly rows (lib/_wasm/softmax.ts) for float rows along the last
    // axis without a mask; rows with NaN/+∞/all −∞ and everything else: JS
    const n = p.plan.n;
    if (
      p.mask === undefined && p.plan.contiguous &&
      !outputConflicts(out, [p.a]) &&
      softmaxBlocks(id, p.a, n, T, out, (b, off) => {
        const tmp = new Float64Array(n);
        lane(p.a.blocks[b]!, off, undefined, 0, n, tmp);
        const dst = out.blocks[b]!;
        for (let i = 0; i < n; i++) dst[off + i] = tmp[i]!;
      })
    ) {
      return out.result;
    }
    driveLanes(p.plan, p.a, undefined, out, p.mask, fill, lane);
    return out.result;
  }
  function product(
    name: "g" | "t",
    kernel: ProductKernel,
  ): (a: unknown, v: unknown, options?: unknown) => unknown {
    return (a, v, options) => {
      const p = parseCall(a, options, MAP_OPTIONS);
      const vt = parseLike(name, v, p.a);
      const out = prepareOutput(p.a, p.out);
      const acc = new Float64Array(2);
      const scan = newScan();
      const c: Complement = { index: -1, value: NaN };
      const s = new Float64Array(p.plan.n);
      const T = p.T;
      const lane: LaneFn = (x, xo, vv, vo, n, tmp) => {
        softmaxLane(x, xo, n, T, s, acc, scan, c);
        kernel(s, vv!, vo, n, T, tmp, acc);
      };
      // WebAssembly rows for the vjp (not the jvp), as in `apply`, when
      // `out` is fresh: the kernels write `out` before the rows they leave
      // to JavaScript are read again
      const n = p.plan.n;
      if (
        name === "g" && out.fresh && p.mask === undefined &&
        p.plan.contiguous &&
        softmaxVjpBlocks(id, p.a, vt, n, T, out, (b, off) => {
          const tmp = new Float64Array(n);
          lane(p.a.blocks[b]!, off, vt.blocks[b]!, off, n, tmp);
          const dst = out.blocks[b]!;
          for (let i = 0; i < n; i++) dst[off + i] = tmp[i]!;
        })
      ) {
        return out.result;
      }
      driveLanes(p.plan, p.a, vt, out, p.mask, 0, lane);
      return out.result;
    };
  }
  function jacobian(a: unknown, options?: unknown): unknown {
    const p = parseCall(a, options, JACOBIAN_OPTIONS);
    return jacobians(p.plan, p.a, p.mask, p.T, jacobianEntry);
  }
  const summary = () =>
    `${label}: a map along an axis (default the last); .jacobian, .vjp, .jvp`;
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

/**
 * The softmax function along an axis, with its Jacobian, vjp and jvp.
 *
 * S_i(a) = e^{a_i/T} / Σ_k e^{a_k/T}, computed with the max shift and a
 * compensated normaliser. ∂S_i/∂a_j = S_i(δ_ij − S_j)/T: S_i(1 − S_j) on the
 * diagonal and −S_i S_j off it (the quotient rule), i.e. (diag(S) − S Sᵀ)/T.
 *
 * Conventions: NaN in a lane gives a NaN lane; −∞ entries get 0; k entries
 * equal to +∞ get 1/k each (the limit), the others 0; a lane of only −∞ is
 * NaN (as PyTorch); masked entries (`where`) get 0, and a lane with nothing
 * unmasked is all 0; an empty input gives an empty output.
 *
 * @param a A vector (plain or typed array), nested arrays of any depth, or
 * a flat array with the option `shape`.
 * @param options `{ temperature?, axis?, where?, shape?, out? }`, or the
 * `out` buffer.
 * @returns The probabilities, of the form and kind of `a` (or `out`;
 * integer input gives `Float64Array`).
 * @throws {TypeError} if `a`, a row or an element is not numeric, if `out`
 * has the wrong kind or is frozen, or an option is unknown or of the wrong
 * type.
 * @throws {RangeError} if the input is ragged (naming where), `out` has the
 * wrong length, `temperature` is not a finite number > 0, `axis` is out of
 * range, or `shape` / `where` do not fit `a`.
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
 *
 * @example Axis, flat data with a shape, and a mask
 * ```ts
 * import { softmax } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 *
 * // down the columns of a 2 × 2 matrix
 * assertEquals(softmax([[0, 5], [0, 5]], { axis: 0 }), [[0.5, 0.5], [0.5, 0.5]]);
 * // a flat Float64Array read as 2 rows of 2: the result is flat too
 * const flat = softmax(new Float64Array([0, 0, 7, 7]), { shape: [2, 2] });
 * assertEquals(Array.from(flat), [0.5, 0.5, 0.5, 0.5]);
 * // where: masked entries get 0, a lane with nothing unmasked all 0
 * assertEquals(softmax([3, 100, 3], { where: [true, false, true] }), [0.5, 0, 0.5]);
 * assertEquals(softmax([1, 2], { where: false }), [0, 0]);
 * ```
 */
export const softmax: SoftmaxFunction = makeMap(
  "softmax",
  "Softmax",
  0,
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
    "(temperature T = 1 by default), along an axis (the last by default) of a vector, " +
    "a batch or N-d data, with an optional mask. It is shift invariant and " +
    "computed with the max shift, so it never overflows. Its Jacobian is " +
    "(diag(S) − S Sᵀ)/T: symmetric, rows summing to 0. NaN propagates to the lane; " +
    "−∞ entries get 0; the k entries equal to +∞ share the mass (1/k each); " +
    "a lane of only −∞ is NaN, as in PyTorch; masked entries get 0.",
);

/**
 * log-softmax along an axis, with its Jacobian, vjp and jvp.
 *
 * log S_i = a_i/T − logsumexp(a/T), computed as (a_i − m)/T − log1p(r) where
 * m is the lane max and r = Σ_{k≠argmax} e^{(a_k − m)/T}: no overflow, no
 * log of 0, and exactly 0 for the maximum when every other entry is −∞.
 * ∂ log S_i/∂a_j = (δ_ij − S_j)/T, i.e. (I − 1 Sᵀ)/T; vjp(a, g) =
 * (g − S·Σg)/T and jvp(a, t) = (t − ⟨S, t⟩)/T.
 *
 * Conventions: as {@linkcode softmax}, taking logs: −∞ entries give −∞, the
 * k entries equal to +∞ give −log k and the others −∞, a lane of only −∞ or
 * with a NaN gives NaN; masked entries give −∞ (gradient 0), and a lane with
 * nothing unmasked is all −∞.
 *
 * @param a A vector, nested arrays of any depth, or a flat array with
 * `shape`.
 * @param options `{ temperature?, axis?, where?, shape?, out? }`, or the
 * `out` buffer.
 * @returns The log-probabilities, of the form and kind of `a` (or `out`).
 * @throws {TypeError} if `a`, a row or an element is not numeric, if `out`
 * has the wrong kind or is frozen, or an option is unknown.
 * @throws {RangeError} if the input is ragged, `out` has the wrong length,
 * `temperature` is not a finite number > 0, or `axis` is out of range.
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
 *
 * @example A mask
 * ```ts
 * import { logSoftmax } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(logSoftmax([7, 7, 9], { where: [true, true, false] }), [-Math.LN2, -Math.LN2, -Infinity]);
 * // the gradient is 0 at masked entries
 * assertEquals(logSoftmax.vjp([7, 7, 9], [1, 0, 5], { where: [true, true, false] }), [0.5, -0.5, 0]);
 * ```
 */
export const logSoftmax: SoftmaxFunction = makeMap(
  "logSoftmax",
  "Log-softmax",
  -Infinity,
  logSoftmaxVjp,
  logSoftmaxJvp,
  (s, c, i, j) => i === j ? oneMinus(s, c, i) : 0 - s[j]!,
  {
    f: "\\log S_i(\\mathbf{a}) = \\frac{a_i}{T} - \\log \\sum_{k=1}^{N} e^{a_k / T}",
    df:
      "\\frac{\\partial \\log S_i}{\\partial a_j} = \\frac{1}{T}\\,(\\delta_{ij} - S_j)",
  },
  "Log-softmax log S_i = a_i/T − logsumexp(a/T), along an axis (the last by default), " +
    "computed with the log-sum-exp shift trick (and log1p), so it never overflows and is " +
    "exactly 0 for a lone maximum. Its Jacobian is (I − 1 Sᵀ)/T and its vjp (g − S·Σg)/T: " +
    "the gradient of the cross-entropy −Σ y log S is S − y for Σy = 1. Masked entries " +
    "give −∞.",
);

// ---------------------------------------------------------------------------
// logsumexp

/** Options of {@linkcode logsumexp}. */
export interface LogsumexpOptions {
  /** The axis (or distinct axes) to reduce; negative counts from the end. Default −1. */
  readonly axis?: number | readonly number[];
  /** Entries that take part (as JAX's `where`); a lane with none gives −∞. */
  readonly where?: Mask;
  /**
   * Weights: log Σ b_i e^{a_i} (as SciPy and JAX). Same shape as `a`, or
   * its trailing dimensions, or one number; may be negative or 0 (an entry
   * with b = 0 takes no part).
   */
  readonly b?: number | NumericArray | NestedArray;
  /** Return `{ value, sign }` (log |Σ b e^a| and the sign of the sum). */
  readonly returnSign?: boolean;
  /** The dimensions of a flat input (row-major). */
  readonly shape?: readonly number[];
}

/** The form of a log-sum-exp result: a number, or arrays of the kept dimensions. */
export type LogsumexpValue =
  | number
  | number[]
  | NestedNumbers
  | Float64Array
  | Float32Array
  | Float16Array;

/** Nested plain arrays of numbers. */
export type NestedNumbers = (number[] | NestedNumbers)[];

/**
 * `logsumexp(a, { returnSign: true })`: `value` = log |Σ b e^a| and `sign`
 * = +1, −1, 0 (an empty or zero sum, with value −∞) or NaN (with value
 * NaN), both of the form of the plain result.
 */
export interface SignedLogsumexp<V extends LogsumexpValue = LogsumexpValue> {
  /** log |Σ b e^a|. */
  readonly value: V;
  /** The sign of Σ b e^a. */
  readonly sign: V;
}

/**
 * Options of {@linkcode logsumexp}'s `vjp` (which writes an array of the
 * input's form, so it takes `out`) and `jvp`.
 */
export interface LogsumexpDerivativeOptions<O = never>
  extends Omit<LogsumexpOptions, "returnSign"> {
  /** `vjp` only: where to write the result (the form and kind of `a`). */
  readonly out?: O;
}

/** log Σ b e^a along an axis, with its vjp and jvp. */
export interface LogsumexpFunction {
  /**
   * log Σ e^{a_k} of a vector: a number.
   *
   * @param a A vector.
   * @param options `{ axis?, where?, b? }`.
   * @returns The value.
   */
  (
    a: NumericArray,
    options?: LogsumexpOptions & {
      readonly returnSign?: false;
      readonly shape?: undefined;
    },
  ): number;
  /**
   * log Σ e^{a_k} of each row of a batch.
   *
   * @param a A batch of equal-length rows.
   * @param options `{ axis?, where?, b? }`.
   * @returns One value per row (per column with `axis: 0`).
   */
  (
    a: readonly NumericArray[],
    options?: LogsumexpOptions & {
      readonly returnSign?: false;
      readonly shape?: undefined;
      readonly axis?: number;
    },
  ): number[];
  /**
   * log |Σ b e^a| and its sign.
   *
   * @param a Any input form.
   * @param options With `returnSign: true`.
   * @returns `{ value, sign }`.
   */
  (
    a: NumericArray | NestedArray,
    options: LogsumexpOptions & { readonly returnSign: true },
  ): SignedLogsumexp;
  /**
   * log Σ b e^a along an axis of any input form.
   *
   * @param a Any input form.
   * @param options The options.
   * @returns The reduced values.
   */
  (
    a: NumericArray | NestedArray,
    options?: LogsumexpOptions,
  ): LogsumexpValue;
  /**
   * Jᵀg: the cotangent `g` of the reduced result (a number for a vector,
   * one per lane otherwise, in the result's form) spread back over `a`:
   * g_lane · ∂ log|Σ b e^a| / ∂a_i, where the derivative is the softmax of
   * the lane (with weights, sign·b_i·e^{a_i − value}); 0 at entries that
   * take no part. The result has the form and kind of `a`.
   */
  readonly vjp: LogsumexpVjp;
  /**
   * J t: ⟨∂ log|Σ b e^a| / ∂a, t⟩ per lane, `t` of the shape of `a`; the
   * result has the form of `logsumexp`'s.
   */
  readonly jvp: LogsumexpJvp;
}

/** `logsumexp.vjp`: the result has the form and kind of `a`. */
export interface LogsumexpVjp {
  /** For a plain array (`g` a number, or one per lane with `shape`). */
  (
    a: readonly number[],
    g: number | NumericArray,
    options?: LogsumexpDerivativeOptions<number[]>,
  ): number[];
  /** For a `Float64Array`. */
  (
    a: Float64Array,
    g: number | NumericArray,
    options?: LogsumexpDerivativeOptions<Float64Array>,
  ): Float64Array;
  /** For a `Float32Array` (computed in double, rounded once). */
  (
    a: Float32Array,
    g: number | NumericArray,
    options?: LogsumexpDerivativeOptions<Float32Array>,
  ): Float32Array;
  /** For a `Float16Array` (computed in double, rounded once). */
  (
    a: Float16Array,
    g: number | NumericArray,
    options?: LogsumexpDerivativeOptions<Float16Array>,
  ): Float16Array;
  /** For an integer typed array: a `Float64Array`. */
  (
    a: IntegerArray,
    g: number | NumericArray,
    options?: LogsumexpDerivativeOptions<Float64Array>,
  ): Float64Array;
  /** For a batch of plain rows: one cotangent per row (or column). */
  (
    a: readonly (readonly number[])[],
    g: NumericArray,
    options?: LogsumexpDerivativeOptions<number[][]>,
  ): number[][];
  /** For nested arrays of any depth. */
  (
    a: NestedArray,
    g: NumericArray | NestedArray,
    options?: LogsumexpDerivativeOptions<NestedResult>,
  ): NestedResult;
}

/** `logsumexp.jvp`: the result has the form of `logsumexp`'s. */
export interface LogsumexpJvp {
  /** For a vector: a number. */
  (
    a: NumericArray,
    t: NumericArray,
    options?: LogsumexpDerivativeOptions & { readonly shape?: undefined },
  ): number;
  /** For a batch of rows: one number per row (per column with `axis: 0`). */
  (
    a: readonly NumericArray[],
    t: readonly NumericArray[],
    options?: LogsumexpDerivativeOptions & { readonly axis?: number },
  ): number[];
  /** For any input form. */
  (
    a: NumericArray | NestedArray,
    t: NumericArray | NestedArray,
    options?: LogsumexpDerivativeOptions,
  ): LogsumexpValue;
}

function logsumexpImpl(
  a: unknown,
  options?: LogsumexpOptions,
): LogsumexpValue | SignedLogsumexp {
  const o = checkOptions("options", options, LSE_OPTIONS);
  const returnSign = o.returnSign === undefined
    ? false
    : checkBoolean("returnSign", o.returnSign);
  const t = parseTensor("a", a, o.shape);
  const plan = planLanes(t.shape, normalizeAxes(o.axis, t.shape.length));
  if (
    t.shape.length === 1 && o.where === undefined && o.b === undefined &&
    !returnSign
  ) {
    // a plain vector: one lane, read in place
    return logsumexpLane(
      t.blocks[0]!,
      0,
      t.size,
      new Float64Array(2),
      newScan(),
    );
  }
  const mask = o.where === undefined ? undefined : parseWhere(o.where, t);
  const b = o.b === undefined ? undefined : parseWeights(o.b, t);
  const { values, signs } = reduceLogsumexp(plan, t, mask, b);
  if (returnSign) {
    return {
      value: reducedForm(plan, t, values) as LogsumexpValue,
      sign: reducedForm(plan, t, signs) as LogsumexpValue,
    };
  }
  // SciPy: the log of a negative sum is NaN without return_sign.
  for (let l = 0; l < values.length; l++) if (signs[l]! < 0) values[l] = NaN;
  return reducedForm(plan, t, values) as LogsumexpValue;
}

/** Parse a call of logsumexp's vjp / jvp. */
function parseDerivative(
  a: unknown,
  options: unknown,
  allowed: readonly string[],
) {
  const o = checkOptions(
    "options",
    options as Record<string, unknown> | undefined,
    allowed,
  );
  const t = parseTensor("a", a, o.shape);
  const plan = planLanes(t.shape, normalizeAxes(o.axis, t.shape.length));
  const mask = o.where === undefined ? undefined : parseWhere(o.where, t);
  const b = o.b === undefined ? undefined : parseWeights(o.b, t);
  return { o, t, plan, mask, b };
}

function logsumexpVjp(a: unknown, g: unknown, options?: unknown): unknown {
  const { o, t, plan, mask, b } = parseDerivative(a, options, [
    ...LSE_DERIVATIVE_OPTIONS,
    "out",
  ]);
  // g has the reduced shape: a number for a vector, else like the result
  let gv: Data;
  if (plan.keptShape.length === 0) {
    // data, not a parameter: any number (NaN and ±∞ propagate)
    if (typeof g !== "number") {
      throw typeError("g", "a number (the cotangent of one value)", g);
    }
    gv = [g];
  } else {
    const ref: Tensor = {
      shape: plan.keptShape,
      size: plan.lanes,
      blocks: [],
      blockLen: plan.lanes,
      flat: t.flat || plan.keptShape.length === 1,
    };
    const gt = parseLike("g", g, ref, "logsumexp(a)");
    gv = gt.flat ? gt.blocks[0]! : flattenTensor(gt);
  }
  const out = prepareOutput(t, o.out);
  const res = new Float64Array(t.size);
  logsumexpGradients(plan, t, mask, b, (l, w, pos) => {
    const gl = gv[l]!;
    for (let i = 0; i < plan.n; i++) {
      // 0 where nothing flows, even for an infinite or NaN cotangent
      res[pos(i)] = w[i] === 0 ? 0 : w[i]! * gl;
    }
  });
  storeAll(res, out);
  return out.result;
}

function logsumexpJvp(a: unknown, tv: unknown, options?: unknown): unknown {
  const { t, plan, mask, b } = parseDerivative(
    a,
    options,
    LSE_DERIVATIVE_OPTIONS,
  );
  const tt = parseLike("t", tv, t);
  const td: Data = tt.flat ? tt.blocks[0]! : flattenTensor(tt);
  const values = new Float64Array(plan.lanes);
  const acc = new Float64Array(2);
  logsumexpGradients(plan, t, mask, b, (l, w, pos) => {
    acc[0] = 0;
    acc[1] = 0;
    for (let i = 0; i < plan.n; i++) {
      if (w[i] !== 0) neumaierStep(acc, w[i]! * td[pos(i)]!);
    }
    values[l] = neumaierResult(acc);
  });
  return reducedForm(plan, t, values);
}

/**
 * log Σ_k b_k e^{a_k} along an axis, without overflow: m + log1p(Σ_{k≠argmax}
 * e^{a_k − m}) with m the maximum (the log-sum-exp trick) and a compensated
 * (Neumaier) sum; with weights, m + log |Σ b_k e^{a_k − m}| with m the
 * maximum over the entries with b ≠ 0 (SciPy `logsumexp(a, b=…,
 * return_sign=…)`, JAX `jax.nn.logsumexp`).
 *
 * Result: a number for a vector; for nested input, nested plain arrays of
 * the dimensions that remain (a batch of rows gives one number per row);
 * for a flat input with `shape`, a flat array of the input's kind (integer
 * input: `Float64Array`). With `returnSign: true`, `{ value, sign }` of
 * that form. Without it, a negative weighted sum gives NaN (as SciPy).
 *
 * Conventions (as PyTorch and SciPy): an empty lane, a lane of only −∞, or
 * one with nothing unmasked gives −∞ (sign 0); any +∞ gives +∞ (with
 * weights: the sign of the sum of the weights at +∞, NaN if they cancel);
 * any NaN gives NaN. `logsumexp` takes no temperature (T·logsumexp(a/T) is
 * one call away): `temperature` is an unknown option, a `TypeError`.
 *
 * Derivatives: `logsumexp.vjp(a, g, options?)` spreads the cotangent `g`
 * of the result (a number for a vector, else of the result's form) over
 * `a`: g·softmax(a) along each lane (with weights, sign·b_i·e^{a_i −
 * value}), 0 at entries that take no part; options `axis`, `where`, `b`,
 * `shape`, `out`. `logsumexp.jvp(a, t, options?)` is ⟨∇, t⟩ per lane, `t`
 * of the shape of `a`, in the result's form. Both in O(n).
 *
 * @param a A vector, nested arrays of any depth, or a flat array with
 * `shape`.
 * @param options `{ axis?, where?, b?, returnSign?, shape? }`.
 * @returns log Σ b e^a per lane, or `{ value, sign }`.
 * @throws {TypeError} if `a` or an element is not numeric, or an option is
 * unknown or of the wrong type.
 * @throws {RangeError} if the input is ragged, `axis` is out of range, or
 * `b` / `where` / `shape` do not fit `a`.
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
 *
 * @example Weights, signs, axis and mask
 * ```ts
 * import { logsumexp } from "@actlab/activations";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * // log(e² − e¹), as SciPy's logsumexp([2, 1], b=[1, -1])
 * assertAlmostEquals(logsumexp([2, 1], { b: [1, -1] }), Math.log(Math.E ** 2 - Math.E), 1e-15);
 * // a negative sum: NaN, unless the sign is asked for
 * assertEquals(logsumexp([1, 1, 1], { b: [1, -1, -1] }), NaN);
 * assertEquals(logsumexp([1, 1, 1], { b: [1, -1, -1], returnSign: true }), { value: 1, sign: -1 });
 * // down the columns, and with a mask
 * assertEquals(logsumexp([[0, 1], [0, 1]], { axis: 0 }), [Math.LN2, 1 + Math.LN2]);
 * assertEquals(logsumexp([0, 0, 50], { where: [true, true, false] }), Math.LN2);
 * ```
 *
 * @example Derivatives
 * ```ts
 * import { logsumexp, softmax } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 *
 * // ∇ logsumexp = softmax (JAX's testLogSumExpWhereGrad)
 * const where = [true, true, true, true, false];
 * assertEquals(logsumexp.vjp([0, 0, 0, 0, 100], 1, { where }), [0.25, 0.25, 0.25, 0.25, 0]);
 * assertEquals(logsumexp.vjp([[0, 0], [5, 5]], [2, 4]), [[1, 1], [2, 2]]);
 * assertEquals(logsumexp.jvp([0, 0], [1, 3]), 2);
 * assertEquals(logsumexp.vjp([1, 2], 1), softmax([1, 2]));
 * ```
 */
export const logsumexp: LogsumexpFunction = Object.assign(
  logsumexpImpl as LogsumexpFunction,
  {
    vjp: logsumexpVjp as LogsumexpVjp,
    jvp: logsumexpJvp as LogsumexpJvp,
  },
) as LogsumexpFunction;
