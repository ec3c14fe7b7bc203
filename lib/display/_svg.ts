/**
 * A static SVG renderer for the figures this module makes (internal): line
 * and marker traces (solid, dashed, dotted), heatmaps with a colour bar,
 * linear axes with "nice" ticks and log axes, gridlines, zero lines, a
 * legend placed as `layout.legend` says, a title and a slider caption.
 * Pure TypeScript, no browser: the picture that shows where JavaScript does
 * not run or HTML is sanitized, and the placeholder the live chart replaces.
 *
 * The parts live in their own files: `_svg_axes.ts` (scales, ticks, grid,
 * axis titles), `_svg_traces.ts` (lines, markers, heatmaps), `_svg_legend.ts`
 * (title, legend, slider caption), `_svg_util.ts` (readers, colours).
 *
 * Plotly's text is pseudo-HTML (`&lt;` is a "<", `<br>` a line break), so
 * strings are decoded from that form and then escaped for XML: no user
 * string reaches the SVG unescaped, and the output is well-formed XML for
 * any input (ids are unique per figure content).
 *
 * @module
 */
import { escapeHtml, fnv1a } from "./_text.ts";
import { FONT, PALETTE } from "./_theme.ts";
import {
  axisRange,
  type Box,
  categoryAxes,
  frameAndTitles,
  numericAxes,
  type Scale,
} from "./_svg_axes.ts";
import { heatmap, linePath, markerCircles } from "./_svg_traces.ts";
import {
  legend,
  type LegendEntry,
  sliderCaption,
  title,
} from "./_svg_legend.ts";
import {
  arr,
  finiteExtent,
  num,
  type Obj,
  obj,
  r2,
  safeColor,
  str,
  t,
  textOf,
  visibleIn,
  xsOf,
} from "./_svg_util.ts";

export { niceTicks } from "./_svg_axes.ts";

/** Options of {@linkcode figureToSVG}. */
export interface SvgOptions {
  /** Width in CSS pixels (default: the layout's width, else 720). */
  readonly width?: number;
  /** Height in CSS pixels (default: the layout's height, else 440). */
  readonly height?: number;
}

/** The part of a Plotly figure the renderer reads. */
export interface SvgFigure {
  /** The traces. */
  readonly data: readonly unknown[];
  /** The layout. */
  readonly layout?: unknown;
}

let fallbackIds = 0;

/**
 * An id prefix unique to this figure's content (a hash of data, layout and
 * size): two different figures on one page never share a clip path or a
 * gradient, and the same figure gives the same bytes on every run (no
 * per-process nonce: identical content means identical definitions).
 */
function figureUid(fig: SvgFigure, W: number, H: number): string {
  let key: string;
  try {
    key = JSON.stringify([fig.data, fig.layout ?? null, W, H]) ?? "";
  } catch {
    key = `#${++fallbackIds}`;
  }
  return `a${fnv1a(key).toString(16).padStart(8, "0")}`;
}

/** The plot area and the two scales: numeric, or categories of a heatmap. */
function layoutScales(
  traces: readonly Obj[],
  layout: Obj,
  W: number,
  H: number,
  heat: Obj | undefined,
): {
  box: Box;
  xs: Scale;
  ys: Scale;
  cats?: [string[], string[]];
  margin: { t: number };
} {
  const margin = obj(layout.margin);
  const m = {
    l: num(margin.l, 70),
    r: num(margin.r, heat ? 100 : 24),
    t: num(margin.t, textOf(layout.title) ? 56 : 24),
    b: num(margin.b, 58),
  };
  // Keep a plot area of at least 20 px whatever the margins say.
  const plotL = Math.min(m.l, W - 20), plotR = Math.max(plotL + 20, W - m.r);
  const plotT = Math.min(m.t, H - 20), plotB = Math.max(plotT + 20, H - m.b);
  const xaxis = obj(layout.xaxis), yaxis = obj(layout.yaxis);
  if (heat) {
    const z = arr(heat.z).map(arr);
    const rows = z.length;
    let cols = 0;
    for (const row of z) cols = Math.max(cols, row.length);
    const xCats = Array.from(
      { length: cols },
      (_, j) => String(arr(heat.x)[j] ?? j),
    );
    const yCats = Array.from(
      { length: rows },
      (_, i) => String(arr(heat.y)[i] ?? i),
    );
    const side = Math.min(plotR - plotL, plotB - plotT);
    const reversed = yaxis.autorange === "reversed";
    const xs = {
      lo: -0.5,
      hi: Math.max(cols, 1) - 0.5,
      a: plotL,
      b: plotL + side,
    };
    const ys = reversed
      ? { lo: -0.5, hi: Math.max(rows, 1) - 0.5, a: plotT, b: plotT + side }
      : { lo: -0.5, hi: Math.max(rows, 1) - 0.5, a: plotT + side, b: plotT };
    return {
      box: { l: plotL, r: plotL + side, t: plotT, b: plotT + side },
      xs,
      ys,
      cats: [xCats, yCats],
      margin: { t: m.t },
    };
  }
  const shown = traces.filter(visibleIn);
  const xLog = xaxis.type === "log", yLog = yaxis.type === "log";
  // On a log axis only positive values exist (Plotly drops the others).
  const axisValues = (vs: readonly unknown[], log: boolean) =>
    log
      ? vs.flatMap((v) => typeof v === "number" && v > 0 ? [Math.log10(v)] : [])
      : vs;
  const xExt = finiteExtent(axisValues(shown.flatMap((tr) => xsOf(tr)), xLog));
  const yExt = finiteExtent(axisValues(shown.flatMap((tr) => arr(tr.y)), yLog));
  const [x0, x1] = axisRange(xaxis, xExt, 0);
  const [y0, y1] = axisRange(yaxis, yExt, 0.06);
  return {
    box: { l: plotL, r: plotR, t: plotT, b: plotB },
    xs: { lo: x0, hi: x1, a: plotL, b: plotR, log: xLog },
    ys: { lo: y0, hi: y1, a: plotB, b: plotT, log: yLog },
    margin: { t: m.t },
  };
}

