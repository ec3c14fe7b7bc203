import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertInstanceOf,
  assertLess,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import fc from "fast-check";
import { PReLU } from "../lib/prelu_layer.ts";

/** Deterministic pseudo-random numbers in [−1, 1) (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

/** Uniform in [-1, 1), kept at least 1e-2 away from the kink at 0. */
function batch(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = r();
    while (Math.abs(v) < 1e-2) v = r();
    x[i] = v;
  }
  return x;
}

/** E = Σ w_i·y_i + ½ Σ y_i², so ∂E/∂y_i = w_i + y_i. */
function loss(y: ArrayLike<number>, w: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < y.length; i++) e += w[i]! * y[i]! + 0.5 * y[i]! * y[i]!;
  return e;
}

function lossGrad(y: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  return Float64Array.from(y, (v, i) => w[i]! + v);
}

function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: number,
  what: string,
): void {
  assertEquals(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    assertAlmostEquals(actual[i]!, expected[i]!, tol, `${what}[${i}]`);
  }
}

Deno.test("PReLU.forward()", async (t) => {
  await t.step("basic, channel-shared", () => {
    const layer = new PReLU();
    assertEquals(layer.channels, 1);
    assertEquals(layer.shared, false);
    assertEquals(Array.from(layer.alpha), [0.25]);
    assertEquals(layer.forward([-4, -1, 0, 1, 3]), [-1, -0.25, 0, 1, 3]);
    const shared = new PReLU({ channels: 3, shared: true, alpha: 0.5 });
    assertEquals(Array.from(shared.alpha), [0.5]);
    assertEquals(shared.forward([-2, -4, 6, 8, -10, -12]), [
      -1,
      -2,
      6,
      8,
      -5,
      -6,
    ]);
  });

  await t.step("channel-wise, channel-last layout", () => {
    const layer = new PReLU({ channels: 3, alpha: [0.1, 0.2, 0.5] });
    // element i belongs to channel i % 3
    const y = layer.forward(
      new Float64Array([-10, -10, -10, 5, 5, 5, -2, 0, 4]),
    );
    assertInstanceOf(y, Float64Array);
    assertEquals(Array.from(y), [-1, -2, -5, 5, 5, 5, -0.2, 0, 4]);
  });

  await t.step("return types, inputs never mutated", () => {
    const layer = new PReLU({ channels: 2 });
    const arr = [-4, 4, -8, 8];
    const y = layer.forward(arr);
    assert(Array.isArray(y));
    assertEquals(arr, [-4, 4, -8, 8]);
    const ta = new Float64Array(arr);
    const y2 = layer.forward(ta);
    assert(y2 !== ta);
    assertEquals(Array.from(ta), [-4, 4, -8, 8]);
    assertEquals(layer.forward([]), []);
  });

  await t.step("forward caches a copy of x", () => {
    const layer = new PReLU();
    const x = new Float64Array([-2, 3]);
    layer.forward(x);
    x[0] = 5; // the caller reuses its buffer
    const { dx, dalpha } = layer.backward(new Float64Array([1, 1]));
    assertEquals(Array.from(dx), [0.25, 1]);
    assertEquals(Array.from(dalpha), [-2]);
  });

  await t.step("NaN, -0 and infinities", () => {
    const layer = new PReLU();
    const y = layer.forward([NaN, -0, 0, Infinity, -Infinity]);
    assert(Number.isNaN(y[0]));
    assert(Object.is(y[1], -0)); // 0.25·(−0)
    assert(Object.is(y[2], 0));
    assertEquals(y[3], Infinity);
    assertEquals(y[4], -Infinity);
    const { dx, dalpha } = layer.backward([1, 1, 1, 1, 0]);
    assert(Number.isNaN(dx[0]));
    assertEquals(dx.slice(1), [0.25, 0.25, 1, 0]);
    assert(Number.isNaN(dalpha[0]));
  });
});

