import {
  type Activation,
  defineActivation,
  type Traits,
} from "../activation.ts";
import { NAIR_HINTON_2010, tex, unitTraits } from "./_common.ts";
import { normalCdf, normalPdf } from "../special.ts";
import { zeroSecondDerivative } from "./_second.ts";

/** Parameters of {@linkcode relu} (Keras `ReLU(max_value, negative_slope, threshold)`). */
export type ReluParams = {
  readonly maxValue: number;
  readonly negativeSlope: number;
  readonly threshold: number;
};

/**
 * max(0, x), with NaN kept (Math.max would also keep it, but this form lets
 * the loop stay a single compare).
 *
 * @param x The input.
 * @returns ReLU(x).
 */
export function reluScalar(x: number): number {
  return x > 0 ? x : x === x ? 0 : x;
}

/**
 * 1 for x > 0, else 0 (0 at x = 0 by convention, as PyTorch and JAX).
 *
 * @param x The input.
 * @returns ReLU'(x).
 */
export function reluDerivativeScalar(x: number): number {
  return x > 0 ? 1 : x === x ? 0 : x;
}

// The in-loop kernels avoid a branch on the sign of x: on data of mixed signs it is
// mispredicted half the time and costs 3× the whole loop. V8 compiles
// comparisons used as numbers (`+(v > 0)`) to setcc, abs to a mask, so the
// only branches left are the rare ones (non-finite values, NaN).
function reluInLoop(v: number): number {
  // (v + |v|)/2 is max(v, 0) exactly (+0 for v ≤ 0) with no branch on the
  // sign, except where v + |v| overflows (v > 8.9e307) or is −∞ + ∞ = NaN,
  // and for NaN: those few take the (well predicted) branch. Math.max(v, 0)
  // would be exact too, but V8 compiles it with branches: 4× slower here.
  const r = (v + Math.abs(v)) * 0.5;
  return r < Infinity ? r : v > 0 ? v : v === v ? 0 : v;
}
function reluDerivativeInLoop(v: number): number {
  return v === v ? +(v > 0) : v;
}

/** Keras' reference for the capped, leaky, thresholded ReLU. */
const KERAS_RELU = {
  authors: "Chollet et al. (Keras)",
  title: "keras.layers.ReLU(max_value, negative_slope, threshold)",
  url: "https://keras.io/api/layers/activation_layers/relu/",
};

/**
 * Kernels of the general unit: min(x, maxValue) for x > threshold,
 * negativeSlope·(x − threshold) for x ≤ threshold (Keras' `relu`, which
 * computes `x·(x > threshold)`, so f(threshold) = 0).
 */
function generalKernels(
  { maxValue, negativeSlope, threshold }: ReluParams,
): { f: (x: number) => number; df: (x: number) => number } {
  return {
    f: (x) => {
      if (x > threshold) return x < maxValue ? x : maxValue;
      // slope 0: +0 as relu (not −0, nor 0·∞ = NaN at −∞)
      if (negativeSlope === 0) return x === x ? 0 : x;
      return negativeSlope * (x - threshold);
    },
    // 1 on (threshold, maxValue); 0 at and beyond the cap (as JAX's
    // relu6'(6) = 0); negativeSlope at and below the threshold
    df: (x) =>
      x > threshold
        ? (x < maxValue || maxValue === Infinity ? 1 : 0)
        : x === x
        ? negativeSlope
        : x,
  };
}

/**
 * E f(Z) for Z ~ N(0, 1) of the general unit: a·E[Z − θ; Z ≤ θ] +
 * E[min(Z, m); Z > θ] = −a(φ(θ) + θΦ(θ)) + φ(θ) − φ(m) + m(1 − Φ(m)) for
 * θ < m (from E[Z; u < Z < v] = φ(u) − φ(v)); m(1 − Φ(θ)) in place of the
 * last three terms when θ ≥ m. 1/√(2π) ≈ 0.3989 for the plain ReLU.
 */
function reluMean(m: number, a: number, theta: number): number {
  const low = a === 0 ? 0 : -a * (normalPdf(theta) + theta * normalCdf(theta));
  const high = theta < m
    ? normalPdf(theta) - normalPdf(m) + (m === Infinity ? 0 : m * normalCdf(-m))
    : m * normalCdf(-theta);
  return low + high;
}

/**
 * Traits of the general unit.
 *
 * @param p The parameters.
 * @returns Its traits.
 */
function reluTraits(
  { maxValue, negativeSlope, threshold }: ReluParams,
): Traits {
  const capped = maxValue < Infinity;
  // f' takes negativeSlope, then 1 on (threshold, maxValue) if not empty, then 0
  const ds = [
    negativeSlope,
    ...(threshold < maxValue ? [1] : []),
    ...(capped ? [0] : []),
  ];
  const meanOutput = reluMean(maxValue, negativeSlope, threshold);
  const up = ds.every((v, i) => i === 0 || v >= ds[i - 1]!);
  const down = ds.every((v, i) => i === 0 || v <= ds[i - 1]!);
  return unitTraits({
    saturates: { negative: negativeSlope === 0, positive: capped },
    monotonic: true,
    derivativeMonotonic: up || down,
    meanOutput,
    range: [negativeSlope > 0 ? -Infinity : 0, maxValue],
    // 0 is taken on x ≤ θ when a = 0; the cap m on x ≥ m
    rangeAttained: { lower: negativeSlope === 0, upper: capped },
    kinks: negativeSlope === 1 && !capped && threshold === 0
      ? []
      : [...new Set([threshold, ...(capped ? [maxValue] : [])])].sort((
        x,
        y,
      ) => x - y),
    smoothness: threshold > 0
      ? "discontinuous"
      : negativeSlope === 1 && !capped
      ? "smooth"
      : "C0",
  });
}

