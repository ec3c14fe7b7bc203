/**
 * Shared pieces of the activation definitions: references, trait helpers,
 * and the one-line LaTeX helpers for piecewise formulas.
 *
 * @module
 */
import type { ParamSpec, Reference, Traits } from "../activation.ts";
import { erfcx, normalCdf, normalPdf } from "../special.ts";

/** He, Zhang, Ren & Sun 2015 — PReLU and its initialisation. */
export const HE_2015: Reference = {
  authors: "He, Zhang, Ren & Sun 2015",
  title:
    "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification",
  url: "https://arxiv.org/abs/1502.01852",
};

/** Nair & Hinton 2010 — rectified linear units. */
export const NAIR_HINTON_2010: Reference = {
  authors: "Nair & Hinton 2010",
  title: "Rectified Linear Units Improve Restricted Boltzmann Machines",
  url: "https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf",
};

/** Maas, Hannun & Ng 2013 — leaky rectifiers. */
export const MAAS_2013: Reference = {
  authors: "Maas, Hannun & Ng 2013",
  title: "Rectifier Nonlinearities Improve Neural Network Acoustic Models",
  url: "https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf",
};

/** Clevert, Unterthiner & Hochreiter 2015 — ELU. */
export const CLEVERT_2015: Reference = {
  authors: "Clevert, Unterthiner & Hochreiter 2015",
  title:
    "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
  url: "https://arxiv.org/abs/1511.07289",
};

/** Klambauer, Unterthiner, Mayr & Hochreiter 2017 — SELU. */
export const KLAMBAUER_2017: Reference = {
  authors: "Klambauer, Unterthiner, Mayr & Hochreiter 2017",
  title: "Self-Normalizing Neural Networks",
  url: "https://arxiv.org/abs/1706.02515",
};

/** LeCun, Bottou, Orr & Müller 1998 — the logistic and tanh units. */
export const LECUN_1998: Reference = {
  authors: "LeCun, Bottou, Orr & Müller 1998",
  title: "Efficient BackProp",
  url: "https://doi.org/10.1007/3-540-49430-8_2",
};

/** Dugas et al. 2000 — softplus. */
export const DUGAS_2000: Reference = {
  authors: "Dugas, Bengio, Bélisle, Nadeau & Garcia 2000",
  title:
    "Incorporating Second-Order Functional Knowledge for Better Option Pricing",
  url:
    "https://papers.nips.cc/paper/1920-incorporating-second-order-functional-knowledge-for-better-option-pricing",
};

/** Hendrycks & Gimpel 2016 — GELU and SiLU. */
export const HENDRYCKS_2016: Reference = {
  authors: "Hendrycks & Gimpel 2016",
  title: "Gaussian Error Linear Units (GELUs)",
  url: "https://arxiv.org/abs/1606.08415",
};

/** Elfwing, Uchibe & Doya 2017 — SiLU. */
export const ELFWING_2017: Reference = {
  authors: "Elfwing, Uchibe & Doya 2017",
  title:
    "Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning",
  url: "https://arxiv.org/abs/1702.03118",
};

/** Ramachandran, Zoph & Le 2017 — Swish. */
export const RAMACHANDRAN_2017: Reference = {
  authors: "Ramachandran, Zoph & Le 2017",
  title: "Searching for Activation Functions",
  url: "https://arxiv.org/abs/1710.05941",
};

/** Misra 2019 — Mish. */
export const MISRA_2019: Reference = {
  authors: "Misra 2019",
  title: "Mish: A Self Regularized Non-Monotonic Activation Function",
  url: "https://arxiv.org/abs/1908.08681",
};

/** Rosenblatt 1958 — the threshold (step) unit. */
export const ROSENBLATT_1958: Reference = {
  authors: "Rosenblatt 1958",
  title:
    "The Perceptron: A Probabilistic Model for Information Storage and Organization in the Brain",
  url: "https://doi.org/10.1037/h0042519",
};

/** Bengio, Léonard & Courville 2013 — the straight-through estimator. */
export const BENGIO_2013: Reference = {
  authors: "Bengio, Léonard & Courville 2013",
  title:
    "Estimating or Propagating Gradients Through Stochastic Neurons for Conditional Computation",
  url: "https://arxiv.org/abs/1308.3432",
};

/** Format a number for LaTeX: up to 6 significant digits, no exponent noise. */
export function tex(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = Number(v.toPrecision(6)).toString();
  return s.includes("e") ? s.replace(/e([+-]?\d+)/, "\\times 10^{$1}") : s;
}

/**
 * A parameter that must be > 0 (a scale, a slope): `spec` with the open
 * lower bound min = 0, exclusive.
 *
 * @param spec Default, symbol, description and explore interval.
 * @returns The parameter's spec.
 */
