/**
 * The WebAssembly SIMD kernels (lib/_wasm/) against the JavaScript path,
 * TensorFlow.js's CPU and WebAssembly backends, the copy bound and our own
 * SIMD exp loop, on 1,000,000 elements uniform on [−10, 10].
 *
 * One group per activation, function and element type, `wasm <id> <f|f'>
 * <f64|f32>`, holding:
 * - `wasm` — our WebAssembly kernel into a preallocated `out` (what the
 *   activation runs for typed arrays of ≥ 1024 elements);
 * - `wasm resident` — the same with `x` and `out` from `allocate`
 *   (lib/wasm.ts): arrays in wasm memory, no copies;
 * - `js` — the same activation with the WebAssembly path turned off (the
 *   JavaScript loops, the fallback);
 * - `copy: out.set` (baseline) — the memory bound;
 * - `wasm copies only` — the block copies into wasm memory and back without
 *   the kernel (the kernel's time is the difference);
 * - `bound: simd exp` — our own SIMD exp kernel through the same block copies
 *   (the transcendental bound for the exp-based functions), and
 *   `bound: simd exp resident` on the resident arrays;
 * - `tfjs cpu` and `tfjs wasm` (float32 data in both element-type groups:
 *   tfjs computes in float32) — `@tensorflow/tfjs` 4 with the CPU backend and
 *   with `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD on, threads off:
 *   Deno reports itself as Node), f by its op and f' by `tf.grad`, each read
 *   back with `dataSync()` inside `tf.tidy` so the work is done and nothing
 *   leaks. Each backend has its own copy of the input tensor, so switching
 *   backends between benches moves no data.
 *
 * The softmax / logSoftmax groups (a 1000×1000 batch, and their vjp) hold
 * `wasm`, `js`, the copy and the tfjs benches, and for the forward pass
 * `wasm resident` (input and output from `allocate`).
 *
 * `deno task bench:wasm` turns one run into bench/WASM_RESULTS.md.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { activations } from "../lib/activations/mod.ts";
import {
  kernelLoop,
  setWasmEnabled,
  wasmInstance,
  wasmLoops,
} from "../lib/_wasm/kernels.ts";
import { wasmSoftmaxRows, wasmSoftmaxVjpRows } from "../lib/_wasm/softmax.ts";
import { logSoftmax, softmax } from "../lib/softmax.ts";
import { allocate } from "../lib/wasm.ts";
import { makeData } from "./data.ts";
import { benchRegistrar } from "./_shared.ts";

/** Elements per array. */
export const N = 1_000_000;
const register = benchRegistrar({
  iter: 15,
  warmup: 5,
  tfIter: 8,
  tfWarmup: 3,
});

const x64 = makeData(N, 0x2545f491);
const x32 = Float32Array.from(x64);
const out64 = new Float64Array(N);
const out32 = new Float32Array(N);
// the same values in arrays that live in wasm memory
const x64r = allocate(Float64Array, N);
x64r.set(x64);
const x32r = allocate(Float32Array, N);
x32r.set(x32);
const out64r = allocate(Float64Array, N);
const out32r = allocate(Float32Array, N);

// ---------------------------------------------------------------------------
// TensorFlow.js: one input tensor per backend.

await tf.setBackend("wasm");
await tf.ready();
if (!tf.env().getBool("WASM_HAS_SIMD_SUPPORT")) {
  console.error("wasm_bench: tfjs-backend-wasm runs without SIMD here");
}
const xtWasm = tf.tensor1d(x32, "float32");
const alphaWasm = tf.scalar(0.25);
await tf.setBackend("cpu");
await tf.ready();
const xtCpu = tf.tensor1d(x32, "float32");
const alphaCpu = tf.scalar(0.25);

