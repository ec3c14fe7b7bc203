import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
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
import { setWasmEnabled } from "../lib/_wasm/kernels.ts";
import fc from "fast-check";
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
  // The JavaScript loops, bit for bit the scalar kernels: the WebAssembly
  // kernels, which take long Float64Array/Float32Array inputs where they
  // exist, are off here (tests/wasm_test.ts holds them to the accuracy
  // bounds instead).
  setWasmEnabled(false);
  try {
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
  } finally {
    setWasmEnabled(true);
  }
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

Deno.test("elementwise() input types (issue 12)", async (t) => {
  const sigmoid = activations[2]!;
  const relu = activations[4]!;
  await t.step("integer typed arrays give a Float64Array", () => {
    const values = [-128, -1, 0, 1, 7, 127];
    const kinds = [
      Int8Array,
      Uint8Array,
      Uint8ClampedArray,
      Int16Array,
      Uint16Array,
      Int32Array,
      Uint32Array,
    ];
    for (const Kind of kinds) {
      const x = new Kind(values);
      for (const fn of [sigmoid, sigmoid.derivative]) {
        const y = fn(x);
        assertInstanceOf(y, Float64Array);
        assertEquals(Array.from(y), Array.from(x, (v) => fn(v)), Kind.name);
        const out = new Float64Array(x.length);
        assertStrictEquals(fn(x, out), out);
        assertEquals(out, y);
        assertThrows(
          () => fn(x, new Float32Array(x.length) as never),
          TypeError,
          `\`out\` must be a Float64Array for an integer ${Kind.name} input`,
        );
      }
      assertEquals(Array.from(x), Array.from(new Kind(values)), "unchanged");
    }
    // Uint32 above 2^31 and Int32 extremes are read as numbers, not wrapped
    assertEquals(
      relu(new Uint32Array([4294967295]))[0],
      4294967295,
    );
    assertEquals(relu(new Int32Array([-2147483648]))[0], 0);
  });
  await t.step(
    "Float16Array in and out, computed in double, rounded once",
    () => {
      const x = new Float16Array([-3.5, -0.1, 0, 0.5, 2, 65504, -65504, NaN]);
      for (const fn of [sigmoid, sigmoid.derivative, relu]) {
        const y = fn(x);
        assertInstanceOf(y, Float16Array);
        for (let i = 0; i < x.length; i++) {
          const want = Math.f16round(fn(x[i]!));
          assert(Object.is(y[i], want), `${i}: ${y[i]} vs ${want}`);
        }
        const out = new Float16Array(x.length);
        assertStrictEquals(fn(x, out), out);
        assertThrows(
          () => fn(x, new Float64Array(x.length) as never),
          TypeError,
          "`out` must be a Float16Array",
        );
      }
      // rounded once: σ(−0.1) in double, then to half (not via float32)
      const s = sigmoid(new Float16Array([-0.1]))[0]!;
      assertEquals(s, Math.f16round(sigmoid(Math.f16round(-0.1))));
    },
  );
  await t.step("bigint input is a TypeError that says so", () => {
    assertThrows(
      () => sigmoid(1n as never),
      TypeError,
      "current value is 1n (a bigint)",
    );
    assertThrows(
      () => sigmoid(new BigInt64Array(2) as never),
      TypeError,
      "a BigInt64Array of length 2, whose elements are bigints",
    );
    assertThrows(
      () => sigmoid.derivative(new BigUint64Array(1) as never),
      TypeError,
      "whose elements are bigints",
    );
    assertThrows(() => sigmoid([1n] as never), TypeError, "`x[0]`");
    assertThrows(
      () => sigmoid(new DataView(new ArrayBuffer(8)) as never),
      TypeError,
      "`x` must be",
    );
  });
});

