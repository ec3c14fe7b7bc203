/**
 * LaTeX → MathML with KaTeX (npm `katex`), for formula cards.
 *
 * MathML is rendered natively by every current browser (Chromium ≥ 109,
 * Firefox, Safari), so the output needs no KaTeX CSS, no fonts, no MathJax
 * and no network: it survives nbconvert, VS Code and offline pages. KaTeX
 * runs with `trust: false` (no `\href`, `\htmlClass`, …), so LaTeX from a
 * user cannot inject markup, and with `throwOnError: false`, so a typo shows
 * the source in red instead of throwing inside a notebook cell.
 *
 * @module
 */
import katex from "katex";

/** Options of {@linkcode texToMathML}. */
export interface TexOptions {
  /** Display (block, centred) math instead of inline math. Default `false`. */
  readonly display?: boolean;
}

const cache = new Map<string, string>();

/**
 * Render LaTeX to a MathML fragment (`<span class="katex"><math …>`), with
 * the TeX source kept in an `<annotation encoding="application/x-tex">` so
 * copying the formula gives the LaTeX back.
 *
 * @param tex The LaTeX source (math mode, without `$` delimiters).
 * @param options `display: true` for a centred block formula.
 * @returns HTML holding one `<math>` element (or a red error span holding
 *   the escaped source when the LaTeX does not parse).
 * @throws {TypeError} if `tex` is not a string.
 *
 * @example Usage
 * ```ts
 * import { texToMathML } from "./katex.ts";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const html = texToMathML("\\frac{1}{1+e^{-x}}", { display: true });
 * assertStringIncludes(html, "<math");
 * assertStringIncludes(html, 'display="block"');
 * assert(!html.includes("<script"));
 * ```
 */
export function texToMathML(tex: string, options: TexOptions = {}): string {
  if (typeof tex !== "string") {
    throw new TypeError(
      `\`tex\` must be a string: current value is ${String(tex)}`,
    );
  }
  const display = options.display === true;
  const key = (display ? "D" : "I") + tex;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = katex.renderToString(tex, {
    output: "mathml",
    displayMode: display,
    throwOnError: false,
    trust: false,
    // Unicode text such as "−" inside \text{} is fine for MathML output.
    strict: "ignore",
    errorColor: "#b00020",
  });
  const fixed = unaryMinus(html);
  if (cache.size > 2000) cache.clear();
  cache.set(key, fixed);
  return fixed;
}

const CLOSERS = new Set([
  ")",
  "]",
  "}",
  "|",
  "\u2016",
  "\u27E9",
  "\u230B",
  "\u2309",
  "!",
]);

/**
 * Mark signs that follow an operator (`(−x`, `= −S`, `[−1,`) as unary.
 *
 * KaTeX's MathML puts `(`, `−` and `x` side by side in one `<mrow>`, and a
 * browser's MathML layout (MathML Core operator dictionary) then gives the
 * `−` the infix spacing of a binary minus: "σ( − x)". TeX's rule (The
 * TeXbook, Appendix G, rule 5) turns a binary operator into an ordinary
 * symbol after an opening fence, a relation, punctuation or another
 * operator; we do the same by setting the spacing to zero.
 */
function unaryMinus(html: string): string {
  return html.replace(
    /(<mo\b[^>]*>([^<]*)<\/mo>)<mo>([\u2212+\u00B1])<\/mo>/g,
    (all, prev: string, op: string, sign: string) =>
      CLOSERS.has(op)
        ? all
        : `${prev}<mo lspace="0em" rspace="0em">${sign}</mo>`,
  );
}
