import {
  type Activation,
  defineActivation,
  type Traits,
} from "../activation.ts";
import {
  clipMean,
  clippedRampTraits,
  HOWARD_2019,
  KERAS_HARD_SIGMOID,
  positiveParam,
  tex,
} from "./_common.ts";
import { zeroSecondDerivative } from "./_second.ts";

/** Parameters of {@linkcode hardSigmoid}: f = clip(slope·x + offset, 0, 1). */
export type HardSigmoidParams = {
  readonly slope: number;
  readonly offset: number;
};

/** PyTorch's (and Keras 3's) slope, 1/6. */
const SIXTH = 1 / 6;

/**
 * Traits of clip(a·x + b, 0, 1), a > 0: both ends attained (the ramp
 * reaches 0 at x = −b/a and 1 at x = (1 − b)/a); the mean output is
 * a·E clip(Z, −b/a, (1 − b)/a) + b, ½ for both the PyTorch and Keras
 * variants (the clip is symmetric when b = ½).
 *
 * @param slope a.
 * @param offset b.
 * @returns Its traits.
 */
function hardSigmoidTraits(slope: number, offset: number): Traits {
  const meanOutput = slope * clipMean(-offset / slope, (1 - offset) / slope) +
    offset;
  return clippedRampTraits(
    [-offset / slope, (1 - offset) / slope],
    [0, 1],
    meanOutput,
  );
}

/**
 * The hard sigmoid: clip(slope·x + offset, 0, 1), a piecewise-linear
 * sigmoid.
 *
 * Default: PyTorch's `hardsigmoid` (and JAX's `hard_sigmoid`, Keras 3's):
 * relu6(x + 3)/6, slope 1/6 and offset ½, computed as (x + 3)/6 (exact
 * near the kink at −3, one rounding). Keras 2 and TensorFlow.js layers use
 * clip(0.2x + 0.5, 0, 1): `hardSigmoid.with({ slope: 0.2, offset: 0.5 })`,
 * computed as written. f' = slope on the open interval where 0 < f < 1,
 * else 0: at the kinks (±3 by default) f' = 0, as PyTorch's backward
 * (`x > -3 && x < 3`) and JAX's relu6 convention. At 0: f = ½,
 * f' = 1/6. Limits: 0 and 1; f'(±∞) = 0; f'' = 0.
 *
 * @example Usage
 * ```ts
 * import { hardSigmoid } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(hardSigmoid([-4, 0, 3]), [0, 0.5, 1]);
 * assertEquals(hardSigmoid.derivative([-3, 0, 3]), [0, 1 / 6, 0]);
 * const keras = hardSigmoid.with({ slope: 0.2, offset: 0.5 });
 * assertEquals(keras([-3, 1, 3]), [0, 0.7, 1]);
 * ```
 */
export const hardSigmoid: Activation<HardSigmoidParams> = defineActivation<
  HardSigmoidParams
>({
  id: "hardSigmoid",
  label: "Hard sigmoid",
  params: {
    slope: positiveParam({
      default: SIXTH,
      symbol: "a",
      description: "slope of the ramp (1/6: PyTorch; 0.2: Keras 2, tfjs)",
      explore: [0.1, 0.5],
    }),
    offset: {
      default: 0.5,
      symbol: "b",
      description: "value at 0 (½ in both PyTorch and Keras)",
      explore: [0, 1],
    },
  },
  kernels: ({ slope, offset }) => {
    if (slope === SIXTH && offset === 0.5) {
      return {
        f: (x) => x > -3 ? (x < 3 ? (x + 3) / 6 : 1) : x === x ? 0 : x,
        df: (x) => x > -3 && x < 3 ? SIXTH : x === x ? 0 : x,
        d2f: zeroSecondDerivative,
      };
    }
    return {
      f: (x) => {
        const y = slope * x + offset;
        return y > 0 ? (y < 1 ? y : 1) : y === y ? 0 : y;
      },
      df: (x) => {
        const y = slope * x + offset;
        return y > 0 && y < 1 ? slope : y === y ? 0 : y;
      },
      d2f: zeroSecondDerivative,
    };
  },
  formula: ({ slope, offset }) => {
    const pytorch = slope === SIXTH && offset === 0.5;
    const ramp = pytorch
      ? "\\frac{x + 3}{6}"
      : `${tex(slope)}\\,x + ${tex(offset)}`;
    const a = pytorch ? "\\tfrac{1}{6}" : tex(slope);
    return {
      f: `\\operatorname{hardsigmoid}(x) = \\min\\Bigl(\\max\\Bigl(0, ${ramp}\\Bigr), 1\\Bigr)${
        pytorch ? " = \\frac{\\operatorname{ReLU6}(x + 3)}{6}" : ""
      }`,
      df:
        `\\operatorname{hardsigmoid}'(x) = \\begin{cases} ${a} & 0 < ${ramp} < 1 \\\\ 0 & \\text{otherwise (0 at the kinks)} \\end{cases}`,
      d2f:
        "\\operatorname{hardsigmoid}''(x) = 0 \\quad (\\text{0 by convention at the kinks})",
    };
  },
  traits: ({ slope, offset }) => hardSigmoidTraits(slope, offset),
  description:
    "Piecewise-linear sigmoid (MobileNetV3): relu6(x + 3)/6 by default, as PyTorch, JAX and Keras 3; Keras 2 and TensorFlow.js use clip(0.2x + 0.5, 0, 1), available as slope 0.2, offset 0.5. Convention: f' = 0 at the kinks (±3), f(0) = 1/2, f'(0) = 1/6.",
  references: [HOWARD_2019, KERAS_HARD_SIGMOID],
});
