/**
 * A static SVG renderer for the figures this module makes: line and marker
 * traces (solid, dashed, dotted), heatmaps with a colour bar, linear axes
 * with "nice" ticks (1, 2, 5 × 10ᵏ) and log axes (`type: "log"`, ticks at
 * powers of ten, non-positive values dropped as Plotly drops them),
 * gridlines, zero lines, a legend placed as `layout.legend` says (x, y,
 * anchors, vertical or horizontal) and a title.
 * Pure TypeScript, no browser: the picture that shows where JavaScript does
 * not run (nbviewer-style static views, GitHub, a JS-disabled browser), and
 * the placeholder the interactive chart is drawn over.
 *
 * It reads the same plain Plotly figure that plotly.js draws, so the two
 * pictures agree; it covers the subset of Plotly the charts here use, not
 * all of Plotly. Plotly's text is pseudo-HTML (`&lt;` is a "<", `<br>` a
 * line break), so strings are decoded from that form and then escaped for
 * XML: no user string reaches the SVG unescaped.
 *
 * @module
 */
import { escapeHtml } from "./html.ts";
import { PALETTE } from "./palette.ts";

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

type Obj = Record<string, unknown>;

const FONT = `"Helvetica Neue", Helvetica, Arial, sans-serif`;
const INK = "#222";
const MUTED = "#555";
const GRID = "#e6e6e6";
const ZERO = "#9a9a9a";

function obj(v: unknown): Obj {
  return v !== null && typeof v === "object" ? v as Obj : {};
}
function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}
function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v)
    ? v
    : ArrayBuffer.isView(v)
    ? Array.from(v as unknown as ArrayLike<number>)
    : [];
}
/** A trace's x values: its `x` array, or `x0 + i·dx` for each y. */
function xsOf(tr: Obj): readonly unknown[] {
  const x = arr(tr.x);
  if (x.length || tr.x !== undefined) return x;
  const n = arr(tr.y).length, x0 = num(tr.x0, 0), dx = num(tr.dx, 1);
  return Array.from({ length: n }, (_, i) => x0 + i * dx);
}
function textOf(v: unknown): string {
  if (typeof v === "string") return v;
  return str(obj(v).text);
}

/**
 * Plotly pseudo-HTML → plain text: `<br>` becomes a space, other tags are
 * dropped, the five XML entities are decoded.
 */
