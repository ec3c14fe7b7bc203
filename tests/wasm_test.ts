/**
 * The WebAssembly SIMD kernels (lib/_wasm/) against the JavaScript kernels
 * and against mpmath.
 *
 * Accuracy rule (the bounds of tests/accuracy_test.ts, not loosened):
 * - Float64Array: within 4 ulps of the correctly rounded value at every
 *   point of tests/fixtures/reference.json, and within 4 ulps of the
 *   JavaScript scalar kernel on dense grids and at the edge cases (±0,
 *   subnormals, ±∞, NaN, the overflow and underflow thresholds of exp);
 *   zeros, infinities and NaNs exactly as the JavaScript kernel (`Object.is`).
 * - Float32Array: computed in double by the same kernels except for a
 *   shorter exp polynomial (relative error < 2^-35 before the one rounding),
 *   so within 1 float32 ulp of the correctly rounded value: checked against
 *   mpmath at the float32 points of reference.json, and against the
 *   JavaScript path (the double result rounded once) and the float64 wasm
 *   result rounded once on the dense grids.
 *
 * And: the committed module is what `deno task wasm` builds (byte for byte),
 * block boundaries, in place, subarrays.
 *
 * @module
 */
import { activations } from "@actlab/activations";
import type { Activation } from "../lib/activation.ts";
import {
  BLOCK_BYTES,
  kernelLoop,
  wasmInstance,
  type WasmLoop,
  wasmLoops,
} from "../lib/_wasm/kernels.ts";
import { WASM_BASE64 } from "../lib/_wasm/_bytes.ts";
import { buildWasm, bytesModule } from "../lib/_wasm/build.ts";
import { assert, assertEquals } from "@std/assert";
import { parseRepr, ulp32, ulpDistance } from "./support/ulp.ts";

const MAX_ULPS = 4;

const reference: {
  functions: Record<string, { x: string[]; f: string[]; df: string[] }>;
} = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/reference.json", import.meta.url),
  ),
);

/** Dense grids and edge cases, as doubles. */
function testPoints(): Float64Array {
  const xs: number[] = [];
  for (let i = -40000; i <= 40000; i++) xs.push(i / 1000); // [−40, 40]
  for (let i = -3000; i <= 3000; i++) xs.push(i * 0.25); // [−750, 750]
  // random doubles, every binade from 2^-1074 to 2^1023, both signs
  let s = 12345;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let e = -1074; e <= 1023; e += 1) {
    for (let j = 0; j < 4; j++) {
      const v = (1 + rnd()) * 2 ** e;
      xs.push(v, -v);
    }
  }
  const edges = [
    0,
    -0,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    -2.2250738585072014e-308,
    1e-300,
    2 ** -30,
    -(2 ** -30),
    Infinity,
    -Infinity,
    NaN,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    1,
    -1,
    22,
    -22,
    37,
    -37,
    708,
    -708,
    709.782712893384, // ln(MAX_VALUE)
    709.7827128933841,
    -708.3964185322641, // ln(MIN_NORMAL)
    -745.1332191019411, // ln(min subnormal / 2)
    -745.1332191019412,
    -750,
    750,
    -800,
    800,
    354.891356446692,
    -354.891356446692,
  ];
  for (const v of edges) {
    xs.push(v);
    // the neighbouring doubles
    if (Number.isFinite(v) && v !== 0) {
      xs.push(v * (1 + 2 ** -52), v * (1 - 2 ** -53));
    }
  }
  // the doubles around the zero of SiLU' (x₀ ≈ −1.2784645427610737)
  const x0 = -1.2784645427610737;
  for (let k = -200; k <= 200; k++) xs.push(x0 + k * 2 ** -52);
  return Float64Array.from(xs);
}

const POINTS = testPoints();

interface Case {
  name: string;
  act: Activation;
}