export function positiveParam(
  spec: Pick<ParamSpec, "default" | "symbol" | "description" | "explore">,
): ParamSpec {
  return {
    default: spec.default,
    min: 0,
    exclusiveMin: true,
    symbol: spec.symbol,
    description: spec.description,
    explore: spec.explore,
  };
}

/**
 * The bound below which a mean output counts as zero: `zeroCentered` means
 * |E f(Z)| < 0.01 for Z ~ N(0, 1) (DESIGN.md, "Traits"; issue 13).
 */
export const ZERO_CENTRED_BOUND = 0.01;

// Gauss–Legendre nodes and weights on [−1, 1], 5 points (Abramowitz &
// Stegun, Handbook of Mathematical Functions, table 25.4).
const GL_X = [
  -0.906179845938664,
  -0.5384693101056831,
  0,
  0.5384693101056831,
  0.906179845938664,
];
const GL_W = [
  0.23692688505618908,
  0.47862867049936647,
  0.5688888888888889,
  0.47862867049936647,
  0.23692688505618908,
];

/**
 * E f(Z) for Z ~ N(0, 1) of a smooth f that grows at most exponentially:
 * ∫ f(x)·φ(x) dx by composite 5-point Gauss–Legendre on 256 panels of width
 * 1/8 over [−16, 16] (beyond, φ < 1e-55). On panels this narrow the rule is
 * exact to rounding for the smooth units here (its error is of order
 * (h/2)^10·(fφ)^(10)/10!); the tests check every mean against an
 * independent 80 000-point midpoint rule over [−40, 40].
 *
 * @param f The function, smooth on the real line.
 * @returns The mean output.
 */
export function normalMean(f: (x: number) => number): number {
  const h = 1 / 8;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    const mid = -16 + (i + 0.5) * h;
    for (let k = 0; k < 5; k++) {
      const x = mid + 0.5 * h * GL_X[k]!;
      sum += GL_W[k]! * f(x) * normalPdf(x);
    }
  }
  return 0.5 * h * sum;
}

/**
 * E clip(Z, a, b) for Z ~ N(0, 1), a < b (either may be infinite):
 * a·Φ(a) + φ(a) − φ(b) + b·(1 − Φ(b)), from E[Z; a < Z < b] = φ(a) − φ(b).
 *
 * @param a The lower clip.
 * @param b The upper clip.
 * @returns The mean.
 */
export function clipMean(a: number, b: number): number {
  const low = a === -Infinity ? 0 : a * normalCdf(a);
  const high = b === Infinity ? 0 : b * normalCdf(-b);
  return low + normalPdf(a) - normalPdf(b) + high;
}

/**
 * E[e^{Z/s}; Z ≤ 0] for Z ~ N(0, 1), s > 0: e^{1/(2s²)}·Φ(−1/s)
 * (complete the square), written as ½·erfcx(1/(s√2)) so that it neither
 * overflows nor cancels for small s (erfcx(t) = e^{t²}·erfc(t)).
 *
 * @param s The scale s > 0 (1 for ELU/SELU, α for CELU).
 * @returns The partial mean.
 */
export function expLeftMean(s: number): number {
  return 0.5 * erfcx(Math.SQRT1_2 / s);
}

/**
 * The facts of a unit's traits that do not follow from the others: all of
 * {@linkcode Traits} but `saturating` and `zeroCentered`, with the mean
 * output required.
 */
export type TraitFacts =
  & Omit<Traits, "saturating" | "zeroCentered" | "meanOutput">
  & { readonly meanOutput: number };

/**
 * A unit's traits from its facts, deriving the two that follow from them,
 * once for every unit: `saturating` is both tails saturating
 * (`saturates.negative && saturates.positive`, activation.ts), and
 * `zeroCentered` is |meanOutput| < {@linkcode ZERO_CENTRED_BOUND}
 * (DESIGN.md, "Traits"). Keys keep the order of {@linkcode Traits}.
 *
 * @param facts The independent facts, in the order of `Traits`.
 * @returns The traits.
 */
export function unitTraits(facts: TraitFacts): Traits {
  const { saturates, monotonic, derivativeMonotonic, meanOutput, ...rest } =
    facts;
  return {
    saturating: saturates.negative && saturates.positive,
    saturates,
    monotonic,
    derivativeMonotonic,
    zeroCentered: Math.abs(meanOutput) < ZERO_CENTRED_BOUND,
    meanOutput,
    ...rest,
  };
}

