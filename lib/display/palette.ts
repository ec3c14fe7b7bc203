/**
 * The colours of the charts, shared by the Plotly figures and the static SVG.
 *
 * @module
 */

/**
 * One colour per activation: Tableau 10 (reordered for contrast), then six
 * darker hues from Tableau 20b/20c and black, so all 13 activations of the
 * registry (and up to 16 curves) get distinguishable colours.
 */
export const PALETTE: readonly string[] = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#000000",
  "#393b79",
  "#b8860b",
  "#637939",
  "#ad494a",
  "#7b4173",
];
