/// <reference lib="dom" />
/**
 * Stock `jupyter nbconvert --to notebook --execute` (nbclient, as used by
 * papermill, Jupyter Book and Quarto) on every notebook, several times:
 * nbclient stops listening to a cell when the kernel reports idle, and
 * Deno's kernel may publish a cell's `execute_result` after that, so a
 * notebook that relies on execute results loses outputs at random. With
 * every chart and card sent by `await show(…)` (a display message sent
 * while the cell runs), each run has every chart and card, no error, and
 * its HTML export draws every chart in Chromium (and shows every picture
 * with JavaScript off).
 *
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import type { Browser } from "playwright-core";
import {
  chromiumAvailable,
  jupyterAvailable,
  requireTool,
} from "./support/harness.ts";
import { launchChromium } from "./support/browser.ts";
import {
  countDisplays,
  notebooksUnderTest,
} from "./support/frontend_checks.ts";
import { errorsOf, type Notebook } from "./tools/notebooks.ts";

const RUNS = Number(Deno.env.get("ACTLAB_NBCONVERT_RUNS") ?? "3");
const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const chromium = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);
const jupyter = requireTool(
  "Jupyter (jupyter-nbconvert with the Deno kernel)",
  await jupyterAvailable(),
  "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel && deno jupyter --install",
);

async function nbconvert(args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command("jupyter-nbconvert", {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(
    out.success,
    `jupyter nbconvert ${args.join(" ")} failed:\n${
      new TextDecoder().decode(out.stderr).slice(-3000)
    }`,
  );
}

/** Run `tasks` with at most `n` at a time. */
async function pool<T>(n: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

Deno.test({
  name:
    `stock nbconvert --execute, ${RUNS} runs of every notebook: every chart and card, and the HTML export draws`,
  ignore: chromium.ignore || jupyter.ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const paths = await notebooksUnderTest();
    // a project copy whose notebooks import the working tree's library
    const project = await Deno.makeTempDir({ prefix: "actlab-nbconvert-" });
    let browser: Browser | undefined;
    try {
      for (const name of ["mod.ts", "lib", "deno.json", "deno.lock"]) {
        await Deno.symlink(`${ROOT}/${name}`, `${project}/${name}`);
      }
      const dir = `${project}/notebooks`;
      await Deno.mkdir(dir);
      for (const p of paths) {
        await Deno.copyFile(p, `${dir}/${p.split("/").pop()}`);
      }
      // every run of every notebook, two at a time (two cores)
      const jobs = paths.flatMap((p) =>
        Array.from({ length: RUNS }, (_, run) => ({
          name: p.split("/").pop()!,
          run,
        }))
      );
      const executed = await pool(
        2,
        jobs.map(({ name, run }) => async () => {
          const out = `${project}/run${run}`;
          await nbconvert([
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=300",
            "--output-dir",
            out,
            name,
          ], dir);
          return `${out}/${name}`;
        }),
      );
      browser = await launchChromium();
      for (const p of paths) {
        const name = p.split("/").pop()!;
        const committed = JSON.parse(await Deno.readTextFile(p)) as Notebook;
        const expected = countDisplays(committed.cells);
        await t.step(
          `${name}: every run has every chart and card`,
          async () => {
            assertGreater(expected.charts, 0);
            for (let run = 0; run < RUNS; run++) {
              const nb = JSON.parse(
                await Deno.readTextFile(
                  executed[
                    jobs.findIndex((j) => j.name === name && j.run === run)
                  ]!,
                ),
              ) as Notebook;
              assertEquals(errorsOf(nb), [], `run ${run + 1}`);
              assertEquals(
                countDisplays(nb.cells),
                expected,
                `run ${run + 1}: charts and cards`,
              );
            }
          },
        );
        await t.step(
          `${name}: its HTML export draws every chart, and shows every picture without JavaScript`,
          async () => {
            const nbPath = executed[jobs.findIndex((j) => j.name === name)]!;
            const outDir = nbPath.replace(/\/[^/]+$/, "");
            await nbconvert(["--to", "html", nbPath], outDir);
            const html = nbPath.replace(/\.ipynb$/, ".html");
            for (const javaScriptEnabled of [true, false]) {
              const ctx = await browser!.newContext({ javaScriptEnabled });
              try {
                const page = await ctx.newPage();
                await page.goto(`file://${html}`);
                if (javaScriptEnabled) {
                  await page.waitForFunction(
                    (n) =>
                      document.querySelectorAll(
                        ".actlab-figure .js-plotly-plot .main-svg",
                      ).length >= n,
                    expected.charts,
                    { timeout: 30_000, polling: 250 },
                  ).catch(() => {/* counted below */});
                } else {
                  await page.waitForLoadState("load");
                }
                const got = await page.evaluate(() => {
                  const figs = [...document.querySelectorAll(".actlab-figure")];
                  return {
                    figures: figs.length,
                    drawn: figs.filter((f) =>
                      f.querySelector(".js-plotly-plot .main-svg")
                    ).length,
                    pictures: figs.filter((f) =>
                      [...f.querySelectorAll("img")].some((im) =>
                        (im as HTMLImageElement).naturalWidth > 0
                      )
                    ).length,
                  };
                });
                assertEquals(got.figures, expected.charts);
                if (javaScriptEnabled) {
                  assertEquals(
                    got.drawn,
                    expected.charts,
                    "drawn by plotly.js",
                  );
                } else {
                  assertEquals(got.pictures, expected.charts, "pictures shown");
                }
              } finally {
                await ctx.close();
              }
            }
          },
        );
      }
    } finally {
      await browser?.close();
      await Deno.remove(project, { recursive: true });
    }
  },
});