/** Default parameters, and some others for the parametrised activations. */
function cases(): Case[] {
  const out: Case[] = [];
  for (const act of activations) {
    if (wasmLoops(act.id, act.params, 0) === undefined) continue;
    out.push({ name: act.id, act });
  }
  const byId = (id: string) => activations.find((a) => a.id === id)!;
  const extra: [string, Record<string, number>][] = [
    ["leakyRelu", { slope: 0 }],
    ["leakyRelu", { slope: -0.5 }],
    ["leakyRelu", { slope: 0.2 }],
    ["prelu", { alpha: 0 }],
    ["prelu", { alpha: 1.5 }],
    ["elu", { alpha: 0 }],
    ["elu", { alpha: 2.5 }],
    ["selu", { alpha: 1.5, lambda: 1.2 }],
    ["step", { lambda: 3 }],
    ["celu", { alpha: 0.5 }],
    ["celu", { alpha: 2.5 }],
    ["celu", { alpha: 1e-3 }],
    ["hardTanh", { min: 0, max: 2 }],
    ["hardTanh", { min: -0.5, max: 0 }],
    ["hardSigmoid", { slope: 0.2, offset: 0.5 }],
    ["hardSigmoid", { slope: 1e-300, offset: 0.25 }],
    ["step", { lambda: 2, alpha: -1 }],
    ["step", { lambda: 1e300, alpha: 1e300 }],
    ["sign", { lambda: 0.5 }],
  ];
  for (const [id, p] of extra) {
    out.push({
      name: `${id} ${JSON.stringify(p)}`,
      act: byId(id).with(p) as Activation,
    });
  }
  return out;
}

function loopsOf(act: Activation): readonly [WasmLoop, WasmLoop] {
  const l = wasmLoops(act.id, act.params, 0);
  assert(l !== undefined, `no wasm loops for ${act.id}`);
  return l;
}

function run(loop: WasmLoop, x: Float64Array): Float64Array;
function run(loop: WasmLoop, x: Float32Array): Float32Array;
function run(
  loop: WasmLoop,
  x: Float64Array | Float32Array,
): Float64Array | Float32Array {
  const out: Float64Array | Float32Array = x instanceof Float64Array
    ? new Float64Array(x.length)
    : new Float32Array(x.length);
  assert(loop(x, out), "WebAssembly SIMD must be available here");
  return out;
}

Deno.test("wasm: the module instantiates (SIMD available)", () => {
  assert(wasmInstance() !== null);
});

Deno.test("wasm: the committed module is what `deno task wasm` builds", async () => {
  const bytes = await buildWasm();
  const committed = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  assertEquals(bytes.length, committed.length);
  assert(bytes.every((b, i) => b === committed[i]), "bytes differ");
  const source = await Deno.readTextFile(
    new URL("../lib/_wasm/_bytes.ts", import.meta.url),
  );
  assertEquals(source, bytesModule(bytes));
});

Deno.test("wasm: float64 within 4 ulps of mpmath (reference.json)", async (t) => {
  for (const act of activations) {
    const loops = wasmLoops(act.id, act.params, 0);
    if (loops === undefined) continue;
    const ref = reference.functions[act.id]!;
    const xs = Float64Array.from(ref.x.map(parseRepr));
    await t.step(act.id, () => {
      for (const [k, want] of [[0, ref.f], [1, ref.df]] as const) {
        const got = run(loops[k], xs);
        let worst = 0;
        let at = NaN;
        for (let i = 0; i < xs.length; i++) {
          const u = ulpDistance(got[i]!, parseRepr(want[i]!));
          if (u > worst) [worst, at] = [u, xs[i]!];
        }
        assert(
          worst <= MAX_ULPS,
          `${act.id}${k ? "'" : ""}: ${worst} ulps at x = ${at}`,
        );
      }
    });
  }
});

