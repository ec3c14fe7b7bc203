/**
 * `deno task test` (and `deno task check` with `--check-only`): everything
 * CI checks, in order, stopping at the first failure.
 *
 * 1. format check, 2. lint, 3. type check (library, tests, benchmarks,
 * tools), 4. doc lint, 5. the public surface (`mod.ts` and the subpaths
 * export exactly the documented names: tests/tools/check_mod_exports.ts),
 * 6. `deno publish --dry-run` (no slow types), 7. unit, property and doc tests, notebook execution through the real
 * Deno Jupyter kernel, and the headless-Chromium render checks.
 *
 * The first line says which `@std/assert` the run uses (JSR or the offline
 * stand-in). The last line is `tests: N passed, N failed`.
 *
 * @module
 */
import { assertSource } from "./assert_source.ts";

const checkOnly = Deno.args.includes("--check-only");
const deno = Deno.execPath();
const src = await assertSource();
console.log(src.message);

async function run(
  title: string,
  args: string[],
  capture = false,
): Promise<string> {
  console.log(`\n== ${title}: deno ${args.join(" ")}`);
  const child = new Deno.Command(deno, {
    args,
    stdout: capture ? "piped" : "inherit",
    stderr: "inherit",
  }).spawn();
  let text = "";
  if (capture) {
    const decoder = new TextDecoder();
    for await (const chunk of child.stdout) {
      const s = decoder.decode(chunk, { stream: true });
      text += s;
      await Deno.stdout.write(chunk);
    }
  }
  const { code } = await child.status;
  if (code !== 0) {
    console.log(`\n${title} failed (exit ${code})`);
    const m = summary(text);
    if (m) {
      console.log(`tests: ${m.passed} passed, ${Math.max(m.failed, 1)} failed`);
    }
    Deno.exit(code);
  }
  return text;
}

function summary(text: string): { passed: number; failed: number } | undefined {
  // deno test ends with e.g. "ok | 120 passed (45 steps) | 0 failed | 2 ignored (3s)"
  // deno-lint-ignore no-control-regex
  const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
  const m = plain.match(/\| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

await run("format", ["fmt", "--check"]);
await run("lint", ["lint"]);
await run("type check", [
  "check",
  ...src.flags,
  "mod.ts",
  "lib/",
  "tests/",
  "bench/",
]);
await run("doc lint", [
  "doc",
  "--lint",
  "mod.ts",
  "lib/special.ts",
  "lib/gradcheck.ts",
  "lib/prelu_layer.ts",
  "lib/wasm.ts",
]);
await run("public surface", [
  "run",
  "--allow-read",
  ...src.flags,
  "tests/tools/check_mod_exports.ts",
]);
await run("publish dry run", ["publish", "--dry-run", "--allow-dirty"]);
if (checkOnly) {
  console.log("\ncheck: all clean");
  Deno.exit(0);
}
const out = await run(
  "tests",
  ["test", "-A", "--doc", ...src.flags, "mod.ts", "lib/", "tests/"],
  true,
);
const m = summary(out);
console.log(`\n${src.message}`);
console.log(
  m
    ? `tests: ${m.passed} passed, ${m.failed} failed`
    : "tests: no summary line found",
);
if (!m || m.passed === 0) Deno.exit(1);
