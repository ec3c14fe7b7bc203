/**
 * Arrays that live in the kernels' memory (`@actlab/activations/wasm`:
 * allocate, release, isResident, setWasmEnabled, wasmStatus) and the
 * float32-lane kernels (`<name>_f32x`).
 *
 * - Resident arrays give the same bits as ordinary arrays, for every
 *   activation with kernels, f and f′, both element types, every mix of
 *   resident and ordinary input and output, in place, unaligned subarrays,
 *   and lengths around the loops' eight-element turns;
 * - nothing outside the arrays is written (guard values around them);
 * - views survive the memory's growth; released memory is reused, zeroed;
 * - bad input is a TypeError / RangeError naming the parameter;
 * - the float32-lane kernels give the JavaScript path's bits (the double
 *   result rounded once) on dense grids and the edge cases, and are the
 *   ones used exactly when their parameters are float32 values; those that
 *   round twice (hard sigmoid, hard swish', a slope that is not a float32
 *   value) are within 1 float32 ulp of them.
 *
 * @module
 */
import { activations, logSoftmax, relu, softmax } from "@actlab/activations";
import {
  allocate,
  isResident,
  release,
  setWasmEnabled,
  wasmStatus,
} from "@actlab/activations/wasm";
import type { Activation } from "../lib/activation.ts";
import {
  F32X_WITHIN_ULP,
  kernelLoop,
  NATIVE_F32_NAMES,
  slopeWithinUlp,
  wasmInstance,
  type WasmLoop,
  wasmLoops,
} from "../lib/_wasm/kernels.ts";
import { NATIVE_F32 } from "../lib/_wasm/build.ts";
import { wasmSoftmaxRows } from "../lib/_wasm/softmax.ts";
import { ulp32 } from "./support/ulp.ts";
import {
  assert,
  assertEquals,
  assertNotStrictEquals,
  assertThrows,
} from "@std/assert";

type Kind = Float32ArrayConstructor | Float64ArrayConstructor;
type Arr = Float32Array | Float64Array;

/** Every activation with kernels at its defaults, and some parameters. */
function cases(): { name: string; act: Activation }[] {
  const out: { name: string; act: Activation }[] = [];
  for (const act of activations) {
    if (wasmLoops(act.id, act.params, 0) !== undefined) {
      out.push({ name: act.id, act });
    }
  }
  const byId = (id: string) => activations.find((a) => a.id === id)!;
  const extra: [string, Record<string, number>][] = [
    ["prelu", { alpha: 0.5 }], // a float32 slope: the f32x kernel
    ["leakyRelu", { slope: 0.2 }], // not a float32 value: within 1 ulp
    ["leakyRelu", { slope: 1e-40 }], // float32 subnormal: promoted
    ["prelu", { alpha: 1e39 }], // beyond float32: promoted
    ["hardTanh", { min: 0, max: 2 }],
    ["hardTanh", { min: -0.3, max: 0.7 }], // not float32 values
    ["step", { lambda: 0.1, alpha: -0.7 }],
    ["sign", { lambda: 1 / 3 }],
  ];
  for (const [id, p] of extra) {
    out.push({
      name: `${id} ${JSON.stringify(p)}`,
      act: byId(id).with(p) as Activation,
    });
  }
  return out;
}

/** Values covering signs, zeros, kinks, huge, tiny, ±∞ and NaN. */
function values(n: number, seed: number): Float64Array {
  const special = [
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    1,
    -1,
    3,
    -3,
    6,
    2,
    0.7,
    -0.3,
    1e-40,
    -1e-40,
    3.4e38,
    -3.4e38,
    1e300,
    -1e300,
    5e-324,
    400,
    -400,
    0.1,
    -0.7,
  ];
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = i % 5 === 0
      ? special[(s >>> 8) % special.length]!
      : (s / 2 ** 32 - 0.5) * 24;
  }
  return out;
}

function sameBits(got: Arr, want: Arr, what: string): void {
  assertEquals(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) {
      throw new Error(`${what}: [${i}] is ${got[i]}, expected ${want[i]}`);
    }
  }
}

