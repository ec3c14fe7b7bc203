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

export function ${name}_f32(src: usize, dst: usize, n: i32, a: f64, b: f64): void {
  const va = f64x2.splat(a);
  const vb = f64x2.splat(b);
  const end = src + (<usize>n << 2);
  const d = dst - src;
  const lim = f32x4.splat(354.0);
  for (let q = src; q < end; q += 16) {
    const v = v128.load(q);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    let rl: v128;
    let rh: v128;
    // |x| < 354 in all four lanes (false for NaN): the float32 kernels;
    // otherwise the float64 ones, which handle every value.
    if (i32x4.all_true(f32x4.lt(f32x4.abs(v), lim))) {
      rl = k_${name}<f32>(lo, va, vb);
      rh = k_${name}<f32>(hi, va, vb);
    } else {
      rl = k_${name}<f64>(lo, va, vb);
      rh = k_${name}<f64>(hi, va, vb);
    }
    const dl = f32x4.demote_f64x2_zero(rl);
    const dh = f32x4.demote_f64x2_zero(rh);
    v128.store(q + d, v128.shuffle<f32>(dl, dh, 0, 1, 4, 5));
  }
}
`;
}

/**
 * Float32 kernels computed in float32 lanes (f32x4, four at a time instead
 * of promoting to two f64x2): only functions whose every result is one of
 * x, a constant or an exactly rounded f32 product of x and a parameter, so
 * that they give the same bits as the double computation rounded once
 * (tests/wasm_test.ts compares them with the JavaScript path bit for bit).
 * The loader (kernels.ts, `NATIVE_F32`) takes `<name>_f32x` only when the
 * parameters it uses are float32 values (a clamp bound or a slope that is
 * not would compare or multiply differently).
 *
 * Each entry: the loop prologue (constants as locals: a `v128.const` in
 * the loop costs three instructions per use in V8, a local none) and the
 * result for one vector `x` (after the statements `calc`, if any). `z` = 0
 * and `nan` (x's NaN lanes) are given.
 */
export const NATIVE_F32: Readonly<
  Record<
    string,
    { readonly pre: string; readonly calc?: string; readonly body: string }
  >
> = {
  relu: { pre: "", body: "v128.andnot(x, f32x4.le(x, z))" },
  relu_d: {
    pre: "const one = f32x4.splat(1.0);",
    body: "i32x4.relaxed_laneselect(x, v128.and(one, f32x4.gt(x, z)), nan)",
  },
  // as k_step: the midpoint b/2 + a/2 computed in double, rounded once
  step: {
    pre: `const va = f32x4.splat(<f32>a);
  const vb = f32x4.splat(<f32>b);
  const vh = f32x4.splat(<f32>(b * 0.5 + a * 0.5));`,
    calc: "const r = i32x4.relaxed_laneselect(va, vb, f32x4.gt(x, z));",
    body: `i32x4.relaxed_laneselect(x,
      i32x4.relaxed_laneselect(vh, r, f32x4.eq(x, z)), nan)`,
  },
  zero: { pre: "", body: "v128.and(x, nan)" },
  sign: {
    pre: `const va = f32x4.splat(<f32>a);
  const vn = f32x4.splat(<f32>-a);`,
    body:
      `i32x4.relaxed_laneselect(vn, i32x4.relaxed_laneselect(va, x, f32x4.gt(x, z)),
      f32x4.lt(x, z))`,
  },
  // a·x of two floats is exact in double, so its one f32 rounding is the
  // double path's (a must be a float32 value)
  linear_unit: {
    pre: "const va = f32x4.splat(<f32>a);",
    calc:
      "const r = i32x4.relaxed_laneselect(x, f32x4.mul(va, x), f32x4.gt(x, z));",
    body: "v128.and(r, v128.or(f32x4.eq(r, r), nan))", // 0·(−∞) is 0
  },
  linear_unit_d: {
    pre: `const one = f32x4.splat(1.0);
  const va = f32x4.splat(<f32>a);`,
    body:
      "i32x4.relaxed_laneselect(x, i32x4.relaxed_laneselect(one, va, f32x4.gt(x, z)), nan)",
  },
  relu6: {
    pre: "const six = f32x4.splat(6.0);",
    body: "i32x4.relaxed_laneselect(x, f32x4.pmin(six, f32x4.pmax(z, x)), nan)",
  },
  relu6_d: {
    pre: `const one = f32x4.splat(1.0);
  const six = f32x4.splat(6.0);`,
    body: `i32x4.relaxed_laneselect(x, v128.and(one,
      v128.and(f32x4.gt(x, z), f32x4.lt(x, six))), nan)`,
  },
  hard_sigmoid_d: {
    pre: `const sixth = f32x4.splat(<f32>(1.0 / 6.0));
  const three = f32x4.splat(3.0);
  const mthree = f32x4.splat(-3.0);`,
    body: `i32x4.relaxed_laneselect(x, v128.and(sixth,
      v128.and(f32x4.gt(x, mthree), f32x4.lt(x, three))), nan)`,
  },
  // clamp bounds a, b must be float32 values
  hard_tanh: {
    pre: `const va = f32x4.splat(<f32>a);
  const vb = f32x4.splat(<f32>b);`,
    body: "f32x4.pmin(f32x4.pmax(x, va), vb)",
  },
  hard_tanh_d: {
    pre: `const one = f32x4.splat(1.0);
  const va = f32x4.splat(<f32>a);
  const vb = f32x4.splat(<f32>b);`,
    body: `i32x4.relaxed_laneselect(x, v128.and(one,
      v128.and(f32x4.gt(x, va), f32x4.lt(x, vb))), nan)`,
  },
};

function nativeLoop(name: string): string {
  const k = NATIVE_F32[name]!;
  const one = (off: string) =>
    `{
      const x = v128.load(q${off});
      const nan = f32x4.ne(x, x);
      ${k.calc ?? ""}
      v128.store(q + d, ${k.body}${off});
    }`;
  return `
export function ${name}_f32x(src: usize, dst: usize, n: i32, a: f64, b: f64): void {
  const z = f32x4.splat(0.0);
  ${k.pre}
  const end = src + (<usize>n << 2);
  const d = dst - src;
  // eight elements per iteration: two independent vectors
  for (let q = src; q < end; q += 32) {
    ${one("")}
    ${one(", 16")}
  }
}
`;
}

/**
 * Move the kernels' splatted constants into memory: every `sp(C)` in
 * kernels.as (C a compile-time constant) becomes a 16-byte load from a
 * constant table. V8 materialises each `v128.const` with three instructions
 * (a 64-bit immediate, a move and a shuffle) at every use inside the loop;
 * a load is one, and measured 15–20% faster on the exp-based kernels.
 *
 * @param source AssemblyScript using `sp(constant)`.
 * @returns The rewritten source, with the table `CT` appended.
 */
export function constantsToMemory(source: string): string {
  const consts: string[] = [];
  const body = source.split("\n").map((line) =>
    /^\s*\/\//.test(line) ? line : line.replace(
      /(?<!function )\bsp\(([^()]+?)\)/g,
      (_m, expr: string) => {
        const e = expr.trim();
        let i = consts.indexOf(e);
        if (i < 0) i = consts.push(e) - 1;
        return `v128.load(CT, ${i * 16})`;
      },
    )
  ).join("\n");
  const table = consts.map((c) => `${c}, ${c}`).join(", ");
  return `${body}\nconst CT = memory.data<f64>([${table}], 16);\n`;
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
      Object.keys(NATIVE_F32).map(nativeLoop).join(""),
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
