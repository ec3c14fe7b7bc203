/**
 * The {@linkcode Figure}: a plain Plotly figure `{ data, layout, config }`
 * and the ways to show it — Plotly JSON, a static SVG, an HTML fragment (the
 * SVG with a script that draws the interactive chart over it), a standalone
 * page, and the Jupyter mime bundle.
 *
 * plotly.js delivery follows {@linkcode configure}: in `"inline"` mode
 * every chart carries a small loader that finds plotly.js by itself, and
 * two of every sixteen charts of a kernel session carry a gzip-compressed
 * copy (see `_plotly_loader.ts`); `"cdn"` adds a script tag for
 * cdn.plot.ly; `"static"` has no script at all; `"mimetype"` leaves HTML
 * out of the bundle.
 *
 * @module
 */
import type * as Plotly from "plotly-types";
import { JUPYTER_DISPLAY } from "../activation.ts";
import {
  checkOneOf,
  checkOptions,
  describeValue,
  typeError,
} from "../_validate.ts";
import { getConfig, type PlotlyMode } from "./config.ts";
import {
  elementId,
  escapeHtml,
  fnv1a,
  formatNumber,
  html,
  plainText,
  scriptJson,
  trusted,
} from "./_text.ts";
import { plotlyCdnScript, plotlyInlineScript } from "./_plotly_source.ts";
import {
  chartDrawScript,
  claimCarrier,
  plotlyCarrier,
  plotlyLoaderScript,
} from "./_plotly_loader.ts";
import { figureToSVG, type SvgOptions } from "./_svg.ts";

/** A Plotly trace (scatter, heatmap, ...), typed by `@types/plotly.js`. */
export type Data = Plotly.Data;
/** A Plotly layout, typed by `@types/plotly.js`. */
export type Layout = Plotly.Layout;
/** A Plotly config (mode bar, responsiveness), typed by `@types/plotly.js`. */
export type Config = Plotly.Config;

/** What a {@linkcode Figure} is made from. */
export interface FigureInit {
  /** The traces. */
  readonly data: Data[];
  /** The layout (title, axes, legend, sliders, menus). */
  readonly layout?: Partial<Layout>;
  /** The plotly.js config (mode bar, responsiveness). */
  readonly config?: Partial<Config>;
  /** Animation frames, if any. */
  readonly frames?: unknown[];
}

/** The plain figure, as JSON. */
export interface FigureJSON {
  /** The traces. */
  data: Data[];
  /** The layout. */
  layout: Partial<Layout>;
  /** The plotly.js config. */
  config: Partial<Config>;
  /** Animation frames, when the figure has some. */
  frames?: unknown[];
}

/** Options of {@linkcode Figure.prototype.toHTMLFragment}. */
export interface FragmentOptions {
  /**
   * Whether the fragment carries a plotly.js loader: `undefined` (default)
   * follows the mode (inline: the first fragment of the session only; cdn:
   * always a CDN script tag); `false` never (the page provides plotly.js,
   * as {@linkcode page} does); `true` always.
   */
  readonly includePlotly?: boolean;
  /** The delivery mode for this call (default: {@linkcode getConfig}). */
  readonly mode?: PlotlyMode;
}

/** Options of {@linkcode Figure.prototype.toHTML}. */
export interface HtmlOptions {
  /** The page title (default: the figure's title). */
  readonly title?: string;
  /** Where the page gets plotly.js (default "inline": offline). */
  readonly plotly?: "inline" | "cdn";
}

/** Extra content for {@linkcode figureBundle}. */
export interface BundleExtra {
  /** HTML placed before the chart in `text/html`. */
  readonly htmlBefore?: string;
  /** HTML placed after the chart in `text/html`. */
  readonly htmlAfter?: string;
  /** A `text/markdown` entry (e.g. `$$…$$` LaTeX). */
  readonly markdown?: string;
  /** The `text/plain` entry (default: a one-line summary of the figure). */
  readonly plain?: string;
}

