/**
 * Accuracy against mpmath: every f and f' of every activation (default
 * parameters) within 4 ulps of the correctly rounded value, at the points
 * of tests/fixtures/reference.json (core grid, random points, tails,
 * subnormals, ±0, ±∞, NaN, and the doubles adjacent to the zeros of the
 * SiLU, GELU and Mish derivatives). Regenerate the fixture with
 * `python3 tests/fixtures/make_reference.py`.
 *
 * @module
 */
import { activations } from "@actlab/activations";
import { assert, assertEquals } from "@std/assert";

/** Maximum distance, in ulps, from the correctly rounded value. */
const MAX_ULPS = 4;

interface FunctionReference {
  x: string[];
  f: string[];
  df: string[];
}

interface Reference {
  functions: Record<string, FunctionReference>;
}

const reference: Reference = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/reference.json", import.meta.url),
  ),
);

/**
 * Parse a Python repr() of a float ("1.5", "-0.0", "5e-324", "inf", "nan").
 *
 * @param s The string.
 * @returns The double.
 */
export function parseRepr(s: string): number {
  if (s === "nan") return NaN;
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  return Number(s);
}

const view = new DataView(new ArrayBuffer(8));

/**
 * The position of a double on the ordered line of doubles: consecutive
 * doubles differ by 1, −0 and +0 both map to 0, subnormals are included.
 *
 * @param x A double (not NaN).
 * @returns Its ordinal as a BigInt.
 */
function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/**
 * The distance in ulps between two doubles: the number of doubles between
 * them plus one; 0 for two NaNs, ∞ for a NaN and a number.
 *
 * @param a A double.
 * @param b A double.
 * @returns |ordinal(a) − ordinal(b)|.
 */
export function ulpDistance(a: number, b: number): number {
  if (a !== a || b !== b) return a !== a && b !== b ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

interface Worst {
  ulps: number;
  x: number;
  got: number;
  want: number;
}

function worstOf(xs: number[], want: number[], got: ArrayLike<number>): Worst {
  let worst: Worst = { ulps: 0, x: NaN, got: NaN, want: NaN };
  for (let i = 0; i < xs.length; i++) {
    const u = ulpDistance(got[i]!, want[i]!);
    if (u > worst.ulps) {
      worst = { ulps: u, x: xs[i]!, got: got[i]!, want: want[i]! };
    }
  }
  return worst;
}

function describe(name: string, w: Worst): string {
  return `${name}: ${w.ulps} ulps at x = ${w.x} (got ${w.got}, want ${w.want})`;
}

Deno.test("ulpDistance()", () => {
  assertEquals(ulpDistance(1, 1), 0);
  assertEquals(ulpDistance(0, -0), 0);
  assertEquals(ulpDistance(5e-324, -5e-324), 2);
  assertEquals(ulpDistance(1, 1 + 2 ** -52), 1);
  assertEquals(ulpDistance(Number.MAX_VALUE, Infinity), 1);
  assertEquals(ulpDistance(NaN, NaN), 0);
  assertEquals(ulpDistance(NaN, 0), Infinity);
});

Deno.test("accuracy: every activation within 4 ulps of mpmath", async (t) => {
  assertEquals(
    Object.keys(reference.functions).sort(),
    activations.map((a) => a.id).sort(),
  );
  for (const act of activations) {
    const ref = reference.functions[act.id]!;
    const xs = ref.x.map(parseRepr);
    const f = ref.f.map(parseRepr);
    const df = ref.df.map(parseRepr);
    await t.step(act.id, async (t) => {
      await t.step("scalar", () => {
        const wf = worstOf(xs, f, xs.map((x) => act(x)));
        const wd = worstOf(xs, df, xs.map((x) => act.derivative(x)));
        assert(
          wf.ulps <= MAX_ULPS && wd.ulps <= MAX_ULPS,
          `worst errors: ${describe("f", wf)}; ${describe("f'", wd)}`,
        );
      });
      await t.step(
        "Float64Array and number[] agree with the scalar kernel",
        () => {
          const x64 = Float64Array.from(xs);
          const y64 = act(x64);
          const d64 = act.derivative(x64);
          const yArr = act(xs);
          for (let i = 0; i < xs.length; i++) {
            const y = act(xs[i]!);
            const d = act.derivative(xs[i]!);
            assert(
              Object.is(y64[i], y) && Object.is(yArr[i], y),
              `f at ${xs[i]}`,
            );
            assert(Object.is(d64[i], d), `f' at ${xs[i]}`);
          }
          const wf = worstOf(xs, f, y64);
          const wd = worstOf(xs, df, d64);
          assert(
            wf.ulps <= MAX_ULPS && wd.ulps <= MAX_ULPS,
            `${describe("f", wf)}; ${describe("f'", wd)}`,
          );
        },
      );
      await t.step("Float32Array is the double result rounded once", () => {
        const x32 = Float32Array.from(xs);
        const y32 = act(x32);
        const d32 = act.derivative(x32);
        for (let i = 0; i < x32.length; i++) {
          const x = x32[i]!;
          assert(Object.is(y32[i], Math.fround(act(x))), `f at float32 ${x}`);
          assert(
            Object.is(d32[i], Math.fround(act.derivative(x))),
            `f' at float32 ${x}`,
          );
        }
      });
    });
  }
});
