/// <reference lib="dom" />
/**
 * The classic Jupyter Notebook 6.4 (Debian's `jupyter-notebook`) with the
 * Deno kernel, driven in headless Chromium through `playwright-core`, as a
 * learner meets the notebooks (issue 9). For every notebook:
 *
 * 1. opened as saved (untrusted, so sanitized and without scripts): every
 *    chart and every formula card shows a picture (a loaded `<img>`);
 * 2. Kernel → Restart & Run All: no error output, every chart drawn live by
 *    plotly.js, and every cell's kinds of output are the ones it has when
 *    run alone (the committed notebook, executed cell by cell);
 * 3. the first chart cell run again, the notebook saved and reopened in a
 *    fresh browser profile (no cached plotly.js): trusted, and every chart
 *    interactive;
 * 4. in 760 px and 1400 px windows no chart is wider than its output area.
 *
 * One server and one browser serve all notebooks. Set ACTLAB_SCREENSHOTS to
 * a folder to keep screenshots of each stage; ACTLAB_FRONTEND_NOTEBOOKS to
 * test the notebooks of another folder.
 *
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  chromiumAvailable,
  jupyterAvailable,
  requireTool,
} from "./support/harness.ts";
import { launchChromium } from "./support/browser.ts";
import {
  classicNotebookAvailable,
  type NotebookServer,
  startClassicNotebook,
} from "./support/jupyter_server.ts";
import {
  countDisplays,
  notebooksUnderTest,
  outputKinds,
} from "./support/frontend_checks.ts";
import type { Notebook, Output } from "./tools/notebooks.ts";

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const chromium = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);
const classic = requireTool(
  "the classic Jupyter Notebook (jupyter-notebook) with the Deno kernel",
  (await classicNotebookAvailable()) && (await jupyterAvailable()),
  "apt-get install jupyter-notebook && deno jupyter --install",
);
const SHOTS = Deno.env.get("ACTLAB_SCREENSHOTS");

// deno-lint-ignore no-explicit-any
type Any = any;

/** One output as the page sees it. */
interface SeenOutput {
  output: Output;
  chart: boolean;
  /** How many charts the output holds (one, or a grid of several). */
  figures: number;
  card: boolean;
  /** `<img>` elements in its output area: natural widths (0: not loaded). */
  images: number[];
  /** Plotly charts drawn in it. */
  drawn: number;
  /** Widths: the output area's, and the widest chart element's. */
  areaWidth: number;
  chartWidth: number;
  /** Lines saying plotly.js is missing. */
  missing: number;
}

/** The code cells: their prompt numbers and what each output shows. */
function seen(page: Page): Promise<{ n: unknown; outs: SeenOutput[] }[]> {
  return page.evaluate(() => {
    const nb = (window as Any).Jupyter.notebook;
    return nb.get_cells().filter((c: Any) => c.cell_type === "code").map(
      (c: Any) => {
        const areas = [
          ...c.output_area.element[0].querySelectorAll(".output_subarea"),
        ] as HTMLElement[];
        return {
          n: c.input_prompt_number,
          outs: c.output_area.outputs.map((o: Any, i: number) => {
            const area = areas[i];
            const data = o.data ?? {};
            const html = [data["text/html"] ?? ""].flat().join("");
            const widest = area
              ? Math.max(
                0,
                ...[
                  ...area.querySelectorAll(
                    ".actlab-figure, .js-plotly-plot, .main-svg, img",
                  ),
                ].map((e) => (e as HTMLElement).getBoundingClientRect().width),
              )
              : 0;
            return {
              output: o,
              chart: data["application/vnd.plotly.v1+json"] !== undefined ||
                html.includes('class="actlab-figure"'),
              figures: Math.max(
                html.match(/class="actlab-figure"/g)?.length ?? 0,
                data["application/vnd.plotly.v1+json"] !== undefined ? 1 : 0,
              ),
              card: /class="[^"]*\bactlab-card\b/.test(html),
              images: area
                ? [...area.querySelectorAll("img")].map((im) =>
                  (im as HTMLImageElement).complete
                    ? (im as HTMLImageElement).naturalWidth
                    : 0
                )
                : [],
              // charts drawn: figures whose Plotly graph has its main SVG
              drawn: area
                ? [...area.querySelectorAll(".actlab-figure")].filter((f) =>
                  f.querySelector(".js-plotly-plot .main-svg") !== null
                ).length
                : 0,
              areaWidth: area ? area.getBoundingClientRect().width : 0,
              chartWidth: widest,
              missing: area
                ? area.querySelectorAll(".actlab-plotly-missing").length
                : 0,
            };
          }),
        };
      },
    );
  });
}

