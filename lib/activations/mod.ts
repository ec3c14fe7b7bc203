/**
 * Every elementwise activation, and the registry that lists them.
 *
 * @module
 */
import type { Activation } from "../activation.ts";
import { step } from "./step.ts";
import { sign } from "./sign.ts";
import { sigmoid } from "./sigmoid.ts";
import { tanh } from "./tanh.ts";
import { relu } from "./relu.ts";
import { leakyRelu } from "./leaky_relu.ts";
import { prelu } from "./prelu.ts";
import { elu } from "./elu.ts";
import { selu } from "./selu.ts";
import { softplus } from "./softplus.ts";
import { silu } from "./silu.ts";
import { gelu } from "./gelu.ts";
import { mish } from "./mish.ts";
import { relu6 } from "./relu6.ts";
import { hardSigmoid } from "./hard_sigmoid.ts";
import { hardTanh } from "./hard_tanh.ts";
import { hardSwish } from "./hard_swish.ts";
import { softsign } from "./softsign.ts";
import { logSigmoid } from "./log_sigmoid.ts";
import { celu } from "./celu.ts";

export { step, type StepParams } from "./step.ts";
export { sign, type SignParams } from "./sign.ts";
export { sigmoid } from "./sigmoid.ts";
export { tanh } from "./tanh.ts";
export { relu, type ReluParams } from "./relu.ts";
export { leakyRelu, type LeakyReluParams } from "./leaky_relu.ts";
export { prelu, preluAlphaGradient, type PreluParams } from "./prelu.ts";
export { elu, type EluParams } from "./elu.ts";
export { selu, SELU_ALPHA, SELU_LAMBDA, type SeluParams } from "./selu.ts";
export { softplus } from "./softplus.ts";
export { silu } from "./silu.ts";
export { gelu, type GeluParams } from "./gelu.ts";
export { mish } from "./mish.ts";
export { relu6 } from "./relu6.ts";
export { hardSigmoid, type HardSigmoidParams } from "./hard_sigmoid.ts";
export { hardTanh, type HardTanhParams } from "./hard_tanh.ts";
export { hardSwish } from "./hard_swish.ts";
export { softsign } from "./softsign.ts";
export { logSigmoid } from "./log_sigmoid.ts";
export { celu, type CeluParams } from "./celu.ts";

/**
 * Every elementwise activation, in the order of the course notes (then the
 * modern smooth ones, then the clipped, hard and other units the peers
 * offer: relu6, hardSigmoid, hardTanh, hardSwish, softsign, logSigmoid,
 * celu).
 *
 * @example Usage
 * ```ts
 * import { activations } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(activations.length, 20);
 * assertEquals(activations[0]!.id, "step");
 * ```
 */
export const activations: readonly Activation[] = Object.freeze([
  step,
  sign,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  prelu,
  elu,
  selu,
  softplus,
  silu,
  gelu,
  mish,
  relu6,
  hardSigmoid,
  hardTanh,
  hardSwish,
  softsign,
  logSigmoid,
  celu,
] as Activation[]);
