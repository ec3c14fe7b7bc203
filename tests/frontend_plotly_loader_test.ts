/// <reference lib="dom" />
/**
 * lib/display/_plotly_loader.ts in headless Chromium: every chart finds
 * plotly.js by itself — in `window.Plotly`, in a carrier anywhere on the
 * page (before or after it), or in the browser's IndexedDB copy left by any
 * carrier it unpacked on this origin — and a chart that cannot find it
 * keeps its picture and shows one line saying what to do. Also: a tampered
 * carrier is not run, RequireJS cannot capture plotly.js, and the kernel
 * side hands out carriers as designed.
 *
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import type { Browser, Page } from "playwright-core";
import { chromiumAvailable, requireTool } from "./support/harness.ts";
import { launchChromium, serveDir } from "./support/browser.ts";
import {
  CARRIER_WINDOW,
  CARRIERS_PER_WINDOW,
  chartDrawScript,
  claimCarrier,
  MISSING_MESSAGE,
  plotlyCarrier,
  plotlyDeliveryCost,
  plotlyLoaderScript,
  resetCarriers,
} from "../lib/display/_plotly_loader.ts";
import { scriptJson } from "../lib/display/_text.ts";

const gate = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);

/** One chart as the kernel would emit it: picture, loader, draw script. */
function chart(n: number, carrier: boolean): string {
  const fig = scriptJson({
    data: [{ type: "scatter", x: [0, 1, 2], y: [n, n + 1, n * 2] }],
    layout: { title: { text: `chart ${n}` }, height: 240 },
    config: { responsive: true },
  });
  const id = `fig-${n}`;
  return `<div class="actlab-figure" id="${id}"><div class="actlab-static-holder">` +
    `<img alt="chart ${n}" src="data:image/svg+xml;base64,${
      btoa('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>')
    }"></div></div>` +
    (carrier ? plotlyCarrier() : "") + plotlyLoaderScript() +
    chartDrawScript(id, fig);
}

function pageOf(body: string, head = ""): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

interface ChartState {
  drawn: number;
  pictures: number;
  notes: string[];
}

async function state(page: Page): Promise<ChartState> {
  return await page.evaluate(() => ({
    drawn: document.querySelectorAll(".actlab-figure .js-plotly-plot .main-svg")
        .length > 0
      ? [...document.querySelectorAll(".actlab-figure")].filter((f) =>
        f.querySelector(".js-plotly-plot .main-svg")
      ).length
      : 0,
    pictures: [...document.querySelectorAll(".actlab-static-holder")].filter(
      (h) => (h as HTMLElement).style.display !== "none",
    ).length,
    notes: [...document.querySelectorAll(".actlab-plotly-missing")].map((n) =>
      n.textContent ?? ""
    ),
  }));
}

async function waitDrawn(page: Page, n: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll(".actlab-figure")].filter((f) =>
        f.querySelector(".js-plotly-plot .main-svg")
      ).length === n,
    n,
    { timeout: 20000 },
  );
}

Deno.test("claimCarrier(): two copies every sixteen charts, and again on a re-run", async (t) => {
  assertEquals([CARRIERS_PER_WINDOW, CARRIER_WINDOW], [2, 16]);
  await t.step("a notebook run top to bottom", () => {
    resetCarriers();
    const keys = Array.from({ length: 33 }, (_, i) => `chart${i}`);
    const carried = keys.filter((k) => claimCarrier(k));
    // the first two, then two more once the window has moved past them
    assertEquals(carried, [
      "chart0",
      "chart1",
      "chart16",
      "chart17",
      "chart32",
    ]);
  });
  await t.step(
    "re-running a chart that carried a copy carries it again",
    () => {
      resetCarriers();
      for (const k of ["a", "b", "c", "d"]) claimCarrier(k);
      assertEquals(claimCarrier("a"), true);
      assertEquals(claimCarrier("b"), true);
      assertEquals(claimCarrier("c"), false);
    },
  );
  await t.step(
    "scratch charts earlier in the session take the copies for one window at most",
    () => {
      resetCarriers();
      for (const k of ["s1", "s2", "s3"]) claimCarrier(k); // scratch cells
      const notebook = Array.from({ length: 16 }, (_, i) => `n${i}`);
      const carried = notebook.filter((k) => claimCarrier(k));
      assertEquals(carried.length >= 2, true, `carried: ${carried}`);
    },
  );
  resetCarriers();
});