Deno.test("wasm: float64 agrees with the JavaScript kernels (grids, edge cases)", async (t) => {
  const xs = POINTS;
  for (const { name, act } of cases()) {
    const loops = loopsOf(act);
    await t.step(name, () => {
      for (const k of [0, 1] as const) {
        const got = run(loops[k], xs);
        const fn = k === 0 ? act : act.derivative;
        let worst = 0;
        let at = NaN;
        for (let i = 0; i < xs.length; i++) {
          const want = (fn as (x: number) => number)(xs[i]!);
          const g = got[i]!;
          if (want === 0 || !Number.isFinite(want) || g === 0) {
            assert(
              Object.is(g, want) || ulpDistance(g, want) <= MAX_ULPS &&
                  !(want === 0 && g === 0),
              `${name}${k ? "'" : ""}(${xs[i]}) = ${g}, want ${want}`,
            );
          }
          const u = ulpDistance(g, want);
          if (u > worst) [worst, at] = [u, xs[i]!];
        }
        assert(
          worst <= MAX_ULPS,
          `${name}${k ? "'" : ""}: ${worst} ulps from JS at x = ${at}`,
        );
      }
    });
  }
});

Deno.test("wasm: float32 within 1 float32 ulp of the double result rounded once", async (t) => {
  const x32 = Float32Array.from(POINTS);
  const x64 = Float64Array.from(x32);
  for (const { name, act } of cases()) {
    const loops = loopsOf(act);
    await t.step(name, () => {
      for (const k of [0, 1] as const) {
        const got = run(loops[k], x32);
        const wide = run(loops[k], x64);
        const fn = (k === 0 ? act : act.derivative) as (x: number) => number;
        let worst = 0;
        let at = NaN;
        for (let i = 0; i < x32.length; i++) {
          const want = Math.fround(fn(x32[i]!));
          const g = got[i]!;
          if (want === 0 || !Number.isFinite(want) || g === 0) {
            assert(Object.is(g, want), `${name} at float32 ${x32[i]}: ${g}`);
          }
          const u = Math.max(ulp32(g, want), ulp32(g, Math.fround(wide[i]!)));
          if (u > worst) [worst, at] = [u, x32[i]!];
        }
        assert(
          worst <= 1,
          `${name}${k ? "'" : ""}: ${worst} float32 ulps at ${at}`,
        );
      }
    });
  }
});

Deno.test("wasm: float32 within 1 float32 ulp of mpmath (reference.json)", async (t) => {
  for (const act of activations) {
    const loops = wasmLoops(act.id, act.params, 0);
    if (loops === undefined) continue;
    const ref = reference.functions[act.id]!;
    // the reference points that are float32 values
    const idx = ref.x.map((_, i) => i).filter((i) => {
      const x = parseRepr(ref.x[i]!);
      return x !== x || Math.fround(x) === x;
    });
    const x32 = Float32Array.from(idx, (i) => parseRepr(ref.x[i]!));
    assert(x32.length > 100, `${act.id}: ${x32.length} float32 points`);
    await t.step(act.id, () => {
      for (const [k, want] of [[0, ref.f], [1, ref.df]] as const) {
        const got = run(loops[k], x32);
        let worst = 0;
        let at = NaN;
        for (let j = 0; j < idx.length; j++) {
          // the correctly rounded float32 (up to double rounding, which
          // the 1-ulp bound absorbs only when the reference is a tie)
          const w = Math.fround(parseRepr(want[idx[j]!]!));
          const u = ulp32(got[j]!, w);
          if (u > worst) [worst, at] = [u, x32[j]!];
        }
        assert(worst <= 1, `${act.id}${k ? "'" : ""}: ${worst} ulps at ${at}`);
      }
    });
  }
});

