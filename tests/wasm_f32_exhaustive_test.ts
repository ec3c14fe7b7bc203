/**
 * The float32-lane kernels that round twice, checked on every float32
 * input where they round (kernels.ts, `F32X_WITHIN_ULP`):
 *
 * - hard sigmoid fl(fl(x + 3)·fl32(1/6)) and hard swish' fl(fl(2x + 3)·
 *   fl32(1/6)), for all 2,155,872,256 float32 values with |x| < 3 (beyond,
 *   the results are the constants and x): within 1 float32 ulp of the
 *   JavaScript path's result, (x + 3)/6 and (2x + 3)/6 in double rounded
 *   once. An error bound alone gives 2 ulps (two roundings and fl32(1/6)'s
 *   relative 2^-25); this test is what shows 1. (Hard swish itself,
 *   fl(fl(x·fl(x + 3))·fl32(1/6)), reaches 2 ulps, at x = 6.36e-7 for one:
 *   it stays promoted to double.)
 * - SiLU' and Mish' on every float32 in [2x₀, x₀/2] around their zeros x₀,
 *   where the float32 kernels narrow the band of the near form to
 *   |x − x₀| ≤ 2^-6 (kernels.as, NEAR32): within 1 float32 ulp of the
 *   JavaScript path (the double result rounded once).
 * - leaky ReLU with a slope that is not a float32 value (0.01, the
 *   default): the float32-lane kernel x·fl32(a) is taken (its result, not
 *   the double product's, where the two differ), within 1 ulp, and a slope
 *   below the float32 normal range is not (its rounding is too coarse).
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { activations } from "@actlab/activations";
import type { Activation } from "../lib/activation.ts";
import {
  kernelLoop,
  setWasmEnabled,
  slopeWithinUlp,
} from "../lib/_wasm/kernels.ts";
import { ulp32 } from "./support/ulp.ts";

const CHUNK = 1 << 22;

/**
 * Run `kernel` on every float32 with |x| < 3 and compare with `ref`
 * (the JavaScript formula in double, rounded to float32 here).
 *
 * @returns The worst distance in float32 ulps and how many differ.
 */
function exhaustive(
  kernel: string,
  ref: (x: number) => number,
): { worst: number; differ: number; checked: number } {
  const loop = kernelLoop(kernel);
  const bits = new Uint32Array(CHUNK);
  const x = new Float32Array(bits.buffer);
  const got = new Float32Array(CHUNK);
  const gotBits = new Int32Array(got.buffer);
  const want = new Float32Array(1);
  const wantBits = new Int32Array(want.buffer);
  const three = new Float32Array([3]);
  const top = new Uint32Array(three.buffer)[0]!; // bits of 3.0f
  let worst = 0, differ = 0, checked = 0;
  for (const sign of [0, 0x80000000]) {
    for (let start = 0; start < top; start += CHUNK) {
      const m = Math.min(CHUNK, top - start);
      for (let i = 0; i < m; i++) bits[i] = (start + i + sign) >>> 0;
      const xs = x.subarray(0, m);
      const out = got.subarray(0, m);
      assert(loop(xs, out), `${kernel}: the float32 kernel ran`);
      for (let i = 0; i < m; i++) {
        want[0] = ref(xs[i]!);
        if (gotBits[i] === wantBits[0]) continue;
        const d = ulp32(out[i]!, want[0]!);
        differ++;
        if (d > worst) worst = d;
      }
      checked += m;
    }
  }
  return { worst, differ, checked };
}

function byId(id: string): Activation {
  return activations.find((a) => a.id === id)!;
}

