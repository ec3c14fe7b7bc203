/**
 * Builds the WebAssembly kernels: compiles `kernels.as` (AssemblyScript)
 * with the export loops generated here, and writes the module's bytes into
 * `_bytes.ts` (base64), so that importing the kernels needs no file read
 * and no `await`. `deno task wasm` runs it; `tests/wasm_test.ts` rebuilds
 * in memory and checks that the committed bytes are the same.
 *
 * The compiler is pinned in deno.json (npm:assemblyscript@0.28.20/asc, which
 * pins its Binaryen; deno.lock pins both), so the build is deterministic.
 *
 * @module
 */
import asc from "assemblyscript/asc";
import { MAX_MEMORY_PAGES, MEMORY_PAGES } from "./_layout.ts";

/** The kernels: name in kernels.as (`k_<name>`) → exported `<name>_f64` / `<name>_f32`. */
export const KERNEL_NAMES = [
  "exp",
  "relu",
  "relu_d",
  "linear_unit",
  "linear_unit_d",
  "step",
  "zero",
  "sign",
  "sigmoid",
  "sigmoid_d",
  "tanh",
  "tanh_d",
  "exp_unit",
  "exp_unit_d",
  "elu1",
  "softplus",
  "silu",
  "silu_d",
  "relu6",
  "relu6_d",
  "hard_sigmoid",
  "hard_sigmoid_d",
  "hard_sigmoid_g",
  "hard_sigmoid_g_d",
  "hard_swish",
  "hard_swish_d",
  "hard_tanh",
  "hard_tanh_d",
  "celu",
  "celu_d",
  "log_sigmoid",
  "log_sigmoid_d",
  "softsign",
  "softsign_d",
  "mish",
  "mish_d",
] as const;

function exportLoops(name: string): string {
  const f64 = Object.hasOwn(PIECEWISE, name) ? "" : genericF64(name);
  return f64 + genericF32(name);
}

function genericF64(name: string): string {
  // src and dst: byte offsets of the input and the output (equal: in
  // place; else disjoint). d = dst − src wraps in u32 arithmetic, which is
  // what the address computation needs either way.
  return `
export function ${name}_f64(src: usize, dst: usize, n: i32, a: f64, b: f64): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const end = src + (<usize>n << 3);
  const d = dst - src;
  // two vectors per iteration: independent chains for the out-of-order core
  for (let q = src; q < end; q += 32) {
    const x0 = v128.load(q);
    const x1 = v128.load(q, 16);
    v128.store(q + d, k_${name}<f64>(x0, va, vb));
    v128.store(q + d, k_${name}<f64>(x1, va, vb), 16);
  }
}
`;
}

/**
 * Float32 loops that do part of a kernel in f32x4 lanes, four values an
 * instruction instead of two: `pre` maps the loaded vector `v` to the
 * value `u` whose promotion the double `core` (a function of kernels.as,
 * `(u, va, vb)`) takes, and `post` maps the packed float32 results `r`
 * (with `v`, `va32` = a as float32) to the stored ones. Both are exact
 * operations on float32 values: negation, the sign bit, doubling (|x| < 354
 * there, as the loop checks), min(x, 0), selects of x or of a constant
 * rounded once, so the results are those of the kernel itself. Lanes with
 * |x| ≥ 354 or NaN take the float64 kernel `k_<name>` as in every loop.
 */
export const F32_LANES: Readonly<
  Record<string, { pre?: string; core: string; post?: string }>