Deno.test("PReLU.backward()", async (t) => {
  await t.step(
    "basic: dx = g ⊙ f'(x), f'(0) = α; dalpha sums g·x over x ≤ 0",
    () => {
      const layer = new PReLU({ channels: 2, alpha: [0.1, 0.3] });
      layer.forward([-1, -2, 0, 3, 4, -5]);
      const { dx, dalpha } = layer.backward([2, 3, 5, 7, 11, 13]);
      assertClose(dx, [0.2, 0.9, 0.5, 7, 11, 3.9], 1e-15, "dx");
      // channel 0: x = -1, 0, 4 → 2·(−1) + 5·0 = −2; channel 1: x = −2, 3, −5 → −6 − 65
      assertEquals(Array.from(dalpha), [-2, -71]);
      const shared = new PReLU({ channels: 2, shared: true });
      shared.forward([-1, -2, 0, 3, 4, -5]);
      assertEquals(Array.from(shared.backward([2, 3, 5, 7, 11, 13]).dalpha), [
        -73,
      ]);
    },
  );

  for (const shared of [false, true]) {
    await t.step(
      `central finite differences, ${shared ? "shared" : "channel-wise"}`,
      () => {
        const channels = 3;
        const n = 4 * channels;
        const x = batch(n, shared ? 7 : 11);
        const w = batch(n, 3);
        const alpha0 = shared ? [0.3] : [0.1, 0.25, 0.6];
        const layer = new PReLU({ channels, shared, alpha: alpha0 });
        const y = layer.forward(x);
        const { dx, dalpha } = layer.backward(lossGrad(y, w));

        const h = 1e-6;
        const numDx = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const probe = new PReLU({ channels, shared, alpha: alpha0 });
          const xp = x.slice();
          const xm = x.slice();
          xp[i]! += h;
          xm[i]! -= h;
          numDx[i] = (loss(probe.forward(xp), w) - loss(probe.forward(xm), w)) /
            (2 * h);
        }
        assertClose(dx, numDx, 1e-8, "dx");

        const numDalpha = alpha0.map((_, k) => {
          const ap = alpha0.slice();
          const am = alpha0.slice();
          ap[k]! += h;
          am[k]! -= h;
          const lp = loss(
            new PReLU({ channels, shared, alpha: ap }).forward(x),
            w,
          );
          const lm = loss(
            new PReLU({ channels, shared, alpha: am }).forward(x),
            w,
          );
          return (lp - lm) / (2 * h);
        });
        assertClose(dalpha, numDalpha, 1e-8, "dalpha");
      },
    );
  }

  await t.step("gradients accumulate until zeroGrad()", () => {
    const layer = new PReLU();
    layer.forward([-2, 1]);
    layer.backward([1, 1]);
    layer.backward([3, 1]);
    assertEquals(Array.from(layer.grad), [-8]);
    layer.zeroGrad();
    assertEquals(Array.from(layer.grad), [0]);
  });

  await t.step("types, gradOut never mutated", () => {
    const layer = new PReLU();
    layer.forward([-2, 1]);
    const g = [1, 1];
    const r = layer.backward(g);
    assert(Array.isArray(r.dx));
    assertInstanceOf(r.dalpha, Float64Array);
    assertEquals(g, [1, 1]);
    assertInstanceOf(layer.backward(new Float64Array(2)).dx, Float64Array);
  });
});