Deno.test("float32-lane hard sigmoid and hard swish': within 1 ulp on every float32 |x| < 3", async (t) => {
  const hs = byId("hardSigmoid");
  const hsw = byId("hardSwish");
  // the references are lib/activations' formulas (hard_sigmoid.ts,
  // hard_swish.ts) written out for speed; checked against them first
  const refs: [string, Activation, (x: number) => number][] = [
    ["hard_sigmoid", hs, (x) => (x + 3) / 6],
    ["hard_swish_d", hsw.derivative as Activation, (x) => (2 * x + 3) / 6],
  ];
  for (const [kernel, act, ref] of refs) {
    for (const v of [-2.999, -1.5, -1e-7, 0, 1e-30, 0.7, 2.5, 2.9999]) {
      const x = Math.fround(v);
      assertEquals(
        Math.fround(ref(x)),
        Math.fround((act as (x: number) => number)(x)),
      );
    }
    await t.step(kernel, () => {
      const r = exhaustive(kernel, ref);
      assertEquals(r.checked, 2 * 1077936128);
      assert(r.worst <= 1, `${kernel}: ${r.worst} ulps`);
      // it does round twice: some results are the neighbour
      assert(r.differ > 0, `${kernel}: no result differs`);
    });
  }
});

Deno.test("float32 leaky ReLU with a slope that is not a float32 value takes the float32-lane kernel", () => {
  assert(slopeWithinUlp(0.01) && slopeWithinUlp(-3.4e38));
  assert(!slopeWithinUlp(1e-40) && !slopeWithinUlp(1e39));
  assert(!slopeWithinUlp(NaN) && !slopeWithinUlp(Infinity));
  const n = 1 << 16;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.fround(-1 - i / 7);
  for (const [slope, lanes] of [[0.01, true], [1e-40, false]] as const) {
    const y = new Float32Array(n);
    assert(kernelLoop("linear_unit", slope)(x, y));
    let lane = 0, dbl = 0;
    for (let i = 0; i < n; i++) {
      const double = Math.fround(x[i]! * slope);
      assert(ulp32(y[i]!, double) <= 1, `${slope} at ${x[i]}`);
      const single = Math.fround(x[i]! * Math.fround(slope));
      if (single === double) continue;
      if (y[i] === single) lane++;
      if (y[i] === double) dbl++;
    }
    // where x·fl32(a) and x·a round apart, the result shows the kernel
    if (lanes) assert(lane > 100 && dbl === 0, `0.01: ${lane} / ${dbl}`);
    else assert(dbl > 100 && lane === 0, `1e-40: ${lane} / ${dbl}`);
  }
});

Deno.test("float32 SiLU' and Mish' on every float32 in [2x₀, x₀/2] around their zeros", async (t) => {
  // the zeros (lib/activations/silu.ts, mish.ts): SiLU' at −1.2785,
  // Mish' at −1.1924
  for (
    const [id, x0] of [["silu", -1.2784645427610737], [
      "mish",
      -1.1924312145154952,
    ]] as const
  ) {
    await t.step(id, () => {
      const d = byId(id).derivative as (
        x: Float32Array,
        o: Float32Array,
      ) => Float32Array;
      const lo = new Float32Array([2 * x0]);
      const hi = new Float32Array([x0 / 2]);
      const bits = (v: Float32Array) => new Uint32Array(v.buffer)[0]!;
      // negative floats: larger bits, larger magnitude
      const from = bits(hi), to = bits(lo);
      const n = to - from + 1;
      const u = new Uint32Array(n);
      for (let i = 0; i < n; i++) u[i] = from + i;
      const x = new Float32Array(u.buffer);
      const js = new Float32Array(n);
      setWasmEnabled(false);
      try {
        d(x, js);
      } finally {
        setWasmEnabled(true);
      }
      const got = new Float32Array(n);
      d(x, got);
      let worst = 0, differ = 0;
      for (let i = 0; i < n; i++) {
        if (Object.is(got[i], js[i])) continue;
        differ++;
        worst = Math.max(worst, ulp32(got[i]!, js[i]!));
      }
      assert(n > 10_000_000, `${id}: ${n} values`);
      assert(worst <= 1, `${id}': ${worst} ulps`);
      assert(differ > 0, `${id}': none differ`);
    });
  }
});