> = {
  // σ(x) = 1/(1 + e^u), u = −x
  sigmoid: { pre: "f32x4.neg(v)", core: "c_sigmoid" },
  // σ'(x) = e/(1 + e)², e = e^u, u = −|x|
  sigmoid_d: { pre: "v128.or(v, sp32(-0.0))", core: "c_sigmoid_d" },
  // tanh x = E/(E + 2), E = expm1(2x); −0 given its sign back
  tanh: {
    core: "c_tanh",
    post: "v128.or(r, v128.and(v, sp32(-0.0)))",
  },
  // tanh'(x) = t/h², t = e^{2u}, u = −|x|
  tanh_d: { pre: "v128.or(v, sp32(-0.0))", core: "c_tanh_d" },
  // ELU (α = 1): x for x ≥ 0, expm1(u) for u = min(x, 0) (k_elu1)
  elu1: {
    pre: "f32x4.pmin(v, sp32(0.0))",
    core: "c_expm1",
    post: "i32x4.relaxed_laneselect(v, r, f32x4.ge(v, sp32(0.0)))",
  },
  // ELU' / SELU': a for x > 0, b·e^u for u = min(x, 0) (k_exp_unit_d)
  exp_unit_d: {
    pre: "f32x4.pmin(v, sp32(0.0))",
    core: "c_mul_exp",
    post: "i32x4.relaxed_laneselect(va32, r, f32x4.gt(v, sp32(0.0)))",
  },
};

function genericF32(name: string): string {
  const lane = F32_LANES[name];
  // the two f64x2 halves of the f32x4 vector `v` as `lo`, `hi`
  const halves = (v: string) =>
    `const lo = f64x2.promote_low_f32x4(${v});
      const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(${v}, ${v}, 2, 3, 0, 1));`;
  // |x| < 354 in all four lanes (false for NaN): the float32 kernels (or
  // pre, the core, post); otherwise the float64 ones, which handle every
  // value
  const body = lane
    ? `if (i32x4.all_true(f32x4.lt(f32x4.abs(v), lim))) {
      const u = ${lane.pre ?? "v"};
      ${halves("u")}
      const r = demote2(${lane.core}(lo, va, vb), ${lane.core}(hi, va, vb));
      v128.store(q + d, ${lane.post ?? "r"});
    } else {
      ${halves("v")}
      v128.store(q + d, demote2(k_${name}<f64>(lo, va, vb), k_${name}<f64>(hi, va, vb)));
    }`
    : `${halves("v")}
    let rl: v128;
    let rh: v128;
    if (i32x4.all_true(f32x4.lt(f32x4.abs(v), lim))) {
      rl = k_${name}<f32>(lo, va, vb);
      rh = k_${name}<f32>(hi, va, vb);
    } else {
      rl = k_${name}<f64>(lo, va, vb);
      rh = k_${name}<f64>(hi, va, vb);
    }
    v128.store(q + d, demote2(rl, rh));`;
  return `
export function ${name}_f32(src: usize, dst: usize, n: i32, a: f64, b: f64): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const va32 = f32x4.splat(<f32>a);
  const end = src + (<usize>n << 2);
  const d = dst - src;
  const lim = sp32(354.0);
  for (let q = src; q < end; q += 16) {
    const v = v128.load(q);
    ${body}
  }
}
`;
}

/**
 * The piecewise-linear kernels as loops of their own, written once for
 * both lane types: `F` stands for `f64x2` / `f32x4`, `SEL(a, b, m)` for the
 * lane type's `relaxed_laneselect` (equal to `v128.bitselect` on the
 * all-ones / all-zeros masks of comparisons, one instruction on x64) and
 * `<T>` for the element type, `K(c)` for a constant vector (`sp` / `sp32`,
 * loaded from the constant table: see `constantsToMemory`; a local holding
 * a splat of a literal would be folded back into a `v128.const` at every
 * use by Binaryen, which V8 rebuilds each time). Constants and parameters
 * are set up before the loop (`pre`); the loop handles four vectors a turn.
 *
 * - `<name>_f64` replaces the generic float64 loop (same formulas as the
 *   `k_<name>` functions of kernels.as, same bits);
 * - `<name>_f32x` (where `f32` is not false) computes float32 data in
 *   float32 lanes, four at a time instead of promoting to two f64x2. Most
 *   are functions whose every result is x, a constant, or an exactly
 *   rounded f32 product of x and a float32 parameter, so that they give the
 *   bits of the double computation rounded once (tests/wasm_resident_test.ts
 *   compares them with the JavaScript path bit for bit); the loader
 *   (kernels.ts, `NATIVE_F32_NAMES`) takes them only when the parameters
 *   they use are float32 values (a clamp bound that is not would compare
 *   differently). The others round twice and stay within the float32
 *   kernels' 1-ulp rule (kernels.ts, `F32X_WITHIN_ULP`): hard sigmoid and
 *   hard swish' (checked for every float32 input), and a slope that is not
 *   a float32 value but a normal one (its rounding, relative ≤ 2^-24, and
 *   the product's leave the result within 1.5 ulps of the exact product, so
 *   within 1 ulp of its correct rounding).
 *
 * Each entry: the prologue, statements `calc` for one vector `x` and the
 * result `body`; `z` (zeros) and `nan` (x's NaN lanes) are given.
 */