Deno.test("elementwise() `out` (issue 10)", async (t) => {
  const relu = activations[4]!;
  const sigmoid = activations[2]!;
  await t.step("partial overlap works as if the input were copied", () => {
    // the reproduction of issue 10: relu(b[0..5), b[1..6))
    const b = new Float64Array([1, 2, 3, 4, 5, 6]);
    relu(b.subarray(0, 5), b.subarray(1, 6));
    assertEquals(Array.from(b), [1, 1, 2, 3, 4, 5]);
    const c = new Float64Array([1, 2, 3, 4, 5, 6]);
    relu(c.subarray(1, 6), c.subarray(0, 5));
    assertEquals(Array.from(c), [2, 3, 4, 5, 6, 6]);
    // long arrays (chunked) and a shift of one element
    const n = 3 * 8192 + 5;
    const big = new Float64Array(n + 1);
    for (let i = 0; i <= n; i++) big[i] = i - 100;
    const want = sigmoid(big.slice(0, n));
    sigmoid(big.subarray(0, n), big.subarray(1, n + 1));
    assertEquals(big.subarray(1), want);
    // Float32 views of one buffer
    const f = new Float32Array([-1, 2, -3, 4]);
    relu(f.subarray(0, 3), f.subarray(1, 4));
    assertEquals(Array.from(f), [-1, 0, 2, 0]);
    // an integer input and a Float64Array out over the same bytes
    const buf = new ArrayBuffer(32);
    const ints = new Int32Array(buf, 0, 4);
    ints.set([-5, 6, -7, 8]);
    const out = new Float64Array(buf, 0, 4);
    relu(ints, out);
    assertEquals(Array.from(out), [0, 6, 0, 8]);
  });
  await t.step("in place stays in place", () => {
    const a = new Float64Array([-1, 2]);
    assertStrictEquals(relu(a, a), a);
    assertEquals(Array.from(a), [0, 2]);
    const arr = [-1, 2];
    assertStrictEquals(relu(arr, arr), arr);
    assertEquals(arr, [0, 2]);
  });
  await t.step(
    "a frozen or read-only `out` is a TypeError naming `out`",
    () => {
      const frozen = Object.freeze([0, 0]) as number[];
      assertThrows(
        () => relu([1, 2], frozen),
        TypeError,
        "`out` must be a writable array",
      );
      const sealed = Object.seal([0, 0]);
      assertEquals(relu([1, -2], sealed), [1, 0]); // sealed is still writable
      const one: number[] = [0, 0];
      Object.defineProperty(one, 1, { value: 0, writable: false });
      assertThrows(
        () => relu([1, 2], one),
        TypeError,
        "`out` must be a writable array",
      );
      const holes = Object.preventExtensions(new Array<number>(2));
      assertThrows(() => relu([1, 2], holes), TypeError, "`out`");
      // an empty frozen out for an empty input is fine
      assertEquals(relu([], Object.freeze([]) as never), []);
    },
  );
});

Deno.test("elementwise() loops are compiled lazily (issue 11)", () => {
  const f = elementwise((x) => x + 1);
  assertEquals(compiledLoopCount(f), 0);
  assertEquals(f(1), 2);
  assertEquals(compiledLoopCount(f), 0, "a number needs no loop");
  f([1]);
  assertEquals(compiledLoopCount(f), 1);
  f([2, 3]);
  f(new Float64Array(3));
  assertEquals(compiledLoopCount(f), 2, "one per element kind");
  f(new Int8Array(3));
  f(new Float32Array(3));
  assertEquals(compiledLoopCount(f), 4);
  // .with() compiles nothing until used
  const elu = activations[7]!;
  const e2 = elu.with({ alpha: 2 });
  assertEquals(compiledLoopCount(e2), 0);
  assertEquals(compiledLoopCount(e2.derivative), 0);
  e2(new Float64Array(4));
  assertEquals(compiledLoopCount(e2), 1);
  assertEquals(compiledLoopCount(e2.derivative), 0);
});

