/**
 * Measures the worst errors of the WebAssembly kernels (lib/_wasm/), for
 * the README: float64 in ulps against mpmath (tests/fixtures/reference.json)
 * and against the JavaScript scalar kernels on a dense grid with the edge
 * cases; float32 in float32 ulps against mpmath (at the reference points
 * that are float32 values) and against the JavaScript path (the double
 * result rounded once). tests/wasm_test.ts asserts the bounds (4 ulps,
 * 1 float32 ulp); this prints what is reached.
 *
 * Usage: `deno run -A bench/wasm_accuracy.ts`
 *
 * @module
 */
import { activations } from "../lib/activations/mod.ts";
import { wasmLoops } from "../lib/_wasm/kernels.ts";
import { parseRepr, ulp32, ulpDistance } from "../tests/support/ulp.ts";

const reference: {
  functions: Record<string, { x: string[]; f: string[]; df: string[] }>;
} = JSON.parse(
  await Deno.readTextFile(
    new URL("../tests/fixtures/reference.json", import.meta.url),
  ),
);

// a dense grid on [−40, 40], every binade of both signs, the edges
const grid: number[] = [];
for (let i = -400000; i <= 400000; i++) grid.push(i / 10000);
for (let e = -1074; e <= 1023; e++) grid.push(1.37 * 2 ** e, -1.37 * 2 ** e);
grid.push(0, -0, Infinity, -Infinity, NaN, 708, -708, 709.78, -745.1, 800);
const g64 = Float64Array.from(grid);
const g32 = Float32Array.from(grid);

function run<T extends Float64Array | Float32Array>(
  loop: (x: T, out: T) => boolean,
  x: T,
): T {
  const out = new (x.constructor as new (n: number) => T)(x.length);
  if (!loop(x, out)) throw new Error("WebAssembly unavailable");
  return out;
}

console.log(
  "| function | f64 vs mpmath | f64 vs JS (grid) | f32 vs mpmath | f32 vs JS (grid) |",
);
console.log("|---|---|---|---|---|");
for (const act of activations) {
  const loops = wasmLoops(act.id, act.params, 0);
  if (loops === undefined) continue;
  const ref = reference.functions[act.id]!;
  const xs = Float64Array.from(ref.x.map(parseRepr));
  const idx32 = ref.x.map((_, i) => i).filter((i) =>
    Math.fround(xs[i]!) === xs[i] || xs[i] !== xs[i]
  );
  const xs32 = Float32Array.from(idx32, (i) => xs[i]!);
  for (const k of [0, 1] as const) {
    const loop = loops[k] as (
      x: Float64Array | Float32Array,
      o: typeof x,
    ) => boolean;
    const fn = (k === 0 ? act : act.derivative) as (x: number) => number;
    const want = (k === 0 ? ref.f : ref.df).map(parseRepr);
    const a = run(loop, xs);
    let m1 = 0;
    for (let i = 0; i < xs.length; i++) {
      m1 = Math.max(m1, ulpDistance(a[i]!, want[i]!));
    }
    const b = run(loop, g64);
    let m2 = 0;
    for (let i = 0; i < g64.length; i++) {
      m2 = Math.max(m2, ulpDistance(b[i]!, fn(g64[i]!)));
    }
    const c = run(loop, xs32);
    let m3 = 0;
    for (let j = 0; j < idx32.length; j++) {
      m3 = Math.max(m3, ulp32(c[j]!, Math.fround(want[idx32[j]!]!)));
    }
    const d = run(loop, g32);
    let m4 = 0;
    for (let i = 0; i < g32.length; i++) {
      m4 = Math.max(m4, ulp32(d[i]!, Math.fround(fn(g32[i]!))));
    }
    console.log(
      `| ${act.id}${k ? "′" : ""} | ${m1} | ${m2} | ${m3} | ${m4} |`,
    );
  }
}