const LENGTHS = [1, 7, 8, 9, 15, 1023, 1024, 1031, 70_001];

Deno.test("resident: same bits as ordinary arrays, every mix of resident and ordinary", async (t) => {
  for (const { name, act } of cases()) {
    const loops = wasmLoops(act.id, act.params, 0)!;
    await t.step(name, () => {
      for (const type of [Float32Array, Float64Array] as Kind[]) {
        for (const n of LENGTHS) {
          const src = values(n, n * 7 + 1);
          for (const k of [0, 1] as const) {
            const loop: WasmLoop = loops[k];
            const x = new type(src);
            const want = new type(n);
            assert(loop(x, want));
            const what = `${name}${k ? "'" : ""} ${type.name} n=${n}`;
            const xr = allocate(type as Float64ArrayConstructor, n);
            const or = allocate(type as Float64ArrayConstructor, n);
            xr.set(x);
            // both resident
            assert(loop(xr, or));
            sameBits(or, want, `${what} resident`);
            sameBits(xr, x as Float64Array, `${what}: input kept`);
            // input resident only, output resident only
            const o = new type(n);
            assert(loop(xr, o));
            sameBits(o, want, `${what} x resident`);
            or.fill(7);
            assert(loop(x, or));
            sameBits(or, want, `${what} out resident`);
            // in place
            assert(loop(xr, xr));
            sameBits(xr, want, `${what} in place`);
            release(xr);
            release(or);
          }
        }
      }
    });
  }
});

Deno.test("resident: unaligned subarrays, and the public activations on them", () => {
  for (const type of [Float32Array, Float64Array] as Kind[]) {
    const n = 5000;
    const a = allocate(type as Float64ArrayConstructor, n + 8);
    const b = allocate(type as Float64ArrayConstructor, n + 8);
    a.set(values(n + 8, 3));
    for (const act of [relu, activations.find((x) => x.id === "sigmoid")!]) {
      for (const [i, j] of [[1, 3], [3, 0], [5, 5], [0, 7]] as const) {
        const x = a.subarray(i, i + n);
        const out = b.subarray(j, j + n);
        const want = new type(n);
        (act as (x: Arr, o: Arr) => Arr)(new type(x), want);
        (act as (x: Arr, o: Arr) => Arr)(x, out);
        sameBits(out, want, `${act.id} ${type.name} [${i}], [${j}]`);
      }
    }
    // x and out overlapping with a shift: as if x had been copied first
    const x = a.subarray(0, n);
    const want = new type(n);
    relu(new type(x) as Float64Array, want as Float64Array);
    relu(x as Float64Array, a.subarray(3, n + 3) as Float64Array);
    sameBits(a.subarray(3, n + 3), want, `relu ${type.name} shifted overlap`);
    release(a);
    release(b);
  }
});

Deno.test("resident: nothing outside an array is written", () => {
  for (const type of [Float32Array, Float64Array] as Kind[]) {
    for (const n of [1, 3, 9, 1027, 4099]) {
      const before = allocate(type as Float64ArrayConstructor, 16);
      const mid = allocate(type as Float64ArrayConstructor, n + 2);
      const after = allocate(type as Float64ArrayConstructor, 16);
      before.fill(123.5);
      after.fill(-77.25);
      mid.set(values(n + 2, n));
      const x = mid.subarray(1, n + 1);
      const keepEdges = [mid[0]!, mid[n + 1]!];
      for (const act of activations) {
        const loops = wasmLoops(act.id, act.params, 0);
        if (loops === undefined) continue;
        for (const loop of loops) {
          assert(loop(x, x));
          for (let i = 0; i < 16; i++) {
            assertEquals(before[i], 123.5, `${act.id} ${type.name} n=${n}`);
            assertEquals(after[i], -77.25, `${act.id} ${type.name} n=${n}`);
          }
          assert(Object.is(mid[0], keepEdges[0]), `${act.id}: mid[0]`);
          assert(Object.is(mid[n + 1], keepEdges[1]), `${act.id}: mid[n+1]`);
        }
      }
      release(before);
      release(mid);
      release(after);
    }
  }
});

