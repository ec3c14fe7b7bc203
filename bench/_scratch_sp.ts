import { kernelLoop } from "../lib/_wasm/kernels.ts";
import { makeData } from "./data.ts";
import { activations } from "../lib/activations/mod.ts";
const N = 1e6;
const x64 = makeData(N, 7); const x32 = Float32Array.from(x64);
const o64 = new Float64Array(N), o32 = new Float32Array(N);
function t(name: string, f: () => void) { for (let i = 0; i < 3; i++) f(); let best = 1e9; for (let r = 0; r < 10; r++) { const t0 = performance.now(); f(); best = Math.min(best, performance.now() - t0); } console.log(name.padEnd(28), best.toFixed(2)); }
t("copy f64", () => o64.set(x64)); t("copy f32", () => o32.set(x32));
for (const k of ["exp", "relu", "sigmoid", "sigmoid_d", "tanh", "exp_unit", "softplus", "silu", "silu_d"]) {
  const l = kernelLoop(k, 1, 1);
  t(`wasm ${k} f64`, () => l(x64, o64)); t(`wasm ${k} f32`, () => l(x32, o32));
}
for (const id of ["relu", "sigmoid", "silu"]) { const a = activations.find(a => a.id === id)!; t(`js ${id} f32`, () => a(x32, o32)); }
