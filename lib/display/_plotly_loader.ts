/**
 * plotly.js delivery that no single output can lose.
 *
 * The problem (issue 9): the first chart of a kernel session used to carry
 * plotly.js and every later chart waited for `window.Plotly`. Re-running
 * that cell, clearing its output, or a client dropping that one message
 * left every chart of the saved notebook without plotly.js, for good.
 *
 * The design:
 *
 * - **Carriers.** A carrier is an inert `<script type="application/
 *   x-actlab-plotly-gzip">` element holding plotly.js gzip-compressed and
 *   base64-encoded (1.50 MB of JavaScript → 662 kB of text, made once per
 *   process with `node:zlib`, about 40 ms). A chart carries one when fewer
 *   than {@linkcode CARRIERS_PER_WINDOW} of the
 *   {@linkcode CARRIER_WINDOW} − 1 charts shown before it did, and whenever
 *   it is a chart that carried one before (the same figure rendered again:
 *   re-running that cell gives its output back its copy). So a notebook run
 *   top to bottom holds two copies for every sixteen charts (1.3 MB, less
 *   than the single uncompressed copy it held before), in two different
 *   outputs; charts made in scratch cells earlier in a session can hold
 *   the copies for one window at most.
 * - **Every chart finds plotly.js by itself.** Each chart's script carries
 *   the loader (about 3 kB), which looks in turn for `window.Plotly`; for a
 *   carrier anywhere on the page (unpacked with the browser's
 *   `DecompressionStream`, checked against the SHA-256 of the bundle, run
 *   in a scope where RequireJS's `define` cannot capture it); and for a
 *   copy in the browser's IndexedDB, stored there by any carrier the
 *   browser ever unpacked on this origin. It keeps looking (outputs render
 *   one after another; a carrier may come later), and after 2 s without
 *   plotly.js it puts one line under the chart's picture saying what to do,
 *   which goes away if plotly.js turns up.
 * - The Plotly mimetype stays in every bundle, for the frontends that render
 *   it with their own plotly.js (JupyterLab's Plotly extension, VS Code).
 *
 * @module
 */
import { createRequire } from "node:module";
import { PLOTLY_VERSION, plotlySourceSync } from "./_plotly_source.ts";
import { scriptJson } from "./_text.ts";

/** How many of {@linkcode CARRIER_WINDOW} consecutive charts carry plotly.js. */
export const CARRIERS_PER_WINDOW = 2;

/** The number of consecutive charts over which carriers are counted. */
// Sixteen: the longest notebook (11 charts, with 31 × 31 heatmaps) stays
// under the 4 MiB budget with two copies; a window of 8 gave it four.
export const CARRIER_WINDOW = 16;

/** The MIME type of a carrier element (inert: browsers do not run it). */
export const CARRIER_TYPE = "application/x-actlab-plotly-gzip";

interface Packed {
  readonly base64: string;
  readonly sha256: string;
  readonly sourceBytes: number;
}

let packed: Packed | undefined;
/** Keys of the charts that carried a copy (most recent last). */
const carrierKeys = new Set<string>();
/** Whether each of the last charts carried a copy (most recent last). */
const recent: boolean[] = [];

/**
 * plotly.js gzip-compressed (level 9; the gzip header has no time stamp,
 * so the bytes are the same on every run) and base64-encoded, and the
 * SHA-256 of the source. Made once per process.
 */
function pack(): Packed {
  if (packed !== undefined) return packed;
  const source = plotlySourceSync();
  // node:zlib and node:crypto are loaded here, on the first chart, not when
  // the library is imported; createRequire keeps it synchronous.
  const require = createRequire(import.meta.url);
  const zlib = require("node:zlib") as {
    gzipSync(b: Uint8Array, o: { level: number }): Uint8Array & {
      toString(enc: "base64"): string;
    };
  };
  const crypto = require("node:crypto") as {
    createHash(alg: string): {
      update(s: string): { digest(enc: "hex"): string };
    };
  };
  const bytes = new TextEncoder().encode(source);
  packed = {
    base64: zlib.gzipSync(bytes, { level: 9 }).toString("base64"),
    sha256: crypto.createHash("sha256").update(source).digest("hex"),
    sourceBytes: bytes.length,
  };
  return packed;
}

