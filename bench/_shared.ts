/**
 * What the benchmark files share: the registration of a bench with its
 * iteration counts, and the report scripts' command line (`--input`,
 * `--save`, other `--name value` options) and `deno bench --json` run.
 *
 * @module
 */

/** Iterations of one bench file: ours, and the slower TF.js calls. */
export interface Iterations {
  /** Timed iterations of our functions (after `warmup` untimed ones). */
  readonly iter: number;
  /** Untimed iterations first. */
  readonly warmup: number;
  /** Timed iterations of TF.js (slower: fewer). */
  readonly tfIter: number;
  /** Untimed TF.js iterations. */
  readonly tfWarmup: number;
}

/**
 * A `register(group, name, fn, options)` that adds a `Deno.bench` named
 * `group | name` in `group`, with the file's iteration counts.
 *
 * @param it The iteration counts.
 * @returns The registration function.
 */
export function benchRegistrar(it: Iterations): (
  group: string,
  name: string,
  fn: (b: Deno.BenchContext) => void | Promise<void>,
  options?: { baseline?: boolean; tf?: boolean },
) => void {
  return (group, name, fn, options = {}) =>
    Deno.bench({
      name: `${group} | ${name}`,
      group,
      baseline: options.baseline ?? false,
      n: options.tf ? it.tfIter : it.iter,
      warmup: options.tf ? it.tfWarmup : it.warmup,
      fn,
    });
}

/**
 * The value of `--name value` on the command line, if given.
 *
 * @param name The option, without the dashes.
 * @returns Its value.
 */
export function arg(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

/**
 * The JSON of a `deno bench --json` run: read from `--input FILE`, or run
 * `deno bench -A --no-check --json TARGET` from the repository root; saved
 * to `--save FILE` when asked.
 *
 * @param task The task's name, for messages.
 * @param target What to bench, relative to the repository root.
 * @returns The JSON text (from its first `{`).
 */
export async function benchJson(task: string, target: string): Promise<string> {
  let json: string;
  const input = arg("input");
  if (input !== undefined) {
    json = await Deno.readTextFile(input);
  } else {
    console.error(
      `${task}: running \`deno bench -A --no-check --json ${target}\` …`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bench", "-A", "--no-check", "--json", target],
      cwd: new URL("../", import.meta.url),
      stdout: "piped",
      stderr: "inherit",
    }).output();
    json = new TextDecoder().decode(out.stdout);
    if (!out.success) console.error(`${task}: deno bench exited with an error`);
  }
  const save = arg("save");
  if (save !== undefined) await Deno.writeTextFile(save, json);
  return json.slice(json.indexOf("{"));
}