Deno.test("resident: views survive growth; released memory is reused and zeroed", () => {
  const a = allocate(Float64Array, 10_000);
  for (let i = 0; i < a.length; i++) a[i] = i - 5000;
  const heap0 = wasmStatus().heapBytes;
  const big = [0, 1, 2].map(() => allocate(Float32Array, 16 << 20)); // 64 MiB
  assert(heap0 < 3 * (64 << 20), "the earlier tests left a small heap");
  assert(wasmStatus().heapBytes >= 3 * (64 << 20), "the heap grew");
  assertEquals(a.length, 10_000);
  assertEquals(a[9999], 4999);
  relu(a, a);
  assertEquals([a[0], a[5000], a[5001], a[9999]], [0, 0, 1, 4999]);
  big[1]!.fill(9);
  const offset = big[1]!.byteOffset;
  release(big[1]!);
  const again = allocate(Float32Array, 16 << 20);
  assertEquals(again.byteOffset, offset, "first fit reuses the hole");
  assert(again.every((v) => v === 0), "reused memory is zeroed");
  // a released neighbour merges: two halves give back one whole
  const live0 = wasmStatus().liveBytes;
  release(again);
  release(big[0]!);
  release(big[2]!);
  assertEquals(wasmStatus().liveBytes, live0 - 3 * (64 << 20));
  const whole = allocate(Float32Array, 48 << 20); // 192 MiB: the merged holes
  assertEquals(whole.byteOffset, big[0]!.byteOffset);
  release(whole);
  release(a);
});

Deno.test("resident: allocate and release reject bad input by name", () => {
  const e1 = assertThrows(
    () => allocate(Int32Array as unknown as Float32ArrayConstructor, 3),
    TypeError,
  );
  assert(e1.message.startsWith("`type` must be Float32Array or Float64Array"));
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 29]) {
    const e = assertThrows(() => allocate(Float64Array, bad), RangeError);
    assert(e.message.startsWith("`length` must be an integer >= 0"), e.message);
  }
  assertThrows(
    () => allocate(Float32Array, "3" as unknown as number),
    TypeError,
    "`length` must be an integer",
  );
  const a = allocate(Float32Array, 100);
  for (
    const bad of [
      new Float32Array(3),
      a.subarray(0, 99),
      a.subarray(1),
      null,
      [1, 2],
    ]
  ) {
    assertThrows(
      () => release(bad as Float32Array),
      TypeError,
      "`array` must be an array returned by allocate() and not yet released",
    );
  }
  release(a);
  assertThrows(() => release(a), TypeError, "not yet released");
  assertThrows(
    () => setWasmEnabled("no" as unknown as boolean),
    TypeError,
    "`on` must be a boolean",
  );
});

Deno.test("resident: isResident, wasmStatus, setWasmEnabled", () => {
  const a = allocate(Float32Array, 2048);
  assert(isResident(a) && isResident(a.subarray(5)));
  assert(!isResident(new Float32Array(4)) && !isResident([1]));
  assert(!isResident(a.slice()), "slice() copies out of wasm memory");
  const s = wasmStatus();
  assert(s.available && s.enabled && s.resident);
  assert(s.liveBytes >= 2048 * 4 && s.liveBytes <= s.heapBytes);
  a.set(values(2048, 5));
  const want = new Float32Array(2048);
  relu(new Float32Array(a), want);
  setWasmEnabled(false);
  try {
    assertEquals(wasmStatus().enabled, false);
    const out = allocate(Float32Array, 2048); // still resident
    assert(isResident(out));
    relu(a, out); // the JavaScript loops, on resident arrays
    sameBits(out, want, "relu with the wasm path off");
    release(out);
  } finally {
    setWasmEnabled(true);
  }
  // softmax takes resident rows like any Float32Array
  const rows = allocate(Float32Array, 4096);
  rows.set(values(4096, 9).map((v) => Number.isFinite(v) ? v % 30 : 0));
  const got = softmax(rows as unknown as number[]);
  const ref = softmax(Array.from(rows));
  assertNotStrictEquals(got as unknown, rows as unknown);
  assertEquals(got.length, 4096);
  for (let i = 0; i < 4096; i += 97) {
    assert(
      Math.abs((got[i] as number) - (ref[i] as number)) <=
        1e-7 * (ref[i] as number) + 1e-45,
    );
  }
  release(rows);
  release(a);
});

