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
 * The JSON of `deno bench --json` runs: read from `--input FILE[,FILE…]`,
 * or `--runs N` (default 1) runs of `deno bench -A --no-check --json
 * TARGET` from the repository root, merged by {@linkcode fastestOf}; saved
 * to `--save FILE` when asked.
 *
 * @param task The task's name, for messages.
 * @param target What to bench, relative to the repository root.
 * @returns The JSON text (from its first `{`).
 */
export async function benchJson(task: string, target: string): Promise<string> {
  const input = arg("input");
  const runs = input === undefined ? Number(arg("runs") ?? 1) : 0;
  if (input === undefined && !(Number.isInteger(runs) && runs >= 1)) {
    throw new RangeError(`--runs must be an integer >= 1: got ${arg("runs")}`);
  }
  const texts: string[] = [];
  for (const file of input?.split(",") ?? []) {
    texts.push(await Deno.readTextFile(file));
  }
  for (let i = 0; i < runs; i++) {
    console.error(
      `${task}: running \`deno bench -A --no-check --json ${target}\` (${
        i + 1
      } of ${runs}) …`,
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["bench", "-A", "--no-check", "--json", target],
      cwd: new URL("../", import.meta.url),
      stdout: "piped",
      stderr: "inherit",
    }).output();
    texts.push(new TextDecoder().decode(out.stdout));
    if (!out.success) console.error(`${task}: deno bench exited with an error`);
  }
  const json = fastestOf(texts.map((t) => t.slice(t.indexOf("{"))));
  const save = arg("save");
  if (save !== undefined) await Deno.writeTextFile(save, json);
  return json;
}

/** A bench record of `deno bench --json` (the fields we read). */
interface BenchRecord {
  name: string;
  results: { ok?: { min: number } }[];
}

/**
 * Several `deno bench --json` runs as one: each bench keeps the record of
 * the run where its fastest iteration was fastest (on a shared machine the
 * least disturbed); the other fields come from the first run.
 *
 * @param runs The JSON texts.
 * @returns One JSON text.
 */
export function fastestOf(runs: readonly string[]): string {
  if (runs.length === 1) return runs[0]!;
  const parsed = runs.map((r) => JSON.parse(r) as { benches: BenchRecord[] });
  const best = new Map<string, BenchRecord>();
  for (const run of parsed) {
    for (const b of run.benches) {
      const min = b.results[0]?.ok?.min;
      const old = best.get(b.name)?.results[0]?.ok?.min;
      if (min !== undefined && (old === undefined || min < old)) {
        best.set(b.name, b);
      }
    }
  }
  const first = parsed[0]!;
  first.benches = first.benches.map((b) => best.get(b.name) ?? b);
  return JSON.stringify(first);
}
