/**
 * TeX → self-contained SVG, typeset in Deno by MathJax 3 (npm
 * `mathjax-full`, its TeX input with the `base` and `ams` packages and its
 * SVG output), and the `<img>` that shows it with an `image/svg+xml` data
 * URL and the LaTeX as `alt`.
 *
 * Why an `<img>` of SVG: every glyph is a path inside the picture, so it
 * needs no font, no MathJax and no script on the reader's side, looks the
 * same on every machine, and survives the HTML sanitizers of untrusted
 * notebooks (classic Notebook, JupyterLab, GitHub, nbviewer keep `<img>`
 * with a data URL, and drop inline `<svg>` and `<math>`).
 *
 * MathJax is loaded on first use, synchronously through `createRequire`
 * (its `js/` tree is CommonJS): about 80 ms once per process, then about
 * 2–3 ms per formula; importing this module costs nothing more than a
 * small JSON import that puts the package in Deno's module graph.
 *
 * Hostile or broken TeX never throws and never reaches the picture as
 * markup: input longer than {@linkcode MAX_TEX_LENGTH} characters or nested
 * deeper than {@linkcode MAX_TEX_DEPTH} groups is not typeset (MathJax's
 * parser recurses once per group, so deep nesting would overflow the
 * stack), unknown macros and syntax errors throw inside MathJax (we set its
 * `formatError` to rethrow), and in all those cases the caller gets the
 * escaped source in a `<code>` element instead. Only MathJax's `base` and
 * `ams` packages are loaded: no `\href`, `\require`, `\def`, `\class`,
 * `\style` or `\color`.
 *
 * @module
 */
// The package.json import puts mathjax-full in the module graph (so Deno
// installs it with the rest), and gives us its location on disk for
// createRequire. The version is pinned: MathJax's `js/` paths are internal.
import mathjaxPackage from "npm:mathjax-full@3.2.2/package.json" with {
  type: "json",
};
import { createRequire } from "node:module";
import { escapeHtml } from "./_text.ts";

/** The MathJax version that typesets the formulas. */
export const MATHJAX_VERSION: string = mathjaxPackage.version;

/** Longest TeX source typeset (longer sources are shown as text). */
export const MAX_TEX_LENGTH = 4000;

/** Deepest nesting of `{…}`, `\left…\right` and `\begin…\end` typeset. */
export const MAX_TEX_DEPTH = 64;

/** Options of {@linkcode texToSvg} and {@linkcode texToImg}. */
export interface TexSvgOptions {
  /** Display (block) style instead of inline style. Default `false`. */
  readonly display?: boolean;
  /** The colour of the formula (a CSS colour). Default `#1f2328`. */
  readonly color?: string;
  /**
   * The size of 1 em of the formula in CSS pixels, for the picture's own
   * width and height (what shows where styles are stripped). Default 16.
   */
  readonly emPx?: number;
  /**
   * The size of the formula relative to the surrounding text, for the
   * `<img>` style (em units follow the notebook's font size). Default 1.
   */
  readonly scale?: number;
}

/** A typeset formula. */
export interface TexSvg {
  /** The standalone `<svg>` document (with `xmlns`, no script, no font). */
  readonly svg: string;
  /** Width in em of the surrounding text. */
  readonly widthEm: number;
  /** Height (ascent + descent) in em. */
  readonly heightEm: number;
  /** Depth below the baseline in em (for `vertical-align`). */
  readonly depthEm: number;
}

interface LiteNode {
  readonly kind: string;
}
interface Adaptor {
  innerHTML(node: LiteNode): string;
}
interface MathDocument {
  convert(tex: string, options: { display: boolean }): LiteNode;
}
interface MathJaxEngine {
  readonly adaptor: Adaptor;
  readonly doc: MathDocument;
}

let engine: MathJaxEngine | undefined;

/**
 * Whether MathJax has been loaded in this process (it is loaded by the
 * first formula typeset, never by importing the library).
 *
 * @returns True once a formula was typeset.
 *
 * @example Usage
 * ```ts
 * import { mathjaxLoaded, texToSvg } from "./_tex_svg.ts";
 * import { assert } from "@std/assert";
 * texToSvg("x");
 * assert(mathjaxLoaded());
 * ```
 */
export function mathjaxLoaded(): boolean {
  return engine !== undefined;
}

