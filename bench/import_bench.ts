/**
 * The cost of `import "./mod.ts"` in a plain script: a fresh `deno run`
 * process per iteration, importing mod.ts, against one running an empty
 * script (the cost of starting Deno at all).
 *
 * Outside the timing, the import is checked not to load the plotly.js
 * bundle: the script runs with `--allow-read` restricted to this repository
 * and `--no-prompt`, so reading the bundle from Deno's npm cache (the only
 * way the display code gets it) would throw and fail the check.
 *
 * @module
 */
const root = new URL("../", import.meta.url);
const rootPath = decodeURIComponent(root.pathname).replace(/\/$/, "");
const config = `${rootPath}/deno.json`;
const dir = await Deno.makeTempDir({ prefix: "actlab_import_bench_" });
const importScript = `${dir}/import_mod.ts`;
const emptyScript = `${dir}/empty.ts`;
await Deno.writeTextFile(
  importScript,
  `import * as lab from ${JSON.stringify(new URL("mod.ts", root).href)};\n` +
    `if (typeof lab.sigmoid !== "function") throw new Error("no sigmoid");\n`,
);
await Deno.writeTextFile(emptyScript, "\n");

function run(script: string, extra: string[] = []): Deno.CommandOutput {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--no-prompt",
      "--cached-only",
      `--config=${config}`,
      `--allow-read=${rootPath},${dir}`,
      ...extra,
      script,
    ],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
}

// The check, outside the timing: the import succeeds with reads confined to
// the repository, so it never touched the plotly.js bundle in the npm cache.
const check = run(importScript);
if (!check.success) {
  throw new Error(
    `importing mod.ts with --allow-read=${rootPath} failed (does it read the plotly.js bundle?):\n${
      new TextDecoder().decode(check.stderr)
    }`,
  );
}

Deno.bench({
  name: "import | deno run empty.ts",
  group: "import",
  baseline: true,
  n: 12,
  warmup: 2,
  fn: () => void run(emptyScript),
});
Deno.bench({
  name: "import | deno run: import mod.ts",
  group: "import",
  n: 12,
  warmup: 2,
  fn: () => {
    const r = run(importScript);
    if (!r.success) throw new Error(new TextDecoder().decode(r.stderr));
  },
});
