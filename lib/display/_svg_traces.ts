/**
 * Traces of the static SVG renderer (internal): line paths (gaps at null,
 * non-finite and non-positive-on-log values), marker circles, heatmaps with
 * their colour bar.
 *
 * @module
 */
import { INK, MUTED } from "./_theme.ts";
import { type Box, niceTicks, px, type Scale, tickLabel } from "./_svg_axes.ts";
import {
  arr,
  dashArray,
  finiteExtent,
  num,
  type Obj,
  parseColor,
  r2,
  str,
  xsOf,
} from "./_svg_util.ts";

/** A path coordinate to 0.1 px: finer than a display pixel at 2x zoom, and short. */
function r1(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x * 10) / 10) : "0";
}

/** How far outside the plot area a path may go before it is clamped. */
const SLACK = 2000;

/** The pixel points of a trace, `undefined` where the line breaks. */
function points(
  tr: Obj,
  xs: Scale,
  ys: Scale,
): Array<[number, number] | undefined> {
  const x = xsOf(tr), y = arr(tr.y);
  const out: Array<[number, number] | undefined> = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const xi = x[i], yi = y[i];
    const p = typeof xi === "number" && typeof yi === "number"
      ? [px(xs, xi), px(ys, yi)] as [number, number]
      : undefined;
    out.push(
      p && Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : undefined,
    );
  }
  return out;
}

/** A line trace as one `<path>`, clipped to the plot area. */
export function linePath(
  tr: Obj,
  xs: Scale,
  ys: Scale,
  box: Box,
  color: string,
  clipId: string,
): string {
  let d = "";
  let pen = false;
  for (const p of points(tr, xs, ys)) {
    if (p === undefined) {
      pen = false;
      continue;
    }
    const pX = Math.max(box.l - SLACK, Math.min(box.r + SLACK, p[0]));
    const pY = Math.max(box.t - SLACK, Math.min(box.b + SLACK, p[1]));
    d += `${pen ? "L" : "M"}${r1(pX)} ${r1(pY)}`;
    pen = true;
  }
  const line = tr.line as Obj | undefined ?? {};
  const width = num(line.width, 2);
  const da = dashArray(str(line.dash, "solid"), width);
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="${
    r2(width)
  }" stroke-linejoin="round" stroke-linecap="round"${
    da ? ` stroke-dasharray="${da}"` : ""
  } clip-path="url(#${clipId})"/>`;
}

/** A marker trace's circles (open symbols drawn white with a coloured edge). */
export function markerCircles(
  tr: Obj,
  xs: Scale,
  ys: Scale,
  color: string,
  edge: string,
  clipId: string,
): string[] {
  const marker = tr.marker as Obj | undefined ?? {};
  const size = num(marker.size, 6);
  const open = str(marker.symbol).includes("open");
  const out: string[] = [];
  for (const p of points(tr, xs, ys)) {
    if (p === undefined) continue;
    out.push(
      `<circle cx="${r2(p[0])}" cy="${r2(p[1])}" r="${r2(size / 2)}" fill="${
        open ? "#fff" : color
      }" stroke="${
        open ? color : edge
      }" stroke-width="2" clip-path="url(#${clipId})"/>`,
    );
  }
  return out;
}

const RDBU: Array<[number, string]> = [
  [0, "#053061"],
  [0.1, "#2166ac"],
  [0.2, "#4393c3"],
  [0.3, "#92c5de"],
  [0.4, "#d1e5f0"],
  [0.5, "#f7f7f7"],
  [0.6, "#fddbc7"],
  [0.7, "#f4a582"],
  [0.8, "#d6604d"],
  [0.9, "#b2182b"],
  [1, "#67001f"],
];

function colorscaleOf(v: unknown): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const stop of arr(v)) {
    const s = arr(stop);
    if (
      typeof s[0] === "number" && typeof s[1] === "string" &&
      /^(#[0-9a-fA-F]{3,8}|rgba?\([0-9.,\s%]+\))$/.test(s[1])
    ) {
      out.push([s[0], s[1]]);
    }
  }
  return out.length >= 2 ? out : RDBU;
}

