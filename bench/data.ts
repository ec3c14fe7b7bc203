/**
 * The benchmarks' data: a fixed pseudo-random sample, uniform on [−10, 10]
 * (both branches of the piecewise functions, unpredictably; the exp-based
 * ones in and out of their tails). Marsaglia's xorshift32 (2003).
 *
 * @param n How many values.
 * @param seed Any integer (made odd, so never the all-zero state).
 * @returns The sample.
 */
export function makeData(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  let s = seed | 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    x[i] = ((s >>> 0) / 4294967296) * 20 - 10;
  }
  return x;
}
