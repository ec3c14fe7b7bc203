import {
  erf,
  erfc,
  erfcx,
  normalCdf,
  normalPdf,
} from "@actlab/activations/special";
import {
  ddAdd,
  ddDiv,
  ddExp,
  ddMul,
  fastTwoSum,
  mulExp,
  productError,
  sumError,
  twoProduct,
  twoSum,
} from "../lib/_double_double.ts";
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { parseRepr, ulpDistance } from "./support/ulp.ts";

interface SpecialReference {
  special: Record<string, { x: string[]; y: string[] }>;
}

const reference: SpecialReference = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/reference.json", import.meta.url),
  ),
);

/** An exact rational p/2^k for a finite double, as [numerator, exponent]. */
function exact(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e++;
  }
  return [BigInt(m), e];
}

/** Sum of exact rationals, compared at a common exponent. */
function exactSum(...xs: number[]): [bigint, number] {
  const parts = xs.map(exact);
  const k = Math.max(...parts.map((p) => p[1]));
  let s = 0n;
  for (const [m, e] of parts) s += m << BigInt(k - e);
  return [s, k];
}

function sameRational(a: [bigint, number], b: [bigint, number]): boolean {
  const k = Math.max(a[1], b[1]);
  return (a[0] << BigInt(k - a[1])) === (b[0] << BigInt(k - b[1]));
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

Deno.test("twoSum() and fastTwoSum()", async (t) => {
  await t.step("exact, checked in rational arithmetic", () => {
    const rnd = random(1);
    for (let i = 0; i < 2000; i++) {
      const a = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 80 - 40);
      const b = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 80 - 40);
      const [s, e] = twoSum(a, b);
      assertEquals(s, a + b);
      assert(sameRational(exactSum(a, b), exactSum(s, e)), `${a} + ${b}`);
      const [big, small] = Math.abs(a) >= Math.abs(b) ? [a, b] : [b, a];
      const [s2, e2] = fastTwoSum(big, small);
      assertEquals([s2, e2], [s, e]);
    }
  });
});

Deno.test("twoProduct() and productError()", async (t) => {
  await t.step("exact, checked in rational arithmetic", () => {
    const rnd = random(2);
    for (let i = 0; i < 2000; i++) {
      const a = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 60 - 30);
      const b = (rnd() - 0.5) * 2 ** Math.floor(rnd() * 60 - 30);
      const [p, e] = twoProduct(a, b);
      assertEquals(p, a * b);
      assertEquals(e, productError(a, b, p));
      const [ma, ka] = exact(a);
      const [mb, kb] = exact(b);
      assert(sameRational([ma * mb, ka + kb], exactSum(p, e)), `${a} · ${b}`);
    }
  });
});

Deno.test("ddAdd(), ddMul(), ddDiv()", () => {
  const third = ddDiv([1, 0], [3, 0]);
  const one = ddMul(third, [3, 0]);
  assertAlmostEquals(one[0] - 1 + one[1], 0, 1e-31);
  const s = ddAdd([1, 2 ** -60], [-1, 2 ** -70]);
  assertEquals(s, [2 ** -60 + 2 ** -70, 0]);
  const q = ddDiv([Math.PI, 1.2246467991473532e-16], [
    Math.E,
    1.4456468917292502e-16,
  ]);
  const back = ddMul(q, [Math.E, 1.4456468917292502e-16]);
  assertEquals(back[0], Math.PI);
  assertAlmostEquals(back[1], 1.2246467991473532e-16, 1e-31);
});

