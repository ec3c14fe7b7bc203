/**
 * Where plotly.js comes from. The bundle is the npm package
 * `plotly.js-cartesian-dist-min` (scatter, heatmap, sliders, updatemenus:
 * the smallest official bundle that draws every chart here), which Deno
 * keeps in its npm cache. Its `package.json` is imported statically (a few
 * hundred bytes), which puts the package in the module graph, so Deno
 * installs it with the rest; the 1.5 MB bundle itself is read only when the
 * first chart is rendered inline, never at import.
 *
 * @module
 */
// The full npm: specifier (same range as deno.json's import map) resolves
// with or without an import map, and from a published copy of this module.
import plotlyPackage from "npm:plotly.js-cartesian-dist-min@^4/package.json" with {
  type: "json",
};

/** The plotly.js version of the bundled package, e.g. "4.1.1". */
export const PLOTLY_VERSION: string = plotlyPackage.version;

/** The official CDN copy of the same bundle and version. */
export const PLOTLY_CDN_URL: string =
  `https://cdn.plot.ly/plotly-cartesian-${PLOTLY_VERSION}.min.js`;

let cached: string | undefined;

/**
 * The bundle's path on disk, as a file URL: resolved through the import
 * map (deno.json maps the package to `npm:`), which Deno turns into the
 * file in its npm cache (or in `node_modules`).
 */
function bundleUrl(): URL {
  // import.meta.resolve maps an npm: specifier to the file in Deno's npm
  // cache (or node_modules); the package's "main" is the minified bundle.
  const pkg = import.meta.resolve(
    "npm:plotly.js-cartesian-dist-min@^4/package.json",
  );
  return new URL(plotlyPackage.main, pkg);
}

/**
 * The text of plotly.js, read from the npm package on first use and cached.
 *
 * @returns The minified source (about 1.5 MB).
 * @throws {Error} if the package is not installed or not readable (the
 * message says how to fix it).
 *
 * @example Usage
 * ```ts
 * import { plotlySource } from "./_plotly_source.ts";
 * import { assert } from "@std/assert";
 * assert((await plotlySource()).includes("window.Plotly"));
 * ```
 */
export async function plotlySource(): Promise<string> {
  try {
    return cached ??= await Deno.readTextFile(bundleUrl());
  } catch (e) {
    throw readError(e);
  }
}

/** The one message for a bundle that cannot be read: what to do about it. */
function readError(e: unknown): Error {
  return new Error(
    `Cannot read plotly.js from ${bundleUrl().href} (run \`deno install\`, and allow reading it with --allow-read): ${
      e instanceof Error ? e.message : String(e)
    }`,
    { cause: e },
  );
}

/**
 * {@linkcode plotlySource}, synchronously (the display protocol is
 * synchronous).
 *
 * @returns The minified source.
 * @throws {Error} if the package is not installed or not readable.
 *
 * @example Usage
 * ```ts
 * import { plotlySourceSync } from "./_plotly_source.ts";
 * import { assert } from "@std/assert";
 * assert(plotlySourceSync().length > 100_000);
 * ```
 */
export function plotlySourceSync(): string {
  try {
    return cached ??= Deno.readTextFileSync(bundleUrl());
  } catch (e) {
    throw readError(e);
  }
}

/**
 * A `<script>` element that defines `window.Plotly` from the inlined
 * bundle. The source runs inside a function whose `module`, `exports` and
 * `define` parameters are undefined, so a page loader (RequireJS in the
 * classic notebook, a CommonJS shim) cannot capture it: plotly.js sets
 * `window.Plotly` itself. `</script` cannot end the element early (it is
 * rewritten as `<\/script`, the same string to JavaScript).
 *
 * @returns The script element's HTML.
 *
 * @example Usage
 * ```ts
 * import { plotlyInlineScript } from "./_plotly_source.ts";
 * import { assert } from "@std/assert";
 * const tag = plotlyInlineScript();
 * assert(tag.startsWith("<script data-actlab-plotly="));
 * assert(!tag.includes(" src=")); // the bundle itself, no network
 * ```
 */
export function plotlyInlineScript(): string {
  const src = plotlySourceSync().replace(/<\/script/gi, "<\\/script");
  return `<script data-actlab-plotly="${PLOTLY_VERSION}">if(!window.Plotly){(function(module,exports,define){\n${src}\n}).call(window);}</script>`;
}

/**
 * A `<script>` element that loads plotly.js from the CDN (once per page:
 * later copies see `window.Plotly` or the pending element and do nothing).
 *
 * @returns The script element's HTML.
 *
 * @example Usage
 * ```ts
 * import { PLOTLY_CDN_URL, plotlyCdnScript } from "./_plotly_source.ts";
 * import { assert } from "@std/assert";
 * assert(plotlyCdnScript().includes(PLOTLY_CDN_URL));
 * ```
 */
export function plotlyCdnScript(): string {
  return `<script src="${PLOTLY_CDN_URL}" charset="utf-8"></script>`;
}
