/**
 * The Activation contract as reusable checks (issue 12): overloads, errors,
 * traits measured numerically — with the kinks given explicitly, since the
 * new units have theirs away from 0 (hard sigmoid at ±3, relu6 at 6) —
 * shared by tests/activations_test.ts (the 13 original units),
 * tests/activations_new_test.ts and tests/second_derivative_test.ts.
 *
 * @module
 */
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertNotStrictEquals,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import type { Activation, Elementwise, Traits } from "../../lib/activation.ts";

/** Where f' jumps or f'' jumps (finite differences skip them). */
export const KINKS: Readonly<Record<string, readonly number[]>> = {
  step: [0],
  sign: [0],
  sigmoid: [],
  tanh: [],
  relu: [0],
  leakyRelu: [0],
  prelu: [0],
  elu: [0],
  selu: [0],
  softplus: [],
  silu: [],
  gelu: [],
  mish: [],
  relu6: [0, 6],
  hardSigmoid: [-3, 3],
  hardTanh: [-1, 1],
  hardSwish: [-3, 3],
  softsign: [0],
  logSigmoid: [],
  celu: [0],
};

/** `name(k=v, ...)` of an activation, for messages. */
export function describe(act: Activation): string {
  const ps = Object.entries(act.params).map(([k, v]) => `${k}=${v}`).join(", ");
  return ps ? `${act.id}(${ps})` : act.id;
}

/** Object.is, with a message that shows both values (−0 printed as such). */
export function assertIs(
  actual: unknown,
  expected: unknown,
  msg: string,
): void {
  const show = (v: unknown) => Object.is(v, -0) ? "-0" : String(v);
  assert(
    Object.is(actual, expected),
    `${msg}: expected ${show(expected)}, got ${show(actual)}`,
  );
}

/** Evenly spaced, with i/200 exact-ish and 0 on the grid. */
function linspace(lo: number, hi: number, perUnit: number): number[] {
  const out: number[] = [];
  const n = Math.round((hi - lo) * perUnit);
  for (let i = 0; i <= n; i++) out.push(lo + i / perUnit);
  return out;
}

/** The dense grid the traits are checked on, plus points hugging 0. */
export const GRID: readonly number[] = [
  ...new Set([
    ...linspace(-20, 20, 200),
    -1e-3,
    -1e-6,
    -1e-9,
    -1e-12,
    0,
    1e-12,
    1e-9,
    1e-6,
    1e-3,
  ]),
].sort((a, b) => a - b);
/** Far points for limits and ranges. */
const TAILS: readonly number[] = [
  -Infinity,
  -1e300,
  -1e3,
  -100,
  -50,
  50,
  100,
  1e3,
  1e300,
  Infinity,
];
const RANGE_GRID: readonly number[] = [...GRID, ...TAILS].sort((a, b) => a - b);

function isMonotone(v: readonly number[], direction: 1 | -1): boolean {
  for (let i = 0; i + 1 < v.length; i++) {
    const a = v[i]! * direction;
    const b = v[i + 1]! * direction;
    // a few ulps of slack for rounding in flat stretches
    if (b < a - 4 * Number.EPSILON * Math.abs(a)) return false;
  }
  return true;
}

/**
 * The traits of `act`, measured numerically; smoothness is measured at
 * each of `kinks` (the most severe wins) and at 0.
 */
export function measureTraits(
  act: Activation,
  kinks: readonly number[],
): Traits {
  const f = RANGE_GRID.map((x) => act(x));
  const df = RANGE_GRID.map((x) => act.derivative(x));
  // far enough for polynomial tails too (softsign' = 1/(1 + |x|)²)
  const negative = Math.abs(act.derivative(-1e9)) < 1e-12;
  const positive = Math.abs(act.derivative(1e9)) < 1e-12;
  const order = ["smooth", "C1", "C0", "discontinuous"] as const;
  let smoothness: Traits["smoothness"] = "smooth";
  for (const k of [0, ...kinks]) {
    const s = measureSmoothnessAt(act, k);
    if (order.indexOf(s) > order.indexOf(smoothness)) smoothness = s;
  }
  return {
    saturating: negative && positive,
    saturates: { negative, positive },
    monotonic: isMonotone(f, 1),
    derivativeMonotonic: isMonotone(df, 1) || isMonotone(df, -1),
    zeroCentered: Math.abs(measureMean(act)) < 0.01,
    range: [Math.min(...f), Math.max(...f)],
    smoothness,
  };
}

