/**
 * Headless Chromium renders the display output: a page built from Jupyter
 * bundles (plotly.js inlined by the first chart only, as in a notebook) and
 * the gallery page. With JavaScript on, every chart is drawn by Plotly
 * (`.js-plotly-plot .main-svg`); with JavaScript off, the static SVGs show.
 *
 * Chromium is driven through its own CLI (tests/support/chromium.ts).
 * Without Chromium the test is skipped with a notice, unless `CI` is set, where it fails.
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
import { gallery } from "../lib/display/gallery.ts";
import { chromiumAvailable, requireTool } from "./support/harness.ts";
import {
  count,
  drawnCharts,
  dumpDom,
  FIGURE_DIV,
  PLOTLY_DIV,
  STATIC_SVG,
} from "./support/chromium.ts";

const DISPLAY = Symbol.for("Jupyter.display");
const { ignore } = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);
const available = !ignore;

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

Deno.test({
  name: "browser: out/gallery.html draws every chart",
  ignore: !available,
  async fn(t) {
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
