/**
 * The display settings: how charts reach the page.
 *
 * - `"inline"` (default): the HTML output carries a static SVG and a script
 *   that draws the interactive chart; plotly.js (from the npm package) is
 *   inlined in the first chart of the session, later charts wait for
 *   `window.Plotly`. Works offline, in nbconvert's HTML, VS Code, JupyterLab.
 * - `"cdn"`: like inline, but plotly.js is loaded from cdn.plot.ly (small
 *   notebooks, needs a network to view).
 * - `"mimetype"`: only `application/vnd.plotly.v1+json` (and text), for
 *   frontends with the Plotly renderer; no HTML at all.
 * - `"static"`: the SVG only, no script.
 *
 * @module
 */
import { checkOneOf, checkOptions, typeError } from "../_validate.ts";

/** Where plotly.js comes from, or whether it is used at all. */
export type PlotlyMode = "inline" | "cdn" | "mimetype" | "static";

/** The display settings. */
export interface DisplayConfig {
  /** How charts are delivered; see the module docs. */
  readonly plotly: PlotlyMode;
}

const MODES: readonly PlotlyMode[] = ["inline", "cdn", "mimetype", "static"];

let current: DisplayConfig = Object.freeze({ plotly: "inline" });

/**
 * Change display settings; unspecified ones keep their current values.
 *
 * @param options The settings to change.
 * @returns The settings now in force.
 * @throws {RangeError} if `plotly` is not one of the four modes.
 * @throws {TypeError} if `options` is not an object or has an unknown key.
 *
 * @example Usage
 * ```ts
 * import { configure, getConfig } from "./config.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(configure({ plotly: "cdn" }).plotly, "cdn");
 * assertEquals(getConfig().plotly, "cdn");
 * assertThrows(() => configure({ plotly: "svg" as never }), RangeError, "`plotly`");
 * configure({ plotly: "inline" });
 * ```
 */
export function configure(options: Partial<DisplayConfig>): DisplayConfig {
  if (options === undefined) {
    throw typeError("options", "an object", options);
  }
  const o = checkOptions("options", options, ["plotly"]);
  const next = { ...current };
  if (o.plotly !== undefined) {
    next.plotly = checkOneOf("plotly", o.plotly, MODES);
  }
  current = Object.freeze(next);
  return current;
}

/**
 * The settings now in force.
 *
 * @returns The current {@linkcode DisplayConfig}.
 *
 * @example Usage
 * ```ts
 * import { getConfig } from "./config.ts";
 * import { assert } from "@std/assert";
 * assert(["inline", "cdn", "mimetype", "static"].includes(getConfig().plotly));
 * ```
 */
export function getConfig(): DisplayConfig {
  return current;
}
