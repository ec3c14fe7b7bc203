/**
 * Every elementwise activation, f and f', on 1,000,000 elements, as
 * `Float64Array` and `Float32Array`, side by side with the bounds of this
 * machine and with TensorFlow.js's CPU backend (float32 only: tfjs computes
 * in float32).
 *
 * One `deno bench` group per activation, function (f or f') and element
 * type, e.g. `relu f' f32`. Each group holds:
 * - `ours` — the activation, writing into a preallocated `out` buffer, so
 *   the bench measures compute, not allocation;
 * - `copy: out.set` (the group's baseline) and `copy: loop` — the memory
 *   bound: nothing can read x and write out faster;
 * - `bound: exp` (one `Math.exp` per element), `bound: exp+log1p` and
 *   `bound: tanh` (one `Math.tanh`) — what one call of the transcendental
 *   costs, the bound for the exp-based functions;
 * - `tfjs cpu` (f32 groups) — `@tensorflow/tfjs` 4 with `setBackend("cpu")`
 *   on the same float32 data: f through its op, f' through `tf.grad`, each
 *   read back with `dataSync()` inside `tf.tidy` so the work is really done
 *   and nothing leaks.
 *
 * `deno task bench:report` turns one run into the ratios of the README.
 *
 * Every loop below is written out once per element type: a loop that sees
 * both a Float64Array and a Float32Array is polymorphic and slower, which
 * would make the bounds look worse than they are.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Activation } from "../lib/activation.ts";
import { makeData } from "./data.ts";
import { benchRegistrar } from "./_shared.ts";

/** Elements per array. */
export const N = 1_000_000;
/** Timed iterations per bench (after `warmup` untimed ones); TF.js fewer. */
const register = benchRegistrar({
  iter: 25,
  warmup: 5,
  tfIter: 12,
  tfWarmup: 3,
});

// ---------------------------------------------------------------------------
// The activations: from the registry, or file by file while some of the
// newer files (silu, gelu, mish) are still being written.

async function loadActivations(): Promise<readonly Activation[]> {
  try {
    const m = await import("../lib/activations/mod.ts");
    return m.activations;
  } catch {
    const files = [
      ["step", "step"],
      ["sign", "sign"],
      ["sigmoid", "sigmoid"],
      ["tanh", "tanh"],
      ["relu", "relu"],
      ["leaky_relu", "leakyRelu"],
      ["prelu", "prelu"],
      ["elu", "elu"],
      ["selu", "selu"],
      ["softplus", "softplus"],
      ["silu", "silu"],
      ["gelu", "gelu"],
      ["mish", "mish"],
    ];
    const out: Activation[] = [];
    for (const [file, name] of files) {
      try {
        const m = await import(`../lib/activations/${file}.ts`);
        out.push(m[name!] as Activation);
      } catch {
        console.error(`activations_bench: skipping ${name} (not loadable yet)`);
      }
    }
    return out;
  }
}

const activations = await loadActivations();

// ---------------------------------------------------------------------------
// Data: a fixed pseudo-random sample, uniform on [-10, 10] (both branches of
// the piecewise functions, unpredictably; the exp-based ones in and out of
// their tails).

const x64 = makeData(N, 0x2545f491);
const x32 = Float32Array.from(x64);
const out64 = new Float64Array(N);
const out32 = new Float32Array(N);

// ---------------------------------------------------------------------------
// The bounds, one monomorphic loop per element type.

function copyLoop64(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]!;
}
function copyLoop32(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i]!;
}
function expLoop64(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
}
function expLoop32(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
}
function expLog1pLoop64(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.log1p(Math.exp(x[i]!));
}
function expLog1pLoop32(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.log1p(Math.exp(x[i]!));
}
function tanhLoop64(x: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
}
function tanhLoop32(x: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
}

// ---------------------------------------------------------------------------
// The peer: TensorFlow.js, CPU backend, float32.

