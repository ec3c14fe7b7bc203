/**
 * Activation Lab: neural-network activation functions and their
 * derivatives, exact to the last bits and vectorised, with Plotly charts
 * and LaTeX formula cards for Deno Jupyter notebooks.
 *
 * Every activation is a callable object: call it on a number, a
 * `number[]`, a float typed array (`Float64Array`, `Float32Array`,
 * `Float16Array`) or an integer typed array (the result is then a
 * `Float64Array`), optionally with an `out` buffer; `.derivative` has the
 * same overloads; `.with({...})`
 * changes parameters; `.formula`, `.traits` and `.params` describe it. In a
 * notebook, an activation as the last expression of a cell shows its
 * formula card and chart.
 *
 * This module exports exactly the public names (checked by
 * `tests/tools/check_mod_exports.ts`). Subpaths for advanced use:
 * `@actlab/activations/special` (erf, erfc, erfcx, normalCdf, normalPdf),
 * `@actlab/activations/gradcheck` (also `gradcheckVector`, the Jacobian
 * check) and `@actlab/activations/prelu-layer`.
 *
 * @example Usage
 * ```ts
 * import { sigmoid, softmax, relu } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 *
 * assertEquals(sigmoid(0), 0.5);
 * assertEquals(relu.derivative([-1, 0, 1]), [0, 0, 1]);
 * const s = softmax([1, 2, 3]);
 * assertAlmostEquals(s[0]! + s[1]! + s[2]!, 1);
 * ```
 *
 * @module
 */
// The public surface, name by name (no `export *`): every runtime name here
// is listed in tests/tools/check_mod_exports.ts, which `deno task check`
// runs. Internals live in `_`-prefixed files or stay unexported here.

// Elementwise activations and their registry
export {
  activations,
  celu,
  elu,
  gelu,
  hardSigmoid,
  hardSwish,
  hardTanh,
  leakyRelu,
  logSigmoid,
  mish,
  prelu,
  relu,
  relu6,
  selu,
  sigmoid,
  sign,
  silu,
  softplus,
  softsign,
  step,
  tanh,
} from "./lib/activations/mod.ts";
export type {
  CeluParams,
  EluParams,
  GeluParams,
  HardSigmoidParams,
  HardTanhParams,
  LeakyReluParams,
  PreluParams,
  ReluParams,
  SeluParams,
  SignParams,
  StepParams,
} from "./lib/activations/mod.ts";
export type {
  Activation,
  ActivationFormula,
  Elementwise,
  FloatArray,
  Formula,
  IntegerArray,
  JUPYTER_DISPLAY,
  ParamInput,
  Params,
  ParamSpec,
  Range,
  Reference,
  Traits,
} from "./lib/activation.ts";

// Softmax family
export { logSoftmax, logsumexp, softmax } from "./lib/softmax.ts";
export type {
  JacobianFn,
  JacobianProduct,
  LogsumexpDerivativeOptions,
  LogsumexpFunction,
  LogsumexpJvp,
  LogsumexpOptions,
  LogsumexpValue,
  LogsumexpVjp,
  Mask,
  NestedArray,
  NestedMask,
  NestedMatrices,
  NestedNumbers,
  NestedResult,
  NumericArray,
  ReadonlyVector,
  SignedLogsumexp,
  SoftmaxFunction,
  SoftmaxOptions,
  TemperatureOptions,
  Vector,
  VectorMap,
} from "./lib/softmax.ts";

// The learnable PReLU layer
export { PReLU } from "./lib/prelu_layer.ts";
export type {
  PReLUGradients,
  PReLUJSON,
  PReLUOptions,
} from "./lib/prelu_layer.ts";

// Finite-difference checks
export { gradcheck } from "./lib/gradcheck.ts";
export type {
  Differentiable,
  GradcheckOptions,
  GradcheckPoint,
  GradcheckResult,
  ScalarPair,
  Tolerance,
} from "./lib/gradcheck.ts";

// Display (importing it installs the Jupyter display of activations)
export {
  compare,
  configure,
  explore,
  Figure,
  formula,
  jacobianHeatmap,
  plot,
  show,
  softmaxDerivation,
} from "./lib/display/mod.ts";
export type {
  Config,
  Data,
  DisplayConfig,
  ExploreOptions,
  FigureJSON,
  FormulaCard,
  FormulaSource,
  FragmentOptions,
  HeatmapOptions,
  HtmlOptions,
  Layout,
  MimeBundle,
  PlotlyMode,
  PlotOptions,
  ShowOptions,
  SoftmaxDerivation,
  SvgOptions,
} from "./lib/display/mod.ts";
