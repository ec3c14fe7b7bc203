/**
 * `show(x)`: display anything — in a Deno Jupyter kernel through
 * `Deno.jupyter.display`, in a script by writing a standalone HTML page and
 * printing its path (or, for plain values, by printing them).
 *
 * Why notebooks should show everything that matters with `await show(x)`:
 * Deno's kernel (2.x) forwards what a cell prints (stdout) stamped with the
 * *latest* execute request, so in a live Run All printed lines land under a
 * later cell; and it may publish a cell's result (its last expression)
 * after reporting the cell idle, which nbclient-based tools drop. A display
 * message sent while the cell runs is stamped with its own cell and kept.
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

type Displayable = {
  [JUPYTER_DISPLAY]():
    | Record<string, unknown>
    | Promise<Record<string, unknown>>;
};

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

/**
 * The mime bundle of `x`: its display method's bundle (awaited: Deno's
 * kernel awaits display methods too), or for a plain value the text that
 * `console.log` would print — a string as it is (`text/plain` only, so
 * `*`, `_` and `|` are not read as Markdown), anything else through
 * `Deno.inspect`.
 */
async function bundleOf(
  x: unknown,
): Promise<{ bundle: Record<string, unknown>; plain: boolean }> {
  const fn = x !== null && (typeof x === "object" || typeof x === "function")
    ? (x as Partial<Displayable>)[JUPYTER_DISPLAY]
    : undefined;
  if (typeof fn === "function") {
    const b = await fn.call(x);
    if (b !== null && typeof b === "object") {
      return { bundle: b, plain: false };
    }
  }
  return {
    bundle: {
      "text/plain": typeof x === "string"
        ? x
        : Deno.inspect(x, { colors: false, depth: 6 }),
    },
    plain: true,
  };
}

/**
 * Give the kernel time to publish a display message before the cell goes
 * on (and possibly ends). Deno's kernel (2.9) queues display messages from
 * the cell's thread and publishes them from another, stamping each with
 * the execute request it is handling *when it publishes it*; a message
 * still queued when the cell ends goes out under the next cell. Measured
 * with `jupyter_client` sending every request at once (as Run All does):
 * 20 displays in a loop lost their last ones to the next cell in about one
 * run of four; with a pause of 5 ms or more after each, none did. The
 * pause grows with the message, since the kernel serialises and sends it
 * after the call returns: a chart that carries plotly.js is 0.7 MB, and
 * under load (CI, three stock `nbconvert --execute` runs in a row) a pause
 * of 24 ms after it lost that chart once in three runs; 20 ms plus 1 ms per
 * 5 kB (160 ms for it, 30 ms for a typical chart) kept every output.
 */
function settle(bundle: Record<string, unknown>): Promise<void> {
  let bytes = 0;
  for (const v of Object.values(bundle)) {
    bytes += typeof v === "string" ? v.length : JSON.stringify(v)?.length ?? 0;
  }
  const ms = Math.min(500, 20 + Math.ceil(bytes / 5_000));
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Display `x`. In a Jupyter kernel, sends its mime bundle through
 * `Deno.jupyter.display` as a display message of the running cell (returns
 * undefined): the way to put a chart, a card, an activation (card and
 * chart: the kernel renders a bare function value as one line of text) or
 * a printed result under the right cell, in a live Run All and under
 * nbconvert alike. In a script, write a standalone page (plotly.js inlined,
 * so it opens offline) to `out/show-<id>.html` (or a temp directory when
 * `out/` is not writable), print its path and return it; a plain value
 * (string, number, array, object without a display method) is printed.
 *
 * @param x A figure, formula card, activation, anything with a
 * `Symbol.for("Jupyter.display")` method, or a plain value (shown as the
 * text `console.log` prints: a string as it is, other values through
 * `Deno.inspect`).
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
  const { bundle, plain: isPlain } = await bundleOf(x);
  const display = jupyterDisplay();
  if (display) {
    try {
      await display(bundle);
      await settle(bundle);
      return undefined;
    } catch (e) {
      // Not in a kernel after all (the namespace without a connection).
      if (!(e instanceof Error) || !/jupyter|kernel|comm/i.test(e.message)) {
        throw e;
      }
    }
  }
  if (isPlain) {
    // a printed result in a script: print it
    console.log(bundle["text/plain"]);
    return undefined;
  }
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
