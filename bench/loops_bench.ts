/**
 * What the compiled elementwise loops buy: each activation's loop compiled
 * from source text (one function literal per kernel and element kind, so
 * monomorphic and the kernel inlined) against the closure fallback that a
 * host forbidding `new Function` gets (one shared loop literal, which sees
 * every kernel and every element kind).
 *
 * One group per activation, function (f or f') and element kind, e.g.
 * `sigmoid f f64`: `compiled` (the baseline) and `closure`. Both run the
 * same scalar kernels and give the same bits (tests/activation_test.ts
 * checks that, also under `--disallow-code-generation-from-strings`).
 *
 *     deno bench -A --no-check bench/loops_bench.ts
 *
 * The closure loops are made by turning compilation off before their first
 * call (`setLoopCompilation(false)`): loops are created lazily, on the first
 * array call of each kernel and element kind.
 *
 * @module
 */
import type { Activation } from "../lib/activation.ts";
import { activations } from "../lib/activations/mod.ts";
import { setLoopCompilation } from "../lib/_elementwise.ts";
import { makeData } from "./data.ts";

/** Elements per array. */
const N = 200_000;
/** The activations benched: cheap, exp-based, erfc-based, piecewise. */
const IDS = ["relu", "sigmoid", "elu", "gelu", "mish"];

const x64 = makeData(N, 7);
const x32 = new Float32Array(x64);
const xArr = Array.from(x64);
const out64 = new Float64Array(N);
const out32 = new Float32Array(N);
const outArr = new Array<number>(N).fill(0);

type Fn = (x: unknown, out: unknown) => unknown;

/** A fresh copy of `act` whose loops are created in the current mode. */
function fresh(act: Activation, compiled: boolean): Activation {
  setLoopCompilation(compiled);
  try {
    const copy = act.with({});
    // first calls create the loops, one per function and element kind
    for (const fn of [copy, copy.derivative] as unknown as Fn[]) {
      fn(x64.subarray(0, 4), out64.subarray(0, 4));
      fn(x32.subarray(0, 4), out32.subarray(0, 4));
      fn(xArr.slice(0, 4), outArr.slice(0, 4));
    }
    return copy;
  } finally {
    setLoopCompilation(true);
  }
}

const kinds = [
  ["f64", x64, out64],
  ["f32", x32, out32],
  ["array", xArr, outArr],
] as const;

for (const id of IDS) {
  const act = activations.find((a) => a.id === id)!;
  const variants = [
    ["compiled", fresh(act, true)],
    ["closure", fresh(act, false)],
  ] as const;
  for (const which of ["f", "f'"] as const) {
    for (const [kind, x, out] of kinds) {
      const group = `${id} ${which} ${kind}`;
      for (const [name, a] of variants) {
        const fn = (which === "f" ? a : a.derivative) as unknown as Fn;
        Deno.bench({
          name,
          group,
          baseline: name === "compiled",
          fn: () => {
            fn(x, out);
          },
        });
      }
    }
  }
}