Deno.test("wasm: blocks, odd lengths, in place and subarrays", () => {
  const loop = kernelLoop("sigmoid");
  // around the block sizes (BLOCK_BYTES/8 float64, BLOCK_BYTES/4 float32)
  const b64 = BLOCK_BYTES / 8;
  const b32 = BLOCK_BYTES / 4;
  for (
    const n of [1, 2, 3, 5, b64 - 1, b64, b64 + 1, b32 - 3, b32 + 5, 200_003]
  ) {
    const x = new Float64Array(n).map((_, i) => Math.sin(i) * 30);
    const want = x.map((v) => activations.find((a) => a.id === "sigmoid")!(v));
    const out = run(loop, x);
    for (let i = 0; i < n; i++) {
      assert(ulpDistance(out[i]!, want[i]!) <= MAX_ULPS, `n = ${n}, i = ${i}`);
    }
    // in place
    const y = x.slice();
    assert(loop(y, y));
    assertEquals(y, out);
    // float32, in place, on a subarray with an offset
    const big = new Float32Array(n + 7).map((_, i) => Math.cos(i) * 20);
    const sub = big.subarray(3, 3 + n);
    const before = big.slice();
    const ref32 = run(loop, sub.slice());
    assert(loop(sub, sub));
    assertEquals(sub, ref32);
    assertEquals(big.subarray(0, 3), before.subarray(0, 3));
    assertEquals(big.subarray(3 + n), before.subarray(3 + n));
  }
});

Deno.test("wasm: the input is not mutated", () => {
  const x = new Float64Array(5000).map((_, i) => i - 2500);
  const copy = x.slice();
  run(kernelLoop("silu"), x);
  assertEquals(x, copy);
});

Deno.test("wasm: the SIMD exp (the benchmarks' bound) within 1 ulp of Math.exp", () => {
  const xs = POINTS;
  const got = run(kernelLoop("exp"), xs);
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const want = Math.exp(xs[i]!);
    if (want === 0 || !Number.isFinite(want)) {
      assert(Object.is(got[i], want), `exp(${xs[i]}) = ${got[i]}`);
    }
    worst = Math.max(worst, ulpDistance(got[i]!, want));
  }
  assert(worst <= 2, `exp: ${worst} ulps from Math.exp`);
});

// ---------------------------------------------------------------------------
// Softmax rows

/** A batch of `rows` rows of length n, with some special rows and entries. */
function batch(rows: number, n: number, seed: number): Float64Array {
  let s = seed | 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const x = new Float64Array(rows * n);
  for (let r = 0; r < rows; r++) {
    const scale = [1, 10, 100, 1e-3, 800][r % 5]!;
    for (let i = 0; i < n; i++) x[r * n + i] = (rnd() * 2 - 1) * scale;
  }
  if (rows > 10 && n > 2) {
    x[1 * n + 1] = -Infinity; // a masked entry: computed in wasm
    x[2 * n] = NaN; // left to JS
    x[3 * n + n - 1] = Infinity; // left to JS
    x.fill(-Infinity, 4 * n, 5 * n); // left to JS
    x[6 * n] = 1e308; // huge but finite
    x[6 * n + 1] = -1e308;
  }
  return x;
}

function closeTo(got: number, want: number, scale: number, ulps: number) {
  if (Object.is(got, want)) return true;
  if (got !== got || want !== want) return false;
  return ulpDistance(got, want) <= ulps ||
    Math.abs(got - want) <= ulps * Number.EPSILON * scale;
}

Deno.test("wasm: softmax and logSoftmax rows agree with lib/softmax.ts", async () => {
  const { softmax, logSoftmax } = await import("@actlab/activations");
  const { wasmSoftmaxRows } = await import("../lib/_wasm/softmax.ts");
  for (const [rows, n] of [[20, 1], [20, 2], [33, 37], [12, 1000], [3, 8192]]) {
    for (const T of [1, 0.7, 3]) {
      const x = batch(rows!, n!, rows! * n! + 1);
      for (
        const [kind, fn] of [["softmax", softmax], [
          "logSoftmax",
          logSoftmax,
        ]] as const
      ) {
        for (const f32 of [false, true]) {
          const xi = f32 ? Float32Array.from(x) : x;
          const out = f32
            ? new Float32Array(x.length)
            : new Float64Array(x.length);
          const left = wasmSoftmaxRows(kind, xi, n!, T, out);
          assert(left !== false);
          for (let r = 0; r < rows!; r++) {
            const row = xi.subarray(r * n!, (r + 1) * n!);
            const special = row.some((v) => v !== v || v === Infinity) ||
              row.every((v) => v === -Infinity);
            assertEquals(left.includes(r), special, `row ${r} left to JS`);
            if (special) continue;
            const want = fn(row as Float64Array, { temperature: T });
            for (let i = 0; i < n!; i++) {
              const g = out[r * n! + i]!;
              const w = want[i]!;
              const ok = f32 ? ulp32(g, w) <= 1 : closeTo(g, w, 0, MAX_ULPS);
              assert(
                ok,
                `${kind} ${rows}×${n} T=${T} f32=${f32} [${r}][${i}]: ${g} vs ${w}`,
              );
            }
          }
        }
      }
    }
  }
});