/**
 * Traits of the smooth self-gated units x·g(x) (SiLU, GELU, Mish): smooth,
 * a dip below 0 before the origin (so neither f nor f' is monotonic),
 * saturating on the left only, the minimum attained at a finite x, and a
 * mean output for N(0, 1) input of about 0.2–0.3 (not zero-centred).
 *
 * @param min The unit's minimum value, the lower end of its range.
 * @param f The unit, for its mean output.
 * @returns Its traits.
 */
export function gatedUnitTraits(
  min: number,
  f: (x: number) => number,
): Traits {
  return unitTraits({
    saturates: { negative: true, positive: false },
    monotonic: false,
    derivativeMonotonic: false,
    meanOutput: normalMean(f),
    range: [min, Infinity],
    rangeAttained: { lower: true, upper: false },
    kinks: [],
    smoothness: "smooth",
  });
}

/**
 * Traits of the clipped ramps (ReLU6, hard tanh, hard sigmoid): f rises
 * linearly between two kinks and is constant outside, so it saturates on
 * both sides, is monotonic and continuous, its derivative (0, slope, 0) is
 * not monotonic, and both ends of its range are attained.
 *
 * @param kinks The two ends of the ramp, ascending.
 * @param range The values at the two ends.
 * @param meanOutput E f(Z) for Z ~ N(0, 1).
 * @returns Its traits.
 */
export function clippedRampTraits(
  kinks: readonly [number, number],
  range: readonly [number, number],
  meanOutput: number,
): Traits {
  return unitTraits({
    saturates: { negative: true, positive: true },
    monotonic: true,
    derivativeMonotonic: false,
    meanOutput,
    range,
    rangeAttained: { lower: true, upper: true },
    kinks,
    smoothness: "C0",
  });
}

/**
 * Traits of the squashing units (sigmoid, tanh, softsign): increasing from
 * one horizontal asymptote to another, so both tails saturate, f is
 * monotonic, its bell-shaped derivative is not, and neither end of the
 * range is attained at a finite x.
 *
 * @param range The two asymptotes, f(−∞) and f(∞).
 * @param meanOutput E f(Z) for Z ~ N(0, 1).
 * @param kinks Where f″ jumps ([] for the analytic units).
 * @returns Its traits.
 */
export function squashingTraits(
  range: readonly [number, number],
  meanOutput: number,
  kinks: readonly number[] = [],
): Traits {
  return unitTraits({
    saturates: { negative: true, positive: true },
    monotonic: true,
    derivativeMonotonic: false,
    meanOutput,
    range,
    rangeAttained: { lower: false, upper: false },
    kinks,
    smoothness: kinks.length === 0 ? "smooth" : "C1",
  });
}

/** Krizhevsky 2010 — ReLU6 (capped rectifiers). */
export const KRIZHEVSKY_2010: Reference = {
  authors: "Krizhevsky 2010",
  title: "Convolutional Deep Belief Networks on CIFAR-10",
  url: "https://www.cs.toronto.edu/~kriz/conv-cifar10-aug2010.pdf",
};

/** Howard et al. 2019 — MobileNetV3: hard sigmoid and hard swish. */
export const HOWARD_2019: Reference = {
  authors:
    "Howard, Sandler, Chu, Chen, Chen, Tan, Wang, Zhu, Pang, Vasudevan, Le & Adam 2019",
  title: "Searching for MobileNetV3",
  url: "https://arxiv.org/abs/1905.02244",
};

/** Keras 2 / TensorFlow.js — the hard sigmoid clip(0.2x + 0.5, 0, 1). */
export const KERAS_HARD_SIGMOID: Reference = {
  authors: "TensorFlow / Keras 2 API documentation",
  title: "tf.keras.activations.hard_sigmoid (0.2x + 0.5, clipped to [0, 1])",
  url:
    "https://www.tensorflow.org/versions/r2.15/api_docs/python/tf/keras/activations/hard_sigmoid",
};

/** Collobert 2004 — hard tanh. */
export const COLLOBERT_2004: Reference = {
  authors: "Collobert 2004",
  title: "Large Scale Machine Learning (PhD thesis, Université Paris VI)",
  url: "https://ronan.collobert.com/pub/2004_phdthesis_lip6.pdf",
};

/** Turian, Bergstra & Bengio 2009 — softsign. */
export const TURIAN_2009: Reference = {
  authors: "Turian, Bergstra & Bengio 2009",
  title: "Quadratic Features and Deep Architectures for Chunking",
  url: "https://aclanthology.org/N09-2062/",
};

/** Barron 2017 — CELU. */
export const BARRON_2017: Reference = {
  authors: "Barron 2017",
  title: "Continuously Differentiable Exponential Linear Units",
  url: "https://arxiv.org/abs/1704.07483",
};
