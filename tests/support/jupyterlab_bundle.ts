/**
 * JupyterLab 4's own output rendering, bundled for a test page: the
 * `RenderMimeRegistry` with the standard renderers, `OutputArea` and the
 * `Sanitizer` of `@jupyterlab/apputils` (what sanitizes untrusted HTML in
 * JupyterLab), with JupyterLab's light theme and output-area styles.
 *
 * Built on first use with npm and esbuild (pinned versions) in a temporary
 * directory, then kept in `~/.cache/actlab/` keyed by those versions, so a
 * second run reuses it. The page exposes `actlabRender(cells, trusted)`:
 * one `OutputArea` per cell, from the nbformat outputs.
 *
 * @module
 */

/** The pinned packages (JupyterLab 4.6.6 and what it ships with). */
export const JUPYTERLAB_PACKAGES: Readonly<Record<string, string>> = {
  "@jupyterlab/rendermime": "4.6.6",
  "@jupyterlab/outputarea": "4.6.6",
  "@jupyterlab/apputils": "4.7.6",
  "@jupyterlab/theme-light-extension": "4.6.4",
  "@lumino/widgets": "2.11.0",
  "esbuild": "0.28.2",
};

const ENTRY = `
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { Sanitizer } from "@jupyterlab/apputils";
import { Widget } from "@lumino/widgets";
import "@jupyterlab/theme-light-extension/style/variables.css";
import "@jupyterlab/rendermime/style/index.css";
import "@jupyterlab/outputarea/style/index.css";

window.actlabRender = function (cells, trusted) {
  const rendermime = new RenderMimeRegistry({
    initialFactories: standardRendererFactories,
    sanitizer: new Sanitizer(),
  });
  const host = document.getElementById("host");
  host.textContent = "";
  for (const outputs of cells) {
    const model = new OutputAreaModel({ values: outputs, trusted });
    const area = new OutputArea({ model, rendermime });
    area.addClass("actlab-cell");
    Widget.attach(area, host);
  }
  return cells.length;
};
`;

// esbuild resolves webpack's "~package/…" CSS imports through this plugin.
const BUILD = `
import { build } from "esbuild";
const tilde = { name: "tilde", setup(b) {
  b.onResolve({ filter: /^~/ }, (a) =>
    b.resolve(a.path.slice(1), { resolveDir: a.resolveDir, kind: a.kind }));
} };
const asData = {};
for (const ext of [".svg", ".woff", ".woff2", ".ttf", ".eot", ".png", ".gif"]) asData[ext] = "dataurl";
await build({
  entryPoints: ["entry.js"], bundle: true, outdir: "out", format: "iife",
  minify: true, plugins: [tilde], loader: asData, logLevel: "error",
  define: { "process.env.NODE_ENV": '"production"', global: "window" },
});
`;

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="entry.css">
<style>body{margin:0;background:#fff}#host{margin:16px}</style></head>
<body class="jp-ThemedContainer"><div id="host"></div><script src="entry.js"></script></body></html>
`;

async function run(cmd: string, args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    const dec = new TextDecoder();
    throw new Error(
      `${cmd} ${args.join(" ")} failed:\n${dec.decode(out.stdout)}${
        dec.decode(out.stderr)
      }`.slice(-4000),
    );
  }
}

/**
 * The folder holding the test page (`index.html`, `entry.js`,
 * `entry.css`), built if needed.
 *
 * @returns Its absolute path.
 */
export async function jupyterLabPage(): Promise<string> {
  const key = Object.entries(JUPYTERLAB_PACKAGES).map(([k, v]) => `${k}@${v}`)
    .join(",");
  const hash = Array.from(
    new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)),
    ).slice(0, 6),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  const home = Deno.env.get("HOME") ?? "/tmp";
  const cache = `${home}/.cache/actlab/jupyterlab-render-${hash}`;
  try {
    await Deno.stat(`${cache}/entry.js`);
    return cache;
  } catch { /* build it */ }
  const dir = await Deno.makeTempDir({ prefix: "actlab-jlab-" });
  try {
    await Deno.writeTextFile(
      `${dir}/package.json`,
      JSON.stringify({
        name: "actlab-jupyterlab-render",
        private: true,
        version: "0.0.0",
        type: "module",
        dependencies: JUPYTERLAB_PACKAGES,
      }),
    );
    await Deno.writeTextFile(`${dir}/entry.js`, ENTRY);
    await Deno.writeTextFile(`${dir}/build.mjs`, BUILD);
    // --ignore-scripts: esbuild finds its binary in its optional
    // platform package without its install script.
    await run("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--loglevel=error",
    ], dir);
    await run("node", ["build.mjs"], dir);
    await Deno.writeTextFile(`${dir}/out/index.html`, PAGE);
    await Deno.mkdir(`${home}/.cache/actlab`, { recursive: true });
    await Deno.remove(cache, { recursive: true }).catch(() => {});
    await Deno.rename(`${dir}/out`, cache);
    return cache;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

/** Are npm and node here (to build the page)? */
export async function npmAvailable(): Promise<boolean> {
  for (const cmd of ["npm", "node"]) {
    try {
      const { success } = await new Deno.Command(cmd, {
        args: ["--version"],
        stdout: "null",
        stderr: "null",
      }).output();
      if (!success) return false;
    } catch {
      return false;
    }
  }
  return true;
}
