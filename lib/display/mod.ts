/**
 * The display side of Activation Lab: Plotly figures, formula cards and the
 * Jupyter mime bundles that render them, plus `show()` for scripts.
 *
 * Importing this module installs the Jupyter display of every
 * {@linkcode Activation}; it never reads the plotly.js bundle (that happens
 * on the first inline render) and never touches `Deno.jupyter`.
 *
 * @module
 */
export {
  type Config,
  type Data,
  Figure,
  type HtmlOptions,
  type Layout,
} from "./figure.ts";
export { configure, type DisplayConfig, type PlotlyMode } from "./config.ts";
export {
  compare,
  explore,
  jacobianHeatmap,
  plot,
  type PlotOptions,
} from "./plot.ts";
export {
  formula,
  FormulaCard,
  type FormulaSource,
  type MimeBundle,
  rangeText,
} from "./formula.ts";
export {
  DEFAULT_SOFTMAX_EXAMPLE,
  SoftmaxDerivation,
  softmaxDerivation,
} from "./softmax_derivation.ts";
export { type TexOptions, texToMathML } from "./katex.ts";
export { gallery, type GalleryOptions } from "./gallery.ts";
export { show, type ShowOptions } from "./show.ts";
import "./activation_display.ts";
export { elementId, escapeHtml, resetElementIds, scriptJson } from "./html.ts";
export { getConfig } from "./config.ts";
export {
  type BundleExtra,
  figureBundle,
  type FigureInit,
  type FigureJSON,
  type FragmentOptions,
  page,
} from "./figure.ts";
export {
  figureToSVG,
  niceTicks,
  type SvgFigure,
  type SvgOptions,
} from "./svg.ts";
export { type ExploreOptions, type HeatmapOptions, PALETTE } from "./plot.ts";
export {
  claimInlinePlotly,
  PLOTLY_CDN_URL,
  PLOTLY_VERSION,
  plotlyCdnScript,
  plotlyInlined,
  plotlyInlineScript,
  plotlySource,
  plotlySourceSync,
  resetPlotlySession,
} from "./plotly_source.ts";
