/**
 * Charts follow the width of their container (issue 9): in headless
 * Chromium driven by playwright-core, at 360, 760 and 1400 px windows, no
 * live chart and no static picture is wider than its output area, with
 * scripts on and off; and a chart drawn while a flex row was still filling
 * up resizes with its container.
 */
import { assert, assertEquals } from "@std/assert";
import { chromium } from "playwright-core";
import { elu, relu, sigmoid } from "../lib/activations/mod.ts";
import { activations as registry } from "../lib/activations/mod.ts";
import {
  compare,
  explore,
  jacobianHeatmap,
  plot,
} from "../lib/display/plot.ts";
import { page } from "../lib/display/figure.ts";
import { CHROMIUM, chromiumAvailable, requireTool } from "./support/harness.ts";

const { ignore } = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);

Deno.test({
  name: "display: charts fit their output area from 360 to 1400 px",
  ignore,
  async fn(t) {
    const figs = [
      plot(relu, { range: [-4, 3] }),
      compare(registry),
      explore(elu, "alpha"),
      jacobianHeatmap([1, 2, 0.5, -1]),
      plot([sigmoid, elu]),
    ];
    // Cells as in a notebook, and a flex row of two charts.
    const cells = figs.map((f) =>
      `<div class="cell">${
        f.toHTMLFragment({ includePlotly: false, mode: "inline" })
      }</div>`
    ).join("");
    const row = `<div style="display:flex;gap:8px;flex-wrap:wrap">${
      [plot(relu), plot(sigmoid)].map((f) =>
        `<div style="flex:1 1 300px;min-width:0">${
          f.toHTMLFragment({ includePlotly: false, mode: "inline" })
        }</div>`
      ).join("")
    }</div>`;
    const dir = await Deno.makeTempDir({ prefix: "actlab-responsive-" });
    const file = `${dir}/page.html`;
    await Deno.writeTextFile(file, page("responsive", cells + row));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      for (const js of [true, false]) {
        for (const width of [360, 760, 1400]) {
          await t.step(
            `${width} px, scripts ${js ? "on" : "off"}`,
            async () => {
              const ctx = await browser.newContext({
                viewport: { width, height: 900 },
                javaScriptEnabled: js,
              });
              try {
                const p = await ctx.newPage();
                await p.goto(`file://${file}`);
                if (js) {
                  await p.waitForFunction(
                    `document.querySelectorAll(".main-svg").length >= ${
                      figs.length + 2
                    }`,
                    undefined,
                    { timeout: 30_000 },
                  );
                }
                // Evaluated in the page (a string: the test has no DOM types).
                const rows = await p.evaluate(`Array.from(
                document.querySelectorAll(".actlab-figure")).map((e) => {
                  const svg = e.querySelector(".main-svg");
                  const shown = svg ?? e.querySelector("img.actlab-static");
                  return {
                    box: e.getBoundingClientRect().width,
                    drawn: shown ? shown.getBoundingClientRect().width : -1,
                    right: shown ? shown.getBoundingClientRect().right : -1,
                    live: svg !== null,
                  };
                })`) as Array<
                  { box: number; drawn: number; right: number; live: boolean }
                >;
                assertEquals(rows.length, figs.length + 2);
                for (const [i, r] of rows.entries()) {
                  assertEquals(r.live, js, `chart ${i} live`);
                  assert(r.drawn > 0, `chart ${i} shows nothing`);
                  assert(
                    r.drawn <= r.box + 1 && r.right <= width + 1,
                    `chart ${i}: ${r.drawn} px in a ${r.box} px area, right edge ${r.right}`,
                  );
                  // And it fills its area (no fixed pixel width).
                  assert(
                    r.drawn >= r.box - 2,
                    `chart ${i}: ${r.drawn} < ${r.box}`,
                  );
                }
              } finally {
                await ctx.close();
              }
            },
          );
        }
      }
    } finally {
      await browser.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