/**
 * The sizes of the delivery, in bytes.
 *
 * @returns The plotly.js source size, one carrier's size, and the loader
 *   script's size (what every chart adds).
 *
 * @example Usage
 * ```ts
 * import { plotlyDeliveryCost } from "./_plotly_loader.ts";
 * import { assert } from "@std/assert";
 * const cost = plotlyDeliveryCost();
 * assert(cost.carrier < cost.source / 2);
 * assert(cost.loader < 4000);
 * ```
 */
export function plotlyDeliveryCost(): {
  source: number;
  carrier: number;
  loader: number;
} {
  return {
    source: pack().sourceBytes,
    carrier: plotlyCarrier().length,
    loader: plotlyLoaderScript().length,
  };
}

/**
 * A carrier: plotly.js, compressed, in an inert script element that any
 * chart's loader on the page can unpack.
 *
 * @returns The element's HTML (about 662 kB).
 *
 * @example Usage
 * ```ts
 * import { CARRIER_TYPE, plotlyCarrier } from "./_plotly_loader.ts";
 * import { assert } from "@std/assert";
 * const html = plotlyCarrier();
 * assert(html.startsWith(`<script type="${CARRIER_TYPE}" data-version="`));
 * assert(/^[A-Za-z0-9+/=]+$/.test(html.replace(/^<script[^>]*>|<\/script>$/g, "")));
 * ```
 */
export function plotlyCarrier(): string {
  const { base64 } = pack();
  return `<script type="${CARRIER_TYPE}" data-version="${PLOTLY_VERSION}">${base64}</script>`;
}

/**
 * Whether the chart with this key carries plotly.js: yes when it carried
 * it before (a re-run of the cell whose output held a copy puts a copy
 * back), and yes when fewer than {@linkcode CARRIERS_PER_WINDOW} of the
 * {@linkcode CARRIER_WINDOW} − 1 charts before it carried one.
 *
 * @param key A stable key of the chart (e.g. a hash of its figure JSON).
 * @returns Whether to add {@linkcode plotlyCarrier} to its output.
 *
 * @example Usage
 * ```ts
 * import { claimCarrier, resetCarriers } from "./_plotly_loader.ts";
 * import { assertEquals } from "@std/assert";
 * resetCarriers();
 * // the first two charts, a re-run of the first, then none while the
 * // window of 16 still holds two copies
 * assertEquals(
 *   ["a", "b", "c", "a", "d", "e"].map(claimCarrier),
 *   [true, true, false, true, false, false],
 * );
 * ```
 */
export function claimCarrier(key: string): boolean {
  const carried = carrierKeys.has(key) ||
    recent.slice(-(CARRIER_WINDOW - 1)).filter(Boolean).length <
      CARRIERS_PER_WINDOW;
  if (carried) {
    carrierKeys.delete(key);
    carrierKeys.add(key);
    // bounded memory: forget the oldest carriers of a very long session
    if (carrierKeys.size > 64) {
      carrierKeys.delete(carrierKeys.values().next().value!);
    }
  }
  recent.push(carried);
  if (recent.length > CARRIER_WINDOW) recent.shift();
  return carried;
}

/**
 * Forget which charts carried plotly.js: the next charts carry it again (a
 * new kernel session in tests, a new page).
 *
 * @example Usage
 * ```ts
 * import { claimCarrier, resetCarriers } from "./_plotly_loader.ts";
 * import { assertEquals } from "@std/assert";
 * claimCarrier("x"); claimCarrier("y");
 * resetCarriers();
 * assertEquals(claimCarrier("z"), true);
 * ```
 */
export function resetCarriers(): void {
  carrierKeys.clear();
  recent.length = 0;
}

/** The line shown under a chart's picture when plotly.js is not found. */
export const MISSING_MESSAGE =
  "Static picture: the interactive chart needs plotly.js, which is not on this page. Run the notebook's first chart cell again (or Kernel \u2192 Restart & Run All) and save.";