async function openNotebook(
  ctx: BrowserContext,
  server: NotebookServer,
  name: string,
  width: number,
): Promise<Page> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(`${server.origin}/notebooks/${encodeURIComponent(name)}`);
  await page.waitForFunction(
    () => (window as Any).Jupyter?.notebook?._fully_loaded === true,
    null,
    { timeout: 60_000 },
  );
  // let images decode and scripts (if trusted) run
  await page.waitForTimeout(500);
  return page;
}

/** Wait until every code cell ran, the kernel is idle, outputs settled. */
async function waitRun(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const nb = (window as Any).Jupyter.notebook;
      return !nb.kernel_busy &&
        nb.get_cells().every((c: Any) =>
          c.cell_type !== "code" || typeof c.input_prompt_number === "number"
        );
    },
    null,
    { timeout: timeoutMs, polling: 250 },
  );
  // late messages (the kernel may publish after idle): wait for 1.5 s of
  // no change in the outputs
  let last = "";
  for (let quiet = 0; quiet < 1500; quiet += 250) {
    const now = await page.evaluate(() =>
      JSON.stringify(
        (window as Any).Jupyter.notebook.get_cells().map((c: Any) =>
          c.output_area?.outputs?.length ?? 0
        ),
      ) + String((window as Any).Jupyter.notebook.kernel_busy)
    );
    if (now !== last) quiet = -250;
    last = now;
    await page.waitForTimeout(250);
  }
}

async function waitCharts(page: Page, charts: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll(".output_subarea .js-plotly-plot .main-svg")
        .length >= n,
    charts,
    { timeout: 30_000, polling: 250 },
  ).catch(() => {/* the assertions below say which */});
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  await Deno.mkdir(SHOTS, { recursive: true });
  // the classic Notebook scrolls inside #site: let it grow for the shot
  await page.evaluate(() => {
    const site = document.getElementById("site");
    if (site) site.style.cssText += ";height:auto;overflow:visible";
    document.body.style.cssText += ";height:auto;overflow:visible";
  });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  await page.evaluate(() => {
    const site = document.getElementById("site");
    if (site) site.style.height = "";
    document.body.style.height = "";
  });
}

function describe(i: number, o: SeenOutput): string {
  return `cell ${i} ${o.chart ? "chart" : "card"} (${o.output.output_type})`;
}

/** Every chart's and card's output shows a loaded picture. */
function assertPictures(
  cells: { outs: SeenOutput[] }[],
  expected: { charts: number; cards: number },
): void {
  let charts = 0;
  let cards = 0;
  cells.forEach((c, i) => {
    for (const o of c.outs) {
      if (!o.chart && !o.card) continue;
      if (o.chart) charts += o.figures;
      else cards++;
      assertGreater(o.images.length, 0, `${describe(i, o)}: no <img>`);
      assert(
        o.images.every((w) => w > 0),
        `${describe(i, o)}: a picture did not load (${o.images})`,
      );
    }
  });
  assertEquals({ charts, cards }, expected, "charts and cards on the page");
}

async function stopKernels(server: NotebookServer): Promise<void> {
  const r = await fetch(`${server.origin}/api/sessions`);
  const sessions = await r.json() as { id: string }[];
  for (const s of sessions) {
    await (await fetch(`${server.origin}/api/sessions/${s.id}`, {
      method: "DELETE",
    })).body?.cancel();
  }
}

