/**
 * The gallery: one standalone, offline HTML page with every activation's
 * formula card and chart, a comparison of all of them, a parameter slider,
 * the softmax Jacobian heatmap and the softmax derivation.
 *
 * plotly.js is inlined once in the page's head (from the npm package) and
 * the formulas are SVG pictures typeset by MathJax ahead of time, so the page
 * opens with no network at all. Every chart also carries its static SVG,
 * which stays visible where JavaScript does not run.
 *
 * @module
 */
import { type Activation, isActivation } from "../activation.ts";
import {
  checkOneOf,
  checkOptions,
  checkString,
  typeError,
} from "../_validate.ts";
import { activations as registry } from "../activations/mod.ts";
import { elu } from "../activations/elu.ts";
import { softmax } from "../softmax.ts";
import type { Figure } from "./figure.ts";
import { page } from "./figure.ts";
import { formula } from "./formula.ts";
import { escapeHtml, fnv1a } from "./_text.ts";
import { PALETTE } from "./_theme.ts";
import { compare, explore, jacobianHeatmap, plot } from "./plot.ts";
import {
  DEFAULT_SOFTMAX_EXAMPLE,
  softmaxDerivation,
} from "./softmax_derivation.ts";

/** Options of {@linkcode gallery}. */
export interface GalleryOptions {
  /** The activations to show (default: the whole registry, 20 of them). */
  readonly activations?: readonly Activation[];
  /** Where the page gets plotly.js: "inline" (default, offline) or "cdn". */
  readonly plotly?: "inline" | "cdn";
  /** The page title. */
  readonly title?: string;
}

// Page-level rules for the gallery only: the cards carry inline styles, so
// these just lay the sections out and undo the page's global `math` scaling
// inside cards (the cards look the same as in a notebook).
const GALLERY_CSS = `<style>
body{max-width:1480px}
.actlab-card math{font-size:inherit}
.actlab-gallery section.actlab-act{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
.actlab-gallery section.actlab-act>.actlab-card{flex:1 1 560px;max-width:700px;margin-top:0}
.actlab-gallery section.actlab-act>.actlab-figure{flex:1 1 560px;min-width:0;margin-top:0}
.actlab-gallery-nav{display:flex;flex-wrap:wrap;gap:6px;margin:12px 0 28px;padding:0;list-style:none}
.actlab-gallery-nav a{display:inline-block;padding:3px 10px;border:1px solid #d1d9e0;border-radius:999px;color:#1f6feb;text-decoration:none;font-size:13px;background:#fff}
.actlab-gallery-nav a:hover{background:#eef4ff}
.actlab-gallery section{margin:0 0 40px;padding-top:8px}
.actlab-gallery .actlab-figure{margin:6px 0 0}
.actlab-gallery .lead{color:#444;max-width:820px}
.actlab-gallery .actlab-row{display:flex;flex-wrap:wrap;gap:8px 24px;align-items:flex-start}
.actlab-gallery .actlab-row>.actlab-figure{flex:1 1 560px;min-width:0}
.actlab-gallery h2{border-bottom:1px solid #e5e7eb;padding-bottom:.25em}
</style>`;

function fragment(fig: Figure): string {
  return fig.toHTMLFragment({ includePlotly: false, mode: "inline" });
}

/** `members` in charts of at most `PALETTE.length` curves each. */
function chunked(
  members: readonly Activation[],
  title: string | undefined,
): Figure[] {
  const out: Figure[] = [];
  for (let i = 0; i < members.length; i += PALETTE.length) {
    const chunk = members.slice(i, i + PALETTE.length);
    out.push(compare(chunk, title === undefined ? {} : { title }));
  }
  return out;
}

/**
 * The comparison charts: `all` overlays every activation in one chart
 * (split only past `PALETTE.length`, 16); with more than 6 activations,
 * `families` repeats them by family (units saturating left and right,
 * monotonic units saturating on one side or neither, non-monotonic units),
 * where fewer curves are easier to tell apart. The family titles use the
 * same left/right words as the cards.
 */
function comparisons(
  acts: readonly Activation[],
): { all: Figure[]; families: Figure[] } {
  const all = chunked(acts, undefined);
  if (acts.length <= 6) return { all, families: [] };
  const both = (a: Activation) =>
    a.traits.saturates.negative && a.traits.saturates.positive;
  const families: [string, Activation[]][] = [
    ["Saturating left and right", acts.filter(both)],
    [
      "Monotonic, saturating on one side or neither",
      acts.filter((a) => !both(a) && a.traits.monotonic),
    ],
    [
      "Non-monotonic",
      acts.filter((a) => !both(a) && !a.traits.monotonic),
    ],
  ];
  return {
    all,
    families: families.flatMap(([title, members]) =>
      members.length ? chunked(members, title) : []
    ),
  };
}

/**
 * The x interval of an activation's own chart: [−5, 5], widened to show
 * every kink with 2 units to spare (ReLU6's cap at 6: [−5, 8]).
 */