type Op = (t: tf.Tensor, alpha: tf.Tensor) => tf.Tensor;
/** f as tfjs ops, with the same parameters as our defaults. */
const tfOps: Record<string, Op> = {
  step: (t) => tf.step(t),
  sign: (t) => tf.sign(t),
  sigmoid: (t) => tf.sigmoid(t),
  tanh: (t) => tf.tanh(t),
  relu: (t) => tf.relu(t),
  leakyRelu: (t) => tf.leakyRelu(t, 0.01),
  prelu: (t, a) => tf.prelu(t, a),
  elu: (t) => tf.elu(t),
  selu: (t) => tf.selu(t),
  softplus: (t) => tf.softplus(t),
  silu: (t) => tf.mul(t, tf.sigmoid(t)), // no built-in op: as a user would
  relu6: (t) => tf.relu6(t),
  hardTanh: (t) => tf.clipByValue(t, -1, 1),
  // no built-in ops: composed as a user would
  hardSigmoid: (t) => tf.clipByValue(tf.add(tf.mul(t, 1 / 6), 0.5), 0, 1),
  hardSwish: (t) => tf.div(tf.mul(t, tf.relu6(tf.add(t, 3))), 6),
  softsign: (t) => tf.div(t, tf.add(1, tf.abs(t))),
  celu: (t) => tf.elu(t), // α = 1
  logSigmoid: (t) => tf.logSigmoid(t),
  mish: (t) => tf.mul(t, tf.tanh(tf.softplus(t))),
};

function tfBench(
  backend: "cpu" | "wasm",
  op: Op,
  derivative: boolean,
): (b: Deno.BenchContext) => Promise<void> {
  const xt = backend === "cpu" ? xtCpu : xtWasm;
  const alpha = backend === "cpu" ? alphaCpu : alphaWasm;
  const g = tf.grad((t: tf.Tensor) => op(t, alpha));
  return async (b) => {
    await tf.setBackend(backend);
    b.start();
    tf.tidy(() => {
      (derivative ? g(xt) : op(xt, alpha)).dataSync();
    });
    b.end();
  };
}

// ---------------------------------------------------------------------------
// The groups.

const expLoop = kernelLoop("exp");
const inst = wasmInstance()!;

/**
 * The block copies of the wasm path alone (into wasm memory and back, as
 * lib/_wasm/kernels.ts does them), without the kernel: "wasm" minus this
 * is the kernel's time.
 */
function copies(x: Float64Array | Float32Array, out: typeof x): void {
  const heap = x instanceof Float64Array ? inst.f64 : inst.f32;
  const block = heap.length;
  const n = x.length;
  for (let s = 0; s < n; s += block) {
    const m = Math.min(block, n - s);
    heap.set(x.subarray(s, s + m));
    out.set(m === block ? heap : heap.subarray(0, m), s);
  }
}