// The mode bar (zoom, pan, download icons) shows on hover only: always
// shown, it sits in the top-right corner over the chart's title and the
// f / f′ buttons, in notebooks and exported pages alike.
const DEFAULT_CONFIG: Partial<Config> = {
  displayModeBar: "hover",
  displaylogo: false,
  responsive: true,
  modeBarButtonsToRemove: ["lasso2d", "select2d"],
};

function titleOf(layout: Partial<Layout>): string {
  const t = (layout as { title?: unknown }).title;
  if (typeof t === "string") return t;
  if (
    t !== null && typeof t === "object" &&
    typeof (t as { text?: unknown }).text === "string"
  ) {
    return (t as { text: string }).text;
  }
  return "";
}

/** Base64 of a string's UTF-8 bytes (RFC 4648), for data URLs. */
function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * What a chart shows, in words, for the `alt` text of its static picture:
 * its title, the axes and their ranges, the curves by name and the slider.
 */
export function altText(fig: Figure): string {
  const layout = fig.layout as Record<string, unknown>;
  const text = (v: unknown): string =>
    typeof v === "string"
      ? plainText(v)
      : v !== null && typeof v === "object" &&
          typeof (v as { text?: unknown }).text === "string"
      ? plainText((v as { text: string }).text)
      : "";
  const axis = (
    a: unknown,
  ) => (a !== null && typeof a === "object"
    ? a as Record<string, unknown>
    : {});
  const parts: string[] = [];
  const title = text(layout.title);
  parts.push(title ? `Chart: ${title}.` : "Chart.");
  const names: string[] = [];
  let heat = false;
  for (const d of fig.data as unknown as Array<Record<string, unknown>>) {
    if (d === null || typeof d !== "object") continue;
    if (d.type === "heatmap") heat = true;
    if (d.showlegend === false || d.visible === false) continue;
    if (typeof d.name === "string" && d.name) names.push(plainText(d.name));
  }
  const xa = axis(layout.xaxis), ya = axis(layout.yaxis);
  const xt = text(xa.title), yt = text(ya.title);
  const range = Array.isArray(xa.range) ? xa.range : undefined;
  if (heat) {
    parts.push(
      `Heat map${
        yt && xt ? ` of ${yt} by ${xt}` : ""
      }; the colour bar gives the values.`,
    );
  } else if (xt || yt) {
    parts.push(
      `${yt || "y"} against ${xt || "x"}${
        range && typeof range[0] === "number" && typeof range[1] === "number"
          ? ` for ${xt || "x"} from ${formatNumber(range[0])} to ${
            formatNumber(range[1])
          }`
          : ""
      }.`,
    );
  }
  if (names.length) {
    const shown = names.slice(0, 20);
    parts.push(
      `Curves: ${shown.join("; ")}${
        names.length > shown.length
          ? `; and ${names.length - shown.length} more`
          : ""
      }.`,
    );
  }
  const sliders = layout.sliders;
  if (Array.isArray(sliders) && sliders.length) {
    parts.push("A slider changes a parameter in the live chart.");
  }
  const s = parts.join(" ");
  return s.length > 1000 ? s.slice(0, 999) + "…" : s;
}

/**
 * A Plotly figure with static and interactive renderings.
 *
 * @example Usage
 * ```ts
 * import { Figure } from "@actlab/activations";
 * import { assertEquals, assert } from "@std/assert";
 * const fig = new Figure({ data: [{ type: "scatter", x: [0, 1], y: [1, 2] }] });
 * assertEquals(fig.toJSON().data.length, 1);
 * assert(fig.toSVG().startsWith("<svg"));
 * // what Deno's Jupyter kernel calls to display it
 * const bundle = (fig as unknown as Record<symbol, () => Record<string, unknown>>)[
 *   Symbol.for("Jupyter.display")
 * ]!();
 * assert("application/vnd.plotly.v1+json" in bundle);
 * ```
 */
export class Figure {
  /** The traces. */
  data: Data[];
  /** The layout. */
  layout: Partial<Layout>;
  /** The plotly.js config. */
  config: Partial<Config>;
  /** Animation frames (empty for most figures). */
  frames: unknown[] | undefined;