function colorAt(scale: ReadonlyArray<[number, string]>, u: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(u) ? u : 0.5));
  for (let i = 1; i < scale.length; i++) {
    const [x1, c1] = scale[i]!;
    if (x <= x1 || i === scale.length - 1) {
      const [x0, c0] = scale[i - 1]!;
      const w = x1 > x0 ? (x - x0) / (x1 - x0) : 0;
      const a = parseColor(c0), b = parseColor(c1);
      const mix = a.map((v, k) => Math.round(v + (b[k]! - v) * w));
      return `rgb(${mix.join(",")})`;
    }
  }
  return scale[0]![1];
}

function luminance(rgb: string): number {
  const [r, g, b] = parseColor(rgb);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

/** A heatmap's cells (with values when there is room) and its colour bar. */
export function heatmap(
  tr: Obj,
  xs: Scale,
  ys: Scale,
  W: number,
  box: Box,
  gradientId: string,
): string {
  const z = arr(tr.z).map(arr);
  const flat = z.flatMap((row) =>
    row.filter((v): v is number => typeof v === "number")
  );
  const ext = finiteExtent(flat) ?? [0, 1];
  let zmin = num(tr.zmin, ext[0]), zmax = num(tr.zmax, ext[1]);
  if (typeof tr.zmid === "number" && tr.zmin === undefined) {
    const h =
      Math.max(Math.abs(ext[0] - tr.zmid), Math.abs(ext[1] - tr.zmid)) || 1;
    zmin = tr.zmid - h;
    zmax = tr.zmid + h;
  }
  if (!(zmax > zmin) || !Number.isFinite(zmax - zmin)) {
    zmax = Number.isFinite(zmin) ? zmin + Math.max(1, Math.abs(zmin)) : 1;
  }
  const scale = colorscaleOf(tr.colorscale);
  const parts: string[] = [];
  const template = str(tr.texttemplate);
  const digits = Math.min(
    10,
    Number(template.match(/\.(\d+)f/)?.[1] ?? 3),
  );
  const cw = Math.abs(px(xs, 1) - px(xs, 0)),
    ch = Math.abs(px(ys, 1) - px(ys, 0));
  z.forEach((row, i) =>
    row.forEach((v, j) => {
      const value = typeof v === "number" ? v : NaN;
      const fill = Number.isFinite(value)
        ? colorAt(scale, (value - zmin) / (zmax - zmin))
        : "#fff";
      const x = Math.min(px(xs, j - 0.5), px(xs, j + 0.5)),
        y = Math.min(px(ys, i - 0.5), px(ys, i + 0.5));
      parts.push(
        `<rect x="${r2(x)}" y="${r2(y)}" width="${r2(cw)}" height="${
          r2(ch)
        }" fill="${fill}"/>`,
      );
      if (template && Number.isFinite(value) && cw >= 34) {
        const label = value.toFixed(digits).replace(/^-/, "\u2212");
        parts.push(
          `<text x="${r2(x + cw / 2)}" y="${
            r2(y + ch / 2 + 4)
          }" text-anchor="middle" font-size="${cw > 60 ? 12 : 10}" fill="${
            luminance(fill) < 0.5 ? "#fff" : INK
          }">${label}</text>`,
        );
      }
    })
  );
  // Colour bar, with a gradient id unique to this figure.
  const barX = W - 78, barW = 14;
  const stops = Array.from({ length: 11 }, (_, k) => {
    const u = k / 10;
    return `<stop offset="${u}" stop-color="${colorAt(scale, u)}"/>`;
  }).join("");
  parts.push(
    `<defs><linearGradient id="${gradientId}" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect x="${barX}" y="${r2(box.t)}" width="${barW}" height="${
      r2(box.b - box.t)
    }" fill="url(#${gradientId})" stroke="#999" stroke-width="0.5"/>`,
  );
  const ticks = niceTicks(zmin, zmax, 5);
  for (const v of ticks.ticks) {
    const y = box.b - (v - zmin) / (zmax - zmin) * (box.b - box.t);
    parts.push(
      `<line x1="${barX + barW}" y1="${r2(y)}" x2="${barX + barW + 4}" y2="${
        r2(y)
      }" stroke="${INK}"/>`,
      `<text x="${barX + barW + 7}" y="${
        r2(y + 4)
      }" font-size="11" fill="${MUTED}">${tickLabel(v, ticks.step)}</text>`,
    );
  }
  return parts.join("");
}