Deno.test("wasm: softmax and logSoftmax vjp rows agree with lib/softmax.ts", async () => {
  const { softmax, logSoftmax } = await import("@actlab/activations");
  const { wasmSoftmaxVjpRows } = await import("../lib/_wasm/softmax.ts");
  for (const [rows, n] of [[20, 1], [33, 37], [12, 1000]]) {
    for (const T of [1, 0.7]) {
      const x = batch(rows!, n!, 7);
      const g = batch(rows!, n!, 11).map((v) => Number.isFinite(v) ? v : 0.5);
      for (
        const [kind, fn] of [["softmax", softmax], [
          "logSoftmax",
          logSoftmax,
        ]] as const
      ) {
        const out = new Float64Array(x.length);
        const left = wasmSoftmaxVjpRows(kind, x, g, n!, T, out);
        assert(left !== false);
        for (let r = 0; r < rows!; r++) {
          if (left.includes(r)) continue;
          const row = x.subarray(r * n!, (r + 1) * n!);
          const gr = g.subarray(r * n!, (r + 1) * n!);
          const want = fn.vjp(row, gr, { temperature: T }) as Float64Array;
          const s = softmax(row, { temperature: T }) as Float64Array;
          const gmax = gr.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          for (let i = 0; i < n!; i++) {
            // cancellation in g − ⟨g, S⟩: the bound is relative to the terms
            const scale = kind === "softmax"
              ? s[i]! * 2 * gmax / T
              : (Math.abs(gr[i]!) + s[i]! * gmax * n!) / T;
            assert(
              closeTo(out[r * n! + i]!, want[i]!, scale, MAX_ULPS),
              `${kind}.vjp ${rows}×${n} T=${T} [${r}][${i}]: ${
                out[r * n! + i]
              } vs ${want[i]}`,
            );
          }
        }
      }
    }
  }
});

// ---------------------------------------------------------------------------
// Integration: the activations run the wasm kernels on long typed arrays.

Deno.test("wasm: activations use the kernels on long typed arrays, JS otherwise", async (t) => {
  const { setWasmEnabled, WASM_MIN_LENGTH } = await import(
    "../lib/_wasm/kernels.ts"
  );
  for (const act of activations) {
    const loops = wasmLoops(act.id, act.params, 0);
    if (loops === undefined) continue;
    await t.step(act.id, () => {
      const ref = reference.functions[act.id]!;
      const xs = ref.x.map(parseRepr);
      const want = [ref.f.map(parseRepr), ref.df.map(parseRepr)];
      // the reference points, repeated past the threshold
      const reps = Math.ceil(WASM_MIN_LENGTH / xs.length) + 1;
      const x = new Float64Array(xs.length * reps).map((_, i) =>
        xs[i % xs.length]!
      );
      for (const k of [0, 1] as const) {
        const fn = k === 0 ? act : act.derivative;
        const got = fn(x);
        const direct = run(loops[k], x);
        assertEquals(got, direct, "the public call runs the wasm kernel");
        for (let i = 0; i < x.length; i++) {
          const u = ulpDistance(got[i]!, want[k]![i % xs.length]!);
          assert(u <= MAX_ULPS, `${act.id}${k ? "'" : ""}(${x[i]}): ${u} ulps`);
        }
        // with the wasm path off: the JS loops, bit for bit the scalar
        setWasmEnabled(false);
        try {
          const js = fn(x);
          for (let i = 0; i < x.length; i++) {
            assert(Object.is(js[i], fn(x[i]!)), `JS path at ${x[i]}`);
          }
        } finally {
          setWasmEnabled(true);
        }
        // short arrays stay in JS (bit for bit the scalar kernel)
        const short = x.subarray(0, WASM_MIN_LENGTH - 1);
        const s = fn(short);
        for (let i = 0; i < short.length; i++) {
          assert(Object.is(s[i], fn(short[i]!)), `short array at ${short[i]}`);
        }
      }
    });
  }
});