Deno.test("PReLU.step()", async (t) => {
  await t.step("momentum trace, 3 steps by hand", () => {
    // μ = 0.5, ε = 0.1, one channel, α₀ = 0.25. With x = [−2] and
    // g = ∂E/∂y = [1], ∂E/∂α = g·x = −2 at every step (zeroGrad between).
    //   step 1: Δα = 0.5·0     − 0.1·(−2) = 0.2    α = 0.45
    //   step 2: Δα = 0.5·0.2   + 0.2      = 0.3    α = 0.75
    //   step 3: Δα = 0.5·0.3   + 0.2      = 0.35   α = 1.10
    const layer = new PReLU({ alpha: 0.25, momentum: 0.5, learningRate: 0.1 });
    const expected = [[0.2, 0.45], [0.3, 0.75], [0.35, 1.1]] as const;
    for (const [velocity, alpha] of expected) {
      layer.zeroGrad();
      layer.forward([-2]);
      layer.backward([1]);
      layer.step();
      assertAlmostEquals(layer.velocity[0]!, velocity, 1e-15);
      assertAlmostEquals(layer.alpha[0]!, alpha, 1e-15);
    }
  });

  await t.step("momentum trace, channel-wise, gradient changes", () => {
    // μ = 0.9, ε = 0.01, α₀ = [0.25, 0.25]; ∂E/∂α per step:
    //   g1 = [−1, 2], g2 = [0, 2], g3 = [4, −1]
    //   Δα1 = −0.01·g1                = [0.01, −0.02]     α = [0.26, 0.23]
    //   Δα2 = 0.9·Δα1 − 0.01·g2       = [0.009, −0.038]   α = [0.269, 0.192]
    //   Δα3 = 0.9·Δα2 − 0.01·g3       = [−0.0319, −0.0242] α = [0.2371, 0.1678]
    const layer = new PReLU({ channels: 2 });
    const grads = [[-1, 2], [0, 2], [4, -1]];
    const expected = [
      [[0.01, -0.02], [0.26, 0.23]],
      [[0.009, -0.038], [0.269, 0.192]],
      [[-0.0319, -0.0242], [0.2371, 0.1678]],
    ];
    for (let s = 0; s < 3; s++) {
      layer.zeroGrad();
      // x = −1 in both channels, so ∂E/∂α_c = −g_c: pass gradOut = −grad
      layer.forward([-1, -1]);
      layer.backward(grads[s]!.map((g) => -g));
      layer.step();
      assertClose(layer.velocity, expected[s]![0]!, 1e-15, `Δα step ${s + 1}`);
      assertClose(layer.alpha, expected[s]![1]!, 1e-15, `α step ${s + 1}`);
    }
  });

  await t.step("descends: a positive ∂E/∂α lowers α; no weight decay", () => {
    const layer = new PReLU({ alpha: 0.25, momentum: 0 });
    layer.forward([-1]);
    layer.backward([-1]); // ∂E/∂α = +1
    layer.step();
    assertAlmostEquals(layer.alpha[0]!, 0.24, 1e-15);
    // zero gradient, zero momentum: α stays put (a decay term would shrink it)
    layer.zeroGrad();
    layer.step();
    assertEquals(layer.alpha[0], 0.25 - 0.01);
  });

  for (const shared of [false, true]) {
    await t.step(
      `fits a known α, ${shared ? "shared" : "channel-wise"}`,
      () => {
        const channels = 2;
        const trueAlpha = shared ? [0.7, 0.7] : [0.7, -0.2];
        const n = 64 * channels;
        const x = batch(n, 42);
        const target = Float64Array.from(
          x,
          (v, i) => v > 0 ? v : trueAlpha[i % channels]! * v,
        );
        const layer = new PReLU({
          channels,
          shared,
          learningRate: 1,
          momentum: 0.9,
        });
        const error = () => {
          const a = layer.alpha;
          return a.reduce((s, v, k) => s + Math.abs(v - trueAlpha[k]!), 0);
        };
        const initial = error();
        for (let it = 0; it < 200; it++) {
          layer.zeroGrad();
          const y = layer.forward(x);
          // E = ½ Σ (y − target)², ∂E/∂y = y − target
          layer.backward(Float64Array.from(y, (v, i) => (v - target[i]!) / n));
          layer.step();
        }
        assertLess(error(), initial * 1e-3);
      },
    );
  }
});