export const PIECEWISE: Readonly<
  Record<
    string,
    {
      readonly pre: string;
      readonly calc?: string;
      readonly body: string;
      readonly f32?: false;
    }
  >
> = {
  relu: { pre: "", body: "v128.andnot(x, F.le(x, z))" },
  relu_d: {
    pre: "const one = K(1.0);",
    body: "SEL(x, v128.and(one, F.gt(x, z)), nan)",
  },
  // the midpoint b/2 + a/2 computed in double, rounded once
  step: {
    pre: `const va = F.splat(<T>a);
  const vb = F.splat(<T>b);
  const vh = F.splat(<T>(b * 0.5 + a * 0.5));`,
    calc: "const r = SEL(va, vb, F.gt(x, z));",
    body: "SEL(x, SEL(vh, r, F.eq(x, z)), nan)",
  },
  zero: { pre: "", body: "v128.and(x, nan)" },
  sign: {
    pre: `const va = F.splat(<T>a);
  const vn = F.splat(<T>-a);`,
    body: "SEL(vn, SEL(va, x, F.gt(x, z)), F.lt(x, z))",
  },
  // a·x of two floats is exact in double, so its one f32 rounding is the
  // double path's (a must be a float32 value); 0·(−∞) is 0
  linear_unit: {
    pre: "const va = F.splat(<T>a);",
    calc: "const r = SEL(x, F.mul(va, x), F.gt(x, z));",
    body: "v128.and(r, v128.or(F.eq(r, r), nan))",
  },
  linear_unit_d: {
    pre: `const one = K(1.0);
  const va = F.splat(<T>a);`,
    body: "SEL(x, SEL(one, va, F.gt(x, z)), nan)",
  },
  // pmax(x, 0) = x < 0 ? 0 : x and pmin(t, 6) = 6 < t ? 6 : t keep a NaN
  // (every comparison with it is false); + 0 turns −0 into +0
  relu6: {
    pre: "const six = K(6.0);",
    body: "F.add(F.pmin(F.pmax(x, z), six), z)",
  },
  relu6_d: {
    pre: `const one = K(1.0);
  const six = K(6.0);`,
    body: "SEL(x, v128.and(one, v128.and(F.gt(x, z), F.lt(x, six))), nan)",
  },
  // (x + 3)·fl(1/6), clamped to [0, 1] (k_hard_sigmoid)
  hard_sigmoid: {
    pre: `const one = K(1.0);
  const three = K(3.0);
  const sixth = K(SIXTH);`,
    // the clamp as relu6's keeps a NaN; y is never −0 (−3 + 3 = +0). In
    // float32 lanes fl(fl(x + 3)·fl32(1/6)) rounds twice: within 1 float32
    // ulp of the double result rounded once (every float32 |x| < 3 checked,
    // tests/wasm_f32_exhaustive_test.ts)
    body: "F.pmin(F.pmax(F.mul(F.add(x, three), sixth), z), one)",
  },
  hard_sigmoid_d: {
    pre: `const sixth = K(SIXTH);
  const three = K(3.0);
  const mthree = K(-3.0);`,
    body: `SEL(x, v128.and(sixth,
      v128.and(F.gt(x, mthree), F.lt(x, three))), nan)`,
  },
  // y = a·x + b clamped to [0, 1] (k_hard_sigmoid_g): NaN lanes of y
  hard_sigmoid_g: {
    pre: `const one = K(1.0);
  const va = F.splat(<T>a);
  const vb = F.splat(<T>b);`,
    calc: `const y = F.add(F.mul(va, x), vb);
      const inner = SEL(y, one, F.lt(y, one));`,
    body: "SEL(y, SEL(inner, z, F.gt(y, z)), F.ne(y, y))",
    f32: false,
  },
  hard_sigmoid_g_d: {
    pre: `const one = K(1.0);
  const va = F.splat(<T>a);
  const vb = F.splat(<T>b);`,
    calc: "const y = F.add(F.mul(va, x), vb);",
    body: `SEL(y, v128.and(va, v128.and(F.gt(y, z), F.lt(y, one))),
      F.ne(y, y))`,
    f32: false,
  },
  // x(x + 3)·fl(1/6) on (−3, 3), x beyond, 0 below (k_hard_swish). The
  // selects test x ≥ 3 and x ≤ −3, false for NaN, so y = NaN passes
  // through both (no NaN mask)
  hard_swish: {
    pre: `const three = K(3.0);
  const mthree = K(-3.0);
  const sixth = K(SIXTH);`,
    calc: `const y = F.mul(F.mul(x, F.add(x, three)), sixth);
      const inner = SEL(x, y, F.ge(x, three));`,
    body: "SEL(z, inner, F.le(x, mthree))",
    f32: false,
  },
  // in float32 lanes within 1 ulp, as hard_sigmoid (2x is exact)
  hard_swish_d: {
    pre: `const one = K(1.0);
  const three = K(3.0);
  const mthree = K(-3.0);
  const sixth = K(SIXTH);`,
    calc: `const y = F.mul(F.add(F.add(x, x), three), sixth);
      const inner = SEL(one, y, F.ge(x, three));`,
    body: "SEL(z, inner, F.le(x, mthree))", // NaN passes, as hard_swish
  },
  // pmax(x, a) = x < a ? a : x, pmin(r, b) = b < r ? b : r: NaN, ±0 kept
  // (clamp bounds a, b must be float32 values for the f32x loop)
  hard_tanh: {
    pre: `const va = F.splat(<T>a);
  const vb = F.splat(<T>b);`,
    body: "F.pmin(F.pmax(x, va), vb)",
  },
  hard_tanh_d: {
    pre: `const one = K(1.0);
  const va = F.splat(<T>a);
  const vb = F.splat(<T>b);`,
    body: `SEL(x, v128.and(one, v128.and(F.gt(x, va), F.lt(x, vb))), nan)`,
  },
};

