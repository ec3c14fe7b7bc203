/**
 * The one place cards turn LaTeX into HTML (internal). Every formula on a
 * formula card or the softmax derivation goes through {@linkcode texHtml},
 * so the typesetter can be swapped (KaTeX MathML today) in one function.
 *
 * @module
 */
import { texToMathML } from "./_katex.ts";
import { type Html, trusted } from "./_text.ts";

/**
 * Typeset LaTeX for HTML. Never throws for bad LaTeX: a source that does
 * not parse, or is too deep or too long, shows as escaped text.
 *
 * @param tex The LaTeX source (math mode, no `$` delimiters).
 * @param display Display (block) math instead of inline.
 * @returns Trusted markup.
 *
 * @example Usage
 * ```ts
 * import { texHtml } from "./_tex.ts";
 * import { assertStringIncludes } from "@std/assert";
 * assertStringIncludes(texHtml("x^2", true).value, "<math");
 * assertStringIncludes(texHtml("{".repeat(5000), false).value, "actlab-tex-error");
 * ```
 */
export function texHtml(tex: string, display = false): Html {
  return trusted(texToMathML(String(tex), { display }));
}
