/**
 * Axes of the static SVG renderer (internal): scales, "nice" ticks that
 * terminate for every finite interval, tick labels, grid and zero lines,
 * category axes and axis titles.
 *
 * @module
 */
import { AXIS, GRID, INK, MUTED, ZERO_LINE } from "./_theme.ts";
import { arr, type Obj, r2, t } from "./_svg_util.ts";

/** A linear map from axis units to pixels. */
export interface Scale {
  /** Lower end in axis units (log10 of the value on a log axis). */
  lo: number;
  /** Upper end in axis units. */
  hi: number;
  /** Pixel of `lo`. */
  a: number;
  /** Pixel of `hi`. */
  b: number;
  /** A log axis. */
  log?: boolean;
}

/** The pixel of a data value (NaN for v ≤ 0 on a log axis). */
export function px(s: Scale, v: number): number {
  const u = s.log ? (v > 0 ? Math.log10(v) : NaN) : v;
  const w = s.hi - s.lo;
  // Halves when the width overflows (an axis over ±1e308).
  const f = Number.isFinite(w)
    ? (u - s.lo) / w
    : (u / 2 - s.lo / 2) / (s.hi / 2 - s.lo / 2);
  return s.a + f * (s.b - s.a);
}

/** Most ticks an axis gets, whatever the input. */
const MAX_TICKS = 60;

/**
 * Nice tick positions covering [lo, hi]: the step is 1, 2 or 5 × 10ᵏ,
 * chosen so there are about `target` intervals (Heckbert, "Nice numbers
 * for graph labels", Graphics Gems, 1990). Terminates in at most
 * {@linkcode MAX_TICKS} iterations for every input: where the interval is
 * too narrow for its offset (k·step is not exact above 2⁵³, or the step
 * is below the spacing of doubles there), the ticks are evenly spaced
 * doubles of the interval instead, without duplicates.
 *
 * @param lo The lower end.
 * @param hi The upper end.
 * @param target About how many intervals (1…50).
 * @returns The ticks inside [lo, hi] and the step.
 *
 * @example Usage
 * ```ts
 * import { niceTicks } from "./_svg_axes.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(niceTicks(-5, 5, 5).ticks, [-4, -2, 0, 2, 4]);
 * const t = niceTicks(1e10, 1e10 + 1e-5).ticks;
 * assertEquals(new Set(t).size, t.length);
 * ```
 */
export function niceTicks(
  lo: number,
  hi: number,
  target = 6,
): { ticks: number[]; step: number } {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
    return { ticks: Number.isFinite(lo) ? [lo] : [], step: 1 };
  }
  const n = Math.min(50, Math.max(1, Math.round(num0(target, 6))));
  const raw = hi / n - lo / n; // no overflow for widths near 2^1024
  let mag = 10 ** Math.floor(Math.log10(raw));
  if (!(mag > 0) || !Number.isFinite(mag)) mag = raw;
  const m = raw / mag;
  const step = (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * mag;
  const big = Math.max(Math.abs(lo), Math.abs(hi));
  const k0 = Math.ceil(lo / step - 1e-9);
  const exact = Number.isFinite(step) && step > 0 &&
    Math.abs(k0) + MAX_TICKS < 2 ** 52 && step >= big * 2 ** -50;
  const ticks: number[] = [];
  if (exact) {
    // Enough significant digits to tell k·step apart at this offset.
    const digits = Math.min(
      17,
      Math.max(12, Math.ceil(Math.log10(big / step + 1)) + 3),
    );
    const eps = step * 1e-9;
    for (let i = 0; i <= MAX_TICKS; i++) {
      const v = (k0 + i) * step;
      if (v > hi + eps) break;
      const tick = Math.abs(v) < eps ? 0 : Number(v.toPrecision(digits));
      if (ticks[ticks.length - 1] !== tick) ticks.push(tick);
    }
    return { ticks, step };
  }
  for (let i = 0; i <= n; i++) {
    const v = i === n ? hi : lo + (hi - lo) * (i / n);
    const w = Number.isFinite(v) ? v : lo / 2 + hi / 2;
    if (ticks[ticks.length - 1] !== w) ticks.push(w);
  }
  return { ticks, step: raw };
}