Deno.test("resident: softmax and logSoftmax rows computed where a resident out lives", async (t) => {
  // shapes: many short rows (more than the 32,768 rows of one kernel call),
  // and long ones; rows with a NaN, a +∞ or only −∞ are left to JavaScript
  const shapes: [number, number][] = [[40_000, 2], [37, 1000], [3, 4099]];
  for (const Kind of [Float64Array, Float32Array] as Kind[]) {
    for (const [R, C] of shapes) {
      for (
        const [name, fn] of [["softmax", softmax], [
          "logSoftmax",
          logSoftmax,
        ]] as const
      ) {
        await t.step(`${name} ${Kind.name} ${R}×${C}`, () => {
          const n = R * C;
          const src = new Kind(n);
          const v = values(n, R + C);
          for (let i = 0; i < n; i++) {
            src[i] = Number.isFinite(v[i]!) ? v[i]! % 40 : -0;
          }
          src.fill(-Infinity, C, 2 * C); // row 1: only −∞
          src[2 * C + 1] = NaN; // row 2: a NaN (both left to JavaScript)
          // deno-lint-ignore no-explicit-any
          const call = fn as any;
          const want = new Kind(n);
          call(src, { shape: [R, C], out: want });
          // resident out, ordinary input; then in place
          const g: Arr = allocate(Kind as Float64ArrayConstructor, n + 32);
          g.fill(7);
          const out = g.subarray(16, 16 + n) as Arr;
          call(src, { shape: [R, C], out });
          sameBits(out, want, `${name} into a resident out`);
          for (const k of [0, 15, n + 16, n + 31]) assertEquals(g[k], 7);
          out.set(src);
          call(out, { shape: [R, C], out });
          sameBits(out, want, `${name} in place`);
          // the resident path does not go through the blocks: block A
          // (where the blocks are copied) keeps a marker
          const inst = wasmInstance()!;
          inst.f64.fill(123.5);
          out.set(src);
          const left = wasmSoftmaxRows(name, src, C, 1, out);
          assert(left !== false);
          assertEquals(left, [1, 2]);
          const done = new Set(Array.from({ length: R }, (_, r) => r));
          for (const r of left) {
            done.delete(r);
            // a row left to JavaScript holds the input
            sameBits(
              out.subarray(r * C, r * C + C),
              src.subarray(r * C, r * C + C),
              "left",
            );
          }
          for (const r of done) {
            const row = [r * C, r * C + C] as const;
            sameBits(
              out.subarray(...row),
              want.subarray(...row),
              `${name} row ${r}`,
            );
          }
          assert(inst.f64.every((e) => e === 123.5), "block A untouched");
          // a resident input with an ordinary out takes the blocks
          const o2 = new Kind(n);
          out.set(src);
          call(out, { shape: [R, C], out: o2 });
          sameBits(o2, want, `${name} from a resident input`);
          release(g);
        });
      }
    }
  }
});