/**
 * The rectified linear unit, ReLU(x) = max(0, x) (Nair & Hinton 2010);
 * ReLU'(x) = 1 for x > 0, 0 for x ≤ 0; ReLU'' = 0.
 *
 * At 0: f = 0 and f' = 0 (the subgradient convention of PyTorch and JAX).
 * Limits: f(∞) = ∞, f'(∞) = 1, f(−∞) = 0. Saturating on the left only
 * (f' = 0 for x < 0; on the right f' = 1 for all x > 0, which is why it
 * eases vanishing gradients — and why nothing damps an exploding one),
 * monotonic, derivative monotonic, mean output 1/√(2π) ≈ 0.399 for N(0, 1)
 * input (not zero-centred). Zeroing every negative input acts like a
 * data-dependent dropout of those units.
 *
 * Parameters, as Keras' `ReLU(max_value, negative_slope, threshold)` and
 * TensorFlow.js layers' `maxValue`: f(x) = min(x, maxValue) for
 * x > threshold, negativeSlope·(x − threshold) for x ≤ threshold. The
 * defaults (∞, 0, 0) are the plain ReLU, bit for bit. Conventions at the
 * kinks: f'(threshold) = negativeSlope (the left side, as ReLU'(0) = 0 and
 * LeakyReLU'(0) = slope), f'(maxValue) = 0 (as JAX's relu6'(6) = 0;
 * TensorFlow's clip passes 1 there). With threshold > 0 the unit jumps from
 * 0 to threshold there (Keras computes x·(x > threshold), so
 * f(threshold) = 0).
 *
 * @example Usage
 * ```ts
 * import { relu } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(relu([-1, 0, 2]), [0, 0, 2]);
 * assertEquals(relu.derivative([-1, 0, 2]), [0, 0, 1]);
 * const capped = relu.with({ maxValue: 6, negativeSlope: 0.1 });
 * assertEquals(capped([-10, 3, 8]), [-1, 3, 6]);
 * assertEquals(capped.derivative([-10, 3, 6]), [0.1, 1, 0]);
 * ```
 */
export const relu: Activation<ReluParams> = defineActivation<ReluParams>({
  id: "relu",
  label: "ReLU",
  params: {
    maxValue: {
      default: Infinity,
      min: 0,
      allowInfinity: true,
      symbol: "m",
      description: "cap of the output (∞: none; Keras max_value)",
      explore: [1, 10],
    },
    negativeSlope: {
      default: 0,
      min: 0,
      symbol: "a",
      description: "slope below the threshold (Keras negative_slope)",
      explore: [0, 0.5],
    },
    threshold: {
      default: 0,
      min: 0,
      symbol: "\\theta",
      description: "inputs at or below it are not passed (Keras threshold)",
      explore: [0, 2],
    },
  },
  kernels: (p) => {
    if (p.maxValue === Infinity && p.negativeSlope === 0 && p.threshold === 0) {
      return {
        f: reluScalar,
        df: reluDerivativeScalar,
        d2f: zeroSecondDerivative,
        fInLoop: reluInLoop,
        dfInLoop: reluDerivativeInLoop,
      };
    }
    return { ...generalKernels(p), d2f: zeroSecondDerivative };
  },
  formula: ({ maxValue, negativeSlope, threshold }) => {
    const plain = maxValue === Infinity && negativeSlope === 0 &&
      threshold === 0;
    const d2f =
      "\\operatorname{ReLU}''(x) = 0 \\quad (\\text{0 by convention at the kinks})";
    if (plain) {
      return {
        f: "\\operatorname{ReLU}(x) = \\max(0, x) = \\begin{cases} 0 & x \\le 0 \\\\ x & x > 0 \\end{cases}",
        df:
          "\\operatorname{ReLU}'(x) = \\begin{cases} 0 & x \\le 0 \\\\ 1 & x > 0 \\end{cases}",
        d2f,
      };
    }
    const t = tex(threshold);
    const a = tex(negativeSlope);
    const low = threshold === 0
      ? (negativeSlope === 0 ? "0" : `${a}\\,x`)
      : negativeSlope === 0
      ? "0"
      : `${a}\\,(x - ${t})`;
    const capped = maxValue < Infinity;
    const m = tex(maxValue);
    const f = capped
      ? `\\begin{cases} ${low} & x \\le ${t} \\\\ x & ${t} < x < ${m} \\\\ ${m} & x \\ge ${m} \\end{cases}`
      : `\\begin{cases} ${low} & x \\le ${t} \\\\ x & x > ${t} \\end{cases}`;
    const df = capped
      ? `\\begin{cases} ${a} & x \\le ${t} \\\\ 1 & ${t} < x < ${m} \\\\ 0 & x \\ge ${m} \\end{cases}`
      : `\\begin{cases} ${a} & x \\le ${t} \\\\ 1 & x > ${t} \\end{cases}`;
    return {
      f: `\\operatorname{ReLU}(x) = ${f}`,
      df: `\\operatorname{ReLU}'(x) = ${df}`,
      d2f,
    };
  },
  traits: reluTraits,
  description:
    "Rectified linear unit: saturating on the left only (f' = 0 there; f' = 1 on the right), monotonic, derivative monotonic, mean output 0.399 for standard normal input. Fast and it eases vanishing gradients, but nothing bounds the output, so gradients can explode; zeroing negative inputs acts like dropout. Convention: ReLU'(0) = 0. Keras' cap, negative slope and threshold are parameters (maxValue, negativeSlope, threshold); f' is 0 at the cap.",
  references: [NAIR_HINTON_2010, KERAS_RELU],
});