function num0(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

/**
 * A tick label: as many decimals as the step needs (exponent form for
 * large and small values, with the significant digits the step needs), a
 * true minus sign.
 *
 * @param v The tick.
 * @param step The distance between ticks.
 * @returns The label.
 */
export function tickLabel(v: number, step: number): string {
  const a = Math.abs(v);
  let s: string;
  if (a >= 1e5 || (a < 1e-4 && v !== 0)) {
    const sig = Math.min(
      17,
      Math.max(2, Math.ceil(Math.log10(a / Math.abs(step) + 1)) + 1),
    );
    s = v.toExponential(Number.isFinite(sig) ? sig - 1 : 1);
  } else {
    const decimals = Math.max(
      0,
      Math.min(20, -Math.floor(Math.log10(Math.abs(step)) + 1e-9)),
    );
    s = v.toFixed(Number.isFinite(decimals) ? decimals : 0);
  }
  return s.startsWith("-") ? "\u2212" + s.slice(1) : s;
}

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  "-": "\u207B",
  "0": "\u2070",
  "1": "\u00B9",
  "2": "\u00B2",
  "3": "\u00B3",
  "4": "\u2074",
  "5": "\u2075",
  "6": "\u2076",
  "7": "\u2077",
  "8": "\u2078",
  "9": "\u2079",
};

/** 10ᵏ as a label: "1", "10", then "10²", "10⁻⁵". */
function powerLabel(k: number): string {
  if (k === 0) return "1";
  if (k === 1) return "10";
  return "10" + String(k).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c] ?? c);
}

/** A tick: where, and its label. */
export interface Tick {
  /** The data value. */
  value: number;
  /** The label (plain text, no markup). */
  label: string;
}

/**
 * Ticks of a log axis spanning [lo, hi] in log10 units: at powers of ten
 * (every m-th decade when there are many), or, within about one decade,
 * nice linear ticks of the values themselves. At most MAX_TICKS.
 */
function logTicks(lo: number, hi: number, target: number): Tick[] {
  if (hi - lo < 1.2) {
    const t = niceTicks(
      10 ** lo,
      10 ** hi,
      Math.max(2, Math.round(target / 2)),
    );
    return t.ticks.filter((v) => v > 0).map((v) => ({
      value: v,
      label: tickLabel(v, t.step),
    }));
  }
  const every = Math.max(1, Math.ceil((hi - lo) / Math.max(2, target)));
  const out: Tick[] = [];
  const first = Math.ceil(lo / every - 1e-9) * every;
  for (let i = 0; i <= MAX_TICKS; i++) {
    const k = first + i * every;
    if (!(k <= hi + 1e-9) || !Number.isFinite(10 ** k)) break;
    out.push({ value: 10 ** k, label: powerLabel(k) });
  }
  return out;
}

/** The ticks of a scale, about `target` of them. */
export function ticksOf(sc: Scale, target: number): Tick[] {
  if (sc.log) return logTicks(sc.lo, sc.hi, target);
  const nt = niceTicks(sc.lo, sc.hi, target);
  return nt.ticks.map((v) => ({ value: v, label: tickLabel(v, nt.step) }));
}

/**
 * An axis's range in axis units (log10 of the values on a log axis, where
 * Plotly's `range` is also given in log10 units): the layout's, else the
 * data's extent padded by `pad`; never empty.
 */
export function axisRange(
  axis: Obj,
  extent: [number, number] | undefined,
  pad: number,
): [number, number] {
  const given = arr(axis.range);
  if (
    typeof given[0] === "number" && typeof given[1] === "number" &&
    Number.isFinite(given[0]) && Number.isFinite(given[1]) &&
    given[1] > given[0]
  ) {
    return [given[0], given[1]];
  }
  let [lo, hi] = extent ?? [0, 1];
  if (!(hi > lo)) {
    // One value: a window around it that is wider than its ulp.
    const p = Math.max(0.5, Math.abs(lo) * 1e-6);
    return [lo - p, hi + p];
  }
  const p = hi / 2 * pad - lo / 2 * pad;
  lo -= 2 * p;
  hi += 2 * p;
  return [Math.max(lo, -Number.MAX_VALUE), Math.min(hi, Number.MAX_VALUE)];
}

/** The plot area's box in pixels. */
export interface Box {
  /** Left. */
  l: number;
  /** Right. */
  r: number;
  /** Top. */
  t: number;
  /** Bottom. */
  b: number;
}

/**
 * Gridlines, zero lines (under the traces) and tick marks with labels (over
 * them) of two numeric axes.
 */
