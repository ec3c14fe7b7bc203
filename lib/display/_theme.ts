/**
 * The one theme of the display layer (internal): fonts, ink and rule
 * colours, the palette keyed by activation id (one colour per activation in
 * every chart), the chart colours, and the inline styles of the cards.
 *
 * @module
 */

// Inline styles: a card must look the same wherever its HTML lands, and
// several notebook frontends strip <style> elements. Colours are explicit
// (white card, dark ink) so a dark theme does not turn the text invisible.
export const FONT =
  `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;
export const MATH_FONT =
  `'STIX Two Math', 'Latin Modern Math', 'Cambria Math', math, serif`;
export const INK = "#1f2328";
export const MUTED = "#59636e";
export const RULE = "#d1d9e0";
export const ACCENT = "#1f6feb";
/** Gridlines of the charts. */
export const GRID = "#e6e6e6";
/** Zero lines of the charts. */
export const ZERO_LINE = "#9a9a9a";
/** Axis lines and the plot frame. */
export const AXIS = "#444";

/**
 * Twenty-four distinguishable colours: Tableau 10 (reordered for contrast),
 * then darker and lighter hues from Tableau 20b/20c and black — enough for
 * every activation of the registry in one chart.
 */
export const PALETTE: readonly string[] = Object.freeze([
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
  "#c51b7d",
  "#8db600",
  "#e6ab02",
  "#e6550d",
  "#7570b3",
  "#d6616b",
  "#8ca252",
  "#de9ed6",
]);

/**
 * The colour of each activation of the registry, by id, so an activation
 * has the same colour in every chart (plot, compare, explore, notebooks).
 * Later additions take the colours left, then darker/lighter variants.
 */
const BY_ID: Readonly<Record<string, string>> = Object.freeze({
  step: "#7f7f7f",
  sign: "#bcbd22",
  sigmoid: "#1f77b4",
  tanh: "#d62728",
  relu: "#2ca02c",
  leakyRelu: "#9467bd",
  prelu: "#e6ab02",
  elu: "#ff7f0e",
  selu: "#17becf",
  softplus: "#8c564b",
  silu: "#e377c2",
  gelu: "#000000",
  mish: "#393b79",
  relu6: "#637939",
  hardSigmoid: "#b8860b",
  hardTanh: "#7b4173",
  hardSwish: "#7570b3",
  softsign: "#c51b7d",
  logSigmoid: "#8db600",
  celu: "#e6550d",
});

/**
 * The colour of an activation: its own for the registry's ids, else one of
 * {@linkcode PALETTE} chosen by a hash of the id (the same id, the same
 * colour, in every chart).
 *
 * @param id The activation's id.
 * @returns A `#rrggbb` colour.
 */
export function colorOf(id: string): string {
  if (Object.hasOwn(BY_ID, id)) return BY_ID[id]!;
  let h = 0x811c9dc5; // FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/)
  for (let i = 0; i < id.length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  }
  return PALETTE[(h >>> 0) % PALETTE.length]!;
}

/**
 * One colour per curve for a chart of several activations: each its own
 * {@linkcode colorOf}, unless an earlier curve of the chart has it already
 * (the same activation with other parameters, a hash collision), then the
 * first palette colour not used yet in the chart.
 *
 * @param ids The activations' ids, in chart order.
 * @returns The colours.
 */
export function chartColors(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let c = colorOf(id);
    if (used.has(c)) {
      c = PALETTE.find((p) => !used.has(p)) ??
        [...Object.values(BY_ID)].find((p) => !used.has(p)) ?? c;
    }
    used.add(c);
    return c;
  });
}
/** Inline styles of the cards, by element. */
export const CARD_STYLE = {
  card:
    `font-family:${FONT};font-size:14px;line-height:1.5;color:${INK};background:#ffffff;border:1px solid ${RULE};border-radius:10px;padding:18px 22px 14px;margin:8px 0;max-width:860px;box-sizing:border-box;text-align:left`,
  head:
    `display:flex;align-items:baseline;flex-wrap:wrap;gap:10px;margin:0 0 6px`,
  title: `font-size:20px;font-weight:600;margin:0;color:${INK}`,
  id:
    `font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:${MUTED};background:#f6f8fa;border:1px solid ${RULE};border-radius:6px;padding:1px 6px`,
  kind:
    `font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:${ACCENT};margin-left:auto`,
  desc: `margin:4px 0 10px;color:#32383f;font-size:13.5px`,
  formulas:
    `background:#f8f9fb;border-left:3px solid ${ACCENT};border-radius:4px;padding:4px 14px;margin:8px 0 14px;overflow-x:auto;overflow-y:hidden;font-family:${MATH_FONT};font-size:17px`,
  stepTitle:
    `font-size:14px;font-weight:600;color:${INK};display:flex;align-items:baseline;gap:8px`,
  stepNo:
    `display:inline-block;min-width:1.5em;height:1.5em;line-height:1.5em;text-align:center;border-radius:50%;background:${ACCENT};color:#fff;font-size:11px;font-weight:700`,
  formulaRow: `display:flex;align-items:center;gap:12px;margin:2px 0`,
  // The formulas of a card are a table (readable without styles); these
  // undo the table rules of JupyterLab and pages (borders, stripes,
  // right alignment).
  // JupyterLab stripes table rows (tbody tr:nth-child(odd)): not in a card.
  tr: `background:transparent;border:0`,
  formulaTable:
    `border-collapse:collapse;border:0;margin:0;width:auto;table-layout:auto;background:transparent`,
  formulaTag:
    `width:6.5em;min-width:6.5em;padding:2px 12px 2px 0;border:0;background:transparent;text-align:left;vertical-align:middle;white-space:nowrap;font-weight:normal;font-family:${FONT};font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:${MUTED}`,
  formulaBody:
    `padding:2px 0;border:0;background:transparent;text-align:left;vertical-align:middle`,
  grid:
    `display:flex;flex-wrap:wrap;gap:14px 28px;align-items:flex-start;margin:4px 0 8px`,
  section: `flex:1 1 240px;min-width:220px`,
  h: `font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:${MUTED};margin:0 0 4px`,
  // Explicit borders, alignment and backgrounds: JupyterLab's and the
  // gallery page's table rules (right-aligned, striped, boxed) must not leak in.
  table:
    `border-collapse:collapse;font-size:13px;margin:0;border:0;table-layout:auto;width:auto`,
  th:
    `background:transparent;border:0;text-align:left;font-weight:600;color:${MUTED};padding:3px 8px 3px 0;border-bottom:1px solid ${RULE};font-size:12px`,
  td:
    `background:transparent;border:0;text-align:left;padding:3px 8px 3px 0;border-bottom:1px solid #eef1f4;vertical-align:top`,
  tdName:
    `background:transparent;border:0;text-align:left;padding:3px 12px 3px 0;border-bottom:1px solid #eef1f4;vertical-align:top;color:#32383f;white-space:nowrap`,
  math: `font-family:${MATH_FONT};font-size:15px`,
  yes: `color:#1a7f37;font-weight:600`,
  no: `color:#8c959f;font-weight:600`,
  note: `color:${MUTED};font-size:12px`,
  refs:
    `margin:8px 0 0;padding:8px 0 0;border-top:1px solid ${RULE};font-size:12.5px;color:${MUTED}`,
  refList: `margin:2px 0 0;padding-left:1.3em`,
  link: `color:${ACCENT};text-decoration:none`,
} as const;