  /**
   * Make a figure.
   *
   * @param init The traces, and optionally layout, config and frames.
   * @throws {TypeError} if `init` has an unknown key, `init.data` is not an
   * array, or `layout`/`config` is not an object.
   */
  constructor(init: FigureInit) {
    checkOptions("init", init, ["data", "layout", "config", "frames"]);
    if (!Array.isArray(init.data)) {
      throw typeError("init.data", "an array of traces", init.data);
    }
    for (const k of ["layout", "config"] as const) {
      const v = init[k];
      if (
        v !== undefined &&
        (v === null || typeof v !== "object" || Array.isArray(v))
      ) {
        throw typeError(`init.${k}`, "an object", v);
      }
    }
    if (init.frames !== undefined && !Array.isArray(init.frames)) {
      throw typeError("init.frames", "an array", init.frames);
    }
    this.data = init.data;
    this.layout = init.layout ?? {};
    this.config = { ...DEFAULT_CONFIG, ...init.config };
    this.frames = init.frames;
  }

  /**
   * The plain Plotly figure (what `application/vnd.plotly.v1+json` holds).
   *
   * @returns `{ data, layout, config }`, plus `frames` when present.
   */
  toJSON(): FigureJSON {
    const json: FigureJSON = {
      data: this.data,
      layout: this.layout,
      config: this.config,
    };
    if (this.frames !== undefined) json.frames = this.frames;
    return json;
  }

  /**
   * The static picture, drawn in TypeScript.
   *
   * @param options Size overrides (`width`, `height`).
   * @returns An `<svg>` element (well-formed XML).
   * @throws {TypeError} for an unknown option or a wrong type.
   * @throws {RangeError} for a size outside 100…4000.
   */
  toSVG(options: SvgOptions = {}): string {
    const o = checkOptions("options", options, ["width", "height"]);
    for (const k of ["width", "height"] as const) {
      const v = o[k];
      if (v === undefined) continue;
      if (typeof v !== "number") {
        throw new TypeError(
          `\`${k}\` must be a number: current value is ${describeValue(v)}`,
        );
      }
      if (!(v >= 100 && v <= 4000)) {
        throw new RangeError(
          `\`${k}\` must be a number >= 100 and <= 4000: current value is ${
            describeValue(v)
          }`,
        );
      }
    }
    return figureToSVG({ data: this.data, layout: this.layout }, o);
  }

  /**
   * The static picture as an `<img>` with an embedded SVG data URL and a
   * real `alt` text: it needs no script and survives the HTML sanitizers of
   * untrusted notebooks (classic Notebook, JupyterLab), GitHub and
   * nbviewer. It fills the width of its container (the SVG scales with
   * its viewBox).
   *
   * @returns The `<img>` element.
   */
  toImg(): string {
    const svg = figureToSVG({ data: this.data, layout: this.layout });
    return html`
      <img class="actlab-static" src="${trusted(
        `data:image/svg+xml;base64,${base64Utf8(svg)}`,
      )}" alt="${altText(this)}"
        style="display:block;width:100%;max-width:100%;height:auto;margin:0">
    `
      .value;
  }

  /**
   * An HTML fragment: a `<div>` with the static picture ({@linkcode toImg}),
   * and (unless the mode is "static") a script that draws the interactive
   * chart in its place once `window.Plotly` exists, keeping the picture if
   * plotly.js never arrives.
   *
   * @param options Whether to carry plotly.js, and the mode.
   * @returns The HTML.
   * @throws {TypeError} for an unknown option or a wrong type.
   * @throws {RangeError} for an unknown mode.
   */
  toHTMLFragment(options: FragmentOptions = {}): string {
    const o = checkOptions("options", options, ["includePlotly", "mode"]);
    const mode = o.mode === undefined ? getConfig().plotly : checkOneOf(
      "mode",
      o.mode,
      ["inline", "cdn", "mimetype", "static"] as const,
    );
    if (
      o.includePlotly !== undefined && typeof o.includePlotly !== "boolean"
    ) {
      throw new TypeError(
        `\`includePlotly\` must be a boolean: current value is ${
          describeValue(o.includePlotly)
        }`,
      );
    }
    const json = scriptJson(this.toJSON());
    const id = elementId("actlab-fig", json);
    const staticDiv = html`
      <div class="actlab-figure" id="${id}"
        style="width:100%;max-width:100%;box-sizing:border-box">${trusted(
          this.toImg(),
        )}</div>
    `.value;
    if (mode === "static" || mode === "mimetype") return staticDiv;
    // The carrier key is the figure's content alone (the element id also
    // counts repeats, so a re-rendered chart would get another id).
    const key = fnv1a(json).toString(16);
    return staticDiv + plotlyLoader(mode, o.includePlotly, key) +
      chartDrawScript(id, json);
  }