Deno.test("wasm: parameters the kernels do not cover stay in JavaScript", () => {
  const relu = activations.find((a) => a.id === "relu")!;
  assert(wasmLoops("relu", relu.params) !== undefined);
  for (
    const p of [{ maxValue: 6 }, { negativeSlope: 0.1 }, { threshold: 1 }]
  ) {
    const r = relu.with(p as never);
    assertEquals(wasmLoops("relu", r.params), undefined, JSON.stringify(p));
    const x = new Float64Array(5000).map((_, i) => (i - 2500) / 100);
    const y = r(x);
    for (let i = 0; i < x.length; i++) assert(Object.is(y[i], r(x[i]!)));
  }
  assertEquals(wasmLoops("gelu", {}), undefined);
  assertEquals(wasmLoops("toString", {}), undefined);
});

Deno.test("wasm: softmax and logSoftmax (and vjp) use the row kernels, within the bounds of the JS path", async () => {
  const { softmax, logSoftmax } = await import("@actlab/activations");
  const { setWasmEnabled } = await import("../lib/_wasm/kernels.ts");
  const { wasmSoftmaxRows, wasmSoftmaxVjpRows } = await import(
    "../lib/_wasm/softmax.ts"
  );
  // deno-lint-ignore no-explicit-any
  const js = (fn: () => any) => {
    setWasmEnabled(false);
    try {
      return fn();
    } finally {
      setWasmEnabled(true);
    }
  };
  const R = 40;
  const C = 300;
  const x = batch(R, C, 99);
  const g = batch(R, C, 5).map((v) => Number.isFinite(v) ? v : -2);
  for (
    const [name, fn0] of [
      ["softmax", softmax],
      ["logSoftmax", logSoftmax],
    ] as const
  ) {
    // loosely typed: the overloads do not take a union of element types
    // deno-lint-ignore no-explicit-any
    const fn = fn0 as any;
    for (const T of [1, 0.3]) {
      for (const f32 of [false, true]) {
        const xi = f32 ? Float32Array.from(x) : x;
        const opts = { shape: [R, C], temperature: T };
        const got = fn(xi, opts) as Float64Array;
        const want = js(() => fn(xi, opts)) as Float64Array;
        assertEquals(got.constructor, xi.constructor);
        // the public call ran the row kernels: bit for bit their output on
        // the rows they take (≈ 10% of the entries differ from JS's)
        const direct = xi.slice().fill(0);
        const left = wasmSoftmaxRows(name, xi, C, T, direct) as number[];
        let differ = 0;
        for (let i = 0; i < x.length; i++) {
          if (left.includes(Math.floor(i / C))) continue;
          assert(Object.is(got[i], direct[i]), `${name}: wasm rows at ${i}`);
          if (!Object.is(got[i], want[i])) differ++;
        }
        if (!f32) {
          assert(
            differ > 0,
            `${name} T=${T}: wasm rows and JS agree: not run?`,
          );
        }
        // the array-of-rows form and in place give the same values
        const rows = Array.from(
          { length: R },
          (_, r) => xi.slice(r * C, (r + 1) * C),
        );
        const byRows = fn(rows as Float64Array[], {
          temperature: T,
        }) as Float64Array[];
        const inPlace = xi.slice();
        fn(inPlace as Float64Array, { ...opts, out: inPlace as Float64Array });
        for (let i = 0; i < x.length; i++) {
          const ok = f32
            ? ulp32(got[i]!, want[i]!) <= 1
            : closeTo(got[i]!, want[i]!, 0, MAX_ULPS);
          assert(
            ok,
            `${name} T=${T} f32=${f32} [${i}]: ${got[i]} vs ${want[i]}`,
          );
          assert(
            Object.is(byRows[Math.floor(i / C)]![i % C], got[i]),
            `rows form [${i}]`,
          );
          assert(Object.is(inPlace[i], got[i]), `in place [${i}]`);
        }
        // the vjp (fresh out)
        const vg = fn.vjp(xi, g, opts) as Float64Array;
        const vw = js(() => fn.vjp(xi, g, opts)) as Float64Array;
        const vd = xi.slice().fill(0);
        const vleft = wasmSoftmaxVjpRows(name, xi, g, C, T, vd) as number[];
        for (let i = 0; i < x.length; i++) {
          if (vleft.includes(Math.floor(i / C))) continue;
          assert(Object.is(vg[i], vd[i]), `${name}.vjp: wasm rows at ${i}`);
        }
        const s = js(() =>
          softmax(x, { shape: [R, C], temperature: T })
        ) as Float64Array;
        for (let r = 0; r < R; r++) {
          const gmax = g.subarray(r * C, (r + 1) * C).reduce(
            (m, v) => Math.max(m, Math.abs(v)),
            0,
          );
          for (let i = r * C; i < (r + 1) * C; i++) {
            const scale = name === "softmax"
              ? s[i]! * 2 * gmax / T
              : (Math.abs(g[i]!) + s[i]! * gmax * C) / T;
            const ok = f32
              ? ulp32(vg[i]!, vw[i]!) <= 1 ||
                Math.abs(vg[i]! - vw[i]!) <= 2 ** -23 * scale
              : closeTo(vg[i]!, vw[i]!, scale, MAX_ULPS);
            assert(
              ok,
              `${name}.vjp T=${T} f32=${f32} [${i}]: ${vg[i]} vs ${vw[i]}`,
            );
          }
        }
      }
    }
  }
});

