/**
 * `show(x)`: display anything with a Jupyter display method — in a Deno
 * Jupyter kernel through `Deno.jupyter.display`, in a script by writing a
 * standalone HTML page and printing its path.
 *
 * `Deno.jupyter` exists only inside the kernel (touching it elsewhere can
 * throw), so it is looked up when `show` runs, never at import, and inside
 * a try/catch.
 *
 * @module
 */
import { JUPYTER_DISPLAY } from "../activation.ts";
import { checkOptions, checkString } from "../_validate.ts";
import { elementId, escapeHtml } from "./_text.ts";
import { page } from "./figure.ts";

type Displayable = { [JUPYTER_DISPLAY](): Record<string, unknown> };

/** Options of {@linkcode show}. */
export interface ShowOptions {
  /** Where the page goes in a script (default: `out/`, else a temp dir). */
  readonly dir?: string;
  /** The page title (default: the bundle's `text/plain`). */
  readonly title?: string;
}

/**
 * The kernel's display function, or undefined outside a Jupyter kernel. We
 * pass it our own mime bundle with `{ raw: true }`: the kernel looks for
 * `Symbol.for("Jupyter.display")` only on values of type "object", and an
 * Activation is a function (callable), so it would otherwise print one line
 * of text instead of the card and chart.
 */
function jupyterDisplay():
  | ((bundle: Record<string, unknown>) => unknown)
  | undefined {
  try {
    if (!("jupyter" in Deno)) return undefined;
    const j = (Deno as unknown as { jupyter?: { display?: unknown } }).jupyter;
    if (typeof j?.display !== "function") return undefined;
    const display = j.display as (x: unknown, o: { raw: boolean }) => unknown;
    return (bundle) => display(bundle, { raw: true });
  } catch {
    return undefined;
  }
}

function bundleOf(x: unknown): Record<string, unknown> {
  const fn = x !== null && (typeof x === "object" || typeof x === "function")
    ? (x as Partial<Displayable>)[JUPYTER_DISPLAY]
    : undefined;
  if (typeof fn === "function") {
    const b = fn.call(x);
    if (b !== null && typeof b === "object") return b;
  }
  return { "text/plain": typeof x === "string" ? x : Deno.inspect(x) };
}

/**
 * Display `x`. In a Jupyter kernel, sends its mime bundle through
 * `Deno.jupyter.display` (returns undefined) — the way to show an
 * Activation's card and chart, since the Deno kernel renders a bare
 * function value (`sigmoid` as the last line of a cell) as plain text. In a script, write a standalone page (plotly.js inlined, so
 * it opens offline) to `out/show-<id>.html` (or a temp directory when
 * `out/` is not writable), print its path and return it.
 *
 * @param x A figure, formula card, activation, or anything with a
 * `Symbol.for("Jupyter.display")` method (other values are shown as text).
 * @param options Output directory and title.
 * @returns The path of the written page, or undefined in Jupyter.
 *
 * @example Usage
 * ```ts
 * import { plot, show, sigmoid } from "@actlab/activations";
 * import { assert } from "@std/assert";
 * const dir = await Deno.makeTempDir();
 * const path = await show(plot(sigmoid), { dir });
 * assert(path !== undefined && (await Deno.readTextFile(path)).includes("<svg"));
 * ```
 */
export async function show(
  x: unknown,
  options: ShowOptions = {},
): Promise<string | undefined> {
  const o = checkOptions("options", options, ["dir", "title"]);
  if (o.dir !== undefined) checkString("dir", o.dir);
  if (o.title !== undefined) checkString("title", o.title);
  const display = jupyterDisplay();
  if (display) {
    try {
      await display(bundleOf(x));
      return undefined;
    } catch (e) {
      // Not in a kernel after all (the namespace without a connection).
      if (!(e instanceof Error) || !/jupyter|kernel|comm/i.test(e.message)) {
        throw e;
      }
    }
  }
  const bundle = bundleOf(x);
  const plain = typeof bundle["text/plain"] === "string"
    ? bundle["text/plain"]
    : "Activation Lab";
  const html = typeof bundle["text/html"] === "string"
    ? bundle["text/html"]
    : `<pre>${escapeHtml(plain)}</pre>`;
  const title = options.title ?? plain;
  const doc = page(title, html, { plotly: "inline" });
  const name = `show-${elementId("p", doc).slice(2)}.html`;
  const dirs = options.dir !== undefined ? [options.dir] : ["out"];
  for (const dir of dirs) {
    try {
      await Deno.mkdir(dir, { recursive: true });
      const path = `${dir.replace(/\/$/, "")}/${name}`;
      await Deno.writeTextFile(path, doc);
      console.log(`show: wrote ${path}`);
      return path;
    } catch (e) {
      if (options.dir !== undefined) throw e;
    }
  }
  const tmp = await Deno.makeTempDir({ prefix: "actlab-" });
  const path = `${tmp}/${name}`;
  await Deno.writeTextFile(path, doc);
  console.log(`show: wrote ${path}`);
  return path;
}
