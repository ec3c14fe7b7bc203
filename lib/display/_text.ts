/**
 * The one text module of the display layer (internal): HTML/XML escaping,
 * the `html` tagged template, Markdown escaping, LaTeX made safe for
 * Markdown, plain text from Plotly's pseudo-HTML labels, number formatting
 * (plain and LaTeX), JSON for `<script>` elements, and element ids.
 *
 * The rule it enforces: user text never becomes markup. Every string that
 * reaches HTML, SVG or Markdown goes through {@linkcode escapeHtml} (via
 * {@linkcode html}) or {@linkcode escapeMarkdown}; both also replace the
 * code points XML forbids (C0 controls other than tab/LF/CR, lone
 * surrogates, U+FFFE, U+FFFF), so the output stays well-formed.
 *
 * @module
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Code points that may not appear in XML 1.0 (https://www.w3.org/TR/xml/#charsets):
 * C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF.
 * The `u` flag makes `[\uD800-\uDFFF]` match only unpaired surrogates.
 */
const NOT_XML =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

/**
 * Replace the code points XML forbids by U+FFFD.
 *
 * @param s Any text.
 * @returns The text with only XML 1.0 characters.
 */
export function xmlChars(s: string): string {
  return String(s).replace(NOT_XML, "\uFFFD");
}

/**
 * Escape a string for HTML text or a quoted attribute value (also SVG):
 * `&`, `<`, `>`, `"` and `'` become entities, and characters XML forbids
 * become U+FFFD.
 *
 * @param s The untrusted text.
 * @returns The text, safe between tags and inside `"…"` or `'…'`.
 *
 * @example Usage
 * ```ts
 * import { escapeHtml } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeHtml(`<b title="x">&'\u0001`), "&lt;b title=&quot;x&quot;&gt;&amp;&#39;\uFFFD");
 * ```
 */
export function escapeHtml(s: string): string {
  return xmlChars(String(s)).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** A fragment of HTML this module vouches for (made by {@linkcode html} or {@linkcode trusted}). */
export class Html {
  /** The markup. */
  readonly value: string;
  /**
   * Wrap markup (use {@linkcode trusted} or {@linkcode html}).
   *
   * @param value The markup.
   */
  constructor(value: string) {
    this.value = value;
  }
  /**
   * The markup.
   *
   * @returns The markup.
   */
  toString(): string {
    return this.value;
  }
}

/**
 * Mark markup made by this library (an SVG it drew, a typeset formula, a
 * fixed style string) as trusted, so {@linkcode html} inserts it as is.
 * Never call it on user text.
 *
 * @param markup The trusted markup.
 * @returns The wrapped markup.
 */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** What {@linkcode html} accepts between `${…}`. */
export type HtmlValue =
  | Html
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

function interpolate(v: HtmlValue): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || v === false || v === true) return "";
  if (Array.isArray(v)) return v.map(interpolate).join("");
  return escapeHtml(String(v));
}

/**
 * The `html` tagged template: every interpolation is escaped with
 * {@linkcode escapeHtml}, except {@linkcode Html} values (from `html` or
 * {@linkcode trusted}); arrays are joined; `null`, `undefined` and booleans
 * give nothing (so `${cond && html`…`}` works).
 *
 * @param strings The literal parts (trusted: they are in our source).
 * @param values The interpolations.
 * @returns The markup.
 *
 * @example Usage
 * ```ts
 * import { html, trusted } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * const name = "<img src=x>";
 * assertEquals(
 *   html`<b title="${name}">${name}</b>${trusted("<br>")}`.value,
 *   '<b title="&lt;img src=x&gt;">&lt;img src=x&gt;</b><br>',
 * );
 * ```
 */
export function html(
  strings: TemplateStringsArray,
  ...values: HtmlValue[]
): Html {
  const parts = literalParts(strings);
  let out = parts[0]!;
  for (let i = 0; i < values.length; i++) {
    out += interpolate(values[i]!) + parts[i + 1]!;
  }
  return new Html(out);
}

const compacted = new WeakMap<TemplateStringsArray, readonly string[]>();

/**
 * The literal parts of a template with source layout removed (`deno fmt`
 * re-indents HTML templates): a line break and its indentation vanish
 * between a tag's end and the next tag's start, and become one space
 * elsewhere; the template's leading and trailing space is dropped. So the
 * output does not depend on how the source is formatted.
 */
function literalParts(strings: TemplateStringsArray): readonly string[] {
  const hit = compacted.get(strings);
  if (hit) return hit;
  const last = strings.length - 1;
  const parts = strings.map((p, i) => {
    let q = p.replace(/>\s*\n\s*</g, "><").replace(/\s*\n\s*/g, " ");
    if (i === 0) q = q.replace(/^\s+/, "");
    if (i === last) q = q.replace(/\s+$/, "");
    return q;
  });
  compacted.set(strings, parts);
  return parts;
}