Deno.test("ddExp()", async (t) => {
  await t.step("basic: within 1e-30 relative of mpmath", () => {
    const cases: [number, number, number][] = [
      [1, 2.718281828459045, 1.4456468917292502e-16],
      [-1, 0.36787944117144233, -1.2428753672788363e-17],
      [10, 22026.465794806718, -1.3780134700517372e-12],
      [0.5, 1.6487212707001282, -4.731568479435833e-17],
      [1e-10, 1.0000000001, -8.269037096265652e-18],
      [300.25, 2.4941248615349213e+130, -6.154945403062824e+113],
    ];
    for (const [x, hi, lo] of cases) {
      const [h, l] = ddExp([x, 0]);
      assertEquals(h, hi, `e^${x}`);
      assert(Math.abs(l - lo) <= 1e-30 * hi, `e^${x}: lo ${l} vs ${lo}`);
    }
    const [h, l] = ddExp([0.5, 1e-17]);
    assertEquals(h, 1.6487212707001282);
    assert(Math.abs(l - -3.082847208735705e-17) <= 1e-30 * h);
  });
  await t.step("edges", () => {
    assertEquals(ddExp([0, 0]), [1, 0]);
    assertEquals(ddExp([Infinity, 0]), [Infinity, 0]);
    assertEquals(ddExp([-Infinity, 0]), [0, 0]);
    assert(Number.isNaN(ddExp([NaN, 0])[0]));
  });
});

Deno.test("mulExp()", () => {
  assertEquals(mulExp(-710, -710), -3.1781632202293424e-306);
  assertEquals(mulExp(3, 0), 3);
  assertEquals(mulExp(1, -2000), 0);
  assert(Number.isNaN(mulExp(1, NaN)));
});

const fns: Record<string, (x: number) => number> = {
  erf,
  erfc,
  erfcx,
  normalCdf,
  normalPdf,
};

for (const [name, fn] of Object.entries(fns)) {
  Deno.test(`${name}()`, async (t) => {
    await t.step("within 4 ulps of mpmath", () => {
      const ref = reference.special[name]!;
      let worst = 0;
      let at = NaN;
      for (let i = 0; i < ref.x.length; i++) {
        const x = parseRepr(ref.x[i]!);
        const u = ulpDistance(fn(x), parseRepr(ref.y[i]!));
        if (u > worst) [worst, at] = [u, x];
      }
      assert(worst <= 4, `${name}: worst ${worst} ulps at x = ${at}`);
    });
    await t.step("NaN", () => assert(Number.isNaN(fn(NaN))));
  });
}

Deno.test("erf() and erfc() identities", async (t) => {
  await t.step("erf(−x) = −erf(x), erfc(−x) = 2 − erfc(x)", () => {
    const rnd = random(3);
    for (let i = 0; i < 2000; i++) {
      const x = (rnd() - 0.5) * 12;
      assert(Object.is(erf(-x), -erf(x)), `erf at ${x}`);
      assertAlmostEquals(erfc(-x), 2 - erfc(x), 4.5e-16);
    }
  });
  await t.step("erf + erfc = 1", () => {
    const rnd = random(4);
    for (let i = 0; i < 2000; i++) {
      const x = (rnd() - 0.5) * 12;
      assertAlmostEquals(erf(x) + erfc(x), 1, 4.5e-16);
    }
  });
  await t.step("+/-0 and limits", () => {
    assert(Object.is(erf(0), 0));
    assert(Object.is(erf(-0), -0));
    assertEquals(erf(Infinity), 1);
    assertEquals(erf(-Infinity), -1);
    assertEquals(erfc(Infinity), 0);
    assertEquals(erfc(-Infinity), 2);
    assertEquals(erfc(27.3), 0);
    assert(erfc(26.5) > 0);
    assertEquals(erfcx(-Infinity), Infinity);
    assertEquals(erfcx(Infinity), 0);
    assertEquals(normalCdf(-Infinity), 0);
    assertEquals(normalCdf(Infinity), 1);
    assertEquals(normalPdf(Infinity), 0);
  });
  await t.step("Φ(x) + Φ(−x) = 1 and Φ' = φ", () => {
    for (let x = -8; x <= 8; x += 0.37) {
      assertAlmostEquals(normalCdf(x) + normalCdf(-x), 1, 4.5e-16);
      const h = 1e-5;
      assertAlmostEquals(
        (normalCdf(x + h) - normalCdf(x - h)) / (2 * h),
        normalPdf(x),
        1e-9,
      );
    }
  });
});
