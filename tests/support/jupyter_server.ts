/**
 * The classic Jupyter Notebook 6.4 (Debian's `jupyter-notebook`) on a
 * loopback port, serving a temporary copy of the notebooks, for the
 * real-client tests. Stopped by its PID.
 *
 * The copy sits in a temporary project directory whose `mod.ts`, `lib/`,
 * `deno.json` and `deno.lock` are symlinks to the repository, so the
 * notebooks' `import … from "../mod.ts"` runs the working tree's library,
 * and saving in the browser never touches the committed files. Trust
 * signatures live in memory (`NotebookNotary.db_file=:memory:`): every
 * notebook opens untrusted, exactly as a downloaded one does, and one
 * saved in this session opens trusted.
 *
 * @module
 */
import { freePort } from "./browser.ts";
import { commandWorks } from "./harness.ts";

/** A running classic Notebook server. */
export interface NotebookServer {
  /** E.g. `http://127.0.0.1:40123`. */
  readonly origin: string;
  /** The temporary notebooks directory it serves. */
  readonly dir: string;
  /** Its log so far (stdout and stderr). */
  log(): string;
  /** Stop it (SIGTERM to its PID, then SIGKILL) and remove the copy. */
  stop(): Promise<void>;
}

/** Is the classic Notebook installed? */
export function classicNotebookAvailable(): Promise<boolean> {
  return commandWorks("jupyter-notebook", ["--version"]);
}

/**
 * Copy `notebooks` (paths of .ipynb files) into a temporary project and
 * start the classic Notebook on it.
 *
 * @param root The repository root (absolute path, ends without a slash).
 * @param notebooks The notebooks to copy.
 * @returns The server, once it answers.
 */
export async function startClassicNotebook(
  root: string,
  notebooks: readonly string[],
): Promise<NotebookServer> {
  const project = await Deno.makeTempDir({ prefix: "actlab-classic-" });
  for (const name of ["mod.ts", "lib", "deno.json", "deno.lock"]) {
    await Deno.symlink(`${root}/${name}`, `${project}/${name}`);
  }
  const dir = `${project}/notebooks`;
  await Deno.mkdir(dir);
  for (const nb of notebooks) {
    await Deno.copyFile(nb, `${dir}/${nb.split("/").pop()}`);
  }
  const port = freePort();
  const child = new Deno.Command("jupyter-notebook", {
    args: [
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      // CI runs as root; the server refuses to start as root without it
      "--allow-root",
      "--NotebookApp.token=",
      "--NotebookApp.password=",
      `--notebook-dir=${dir}`,
      "--NotebookNotary.db_file=:memory:",
      "--MappingKernelManager.cull_idle_timeout=0",
    ],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { JUPYTER_CONFIG_DIR: `${project}/.jupyter-config` },
  }).spawn();
  let text = "";
  const decoder = new TextDecoder();
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) text += decoder.decode(chunk);
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  child.status.then(() => exited = true);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const r = await fetch(`${origin}/api/status`);
      await r.body?.cancel();
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (exited || Date.now() > deadline) {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
      throw new Error(`the classic Notebook did not start:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    origin,
    dir,
    log: () => text,
    async stop() {
      try {
        // shuts its kernels down too
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      const timer = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 10_000);
      await child.status;
      clearTimeout(timer);
      await pumps.catch(() => {});
      await Deno.remove(project, { recursive: true });
    },
  };
}
