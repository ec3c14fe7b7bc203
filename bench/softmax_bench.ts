/**
 * softmax, logSoftmax and their vector-Jacobian products, at n = 10, 1,000
 * and 100,000 and on a batch of 1,000 rows × 1,000, side by side with
 * TensorFlow.js's CPU backend on the same float32 data; and `softmax.vjp`
 * against building `softmax.jacobian` and multiplying, at n = 1,000 and
 * 10,000.
 *
 * Groups: `softmax n=1000`, `logSoftmax n=1000`, `vjp n=1000`,
 * `softmax batch 1000x1000`, `vjp vs jacobian n=10000`, … Our results are
 * written into preallocated `out` buffers; tfjs results are read back with
 * `dataSync()` inside `tf.tidy`.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { makeData } from "./data.ts";

type Vec = Float64Array | Float32Array;
// deno-lint-ignore no-explicit-any
type Any = any;

let sm: Any;
let lsm: Any;
let lse: Any;
try {
  const m = await import("../lib/softmax.ts");
  sm = m.softmax;
  lsm = m.logSoftmax;
  lse = m.logsumexp;
} catch (e) {
  console.error(`softmax_bench: lib/softmax.ts not loadable, skipped: ${e}`);
}

await tf.setBackend("cpu");
await tf.ready();

function bench(
  group: string,
  name: string,
  fn: () => void,
  opts: { baseline?: boolean; n?: number; warmup?: number } = {},
): void {
  Deno.bench({
    name: `${group} | ${name}`,
    group,
    baseline: opts.baseline ?? false,
    n: opts.n ?? 200,
    warmup: opts.warmup ?? 20,
    fn,
  });
}

/** Iterations so that each bench takes ~0.3 s or less. */
function iters(n: number): { n: number; warmup: number } {
  if (n <= 1_000) return { n: 2_000, warmup: 200 };
  if (n <= 100_000) return { n: 100, warmup: 10 };
  return { n: 20, warmup: 3 };
}