/**
 * E f(Z) for Z ~ N(0, 1), by the composite midpoint rule with h = 2⁻¹⁰ on
 * [−40, 40] (81 920 nodes at odd multiples of 2⁻¹¹), independent of the
 * library's closed forms and Gauss–Legendre rule. Every kink and jump of
 * the activations checked here lies on a multiple of 2⁻¹⁰ (0, ±1, ±2.5, ±3,
 * 4, 6), i.e. on a panel edge, so the rule's error is O(h²) ≈ 1e-8 there
 * too; beyond ±40, φ < 1e-347.
 */
export function measureMean(act: Activation): number {
  const h = 2 ** -10;
  const n = 80 * 2 ** 10;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const x = -40 + (i + 0.5) * h;
    sum += act(x) * Math.exp(-0.5 * x * x);
  }
  return sum * h / Math.sqrt(2 * Math.PI);
}

/**
 * The claims beyond the measured booleans: `meanOutput` against the
 * independent quadrature, `zeroCentered` as |mean| < 0.01, each end of the
 * range attained at a finite x exactly when `rangeAttained` says so (an
 * end not attained is the limit at −∞ or +∞ and no x in [−5, 5] reaches
 * it), and `values` as the exact value set of f.
 */
export function checkTraitExtras(act: Activation): void {
  const name = describe(act);
  const t = act.traits;
  assert(typeof t.meanOutput === "number", `${name}: traits.meanOutput`);
  const mean = measureMean(act);
  assert(
    Math.abs(t.meanOutput - mean) <= 1e-7,
    `${name}: traits.meanOutput = ${t.meanOutput}, quadrature ${mean}`,
  );
  assertEquals(
    t.zeroCentered,
    Math.abs(mean) < 0.01,
    `${name}: zeroCentered with mean ${mean}`,
  );
  assert(t.rangeAttained !== undefined, `${name}: traits.rangeAttained`);
  const finite = RANGE_GRID.filter(Number.isFinite);
  const values = finite.map((x) => act(x));
  for (
    const [end, attained, side] of [
      [t.range[0], t.rangeAttained.lower, "lower"],
      [t.range[1], t.rangeAttained.upper, "upper"],
    ] as const
  ) {
    if (!Number.isFinite(end)) {
      assertEquals(attained, false, `${name}: an infinite ${side} end`);
      continue;
    }
    const tol = 1e-5 * Math.max(1, Math.abs(end));
    if (attained) {
      assert(
        values.some((v) => Math.abs(v - end) <= tol),
        `${name}: the ${side} end ${end} is claimed attained but no x reaches it`,
      );
    } else {
      assert(
        act(-Infinity) === end || act(Infinity) === end,
        `${name}: the ${side} end ${end} is not attained, so it must be a limit at ±∞`,
      );
      for (let x = -5; x <= 5; x += 1 / 64) {
        assert(
          act(x) !== end,
          `${name}: f(${x}) = ${end} reaches the ${side} end claimed not attained`,
        );
      }
    }
  }
  // every declared kink is one: f, f′ or f″ jumps there
  assert(Array.isArray(t.kinks), `${name}: traits.kinks`);
  for (const k of t.kinks) {
    assert(
      measureSmoothnessAt(act, k) !== "smooth",
      `${name}: nothing jumps at the declared kink ${k}`,
    );
  }
  assertEquals(t.kinks.length === 0, t.smoothness === "smooth", name);
  const distinct = [...new Set(values.concat([act(-Infinity), act(Infinity)]))]
    .sort((a, b) => a - b);
  if (t.values !== undefined) {
    assertEquals(distinct, [...t.values], `${name}: traits.values`);
  } else {
    assert(distinct.length > 3, `${name}: finitely many values, say so`);
  }
}

/**
 * Jump detection at x = k: g is continuous at k when |g(k + h) − g(k − h)|
 * shrinks with h. f'' from one-sided difference quotients of the exact f',
 * and from the exact f'' itself (it must jump where the quotients do).
 */
