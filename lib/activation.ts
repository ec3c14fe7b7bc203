/**
 * The `Activation` type and `defineActivation`, which turns an activation's
 * definition (scalar kernels, parameters, formulas, traits) into the
 * callable object every activation is. The array machinery lives in
 * `_elementwise.ts`: one scalar kernel, applied to a `number`, a
 * `number[]`, a float typed array (`Float64Array`, `Float32Array`,
 * `Float16Array`) or an integer typed array (result: `Float64Array`), with
 * an optional `out` buffer.
 *
 * Conventions (see DESIGN.md):
 * - inputs are never mutated, unless the caller passes the input as `out`;
 *   an `out` that partly overlaps the input works as if the input had been
 *   copied first;
 * - `out` of the wrong length is a `RangeError`, of the wrong element type
 *   (or frozen) a `TypeError`;
 * - the elements of a `number[]` must be numbers (`TypeError` otherwise);
 *   NaN and ±∞ are data and propagate (NaN in, NaN out);
 * - a `Float32Array` or `Float16Array` is computed in double precision and
 *   rounded once, when the result is stored.
 *
 * The activations are public; `defineActivation`, `isActivation`, the
 * display hook and the Jupyter symbol are internal (not re-exported by
 * `mod.ts`).
 *
 * @module
 */
import {
  type Elementwise,
  elementwise,
  type ScalarFn,
} from "./_elementwise.ts";
import {
  checkNumber,
  checkObject,
  describeValue,
  ownKeys,
} from "./_validate.ts";
import { wasmLoops } from "./_wasm/kernels.ts";
import { resolveSwitch } from "./_param_input.ts"; // issue 12
import {
  centralDifference,
  DEFAULT_RELATIVE_STEP,
  stepAt,
} from "./_finite_difference.ts";

export type { Elementwise, IntegerArray, ScalarFn } from "./_elementwise.ts";
/**
 * Transitional re-export for files that still import it from here; new code
 * imports it from `./_validate.ts`. (This file is not a public entry point.)
 */
export { describeValue } from "./_validate.ts";

/** A typed array of floats: the two element types the kernels accept. */
export type FloatArray = Float32Array | Float64Array;

/** The numeric hyperparameters of an activation, by name. */
export type Params = Readonly<Record<string, number>>;

/**
 * Where an activation's output can go: the closed hull [inf f, sup f] of its
 * values (±∞ where unbounded). Whether each end is a value f takes is in
 * {@linkcode Traits.rangeAttained}.
 */
export type Range = readonly [lo: number, hi: number];

/**
 * Qualitative properties of an activation, as data. Each claim is checked
 * numerically by the test suite (dense grids, limits at ±∞, and Gaussian
 * quadrature for the mean output).
 *
 * Saturation is stated per side (left: x → −∞, right: x → +∞), and cards,
 * the gallery and the demo table say "left", "right", "left and right" or
 * "neither side" from `saturates` alone.
 */
