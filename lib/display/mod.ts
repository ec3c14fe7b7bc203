/**
 * The display side of Activation Lab: Plotly figures, formula cards and the
 * Jupyter mime bundles that render them, plus `show()` for scripts.
 *
 * Importing this module installs the Jupyter display of every
 * {@linkcode Activation}; it never reads the plotly.js bundle (that happens
 * on the first inline render) and never touches `Deno.jupyter`.
 *
 * Only the public names are exported here; the helpers behind them live in
 * `_`-prefixed files and are not part of the API.
 *
 * @example Usage
 * ```ts
 * import { plot } from "@actlab/activations";
 * import { sigmoid } from "@actlab/activations";
 * import { assert } from "@std/assert";
 * assert(plot(sigmoid).toSVG().startsWith("<svg"));
 * ```
 *
 * @module
 */
import "./_activation_display.ts";
export {
  type Config,
  type Data,
  Figure,
  type FigureInit,
  type FigureJSON,
  type FragmentOptions,
  type HtmlOptions,
  type Layout,
} from "./figure.ts";
export { configure, type DisplayConfig, type PlotlyMode } from "./config.ts";
export {
  compare,
  explore,
  type ExploreOptions,
  type HeatmapOptions,
  jacobianHeatmap,
  plot,
  type PlotOptions,
} from "./plot.ts";
export {
  formula,
  type FormulaCard,
  type FormulaSource,
  type MimeBundle,
} from "./formula.ts";
export {
  type SoftmaxDerivation,
  softmaxDerivation,
} from "./softmax_derivation.ts";
export { show, type ShowOptions } from "./show.ts";
export type { SvgOptions } from "./_svg.ts";