Deno.test("PReLU options", async (t) => {
  await t.step("errors", () => {
    assertThrows(() => new PReLU({ channels: 0 }), RangeError, "`channels`");
    assertThrows(
      () => new PReLU({ channels: 0 }),
      RangeError,
      "current value is 0",
    );
    assertThrows(
      () => new PReLU({ channels: 2.5 }),
      RangeError,
      "current value is 2.5",
    );
    assertThrows(() => new PReLU({ channels: -3 }), RangeError, "`channels`");
    assertThrows(() => new PReLU({ channels: NaN }), RangeError, "NaN");
    assertThrows(
      () => new PReLU({ channels: Infinity }),
      RangeError,
      "`channels`",
    );
    assertThrows(
      () => new PReLU({ channels: "3" as unknown as number }),
      TypeError,
      '`channels` must be an integer: current value is "3"',
    );
    assertThrows(() => new PReLU({ momentum: 1 }), RangeError, "`momentum`");
    assertThrows(
      () => new PReLU({ momentum: -0.1 }),
      RangeError,
      "current value is -0.1",
    );
    assertThrows(() => new PReLU({ momentum: NaN }), RangeError, "`momentum`");
    assertThrows(
      () => new PReLU({ learningRate: 0 }),
      RangeError,
      "`learningRate`",
    );
    assertThrows(
      () => new PReLU({ learningRate: -1 }),
      RangeError,
      "`learningRate`",
    );
    assertThrows(
      () => new PReLU({ learningRate: Infinity }),
      RangeError,
      "Infinity",
    );
    assertThrows(
      () => new PReLU({ learningRate: NaN }),
      RangeError,
      "`learningRate`",
    );
    assertThrows(() => new PReLU({ alpha: NaN }), RangeError, "`alpha`");
    assertThrows(() => new PReLU({ alpha: Infinity }), RangeError, "`alpha`");
    assertThrows(
      () => new PReLU({ channels: 2, alpha: [1] }),
      RangeError,
      "`alpha`",
    );
    assertThrows(
      () => new PReLU({ channels: 2, shared: true, alpha: [1, 2] }),
      RangeError,
      "`alpha`",
    );
    assertThrows(() => new PReLU({ alpha: [NaN] }), RangeError, "`alpha[0]`");
    assertThrows(
      () => new PReLU({ shared: 1 as unknown as boolean }),
      TypeError,
      "`shared`",
    );
    assertThrows(
      () => new PReLU(null as unknown as object),
      TypeError,
      "`options`",
    );
  });

  await t.step("errors in forward and backward", () => {
    const layer = new PReLU({ channels: 3 });
    assertThrows(() => layer.backward([1, 2, 3]), Error, "before `forward`");
    assertThrows(
      () => layer.forward([1, 2, 3, 4]),
      RangeError,
      "multiple of `channels`",
    );
    assertThrows(
      () => layer.forward([1, "2", 3] as unknown as number[]),
      TypeError,
      "`x[1]`",
    );
    assertThrows(
      () => layer.forward(new Float32Array(3) as unknown as Float64Array),
      TypeError,
      "`x`",
    );
    layer.forward([1, 2, 3]);
    assertThrows(() => layer.backward([1, 2]), RangeError, "`gradOut`");
    assertThrows(
      () => layer.backward([1, 2, 3, 4, 5, 6]),
      RangeError,
      "length 3",
    );
  });

  await t.step("alpha getter returns a copy; toJSON; Jupyter display", () => {
    const layer = new PReLU({
      channels: 2,
      alpha: [0.1, 0.2],
      learningRate: 0.05,
    });
    layer.alpha[0] = 99;
    assertEquals(Array.from(layer.alpha), [0.1, 0.2]);
    const json = JSON.parse(JSON.stringify(layer));
    assertEquals(json, {
      type: "PReLU",
      channels: 2,
      shared: false,
      alpha: [0.1, 0.2],
      momentum: 0.9,
      learningRate: 0.05,
      velocity: [0, 0],
    });
    const display =
      (layer as unknown as Record<symbol, () => Record<string, unknown>>)[
        Symbol.for("Jupyter.display")
      ]!();
    const text = display["text/plain"];
    assert(typeof text === "string");
    assert(!text.includes("\n"));
    assertStringIncludes(text, "0.1, 0.2");
    assertStringIncludes(text, "channel-wise");
    assertStringIncludes(
      String(new PReLU({ shared: true, channels: 4 })),
      "shared",
    );
  });
});