export function numericAxes(
  xs: Scale,
  ys: Scale,
  box: Box,
): { under: string[]; over: string[] } {
  const under: string[] = [], over: string[] = [];
  const xt = ticksOf(xs, Math.max(3, Math.round((box.r - box.l) / 80)));
  const yt = ticksOf(ys, Math.max(3, Math.round((box.b - box.t) / 55)));
  const grid: string[] = [];
  for (const { value, label } of xt) {
    const x = r2(px(xs, value));
    grid.push(`M${x} ${r2(box.t)}V${r2(box.b)}`);
    over.push(
      `<line x1="${x}" y1="${r2(box.b)}" x2="${x}" y2="${
        r2(box.b + 5)
      }" stroke="${INK}"/>`,
      `<text x="${x}" y="${
        r2(box.b + 19)
      }" text-anchor="middle" font-size="12" fill="${MUTED}">${
        t(label)
      }</text>`,
    );
  }
  for (const { value, label } of yt) {
    const y = r2(px(ys, value));
    grid.push(`M${r2(box.l)} ${y}H${r2(box.r)}`);
    over.push(
      `<line x1="${r2(box.l - 5)}" y1="${y}" x2="${
        r2(box.l)
      }" y2="${y}" stroke="${INK}"/>`,
      `<text x="${r2(box.l - 8)}" y="${
        r2(px(ys, value) + 4)
      }" text-anchor="end" font-size="12" fill="${MUTED}">${t(label)}</text>`,
    );
  }
  under.push(
    `<path d="${
      grid.join("")
    }" stroke="${GRID}" stroke-width="1" fill="none"/>`,
  );
  const zeros: string[] = [];
  if (!xs.log && xs.lo < 0 && xs.hi > 0) {
    zeros.push(`M${r2(px(xs, 0))} ${r2(box.t)}V${r2(box.b)}`);
  }
  if (!ys.log && ys.lo < 0 && ys.hi > 0) {
    zeros.push(`M${r2(box.l)} ${r2(px(ys, 0))}H${r2(box.r)}`);
  }
  if (zeros.length) {
    under.push(
      `<path d="${
        zeros.join("")
      }" stroke="${ZERO_LINE}" stroke-width="1.2" fill="none"/>`,
    );
  }
  return { under, over };
}

/** Category labels of a heatmap's two axes. */
export function categoryAxes(
  xCats: readonly string[],
  yCats: readonly string[],
  xs: Scale,
  ys: Scale,
  box: Box,
): string[] {
  const out: string[] = [];
  xCats.forEach((c, j) =>
    out.push(
      `<text x="${r2(px(xs, j))}" y="${
        r2(box.b + 18)
      }" text-anchor="middle" font-size="12" fill="${MUTED}">${t(c)}</text>`,
    )
  );
  yCats.forEach((c, i) =>
    out.push(
      `<text x="${r2(box.l - 8)}" y="${
        r2(px(ys, i) + 4)
      }" text-anchor="end" font-size="12" fill="${MUTED}">${t(c)}</text>`,
    )
  );
  return out;
}

/** The frame around the plot area and the two axis titles. */
export function frameAndTitles(
  xTitle: string,
  yTitle: string,
  box: Box,
  H: number,
): string[] {
  const out = [
    `<rect x="${r2(box.l)}" y="${r2(box.t)}" width="${
      r2(box.r - box.l)
    }" height="${
      r2(box.b - box.t)
    }" fill="none" stroke="${AXIS}" stroke-width="1"/>`,
  ];
  if (xTitle) {
    out.push(
      `<text x="${r2((box.l + box.r) / 2)}" y="${
        r2(Math.min(H - 10, box.b + 44))
      }" text-anchor="middle" font-size="14" fill="${INK}">${t(xTitle)}</text>`,
    );
  }
  const cy = (box.t + box.b) / 2;
  if (yTitle && t(yTitle).length <= 2) {
    // A one- or two-letter title on its side reads as a dash ("i"): upright.
    out.push(
      `<text x="${r2(Math.max(12, box.l - 56))}" y="${
        r2(cy + 5)
      }" text-anchor="middle" font-size="14" fill="${INK}">${t(yTitle)}</text>`,
    );
  } else if (yTitle) {
    const cx = Math.max(16, box.l - 50);
    out.push(
      `<text x="${r2(cx)}" y="${
        r2(cy)
      }" text-anchor="middle" font-size="14" fill="${INK}" transform="rotate(-90 ${
        r2(cx)
      } ${r2(cy)})">${t(yTitle)}</text>`,
    );
  }
  return out;
}
