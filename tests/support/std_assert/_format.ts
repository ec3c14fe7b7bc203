/**
 * Value formatting, ANSI stripping and a small line diff for the offline
 * `@std/assert` stand-in's failure messages.
 *
 * @module
 */

/**
 * Renders a value for an assertion message. Uses `Deno.inspect` when it is
 * available (fully expanded, sorted keys) and falls back to `String`.
 *
 * @param value The value to render.
 * @returns A human-readable, possibly multi-line, representation.
 */
export function format(value: unknown): string {
  const inspect = (globalThis as {
    Deno?: { inspect?: (v: unknown, o: Record<string, unknown>) => string };
  }).Deno?.inspect;
  if (typeof inspect === "function") {
    return inspect(value, {
      depth: Infinity,
      sorted: true,
      trailingComma: true,
      compact: false,
      iterableLimit: Infinity,
      strAbbreviateSize: Infinity,
      getters: true,
    });
  }
  try {
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

const ANSI_PATTERN = new RegExp(
  [
    "[\\u001B\\u009B][[\\]()#;?]*",
    "(?:(?:(?:(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]+)*",
    "|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/#&.:=?%@~_]*)*)?\\u0007)",
    "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PR-TZcf-nq-uy=><~]))",
  ].join(""),
  "g",
);

/**
 * Removes ANSI escape sequences (colours etc.) from a string.
 *
 * @param text The text to clean.
 * @returns The text without ANSI escape sequences.
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, "");
}

/** Above this many LCS cells the diff degrades to "all removed, all added". */
const MAX_DIFF_CELLS = 4_000_000;

/**
 * A minimal line diff (longest common subsequence) between the rendered
 * actual and expected values, formatted like std's `[Diff] Actual / Expected`
 * block.
 *
 * @param actual The rendered actual value.
 * @param expected The rendered expected value.
 * @returns The diff block, ready to append to a failure message.
 */
export function lineDiff(actual: string, expected: string): string {
  const a = actual.split("\n");
  const b = expected.split("\n");
  const out: string[] = [];
  if (a.length * b.length > MAX_DIFF_CELLS) {
    for (const line of a) out.push(`-   ${line}`);
    for (const line of b) out.push(`+   ${line}`);
  } else {
    // lcs[i][j] = LCS length of a[i..] and b[j..], flattened row-major.
    const width = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] = a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(
            lcs[(i + 1) * width + j] ?? 0,
            lcs[i * width + j + 1] ?? 0,
          );
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        out.push(`    ${a[i]}`);
        i++;
        j++;
      } else if (
        j >= b.length ||
        (i < a.length &&
          (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
      ) {
        out.push(`-   ${a[i]}`);
        i++;
      } else {
        out.push(`+   ${b[j]}`);
        j++;
      }
    }
  }
  return [
    "",
    "",
    "    [Diff] Actual / Expected",
    "",
    "",
    ...out,
    "",
  ].join("\n");
}
