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
import { escapeHtml, texDepthOk } from "./_text.ts";

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
 * import { texToMathML } from "./_katex.ts";
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
      `\`tex\` must be a string: current value is ${typeof tex}`,
    );
  }
  const display = options.display === true;
  const key = (display ? "D" : "I") + tex;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  // KaTeX recurses once per group: thousands of nested braces overflow the
  // stack. Bound the depth first, and keep a catch for anything else, so
  // bad LaTeX shows as its escaped source and never throws.
  let html: string;
  try {
    html = texDepthOk(tex)
      ? katex.renderToString(tex, {
        output: "mathml",
        displayMode: display,
        throwOnError: false,
        trust: false,
        // Unicode text such as "−" inside \text{} is fine for MathML output.
        strict: "ignore",
        errorColor: "#b00020",
        maxExpand: 1000,
      })
      : texSource(tex);
  } catch {
    html = texSource(tex);
  }
  const fixed = primesInline(unaryMinus(html));
  if (cache.size > 2000) cache.clear();
  cache.set(key, fixed);
  return fixed;
}

/** LaTeX that cannot be rendered, as escaped text in the error colour. */
function texSource(tex: string): string {
  const shown = tex.length > 200 ? tex.slice(0, 200) + "…" : tex;
  return `<code class="actlab-tex-error" style="color:#b00020">${
    escapeHtml(shown)
  }</code>`;
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

const PRIME_MO = "<mo[^<>]*>[\u2032\u2033\u2034\u2057]</mo>";
/** A superscript that is only primes: one `<mo>′</mo>`, or an mrow of them. */
const PRIMES_ONLY = new RegExp(
  `^(?:${PRIME_MO}|<mrow>(?:${PRIME_MO})+</mrow>)$`,
);
const PRIME_CHAR = /[\u2032\u2033\u2034\u2057]/g;

/** The end (exclusive) of the element that starts at `start`, or -1. */
function elementEnd(s: string, start: number): number {
  const tag = /<(\/?)([A-Za-z][\w.-]*)[^<>]*?(\/?)>/g;
  tag.lastIndex = start;
  let depth = 0;
  for (let m = tag.exec(s); m !== null; m = tag.exec(s)) {
    if (depth === 0 && m.index !== start) return -1;
    if (m[3]) {
      if (depth === 0) return tag.lastIndex;
    } else if (m[1]) {
      depth--;
      if (depth === 0) return tag.lastIndex;
      if (depth < 0) return -1;
    } else depth++;
  }
  return -1;
}

/** The child elements of the element at [start, end). */
function children(s: string, start: number, end: number): string[] | null {
  const open = s.indexOf(">", start) + 1;
  const close = s.lastIndexOf("</", end - 1);
  const out: string[] = [];
  let i = open;
  while (i < close) {
    if (s[i] !== "<") return null;
    const e = elementEnd(s, i);
    if (e < 0 || e > close) return null;
    out.push(s.slice(i, e));
    i = e;
  }
  return out;
}

/**
 * Set primes at normal size: `<msup><mi>f</mi><mo>′</mo></msup>` becomes
 * `<mrow><mi>f</mi><mo lspace="0em" rspace="0em">′</mo></mrow>`.
 *
 * KaTeX writes f′ as a superscript prime, as TeX does; but the prime glyph
 * (U+2032) is already a raised, superscript-sized mark, and a browser's
 * MathML layout shrinks it once more as a script, so f′, σ′ and ELU′ show a
 * barely visible speck. Written inline the glyph has its designed size and
 * position. Double and triple primes (an `<mrow>` of `<mo>′</mo>`), bases
 * that are an `<mrow>` (ELU′) and `<msubsup>` (f′ᵢ becomes f_i followed by
 * ′) are handled too; any other superscript is left alone.
 */
function primesInline(html: string): string {
  let s = html;
  // Last opening tag first: an element nested in another starts after it,
  // so inner ones are rewritten before their parents, and rewriting never
  // moves an earlier index.
  for (
    let at = s.lastIndexOf("<msu");
    at >= 0;
    at = at > 0 ? s.lastIndexOf("<msu", at - 1) : -1
  ) {
    const isSup = s.startsWith("<msup>", at);
    const isSubSup = s.startsWith("<msubsup>", at);
    if (!isSup && !isSubSup) continue;
    const end = elementEnd(s, at);
    if (end < 0) continue;
    const kids = children(s, at, end);
    if (kids === null || kids.length !== (isSup ? 2 : 3)) continue;
    const sup = kids[kids.length - 1]!;
    if (!PRIMES_ONLY.test(sup)) continue;
    const primes = (sup.match(PRIME_CHAR) ?? []).map((p) =>
      `<mo lspace="0em" rspace="0em">${p}</mo>`
    ).join("");
    const base = isSup ? kids[0]! : `<msub>${kids[0]!}${kids[1]!}</msub>`;
    s = s.slice(0, at) + `<mrow>${base}${primes}</mrow>` + s.slice(end);
  }
  return s;
}
