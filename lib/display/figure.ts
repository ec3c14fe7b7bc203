/**
 * The {@linkcode Figure}: a plain Plotly figure `{ data, layout, config }`
 * and the ways to show it — Plotly JSON, a static SVG, an HTML fragment (the
 * SVG with a script that draws the interactive chart over it), a standalone
 * page, and the Jupyter mime bundle.
 *
 * plotly.js delivery follows {@linkcode configure}: in `"inline"` mode the
 * first fragment of the kernel session carries the plotly.js source and
 * later ones wait for `window.Plotly`; `"cdn"` adds a script tag for
 * cdn.plot.ly; `"static"` has no script at all; `"mimetype"` leaves HTML
 * out of the bundle.
 *
 * @module
 */
import type * as Plotly from "plotly-types";
import { JUPYTER_DISPLAY } from "../activation.ts";
import { getConfig, type PlotlyMode } from "./config.ts";
import { elementId, escapeHtml, scriptJson } from "./html.ts";
import {
  claimInlinePlotly,
  plotlyCdnScript,
  plotlyInlineScript,
} from "./plotly_source.ts";
import { figureToSVG, type SvgOptions } from "./svg.ts";

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

/** Plotly pseudo-HTML → plain text, for `text/plain` and page titles. */
function plainText(s: string): string {
  return s.replace(/<[^<>]*>/g, "").replace(
    /&(lt|gt|quot|#39|amp);/g,
    (_, e: string) =>
      ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e] ?? "",
  );
}

/**
 * A Plotly figure with static and interactive renderings.
 *
 * @example Usage
 * ```ts
 * import { Figure } from "@actlab/activations";
 * import { JUPYTER_DISPLAY } from "../activation.ts";
 * import { assertEquals, assert } from "@std/assert";
 * const fig = new Figure({ data: [{ type: "scatter", x: [0, 1], y: [1, 2] }] });
 * assertEquals(fig.toJSON().data.length, 1);
 * assert(fig.toSVG().startsWith("<svg"));
 * const bundle = fig[JUPYTER_DISPLAY]();
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
   * @throws {TypeError} if `init.data` is not an array.
   */
  constructor(init: FigureInit) {
    if (
      init === null || typeof init !== "object" || !Array.isArray(init.data)
    ) {
      throw new TypeError(
        `\`data\` must be an array of traces: current value is ${
          init === null || typeof init !== "object"
            ? String(init)
            : typeof init.data
        }`,
      );
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
   * @param options Size overrides.
   * @returns An `<svg>` element.
   */
  toSVG(options: SvgOptions = {}): string {
    return figureToSVG({ data: this.data, layout: this.layout }, options);
  }

  /**
   * An HTML fragment: a `<div>` with the static SVG, and (unless the mode
   * is "static") a script that draws the interactive chart over it once
   * `window.Plotly` exists, keeping the SVG if plotly.js never arrives.
   *
   * @param options Whether to carry plotly.js, and the mode.
   * @returns The HTML.
   */
  toHTMLFragment(options: FragmentOptions = {}): string {
    const mode = options.mode ?? getConfig().plotly;
    const json = scriptJson(this.toJSON());
    const id = elementId("actlab-fig", json);
    const width = typeof this.layout.width === "number"
      ? this.layout.width
      : 720;
    const staticDiv =
      `<div class="actlab-figure" id="${id}" style="max-width:${width}px">` +
      `<div class="actlab-static-holder">${this.toSVG()}</div></div>`;
    if (mode === "static" || mode === "mimetype") return staticDiv;
    let loader = "";
    if (mode === "cdn") {
      if (options.includePlotly !== false) loader = plotlyCdnScript();
    } else if (options.includePlotly === true) {
      claimInlinePlotly();
      loader = plotlyInlineScript();
    } else if (options.includePlotly === undefined && claimInlinePlotly()) {
      loader = plotlyInlineScript();
    }
    const draw = `<script type="text/javascript">(function(){` +
      `var fig=${json};var id=${scriptJson(id)};var tries=0;` +
      `function draw(){var el=document.getElementById(id);if(!el)return;` +
      `if(!window.Plotly){if(++tries<600)setTimeout(draw,50);return;}` +
      `if(el.getAttribute("data-drawn"))return;el.setAttribute("data-drawn","1");` +
      `var box=document.createElement("div");box.className="actlab-plotly";el.appendChild(box);` +
      `window.Plotly.newPlot(box,fig).then(function(){var s=el.querySelector(".actlab-static-holder");` +
      `if(s)s.style.display="none";},function(e){box.remove();el.removeAttribute("data-drawn");` +
      `console.error(e);});}` +
      `draw();})();</script>`;
    return staticDiv + loader + draw;
  }

  /**
   * A standalone HTML page with this chart: plotly.js once in the head
   * (inlined from the npm package by default, so it works offline).
   *
   * @param options Page title and plotly.js source.
   * @returns The page.
   */
  toHTML(options: HtmlOptions = {}): string {
    const title = options.title ??
      (plainText(titleOf(this.layout)) || "Activation Lab figure");
    return page(
      title,
      this.toHTMLFragment({ includePlotly: false, mode: "inline" }),
      {
        plotly: options.plotly ?? "inline",
      },
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
 * import { configure, Figure, figureBundle } from "./mod.ts";
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
body{font-family:"Helvetica Neue",Helvetica,Arial,sans-serif;color:#222;background:#fff;margin:0 auto;padding:24px 32px 64px;max-width:1000px;line-height:1.5}
h1{font-weight:600;font-size:1.8em;border-bottom:1px solid #ddd;padding-bottom:.3em}
h2{font-weight:600;font-size:1.35em;margin-top:2em}
h3{font-weight:600;font-size:1.1em}
.actlab-figure{margin:12px 0 24px}
.actlab-static-holder svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;margin:8px 0}
th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}
th{background:#f6f6f6;font-weight:600}
code{font-family:Menlo,Consolas,monospace;font-size:.92em;background:#f4f4f4;padding:1px 4px;border-radius:3px}
math{font-size:1.15em}
`;

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
 * import { page } from "./mod.ts";
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
  const mode = options.plotly ?? "inline";
  if (mode !== "inline" && mode !== "cdn") {
    throw new RangeError(
      `\`plotly\` must be "inline" or "cdn": current value is ${
        JSON.stringify(mode)
      }`,
    );
  }
  // A body that already inlines plotly.js (a fragment that claimed the
  // session's copy) needs no second copy in the head.
  const loader = mode === "cdn"
    ? plotlyCdnScript()
    : bodyHtml.includes("data-actlab-plotly=")
    ? ""
    : plotlyInlineScript();
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${
      escapeHtml(title)
    }</title>\n<style>${STYLE}</style>\n${loader}\n</head>\n` +
    `<body>\n${bodyHtml}\n</body>\n</html>\n`;
}