function measureSmoothnessAt(act: Activation, k: number): Traits["smoothness"] {
  const f = (x: number) => act(x);
  const df = (x: number) => act.derivative(x);
  const jump = (g: (x: number) => number) =>
    [1e-3, 1e-5, 1e-7, 1e-9].every((h) =>
      Math.abs(g(k + h) - g(k - h)) > 1e-6 * (1 + Math.abs(g(k)))
    );
  if (jump(f)) return "discontinuous";
  if (jump(df)) return "C0";
  const h = 1e-4;
  const right = (df(k + 2 * h) - df(k + h)) / h;
  const left = (df(k - h) - df(k - 2 * h)) / h;
  if (Math.abs(right - left) > 1e-2 * (1 + Math.abs(right))) return "C1";
  return "smooth";
}

/** Every claimed trait equals the measured one; the range is tight. */
export function checkTraits(act: Activation, kinks: readonly number[]): void {
  const name = describe(act);
  const claimed = act.traits;
  const measured = measureTraits(act, kinks);
  for (
    const key of [
      "saturates",
      "saturating",
      "monotonic",
      "derivativeMonotonic",
      "zeroCentered",
      "smoothness",
    ] as const
  ) {
    assertEquals(claimed[key], measured[key], `${name}: traits.${key}`);
  }
  // range: every value inside, and the bounds approached (interior extrema
  // such as SiLU's minimum are found on the grid to within ~1e-5)
  const [lo, hi] = claimed.range;
  const [mlo, mhi] = measured.range;
  assert(lo <= hi, `${name}: traits.range is [${lo}, ${hi}]`);
  // the bounds are real bounds of the computed values: no slack (issue 10:
  // selu.traits.range[0] was 1 ulp above selu(−∞))
  assert(mlo >= lo, `${name}: ${mlo} below range[0] = ${lo}`);
  assert(mhi <= hi, `${name}: ${mhi} above range[1] = ${hi}`);
  // an end approached in a tail is the value there, to the last bit
  for (const end of [lo, hi]) {
    for (const x of [-Infinity, Infinity]) {
      const fx = act(x);
      if (
        Number.isFinite(end) &&
        Math.abs(fx - end) <= 1e-9 * Math.max(1, Math.abs(end))
      ) {
        assert(
          fx === end,
          `${name}: f(${x}) = ${fx} but the range end is ${end}`,
        );
      }
    }
  }
  const near = (m: number, b: number) =>
    Number.isFinite(b)
      ? Math.abs(m - b) <= 1e-5 * Math.max(1, Math.abs(b))
      : m === b;
  assert(near(mlo, lo), `${name}: range[0] = ${lo}, infimum found ${mlo}`);
  assert(near(mhi, hi), `${name}: range[1] = ${hi}, supremum found ${mhi}`);
  assertEquals(act.traits.kinks, kinks, `${name}: traits.kinks`);
  checkTraitExtras(act);
}

/** Inputs for the overload checks: every sign class, tails, specials. */
const SAMPLE = [
  -Infinity,
  -800,
  -40,
  -3,
  -1,
  -0.5,
  -1e-300,
  -0,
  0,
  1e-300,
  0.25,
  1,
  2.5,
  7,
  40,
  800,
  Infinity,
  NaN,
];