Deno.test("PReLU robustness (issue 10)", async (t) => {
  await t.step("unknown options are named", () => {
    assertThrows(
      () => new PReLU({ chanels: 3 } as never),
      TypeError,
      '`options` has an unknown option "chanels"',
    );
    assertThrows(
      () => new PReLU({ channels: 2, lr: 0.1 } as never),
      TypeError,
      '"lr"',
    );
    assertThrows(() => new PReLU([] as never), TypeError, "`options`");
  });
  await t.step("an absurd channel count is a RangeError naming it", () => {
    for (const c of [Number.MAX_SAFE_INTEGER, 2 ** 24 + 1, 1e300]) {
      assertThrows(
        () => new PReLU({ channels: c }),
        RangeError,
        "`channels` must be an integer >= 1 and <= 16777216",
      );
    }
    assertThrows(
      () => new PReLU({ channels: 3n as never }),
      TypeError,
      "current value is 3n (a bigint)",
    );
  });
  await t.step("a non-finite gradient cannot poison α and Δα", () => {
    const layer = new PReLU({ channels: 2, learningRate: 0.1 });
    layer.forward([-1, -2, 3, -4]);
    layer.backward([1, 1, 1, 1]);
    layer.step();
    const alpha = layer.alpha;
    const velocity = layer.velocity;
    layer.forward([NaN, -1, 2, 3]);
    const { dalpha } = layer.backward([1, 1, 1, 1]);
    assert(Number.isNaN(dalpha[0]), "NaN data propagates to dalpha");
    assertThrows(() => layer.step(), RangeError, "`grad[0]` must be finite");
    assertEquals(layer.alpha, alpha, "α unchanged");
    assertEquals(layer.velocity, velocity, "Δα unchanged");
    assert(Number.isNaN(layer.grad[0]!), "grad kept for inspection");
    layer.zeroGrad();
    layer.forward([-1, -1]);
    layer.backward([1, 1]);
    layer.step();
    assert(layer.alpha.every(Number.isFinite));
    assert(layer.velocity.every(Number.isFinite));
    // ±∞ in the incoming gradient likewise
    const shared = new PReLU({ shared: true });
    shared.forward([-1]);
    shared.backward([Infinity]);
    assertThrows(() => shared.step(), RangeError, "`grad` must be finite");
    assertEquals(Array.from(shared.alpha), [0.25]);
    // a finite gradient whose update overflows: all or nothing
    const huge = new PReLU({ channels: 2, learningRate: 1e300 });
    huge.forward([-1, -1e300]);
    huge.backward([1, 1]); // ∂E/∂α = −1e300: finite, but ε·∂E/∂α is not
    assertThrows(() => huge.step(), RangeError, "non-finite");
    assertEquals(Array.from(huge.alpha), [0.25, 0.25], "both channels kept");
    assertEquals(Array.from(huge.velocity), [0, 0]);
  });
  await t.step("zeroGrad keeps Δα; resetMomentum clears it", () => {
    const layer = new PReLU({ learningRate: 0.5 });
    layer.forward([-2]);
    layer.backward([1]);
    layer.step();
    assertEquals(Array.from(layer.velocity), [1]); // 0.9·0 − 0.5·(−2)
    layer.zeroGrad();
    assertEquals(Array.from(layer.grad), [0]);
    assertEquals(Array.from(layer.velocity), [1]);
    layer.step(); // grad 0: Δα = 0.9·1, momentum alone moves α
    assertAlmostEquals(layer.alpha[0]!, 0.25 + 1 + 0.9);
    layer.resetMomentum();
    assertEquals(Array.from(layer.velocity), [0]);
    const before = layer.alpha[0]!;
    layer.step();
    assertEquals(layer.alpha[0], before, "no gradient, no momentum: no move");
  });
});

Deno.test("property: PReLU options, arbitrary values (issue 10)", () => {
  const value = fc.oneof(
    fc.double(),
    fc.integer({ min: -5, max: 70 }),
    fc.constantFrom(
      0,
      NaN,
      Infinity,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      2 ** 24,
    ),
    fc.string({ maxLength: 6 }),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(Symbol("s")),
    fc.array(fc.double(), { maxLength: 3 }),
  );
  fc.assert(
    fc.property(
      fc.dictionary(
        fc.constantFrom(
          "channels",
          "alpha",
          "momentum",
          "learningRate",
          "shared",
          "chanels",
          "toString",
        ),
        value,
        { maxKeys: 4 },
      ),
      (options) => {
        const t0 = performance.now();
        try {
          const layer = new PReLU(options as never);
          assert(layer.channels >= 1 && layer.channels <= 2 ** 24);
        } catch (e) {
          assert(
            e instanceof TypeError || e instanceof RangeError,
            String(e),
          );
          assert(
            /`(channels|alpha(\[\d+\])?|momentum|learningRate|shared|options)`/
              .test(e.message),
            `names no option: ${e.message}`,
          );
        }
        assertLess(performance.now() - t0, 2000);
      },
    ),
    { numRuns: 300 },
  );
});
