/**
 * The title, the legend and the slider caption of the static SVG renderer
 * (internal), placed as Plotly's layout says.
 *
 * @module
 */
import { INK } from "./_theme.ts";
import type { Box } from "./_svg_axes.ts";
import {
  anchorOf,
  arr,
  dashArray,
  num,
  type Obj,
  obj,
  r2,
  safeColor,
  str,
  t,
  textOf,
} from "./_svg_util.ts";
import { plainText } from "./_text.ts";

/** One legend entry. */
export interface LegendEntry {
  /** The trace name (Plotly pseudo-HTML). */
  name: string;
  /** Its colour. */
  color: string;
  /** Its dash. */
  dash: string;
  /** Its line width. */
  width: number;
  /** Drawn as a marker (no line). */
  marker: boolean;
}

/**
 * The title: centred in the top margin (Plotly's default), or just above
 * the plot area (yref "paper", yanchor "bottom"); x as a fraction of the
 * width, with its anchor.
 */
export function title(layout: Obj, W: number, marginTop: number): string {
  const text = textOf(layout.title);
  if (!text) return "";
  const tl = obj(layout.title);
  const ty = tl.yref === "paper" && tl.yanchor === "bottom"
    ? marginTop - num(obj(tl.pad).b, 0) - 5
    : marginTop / 2 + 6;
  const fx = num(tl.x, 0.5);
  const ax = anchorOf(tl.xanchor, fx, ["left", "center", "right"]);
  return `<text x="${r2(fx * W)}" y="${r2(ty)}" text-anchor="${
    ax === 0 ? "start" : ax === 1 ? "end" : "middle"
  }" font-size="${r2(num(obj(tl.font).size, 17))}" fill="${INK}">${
    t(text)
  }</text>`;
}

/** A slider is interactive only; the static picture names its position. */
export function sliderCaption(layout: Obj, box: Box, H: number): string {
  const slider = obj(arr(layout.sliders)[0]);
  const steps = arr(slider.steps);
  if (!steps.length) return "";
  const step = obj(steps[Math.trunc(num(slider.active, 0))]);
  const prefix = str(obj(slider.currentvalue).prefix);
  return `<text x="${r2(box.l)}" y="${
    r2(Math.min(H - 12, box.b + 72))
  }" font-size="14" fill="${INK}">${t(prefix + str(step.label))}</text>`;
}

/** Rough width of a legend entry in pixels. */
function entryWidth(e: LegendEntry): number {
  return 40 + Math.min(60, plainText(e.name).length) * 7 + 8;
}

/**
 * The legend: where `layout.legend` puts it (x, y in fractions of the plot
 * area, with anchors; "h" lays entries out in rows that wrap at the
 * picture's width), else top-left inside; kept on the canvas.
 */
export function legend(
  entries: readonly LegendEntry[],
  spec: Obj,
  box: Box,
  W: number,
  H: number,
): string {
  if (!entries.length) return "";
  const out: string[] = [];
  const rowH = 20;
  const horizontal = spec.orientation === "h";
  const at: Array<{ x: number; y: number }> = [];
  let lw: number, lh: number;
  if (horizontal) {
    const maxW = Math.max(120, W - 16);
    let x = 0, row = 0;
    lw = 0;
    for (const e of entries) {
      const w = entryWidth(e);
      if (x > 0 && x + w > maxW) {
        x = 0;
        row++;
      }
      at.push({ x, y: 5 + row * rowH });
      x += w;
      lw = Math.max(lw, x);
    }
    lh = (row + 1) * rowH + 10;
  } else {
    lw = Math.max(...entries.map(entryWidth));
    lh = entries.length * rowH + 10;
    entries.forEach((_, i) => at.push({ x: 0, y: 5 + rowH * i }));
  }
  const fx = num(spec.x, horizontal ? 0 : 0.01);
  const fy = num(spec.y, horizontal ? -0.1 : 0.99);
  const ax = anchorOf(spec.xanchor, fx, ["left", "center", "right"]);
  const ay = 1 - anchorOf(spec.yanchor, fy, ["bottom", "middle", "top"]);
  let lx = box.l + fx * (box.r - box.l) - ax * lw;
  let ly = box.b - fy * (box.b - box.t) - ay * lh;
  lx = Math.max(2, Math.min(W - lw - 2, lx));
  ly = Math.max(2, Math.min(H - lh - 2, ly));
  const bg = safeColor(spec.bgcolor, "rgba(255,255,255,0.88)");
  out.push(
    `<g class="legend"><rect x="${r2(lx)}" y="${r2(ly)}" width="${
      r2(lw)
    }" height="${r2(lh)}" fill="${bg}" stroke="#ccc" stroke-width="1" rx="3"/>`,
  );
  entries.forEach((e, i) => {
    const ex = lx + at[i]!.x, cy = ly + at[i]!.y + rowH / 2;
    if (e.marker) {
      out.push(
        `<circle cx="${r2(ex + 20)}" cy="${r2(cy)}" r="4" fill="${e.color}"/>`,
      );
    } else {
      const da = dashArray(e.dash, e.width);
      out.push(
        `<line x1="${r2(ex + 8)}" y1="${r2(cy)}" x2="${r2(ex + 32)}" y2="${
          r2(cy)
        }" stroke="${e.color}" stroke-width="${r2(e.width)}"${
          da ? ` stroke-dasharray="${da}"` : ""
        }/>`,
      );
    }
    out.push(
      `<text x="${r2(ex + 38)}" y="${
        r2(cy + 4)
      }" font-size="12.5" fill="${INK}">${t(e.name)}</text>`,
    );
  });
  out.push(`</g>`);
  return out.join("");
}