export function checkOverloads(
  fn: Elementwise,
  scalar: (x: number) => number,
  what: string,
): void {
  // number[]
  const arr = SAMPLE.slice();
  const r = fn(arr);
  assert(Array.isArray(r), `${what}: number[] gives number[]`);
  assertNotStrictEquals(r, arr);
  assertEquals(r.length, arr.length);
  r.forEach((v, i) =>
    assertIs(v, scalar(SAMPLE[i]!), `${what}([..., ${SAMPLE[i]}, ...])`)
  );
  assertEquals(arr, SAMPLE, `${what}: input mutated`);
  // Float64Array
  const f64 = Float64Array.from(SAMPLE);
  const r64 = fn(f64);
  assertInstanceOf(r64, Float64Array);
  assertNotStrictEquals(r64, f64);
  r64.forEach((v, i) =>
    assertIs(v, scalar(SAMPLE[i]!), `${what}(Float64Array)[${i}]`)
  );
  // Float32Array: computed in double, rounded once
  const f32 = Float32Array.from([
    ...SAMPLE,
    0.1,
    -0.3,
    1.7,
    88.5,
    -88.5,
    3e38,
    -3e38,
    1e-45,
  ]);
  const f32copy = f32.slice();
  const r32 = fn(f32);
  assertInstanceOf(r32, Float32Array);
  assertNotStrictEquals(r32, f32);
  r32.forEach((v, i) =>
    assertIs(
      v,
      Math.fround(scalar(f32[i]!)),
      `${what}(Float32Array)[${i}] = fround(f(${f32[i]}))`,
    )
  );
  assertEquals(f32, f32copy, `${what}: Float32Array input mutated`);
  assertEquals(
    f64,
    Float64Array.from(SAMPLE),
    `${what}: Float64Array input mutated`,
  );
  // out buffers: reused and returned
  const out64 = new Float64Array(SAMPLE.length);
  assertStrictEquals(fn(f64, out64), out64);
  assertEquals(out64, r64);
  const out32 = new Float32Array(f32.length);
  assertStrictEquals(fn(f32, out32), out32);
  assertEquals(out32, r32);
  const outArr = new Array<number>(SAMPLE.length).fill(123);
  assertStrictEquals(fn(arr, outArr), outArr);
  assertEquals(outArr, r);
  // in place when out === x
  const inPlace = Float64Array.from(SAMPLE);
  assertStrictEquals(fn(inPlace, inPlace), inPlace);
  assertEquals(inPlace, r64);
  const inPlace32 = f32.slice();
  assertStrictEquals(fn(inPlace32, inPlace32), inPlace32);
  assertEquals(inPlace32, r32);
  const inPlaceArr = SAMPLE.slice();
  assertStrictEquals(fn(inPlaceArr, inPlaceArr), inPlaceArr);
  assertEquals(inPlaceArr, r);
  // empty
  assertEquals(fn([]), []);
  const e64 = fn(new Float64Array(0));
  assertInstanceOf(e64, Float64Array);
  assertEquals(e64.length, 0);
  const e32 = fn(new Float32Array(0));
  assertInstanceOf(e32, Float32Array);
  assertEquals(e32.length, 0);
}

export function checkErrors(fn: Elementwise, what: string): void {
  const any = fn as unknown as (x: unknown, out?: unknown) => unknown;
  const x64 = new Float64Array([1, 2, 3]);
  assertThrows(() => any(x64, new Float64Array(2)), RangeError, "`out`");
  assertThrows(() => any(x64, new Float64Array(4)), RangeError, "length");
  assertThrows(
    () => any(new Float32Array(3), new Float32Array(1)),
    RangeError,
    "`out`",
  );
  assertThrows(() => any([1, 2, 3], [0]), RangeError, "`out`");
  assertThrows(() => any(x64, new Float32Array(3)), TypeError, "`out`");
  assertThrows(
    () => any(new Float32Array(3), new Float64Array(3)),
    TypeError,
    "`out`",
  );
  assertThrows(() => any(x64, [0, 0, 0]), TypeError, "`out`");
  assertThrows(() => any([1, 2, 3], new Float64Array(3)), TypeError, "`out`");
  assertThrows(() => any(x64, null), TypeError, "`out`");
  assertThrows(() => any([1, "2", 3]), TypeError, "`x[1]`");
  assertThrows(() => any([1, 2, undefined]), TypeError, "`x[2]`");
  assertThrows(() => any([null]), TypeError, "`x[0]`");
  assertThrows(() => any([1n]), TypeError, "`x[0]`");
  assertThrows(() => any("1"), TypeError, "`x`");
  assertThrows(() => any(new BigInt64Array(2)), TypeError, "bigints");
  assertThrows(() => any(1n), TypeError, "1n (a bigint)");
  // integer typed arrays are data (issue 12): the result is a Float64Array
  assert(any(new Int32Array(2)) instanceof Float64Array);
  assertThrows(
    () => any(new Int32Array(3), new Int32Array(3)),
    TypeError,
    "`out` must be a Float64Array",
  );
  assertThrows(
    () => any([1, 2, 3], Object.freeze([0, 0, 0])),
    TypeError,
    "`out` must be a writable array",
  );
  assertThrows(() => any(undefined), TypeError, "`x`");
  assertThrows(() => any({ length: 1, 0: 1 }), TypeError, "`x`");
  assertEquals(
    x64,
    new Float64Array([1, 2, 3]),
    `${what}: input mutated by a failed call`,
  );
}