function plain(s: string): string {
  return s
    .replace(/<br\s*\/?>/gi, " ")
    .replace(/<\/?(b|i|em|sup|sub|span)(\s[^<>]*)?>/gi, "")
    .replace(
      /&(lt|gt|quot|#39|#x27|amp);/g,
      (_, e: string) =>
        ({ lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'", amp: "&" })[
          e
        ] ?? "",
    );
}
function t(s: string): string {
  return escapeHtml(plain(s));
}

/** A round number for SVG coordinates (0.01 px). */
function r2(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * Nice tick positions covering [lo, hi]: the step is 1, 2 or 5 × 10ᵏ,
 * chosen so there are about `target` intervals (Heckbert, "Nice numbers
 * for graph labels", Graphics Gems, 1990).
 *
 * @param lo The lower end.
 * @param hi The upper end.
 * @param target About how many intervals.
 * @returns The ticks inside [lo, hi] and the step.
 */
export function niceTicks(
  lo: number,
  hi: number,
  target = 6,
): { ticks: number[]; step: number } {
  if (!(hi > lo)) return { ticks: [lo], step: 1 };
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const m = raw / mag;
  const step = (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * mag;
  const ticks: number[] = [];
  const eps = step * 1e-9;
  for (let k = Math.ceil((lo - eps) / step); k * step <= hi + eps; k++) {
    ticks.push(
      Math.abs(k * step) < eps ? 0 : Number((k * step).toPrecision(12)),
    );
  }
  return { ticks, step };
}

/** A tick label: as many decimals as the step needs, a true minus sign. */
function tickLabel(v: number, step: number): string {
  const decimals = Math.max(
    0,
    Math.min(10, -Math.floor(Math.log10(step) + 1e-9)),
  );
  const s = Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-4 && v !== 0)
    ? v.toExponential(1)
    : v.toFixed(decimals);
  return s.startsWith("-") ? "\u2212" + s.slice(1) : s;
}

function dashArray(dash: string, width: number): string {
  const w = Math.max(1, width);
  switch (dash) {
    case "dash":
      return `${r2(6 * w)},${r2(3.5 * w)}`;
    case "dot":
      return `${r2(1.2 * w)},${r2(2.5 * w)}`;
    case "dashdot":
      return `${r2(6 * w)},${r2(2.5 * w)},${r2(1.2 * w)},${r2(2.5 * w)}`;
    case "longdash":
      return `${r2(10 * w)},${r2(4 * w)}`;
    default:
      return "";
  }
}

/** Parse "#rgb", "#rrggbb" or "rgb(r,g,b)" into [r, g, b]. */
function parseColor(c: string): [number, number, number] {
  const s = c.trim();
  if (s.startsWith("#")) {
    const h = s.length === 4
      ? s.slice(1).split("").map((d) => d + d).join("")
      : s.slice(1, 7);
    const n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = s.match(/rgba?\(([^)]*)\)/);
  if (m) {
    const [r = 0, g = 0, b = 0] = m[1]!.split(",").map((p) => Number(p.trim()));
    return [r, g, b];
  }
  return [128, 128, 128];
}

/** A safe colour for an attribute: only #hex and rgb()/rgba() pass. */
function safeColor(c: unknown, fallback: string): string {
  const s = str(c);
  return /^#[0-9a-fA-F]{3,8}$/.test(s) || /^rgba?\([0-9.,\s%]+\)$/.test(s)
    ? s
    : fallback;
}

const RDBU: Array<[number, string]> = [
  [0, "#053061"],
  [0.1, "#2166ac"],
  [0.2, "#4393c3"],
  [0.3, "#92c5de"],
  [0.4, "#d1e5f0"],
  [0.5, "#f7f7f7"],
  [0.6, "#fddbc7"],
  [0.7, "#f4a582"],
  [0.8, "#d6604d"],
  [0.9, "#b2182b"],
  [1, "#67001f"],
];

function colorscaleOf(v: unknown): Array<[number, string]> {
  const a = arr(v);
  const out: Array<[number, string]> = [];
  for (const stop of a) {
    const s = arr(stop);
    if (typeof s[0] === "number" && typeof s[1] === "string") {
      out.push([s[0], s[1]]);
    }
  }
  return out.length >= 2 ? out : RDBU;
}

function colorAt(scale: ReadonlyArray<[number, string]>, u: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0.5));
  for (let i = 1; i < scale.length; i++) {
    const [x1, c1] = scale[i]!;
    if (x <= x1 || i === scale.length - 1) {
      const [x0, c0] = scale[i - 1]!;
      const w = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
      const a = parseColor(c0), b = parseColor(c1);
      const mix = a.map((v, k) => Math.round(v + (b[k]! - v) * w));
      return `rgb(${mix.join(",")})`;
    }
  }
  return scale[0]![1];
}

function luminance(rgb: string): number {
  const [r, g, b] = parseColor(rgb);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

interface Scale {
  lo: number; // in axis units: log10 of the value on a log axis
  hi: number;
  a: number; // pixel of lo
  b: number; // pixel of hi
  log?: boolean;
}
/** The pixel of a data value (NaN for v ≤ 0 on a log axis). */
function px(s: Scale, v: number): number {
  const u = s.log ? (v > 0 ? Math.log10(v) : NaN) : v;
  return s.a + (u - s.lo) / (s.hi - s.lo) * (s.b - s.a);
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "-": "\u207B",
  "0": "\u2070",
  "1": "\u00B9",
  "2": "\u00B2",
  "3": "\u00B3",
  "4": "\u2074",
  "5": "\u2075",
  "6": "\u2076",
  "7": "\u2077",
  "8": "\u2078",
  "9": "\u2079",
};

/** 10ᵏ as a label: "1", "10", then "10²", "10⁻⁵". */
function powerLabel(k: number): string {
  if (k === 0) return "1";
  if (k === 1) return "10";
  return "10" + String(k).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c] ?? c);
}

/**
 * Ticks of a log axis spanning [lo, hi] in log10 units: at powers of ten
 * (every m-th decade when there are many), or, within about one decade,
 * nice linear ticks of the values themselves.
 */
function logTicks(
  lo: number,
  hi: number,
  target: number,
): Array<{ value: number; label: string }> {
  if (hi - lo < 1.2) {
    const t = niceTicks(
      10 ** lo,
      10 ** hi,
      Math.max(2, Math.round(target / 2)),
    );
    return t.ticks.filter((v) => v > 0).map((v) => ({
      value: v,
      label: tickLabel(v, t.step),
    }));
  }
  const every = Math.max(1, Math.ceil((hi - lo) / Math.max(2, target)));
  const out: Array<{ value: number; label: string }> = [];
  for (let k = Math.ceil(lo - 1e-9); k <= hi + 1e-9; k++) {
    if (k % every === 0) out.push({ value: 10 ** k, label: powerLabel(k) });
  }
  return out;
}

function visibleIn(trace: Obj): boolean {
  return trace.visible !== false && trace.visible !== "legendonly";
}

function finiteExtent(values: Iterable<unknown>): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (typeof v === "number" && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * An axis's range in axis units (log10 of the values on a log axis, where
 * Plotly's `range` is also given in log10 units).
 */
function axisRange(
  axis: Obj,
  extent: [number, number] | undefined,
  pad: number,
): [number, number] {
  const given = arr(axis.range);
  if (
    typeof given[0] === "number" && typeof given[1] === "number" &&
    given[1] > given[0]
  ) {
    return [given[0], given[1]];
  }
  let [lo, hi] = extent ?? [0, 1];
  if (hi - lo < 1e-12) {
    lo -= 0.5;
    hi += 0.5;
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/**
 * Draw a Plotly figure (the subset used here) as a self-contained SVG.
 *
 * @param fig The figure: `data` (scatter and heatmap traces) and `layout`.
 * @param options Size overrides.
 * @returns The `<svg>` element as text.
 *
 * @example Usage
 * ```ts
 * import { figureToSVG } from "./mod.ts";
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
  const W = Math.round(num(options.width, num(layout.width, 720)));
  const H = Math.round(num(options.height, num(layout.height, 440)));
  const title = textOf(layout.title);
  const xaxis = obj(layout.xaxis), yaxis = obj(layout.yaxis);
  const heat = traces.find((tr) => tr.type === "heatmap" && visibleIn(tr));
  const margin = obj(layout.margin);
  const m = {
    l: num(margin.l, 70),
    r: num(margin.r, heat ? 100 : 24),
    t: num(margin.t, title ? 56 : 24),
    b: num(margin.b, 58),
  };
  const plotL = m.l, plotR = W - m.r, plotT = m.t, plotB = H - m.b;
  const out: string[] = [];
  const clipId = `clip${(W * 7919 + H * 31 + traces.length) % 1e6}`;
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="actlab-static" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${
      t(title || "chart")
    }" font-family='${FONT}' style="max-width:100%;height:auto;background:#fff">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  if (title) {
    // Plotly's placements used here: centred in the top margin (default),
    // or just above the plot area (yref "paper", yanchor "bottom"); x as a
    // fraction of the width, with its anchor.
    const tl = obj(layout.title);
    const ty = tl.yref === "paper" && tl.yanchor === "bottom"
      ? m.t - num(obj(tl.pad).b, 0) - 5
      : m.t / 2 + 6;
    const fx = num(tl.x, 0.5);
    const ax = anchorOf(tl.xanchor, fx, ["left", "center", "right"]);
    out.push(
      `<text x="${r2(fx * W)}" y="${r2(ty)}" text-anchor="${
        ax === 0 ? "start" : ax === 1 ? "end" : "middle"
      }" font-size="${r2(num(obj(tl.font).size, 17))}" fill="${INK}">${
        t(title)
      }</text>`,
    );
  }

  let xs: Scale, ys: Scale;
  let xCats: string[] | undefined, yCats: string[] | undefined;
  if (heat) {
    const z = arr(heat.z).map(arr);
    const rows = z.length, cols = Math.max(0, ...z.map((row) => row.length));
    xCats = Array.from({ length: cols }, (_, j) => String(arr(heat.x)[j] ?? j));
    yCats = Array.from({ length: rows }, (_, i) => String(arr(heat.y)[i] ?? i));
    const side = Math.min(plotR - plotL, plotB - plotT);
    const reversed = yaxis.autorange === "reversed";
    xs = { lo: -0.5, hi: cols - 0.5, a: plotL, b: plotL + side };
    ys = reversed
      ? { lo: -0.5, hi: rows - 0.5, a: plotT, b: plotT + side }
      : { lo: -0.5, hi: rows - 0.5, a: plotT + side, b: plotT };
  } else {
    const shown = traces.filter(visibleIn);
    const xLog = xaxis.type === "log", yLog = yaxis.type === "log";
    // On a log axis only positive values exist (Plotly drops the others).
    const axisValues = (vs: readonly unknown[], log: boolean) =>
      log
        ? vs.flatMap((v) =>
          typeof v === "number" && v > 0 ? [Math.log10(v)] : []
        )
        : vs;
    const xExt = finiteExtent(
      axisValues(shown.flatMap((tr) => xsOf(tr)), xLog),
    );
    const yExt = finiteExtent(
      axisValues(shown.flatMap((tr) => arr(tr.y)), yLog),
    );
    const [x0, x1] = axisRange(xaxis, xExt, 0);
    const [y0, y1] = axisRange(yaxis, yExt, 0.06);
    xs = { lo: x0, hi: x1, a: plotL, b: plotR, log: xLog };
    ys = { lo: y0, hi: y1, a: plotB, b: plotT, log: yLog };
  }
  const boxL = Math.min(xs.a, xs.b), boxR = Math.max(xs.a, xs.b);
  const boxT = Math.min(ys.a, ys.b), boxB = Math.max(ys.a, ys.b);
  out.push(
    `<defs><clipPath id="${clipId}"><rect x="${r2(boxL)}" y="${
      r2(boxT)
    }" width="${r2(boxR - boxL)}" height="${
      r2(boxB - boxT)
    }"/></clipPath></defs>`,
  );

  // Grid, zero lines and ticks.
  const axisText: string[] = [];
  if (xCats && yCats) {
    xCats.forEach((c, j) =>
      axisText.push(
        `<text x="${r2(px(xs, j))}" y="${
          r2(boxB + 18)
        }" text-anchor="middle" font-size="12" fill="${MUTED}">${t(c)}</text>`,
      )
    );
    yCats.forEach((c, i) =>
      axisText.push(
        `<text x="${r2(boxL - 8)}" y="${
          r2(px(ys, i) + 4)
        }" text-anchor="end" font-size="12" fill="${MUTED}">${t(c)}</text>`,
      )
    );
  } else {
    const ticksOf = (sc: Scale, target: number) => {
      if (sc.log) return logTicks(sc.lo, sc.hi, target);
      const nt = niceTicks(sc.lo, sc.hi, target);
      return nt.ticks.map((v) => ({ value: v, label: tickLabel(v, nt.step) }));
    };
    const xt = ticksOf(xs, Math.max(3, Math.round((boxR - boxL) / 80)));
    const yt = ticksOf(ys, Math.max(3, Math.round((boxB - boxT) / 55)));
    const grid: string[] = [];
    for (const { value: v, label } of xt) {
      const x = r2(px(xs, v));
      grid.push(`M${x} ${r2(boxT)}V${r2(boxB)}`);
      axisText.push(
        `<line x1="${x}" y1="${r2(boxB)}" x2="${x}" y2="${
          r2(boxB + 5)
        }" stroke="${INK}"/>`,
        `<text x="${x}" y="${
          r2(boxB + 19)
        }" text-anchor="middle" font-size="12" fill="${MUTED}">${label}</text>`,
      );
    }
    for (const { value: v, label } of yt) {
      const y = r2(px(ys, v));
      grid.push(`M${r2(boxL)} ${y}H${r2(boxR)}`);
      axisText.push(
        `<line x1="${r2(boxL - 5)}" y1="${y}" x2="${
          r2(boxL)
        }" y2="${y}" stroke="${INK}"/>`,
        `<text x="${r2(boxL - 8)}" y="${
          r2(px(ys, v) + 4)
        }" text-anchor="end" font-size="12" fill="${MUTED}">${label}</text>`,
      );
    }
    out.push(
      `<path d="${
        grid.join("")
      }" stroke="${GRID}" stroke-width="1" fill="none"/>`,
    );
    const zeros: string[] = [];
    if (!xs.log && xs.lo < 0 && xs.hi > 0) {
      zeros.push(`M${r2(px(xs, 0))} ${r2(boxT)}V${r2(boxB)}`);
    }
    if (!ys.log && ys.lo < 0 && ys.hi > 0) {
      zeros.push(`M${r2(boxL)} ${r2(px(ys, 0))}H${r2(boxR)}`);
    }
    if (zeros.length) {
      out.push(
        `<path d="${
          zeros.join("")
        }" stroke="${ZERO}" stroke-width="1.2" fill="none"/>`,
      );
    }
  }

  // Traces.
  const legend: LegendEntry[] = [];
  let colorIndex = 0;
  for (const tr of traces) {
    const type = str(tr.type, "scatter");
    if (type === "heatmap") {
      if (!visibleIn(tr)) continue;
      out.push(renderHeatmap(tr, xs, ys, W, boxT, boxB));
      continue;
    }
    const line = obj(tr.line), marker = obj(tr.marker);
    const color = safeColor(
      line.color ?? marker.color,
      PALETTE[colorIndex++ % PALETTE.length]!,
    );
    const width = num(line.width, 2);
    const dash = str(line.dash, "solid");
    const mode = str(tr.mode, "lines");
    const name = str(tr.name);
    if (tr.visible !== false && tr.showlegend !== false && name) {
      legend.push({
        name,
        color,
        dash,
        width,
        marker: !mode.includes("lines"),
      });
    }
    if (!visibleIn(tr)) continue;
    const x = xsOf(tr), y = arr(tr.y);
    if (mode.includes("lines")) {
      let d = "";
      let pen = false;
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const xi = x[i], yi = y[i];
        if (
          typeof xi !== "number" || typeof yi !== "number" ||
          !Number.isFinite(xi) || !Number.isFinite(yi)
        ) {
          pen = false;
          continue;
        }
        // Clamp far-off points so the path stays finite and small; a
        // non-positive value on a log axis has no pixel: a gap, as in Plotly.
        const pxx = px(xs, xi), pyy = px(ys, yi);
        if (Number.isNaN(pxx) || Number.isNaN(pyy)) {
          pen = false;
          continue;
        }
        const py = Math.max(boxT - 2000, Math.min(boxB + 2000, pyy));
        const pX = Math.max(boxL - 2000, Math.min(boxR + 2000, pxx));
        d += `${pen ? "L" : "M"}${r2(pX)} ${r2(py)}`;
        pen = true;
      }
      const da = dashArray(dash, width);
      out.push(
        `<path d="${d}" fill="none" stroke="${color}" stroke-width="${
          r2(width)
        }" stroke-linejoin="round" stroke-linecap="round"${
          da ? ` stroke-dasharray="${da}"` : ""
        } clip-path="url(#${clipId})"/>`,
      );
    }
    if (mode.includes("markers")) {
      const size = num(marker.size, 6);
      const mColor = safeColor(marker.color, color);
      const edge = safeColor(obj(marker.line).color, mColor);
      const open = str(marker.symbol).includes("open");
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const xi = x[i], yi = y[i];
        if (
          typeof xi !== "number" || typeof yi !== "number" ||
          !Number.isFinite(xi) || !Number.isFinite(yi) ||
          Number.isNaN(px(xs, xi)) || Number.isNaN(px(ys, yi))
        ) continue;
        out.push(
          `<circle cx="${r2(px(xs, xi))}" cy="${r2(px(ys, yi))}" r="${
            r2(size / 2)
          }" fill="${open ? "#fff" : mColor}" stroke="${
            open ? mColor : edge
          }" stroke-width="2" clip-path="url(#${clipId})"/>`,
        );
      }
    }
  }

  // Frame, tick labels, axis titles.
  out.push(
    `<rect x="${r2(boxL)}" y="${r2(boxT)}" width="${r2(boxR - boxL)}" height="${
      r2(boxB - boxT)
    }" fill="none" stroke="#444" stroke-width="1"/>`,
  );
  out.push(...axisText);
  const xTitle = textOf(xaxis.title), yTitle = textOf(yaxis.title);
  if (xTitle) {
    out.push(
      `<text x="${r2((boxL + boxR) / 2)}" y="${
        r2(Math.min(H - 10, boxB + 44))
      }" text-anchor="middle" font-size="14" fill="${INK}">${t(xTitle)}</text>`,
    );
  }
  if (yTitle && plain(yTitle).length <= 2) {
    // A one- or two-letter title on its side reads as a dash ("i"): upright.
    out.push(
      `<text x="${r2(Math.max(12, boxL - 56))}" y="${
        r2((boxT + boxB) / 2 + 5)
      }" text-anchor="middle" font-size="14" fill="${INK}">${t(yTitle)}</text>`,
    );
  } else if (yTitle) {
    const cx = Math.max(16, boxL - 50), cy = (boxT + boxB) / 2;
    out.push(
      `<text x="${r2(cx)}" y="${
        r2(cy)
      }" text-anchor="middle" font-size="14" fill="${INK}" transform="rotate(-90 ${
        r2(cx)
      } ${r2(cy)})">${t(yTitle)}</text>`,
    );
  }

  // A slider is interactive only; the static picture names its position.
  const slider = obj(arr(layout.sliders)[0]);
  if (arr(slider.steps).length) {
    const step = obj(arr(slider.steps)[num(slider.active, 0)]);
    const prefix = str(obj(slider.currentvalue).prefix);
    out.push(
      `<text x="${r2(boxL)}" y="${
        r2(Math.min(H - 12, boxB + 72))
      }" font-size="14" fill="${INK}">${t(prefix + str(step.label))}</text>`,
    );
  }

  // Legend: where layout.legend puts it (x, y in fractions of the plot
  // area, with anchors; "h" lays entries out in rows), else top-left inside.
  if (legend.length && layout.showlegend !== false) {
    out.push(
      renderLegend(legend, obj(layout.legend), boxL, boxR, boxT, boxB, W, H),
    );
  }
  out.push(`</svg>`);
  return out.join("");
}

interface LegendEntry {
  name: string;
  color: string;
  dash: string;
  width: number;
  marker: boolean;
}

/** Plotly's "auto" anchor: by thirds of the fraction. */
function anchorOf(v: unknown, at: number, names: [string, string, string]) {
  const s = str(v, "auto");
  const [lo, mid, hi] = names;
  if (s === lo) return 0;
  if (s === mid) return 0.5;
  if (s === hi) return 1;
  return at <= 1 / 3 ? 0 : at >= 2 / 3 ? 1 : 0.5;
}

function renderLegend(
  legend: readonly LegendEntry[],
  spec: Obj,
  boxL: number,
  boxR: number,
  boxT: number,
  boxB: number,
  W: number,
  H: number,
): string {
  const out: string[] = [];
  const rowH = 20;
  const horizontal = spec.orientation === "h";
  const entryW = (e: LegendEntry) => 40 + plain(e.name).length * 7 + 8;
  // Entry positions relative to the legend box's top-left corner.
  const at: Array<{ x: number; y: number }> = [];
  let lw: number, lh: number;
  if (horizontal) {
    const maxW = Math.max(120, W - 16);
    let x = 0, row = 0;
    lw = 0;
    for (const e of legend) {
      const w = entryW(e);
      if (x > 0 && x + w > maxW) {
        x = 0;
        row++;
      }
      at.push({ x, y: 5 + row * rowH });
      x += w;
      lw = Math.max(lw, x);
    }
    lh = (row + 1) * rowH + 10;
  } else {
    lw = Math.max(...legend.map(entryW));
    lh = legend.length * rowH + 10;
    legend.forEach((_, i) => at.push({ x: 0, y: 5 + rowH * i }));
  }
  // Plotly's defaults: inside top-left here when no x/y is given (the
  // layouts of this module say so); "h" defaults to below the plot.
  const fx = num(spec.x, horizontal ? 0 : 0.01);
  const fy = num(spec.y, horizontal ? -0.1 : 0.99);
  const ax = anchorOf(spec.xanchor, fx, ["left", "center", "right"]);
  const ay = 1 - anchorOf(spec.yanchor, fy, ["bottom", "middle", "top"]);
  let lx = boxL + fx * (boxR - boxL) - ax * lw;
  let ly = boxB - fy * (boxB - boxT) - ay * lh;
  // Keep the box on the canvas.
  lx = Math.max(2, Math.min(W - lw - 2, lx));
  ly = Math.max(2, Math.min(H - lh - 2, ly));
  const bg = safeColor(spec.bgcolor, "rgba(255,255,255,0.88)");
  out.push(
    `<g class="legend"><rect x="${r2(lx)}" y="${r2(ly)}" width="${
      r2(lw)
    }" height="${r2(lh)}" fill="${bg}" stroke="#ccc" stroke-width="1" rx="3"/>`,
  );
  legend.forEach((e, i) => {
    const ex = lx + at[i]!.x, cy = ly + at[i]!.y + rowH / 2;
    if (e.marker) {
      out.push(
        `<circle cx="${r2(ex + 20)}" cy="${r2(cy)}" r="4" fill="${e.color}"/>`,
      );
    } else {
      const da = dashArray(e.dash, e.width);
      out.push(
        `<line x1="${r2(ex + 8)}" y1="${r2(cy)}" x2="${r2(ex + 32)}" y2="${
          r2(cy)
        }" stroke="${e.color}" stroke-width="${r2(e.width)}"${
          da ? ` stroke-dasharray="${da}"` : ""
        }/>`,
      );
    }
    out.push(
      `<text x="${r2(ex + 38)}" y="${
        r2(cy + 4)
      }" font-size="12.5" fill="${INK}">${t(e.name)}</text>`,
    );
  });
  out.push(`</g>`);
  return out.join("");
}

function renderHeatmap(
  tr: Obj,
  xs: Scale,
  ys: Scale,
  W: number,
  boxT: number,
  boxB: number,
): string {
  const z = arr(tr.z).map(arr);
  const flat = z.flatMap((row) =>
    row.filter((v): v is number => typeof v === "number")
  );
  const ext = finiteExtent(flat) ?? [0, 1];
  let zmin = num(tr.zmin, ext[0]), zmax = num(tr.zmax, ext[1]);
  if (typeof tr.zmid === "number" && tr.zmin === undefined) {
    const h =
      Math.max(Math.abs(ext[0] - tr.zmid), Math.abs(ext[1] - tr.zmid)) || 1;
    zmin = tr.zmid - h;
    zmax = tr.zmid + h;
  }
  if (!(zmax > zmin)) zmax = zmin + 1;
  const scale = colorscaleOf(tr.colorscale);
  const parts: string[] = [];
  const template = str(tr.texttemplate);
  const digits = Number(template.match(/\.(\d+)f/)?.[1] ?? 3);
  const cw = Math.abs(px(xs, 1) - px(xs, 0)),
    ch = Math.abs(px(ys, 1) - px(ys, 0));
  z.forEach((row, i) =>
    row.forEach((v, j) => {
      const value = typeof v === "number" ? v : NaN;
      const fill = Number.isFinite(value)
        ? colorAt(scale, (value - zmin) / (zmax - zmin))
        : "#fff";
      const x = Math.min(px(xs, j - 0.5), px(xs, j + 0.5)),
        y = Math.min(px(ys, i - 0.5), px(ys, i + 0.5));
      parts.push(
        `<rect x="${r2(x)}" y="${r2(y)}" width="${r2(cw)}" height="${
          r2(ch)
        }" fill="${fill}"/>`,
      );
      if (template && Number.isFinite(value) && cw >= 34) {
        const label = value.toFixed(digits).replace(/^-/, "\u2212");
        parts.push(
          `<text x="${r2(x + cw / 2)}" y="${
            r2(y + ch / 2 + 4)
          }" text-anchor="middle" font-size="${cw > 60 ? 12 : 10}" fill="${
            luminance(fill) < 0.5 ? "#fff" : INK
          }">${label}</text>`,
        );
      }
    })
  );
  // Colour bar.
  const barX = W - 78, barW = 14;
  const stops = Array.from({ length: 11 }, (_, k) => {
    const u = k / 10;
    return `<stop offset="${u}" stop-color="${colorAt(scale, u)}"/>`;
  }).join("");
  const gid = `cb${Math.round(zmin * 1e6)}_${Math.round(zmax * 1e6)}`.replace(
    /-/g,
    "m",
  );
  parts.push(
    `<defs><linearGradient id="${gid}" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect x="${barX}" y="${r2(boxT)}" width="${barW}" height="${
      r2(boxB - boxT)
    }" fill="url(#${gid})" stroke="#999" stroke-width="0.5"/>`,
  );
  const ticks = niceTicks(zmin, zmax, 5);
  for (const v of ticks.ticks) {
    const y = boxB - (v - zmin) / (zmax - zmin) * (boxB - boxT);
    parts.push(
      `<line x1="${barX + barW}" y1="${r2(y)}" x2="${barX + barW + 4}" y2="${
        r2(y)
      }" stroke="${INK}"/>`,
      `<text x="${barX + barW + 7}" y="${
        r2(y + 4)
      }" font-size="11" fill="${MUTED}">${tickLabel(v, ticks.step)}</text>`,
    );
  }
  return parts.join("");
}