  /**
   * A standalone HTML page with this chart: plotly.js once in the head
   * (inlined from the npm package by default, so it works offline).
   *
   * @param options Page title and plotly.js source.
   * @returns The page.
   * @throws {TypeError} for an unknown option or a wrong type.
   */
  toHTML(options: HtmlOptions = {}): string {
    const o = checkOptions("options", options, ["title", "plotly"]);
    if (o.title !== undefined && typeof o.title !== "string") {
      throw new TypeError(
        `\`title\` must be a string: current value is ${
          describeValue(o.title)
        }`,
      );
    }
    const title = o.title ??
      (plainText(titleOf(this.layout)) || "Activation Lab figure");
    return page(
      title,
      this.toHTMLFragment({ includePlotly: false, mode: "inline" }),
      { plotly: o.plotly ?? "inline" },
    );
  }

  /**
   * A one-line summary, e.g. `Figure "Sigmoid": 3 traces (scatter)`.
   *
   * @returns The summary.
   */
  toString(): string {
    const title = plainText(titleOf(this.layout));
    const types = [
      ...new Set(
        this.data.map((d) => (d as { type?: string }).type ?? "scatter"),
      ),
    ];
    return `Figure${title ? ` "${title}"` : ""}: ${this.data.length} trace${
      this.data.length === 1 ? "" : "s"
    } (${types.join(", ")})`;
  }

  /**
   * The Jupyter display hook: the mime bundle of {@linkcode figureBundle}.
   *
   * @returns The bundle.
   */
  [JUPYTER_DISPLAY](): Record<string, unknown> {
    return figureBundle(this);
  }