/** The same, when the browser cannot unpack a carrier. */
export const NO_DECOMPRESSION_MESSAGE =
  "Static picture: this browser cannot unpack the notebook's copy of plotly.js (it has no DecompressionStream); open the notebook in a current browser.";

/**
 * The browser-side loader, as JavaScript. It defines
 * `window.__actlabPlotly.need(ready, missing)` once per page (later copies
 * see it and stop): `ready(Plotly)` is called when plotly.js is there,
 * `missing(reason)` once after 2 s without it ("missing" or
 * "nodecompress"); looking goes on for about ten minutes.
 */
function loaderJs(version: string, sha256: string): string {
  return `(function(w,d){if(w.__actlabPlotly)return;` +
    `var V=${scriptJson(version)},H=${scriptJson(sha256)},T=${
      scriptJson(CARRIER_TYPE)
    },DB="actlab-plotly",ST="bundles",busy=null;` +
    `function ok(){return!!(w.Plotly&&w.Plotly.newPlot)}` +
    `function unb64(s){var b=atob(s.replace(/\\s+/g,"")),u=new Uint8Array(b.length);for(var i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u}` +
    `function gunzip(u){return new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream("gzip"))).text()}` +
    `function hex(a){return Array.prototype.map.call(new Uint8Array(a),function(x){return(x<16?"0":"")+x.toString(16)}).join("")}` +
    `function check(t){if(!(w.crypto&&w.crypto.subtle))return t;return w.crypto.subtle.digest("SHA-256",new TextEncoder().encode(t)).then(function(h){if(hex(h)!==H)throw new Error("checksum");return t})}` +
    // Run the source where module/exports/define are undefined, so that
    // RequireJS (classic Notebook) or a CommonJS shim cannot capture it.
    `function run(t){if(ok())return;var s=d.createElement("script");s.text="if(!window.Plotly){(function(module,exports,define){\\n"+t+"\\n}).call(window);}";(d.head||d.documentElement).appendChild(s);s.parentNode.removeChild(s)}` +
    `function idb(m,f){return new Promise(function(res){try{var r=w.indexedDB.open(DB,1);r.onupgradeneeded=function(){r.result.createObjectStore(ST)};` +
    `r.onsuccess=function(){var db=r.result;try{var tx=db.transaction(ST,m),q=f(tx.objectStore(ST));tx.oncomplete=function(){db.close();res(q&&q.result)};tx.onerror=tx.onabort=function(){db.close();res(undefined)}}catch(e){db.close();res(undefined)}};` +
    `r.onerror=r.onblocked=function(){res(undefined)}}catch(e){res(undefined)}})}` +
    `function load(b){return Promise.resolve(b).then(unb64).then(gunzip).then(check).then(function(t){run(t);return ok()})}` +
    `function fromPage(){var cs=d.querySelectorAll('script[type="'+T+'"]'),p=Promise.resolve(false);` +
    `Array.prototype.forEach.call(cs,function(c){p=p.then(function(done){if(done||ok())return true;if(c.getAttribute("data-version")!==V||c.__actlabBad)return false;var b=c.textContent;` +
    `return load(b).then(function(r){if(r)idb("readwrite",function(s){return s.put(b,V)});return r},function(){c.__actlabBad=1;return false})})});return p}` +
    `function fromCache(){return idb("readonly",function(s){return s.get(V)}).then(function(b){return b?load(b).catch(function(){return false}):false})}` +
    `function attempt(){if(ok())return Promise.resolve(true);if(!busy)busy=(w.DecompressionStream?fromPage().then(function(r){return r||fromCache()}):Promise.resolve(false))` +
    `.then(function(r){busy=null;return r||ok()},function(){busy=null;return ok()});return busy}` +
    `w.__actlabPlotly={version:V,need:function(ready,missing){var n=0,told=false;(function go(){attempt().then(function(r){if(r)return ready(w.Plotly);n++;` +
    `if(!told&&n>=8){told=true;missing(w.DecompressionStream?"missing":"nodecompress")}if(n<420)setTimeout(go,n<20?250:1500)})})()}}` +
    `})(window,document);`;
}

