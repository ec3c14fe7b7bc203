/**
 * Headless Chromium renders the display output: a page built from Jupyter
 * bundles (plotly.js inlined by the first chart only, as in a notebook) and
 * the gallery page. With JavaScript on, every chart is drawn by Plotly
 * (`.js-plotly-plot .main-svg`); with JavaScript off, the static SVGs show.
 *
 * Chromium is driven through its own CLI (`--dump-dom` after a virtual time
 * budget), which needs no browser download and no driver. Without Chromium
 * the test is skipped with a notice, unless `CI` is set, where it fails.
 */
import { assert, assertEquals } from "@std/assert";
import { elu } from "../lib/activations/elu.ts";
import { relu } from "../lib/activations/relu.ts";
import { sigmoid } from "../lib/activations/sigmoid.ts";
import { tanh } from "../lib/activations/tanh.ts";
import { configure } from "../lib/display/config.ts";
import { resetElementIds } from "../lib/display/html.ts";
import {
  compare,
  explore,
  jacobianHeatmap,
  plot,
} from "../lib/display/plot.ts";
import { resetPlotlySession } from "../lib/display/plotly_source.ts";

const CHROMIUM = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
const DISPLAY = Symbol.for("Jupyter.display");

function chromiumAvailable(): boolean {
  try {
    return Deno.statSync(CHROMIUM).isFile;
  } catch {
    return false;
  }
}
const available = chromiumAvailable();
if (!available) {
  if (Deno.env.get("CI")) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}, and CI is set: the browser test must run`,
    );
  }
  console.warn(
    `SKIPPED browser tests: Chromium not found at ${CHROMIUM} (set CHROMIUM=...)`,
  );
}

/**
 * The DOM of `file` after scripts ran, or with scripts blocked. Chromium's
 * `--blink-settings=scriptEnabled=false` also stops `--dump-dom` (it
 * serialises through script), so "JavaScript off" is a copy of the page
 * whose Content-Security-Policy is `script-src 'none'`: no page script
 * runs, exactly what a no-JavaScript viewer sees.
 */
async function dumpDom(file: string, javascript: boolean): Promise<string> {
  const profile = await Deno.makeTempDir({ prefix: "actlab-chromium-" });
  let target = file;
  if (!javascript) {
    target = file.replace(/\.html$/, ".nojs.html");
    const html = await Deno.readTextFile(file);
    const csp =
      `<meta http-equiv="Content-Security-Policy" content="script-src 'none'">`;
    await Deno.writeTextFile(
      target,
      /<head>/i.test(html)
        ? html.replace(/<head>/i, `<head>${csp}`)
        : csp + html,
    );
  }
  try {
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      "--window-size=1280,900",
      "--virtual-time-budget=15000",
      "--dump-dom",
      `file://${target}`,
    ];
    const out = await new Deno.Command(CHROMIUM, {
      args,
      stdout: "piped",
      stderr: "null",
    })
      .output();
    const dom = new TextDecoder().decode(out.stdout);
    assert(dom.length > 1000, `Chromium returned no DOM for ${target}`);
    return dom;
  } finally {
    await Deno.remove(profile, { recursive: true }).catch(() => {});
  }
}

function count(html: string, re: RegExp): number {
  return html.match(re)?.length ?? 0;
}
const PLOTLY_DIV = /<div class="[^"]*\bjs-plotly-plot\b[^"]*"/g;
const STATIC_SVG = /<svg[^>]*class="actlab-static"/g;
const FIGURE_DIV = /<div class="actlab-figure"/g;

/** Charts drawn by Plotly: graph divs that contain a .main-svg. */
function drawnCharts(dom: string): number {
  return dom.split(PLOTLY_DIV).slice(1).filter((part) =>
    /<svg[^>]*class="main-svg"/.test(part.slice(0, 4000))
  )
    .length;
}

Deno.test({
  name: "browser: a page of Jupyter bundles draws every chart",
  ignore: !available,
  async fn(t) {
    configure({ plotly: "inline" });
    resetPlotlySession();
    resetElementIds();
    const figs = [
      plot([sigmoid, elu]),
      compare([sigmoid, tanh, relu]),
      explore(elu, "alpha", [0, 2], { steps: 5 }),
      jacobianHeatmap([1, 2, 3]),
    ];
    // As a notebook shows them: one output after another, no page head.
    const body = figs.map((f) =>
      (f as unknown as { [DISPLAY](): Record<string, unknown> })
        [DISPLAY]()["text/html"]
    ).join("\n");
    const dir = await Deno.makeTempDir({ prefix: "actlab-browser-" });
    const file = `${dir}/bundles.html`;
    await Deno.writeTextFile(
      file,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${body}</body></html>`,
    );
    try {
      await t.step(
        "JavaScript on: Plotly draws 4 charts over the SVGs",
        async () => {
          const dom = await dumpDom(file, true);
          assertEquals(drawnCharts(dom), figs.length, "Plotly charts drawn");
          assertEquals(
            count(dom, /actlab-static-holder" style="display: none;"/g),
            figs.length,
          );
          assertEquals(
            count(dom, /class="slider-container"/g) >= 1,
            true,
            "slider drawn",
          );
          assertEquals(
            count(dom, /class="updatemenu-container"/g) >= 1,
            true,
            "menu drawn",
          );
        },
      );
      await t.step("JavaScript off: the static SVGs show", async () => {
        const dom = await dumpDom(file, false);
        assertEquals(count(dom, PLOTLY_DIV), 0);
        assertEquals(count(dom, STATIC_SVG), figs.length);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

const galleryFile = new URL("../lib/display/gallery.ts", import.meta.url);
const hasGallery = (() => {
  try {
    return Deno.statSync(galleryFile).isFile;
  } catch {
    return false;
  }
})();
if (available && !hasGallery) {
  console.warn("SKIPPED gallery browser test: no lib/display/gallery.ts");
}

Deno.test({
  name: "browser: out/gallery.html draws every chart",
  ignore: !available || !hasGallery,
  async fn(t) {
    const { gallery } = await import(galleryFile.href) as {
      gallery: () => string;
    };
    const html = gallery();
    const dir = await Deno.makeTempDir({ prefix: "actlab-gallery-" });
    const file = `${dir}/gallery.html`;
    await Deno.writeTextFile(file, html);
    const figures = count(html, FIGURE_DIV);
    assert(figures >= 5, `gallery has ${figures} charts`);
    try {
      await t.step(
        `JavaScript on: Plotly draws all ${figures} charts`,
        async () => {
          const dom = await dumpDom(file, true);
          assertEquals(drawnCharts(dom), figures);
        },
      );
      await t.step("JavaScript off: the static SVGs show", async () => {
        const dom = await dumpDom(file, false);
        assertEquals(count(dom, PLOTLY_DIV), 0);
        assertEquals(count(dom, STATIC_SVG), figures);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
