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
import { resetElementIds } from "../lib/display/_text.ts";
import {
  compare,
  explore,
  jacobianHeatmap,
  plot,
} from "../lib/display/plot.ts";
import { resetCarriers } from "../lib/display/_plotly_loader.ts";
import { gallery } from "../lib/display/gallery.ts";
import { formula } from "../lib/display/formula.ts";
import { softmaxDerivation } from "../lib/display/softmax_derivation.ts";
import { chromiumAvailable, requireTool } from "./support/harness.ts";
import { count, drawnCharts, dumpDom, FIGURE_DIV } from "./support/chromium.ts";

const DISPLAY = Symbol.for("Jupyter.display");

/** Our static picture: an `<img>` with an SVG data URL. */
const STATIC_IMG =
  /<img class="actlab-static" src="data:image\/svg\+xml;base64,[^"]+" alt="[^"]+"/g;

/**
 * With page scripts blocked, no Plotly chart exists and each of the
 * `figures` charts shows its static picture, visible, instead.
 */
async function assertStaticFallback(file: string, figures: number) {
  const dom = await dumpDom(file, false);
  assertEquals(
    count(dom, /<div class="[^"]*\bjs-plotly-plot\b/g),
    0,
    "no Plotly chart without JavaScript",
  );
  assertEquals(count(dom, STATIC_IMG), figures, "static pictures shown");
  assertEquals(count(dom, /<img class="actlab-static"[^>]*display: none/g), 0);
}
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
    resetCarriers();
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
            count(dom, /<img class="actlab-static"[^>]*display: none/g),
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
        await assertStaticFallback(file, figs.length);
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
        await assertStaticFallback(file, figures);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "browser: formula pictures decode at a legible size and a 5×5 derivation fits its card (no scrollbar)",
  ignore: !available,
  async fn() {
    const cards = [
      formula(sigmoid).toHTML(),
      softmaxDerivation([1, 2, 0.5, -1]).toHTML(),
      softmaxDerivation([1, 2, 0.5, -1, 3]).toHTML(),
    ].join("\n");
    // Measured in the page, written into the DOM for dumpDom to read.
    const probe = `<script>addEventListener("load",function(){` +
      `var over=0;document.querySelectorAll(".actlab-derivation div").forEach(function(d){` +
      `if(getComputedStyle(d).overflowX==="auto"&&d.scrollWidth>d.clientWidth+1)over++;});` +
      // every formula is an <img> of SVG: decoded, and no smaller than text
      `var imgs=[].slice.call(document.querySelectorAll(".actlab-card img"));` +
      `var bad=imgs.filter(function(i){return !(i.naturalWidth>0);}).length;` +
      `var minH=Math.min.apply(null,imgs.map(function(i){return i.getBoundingClientRect().height/parseFloat(getComputedStyle(i).fontSize);}));` +
      `var p=document.createElement("pre");p.id="probe";p.textContent="overflow="+over+" imgs="+imgs.length+" bad="+bad+" minh="+minH.toFixed(2);` +
      `document.body.appendChild(p);});</script>`;
    const dir = await Deno.makeTempDir({ prefix: "actlab-cards-" });
    const file = `${dir}/cards.html`;
    await Deno.writeTextFile(
      file,
      `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="width:900px">${cards}${probe}</body></html>`,
    );
    try {
      const dom = await dumpDom(file, true);
      const m = dom.match(/overflow=(\d+) imgs=(\d+) bad=(\d+) minh=([\d.]+)/);
      assert(m, "probe ran");
      assertEquals(Number(m[1]), 0, "formula boxes with a scrollbar");
      assert(Number(m[2]) >= 20, `formula pictures found: ${m[2]}`);
      assertEquals(Number(m[3]), 0, "formula pictures that did not decode");
      // pictures are sized in em of the text around them: the smallest (a
      // lone lowercase letter) is still about the x-height, 0.43 em in TeX
      assert(Number(m[4]) >= 0.4, `a formula picture ${m[4]} em tall`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
