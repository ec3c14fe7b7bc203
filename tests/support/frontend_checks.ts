/**
 * What the real-client tests look for in a notebook: which outputs are
 * charts and formula cards, which output types each cell has, and the
 * notebooks under test (the committed ones, or those in the folder named by
 * `ACTLAB_FRONTEND_NOTEBOOKS`, to try the tests on converted copies).
 *
 * @module
 */
import { type Cell, listNotebooks, type Output } from "../tools/notebooks.ts";

/** The Plotly mimetype every chart bundle carries. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The notebooks under test (absolute paths, sorted). */
export async function notebooksUnderTest(): Promise<string[]> {
  const dir = Deno.env.get("ACTLAB_FRONTEND_NOTEBOOKS");
  if (dir === undefined || dir === "") return await listNotebooks();
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name);
  }
  return names.sort().map((n) => `${dir.replace(/\/$/, "")}/${n}`);
}

/** The text of an output's `text/html`, or "". */
export function htmlOf(o: Output): string {
  const h = o.data?.["text/html"];
  return h === undefined ? "" : [h as string | string[]].flat().join("");
}

/**
 * How many charts an output holds: its `actlab-figure` elements (one
 * output may hold several, e.g. a grid built from `toHTMLFragment`), or 1
 * for a Plotly bundle without HTML.
 */
export function chartsIn(o: Output): number {
  const n = htmlOf(o).match(/class="actlab-figure"/g)?.length ?? 0;
  return n > 0 ? n : o.data?.[PLOTLY_MIME] !== undefined ? 1 : 0;
}

/** Does this output hold a chart? */
export function isChart(o: Output): boolean {
  return chartsIn(o) > 0;
}

/** Is this output a formula card (or a softmax derivation card)? */
export function isCard(o: Output): boolean {
  return !isChart(o) && /class="[^"]*\bactlab-card\b/.test(htmlOf(o));
}

/**
 * A cell's kinds of output as a sorted list without repeats, e.g.
 * `["display_data", "stream:stdout"]`: what "the outputs it produces when
 * run alone" are compared by (stream chunking and order differ between
 * clients; where an output lands does not).
 *
 * @param cell A code cell.
 * @returns The kinds.
 */
export function outputKinds(cell: Cell | { outputs?: Output[] }): string[] {
  const kinds = new Set<string>();
  for (const o of cell.outputs ?? []) {
    kinds.add(
      o.output_type === "stream" ? `stream:${o.name}` : o.output_type,
    );
  }
  return [...kinds].sort();
}

/** How many charts (see {@linkcode chartsIn}) and cards the outputs hold. */
export function countDisplays(
  cells: readonly { outputs?: Output[] }[],
): { charts: number; cards: number } {
  let charts = 0;
  let cards = 0;
  for (const c of cells) {
    for (const o of c.outputs ?? []) {
      if (isChart(o)) charts += chartsIn(o);
      else if (isCard(o)) cards++;
    }
  }
  return { charts, cards };
}