/**
 * The loader as a `<script>` element (about 2 kB). Every chart carries it,
 * so that each chart can find plotly.js without any other output.
 *
 * @returns The script element's HTML.
 *
 * @example Usage
 * ```ts
 * import { plotlyLoaderScript } from "./_plotly_loader.ts";
 * import { assert } from "@std/assert";
 * const tag = plotlyLoaderScript();
 * assert(tag.includes("__actlabPlotly") && tag.includes("DecompressionStream"));
 * assert(!tag.includes("</script", 8) || tag.endsWith("</script>"));
 * ```
 */
export function plotlyLoaderScript(): string {
  const { sha256 } = pack();
  return `<script type="text/javascript">${
    loaderJs(PLOTLY_VERSION, sha256)
  }</script>`;
}

/**
 * A script that draws `figureJson` into the element with id `id` once
 * plotly.js is found, hides the element's static picture
 * (`.actlab-static-holder`) when the chart is drawn, and otherwise shows
 * one line saying what to do (removed again if plotly.js turns up). It
 * needs {@linkcode plotlyLoaderScript} before it.
 *
 * @param id The chart element's id.
 * @param figureJson The figure as script-safe JSON ({@linkcode scriptJson}).
 * @returns The script element's HTML.
 *
 * @example Usage
 * ```ts
 * import { chartDrawScript } from "./_plotly_loader.ts";
 * import { assertStringIncludes } from "@std/assert";
 * const s = chartDrawScript("fig-1", '{"data":[]}');
 * assertStringIncludes(s, '"fig-1"');
 * assertStringIncludes(s, "actlab-plotly-missing");
 * ```
 */
export function chartDrawScript(id: string, figureJson: string): string {
  return `<script type="text/javascript">(function(){var id=${
    scriptJson(id)
  },fig=${figureJson};` +
    `var M=${scriptJson(MISSING_MESSAGE)},N=${
      scriptJson(NO_DECOMPRESSION_MESSAGE)
    };` +
    `function el(){return document.getElementById(id)}` +
    `function note(){var e=el();return e&&e.querySelector(".actlab-plotly-missing")}` +
    `function go(){window.__actlabPlotly.need(function(P){var e=el();if(!e||e.getAttribute("data-drawn"))return;e.setAttribute("data-drawn","1");` +
    `var n=note();if(n)n.parentNode.removeChild(n);` +
    `var box=document.createElement("div");box.className="actlab-plotly";box.style.width="100%";e.appendChild(box);` +
    // The chart follows its container: autosize and responsive, and a
    // ResizeObserver for width changes without a window resize.
    // A fixed layout.width becomes a maximum: the chart is never wider
    // than its output area (it would be cut off), nor wider than asked.
    `var layout=fig.layout||{};layout.autosize=true;if(layout.width>0){box.style.maxWidth=layout.width+"px";delete layout.width}var config=fig.config||{};config.responsive=true;` +
    `P.newPlot(box,{data:fig.data,layout:layout,config:config,frames:fig.frames}).then(function(){` +
    `var s=e.querySelector(".actlab-static-holder,.actlab-static");if(s)s.style.display="none";` +
    `if(window.ResizeObserver){var w=e.clientWidth;new ResizeObserver(function(){if(e.clientWidth!==w){w=e.clientWidth;P.Plots.resize(box)}}).observe(e)}},` +
    `function(err){box.parentNode.removeChild(box);e.removeAttribute("data-drawn");console.error(err)})},` +
    `function(why){var e=el();if(!e||note())return;var p=document.createElement("div");p.className="actlab-plotly-missing";` +
    `p.style.cssText="font:12px/1.4 sans-serif;color:#6a737d;margin:4px 0";p.textContent=why==="nodecompress"?N:M;e.appendChild(p)})}` +
    // Later siblings (a flex row) are laid out once the document is parsed.
    `if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",go);else go()})();</script>`;
}
