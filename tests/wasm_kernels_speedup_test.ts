/**
 * The faster WebAssembly kernels of lib/_wasm/kernels.as: the float32
 * softmax / logSoftmax row kernels (float32 rows read and written in wasm
 * memory, a short exp, plain double sums) and the one-division softsign.
 *
 * Accuracy rules (not loosened):
 * - float32 softmax / logSoftmax: within 1 float32 ulp of the correctly
 *   rounded value. The reference is computed in double (Math.exp, Math.log1p,
 *   Neumaier sums) with a proven relative error below 2^-44 at the entries
 *   that matter, so the correctly rounded value is one of the float32
 *   roundings of ref·(1 ± 2^-44): the result must be within 1 ulp of both.
 * - their vjp: against the float64 kernels on the widened data, within
 *   1/2 float32 ulp plus 2^-27 of the vjp's absolute scale (S_i·max|g|/T for
 *   softmax, (|g_i| + S_i·Σ|g|)/T for logSoftmax; the analysis in
 *   kernels.as gives 2^-28.9).
 * - softsign float64: within 4 ulps (error analysis: < 1.5) of the
 *   correctly rounded value, checked here against a double-double quotient.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { activations } from "@actlab/activations";
import { wasmInstance, wasmLoops } from "../lib/_wasm/kernels.ts";
import { wasmSoftmaxRows, wasmSoftmaxVjpRows } from "../lib/_wasm/softmax.ts";
import { BLOCK_A, BLOCK_B, STATUS } from "../lib/_wasm/_layout.ts";
import { ulp32, ulpDistance } from "./support/ulp.ts";

/** The float32 ulp at |v| (the gap above the float32 at or below |v|). */
function ulpAt32(v: number): number {
  const a = Math.abs(Math.fround(v));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function rng(seed: number): () => number {
  let s = seed | 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** Neumaier's compensated sum (Neumaier 1974). */
function neumaier(xs: ArrayLike<number>, skip = -1): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    if (i === skip) continue;
    const x = xs[i]!;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
    s = t;
  }
  return s + c;
}

/**
 * Double reference of softmax / logSoftmax of one finite-maximum row:
 * relative error ≤ (|z| + 6)·2^-53 with z = (a − m)/T, which is below 2^-44
 * where the float32 result is nonzero (|z| ≤ 104).
 */
function reference(kind: "softmax" | "logSoftmax", row: number[], T: number) {
  const m = Math.max(...row);
  const am = row.indexOf(m);
  const z = row.map((a) => (a - m) / T);
  const e = z.map(Math.exp);
  const r = neumaier(e, am);
  if (kind === "softmax") return e.map((v) => v / (1 + r));
  const l = Math.log1p(r);
  return z.map((v) => v - l);
}

/** Float32 rows with the awkward cases. */
function rowsF32(n: number, count: number, seed: number): number[][] {
  const rnd = rng(seed);
  const rows: number[][] = [];
  for (let k = 0; k < count; k++) {
    const scale = [1, 10, 100, 1e-3, 800, 1e30, 3, 60][k % 8]!;
    const row = Array.from(
      { length: n },
      () => Math.fround((rnd() * 2 - 1) * scale),
    );
    if (k % 3 === 1 && n > 2) {
      // ties at the maximum
      const m = Math.max(...row);
      row[(k * 7) % n] = m;
      row[(k * 13 + 1) % n] = m;
    }
    if (k % 4 === 2 && n > 1) row[(k * 5) % n] = -Infinity;
    if (k % 5 === 3 && n > 3) {
      // a maximum far above everything: results near and below 2^-126
      row[k % n] = Math.fround(Math.max(...row) + 95 + (k % 11));
    }
    rows.push(row);
  }
  return rows;
}