export interface Traits {
  /**
   * Both tails saturate: f'(x) → 0 as x → −∞ and as x → +∞ (Gulcehre et al.
   * 2016, "Noisy Activation Functions", definition 1). The same as
   * `saturates.negative && saturates.positive`; ReLU is not saturating
   * (f'(+∞) = 1) though its left tail is.
   */
  readonly saturating: boolean;
  /**
   * Which tails saturate: `negative` when f'(x) → 0 as x → −∞ (the left
   * tail), `positive` when f'(x) → 0 as x → +∞ (the right tail).
   */
  readonly saturates: {
    readonly negative: boolean;
    readonly positive: boolean;
  };
  /** f is non-decreasing on the whole real line. */
  readonly monotonic: boolean;
  /** f' is non-decreasing or non-increasing on the whole real line. */
  readonly derivativeMonotonic: boolean;
  /**
   * The mean output for standard normal input is zero to two decimals:
   * |E f(Z)| < 0.01 for Z ~ N(0, 1) (DESIGN.md). Taking both signs is not
   * enough: Leaky ReLU's mean is 0.395, ELU's 0.160. True for tanh,
   * softsign, sign, hard tanh and SELU (whose α, λ are chosen for it).
   */
  readonly zeroCentered: boolean;
  /**
   * E f(Z) for Z ~ N(0, 1), the number behind `zeroCentered` (ReLU:
   * 1/√(2π) ≈ 0.3989; GELU: 1/(2√π) ≈ 0.2821). Exact closed forms for the
   * piecewise units, Gaussian quadrature for the smooth ones. Every built-in
   * activation gives it; optional for custom ones.
   */
  readonly meanOutput?: number;
  /** The closed hull of f's values, [inf f, sup f] (see {@linkcode Range}). */
  readonly range: Range;
  /**
   * Whether each end of `range` is a value f takes at some finite x (a
   * bracket: ReLU's 0, ReLU6's 6, SiLU's minimum) or only a limit as
   * x → ±∞ (a parenthesis: sigmoid's 0 and 1, ELU's −α). Infinite ends are
   * never attained. Decided from the definition, not by sampling. Every
   * built-in activation gives it; optional for custom ones (a card then
   * shows the hull with brackets).
   */
  readonly rangeAttained?: {
    readonly lower: boolean;
    readonly upper: boolean;
  };
  /**
   * The values f takes, ascending, when there are finitely many: step's
   * {α, (α + λ)/2, λ}, sign's {−λ, 0, λ}. Absent otherwise.
   */
  readonly values?: readonly number[];
  /**
   * Where f, f' or f'' jumps, ascending: [0] for ReLU, [0, 6] for ReLU6,
   * [−3, 3] for hard swish, [] for the smooth units. `gradcheck` skips the
   * points next to them (a central difference across a jump measures the
   * average of the two sides). Every built-in activation gives it;
   * optional for custom ones.
   */
  readonly kinks?: readonly number[];
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
  return checkNumber(name, value, {
    ...(spec.min === undefined ? {} : { min: spec.min }),
    ...(spec.max === undefined ? {} : { max: spec.max }),
    exclusiveMin: spec.exclusiveMin === true,
    infinite: spec.allowInfinity === true, // issue 12: ReLU's maxValue = ∞
  });
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
  for (const [name, value] of Object.entries(checkOverrides(spec, overrides))) {
    const ps = spec.params[name]!;
    values[name] = checkParam(name, resolveSwitch(name, value, ps), ps);
  }
  const params = Object.freeze(values) as unknown as P;
  const k = spec.kernels(params);
  // WebAssembly SIMD kernels for long Float64Array/Float32Array inputs,
  // where lib/_wasm/ has them for this id and these parameters; the
  // JavaScript loops stay the fallback and the tests' reference.
  const fast = wasmLoops(spec.id, params);
  const f = elementwise(k.f, k.fInLoop, fast?.[0]);
  const df = elementwise(k.df, k.dfInLoop, fast?.[1]);
  // issue 12: f'' (a central difference of f' for a custom spec without it)
  const d2f = k.d2f === undefined
    ? elementwise(approximateSecondDerivative(k.df))
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
  // `name` shows in messages and stack traces (describeValue never prints
  // function source): "sigmoid", "sigmoid.derivative".
  Object.defineProperty(df, "name", { value: `${spec.id}.derivative` });
  Object.defineProperty(d2f, "name", {
    value: `${spec.id}.secondDerivative`,
  });
  Object.defineProperties(self, {
    name: { value: spec.id },
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
          { ...params, ...checkOverrides(spec, p) } as ParamInput<P>,
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
function approximateSecondDerivative(df: ScalarFn): ScalarFn {
  return (x) => {
    if (!Number.isFinite(x)) return x === x ? 0 : x;
    const r = centralDifference(df, x, stepAt(x, DEFAULT_RELATIVE_STEP))
      .numeric;
    return r === r ? r : 0;
  };
}

/**
 * Check the argument of `with()`: an object whose own keys are all declared
 * parameters of the activation (an own `toString` or `constructor` is not a
 * parameter: the check is against the spec's own keys, never the prototype).
 */
function checkOverrides<P extends Params>(
  spec: ActivationSpec<P>,
  p: unknown,
): ParamInput<P> {
  const given: Record<string, unknown> = p === undefined
    ? {}
    : checkObject("params", p);
  const known = Object.keys(spec.params);
  for (const name of ownKeys(given)) {
    if (typeof name !== "string" || !Object.hasOwn(spec.params, name)) {
      const shown = typeof name === "string" &&
          /^[A-Za-z_$][\w$]{0,40}$/.test(name)
        ? `\`${name}\``
        : describeValue(name);
      throw new TypeError(
        `${shown} is not a parameter of ${spec.id}: ${
          known.length
            ? "it has " + known.map((k) => `\`${k}\``).join(", ")
            : "it has none"
        }`,
      );
    }
  }
  return given as ParamInput<P>;
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