await tf.setBackend("cpu");
await tf.ready();
const xt = tf.tensor1d(x32, "float32");
const preluAlpha = tf.scalar(0.25);
const SQRT1_2 = Math.SQRT1_2;

/** f as tfjs ops, with the same parameters as our defaults. */
const tfOps: Record<string, (t: tf.Tensor) => tf.Tensor> = {
  step: (t) => tf.step(t), // tf.step(0) = 0, ours 1/2: same work
  sign: (t) => tf.sign(t),
  sigmoid: (t) => tf.sigmoid(t),
  tanh: (t) => tf.tanh(t),
  relu: (t) => tf.relu(t),
  leakyRelu: (t) => tf.leakyRelu(t, 0.01),
  prelu: (t) => tf.prelu(t, preluAlpha),
  elu: (t) => tf.elu(t),
  selu: (t) => tf.selu(t),
  softplus: (t) => tf.softplus(t),
  // No built-in op in tfjs-core: composed as a tfjs user would.
  silu: (t) => tf.mul(t, tf.sigmoid(t)),
  gelu: (t) => tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.mul(t, SQRT1_2)))),
  mish: (t) => tf.mul(t, tf.tanh(tf.softplus(t))),
  // issue 12: the units tfjs-core has as ops, and the others composed
  relu6: (t) => tf.relu6(t),
  hardSigmoid: (t) => tf.div(tf.relu6(tf.add(t, 3)), 6),
  hardTanh: (t) => tf.clipByValue(t, -1, 1),
  hardSwish: (t) => tf.mul(t, tf.div(tf.relu6(tf.add(t, 3)), 6)),
  softsign: (t) => tf.div(t, tf.add(1, tf.abs(t))),
  logSigmoid: (t) => tf.logSigmoid(t),
  celu: (t) => tf.elu(t), // α = 1: CELU is ELU
};

function tfF(op: (t: tf.Tensor) => tf.Tensor): () => void {
  return () => {
    tf.tidy(() => {
      op(xt).dataSync();
    });
  };
}
function tfDf(op: (t: tf.Tensor) => tf.Tensor): () => void {
  const g = tf.grad((t: tf.Tensor) => op(t));
  return () => {
    tf.tidy(() => {
      g(xt).dataSync();
    });
  };
}

// ---------------------------------------------------------------------------
// The groups.

type Kind = "f64" | "f32";

for (const act of activations) {
  for (const which of ["f", "f'", "f''"] as const) {
    const fn = which === "f"
      ? act
      : which === "f'"
      ? act.derivative
      : act.secondDerivative;
    for (const kind of ["f64", "f32"] as Kind[]) {
      const group = `${act.id} ${which} ${kind}`;
      if (kind === "f64") {
        register(group, "ours", () => void fn(x64, out64));
        register(group, "copy: out.set", () => out64.set(x64), {
          baseline: true,
        });
        register(group, "copy: loop", () => copyLoop64(x64, out64, N));
        register(group, "bound: exp", () => expLoop64(x64, out64, N));
        register(
          group,
          "bound: exp+log1p",
          () => expLog1pLoop64(x64, out64, N),
        );
        register(group, "bound: tanh", () => tanhLoop64(x64, out64, N));
      } else {
        register(group, "ours", () => void fn(x32, out32));
        register(group, "copy: out.set", () => out32.set(x32), {
          baseline: true,
        });
        register(group, "copy: loop", () => copyLoop32(x32, out32, N));
        register(group, "bound: exp", () => expLoop32(x32, out32, N));
        register(
          group,
          "bound: exp+log1p",
          () => expLog1pLoop32(x32, out32, N),
        );
        register(group, "bound: tanh", () => tanhLoop32(x32, out32, N));
        const op = tfOps[act.id];
        if (op !== undefined && which !== "f''") { // tfjs: no f'' but autodiff of autodiff
          register(group, "tfjs cpu", which === "f" ? tfF(op) : tfDf(op), {
            tf: true,
          });
        }
      }
    }
  }
}