Deno.test("wasm f32 rows: softmax and logSoftmax within 1 float32 ulp of the correctly rounded value", () => {
  assert(wasmInstance() !== null);
  const EPS = 2 ** -44;
  let checked = 0;
  let inexact = 0;
  for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 64, 257, 1001, 4099]) {
    const rows = rowsF32(n, n > 1000 ? 9 : 40, n * 31 + 7);
    const x = Float32Array.from(rows.flat());
    for (const kind of ["softmax", "logSoftmax"] as const) {
      for (const T of [1, 0.3, 7]) {
        const out = new Float32Array(x.length);
        const left = wasmSoftmaxRows(kind, x, n, T, out);
        assert(left !== false);
        assertEquals(left, [], `${kind} n=${n}: no row left to JS`);
        for (let r = 0; r < rows.length; r++) {
          const ref = reference(kind, rows[r]!, T);
          for (let i = 0; i < n; i++) {
            const got = out[r * n + i]!;
            const v = ref[i]!;
            const lo = Math.fround(v * (1 - EPS));
            const hi = Math.fround(v * (1 + EPS));
            if (v === -Infinity) {
              assert(got === -Infinity, `${kind} n=${n} row ${r} [${i}]`);
              continue;
            }
            assert(
              ulp32(got, lo) <= 1 && ulp32(got, hi) <= 1,
              `${kind} T=${T} n=${n} row ${r} [${i}]: ${got} vs ${v}`,
            );
            checked++;
            if (got !== Math.fround(v)) inexact++;
          }
        }
      }
    }
  }
  assert(checked > 100000, `${checked} values checked`);
  // almost always the correctly rounded value itself
  assert(inexact < checked / 1000, `${inexact} of ${checked} off by 1 ulp`);
});

Deno.test("wasm f32 rows: the float32 kernels run, and special rows are left to JavaScript untouched", () => {
  const inst = wasmInstance()!;
  const n = 6;
  const x = Float32Array.from([
    ...[1, 2, 3, 4, 5, 6],
    ...[NaN, 1, 2, 3, 4, 5], // left to JS
    ...[0, Infinity, 1, 2, 3, 4], // left to JS
    ...Array(6).fill(-Infinity), // left to JS
    ...[-Infinity, 0, 0, -Infinity, -1e30, 1e30],
  ]);
  for (const kind of ["softmax", "logSoftmax"] as const) {
    const out = new Float32Array(x.length);
    const left = wasmSoftmaxRows(kind, x, n, 1, out);
    assertEquals(left, [1, 2, 3]);
    for (let i = n; i < 4 * n; i++) assert(Object.is(out[i], x[i]), `row copy`);
    // the public path is the float32 kernel itself, bit for bit
    inst.f32.set(x);
    const name = kind === "softmax"
      ? "softmax_rows_f32"
      : "log_softmax_rows_f32";
    (inst.exports[name] as unknown as (...a: number[]) => void)(
      BLOCK_A,
      5,
      n,
      1,
      STATUS,
      BLOCK_B,
    );
    for (let i = 0; i < n; i++) assert(Object.is(out[i], inst.f32[i]));
    const last = out.subarray(4 * n);
    if (kind === "softmax") {
      assertEquals(Array.from(last), [0, 0, 0, 0, 0, 1]);
    } else {
      assertEquals(
        Array.from(last),
        [
          -Infinity,
          -1e30,
          -1e30,
          -Infinity,
          Math.fround(-2e30),
          0,
        ].map(Math.fround),
      );
    }
  }
});

