/**
 * Small readers and writers shared by the parts of the static SVG renderer
 * (internal): loose access to a Plotly figure's fields, coordinates, colours.
 *
 * @module
 */
import { escapeHtml, plainText } from "./_text.ts";

/** A loosely typed Plotly object. */
export type Obj = Record<string, unknown>;

/** `v` as an object, or `{}`. */
export function obj(v: unknown): Obj {
  return v !== null && typeof v === "object" ? v as Obj : {};
}
/** `v` if it is a finite number, else `fallback`. */
export function num(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}
/** `v` if it is a string, else `fallback`. */
export function str(v: unknown, fallback = ""): string {
  return typeof v === "string" ? v : fallback;
}
/** `v` as an array (typed arrays copied), or `[]`. */
export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v)
    ? v
    : ArrayBuffer.isView(v) && !(v instanceof DataView)
    ? Array.from(v as unknown as ArrayLike<number>)
    : [];
}
/** A trace's x values: its `x` array, or `x0 + i·dx` for each y. */
export function xsOf(tr: Obj): readonly unknown[] {
  const x = arr(tr.x);
  if (x.length || tr.x !== undefined) return x;
  const n = arr(tr.y).length, x0 = num(tr.x0, 0), dx = num(tr.dx, 1);
  return Array.from({ length: n }, (_, i) => x0 + i * dx);
}
/** A Plotly title: a string or `{ text }`. */
export function textOf(v: unknown): string {
  if (typeof v === "string") return v;
  return str(obj(v).text);
}
/** A Plotly label as escaped SVG text. */
export function t(s: string): string {
  return escapeHtml(plainText(s));
}
/** A round number for SVG coordinates (0.01 px); never NaN or ±∞. */
export function r2(x: number): string {
  if (!Number.isFinite(x)) return "0";
  return String(Math.round(x * 100) / 100);
}
/** Whether a trace is drawn. */
export function visibleIn(trace: Obj): boolean {
  return trace.visible !== false && trace.visible !== "legendonly";
}
/** The finite extent of some values, or undefined. */
export function finiteExtent(
  values: Iterable<unknown>,
): [number, number] | undefined {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (typeof v === "number" && Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Plotly's "auto" anchor: by thirds of the fraction. */
export function anchorOf(
  v: unknown,
  at: number,
  names: [string, string, string],
): number {
  const s = str(v, "auto");
  const [lo, mid, hi] = names;
  if (s === lo) return 0;
  if (s === mid) return 0.5;
  if (s === hi) return 1;
  return at <= 1 / 3 ? 0 : at >= 2 / 3 ? 1 : 0.5;
}

/** Plotly's dash names as an SVG `stroke-dasharray`. */
export function dashArray(dash: string, width: number): string {
  const w = Math.max(1, width);
  switch (dash) {
    case "dash":
      return `${r2(6 * w)},${r2(3.5 * w)}`;
    case "dot":
      return `${r2(1.2 * w)},${r2(2.5 * w)}`;
    case "dashdot":
      return `${r2(6 * w)},${r2(2.5 * w)},${r2(1.2 * w)},${r2(2.5 * w)}`;
    case "longdash":
      return `${r2(10 * w)},${r2(4 * w)}`;
    default:
      return "";
  }
}

/** Parse "#rgb", "#rrggbb" or "rgb(r,g,b)" into [r, g, b]. */
export function parseColor(c: string): [number, number, number] {
  const s = c.trim();
  if (s.startsWith("#")) {
    const h = s.length === 4
      ? s.slice(1).split("").map((d) => d + d).join("")
      : s.slice(1, 7);
    const n = parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = s.match(/rgba?\(([^)]*)\)/);
  if (m) {
    const [r = 0, g = 0, b = 0] = m[1]!.split(",").map((p) => Number(p.trim()));
    return [r, g, b];
  }
  return [128, 128, 128];
}

/** A safe colour for an attribute: only #hex and rgb()/rgba() pass. */
export function safeColor(c: unknown, fallback: string): string {
  const s = str(c);
  return /^#[0-9a-fA-F]{3,8}$/.test(s) || /^rgba?\([0-9.,\s%]+\)$/.test(s)
    ? s
    : fallback;
}
