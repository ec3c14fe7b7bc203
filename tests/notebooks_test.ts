/**
 * The notebooks, executed by the real Deno Jupyter kernel in a fresh
 * process each: no error output, every chart cell produced a Plotly bundle,
 * and the committed copies carry their outputs. The Chromium half (the
 * nbconvert HTML export draws every chart) is in notebooks_browser_test.ts.
 *
 * @module
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import { jupyterAvailable, requireTool } from "./support/harness.ts";
import {
  type Cell,
  errorsOf,
  executeNotebook,
  listNotebooks,
  type Notebook,
} from "./tools/notebooks.ts";

const PLOTLY = "application/vnd.plotly.v1+json";
const gate = requireTool(
  "Jupyter (jupyter-nbconvert with the Deno kernel)",
  await jupyterAvailable(),
  "apt-get install jupyter-nbconvert python3-nbclient python3-ipykernel && deno jupyter --install",
);
const paths = await listNotebooks();

function chartCells(nb: Notebook): Array<[number, Cell]> {
  return nb.cells
    .map((c, i) => [i, c] as [number, Cell])
    .filter(([, c]) =>
      c.cell_type === "code" && (c.metadata.tags ?? []).includes("chart")
    );
}

function sourceOf(c: Cell): string {
  return [c.source].flat().join("");
}

Deno.test("notebooks/ holds the ten teaching notebooks", () => {
  const names = paths.map((p) => p.split("/").pop());
  assertEquals(names, [
    "01_tour.ipynb",
    "02_step_and_sign.ipynb",
    "03_sigmoid_and_tanh.ipynb",
    "04_relu_family.ipynb",
    "05_learning_prelu_alpha.ipynb",
    "06_elu_and_selu.ipynb",
    "07_softmax.ipynb",
    "08_smooth_activations.ipynb",
    "09_training_an_mlp.ipynb",
    "10_appendix_library.ipynb",
  ]);
});

for (const path of paths) {
  const name = path.split("/").pop()!;

  Deno.test(`${name}: committed with its outputs, for the Deno kernel`, async () => {
    const nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
    const spec = nb.metadata.kernelspec as { name?: string } | undefined;
    assertEquals(spec?.name, "deno");
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assertGreater(code.length, 0);
    // executed top to bottom in one fresh kernel: counts 1, 2, 3, ...
    assertEquals(code.map((c) => c.execution_count), code.map((_, i) => i + 1));
    assertEquals(errorsOf(nb), []);
    const charts = chartCells(nb);
    assertGreater(
      charts.length,
      0,
      "a teaching notebook shows at least one chart",
    );
    for (const [i, c] of charts) {
      assert(
        (c.outputs ?? []).some((o) => o.data?.[PLOTLY] !== undefined),
        `cell ${i} is tagged "chart" but its committed outputs hold no Plotly bundle`,
      );
    }
    assert(
      nb.cells.some((c) =>
        c.cell_type === "markdown" && sourceOf(c).includes("$$")
      ),
      "the notebook shows its formulas in LaTeX",
    );
    // volatile metadata is normalised away (tests/tools/notebooks.ts)
    assert(nb.cells.every((c) => c.metadata.execution === undefined));
  });

  Deno.test({
    name: `${name}: runs top to bottom in a fresh Deno kernel`,
    ...gate,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const dir = await Deno.makeTempDir({ prefix: "actlab-nbtest-" });
      try {
        const { notebook } = await executeNotebook(path, dir);
        assertEquals(errorsOf(notebook), []);
        for (const [i, c] of chartCells(notebook)) {
          const bundles = (c.outputs ?? []).filter((o) =>
            o.data?.[PLOTLY] !== undefined
          );
          assert(
            bundles.length > 0,
            `chart cell ${i} produced no Plotly bundle`,
          );
          for (const b of bundles) {
            const fig = b.data![PLOTLY] as { data?: unknown[] };
            assert(
              Array.isArray(fig.data) && fig.data.length > 0,
              `cell ${i}: empty figure`,
            );
            const html = [b.data!["text/html"] ?? ""].flat().join("");
            assert(
              html.includes(
                '<img class="actlab-static" src="data:image/svg+xml',
              ),
              `cell ${i}: the HTML has no static picture`,
            );
          }
        }
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    },
  });
}
