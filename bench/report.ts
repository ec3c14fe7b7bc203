/**
 * Turns ONE `deno bench --json` run into the Markdown tables of ratios for
 * the README, marks each target of the performance issue as met or missed,
 * prints them and writes them to bench/RESULTS.md.
 *
 * Usage:
 *   deno task bench:report                 # runs `deno bench --json bench/`
 *   deno task bench:report --input run.json  # reads a saved run instead
 *   … --save run.json                       # also keeps the raw JSON
 *   … --stat avg                            # min (default), avg or p75
 *
 * Every ratio compares two benches of the same group, measured next to each
 * other in the same process; the default statistic is the fastest of the
 * iterations, the least disturbed by other processes on a shared machine.
 *
 * @module
 */
import { arg, benchJson } from "./_shared.ts";

interface Stats {
  n: number;
  min: number;
  max: number;
  avg: number;
  p75: number;
  p99: number;
}
interface BenchRecord {
  origin: string;
  group: string | null;
  name: string;
  baseline: boolean;
  results: { ok?: Stats; failed?: unknown }[];
}
interface BenchRun {
  runtime: string;
  cpu: string;
  benches: BenchRecord[];
}

const stat = (arg("stat") ?? "min") as "min" | "avg" | "p75";
const here = new URL(".", import.meta.url);
const run = JSON.parse(await benchJson("bench:report", "bench/")) as BenchRun;

/** Time of `name` in `group` (ns), or undefined. */
const times = new Map<string, number>();
for (const b of run.benches) {
  const ok = b.results[0]?.ok;
  if (ok === undefined || b.group === null) continue;
  const short = b.name.includes(" | ")
    ? b.name.slice(b.name.indexOf(" | ") + 3)
    : b.name;
  times.set(`${b.group}::${short}`, ok[stat]);
}
function t(group: string, name: string): number | undefined {
  return times.get(`${group}::${name}`);
}
function ratio(
  a: number | undefined,
  b: number | undefined,
): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}
function fmt(r: number | undefined, digits = 2): string {
  if (r === undefined) return "—";
  if (r >= 100) return `${Math.round(r).toLocaleString("en-US")}×`;
  return `${r.toFixed(digits)}×`;
}

interface Verdict {
  text: string;
  met: boolean;
}
const verdicts: { target: string; v: Verdict }[] = [];
function check(
  target: string,
  value: number | undefined,
  ok: (r: number) => boolean,
  show: string,
): string {
  if (value === undefined) return "";
  const v = { met: ok(value), text: show };
  verdicts.push({ target, v });
  return v.met ? `✅ ${show}` : `❌ ${show}`;
}