/**
 * Escape text for Markdown that a notebook renders (Markdown allows raw
 * HTML): characters XML forbids become U+FFFD, line breaks become spaces
 * (so no blank line can start an HTML block), `&`, `<`, `>` become
 * entities, and every ASCII punctuation character Markdown or the math
 * extension gives a meaning anywhere in a line is backslash-escaped
 * (CommonMark §2.4 lets any ASCII punctuation be escaped), and a leading
 * list marker is escaped too.
 *
 * @param text The untrusted text.
 * @returns Markdown that shows the text literally.
 *
 * @example Usage
 * ```ts
 * import { escapeMarkdown } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeMarkdown("a_b\n\n<i>$x$"), "a\\_b &lt;i&gt;\\$x\\$");
 * ```
 */
export function escapeMarkdown(text: string): string {
  return xmlChars(String(text))
    .replace(/[\r\n\u2028\u2029]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]{}|$~#!]/g, (c) => "\\" + c)
    // At the start, "-", "+" and "1." would open a list.
    .replace(
      /^(\s*)([-+]|\d+(?=[.)]))/,
      (_m, sp: string, c: string) =>
        `${sp}${c.replace(/^[-+]$/, "\\$&")}${/^\d/.test(c) ? "\\" : ""}`,
    );
}

/** Deepest `{…}` nesting we hand to a TeX renderer (the parser recurses per level). */
export const MAX_TEX_DEPTH = 64;
/** Longest TeX source we hand to a renderer. */
export const MAX_TEX_LENGTH = 20_000;

/**
 * LaTeX that can go between `$…$` or `$$…$$` in Markdown without leaving
 * the math (no `$`, no backtick, no line break) or being read as markup
 * (`<` and `>` become `\lt` and `\gt`), and that a renderer can parse in
 * bounded depth ({@linkcode MAX_TEX_DEPTH} braces, {@linkcode MAX_TEX_LENGTH}
 * characters). `undefined` when the source cannot be made safe: show it
 * as escaped text instead.
 *
 * @param tex The LaTeX source.
 * @returns The safe source, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import { safeTex } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(safeTex("a<b"), "a\\lt b");
 * assertEquals(safeTex("x$$ <img> $$y"), undefined);
 * ```
 */
