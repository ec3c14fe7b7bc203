/**
 * Execute the notebooks with the real Deno Jupyter kernel.
 *
 * `deno task notebooks` (this script with `--write`) re-executes every
 * `notebooks/*.ipynb` in a fresh kernel through nbclient
 * (`execute_notebook.py`, which also keeps output the Deno kernel sends
 * after a cell went idle) and saves it with its outputs, normalised so that a re-run with
 * no change gives no diff: execution timestamps and the kernel's version
 * string are dropped, and the JSON is written in nbformat's own layout.
 * Without `--write` it executes into a temporary folder and only reports.
 * Pass notebook paths to run only those.
 *
 * @module
 */

/** The repository root. */
export const ROOT: URL = new URL("../../", import.meta.url);
/** The notebooks folder. */
export const NOTEBOOKS: URL = new URL("notebooks/", ROOT);

/** A cell of an nbformat 4 notebook (the fields we read). */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id?: string;
  metadata: Record<string, unknown> & { tags?: string[] };
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}

/** An output of a code cell (the fields we read). */
export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error";
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/**
 * Debian's Python, which has nbclient (python3-nbclient); a pyenv or venv
 * `python3` earlier on PATH may not.
 */
const PYTHON = Deno.env.get("ACTLAB_PYTHON") ?? "/usr/bin/python3";
/** Our nbclient-based executor (see its docstring for why not nbconvert). */
const EXECUTOR = new URL("execute_notebook.py", import.meta.url).pathname;

/** An nbformat 4 notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/**
 * The notebooks, sorted by name.
 *
 * @returns Their file paths.
 */
export async function listNotebooks(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(NOTEBOOKS)) {
    if (e.isFile && e.name.endsWith(".ipynb")) names.push(e.name);
  }
  return names.sort().map((n) => new URL(n, NOTEBOOKS).pathname);
}

/**
 * Execute one notebook in a fresh Deno kernel.
 *
 * @param path The notebook.
 * @param outDir Where nbconvert writes the executed copy.
 * @param timeout Per-cell timeout in seconds.
 * @returns The executed notebook (parsed), its path, and the wall time.
 */
export async function executeNotebook(
  path: string,
  outDir: string,
  timeout = 300,
): Promise<{ notebook: Notebook; path: string; seconds: number; log: string }> {
  const name = path.split("/").pop()!;
  const outPath = `${outDir}/${name}`;
  const started = performance.now();
  const { code, stdout, stderr } = await new Deno.Command(PYTHON, {
    args: [EXECUTOR, path, outPath, String(timeout)],
    cwd: new URL(".", `file://${path}`).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const log = new TextDecoder().decode(stdout) +
    new TextDecoder().decode(stderr);
  if (code !== 0) {
    throw new Error(
      `executing ${name} failed (exit ${code}):\n${log.slice(-4000)}`,
    );
  }
  const notebook = JSON.parse(await Deno.readTextFile(outPath)) as Notebook;
  return { notebook, path: outPath, seconds, log };
}

/**
 * Drop what changes from run to run without a change in the notebook:
 * execution timestamps, the kernel's version string.
 *
 * @param nb A notebook.
 * @returns The same notebook, normalised (mutated and returned).
 */
export function normalise(nb: Notebook): Notebook {
  for (const cell of nb.cells) {
    delete cell.metadata.execution;
    if (cell.metadata.collapsed === false) delete cell.metadata.collapsed;
  }
  const info = nb.metadata.language_info as Record<string, unknown> | undefined;
  if (info) delete info.version;
  return nb;
}

/**
 * nbformat's own JSON layout: one-space indent, keys sorted, a final
 * newline (what Jupyter writes), so saved notebooks diff cleanly.
 *
 * @param nb A notebook.
 * @returns Its text.
 */
export function serialise(nb: Notebook): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v).sort().map((
          k,
        ) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/**
 * The error outputs of a notebook, as readable strings.
 *
 * @param nb An executed notebook.
 * @returns One entry per error output or stderr stream.
 */
export function errorsOf(nb: Notebook): string[] {
  const errors: string[] = [];
  nb.cells.forEach((cell, i) => {
    for (const o of cell.outputs ?? []) {
      if (o.output_type === "error") {
        errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      }
      if (o.output_type === "stream" && o.name === "stderr") {
        errors.push(`cell ${i} wrote to stderr: ${[o.text].flat().join("")}`);
      }
    }
  });
  return errors;
}

if (import.meta.main) {
  const write = Deno.args.includes("--write");
  const chosen = Deno.args.filter((a) => !a.startsWith("--"));
  const paths = chosen.length
    ? chosen.map((p) => new URL(p, `file://${Deno.cwd()}/`).pathname)
    : await listNotebooks();
  const tmp = await Deno.makeTempDir({ prefix: "actlab-nb-" });
  let failed = 0;
  for (const path of paths) {
    const name = path.split("/").pop();
    try {
      const { notebook, seconds } = await executeNotebook(path, tmp);
      normalise(notebook);
      const errors = errorsOf(notebook);
      const text = serialise(notebook);
      if (write) await Deno.writeTextFile(path, text);
      const kb = (new TextEncoder().encode(text).length / 1024).toFixed(0);
      console.log(
        `${errors.length ? "FAIL" : "ok  "} ${name}: ${
          seconds.toFixed(1)
        } s, ${kb} KiB${write ? " (saved)" : ""}`,
      );
      for (const e of errors) console.log(`     ${e.slice(0, 400)}`);
      if (errors.length) failed++;
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e instanceof Error ? e.message : e}`);
    }
  }
  await Deno.remove(tmp, { recursive: true });
  if (failed) Deno.exit(1);
}