if (sm !== undefined) {
  for (const n of [10, 1_000, 100_000]) {
    const a64 = makeData(n, 7);
    const a32 = Float32Array.from(a64);
    const g64 = makeData(n, 11);
    const g32 = Float32Array.from(g64);
    const o64 = new Float64Array(n);
    const o32 = new Float32Array(n);
    const at = tf.tensor1d(a32);
    const gt = tf.tensor1d(g32);
    const it = iters(n);
    for (const [op, fn] of [["softmax", sm], ["logSoftmax", lsm]] as const) {
      const group = `${op} n=${n}`;
      bench(group, "ours f32", () => void fn(a32, o32), {
        ...it,
        baseline: true,
      });
      bench(group, "ours f64", () => void fn(a64, o64), it);
      const tfOp = op === "softmax" ? tf.softmax : tf.logSoftmax;
      bench(group, "tfjs cpu", () => {
        tf.tidy(() => {
          tfOp(at as tf.Tensor1D).dataSync();
        });
      }, it);
      const vgroup = `${op}.vjp n=${n}`;
      bench(vgroup, "ours f32", () => void fn.vjp(a32, g32, { out: o32 }), {
        ...it,
        baseline: true,
      });
      bench(vgroup, "ours f64", () => void fn.vjp(a64, g64, { out: o64 }), it);
      const grad = tf.grad((t: tf.Tensor) =>
        tf.sum(tf.mul(tfOp(t as tf.Tensor1D), gt))
      );
      bench(vgroup, "tfjs cpu (tf.grad)", () => {
        tf.tidy(() => {
          grad(at).dataSync();
        });
      }, it);
    }
  }

  // A batch of rows: 1,000 rows of 1,000, row by row.
  {
    const R = 1_000;
    const C = 1_000;
    const flat64 = makeData(R * C, 13);
    const flat32 = Float32Array.from(flat64);
    const rows32: Float32Array[] = [];
    const rows64: Float64Array[] = [];
    const outs32: Float32Array[] = [];
    const outs64: Float64Array[] = [];
    for (let r = 0; r < R; r++) {
      rows32.push(flat32.subarray(r * C, (r + 1) * C));
      rows64.push(flat64.subarray(r * C, (r + 1) * C));
      outs32.push(new Float32Array(C));
      outs64.push(new Float64Array(C));
    }
    const t2 = tf.tensor2d(flat32, [R, C]);
    for (const [op, fn] of [["softmax", sm], ["logSoftmax", lsm]] as const) {
      const group = `${op} batch ${R}x${C}`;
      const it = { n: 8, warmup: 2 };
      bench(group, "ours f32", () => void fn(rows32, outs32), {
        ...it,
        baseline: true,
      });
      bench(group, "ours f64", () => void fn(rows64, outs64), it);
      const tfOp = op === "softmax" ? tf.softmax : tf.logSoftmax;
      bench(group, "tfjs cpu", () => {
        tf.tidy(() => {
          tfOp(t2 as tf.Tensor2D).dataSync();
        });
      }, it);
    }
  }

  // The N-d forms on the same 1,000 × 1,000 data: one flat array with
  // `shape` (rows along the last axis, read in place), down the columns
  // (`axis: 0`, gathered lanes), with a `where` mask broadcast over the
  // rows, and logsumexp per row. Baseline: the array of rows above.
  {
    const R = 1_000;
    const C = 1_000;
    const flat64 = makeData(R * C, 13);
    const flat32 = Float32Array.from(flat64);
    const out64 = new Float64Array(R * C);
    const out32 = new Float32Array(R * C);
    const rows64: Float64Array[] = [];
    const outs64: Float64Array[] = [];
    for (let r = 0; r < R; r++) {
      rows64.push(flat64.subarray(r * C, (r + 1) * C));
      outs64.push(new Float64Array(C));
    }
    const shape = [R, C];
    const mask = Uint8Array.from(
      { length: C },
      (_, i) => (i % 4 === 3 ? 0 : 1),
    );
    const it = { n: 8, warmup: 2 };
    const group = `softmax N-d forms ${R}x${C}`;
    bench(group, "rows f64 (array of rows)", () => void sm(rows64, outs64), {
      ...it,
      baseline: true,
    });
    bench(
      group,
      "flat f64, shape",
      () => void sm(flat64, { shape, out: out64 }),
      it,
    );
    bench(
      group,
      "flat f32, shape",
      () => void sm(flat32, { shape, out: out32 }),
      it,
    );
    bench(
      group,
      "flat f64, shape, axis 0 (columns)",
      () => void sm(flat64, { shape, axis: 0, out: out64 }),
      it,
    );
    bench(
      group,
      "flat f64, shape, where (1 in 4 masked)",
      () => void sm(flat64, { shape, where: mask, out: out64 }),
      it,
    );
    bench(
      group,
      "softmax.vjp flat f64, shape",
      () => void sm.vjp(flat64, flat64, { shape, out: out64 }),
      it,
    );
    bench(
      group,
      "logsumexp flat f64, shape",
      () => void lse(flat64, { shape }),
      it,
    );
  }

  // vjp in O(n) against the n×n Jacobian times g, O(n²) time and memory.
  for (const n of [1_000, 10_000]) {
    const a = makeData(n, 17);
    const g = makeData(n, 19);
    const o = new Float64Array(n);
    const group = `vjp vs jacobian n=${n}`;
    bench(group, "softmax.vjp", () => void sm.vjp(a, g, { out: o }), {
      baseline: true,
      n: n <= 1_000 ? 2_000 : 500,
      warmup: 50,
    });
    bench(group, "softmax.jacobian, then Jᵀg", () => {
      const J: number[][] = sm.jacobian(a);
      o.fill(0);
      for (let i = 0; i < n; i++) {
        const row = J[i]!;
        const gi = g[i]!;
        for (let j = 0; j < n; j++) o[j] = o[j]! + row[j]! * gi;
      }
    }, n <= 1_000 ? { n: 20, warmup: 3 } : { n: 3, warmup: 1 });
  }
}

export type { Vec };