export function safeTex(tex: string): string | undefined {
  if (typeof tex !== "string" || !texDepthOk(tex)) return undefined;
  if (/[$`\r\n\u2028\u2029]/.test(tex) || xmlChars(tex) !== tex) {
    return undefined;
  }
  return tex.replace(/</g, "\\lt ").replace(/>/g, "\\gt ").replace(
    /&(?=[A-Za-z#])/g,
    "& ",
  );
}

/**
 * Whether TeX is short enough and its braces shallow enough to render
 * without deep recursion.
 *
 * @param tex The LaTeX source.
 * @returns True when it is within the bounds.
 */
export function texDepthOk(tex: string): boolean {
  if (tex.length > MAX_TEX_LENGTH) return false;
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex.charCodeAt(i);
    if (c === 92) i++; // a backslash escapes the next character
    else if (c === 123 && ++depth > MAX_TEX_DEPTH) return false;
    else if (c === 125) depth--;
  }
  return true;
}

const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  "#x27": "'",
  amp: "&",
};

/**
 * Plotly pseudo-HTML → plain text: `<br>` becomes a space, the tags Plotly
 * styles text with (`<b>`, `<i>`, `<sup>`, `<span …>`, …) are dropped, the XML entities Plotly labels use are decoded (`&amp;` last,
 * so `&amp;lt;` stays `&lt;`).
 *
 * @param s A Plotly label (title, legend name, axis title).
 * @returns The text a reader sees.
 *
 * @example Usage
 * ```ts
 * import { plainText } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(plainText("a<br>b &lt;c&gt; &amp;lt;"), "a b <c> &lt;");
 * ```
 */
export function plainText(s: string): string {
  return String(s)
    .replace(/<br\s*\/?>/gi, " ")
    // Only the tags Plotly's labels understand; anything else is text.
    .replace(/<\/?(b|i|em|sup|sub|span|a|s|u)(\s[^<>]*)?>/gi, "")
    .replace(/&(lt|gt|quot|#39|#x27|amp);/g, (_, e: string) => ENTITIES[e]!);
}

/**
 * A number for a card or a label: integers as they are, others to 6
 * significant digits without trailing zeros; ±∞ as ∞ and −∞; NaN; −0 as 0.
 * Negative numbers take a true minus sign (U+2212), as typeset mathematics
 * does, not a hyphen.
 *
 * @param v The number.
 * @returns A short decimal string.
 *
 * @example Usage
 * ```ts
 * import { formatNumber } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(formatNumber(1.0507009873554805), "1.0507");
 * assertEquals(formatNumber(-Infinity), "−∞");
 * assertEquals(formatNumber(-0.5), "−0.5");
 * ```
 */
export function formatNumber(v: number): string {
  if (typeof v !== "number") return String(v);
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "−∞";
  if (Object.is(v, -0)) return "0";
  const s = Number.isInteger(v) && Math.abs(v) < 1e15
    ? String(v)
    : Number(v.toPrecision(6)).toString();
  return s.replace(/-/g, "−"); // the sign and an exponent's sign
}

/**
 * The LaTeX form of {@linkcode formatNumber}: `\infty`, and `1.5 \times
 * 10^{-7}` for exponents.
 *
 * @param v The number.
 * @returns LaTeX.
 *
 * @example Usage
 * ```ts
 * import { texNumber } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(texNumber(1.5e-7), "1.5\\times 10^{-7}");
 * assertEquals(texNumber(-Infinity), "-\\infty");
 * ```
 */
export function texNumber(v: number): string {
  if (v === Infinity) return "\\infty";
  if (v === -Infinity) return "-\\infty";
  if (Number.isNaN(v)) return "\\mathrm{NaN}";
  // TeX writes the minus as "-" (it typesets it as a minus sign)
  return formatNumber(v).replace(/−/g, "-").replace(
    /e([+-]?)(\d+)/,
    (_m, sign: string, d: string) =>
      `\\times 10^{${sign === "-" ? "-" : ""}${d}}`,
  );
}

/**
 * `JSON.stringify`, made safe to place inside a `<script>` element: `<`
 * becomes `\u003c` (so neither `</script>` nor `<!--` can appear), and the
 * line terminators U+2028 and U+2029 become `\u2028` and `\u2029`. Lone
 * surrogates are written as `\uXXXX` escapes by `JSON.stringify` itself
 * (ES2019 well-formed JSON.stringify). The result parses back to the same value.
 *
 * @param value Any JSON-serialisable value.
 * @returns The JSON text, with no `<`, U+2028 or U+2029 characters.
 * @throws {TypeError} if `value` is not serialisable.
 *
 * @example Usage
 * ```ts
 * import { scriptJson } from "./_text.ts";
 * import { assertEquals } from "@std/assert";
 * const json = scriptJson({ name: "</script>" });
 * assertEquals(json, '{"name":"\\u003c/script>"}');
 * assertEquals(JSON.parse(json), { name: "</script>" });
 * ```
 */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(
      `\`value\` must be JSON-serialisable: current value is ${typeof value}`,
    );
  }
  return json.replace(
    /[<\u2028\u2029]/g,
    (c) => c === "<" ? "\\u003c" : c === "\u2028" ? "\\u2028" : "\\u2029",
  );
}

/**
 * The 32-bit FNV-1a hash of a string's UTF-16 code units
 * (Fowler–Noll–Vo, http://www.isthe.com/chongo/tech/comp/fnv/).
 *
 * @param s The text.
 * @returns The hash as an unsigned 32-bit integer.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A random tag of this process: element ids carry it, so a figure shown
 * after a kernel restart never reuses the id of one already on the page.
 */
export const PROCESS_NONCE: string = (() => {
  const b = new Uint8Array(3);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
})();

const occurrences = new Map<string, number>();

/**
 * An element id: the prefix, this process's nonce, a short FNV-1a hash of
 * the content, and an occurrence counter for the same content. Unique on a
 * page across kernel restarts; within one process the same content in the
 * same order gives the same ids.
 *
 * @param prefix A short name; characters other than letters, digits, `-`
 * and `_` are dropped.
 * @param content The content the element shows (e.g. the figure JSON).
 * @returns An id like `actlab-fig-3fa2c1-1a2b3c4d` (then `…-2` for repeats).
 *
 * @example Usage
 * ```ts
 * import { elementId, resetElementIds } from "./_text.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 * resetElementIds();
 * const a = elementId("fig", "{}");
 * assertEquals(a + "-2", elementId("fig", "{}"));
 * assertNotEquals(a, elementId("fig", "[]"));
 * ```
 */
export function elementId(prefix: string, content: string): string {
  const clean = String(prefix).replace(/[^A-Za-z0-9_-]/g, "") || "id";
  const base = `${clean}-${PROCESS_NONCE}-${
    fnv1a(String(content)).toString(16).padStart(8, "0")
  }`;
  const n = (occurrences.get(base) ?? 0) + 1;
  occurrences.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/**
 * Forget the occurrence counters of {@linkcode elementId} (tests, or a
 * fresh page).
 */
export function resetElementIds(): void {
  occurrences.clear();
}