function chartRange(a: Activation): [number, number] {
  const kinks = (a.traits.kinks ?? []).filter(Number.isFinite);
  return [
    Math.min(-5, ...kinks.map((k) => k - 2)),
    Math.max(5, ...kinks.map((k) => k + 2)),
  ];
}

/**
 * The anchor of an activation's section: its id where that is already a
 * clean name, else the cleaned id plus a hash of the real one (so "a b"
 * and "a_b" differ).
 */
function anchor(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, "_");
  return "act-" +
    (clean === id ? id : `${clean}-${fnv1a(id).toString(16).padStart(8, "0")}`);
}

/**
 * The gallery page: every activation's formula card and chart, a `compare`
 * chart of all of them, an `explore` slider over ELU's α, the softmax
 * Jacobian heatmap and the softmax derivation, in one offline HTML page.
 *
 * @param options Which activations, where plotly.js comes from, the title.
 * @returns The HTML page (about 1.5 MB with plotly.js inlined).
 *
 * @example Usage
 * ```ts
 * import { gallery } from "./gallery.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const html = gallery();
 * assertStringIncludes(html, "data:image/svg+xml;base64,");
 * assert(!/<script[^>]+src="https?:/.test(html));
 * ```
 */
export function gallery(options: GalleryOptions = {}): string {
  const o = checkOptions("options", options, [
    "activations",
    "plotly",
    "title",
  ]);
  let acts: readonly Activation[] = registry;
  if (o.activations !== undefined) {
    if (!Array.isArray(o.activations)) {
      throw typeError("activations", "an array of Activations", o.activations);
    }
    o.activations.forEach((a: unknown, i: number) => {
      if (!isActivation(a)) {
        throw typeError(`activations[${i}]`, "an Activation", a);
      }
    });
    acts = o.activations;
  }
  const title = o.title === undefined
    ? "Activation Lab — gallery"
    : checkString("title", o.title);
  const plotly = o.plotly === undefined
    ? "inline"
    : checkOneOf("plotly", o.plotly, ["inline", "cdn"] as const);
  const body: string[] = [
    GALLERY_CSS,
    `<main class="actlab-gallery">`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="lead">Every activation function of the library with its first and second derivatives: the formula card ` +
    `(f, f′ and f″ in LaTeX, the parameters, the traits — saturation left and right, the mean output for ` +
    `standard normal input, the range with brackets where an end is attained — the values at 0, the papers) and the chart ` +
    `(f solid, f′ dashed, f″ dotted; jumps are breaks, the dots at 0 show the convention there). Then all of them overlaid, a slider over ELU's α, and softmax with the ` +
    `derivation of its Jacobian. The page works offline: plotly.js is inlined and the formulas are pictures typeset ahead of time.</p>`,
    `<nav><ul class="actlab-gallery-nav">`,
    ...acts.map((a) =>
      `<li><a href="#${anchor(a.id)}">${escapeHtml(a.label)}</a></li>`
    ),
    `<li><a href="#compare">Compare</a></li><li><a href="#explore">Explore α</a></li>`,
    `<li><a href="#softmax">Softmax</a></li><li><a href="#derivation">Derivation</a></li>`,
    `</ul></nav>`,
  ];
  const cmp = comparisons(acts);
  for (const a of acts) {
    body.push(
      `<section class="actlab-act" id="${anchor(a.id)}">`,
      formula(a).toHTML(),
      fragment(plot(a, { secondDerivative: true, range: chartRange(a) })),
      `</section>`,
    );
  }
  body.push(
    `<section id="compare"><h2>All activations compared</h2>`,
    `<p class="lead">Click a legend entry to hide or show a curve; the buttons switch between f, f′, f″ and f with f′.</p>`,
    ...cmp.all.map(fragment),
    ...(cmp.families.length
      ? [
        `<h3>By family</h3>`,
        `<div class="actlab-row">`,
        ...cmp.families.map(fragment),
        `</div>`,
      ]
      : []),
    `</section>`,
    `<section id="explore"><h2>Exploring a parameter: ELU's α</h2>`,
    `<p class="lead">Drag the slider: the frames are precomputed, so this works with no kernel behind the page.</p>`,
    fragment(explore(elu, "alpha", [0, 3])),
    `</section>`,
    `<section id="softmax"><h2>Softmax</h2>`,
    formula(softmax).toHTML(),
    `<p class="lead">The Jacobian at a = [${
      DEFAULT_SOFTMAX_EXAMPLE.join(", ")
    }]: ` +
      `positive on the diagonal, negative elsewhere, every row summing to 0.</p>`,
    fragment(jacobianHeatmap([...DEFAULT_SOFTMAX_EXAMPLE])),
    `</section>`,
    `<section id="derivation"><h2>Deriving the softmax Jacobian</h2>`,
    softmaxDerivation().toHTML(),
    `</section>`,
    `</main>`,
  );
  return page(title, body.join("\n"), { plotly });
}