Deno.test("wasm f32 rows: vjp of softmax and logSoftmax against the float64 kernels", () => {
  for (const n of [3, 5, 16, 1001]) {
    const rows = rowsF32(n, 30, n + 1);
    const a = Float32Array.from(rows.flat());
    const rnd = rng(n * 3);
    const g = a.map(() => Math.fround((rnd() * 2 - 1) * 3));
    for (const kind of ["softmax", "logSoftmax"] as const) {
      for (const T of [1, 0.3]) {
        const got = new Float32Array(a.length);
        const left = wasmSoftmaxVjpRows(kind, a, g, n, T, got);
        assertEquals(left, []);
        const want = new Float64Array(a.length);
        wasmSoftmaxVjpRows(
          kind,
          Float64Array.from(a),
          Float64Array.from(g),
          n,
          T,
          want,
        );
        let differ = 0;
        for (let r = 0; r < rows.length; r++) {
          const s = reference("softmax", rows[r]!, T);
          const gs = g.subarray(r * n, (r + 1) * n);
          const gmax = gs.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          const gabs = gs.reduce((m, v) => m + Math.abs(v), 0);
          for (let i = 0; i < n; i++) {
            const k = r * n + i;
            const scale = kind === "softmax"
              ? s[i]! * gmax / T
              : (Math.abs(g[k]!) + s[i]! * gabs) / T;
            const err = Math.abs(got[k]! - want[k]!);
            assert(
              err <=
                0.5 * Math.max(ulpAt32(want[k]!), ulpAt32(got[k]!)) +
                  2 ** -27 * scale,
              `${kind}.vjp T=${T} n=${n} [${k}]: ${got[k]} vs ${want[k]}`,
            );
            if (got[k] !== Math.fround(want[k]!)) differ++;
          }
        }
        assert(differ < a.length / 20, `${kind}.vjp: ${differ} differ`);
      }
    }
  }
});

Deno.test("wasm softsign: one division, within 2 ulps of the correctly rounded value; ±1 beyond 1e17", () => {
  const softsign = activations.find((a) => a.id === "softsign")!;
  const [f] = wasmLoops("softsign", softsign.params, 0)!;
  const rnd = rng(4242);
  const xs: number[] = [];
  for (let e = -1074; e <= 1023; e++) {
    for (let j = 0; j < 8; j++) xs.push((1 + rnd()) * 2 ** e);
  }
  for (let i = 0; i < 20000; i++) xs.push(rnd() * 20 - 10);
  xs.push(0, 2 ** 53, 2 ** 53 + 2, 1e17, 1e17 * (1 + 2 ** -52), Infinity);
  const x = Float64Array.from([...xs, ...xs.map((v) => -v), NaN]);
  const out = new Float64Array(x.length);
  assert(f(x, out));
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const a = Math.abs(v);
    let want: number;
    if (v !== v) want = NaN;
    else if (a > 1e17) want = Math.sign(v);
    else if (v === 0) want = v;
    else {
      // double-double: s = 1 + a exactly as sh + sl (Knuth's TwoSum), then
      // y = v/s to ~2^-100 by one Newton correction on q = v/sh.
      const sh = 1 + a;
      const bb = sh - a;
      const sl = (1 - bb) + (a - (sh - bb));
      const q = v / sh;
      // v − q·sh exactly via Math.fround-free Dekker product (Veltkamp)
      const split = (t: number) => {
        const c = 134217729 * t;
        const h = c - (c - t);
        return [h, t - h] as const;
      };
      const [qh, ql] = split(q);
      const [shh, shl] = split(sh);
      const p = q * sh;
      const perr = ((qh * shh - p) + qh * shl + ql * shh) + ql * shl;
      const rem = (v - p) - perr - q * sl;
      want = q + rem / sh;
    }
    if (want !== want || want === 0) {
      assert(Object.is(out[i], want), `softsign(${v}) = ${out[i]}`);
      continue;
    }
    const d = ulpDistance(out[i]!, want);
    worst = Math.max(worst, d);
    assert(d <= 2, `softsign(${v}) = ${out[i]}, want ${want}: ${d} ulps`);
  }
  assert(worst >= 1, "never off by an ulp: the reference is not independent?");
  // float32: the double result rounded once is within 1 float32 ulp
  const x32 = Float32Array.from(xs.filter((v) => Math.abs(v) < 3e38));
  const o32 = new Float32Array(x32.length);
  assert(f(x32, o32));
  for (let i = 0; i < x32.length; i++) {
    const v = x32[i]!;
    const want = Math.fround(v / (1 + Math.abs(v)));
    assert(ulp32(o32[i]!, want) <= 1, `softsign f32 (${v})`);
  }
});