Deno.test({
  name:
    "classic Notebook 6.4: untrusted pictures, Restart & Run All, re-run and save, widths",
  ignore: chromium.ignore || classic.ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const paths = await notebooksUnderTest();
    assertGreater(paths.length, 0);
    const server = await startClassicNotebook(ROOT, paths);
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      for (const path of paths) {
        const name = path.split("/").pop()!;
        const stem = name.replace(/\.ipynb$/, "");
        const committed = JSON.parse(
          await Deno.readTextFile(path),
        ) as Notebook;
        const code = committed.cells.filter((c) => c.cell_type === "code");
        const expected = countDisplays(code);
        let ran = false;

        await t.step(
          `${name}: opened as saved (untrusted), every chart and card shows a picture`,
          async () => {
            const ctx = await browser!.newContext();
            try {
              const page = await openNotebook(ctx, server, name, 1400);
              assertEquals(
                await page.evaluate(() =>
                  (window as Any).Jupyter.notebook.trusted
                ),
                false,
                "a downloaded notebook opens untrusted",
              );
              assertGreater(expected.charts, 0, "the notebook shows charts");
              for (const width of [1400, 760]) {
                await page.setViewportSize({ width, height: 900 });
                await page.waitForTimeout(300);
                const cells = await seen(page);
                await shot(page, `${stem}.1-untrusted-${width}`);
                assertPictures(cells, expected);
                // the static pictures fit the output area too
                cells.forEach((c, i) =>
                  c.outs.filter((o) => o.chart).forEach((o) =>
                    assert(
                      o.chartWidth <= o.areaWidth + 1,
                      `${
                        describe(i, o)
                      }: picture ${o.chartWidth}px wider than ${o.areaWidth}px at ${width}px`,
                    )
                  )
                );
              }
            } finally {
              await ctx.close();
            }
          },
        );

        const ctx = await browser.newContext();
        try {
          const page = await openNotebook(ctx, server, name, 1400);
          await t.step(
            `${name}: Restart & Run All — no error, every chart drawn, outputs under their own cells`,
            async () => {
              await page.waitForFunction(
                () =>
                  (window as Any).Jupyter.notebook.kernel?.is_connected?.() ===
                    true,
                null,
                { timeout: 60_000 },
              );
              await page.evaluate(() =>
                (window as Any).Jupyter.notebook.restart_run_all({
                  confirm: false,
                })
              );
              // the restart clears prompts first
              await page.waitForTimeout(1000);
              await waitRun(page);
              ran = true;
              await waitCharts(page, expected.charts);
              const cells = await seen(page);
              await shot(page, `${stem}.2-run-all-1400`);
              const errors = cells.flatMap((c, i) =>
                c.outs.filter((o) =>
                  o.output.output_type === "error" ||
                  (o.output.output_type === "stream" &&
                    o.output.name === "stderr")
                ).map((o) =>
                  `cell ${i}: ${o.output.ename ?? "stderr"}: ${
                    o.output.evalue ?? [o.output.text].flat().join("")
                  }`
                )
              );
              assertEquals(errors, []);
              const kinds = cells.map((c) =>
                outputKinds({ outputs: c.outs.map((o) => o.output) })
              );
              assertEquals(
                kinds,
                code.map((c) => outputKinds(c)),
                "each cell's kinds of output, Run All vs run alone",
              );
              let charts = 0;
              cells.forEach((c, i) =>
                c.outs.filter((o) => o.chart).forEach((o) => {
                  charts += o.figures;
                  assertEquals(
                    o.drawn,
                    o.figures,
                    `${describe(i, o)}: not drawn live`,
                  );
                  assertEquals(o.missing, 0);
                })
              );
              assertEquals(charts, expected.charts);
              if (SHOTS) {
                await page.setViewportSize({ width: 760, height: 900 });
                await page.waitForTimeout(800);
                await shot(page, `${stem}.2-run-all-760`);
                await page.setViewportSize({ width: 1400, height: 900 });
              }
            },
          );

          await t.step(
            `${name}: first chart cell run again, saved, reopened in a fresh browser: trusted, every chart interactive`,
            async () => {
              assert(ran, "needs the Run All step to have run");
              const first = await page.evaluate(() => {
                const nb = (window as Any).Jupyter.notebook;
                const cells = nb.get_cells();
                const i = cells.findIndex((c: Any) =>
                  c.cell_type === "code" &&
                  c.output_area.outputs.some((o: Any) =>
                    o.data?.["application/vnd.plotly.v1+json"] !== undefined
                  )
                );
                cells[i].execute();
                return i;
              });
              assert(first >= 0);
              await page.waitForTimeout(500);
              await waitRun(page);
              await page.evaluate(() =>
                (window as Any).Jupyter.notebook.save_notebook()
              );
              await page.waitForFunction(
                () => (window as Any).Jupyter.notebook.dirty === false,
                null,
                { timeout: 30_000 },
              );
              await stopKernels(server);
              // a fresh profile: no plotly.js cached from earlier pages
              const fresh = await browser!.newContext();
              try {
                const again = await openNotebook(fresh, server, name, 1400);
                assertEquals(
                  await again.evaluate(() =>
                    (window as Any).Jupyter.notebook.trusted
                  ),
                  true,
                  "saved after Run All, it opens trusted",
                );
                await waitCharts(again, expected.charts);
                for (const width of [1400, 760]) {
                  await again.setViewportSize({ width, height: 900 });
                  await again.waitForTimeout(800); // responsive relayout
                  const cells = await seen(again);
                  await shot(again, `${stem}.3-trusted-${width}`);
                  let charts = 0;
                  cells.forEach((c, i) =>
                    c.outs.filter((o) => o.chart).forEach((o) => {
                      charts += o.figures;
                      assertEquals(
                        o.drawn,
                        o.figures,
                        `${describe(i, o)}: not interactive at ${width}px`,
                      );
                      assert(
                        o.chartWidth <= o.areaWidth + 1,
                        `${
                          describe(i, o)
                        }: ${o.chartWidth}px wide in a ${o.areaWidth}px output area (${width}px window)`,
                      );
                    })
                  );
                  assertEquals(charts, expected.charts);
                }
              } finally {
                await fresh.close();
                await stopKernels(server);
              }
            },
          );
        } finally {
          await ctx.close();
          await stopKernels(server);
        }
      }
    } finally {
      await browser?.close();
      await server.stop();
    }
  },
});