/**
 * Load MathJax (once per process) and make one MathJax document with TeX
 * input (`base`, `ams`) and SVG output (`fontCache: "local"`: each
 * picture holds the glyphs it uses once, in its own `<defs>`).
 */
function mathjax(): MathJaxEngine {
  if (engine !== undefined) return engine;
  const require = createRequire(
    import.meta.resolve("npm:mathjax-full@3.2.2/package.json"),
  );
  const { mathjax } = require("./js/mathjax.js");
  const { TeX } = require("./js/input/tex.js");
  const { SVG } = require("./js/output/svg.js");
  const { liteAdaptor } = require("./js/adaptors/liteAdaptor.js");
  const { RegisterHTMLHandler } = require("./js/handlers/html.js");
  require("./js/input/tex/base/BaseConfiguration.js");
  require("./js/input/tex/ams/AmsConfiguration.js");
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const doc = mathjax.document("", {
    InputJax: new TeX({
      packages: ["base", "ams"],
      // Rethrow parse errors (unknown macro, missing brace): the caller
      // shows the source instead of MathJax's red error box.
      formatError: (_jax: unknown, err: unknown) => {
        throw err;
      },
    }),
    OutputJax: new SVG({ fontCache: "local" }),
  });
  engine = { adaptor, doc };
  return engine;
}

/**
 * How deeply `tex` nests groups: braces, `\left…\right` and
 * `\begin…\end`. Escaped braces (`\{`, `\}`) do not count.
 */
function nestingDepth(tex: string): number {
  let depth = 0;
  let max = 0;
  const re = /\\(?:left\b|right\b|begin\b|end\b|[{}\\])|[{}]/g;
  for (const m of tex.matchAll(re)) {
    const t = m[0];
    if (t === "{" || t === "\\left" || t === "\\begin") {
      if (++depth > max) max = depth;
    } else if (t === "}" || t === "\\right" || t === "\\end") {
      depth--;
    }
  }
  return max;
}

/** A number with at most 3 decimals, as short text. */
function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

const cache = new Map<string, TexSvg | null>();

/**
 * Typeset `tex` to a standalone SVG document.
 *
 * @param tex LaTeX (math mode, without `$` delimiters).
 * @param options Display style, colour and size.
 * @returns The picture and its size, or `undefined` when the TeX is too
 *   long, too deeply nested or does not parse (never throws for those).
 * @throws {TypeError} if `tex` is not a string.
 *
 * @example Usage
 * ```ts
 * import { texToSvg } from "./_tex_svg.ts";
 * import { assert, assertEquals } from "@std/assert";
 * const out = texToSvg("\\frac{1}{1+e^{-x}}", { display: true })!;
 * assert(out.svg.startsWith("<svg") && out.svg.includes("<path"));
 * assert(!out.svg.includes("<text") && !out.svg.includes("<script"));
 * assert(out.widthEm > 2 && out.heightEm > 1.5);
 * assertEquals(texToSvg("\\frac{"), undefined); // missing brace
 * assertEquals(texToSvg("{".repeat(5000) + "}".repeat(5000)), undefined);
 * ```
 */