  /**
   * What `console.log` prints.
   *
   * @returns The summary.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/**
 * How plotly.js reaches the page for one fragment (the only place that
 * decides it; see `_plotly_loader.ts` for the design). Every fragment
 * carries the loader that finds plotly.js by itself. In inline mode, a
 * compressed copy rides along when {@linkcode claimCarrier} says so (two of
 * every sixteen charts, and again when a chart that carried one is rendered
 * again), always with `includePlotly: true`, never with `false` (the page
 * provides plotly.js, as {@linkcode page} does). cdn mode adds a CDN script
 * tag unless `includePlotly` is false.
 *
 * @param mode "inline" or "cdn".
 * @param includePlotly The fragment option.
 * @param key A hash of the chart's content (re-renders get the same one).
 * @returns `<script>` elements.
 */
function plotlyLoader(
  mode: "inline" | "cdn",
  includePlotly: boolean | undefined,
  key: string,
): string {
  if (mode === "cdn") {
    return (includePlotly === false ? "" : plotlyCdnScript()) +
      plotlyLoaderScript();
  }
  const carry = includePlotly === true ||
    (includePlotly === undefined && claimCarrier(key));
  return (carry ? plotlyCarrier() : "") + plotlyLoaderScript();
}

/**
 * The Jupyter mime bundle of a figure, by mode:
 * - inline / cdn: `application/vnd.plotly.v1+json`, `text/html` (SVG +
 *   drawing script), `text/plain`;
 * - mimetype: `application/vnd.plotly.v1+json` and `text/plain` only;
 * - static: `text/html` (SVG only) and `text/plain`.
 *
 * `text/markdown` is added when `extra.markdown` is given.
 *
 * @param fig The figure.
 * @param extra HTML around the chart, Markdown, plain text.
 * @returns The bundle.
 *
 * @example Usage
 * ```ts
 * import { configure } from "./config.ts";
 * import { Figure, figureBundle } from "./figure.ts";
 * import { assertEquals } from "@std/assert";
 * configure({ plotly: "mimetype" });
 * const b = figureBundle(new Figure({ data: [] }), { markdown: "$$x$$" });
 * assertEquals(Object.keys(b).sort(), [
 *   "application/vnd.plotly.v1+json", "text/markdown", "text/plain",
 * ]);
 * configure({ plotly: "inline" });
 * ```
 */
export function figureBundle(
  fig: Figure,
  extra: BundleExtra = {},
): Record<string, unknown> {
  const mode = getConfig().plotly;
  const bundle: Record<string, unknown> = {};
  if (mode !== "static") {
    bundle["application/vnd.plotly.v1+json"] = fig.toJSON();
  }
  if (mode !== "mimetype") {
    bundle["text/html"] = (extra.htmlBefore ?? "") +
      fig.toHTMLFragment({ mode }) +
      (extra.htmlAfter ?? "");
  }
  if (extra.markdown !== undefined) bundle["text/markdown"] = extra.markdown;
  bundle["text/plain"] = extra.plain ?? fig.toString();
  return bundle;
}

const STYLE = `
:root{color-scheme:light}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1f2328;background:#fff;margin:0 auto;padding:24px 32px 64px;max-width:1000px;line-height:1.5}
h1{font-weight:600;font-size:1.8em;border-bottom:1px solid #ddd;padding-bottom:.3em}
h2{font-weight:600;font-size:1.35em;margin-top:2em}
h3{font-weight:600;font-size:1.1em}
.actlab-figure{margin:12px 0 24px}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}
th{background:#f6f6f6;font-weight:600}
code{font-family:Menlo,Consolas,monospace;font-size:.92em;background:#f4f4f4;padding:1px 4px;border-radius:3px}
math{font-size:1.15em}
`;

const PLOTLY_CARRIER = /<script data-actlab-plotly="[0-9A-Za-z.+-]+">/;

/**
 * A standalone HTML page: plotly.js once in the head (inlined from the npm
 * package by default, so the page works offline; or a CDN script tag), a
 * small clean stylesheet, and the body. Put chart fragments made with
 * `toHTMLFragment({ includePlotly: false })` in the body.
 *
 * @param title The page title (escaped).
 * @param bodyHtml The body's HTML (trusted: escape user text before).
 * @param options Where plotly.js comes from.
 * @returns The page.
 * @throws {RangeError} if `plotly` is neither "inline" nor "cdn".
 *
 * @example Usage
 * ```ts
 * import { page } from "./figure.ts";
 * import { assert } from "@std/assert";
 * const html = page("<T>", "<p>hi</p>", { plotly: "cdn" });
 * assert(html.includes("<title>&lt;T&gt;</title>"));
 * assert(html.includes("https://cdn.plot.ly/"));
 * ```
 */
export function page(
  title: string,
  bodyHtml: string,
  options: { plotly?: "inline" | "cdn" } = {},
): string {
  const o = checkOptions("options", options, ["plotly"]);
  const mode = o.plotly === undefined
    ? "inline"
    : checkOneOf("plotly", o.plotly, ["inline", "cdn"] as const);
  // A body that already inlines plotly.js (a fragment that claimed the
  // session's copy) needs no second copy in the head.
  // A body that already carries our inline plotly.js element needs no
  // second copy. The element is recognised as a start tag: user text in a
  // body is escaped, so it can never produce a raw "<script" tag.
  const loader = mode === "cdn"
    ? plotlyCdnScript()
    : PLOTLY_CARRIER.test(bodyHtml)
    ? ""
    : plotlyInlineScript();
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${
      escapeHtml(title)
    }</title>\n<style>${STYLE}</style>\n${loader}\n</head>\n` +
    `<body>\n${bodyHtml}\n</body>\n</html>\n`;
}
