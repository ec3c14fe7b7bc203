/**
 * The one place cards turn LaTeX into HTML (internal). Every formula on a
 * formula card or the softmax derivation goes through {@linkcode texHtml}:
 * typeset in Deno by MathJax into a self-contained SVG picture, shown as an
 * `<img>` with the LaTeX as `alt` (see `_tex_svg.ts`: no fonts, no script,
 * survives the sanitizers of untrusted notebooks).
 *
 * @module
 */
import { texToImg } from "./_tex_svg.ts";
import { type Html, trusted } from "./_text.ts";

/**
 * Typeset LaTeX for HTML. Never throws for bad LaTeX: a source that does
 * not parse, or is too deep or too long, shows as escaped text.
 *
 * @param tex The LaTeX source (math mode, no `$` delimiters).
 * @param display Display (block) math instead of inline.
 * @returns Trusted markup: one `<img>` (or one `<code>` with the source).
 *
 * @example Usage
 * ```ts
 * import { texHtml } from "./_tex.ts";
 * import { assertStringIncludes } from "@std/assert";
 * assertStringIncludes(texHtml("x^2", true).value, '<img src="data:image/svg+xml;base64,');
 * assertStringIncludes(texHtml("x^2", true).value, 'alt="x^2"');
 * assertStringIncludes(texHtml("{".repeat(5000), false).value, "actlab-tex-error");
 * ```
 */
export function texHtml(tex: string, display = false): Html {
  return trusted(texToImg(String(tex), { display }));
}