Deno.test("f32x kernels: the JavaScript path's bits, and used exactly where allowed", async (t) => {
  assertEquals(
    Object.keys(NATIVE_F32_NAMES).sort(),
    [...NATIVE_F32].sort(),
    "kernels.ts's NATIVE_F32_NAMES and build.ts's NATIVE_F32",
  );
  // dense float32 grid on [−8, 8], every float32 near the kinks, edge cases
  const xs: number[] = [];
  for (let i = -80000; i <= 80000; i++) xs.push(i / 10000);
  const f = new Float32Array(1);
  const bits = new Int32Array(f.buffer);
  for (const k of [-3, 2, 3, 6, -0.3, 0.7, 1, -1]) {
    // the 8 float32 values on each side of every kink
    f[0] = k;
    const b0 = bits[0]!;
    for (let s = -8; s <= 8; s++) {
      bits[0] = b0 + s;
      xs.push(f[0]!);
    }
  }
  xs.push(0, -0, NaN, Infinity, -Infinity, 1e-45, -1e-45, 3.4e38, -3.4e38);
  const x = Float32Array.from(xs);
  for (const { name, act } of cases()) {
    const loops = wasmLoops(act.id, act.params, 0)!;
    await t.step(name, () => {
      for (const k of [0, 1] as const) {
        const fn = (k === 0 ? act : act.derivative) as (v: number) => number;
        const got = new Float32Array(x.length);
        assert(loops[k](x, got));
        for (let i = 0; i < x.length; i++) {
          const want = Math.fround(fn(x[i]!));
          if (Object.is(got[i], want)) continue;
          // the exact float32-lane kernels must match bit for bit; those
          // that round twice are within 1 ulp, as are the promoted ones
          // (tests/wasm_test.ts)
          const lane = laneKind(act, k);
          assert(
            lane !== "bits" && (lane === "" || ulp32(got[i]!, want) <= 1),
            `${name}${k ? "'" : ""} at ${x[i]}: ${got[i]}, expected ${want}`,
          );
        }
      }
    });
  }
  // a bound that is not a float32 value must not be compared as one:
  // fround(0.7) < 0.7, so hardTanh′ (max 0.7) is 1 there, as in JS (the
  // float32-lane kernel, comparing with fround(0.7), would give 0)
  const ht = activations.find((a) => a.id === "hardTanh")!
    .with({ min: -0.3, max: 0.7 }) as Activation;
  const at = new Float32Array(2048).fill(Math.fround(0.7));
  const d = new Float32Array(2048);
  (ht.derivative as (x: Arr, o: Arr) => Arr)(at, d);
  assertEquals([d[0], d[2047]], [1, 1]);
  assertEquals(ht.derivative(Math.fround(0.7)), 1);
  // and a float32-valued one takes the float32-lane kernel, which agrees
  const native = kernelLoop("hard_tanh", -1, 1);
  const o1 = new Float32Array(x.length);
  assert(native(x, o1));
  assertEquals(o1[xs.indexOf(0.5)], 0.5);
  assertEquals(o1[xs.indexOf(-8)], -1);
});

/**
 * How the float32 kernel behind an activation's f (k = 0) or f′ (k = 1)
 * relates to the JavaScript path: "bits" (an exact float32-lane kernel),
 * "ulp" (a float32-lane kernel that rounds twice) or "" (promoted to
 * double, or no piecewise kernel).
 */
function laneKind(act: Activation, k: 0 | 1): "bits" | "ulp" | "" {
  const table: Record<string, [string, string]> = {
    relu: ["relu", "relu_d"],
    leakyRelu: ["linear_unit", "linear_unit_d"],
    prelu: ["linear_unit", "linear_unit_d"],
    step: ["step", "zero"],
    sign: ["sign", "zero"],
    relu6: ["relu6", "relu6_d"],
    hardTanh: ["hard_tanh", "hard_tanh_d"],
    hardSigmoid: ["hard_sigmoid", "hard_sigmoid_d"],
    hardSwish: ["hard_swish", "hard_swish_d"],
  };
  const pair = table[act.id];
  if (pair === undefined) return "";
  const name = pair[k];
  if (!Object.hasOwn(NATIVE_F32_NAMES, name)) return "";
  // the general hard sigmoid (slope, offset) has kernels of its own
  if (act.id === "hardSigmoid" && !(act.params.slope === 1 / 6)) return "";
  if (name === "linear_unit") {
    // leakyRelu's default slope 0.01 is not a float32 value: within 1 ulp
    const v = act.params.slope ?? act.params.alpha!;
    if (Math.fround(v) === v) return "bits";
    return slopeWithinUlp(v) ? "ulp" : "";
  }
  if (name.startsWith("hard_tanh")) {
    const p = act.params;
    if ([p.min!, p.max!].some((v) => Math.fround(v) !== v)) return "";
  }
  return F32X_WITHIN_ULP.includes(name) ? "ulp" : "bits";
}
