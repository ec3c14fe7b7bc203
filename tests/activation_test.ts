import { assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import {
  checkParam,
  defineActivation,
  isActivation,
} from "../lib/activation.ts";
import {
  closureLoop,
  compiledLoop,
  compiledLoopCount,
  elementwise,
  loopMode,
  setLoopCompilation,
} from "../lib/_elementwise.ts";
import { describeValue } from "../lib/_validate.ts";
import { activations } from "../lib/activations/mod.ts";

// Long enough to cross several 8192-element chunks, with a ragged tail.
const N = 3 * 8192 + 17;
function grid(n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = -30 + (60 * i) / (n - 1);
  x[5] = NaN;
  x[8191] = Infinity;
  x[8192] = -Infinity;
  x[16384] = -0;
  return x;
}

Deno.test("elementwise() on long typed arrays (chunked loops)", async (t) => {
  const x = grid(N);
  const [step, sign, , , , leakyRelu, prelu, elu, selu] = activations;
  const variants = [
    ...activations,
    step!.with({ lambda: 3 }),
    sign!.with({ lambda: 2 }),
    leakyRelu!.with({ slope: 0 }),
    leakyRelu!.with({ slope: -0.5 }),
    prelu!.with({ alpha: 0 }),
    elu!.with({ alpha: 2 }),
    elu!.with({ alpha: 0 }),
    selu!.with({ alpha: 1.5, lambda: 1.1 }),
  ];
  for (const act of variants) {
    await t.step(`${act}: every element equals the scalar kernel`, () => {
      for (const fn of [act, act.derivative]) {
        const y = fn(x);
        const y32 = fn(new Float32Array(x));
        for (let i = 0; i < N; i++) {
          const want = fn(x[i]!);
          if (!Object.is(y[i], want)) {
            throw new Error(`${act.id} at ${i}: ${y[i]} != ${want}`);
          }
          const want32 = Math.fround(fn(Math.fround(x[i]!)));
          if (!Object.is(y32[i], want32)) {
            throw new Error(`${act.id} f32 at ${i}: ${y32[i]} != ${want32}`);
          }
        }
      }
    });
  }
  await t.step("in place (out === x) and on views with an offset", () => {
    const a = grid(N);
    const want = activations[2]!(grid(N));
    const r = activations[2]!(a, a);
    assertStrictEquals(r, a);
    assertEquals(a, want);
    const big = grid(N + 100);
    const view = big.subarray(100);
    const out = new Float64Array(N);
    activations[4]!(view, out);
    for (let i = 0; i < N; i++) {
      if (!Object.is(out[i], activations[4]!(big[100 + i]!))) {
        throw new Error(`view at ${i}`);
      }
    }
  });
  await t.step("number[] keeps its own path", () => {
    const arr = Array.from(grid(N));
    const y = activations[3]!(arr);
    assertEquals(Array.isArray(y), true);
    assertEquals(y.length, N);
    assertEquals(y[100], activations[3]!(arr[100]!));
  });
});

Deno.test("elementwise() builds the four overloads from scalar kernels", () => {
  // The scalar kernel serves numbers, the in-loop kernel arrays; they must
  // agree — here they differ on purpose, to show which one runs where.
  const f = elementwise((x) => 2 * x, (x) => 2 * x + 0.5);
  assertEquals(f(3), 6);
  assertEquals(f([1, 2]), [2.5, 4.5]);
  assertEquals(f(new Float64Array([1, 2])), new Float64Array([2.5, 4.5]));
  assertEquals(f(new Float32Array([1])), new Float32Array([2.5]));
  const g = elementwise((x) => x * x);
  assertEquals(g([3]), [9]);
  const long = g(new Float64Array(3 * 8192 + 1).fill(3));
  assertEquals(long.every((v) => v === 9), true);
});

Deno.test("checkParam()", async (t) => {
  const spec = {
    default: 1,
    min: 0,
    symbol: "a",
    description: "",
    explore: [0, 1] as const,
  };
  await t.step(
    "basic",
    () => assertEquals(checkParam("alpha", 0.5, spec), 0.5),
  );
  await t.step("errors", () => {
    assertThrows(
      () => checkParam("alpha", NaN, spec),
      RangeError,
      "`alpha` must be a finite number >= 0: current value is NaN",
    );
    assertThrows(
      () => checkParam("alpha", -1, spec),
      RangeError,
      "current value is -1",
    );
    assertThrows(
      () => checkParam("alpha", "1", spec),
      TypeError,
      '`alpha` must be a number: current value is "1"',
    );
    assertThrows(
      () => checkParam("lambda", 0, { ...spec, exclusiveMin: true }),
      RangeError,
      "> 0",
    );
  });
});

Deno.test("describeValue() and isActivation()", () => {
  assertEquals(describeValue(-0), "-0");
  assertEquals(describeValue([1, 2]), "an array of length 2");
  assertEquals(
    describeValue(new Float32Array(2)),
    "a Float32Array of length 2",
  );
  assertEquals(isActivation(activations[0]), true);
  assertEquals(isActivation(() => 0), false);
  const custom = defineActivation({
    id: "double",
    label: "Double",
    params: {},
    kernels: () => ({ f: (x) => 2 * x, df: (x) => (x === x ? 2 : x) }),
    formula: () => ({ f: "2x", df: "2" }),
    traits: () => ({
      saturating: false,
      saturates: { negative: false, positive: false },
      monotonic: true,
      derivativeMonotonic: true,
      zeroCentered: true,
      range: [-Infinity, Infinity],
      smoothness: "smooth",
    }),
    description: "",
    references: [],
  });
  assertEquals(isActivation(custom), true);
  assertEquals(custom(new Float64Array(20000)).length, 20000);
  assertEquals(String(custom), "Activation Double");
});