for (const act of activations) {
  const loops = wasmLoops(act.id, act.params);
  if (loops === undefined) continue;
  for (const which of ["f", "f'"] as const) {
    const d = which === "f'";
    const fn = d ? act.derivative : act;
    const loop = loops[d ? 1 : 0];
    for (const kind of ["f64", "f32"] as const) {
      const group = `wasm ${act.id} ${which} ${kind}`;
      const x = kind === "f64" ? x64 : x32;
      const out = kind === "f64" ? out64 : out32;
      const xr = kind === "f64" ? x64r : x32r;
      const outr = kind === "f64" ? out64r : out32r;
      register(group, "wasm", () => void loop(x, out));
      register(group, "wasm resident", () => void loop(xr, outr));
      register(group, "wasm copies only", () => copies(x, out));
      register(group, "js", () => {
        setWasmEnabled(false);
        fn(x as Float64Array, out as Float64Array);
        setWasmEnabled(true);
      });
      register(group, "copy: out.set", () => (out as Float64Array).set(x), {
        baseline: true,
      });
      register(group, "bound: simd exp", () => void expLoop(x, out));
      register(
        group,
        "bound: simd exp resident",
        () => void expLoop(xr, outr),
      );
      const op = tfOps[act.id];
      if (op !== undefined && kind === "f32") {
        register(group, "tfjs cpu", tfBench("cpu", op, d), { tf: true });
        register(group, "tfjs wasm", tfBench("wasm", op, d), { tf: true });
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Softmax over a 1000×1000 batch (a flat typed array, row length 1000): our
// wasm rows against our JavaScript path (an array of row views) and tfjs on
// a [1000, 1000] tensor; the vjp against tf.grad of Σ g ⊙ f(x).

{
  const R = 1_000;
  const C = 1_000;
  const f64 = makeData(R * C, 13);
  const f32 = Float32Array.from(f64);
  const g64 = makeData(R * C, 17);
  const g32 = Float32Array.from(g64);
  const o64 = new Float64Array(R * C);
  const o32 = new Float32Array(R * C);
  const batchR = {
    x64: allocate(Float64Array, R * C),
    x32: allocate(Float32Array, R * C),
    o64: allocate(Float64Array, R * C),
    o32: allocate(Float32Array, R * C),
  };
  batchR.x64.set(f64);
  batchR.x32.set(f32);
  const rowsOf = <T extends Float32Array | Float64Array>(a: T): T[] =>
    Array.from({ length: R }, (_, r) => a.subarray(r * C, (r + 1) * C) as T);
  const rows = { f64: rowsOf(f64), f32: rowsOf(f32) };
  const gRows = { f64: rowsOf(g64), f32: rowsOf(g32) };
  const outRows = { f64: rowsOf(o64), f32: rowsOf(o32) };
  await tf.setBackend("wasm");
  const tWasm = tf.tensor2d(f32, [R, C]);
  const gWasm = tf.tensor2d(g32, [R, C]);
  await tf.setBackend("cpu");
  const tCpu = tf.tensor2d(f32, [R, C]);
  const gCpu = tf.tensor2d(g32, [R, C]);
  const it = { n: 8, warmup: 3 };
  for (const op of ["softmax", "logSoftmax"] as const) {
    // loosely typed: the overloads do not take a union of row kinds
    // deno-lint-ignore no-explicit-any
    const js: any = op === "softmax" ? softmax : logSoftmax;
    const tfOp = op === "softmax" ? tf.softmax : tf.logSoftmax;
    for (const vjp of [false, true]) {
      for (const kind of ["f64", "f32"] as const) {
        const group = `wasm ${op}${vjp ? ".vjp" : ""} batch ${R}x${C} ${kind}`;
        const x = kind === "f64" ? f64 : f32;
        const g = kind === "f64" ? g64 : g32;
        const out = kind === "f64" ? o64 : o32;
        const bench = (name: string, fn: Deno.BenchDefinition["fn"]) =>
          Deno.bench({ name: `${group} | ${name}`, group, ...it, fn });
        bench(
          "wasm",
          vjp
            ? () => void wasmSoftmaxVjpRows(op, x, g, C, 1, out)
            : () => void wasmSoftmaxRows(op, x, C, 1, out),
        );
        if (!vjp) {
          // input and output from allocate: one copy of x into out, the
          // rows computed there
          const xr = kind === "f64" ? batchR.x64 : batchR.x32;
          const or = kind === "f64" ? batchR.o64 : batchR.o32;
          bench("wasm resident", () => void wasmSoftmaxRows(op, xr, C, 1, or));
        }
        bench(
          "js",
          vjp
            ? () => {
              for (let r = 0; r < R; r++) {
                js.vjp(rows[kind][r]!, gRows[kind][r]!, {
                  out: outRows[kind][r]!,
                });
              }
            }
            : () => void js(rows[kind] as Float64Array[], outRows[kind]),
        );
        Deno.bench({
          name: `${group} | copy: out.set`,
          group,
          baseline: true,
          ...it,
          fn: () => (out as Float64Array).set(x),
        });
        if (kind === "f32") {
          for (const backend of ["cpu", "wasm"] as const) {
            const xt = backend === "cpu" ? tCpu : tWasm;
            const gt = backend === "cpu" ? gCpu : gWasm;
            const grad = tf.grad((t: tf.Tensor) =>
              tf.sum(tf.mul(tfOp(t as tf.Tensor2D), gt))
            );
            bench(`tfjs ${backend}`, async (b) => {
              await tf.setBackend(backend);
              b.start();
              tf.tidy(() => {
                (vjp ? grad(xt) : tfOp(xt as tf.Tensor2D)).dataSync();
              });
              b.end();
            });
          }
        }
      }
    }
  }
}