/** The traces: lines first, then markers (in data order), and the legend. */
function drawTraces(
  traces: readonly Obj[],
  xs: Scale,
  ys: Scale,
  box: Box,
  W: number,
  uid: string,
): { lines: string[]; markers: string[]; entries: LegendEntry[] } {
  const lines: string[] = [], markers: string[] = [];
  const entries: LegendEntry[] = [];
  let colorIndex = 0, heatIndex = 0;
  for (const tr of traces) {
    const type = str(tr.type, "scatter");
    if (type === "heatmap") {
      if (visibleIn(tr)) {
        lines.push(heatmap(tr, xs, ys, W, box, `${uid}g${heatIndex++}`));
      }
      continue;
    }
    const line = obj(tr.line), marker = obj(tr.marker);
    const color = safeColor(
      line.color ?? marker.color,
      PALETTE[colorIndex++ % PALETTE.length]!,
    );
    const mode = str(tr.mode, "lines");
    const name = str(tr.name);
    if (tr.visible !== false && tr.showlegend !== false && name) {
      entries.push({
        name,
        color,
        dash: str(line.dash, "solid"),
        width: num(line.width, 2),
        marker: !mode.includes("lines"),
      });
    }
    if (!visibleIn(tr)) continue;
    if (mode.includes("lines")) {
      lines.push(linePath(tr, xs, ys, box, color, `${uid}c`));
    }
    if (mode.includes("markers")) {
      const mColor = safeColor(marker.color, color);
      const edge = safeColor(obj(marker.line).color, mColor);
      markers.push(...markerCircles(tr, xs, ys, mColor, edge, `${uid}c`));
    }
  }
  return { lines, markers, entries };
}

/**
 * Draw a Plotly figure (the subset used here) as a self-contained SVG.
 *
 * @param fig The figure: `data` (scatter and heatmap traces) and `layout`.
 * @param options Size overrides.
 * @returns The `<svg>` element as text (well-formed XML).
 *
 * @example Usage
 * ```ts
 * import { figureToSVG } from "./_svg.ts";
 * import { assert } from "@std/assert";
 * const svg = figureToSVG({
 *   data: [{ type: "scatter", x: [0, 1, 2], y: [0, 1, 4], name: "<x²>" }],
 *   layout: { title: { text: "A & B" } },
 * });
 * assert(svg.startsWith("<svg"));
 * assert(svg.includes("A &amp; B") && svg.includes("&lt;x²&gt;"));
 * ```
 */
export function figureToSVG(fig: SvgFigure, options: SvgOptions = {}): string {
  const layout = obj(fig.layout);
  const traces = arr(fig.data).map(obj);
  const W = Math.round(
    Math.min(4000, Math.max(100, num(options.width, num(layout.width, 720)))),
  );
  const H = Math.round(
    Math.min(4000, Math.max(80, num(options.height, num(layout.height, 440)))),
  );
  const uid = figureUid(fig, W, H);
  const heat = traces.find((tr) => tr.type === "heatmap" && visibleIn(tr));
  const { box, xs, ys, cats, margin } = layoutScales(
    traces,
    layout,
    W,
    H,
    heat,
  );
  const axes = cats
    ? { under: [], over: categoryAxes(cats[0], cats[1], xs, ys, box) }
    : numericAxes(xs, ys, box);
  const drawn = drawTraces(traces, xs, ys, box, W, uid);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="actlab-static" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${
      t(textOf(layout.title) || "chart")
    }" font-family="${
      escapeHtml(FONT)
    }" style="max-width:100%;height:auto;background:#fff">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    title(layout, W, margin.t),
    `<defs><clipPath id="${uid}c"><rect x="${r2(box.l)}" y="${
      r2(box.t)
    }" width="${r2(box.r - box.l)}" height="${
      r2(box.b - box.t)
    }"/></clipPath></defs>`,
    ...axes.under,
    ...drawn.lines,
    ...drawn.markers,
    ...frameAndTitles(
      textOf(obj(layout.xaxis).title),
      textOf(obj(layout.yaxis).title),
      box,
      H,
    ),
    ...axes.over,
    sliderCaption(layout, box, H),
    layout.showlegend !== false
      ? legend(drawn.entries, obj(layout.legend), box, W, H)
      : "",
    `</svg>`,
  ];
  return out.join("");
}