export function texToSvg(
  tex: string,
  options: TexSvgOptions = {},
): TexSvg | undefined {
  if (typeof tex !== "string") {
    throw new TypeError(
      `\`tex\` must be a string: current value is ${
        tex === null ? "null" : typeof tex
      }`,
    );
  }
  const display = options.display === true;
  const color = options.color ?? "#1f2328";
  const emPx = options.emPx ?? 16;
  if (!(emPx > 0 && emPx < 1000)) {
    throw new RangeError(
      `\`emPx\` must be a number > 0 and < 1000: current value is ${emPx}`,
    );
  }
  const key = `${display ? "D" : "I"}|${color}|${emPx}|${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const out = typeset(tex, display, color, emPx);
  if (cache.size > 4000) cache.clear();
  cache.set(key, out ?? null);
  return out;
}

function typeset(
  tex: string,
  display: boolean,
  color: string,
  emPx: number,
): TexSvg | undefined {
  if (tex.length > MAX_TEX_LENGTH || nestingDepth(tex) > MAX_TEX_DEPTH) {
    return undefined;
  }
  let raw: string;
  try {
    const { adaptor, doc } = mathjax();
    raw = adaptor.innerHTML(doc.convert(tex, { display }));
  } catch {
    // Parse errors (rethrown by formatError) and anything MathJax throws on
    // input we did not foresee, including a RangeError for deep recursion.
    return undefined;
  }
  // MathJax sizes the picture in ex (1 ex = 0.5 em in its metrics).
  const ex = (name: string) => {
    const m = raw.match(new RegExp(`${name}[:=]\\s*"?(-?[\\d.]+)ex`));
    return m ? Number(m[1]) / 2 : NaN;
  };
  const widthEm = ex("width");
  const heightEm = ex("height");
  const depthEm = -ex("vertical-align");
  if (!(widthEm >= 0 && heightEm >= 0)) return undefined;
  const safeColor = /^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]{1,30}$/.test(color)
    ? color
    : "#1f2328";
  const svg = raw
    // The root: a standalone document sized in px, coloured explicitly
    // (inside an <img>, currentColor would be black whatever the page).
    .replace(
      /^<svg[^>]*?(viewBox="[^"]*")[^>]*>/,
      (_m, viewBox: string) =>
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${
          fmt(widthEm * emPx)
        }px" height="${fmt(heightEm * emPx)}px" ${viewBox}>`,
    )
    .replaceAll('"currentColor"', `"${safeColor}"`)
    // Attributes MathJax keeps for its own menus and speech: not needed in
    // a picture.
    .replace(/ data-(?:mml-node|c|mjx-texclass)="[^"]*"/g, "")
    // Ids are local to each picture: short, and the same on every run
    // (MathJax numbers them per process).
    .replace(/MJX-\d+-TEX-/g, "g-");
  if (!svg.startsWith("<svg xmlns=")) return undefined;
  return { svg, widthEm, heightEm, depthEm };
}

/**
 * Base64 of a string's UTF-8 bytes.
 *
 * @param s Any string.
 * @returns Base64 text.
 */
function base64Utf8(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * The HTML shown when a formula cannot be typeset: its source, escaped, in
 * a `<code>` element.
 *
 * @param tex The LaTeX source.
 * @returns The HTML.
 */
export function texSourceHtml(tex: string): string {
  return `<code class="actlab-tex-error">${escapeHtml(tex)}</code>`;
}

/**
 * Typeset `tex` and wrap the picture in an `<img>`: `src` is an
 * `image/svg+xml` base64 data URL, `alt` the LaTeX source (what a screen
 * reader reads and what shows if images are off), `width`/`height` the
 * picture's size in px (kept by sanitizers that strip styles), and a
 * `style` that sizes it in em of the surrounding text and sets it on the
 * baseline. When the TeX cannot be typeset, returns
 * {@linkcode texSourceHtml} instead; never throws for bad TeX.
 *
 * @param tex LaTeX (math mode).
 * @param options Display style, colour, size.
 * @returns HTML with one `<img>` (or one `<code>`).
 * @throws {TypeError} if `tex` is not a string.
 *
 * @example Usage
 * ```ts
 * import { texToImg } from "./_tex_svg.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const img = texToImg("x^2 < y", { display: false });
 * assert(img.startsWith('<img src="data:image/svg+xml;base64,'));
 * assertStringIncludes(img, 'alt="x^2 &lt; y"');
 * assertStringIncludes(texToImg("\\frac{<b>"), "<code");
 * ```
 */
export function texToImg(tex: string, options: TexSvgOptions = {}): string {
  const out = texToSvg(tex, options);
  if (out === undefined) return texSourceHtml(tex);
  const emPx = options.emPx ?? 16;
  const scale = options.scale ?? 1;
  const w = Math.max(1, Math.round(out.widthEm * emPx));
  const h = Math.max(1, Math.round(out.heightEm * emPx));
  const style =
    `width:${fmt(out.widthEm * scale)}em;height:${
      fmt(out.heightEm * scale)
    }em;vertical-align:${fmt(-out.depthEm * scale)}em;max-width:none` +
    (options.display === true ? ";display:inline-block;margin:0.25em 0" : "");
  return `<img src="data:image/svg+xml;base64,${base64Utf8(out.svg)}" alt="${
    escapeHtml(tex)
  }" width="${w}" height="${h}" style="${style}">`;
}
