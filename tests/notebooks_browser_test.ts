/**
 * The nbconvert HTML export of every committed notebook, opened in headless
 * Chromium: with JavaScript on, Plotly draws every chart output (one
 * `.main-svg` graph per `actlab-figure`); with JavaScript off, the static
 * SVG pictures show instead; the markdown LaTeX is typeset by MathJax from
 * Debian's libjs-mathjax (nbconvert's default, a file URL: no network).
 * Needs Jupyter (for the export), Chromium and MathJax; skips with a notice
 * without them, fails under `CI`.
 *
 * @module
 */
import { assertEquals, assertGreater } from "@std/assert";
import {
  chromiumAvailable,
  commandWorks,
  requireTool,
} from "./support/harness.ts";
import {
  assertStaticFallback,
  count,
  drawnCharts,
  dumpDom,
  FIGURE_DIV,
} from "./support/chromium.ts";
import { listNotebooks } from "./tools/notebooks.ts";

const chromium = requireTool(
  "Chromium",
  await chromiumAvailable(),
  "apt-get install chromium, or set CHROMIUM_PATH",
);
// nbconvert's HTML loads MathJax from Debian's libjs-mathjax (a file URL),
// so the exported notebooks typeset their LaTeX offline.
const MATHJAX = "/usr/share/javascript/mathjax/MathJax.js";
const mathjax = requireTool(
  "MathJax (libjs-mathjax)",
  await Deno.stat(MATHJAX).then(() => true, () => false),
  "apt-get install libjs-mathjax",
);
const nbconvert = requireTool(
  "jupyter-nbconvert",
  await commandWorks("jupyter-nbconvert", ["--version"]),
  "apt-get install jupyter-nbconvert",
);

for (const path of await listNotebooks()) {
  const name = path.split("/").pop()!;
  Deno.test({
    name: `${name}: the HTML export draws every chart in Chromium`,
    ignore: chromium.ignore || nbconvert.ignore,
    async fn(t) {
      const dir = await Deno.makeTempDir({ prefix: "actlab-nbhtml-" });
      try {
        const { code, stderr } = await new Deno.Command("jupyter-nbconvert", {
          args: ["--to", "html", "--output-dir", dir, path],
          stdout: "null",
          stderr: "piped",
        }).output();
        assertEquals(code, 0, new TextDecoder().decode(stderr));
        const file = `${dir}/${name.replace(/\.ipynb$/, ".html")}`;
        const html = await Deno.readTextFile(file);
        const figures = count(html, FIGURE_DIV);
        assertGreater(figures, 0, "the export holds chart outputs");
        await t.step(
          `JavaScript on: Plotly draws all ${figures} charts`,
          async () => {
            const dom = await dumpDom(file, true, 30000);
            assertEquals(drawnCharts(dom), figures);
            if (!mathjax.ignore) {
              assertGreater(
                count(dom, /class="mjx-chtml/g),
                0,
                "MathJax typeset the LaTeX",
              );
              assertEquals(
                count(dom, /class="mjx-merror/g),
                0,
                "a formula failed to typeset",
              );
            }
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
}