/** The names with a float32-lane loop (`<name>_f32x`). */
export const NATIVE_F32: readonly string[] = Object.keys(PIECEWISE).filter(
  (k) => PIECEWISE[k]!.f32 !== false,
);

/** Elements per loop turn of the piecewise loops (four vectors). */
export const TURN = { f64: 8, f32: 16 } as const;

// vectors per turn of the piecewise loops
const UNROLL = 4;

function piecewiseLoop(name: string, lanes: "f64" | "f32"): string {
  const k = PIECEWISE[name]!;
  const F = lanes === "f64" ? "f64x2" : "f32x4";
  const T = lanes === "f64" ? "f64" : "f32";
  const SEL = lanes === "f64"
    ? "i64x2.relaxed_laneselect"
    : "i32x4.relaxed_laneselect";
  const fill = (code: string) =>
    code.replaceAll("F.", `${F}.`).replaceAll("SEL(", `${SEL}(`)
      .replaceAll("<T>", `<${T}>`)
      .replaceAll("K(", lanes === "f64" ? "sp(" : "sp32(");
  const one = (off: number) =>
    `{
      const x = v128.load(q, ${off});
      const nan = ${F}.ne(x, x);
      ${fill(k.calc ?? "")}
      v128.store(q + d, ${fill(k.body)}, ${off});
    }`;
  const shift = lanes === "f64" ? 3 : 2;
  return `
export function ${name}_${
    lanes === "f64" ? "f64" : "f32x"
  }(src: usize, dst: usize, n: i32, a: f64, b: f64): void {
  const z = ${lanes === "f64" ? "sp(0.0)" : "sp32(0.0)"};
  ${fill(k.pre)}
  const end = src + (<usize>n << ${shift});
  const d = dst - src;
  for (let q = src; q < end; q += ${16 * UNROLL}) {
    ${Array.from({ length: UNROLL }, (_, i) => one(16 * i)).join("\n    ")}
  }
}
`;
}