Deno.test("plotly.js delivery: measured cost", () => {
  const cost = plotlyDeliveryCost();
  console.log(
    `  plotly.js ${(cost.source / 1e3).toFixed(0)} kB; one carrier ${
      (cost.carrier / 1e3).toFixed(0)
    } kB; loader per chart ${(cost.loader / 1e3).toFixed(1)} kB`,
  );
  // two carriers per notebook stay under the old single raw copy
  assert(CARRIERS_PER_WINDOW * cost.carrier < cost.source);
  assert(cost.loader < 4000);
  // deterministic bytes: same carrier twice
  assertEquals(plotlyCarrier(), plotlyCarrier());
});

Deno.test({
  name: "plotly.js loader in Chromium",
  ...gate,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const root = await Deno.makeTempDir({ prefix: "actlab-loader-" });
    const server = serveDir(root);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const ctx = await browser.newContext();
      const open = async (name: string, html: string) => {
        await Deno.writeTextFile(`${root}/${name}`, html);
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`${server.origin}/${name}`);
        return { page, errors };
      };

      await t.step(
        "a carrier in a later output serves earlier charts",
        async () => {
          // RequireJS-style `define` on the page, as in the classic Notebook
          const head =
            `<script>window.define=function(){};window.define.amd={};</script>`;
          const { page, errors } = await open(
            "later.html",
            pageOf(chart(1, false) + chart(2, false) + chart(3, true), head),
          );
          await waitDrawn(page, 3);
          const s = await state(page);
          assertEquals(s.pictures, 0, "pictures hidden once drawn");
          assertEquals(s.notes, []);
          assertEquals(errors, []);
          assert(
            await page.evaluate(() =>
              typeof (window as unknown as { Plotly?: unknown }).Plotly ===
                "object"
            ),
          );
          await page.close();
        },
      );

      await t.step(
        "no carrier on the page: the browser's copy serves",
        async () => {
          // the previous page (same origin) unpacked a carrier and stored it
          const { page } = await open("cached.html", pageOf(chart(4, false)));
          await waitDrawn(page, 1);
          await page.close();
        },
      );

      await t.step("no carrier, no copy: picture and one line", async () => {
        const fresh = await browser!.newContext();
        const page = await fresh.newPage();
        await Deno.writeTextFile(
          `${root}/none.html`,
          pageOf(chart(5, false) + chart(6, false)),
        );
        await page.goto(`${server.origin}/none.html`);
        await page.waitForSelector(".actlab-plotly-missing", {
          timeout: 10000,
        });
        await page.waitForTimeout(600);
        const s = await state(page);
        assertEquals(s.drawn, 0);
        assertEquals(s.pictures, 2, "both pictures still shown");
        assertEquals(s.notes, [MISSING_MESSAGE, MISSING_MESSAGE]);
        const img = await page.evaluate(() =>
          (document.querySelector(
            ".actlab-static-holder img",
          ) as HTMLImageElement).naturalWidth
        );
        assertGreater(img, 0);
        // a carrier that turns up later is found, and the line goes away
        await page.evaluate((html) => {
          const d = document.createElement("div");
          d.innerHTML = html;
          document.body.appendChild(d);
        }, plotlyCarrier());
        await waitDrawn(page, 2);
        assertEquals((await state(page)).notes, []);
        await fresh.close();
      });

      await t.step("a tampered carrier is not run", async () => {
        const fresh = await browser!.newContext();
        const page = await fresh.newPage();
        // a valid gzip of other JavaScript, under the carrier's type
        const evil = new Blob([
          "window.PWNED=1;window.Plotly={newPlot:function(){}};",
        ]).stream().pipeThrough(new CompressionStream("gzip"));
        const bytes = new Uint8Array(await new Response(evil).arrayBuffer());
        const b64 = btoa(String.fromCharCode(...bytes));
        const fake = plotlyCarrier().replace(/>[^<]+</, `>${b64}<`);
        await Deno.writeTextFile(
          `${root}/evil.html`,
          pageOf(fake + chart(7, false)),
        );
        await page.goto(`${server.origin}/evil.html`);
        await page.waitForSelector(".actlab-plotly-missing", {
          timeout: 10000,
        });
        assertEquals(
          await page.evaluate(() =>
            (window as unknown as { PWNED?: number }).PWNED
          ),
          undefined,
        );
        await fresh.close();
      });
    } finally {
      await browser?.close();
      await server.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
