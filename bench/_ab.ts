import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { kernelLoop } from "../lib/_wasm/kernels.ts";
import { makeData } from "./data.ts";
const N = 1e6;
const x64 = makeData(N, 7), x32 = Float32Array.from(x64);
const o64 = new Float64Array(N), o32 = new Float32Array(N);
await tf.setBackend("wasm"); await tf.ready();
const xt = tf.tensor1d(x32);
const ops: Record<string, (t: tf.Tensor) => tf.Tensor> = { relu: tf.relu, sigmoid: tf.sigmoid, exp: tf.exp, tanh: tf.tanh, exp_unit: tf.elu, softplus: tf.softplus, silu: (t) => tf.mul(t, tf.sigmoid(t)) };
const ks = Deno.args.length ? Deno.args : Object.keys(ops);
for (const k of ks) {
  const l = kernelLoop(k, 1, 1);
  const best = [1e9, 1e9, 1e9, 1e9];
  const fns = [() => l(x32, o32), () => l(x64, o64), () => tf.tidy(() => { ops[k]!(xt).dataSync(); }), () => o32.set(x32)];
  for (let r = 0; r < 40; r++) fns.forEach((f, j) => { const t0 = performance.now(); f(); best[j] = Math.min(best[j]!, performance.now() - t0); });
  console.log(k.padEnd(10), "ours f32", best[0]!.toFixed(2), "ours f64", best[1]!.toFixed(2), "tfjs-wasm", best[2]!.toFixed(2), "copy32", best[3]!.toFixed(2));
}