Deno.test("wasm: integer and Float16Array inputs run the float64 kernels (widened exactly, rounded once)", () => {
  const sigmoid = activations.find((a) => a.id === "sigmoid")!;
  const mish = activations.find((a) => a.id === "mish")!;
  const n = 5000;
  const ints = new Int32Array(n).map((_, i) => (i - n / 2) * 7919 % 1000);
  const bytes = new Int8Array(n).map((_, i) => i * 31);
  for (const act of [sigmoid, mish]) {
    const loops = wasmLoops(act.id, act.params, 0)!;
    for (const x of [ints, bytes]) {
      const got = act(x);
      assert(got instanceof Float64Array);
      const direct = run(loops[0], Float64Array.from(x));
      assertEquals(got, direct, `${act.id}(${x.constructor.name})`);
      // (and that is not the JavaScript result: it differs somewhere)
      if (x === ints) {
        assert(
          direct.some((v, i) => !Object.is(v, act(x[i]!))),
          `${act.id}(${x.constructor.name}): wasm not told apart from JS`,
        );
      }
    }
    {
      const F16 = Float16Array;
      const f16round = Math.f16round;
      const h = new F16(n);
      for (let i = 0; i < n; i++) h[i] = (i - n / 2) / 200;
      h[7] = NaN;
      h[8] = -0;
      h[9] = Infinity;
      h[10] = -Infinity;
      const got = act(h);
      assertEquals(got.constructor, F16);
      const wide = run(loops[0], Float64Array.from(h));
      for (let i = 0; i < n; i++) {
        assert(
          Object.is(got[i], f16round(wide[i]!)),
          `${act.id} f16 at ${h[i]}: rounded once from the double result`,
        );
      }
    }
  }
});
