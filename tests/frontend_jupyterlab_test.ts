/// <reference lib="dom" />
/**
 * JupyterLab 4's own rendering code (RenderMimeRegistry, OutputArea and
 * the apputils Sanitizer, bundled by tests/support/jupyterlab_bundle.ts)
 * renders every committed notebook's outputs in headless Chromium:
 *
 * - untrusted (sanitized, no scripts): every chart and formula card shows
 *   a loaded picture;
 * - trusted: every chart is drawn by plotly.js, and none is wider than its
 *   output area in a 700 px and a 1300 px wide page.
 *
 * Each notebook is rendered in a fresh browser profile, so plotly.js must
 * come from the notebook's own outputs (not from a copy cached earlier).
 *
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import type { Browser, Page } from "playwright-core";
import { chromiumAvailable, requireTool } from "./support/harness.ts";
import { launchChromium, serveDir } from "./support/browser.ts";
import { jupyterLabPage, npmAvailable } from "./support/jupyterlab_bundle.ts";
import {
  countDisplays,
  notebooksUnderTest,
  PLOTLY_MIME,
} from "./support/frontend_checks.ts";
import type { Notebook } from "./tools/notebooks.ts";

const chromium = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);
const npm = requireTool(
  "npm and node (to bundle JupyterLab's renderers)",
  await npmAvailable(),
  "apt-get install npm",
);
const SHOTS = Deno.env.get("ACTLAB_SCREENSHOTS");

// deno-lint-ignore no-explicit-any
type Any = any;

interface Seen {
  chart: boolean;
  /** Charts in this output (one, or a grid of several). */
  figures: number;
  card: boolean;
  images: number[];
  drawn: number;
  areaWidth: number;
  chartWidth: number;
}

function seen(page: Page): Promise<Seen[]> {
  return page.evaluate((plotly) => {
    const out: Seen[] = [];
    for (const area of document.querySelectorAll(".jp-OutputArea-output")) {
      const el = area as HTMLElement;
      const chart = el.querySelector(".actlab-figure") !== null ||
        el.getAttribute("data-mime-type") === plotly;
      const card = el.querySelector(".actlab-card") !== null;
      if (!chart && !card) continue;
      out.push({
        chart,
        figures: Math.max(el.querySelectorAll(".actlab-figure").length, 1),
        card: card && !chart,
        images: [...el.querySelectorAll("img")].map((im) =>
          (im as HTMLImageElement).complete
            ? (im as HTMLImageElement).naturalWidth
            : 0
        ),
        drawn: [...el.querySelectorAll(".actlab-figure")].filter((f) =>
          f.querySelector(".js-plotly-plot .main-svg") !== null
        ).length,
        areaWidth: el.getBoundingClientRect().width,
        chartWidth: Math.max(
          0,
          ...[...el.querySelectorAll(".actlab-figure, .main-svg, img")].map(
            (e) =>
              (e as HTMLElement).getBoundingClientRect().width,
          ),
        ),
      });
    }
    return out;
  }, PLOTLY_MIME);
}

Deno.test({
  name: "JupyterLab 4 renderers: pictures untrusted, charts drawn trusted",
  ignore: chromium.ignore || npm.ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const dir = await jupyterLabPage();
    const server = serveDir(dir);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      for (const path of await notebooksUnderTest()) {
        const name = path.split("/").pop()!;
        const nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
        const cells = nb.cells.filter((c) => c.cell_type === "code").map((
          c,
        ) => c.outputs ?? []);
        const expected = countDisplays(cells.map((outputs) => ({ outputs })));
        for (const trusted of [false, true]) {
          for (const width of trusted ? [700, 1300] : [1300]) {
            await t.step(
              `${name}: ${trusted ? "trusted" : "untrusted"}, ${width} px`,
              async () => {
                const ctx = await browser!.newContext({
                  viewport: { width, height: 900 },
                });
                try {
                  const page = await ctx.newPage();
                  const errors: string[] = [];
                  page.on("pageerror", (e) => errors.push(e.message));
                  await page.goto(`${server.origin}/index.html`);
                  await page.evaluate(
                    ([c, tr]) => (window as Any).actlabRender(c, tr),
                    [cells, trusted] as const,
                  );
                  if (trusted) {
                    await page.waitForFunction(
                      (n) =>
                        document.querySelectorAll(".js-plotly-plot .main-svg")
                          .length >= n,
                      expected.charts,
                      { timeout: 30_000, polling: 250 },
                    ).catch(() => {/* the assertions say which */});
                  }
                  await page.waitForTimeout(500);
                  const outs = await seen(page);
                  if (SHOTS) {
                    await Deno.mkdir(SHOTS, { recursive: true });
                    await page.screenshot({
                      path: `${SHOTS}/lab-${name.replace(/\.ipynb$/, "")}-${
                        trusted ? "trusted" : "untrusted"
                      }-${width}.png`,
                      fullPage: true,
                    });
                  }
                  assertEquals(
                    {
                      charts: outs.filter((o) => o.chart).reduce(
                        (n, o) => n + o.figures,
                        0,
                      ),
                      cards: outs.filter((o) => o.card).length,
                    },
                    expected,
                    "charts and cards rendered",
                  );
                  outs.forEach((o, i) => {
                    const what = `${o.chart ? "chart" : "card"} ${i}`;
                    if (!trusted || o.card) {
                      assertGreater(o.images.length, 0, `${what}: no picture`);
                      assert(
                        o.images.every((w) => w > 0),
                        `${what}: a picture did not load`,
                      );
                    }
                    if (o.chart) {
                      assertEquals(
                        o.drawn,
                        trusted ? o.figures : 0,
                        `${what}: drawn ${o.drawn} times`,
                      );
                      assert(
                        o.chartWidth <= o.areaWidth + 1,
                        `${what}: ${o.chartWidth}px wide in a ${o.areaWidth}px output area`,
                      );
                    }
                  });
                  assertEquals(errors, [], "page errors");
                } finally {
                  await ctx.close();
                }
              },
            );
          }
        }
      }
    } finally {
      await browser?.close();
      await server.close();
    }
  },
});