const PIECEWISE = new Set(["step", "sign", "relu", "leakyRelu", "prelu"]);
const EXP_BASED = new Set(["sigmoid", "elu", "selu", "softplus", "silu"]);
const ids: string[] = [];
for (const b of run.benches) {
  const g = b.group ?? "";
  const m = /^(\w+) (f|f') (f64|f32)$/.exec(g);
  if (m && !ids.includes(m[1]!)) ids.push(m[1]!);
}

function boundFor(id: string, which: string): string {
  if (id === "softplus" && which === "f") return "bound: exp+log1p";
  if (id === "tanh") return "bound: tanh";
  if (id === "mish") return "bound: exp+log1p";
  return "bound: exp";
}
function boundLabel(b: string): string {
  return b.replace("bound: ", "");
}

const lines: string[] = [];
const p = (s = "") => lines.push(s);
p("# Benchmark results");
p();
p(
  `One run of \`deno task bench\` (${run.runtime}, ${run.cpu}); ratios of the ${stat} time per iteration of benches in the same group, so they compare like with like in one process. Arrays of 1,000,000 elements, uniform on [−10, 10]; our results go into preallocated \`out\` buffers. Reproduce with \`deno task bench:report\` (it runs the benches and rewrites this file).`,
);
p();
p("## Elementwise activations");
p();
p(
  "- **ours / copy**: against `out.set(x)` (memcpy, the memory bound); in brackets against a JavaScript copy loop (`out[i] = x[i]`).",
);
p(
  "- **ours / bound**: against a loop that calls the same transcendental once per element (`Math.exp`; `Math.exp` + `Math.log1p` for softplus and mish; `Math.tanh` for tanh).",
);
p("- **tfjs / ours**: TensorFlow.js 4 CPU backend on the same Float32Array, f by its op, f' by `tf.grad`.");
p(
  "- **tfjs-wasm / ours**: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD, one thread) against our WebAssembly kernels, both measured in the same group of bench/wasm_bench.ts (see bench/WASM_RESULTS.md, `deno task bench:wasm`).",
);
p();
p("| activation | | f64 ours/copy | f64 ours/bound | f32 ours/copy | f32 ours/bound | tfjs/ours (f32) | tfjs-wasm/ours (f32) | target: bound | target: tfjs ≥ 2× |");
p("|---|---|---|---|---|---|---|---|---|---|");
for (const id of ids) {
  for (const which of ["f", "f'"]) {
    const g64 = `${id} ${which} f64`;
    const g32 = `${id} ${which} f32`;
    const bound = boundFor(id, which);
    const o64 = t(g64, "ours");
    const o32 = t(g32, "ours");
    const c64 = ratio(o64, t(g64, "copy: out.set"));
    const l64 = ratio(o64, t(g64, "copy: loop"));
    const c32 = ratio(o32, t(g32, "copy: out.set"));
    const l32 = ratio(o32, t(g32, "copy: loop"));
    const b64 = ratio(o64, t(g64, bound));
    const b32 = ratio(o32, t(g32, bound));
    const peer = ratio(t(g32, "tfjs cpu"), o32);
    const peerWasm = ratio(
      t(`wasm ${g32}`, "tfjs wasm"),
      t(`wasm ${g32}`, "wasm"),
    );
    const name = `${id}${which === "f'" ? "'" : ""}`;
    let target = "";
    if (PIECEWISE.has(id)) {
      const worst = Math.max(c64 ?? 0, c32 ?? 0);
      target = check(
        `${name}: ≤ 1.5× copy`,
        worst,
        (r) => r <= 1.5,
        `≤ 1.5× copy: ${fmt(worst)} (JS loop ${
          fmt(Math.max(l64 ?? 0, l32 ?? 0))
        })`,
      );
    } else if (EXP_BASED.has(id)) {
      const worst = Math.max(b64 ?? 0, b32 ?? 0);
      target = check(
        `${name}: ≤ 1.3× ${boundLabel(bound)}`,
        worst,
        (r) => r <= 1.3,
        `≤ 1.3× ${boundLabel(bound)}: ${fmt(worst)}`,
      );
    } else if (id === "tanh") {
      const worst = Math.max(b64 ?? 0, b32 ?? 0);
      target = check(
        `${name}: < Math.tanh loop`,
        worst,
        (r) => r < 1,
        `< tanh loop: ${fmt(worst)}`,
      );
    } else {
      target = `(no bound target; vs ${boundLabel(bound)})`;
    }
    const peerCell = check(
      `${name}: ≥ 2× tfjs`,
      peer,
      (r) => r >= 2,
      fmt(peer),
    );
    p(
      `| ${name} | ${which === "f" ? "f" : "f′"} | ${fmt(c64)} (${
        fmt(l64)
      }) | ${fmt(b64)} ${boundLabel(bound)} | ${fmt(c32)} (${fmt(l32)}) | ${
        fmt(b32)
      } | ${fmt(peer)} | ${fmt(peerWasm)} | ${target} | ${peerCell} |`,
    );
  }
}
p();

// Softmax.
p("## softmax and logSoftmax");
p();
p("tfjs / ours on the same Float32Array (f32), and our f64 time against our f32 time.");
p();
p("| operation | n | tfjs/ours (f32) | ours f64/f32 | target |");
p("|---|---|---|---|---|");
for (const op of ["softmax", "logSoftmax", "softmax.vjp", "logSoftmax.vjp"]) {
  for (const n of ["10", "1000", "100000", "batch 1000x1000"]) {
    const g = n.startsWith("batch") ? `${op} ${n}` : `${op} n=${n}`;
    const o32 = t(g, "ours f32");
    if (o32 === undefined) continue;
    const peer = ratio(
      t(g, op.endsWith(".vjp") ? "tfjs cpu (tf.grad)" : "tfjs cpu"),
      o32,
    );
    let target = "";
    const label = `${op} ${n}`;
    if (op === "softmax" && n === "1000") {
      target = check(
        `${label}: ≥ 5× tfjs`,
        peer,
        (r) => r >= 5,
        `≥ 5× tfjs: ${fmt(peer)}`,
      );
    } else {
      target = check(
        `${label}: ≥ 2× tfjs`,
        peer,
        (r) => r >= 2,
        `≥ 2× tfjs: ${fmt(peer)}`,
      );
    }
    p(`| ${op} | ${
      n.replace("batch ", "").replace("x", " × ").replace(/^(\d+)$/, (s) =>
        Number(s).toLocaleString("en-US"))
    } | ${fmt(peer)} | ${fmt(ratio(t(g, "ours f64"), o32))} | ${target} |`);
  }
}
p();
p("| softmax.vjp against jacobian then Jᵀg | n | jacobian·g / vjp | target |");
p("|---|---|---|---|");
for (const n of ["1000", "10000"]) {
  const g = `vjp vs jacobian n=${n}`;
  const r = ratio(t(g, "softmax.jacobian, then Jᵀg"), t(g, "softmax.vjp"));
  const target = n === "10000"
    ? check(
      `vjp n=10000: ≥ 1000× jacobian`,
      r,
      (x) => x >= 1000,
      `≥ 1,000×: ${fmt(r)}`,
    )
    : "";
  p(`| | ${Number(n).toLocaleString("en-US")} | ${fmt(r)} | ${target} |`);
}
p();

const imp = t("import", "deno run: import mod.ts");
const empty = t("import", "deno run empty.ts");
if (imp !== undefined && empty !== undefined) {
  p("## Import");
  p();
  p(
    `\`import "./mod.ts"\` in a plain \`deno run\` script: ${
      (imp / 1e6).toFixed(1)
    } ms per process against ${
      (empty / 1e6).toFixed(1)
    } ms for an empty script (+${((imp - empty) / 1e6).toFixed(1)} ms, ${
      fmt(imp / empty)
    }). The bench asserts, outside the timing, that the import succeeds with \`--allow-read\` confined to the repository, so it never reads the plotly.js bundle.`,
  );
  p();
}

const missed = verdicts.filter((v) => !v.v.met);
p("## Targets");
p();
p(`${verdicts.length - missed.length} of ${verdicts.length} checks met.`);
if (missed.length > 0) {
  p();
  p("Missed:");
  p();
  for (const m of missed) p(`- ${m.target} — ${m.v.text}`);
}
p();

const md = lines.join("\n");
console.log(md);
await Deno.writeTextFile(new URL("RESULTS.md", here), md);
console.error("bench:report: wrote bench/RESULTS.md");