Deno.test("elementwise() fallback loops give the compiled results", async (t) => {
  const x = grid(N);
  const inputs: [string, ArrayLike<number>][] = [
    ["f64", x],
    ["f32", new Float32Array(x)],
    ["array", Array.from(x)],
  ];
  await t.step("in process: closureLoop vs compiledLoop", () => {
    assertEquals(loopMode(), "compiled");
    for (const act of activations) {
      for (const fn of [act, act.derivative]) {
        const scalar = (v: number) => fn(v);
        const a = new Float64Array(N);
        const b = new Float64Array(N);
        compiledLoop(scalar)(x, a, N);
        closureLoop(scalar)(x, b, N);
        assertEquals(a, b, act.id);
      }
    }
    setLoopCompilation(false);
    try {
      assertEquals(loopMode(), "closure");
      for (const act of activations) {
        const fresh = act.with({});
        for (const [name, input] of inputs) {
          const got = fresh(input as Float64Array);
          const want = act(input as Float64Array);
          assertEquals(got, want, `${act.id} ${name}`);
        }
      }
    } finally {
      setLoopCompilation(true);
    }
  });
  await t.step(
    "under --disallow-code-generation-from-strings (as a strict CSP)",
    async () => {
      // A child process where `new Function` throws, as under a
      // Content-Security-Policy without 'unsafe-eval': every activation
      // must still work, with the same bits as the compiled loops here.
      const mod = new URL("../lib/activations/mod.ts", import.meta.url).href;
      const el = new URL("../lib/_elementwise.ts", import.meta.url).href;
      const code = `
        import { activations } from "${mod}";
        import { loopMode } from "${el}";
        let evalBlocked = false;
        try { new Function("return 1"); } catch { evalBlocked = true; }
        const n = ${N};
        const x = new Float64Array(n);
        for (let i = 0; i < n; i++) x[i] = -30 + (60 * i) / (n - 1);
        x[5] = NaN; x[8191] = Infinity; x[8192] = -Infinity; x[16384] = -0;
        const out = {};
        for (const a of activations) {
          for (const [k, fn] of [["f", a], ["df", a.derivative]]) {
            out[a.id + "." + k] = [
              Array.from(new Uint32Array(fn(x).buffer)),
              Array.from(new Uint32Array(fn(new Float32Array(x)).buffer)),
              fn(Array.from(x)).map(String),
            ];
          }
        }
        console.log(JSON.stringify({ evalBlocked, mode: loopMode(), out }));
      `;
      const res = await new Deno.Command(Deno.execPath(), {
        args: [
          "eval",
          "--v8-flags=--disallow-code-generation-from-strings",
          code,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert(res.success, new TextDecoder().decode(res.stderr));
      const child = JSON.parse(new TextDecoder().decode(res.stdout));
      assertEquals(child.evalBlocked, true);
      assertEquals(child.mode, "closure");
      for (const a of activations) {
        for (const [k, fn] of [["f", a], ["df", a.derivative]] as const) {
          const want = [
            Array.from(new Uint32Array(fn(x).buffer)),
            Array.from(new Uint32Array(fn(new Float32Array(x)).buffer)),
            fn(Array.from(x)).map(String),
          ];
          assertEquals(child.out[`${a.id}.${k}`], want, `${a.id}.${k}`);
        }
      }
    },
  );
});

Deno.test("with() accepts only declared parameters (issue 10)", () => {
  const elu = activations[7]!;
  const sigmoid = activations[2]!;
  for (const key of ["toString", "constructor", "valueOf", "hasOwnProperty"]) {
    assertThrows(
      () => elu.with({ [key]: 1 } as never),
      TypeError,
      `\`${key}\` is not a parameter of elu: it has \`alpha\``,
    );
    assertThrows(
      () => sigmoid.with({ [key]: 1 } as never),
      TypeError,
      "it has none",
    );
  }
  assertThrows(
    () => elu.with(JSON.parse('{"__proto__": 1}')),
    TypeError,
    "is not a parameter of elu",
  );
  assertThrows(
    () => elu.with({ "a b\n<img>": 1 } as never),
    TypeError,
    '"a b\\n<img>" is not a parameter of elu',
  );
  assertThrows(
    () => elu.with([] as never),
    TypeError,
    "`params` must be an object",
  );
  assertThrows(() => elu.with(null as never), TypeError, "`params`");
  assertThrows(
    () => elu.with({ [Symbol("alpha")]: 1 } as never),
    TypeError,
    "a symbol is not a parameter of elu",
  );
  assertThrows(
    () => elu.with({ alpha: 1n } as never),
    TypeError,
    "`alpha` must be a number: current value is 1n (a bigint)",
  );
  assertEquals(elu.with(undefined as never).params, { alpha: 1 });
  assertEquals(String(elu.with({ alpha: 2 })), "Activation ELU (alpha=2)");
  assertEquals(sigmoid.name, "sigmoid");
  assertEquals(sigmoid.derivative.name, "sigmoid.derivative");
});

/** Any value a caller might pass where a number or an option belongs. */
const anyValue = fc.oneof(
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    NaN,
    Infinity,
    -Infinity,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    -1e308,
  ),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(Symbol("s")),
  fc.array(fc.double(), { maxLength: 4 }),
  fc.constant({}),
  fc.constant(() => 1),
);

/** Calls `fn`; it must return, or throw a TypeError/RangeError naming one of `names`. */
function returnsOrNames(fn: () => unknown, names: RegExp, label: string): void {
  const t0 = performance.now();
  try {
    fn();
  } catch (e) {
    assert(
      e instanceof TypeError || e instanceof RangeError,
      `${label}: ${String(e)}`,
    );
    assert(names.test(e.message), `${label}: names nothing: ${e.message}`);
  }
  const ms = performance.now() - t0;
  assert(ms < 2000, `${label}: took ${ms} ms`);
}

Deno.test("property: with() and calls on arbitrary input (issue 10)", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...activations),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(
            "alpha",
            "lambda",
            "slope",
            "toString",
            "constructor",
            "__proto__",
            "valueOf",
          ),
          fc.string({ maxLength: 8 }),
        ),
        anyValue,
        { maxKeys: 3 },
      ),
      (act, params) => {
        returnsOrNames(
          () => {
            const a = act.with(params as never);
            // what with() accepts is a working activation
            assert(Number.isFinite(a(0.5)) || Number.isNaN(a(0.5)));
          },
          /`[^`]+`|"[^"]*" is not a parameter|a symbol is not/,
          `${act.id}.with(${Object.keys(params)})`,
        );
      },
    ),
    { numRuns: 400 },
  );
  fc.assert(
    fc.property(
      fc.constantFrom(...activations),
      fc.oneof(
        anyValue,
        fc.array(anyValue, { maxLength: 4 }),
        fc.constantFrom(
          new Float64Array(3),
          new Float32Array(3),
          new Int16Array(3),
          new BigInt64Array(3),
          new DataView(new ArrayBuffer(8)),
        ),
      ),
      fc.oneof(
        fc.constant(undefined),
        anyValue,
        fc.constantFrom(
          new Float64Array(3),
          new Float32Array(3),
          [0, 0, 0],
          Object.freeze([0, 0, 0]),
        ),
      ),
      (act, x, out) => {
        for (const fn of [act, act.derivative]) {
          returnsOrNames(
            () => (fn as (x: unknown, out?: unknown) => unknown)(x, out),
            /`(x|out|x\[\d+\])`/,
            `${act.id}`,
          );
        }
      },
    ),
    { numRuns: 400 },
  );
});
