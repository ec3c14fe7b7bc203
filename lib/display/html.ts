/**
 * Small, dependency-free helpers for building HTML safely: escaping text
 * and attributes, embedding JSON in a `<script>`, and deterministic element
 * ids (so re-running a notebook gives byte-identical outputs and clean
 * diffs).
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
 * Escape a string for HTML text or a quoted attribute value: `&`, `<`,
 * `>`, `"` and `'` become entities. Works the same for SVG (XML).
 *
 * @param s The untrusted text.
 * @returns The text, safe between tags and inside `"…"` or `'…'`.
 *
 * @example Usage
 * ```ts
 * import { escapeHtml } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeHtml(`<b title="x">&'`), "&lt;b title=&quot;x&quot;&gt;&amp;&#39;");
 * ```
 */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * `JSON.stringify`, made safe to place inside a `<script>` element: `<`
 * becomes `\u003c` (so neither `</script>` nor `<!--` can appear), and the
 * line terminators U+2028 and U+2029 (valid in JSON strings, not in older
 * JavaScript string literals) become `\u2028` and `\u2029`. The result is
 * still valid JSON and parses back to the same value.
 *
 * @param value Any JSON-serialisable value.
 * @returns The JSON text, with no `<`, U+2028 or U+2029 characters.
 * @throws {TypeError} if `value` is not serialisable (undefined, a function,
 * a cycle).
 *
 * @example Usage
 * ```ts
 * import { scriptJson } from "./mod.ts";
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
  return json.replace(/[<\u2028\u2029]/g, (c) => {
    switch (c) {
      case "<":
        return "\\u003c";
      case "\u2028":
        return "\\u2028";
      default:
        return "\\u2029";
    }
  });
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

const occurrences = new Map<string, number>();

/**
 * A deterministic element id: the prefix, a short FNV-1a hash of the
 * content, and an occurrence counter for the same content (so two identical
 * charts in one session still get distinct ids). The same cells run in the
 * same order give the same ids, so a re-run notebook diffs cleanly.
 *
 * @param prefix A short name, e.g. `"actlab-fig"`; characters other than
 * letters, digits, `-` and `_` are dropped.
 * @param content The content the element shows (e.g. the figure JSON).
 * @returns An id like `actlab-fig-1a2b3c4d` (then `…-2`, `…-3` for repeats).
 *
 * @example Usage
 * ```ts
 * import { elementId, resetElementIds } from "./mod.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 * resetElementIds();
 * const a = elementId("fig", "{}");
 * assertEquals(a, elementId("fig", "{}").replace(/-2$/, ""));
 * assertNotEquals(a, elementId("fig", "[]"));
 * ```
 */
export function elementId(prefix: string, content: string): string {
  const clean = String(prefix).replace(/[^A-Za-z0-9_-]/g, "") || "id";
  const base = `${clean}-${
    fnv1a(String(content)).toString(16).padStart(8, "0")
  }`;
  const n = (occurrences.get(base) ?? 0) + 1;
  occurrences.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/**
 * Forget the occurrence counters of {@linkcode elementId} (tests, or a
 * fresh page).
 *
 * @example Usage
 * ```ts
 * import { elementId, resetElementIds } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 * resetElementIds();
 * const first = elementId("x", "same");
 * resetElementIds();
 * assertEquals(elementId("x", "same"), first);
 * ```
 */
export function resetElementIds(): void {
  occurrences.clear();
}