/**
 * Move the kernels' splatted constants into memory: every `sp(C)` (f64x2)
 * and `sp32(C)` (f32x4) in the source (C a compile-time constant) becomes a
 * 16-byte load from a constant table. V8 materialises each `v128.const` with three instructions
 * (a 64-bit immediate, a move and a shuffle) at every use inside the loop;
 * a load is one, and measured 15–20% faster on the exp-based kernels.
 *
 * @param source AssemblyScript using `sp(constant)` / `sp32(constant)`.
 * @returns The rewritten source, with the tables `CT` (and `CT32`)
 * appended.
 */
export function constantsToMemory(source: string): string {
  const tables = { sp: [] as string[], sp32: [] as string[] };
  const body = source.split("\n").map((line) =>
    /^\s*\/\//.test(line) ? line : line.replace(
      /(?<!function )\b(sp|sp32)\(([^()]+?)\)/g,
      (_m, fn: "sp" | "sp32", expr: string) => {
        const consts = tables[fn];
        const e = expr.trim();
        let i = consts.indexOf(e);
        if (i < 0) i = consts.push(e) - 1;
        return `v128.load(${fn === "sp" ? "CT" : "CT32"}, ${i * 16})`;
      },
    )
  ).join("\n");
  const t64 = tables.sp.map((c) => `${c}, ${c}`).join(", ");
  const t32 = tables.sp32.map((c) => Array(4).fill(`<f32>(${c})`).join(", "))
    .join(", ");
  return `${body}\nconst CT = memory.data<f64>([${t64}], 16);\n` +
    (t32 === "" ? "" : `const CT32 = memory.data<f32>([${t32}], 16);\n`);
}

/**
 * Compile the kernels.
 *
 * @returns The module's bytes.
 */
export async function buildWasm(): Promise<Uint8Array> {
  const source = await Deno.readTextFile(
    new URL("./kernels.as", import.meta.url),
  );
  const full = constantsToMemory(
    source + KERNEL_NAMES.map(exportLoops).join("") +
      Object.keys(PIECEWISE).map((k) => piecewiseLoop(k, "f64")).join("") +
      NATIVE_F32.map((k) => piecewiseLoop(k, "f32")).join(""),
  );
  const result = await asc.compileString({ "kernels.ts": full }, {
    optimizeLevel: 3,
    shrinkLevel: 0,
    runtime: "stub",
    noAssert: true,
    enable: ["simd", "relaxed-simd"],
    initialMemory: MEMORY_PAGES,
    maximumMemory: MAX_MEMORY_PAGES,
    use: ["abort="],
  });
  const errors = result.stderr.toString();
  if (!result.binary || /ERROR/.test(errors)) {
    throw new Error(`AssemblyScript failed:\n${errors}`);
  }
  return result.binary;
}

/**
 * The text of `_bytes.ts` for given module bytes.
 *
 * @param bytes The module.
 * @returns TypeScript source.
 */
export function bytesModule(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) {
    lines.push(`  "${b64.slice(i, i + 76)}"`);
  }
  return `// Generated by \`deno task wasm\` (lib/_wasm/build.ts) from kernels.as:
// do not edit. ${bytes.length} bytes of WebAssembly, base64.

/** The kernels module, base64-encoded. */
export const WASM_BASE64: string =
${lines.join(" +\n")};
`;
}

if (import.meta.main) {
  const bytes = await buildWasm();
  const target = new URL("./_bytes.ts", import.meta.url);
  await Deno.writeTextFile(target, bytesModule(bytes));
  console.log(`wrote ${target.pathname}: ${bytes.length} bytes of wasm`);
}
