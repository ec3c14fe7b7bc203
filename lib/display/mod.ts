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
export { Figure, type HtmlOptions } from "./figure.ts";
export { configure, type DisplayConfig, type PlotlyMode } from "./config.ts";
export { compare, explore, jacobianHeatmap, plot, type PlotOptions } from "./plot.ts";
export { FormulaCard, formula } from "./formula.ts";
export { softmaxDerivation } from "./softmax_derivation.ts";
export { show } from "./show.ts";
import "./activation_display.ts";
