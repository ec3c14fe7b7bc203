/**
 * The committed notebooks as files: none above 4 MiB, and none that
 * depends on one output for plotly.js — every notebook with two or more
 * charts holds a compressed copy of plotly.js in at least two different
 * chart outputs, and every chart output carries the loader that finds it.
 *
 * @module
 */
import { assert, assertGreaterOrEqual } from "@std/assert";
import { CARRIER_TYPE } from "../lib/display/_plotly_loader.ts";
import {
  htmlOf,
  isChart,
  notebooksUnderTest,
} from "./support/frontend_checks.ts";
import type { Notebook } from "./tools/notebooks.ts";

const BUDGET = 4 * 1024 * 1024;

for (const path of await notebooksUnderTest()) {
  const name = path.split("/").pop()!;
  Deno.test(`${name}: under 4 MiB, plotly.js in two outputs, a loader in every chart`, async () => {
    const bytes = (await Deno.stat(path)).size;
    assert(
      bytes <= BUDGET,
      `${(bytes / 1024 / 1024).toFixed(2)} MiB is above the 4 MiB budget`,
    );
    const nb = JSON.parse(await Deno.readTextFile(path)) as Notebook;
    const charts = nb.cells.flatMap((c) => c.outputs ?? []).filter(isChart);
    const carriers = charts.filter((o) =>
      htmlOf(o).includes(`<script type="${CARRIER_TYPE}"`)
    ).length;
    assertGreaterOrEqual(
      carriers,
      Math.min(2, charts.length),
      `${carriers} of ${charts.length} charts carry plotly.js (outputs older than the carrier design? re-execute with \`deno task notebooks\`)`,
    );
    for (const o of charts) {
      assert(
        htmlOf(o).includes("__actlabPlotly"),
        "a chart output without the plotly.js loader",
      );
    }
  });
}
