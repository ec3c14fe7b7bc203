/**
 * Charts of activations: {@linkcode plot} (f solid, f′ dashed, f″ dotted
 * on request, the convention at 0 marked), {@linkcode compare} (several
 * activations with buttons for f, f′, f″ and both f and f′), {@linkcode explore} (a slider over a parameter,
 * every step precomputed so it works with no kernel behind the page) and
 * {@linkcode jacobianHeatmap} (the softmax Jacobian diag(S) − SSᵀ).
 *
 * Curves use evenly spaced samples written as `x0`/`dx` (no x array) and
 * values rounded to 6 significant digits, so a chart's JSON stays small
 * (a plot of one activation at 401 points is about 10 kB). Where f, f′ or
 * f″ jumps (found numerically, wherever it is), the line breaks there; at
 * 0 the sample is left out of the line and the marker shows the convention
 * — the textbook picture of a jump.
 *
 * Every user string (labels, titles, parameter names) is escaped for
 * Plotly's pseudo-HTML here, and for HTML/SVG by the renderers.
 *
 * @module
 */
import { type Activation, isActivation } from "../activation.ts";
import {
  checkBoolean,
  checkInterval,
  checkNumber,
  checkOptions,
  checkString,
  describeValue,
  rangeError,
  typeError,
} from "../_validate.ts";
import { softmax } from "../softmax.ts";
import { escapeHtml } from "./_text.ts";
import { type Data, Figure, type Layout } from "./figure.ts";
import {
  AXIS,
  chartColors,
  colorOf,
  FONT,
  GRID,
  INK,
  MUTED,
  PALETTE,
  ZERO_LINE,
} from "./_theme.ts";

/** Options of {@linkcode plot}, {@linkcode compare} and {@linkcode explore}. */
export interface PlotOptions {
  /** The x interval drawn (default [−5, 5]). */
  readonly range?: readonly [number, number];
  /** Samples per curve, 2…5001 (default 401; 201 for explore). */
  readonly points?: number;
  /** Draw f′ too, dashed (default true). */
  readonly derivative?: boolean;
  /**
   * Draw f″ too, dotted in the same colour, with an open marker at
   * (0, f″(0)) (default false). Only {@linkcode plot} takes it:
   * {@linkcode compare} always has an f″ button, {@linkcode explore}
   * shows f and f′.
   */
  readonly secondDerivative?: boolean;
  /** The chart title (default: the activation names). */
  readonly title?: string;
  /** Width in pixels, 200…3000 (default 720). */
  readonly width?: number;
  /** Height in pixels, 150…3000 (default 440). */
  readonly height?: number;
}

/** Options of {@linkcode explore}: {@linkcode PlotOptions} and the steps. */
export interface ExploreOptions extends PlotOptions {
  /**
   * Slider positions, 2…101, evenly spaced. Default: round values about a
   * twelfth of the range apart. Either way the current value is a step.
   */
  readonly steps?: number;
}

/** Options of {@linkcode jacobianHeatmap}. */
export interface HeatmapOptions {
  /** The chart title. */
  readonly title?: string;
  /** Softmax temperature (default 1). */
  readonly temperature?: number;
}

/**
 * A title just above the plot area (paper y = 1, anchored at its bottom),
 * under the band where plotly.js puts its mode bar.
 */
function titleAbovePlot(text: string, size: number): Layout["title"] {
  return {
    text,
    x: 0.5,
    xanchor: "center",
    yref: "paper",
    y: 1,
    yanchor: "bottom",
    pad: { t: 0, r: 0, b: 12, l: 0 },
    font: { size, color: INK },
  };
}

/**
 * The top margin: the title's line plus the ~30 px band of plotly.js's mode
 * bar above it (shown on hover, or always where the device has no hover),
 * so the icons never cover the title.
 */
const TOP = 76;
const PRIME = "\u2032";
const DPRIME = "\u2033";

const GREEK: Readonly<Record<string, string>> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  eta: "η",
  theta: "θ",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  phi: "φ",
  omega: "ω",
};

/** Text for Plotly's pseudo-HTML labels: `&`, `<`, `>` as entities. */
function ptext(s: string): string {
  return escapeHtml(s);
}

/** Round to `digits` significant digits; non-finite values become null. */
export function roundSig(v: number, digits = 6): number | null {
  if (!Number.isFinite(v)) return null;
  if (v === 0) return 0;
  return Number(v.toPrecision(digits));
}

/** A parameter's display symbol: `\alpha` → α, else the name. */
function paramSymbol(a: Activation, name: string): string {
  const spec = (a.paramSpecs as Record<string, { symbol?: string }>)[name];
  const sym = spec?.symbol?.replace(/^\\/, "") ?? "";
  return GREEK[sym] ?? (/^[A-Za-z]$/.test(sym) ? sym : name);
}

function formatValue(v: number, digits = 4): string {
  if (v === Infinity) return "\u221e";
  if (v === -Infinity) return "\u2212\u221e";
  const r = Number(v.toPrecision(digits));
  return String(r).replace(/^-/, "\u2212");
}

/** Significant digits that tell values `width` apart near `big` (4…17). */
function digitsFor(big: number, width: number): number {
  const d = Math.ceil(Math.log10(Math.abs(big) / width + 1)) + 2;
  return Number.isFinite(d) ? Math.min(17, Math.max(4, d)) : 17;
}

/**
 * The legend name of an activation: its label and parameters, e.g.
 * "ELU (α=1)"; with `prime`, "ELU′ (α=1)"; with `prime` = 2, "ELU″ (α=1)"
 * (U+2033). Plain text (not escaped).
 */
export function legendName(a: Activation, prime: boolean | 2 = false): string {
  // One parameter: always shown ("ELU (α=1)"). Several: those that differ
  // from their defaults, so the plain ReLU is "ReLU", not "ReLU (m=∞, a=0,
  // θ=0)", and relu.with({ maxValue: 6 }) is "ReLU (m=6)".
  // A switch (a spec with `labels`, GELU's `approximate`) by its label,
  // and only when it is not the default: "GELU", "GELU (approximate=tanh)".
  const specs = a.paramSpecs as Record<
    string,
    { default?: number; labels?: readonly string[] }
  >;
  const entries = Object.entries(a.params);
  const atDefault = (n: string, v: number) => Object.is(v, specs[n]?.default);
  const shown = entries.filter(([n, v]) =>
    specs[n]?.labels !== undefined
      ? !atDefault(n, v)
      : entries.length === 1 || !atDefault(n, v)
  );
  const ps = shown.map(([n, v]) => {
    const label = specs[n]?.labels?.[v];
    return label !== undefined
      ? `${n}=${label}`
      : `${paramSymbol(a, n)}=${formatValue(v)}`;
  });
  return `${a.label}${prime === 2 ? DPRIME : prime ? PRIME : ""}${
    ps.length ? ` (${ps.join(", ")})` : ""
  }`;
}

function checkActivation(a: unknown, name: string): Activation {
  if (!isActivation(a)) throw typeError(name, "an Activation", a);
  return a;
}

interface Resolved {
  range: [number, number];
  points: number;
  derivative: boolean;
  secondDerivative: boolean;
  title: string | undefined;
  /** A fixed width asked for by the user; otherwise the chart follows its container. */
  width: number | undefined;
  height: number;
}

const PLOT_OPTIONS = [
  "range",
  "points",
  "derivative",
  "title",
  "width",
  "height",
] as const;
/** {@linkcode plot} alone takes `secondDerivative`. */
const PLOT_ONLY_OPTIONS = [...PLOT_OPTIONS, "secondDerivative"] as const;

function resolveOptions(
  options: PlotOptions | undefined,
  defaultPoints: number,
  allowed: readonly string[] = PLOT_OPTIONS,
): Resolved {
  const o = checkOptions(
    "options",
    options,
    allowed as readonly (keyof PlotOptions & string)[],
  );
  const range = o.range === undefined
    ? [-5, 5] as [number, number]
    : checkInterval("range", o.range);
  const points = o.points === undefined
    ? defaultPoints
    : checkNumber("points", o.points, { min: 2, max: 5001, integer: true });
  const derivative = o.derivative === undefined
    ? true
    : checkBoolean("derivative", o.derivative);
  const secondDerivative = o.secondDerivative === undefined
    ? false
    : checkBoolean("secondDerivative", o.secondDerivative);
  const title = o.title === undefined
    ? undefined
    : checkString("title", o.title);
  const size = (name: "width" | "height", lo: number) =>
    o[name] === undefined
      ? undefined
      : Math.round(checkNumber(name, o[name], { min: lo, max: 3000 }));
  return {
    range,
    points,
    derivative,
    secondDerivative,
    title,
    width: size("width", 200),
    height: size("height", 150) ?? 440,
  };
}

/** Evenly spaced samples: x0, dx, and the index of x = 0 (or −1). */
function grid(range: [number, number], points: number) {
  const [lo, hi] = range;
  const dx = hi / (points - 1) - lo / (points - 1); // no overflow near ±MAX_VALUE
  const xs = Array.from(
    { length: points },
    (_, i) => i === points - 1 ? hi : lo + i * dx,
  );
  const k = Math.round(-lo / dx);
  const zero = k >= 0 && k < points && Math.abs(lo + k * dx) <= dx * 1e-9
    ? k
    : -1;
  if (zero >= 0) xs[zero] = 0;
  return { x0: lo, dx, xs, zero };
}

/** A sampled curve: evenly spaced (`x0`, `dx`), or with an `x` array where breaks were inserted. */
interface Curve {
  x?: number[];
  y: Array<number | null>;
}

/**
 * Where a sampled function jumps: for each interval whose change is at
 * least both neighbours' (a local maximum, not a straight run), bisect towards
 * the change until the bracket holds two adjacent doubles (bounded: about
 * 2100 halvings at most); a continuous function
 * shrinks the change to nothing, a jump keeps at least half of it. Returns
 * the interval's index and the bracket [a, b] of the jump.
 */
function findJumps(
  f: (x: number) => number,
  xs: readonly number[],
  ys: readonly number[],
): Array<{ i: number; a: number; b: number }> {
  const out: Array<{ i: number; a: number; b: number }> = [];
  const d = (i: number) => Math.abs(ys[i + 1]! - ys[i]!);
  // A jump worth drawing is at least 0.1 % of the curve's height: rounding
  // steps of a saturated curve (tanh reaching exactly 1) are not jumps.
  let lo = Infinity, hi = -Infinity;
  for (const y of ys) {
    if (Number.isFinite(y)) {
      lo = Math.min(lo, y);
      hi = Math.max(hi, y);
    }
  }
  const minJump = (hi / 2 - lo / 2) * 2e-3;
  for (let i = 0; i + 1 < xs.length; i++) {
    const di = d(i);
    if (!(di > minJump) || !Number.isFinite(di)) continue;
    const left = i > 0 ? d(i - 1) : 0;
    const right = i + 2 < xs.length ? d(i + 1) : 0;
    const near = (u: number) => Math.abs(u - di) <= 1e-9 * di;
    // Candidates: local maxima of the change, except where the curve is
    // locally a straight line (all three changes equal).
    if (!(di >= (left || 0) && di >= (right || 0))) continue;
    if (near(left) && near(right)) continue;
    let a = xs[i]!, b = xs[i + 1]!, fa = ys[i]!, fb = ys[i + 1]!;
    // Halve until a and b are adjacent doubles: at most ~2100 halvings
    // from the widest finite interval down to the smallest subnormal.
    for (let k = 0; k < 2200; k++) {
      const m = a / 2 + b / 2;
      if (!(m > a && m < b)) break;
      const fm = f(m);
      if (Math.abs(fm - fa) >= Math.abs(fb - fm)) {
        b = m;
        fb = fm;
      } else {
        a = m;
        fa = fm;
      }
    }
    if (Math.abs(fb - fa) >= 0.5 * di) out.push({ i, a, b });
  }
  return out;
}

/**
 * Sample `fn` on the grid, rounded to `digits` significant digits, with
 * every jump drawn as a break: a sample that sits on the jump is left out
 * (its marker shows the convention), otherwise a null point is inserted
 * inside the jump's bracket (then the curve carries an `x` array).
 */
function curve(
  fn: Activation | Activation["derivative"] | Activation["secondDerivative"],
  g: ReturnType<typeof grid>,
  digits: number,
): Curve {
  const raw = Array.from(fn(g.xs) as ArrayLike<number>);
  const jumps = findJumps((x) => fn(x) as number, g.xs, raw);
  const y: Array<number | null> = raw.map((v) => roundSig(v, digits));
  if (jumps.length === 0) return { y };
  const inserts = new Map<number, number>();
  for (const { i, a, b } of jumps) {
    if (a === g.xs[i]) y[i] = null;
    else if (b === g.xs[i + 1]) y[i + 1] = null;
    else inserts.set(i, a / 2 + b / 2);
  }
  if (inserts.size === 0) return { y };
  const xOut: number[] = [], yOut: Array<number | null> = [];
  g.xs.forEach((x, i) => {
    xOut.push(x);
    yOut.push(y[i]!);
    const at = inserts.get(i);
    if (at !== undefined) {
      xOut.push(at);
      yOut.push(null);
    }
  });
  return { x: xOut, y: yOut };
}

/** The x fields of a trace for a curve: `x`, or `x0` and `dx`. */
function xFields(
  c: Curve,
  g: ReturnType<typeof grid>,
): Record<string, unknown> {
  return c.x ? { x: c.x } : { x0: g.x0, dx: g.dx };
}

function baseLayout(
  r: Resolved,
  title: string,
  yTitle: string,
): Partial<Layout> {
  const axis = {
    showline: true,
    linecolor: AXIS,
    linewidth: 1,
    mirror: true,
    ticks: "outside" as const,
    ticklen: 5,
    tickcolor: INK,
    gridcolor: GRID,
    zeroline: true,
    zerolinecolor: ZERO_LINE,
    zerolinewidth: 1.2,
    tickfont: { size: 12, color: MUTED },
  };
  return {
    title: titleAbovePlot(ptext(title), 17),
    ...(r.width === undefined ? { autosize: true } : { width: r.width }),
    height: r.height,
    margin: { l: 70, r: 24, t: TOP, b: 58 },
    font: { family: FONT, size: 13, color: INK },
    paper_bgcolor: "#fff",
    plot_bgcolor: "#fff",
    xaxis: {
      ...axis,
      range: [r.range[0], r.range[1]],
      title: { text: "x", font: { size: 14 } },
    },
    yaxis: { ...axis, title: { text: ptext(yTitle), font: { size: 14 } } },
    legend: {
      x: 0.01,
      y: 0.99,
      xanchor: "left",
      yanchor: "top",
      bgcolor: "rgba(255,255,255,0.88)",
      bordercolor: "#ccc",
      borderwidth: 1,
      tracegroupgap: 0,
      font: { size: 12.5 },
    },
    hovermode: "x unified",
    showlegend: true,
  };
}

/** The traces of one activation: f, f′ and f″ (optional), the markers at 0. */
function activationTraces(
  a: Activation,
  color: string,
  r: Resolved,
  g: ReturnType<typeof grid>,
  digits: number,
): {
  f: Data;
  df: Data | undefined;
  d2f: Data | undefined;
  f0: Data;
  df0: Data | undefined;
  d2f0: Data | undefined;
} {
  // Breaks are found numerically, wherever they are: traits say whether f
  // or f′ may jump, not where (ELU′ jumps at 0 only when α ≠ 1).
  const f = curve(a, g, digits);
  const df = curve(a.derivative, g, digits);
  const nameF = ptext(legendName(a)), nameDf = ptext(legendName(a, true));
  // f solid, f′ dashed, f″ dotted: one legend group, one colour
  const lineTrace = (
    name: string,
    c: ReturnType<typeof curve>,
    width: number,
    dash: string,
    hovertemplate: string,
  ): Record<string, unknown> => ({
    type: "scatter",
    mode: "lines",
    name,
    legendgroup: a.id + nameF,
    ...xFields(c, g),
    y: c.y,
    line: { color, width, dash, simplify: false },
    hovertemplate,
  });
  const fTrace = lineTrace(
    nameF,
    f,
    2.4,
    "solid",
    r.derivative
      ? `f = %{y:.4g}<extra>${nameF}</extra>`
      : `f = %{y:.4g}, f${PRIME} = %{customdata:.4g}<extra>${nameF}</extra>`,
  );
  const nameD2f = ptext(legendName(a, 2));
  const d2fTrace = r.secondDerivative
    ? lineTrace(
      nameD2f,
      curve(a.secondDerivative, g, digits),
      2.4,
      "dot",
      `f${DPRIME} = %{y:.4g}<extra>${nameD2f}</extra>`,
    )
    : undefined;
  if (!r.derivative) {
    const xs = f.x ?? g.xs;
    fTrace.customdata = xs.map((x) => roundSig(a.derivative(x), 4));
  }
  const dfTrace = r.derivative
    ? lineTrace(
      nameDf,
      df,
      2,
      "dash",
      `f${PRIME} = %{y:.4g}<extra>${nameDf}</extra>`,
    )
    : undefined;
  const at0 = r.range[0] <= 0 && r.range[1] >= 0;
  const marker = (y: number, open: boolean, what: string): Data =>
    ({
      type: "scatter",
      mode: "markers",
      x: at0 ? [0] : [],
      y: at0 ? [roundSig(y, digits)] : [],
      showlegend: false,
      legendgroup: a.id + nameF,
      name: `${nameF} at 0`,
      marker: {
        color: open ? "#ffffff" : color,
        size: 9,
        symbol: "circle",
        line: { color, width: 2 },
      },
      hovertemplate:
        `${what}(0) = %{y:.6g} (convention)<extra>${nameF}</extra>`,
    }) as Data;
  return {
    f: fTrace as Data,
    df: dfTrace as Data | undefined,
    d2f: d2fTrace as Data | undefined,
    f0: marker(a(0), false, "f"),
    df0: r.derivative ? marker(a.derivative(0), true, `f${PRIME}`) : undefined,
    d2f0: r.secondDerivative
      ? marker(a.secondDerivative(0), true, `f${DPRIME}`)
      : undefined,
  };
}

/**
 * Chart one or several activations: f solid, f′ dashed and (with
 * `secondDerivative: true`) f″ dotted in the same colour, one colour per
 * activation, a filled dot at (0, f(0)) and open dots at (0, f′(0)) and
 * (0, f″(0)) showing the convention at 0, parameters in the legend names
 * ("ELU″ (α=1)"), and a unified hover that shows x, f, f′ and f″. Jumps of
 * any of them are drawn as breaks.
 *
 * @param activation An activation or an array of them (at most
 * `PALETTE.length`, 24).
 * @param options Range, samples, whether to draw f′ (`derivative`, default
 * true) and f″ (`secondDerivative`, default false), title, size.
 * @returns The figure.
 * @throws {TypeError} if an argument has the wrong type.
 * @throws {RangeError} if an option is out of range.
 *
 * @example Usage
 * ```ts
 * import { elu, plot } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * const fig = plot(elu, { range: [-3, 3] });
 * type Line = { mode: string; name: string; line: { dash: string } };
 * const lines = (fig.data as Line[]).filter((d) => d.mode === "lines");
 * assertEquals(lines.map((d) => d.name), ["ELU (α=1)", "ELU′ (α=1)"]);
 * assertEquals(lines[1]!.line.dash, "dash");
 *
 * // f″ too, dotted
 * const all = (plot(elu, { secondDerivative: true }).data as Line[])
 *   .filter((d) => d.mode === "lines");
 * assertEquals(all.map((d) => d.name), ["ELU (α=1)", "ELU′ (α=1)", "ELU″ (α=1)"]);
 * assertEquals(all[2]!.line.dash, "dot");
 * ```
 */
export function plot(
  activation: Activation | readonly Activation[],
  options: PlotOptions = {},
): Figure {
  const list = Array.isArray(activation) ? activation : [activation];
  if (list.length === 0 || list.length > PALETTE.length) {
    throw new RangeError(
      `\`activation\` must be an Activation or 1 to ${PALETTE.length} of them: current value is ${
        describeValue(activation)
      }`,
    );
  }
  const acts = list.map((a, i) =>
    checkActivation(
      a,
      Array.isArray(activation) ? `activation[${i}]` : "activation",
    )
  );
  const r = resolveOptions(options, 401, PLOT_ONLY_OPTIONS);
  const g = grid(r.range, r.points);
  const colors = chartColors(acts.map((a) => a.id));
  // Open f′(0) and f″(0) markers first, filled f(0) markers last: on top.
  const lines: Data[] = [], open: Data[] = [], filled: Data[] = [];
  acts.forEach((a, i) => {
    const t = activationTraces(a, colors[i]!, r, g, 6);
    lines.push(t.f);
    if (t.df) lines.push(t.df);
    if (t.d2f) lines.push(t.d2f);
    filled.push(t.f0);
    if (t.df0) open.push(t.df0);
    if (t.d2f0) open.push(t.d2f0);
  });
  const title = r.title ?? acts.map((a) => legendName(a)).join(" vs ");
  const yTitle = ["f(x)"].concat(
    r.derivative ? [`f${PRIME}(x)`] : [],
    r.secondDerivative ? [`f${DPRIME}(x)`] : [],
  ).join(", ");
  return new Figure({
    data: [...lines, ...open, ...filled],
    layout: baseLayout(r, title, yTitle),
  });
}

/**
 * Overlay several activations, with buttons that switch between f, f′, f″
 * and both f and f′ (Plotly `updatemenus`; the switch runs in the page, no
 * kernel). f″ is dotted, and its jumps are breaks like those of f′.
 *
 * @param activations Up to `PALETTE.length` (24) activations, e.g. all 20
 * of the registry. With more than 6, the legend moves to the right of the
 * plot (and the default width grows to 960 px) and a default title that
 * would be long becomes "N activations".
 * @param options Range, samples, title, size (`derivative` is ignored: both
 * are always computed).
 * @returns The figure, showing f first.
 * @throws {TypeError} if an argument has the wrong type.
 * @throws {RangeError} if an option is out of range.
 *
 * @example Usage
 * ```ts
 * import { compare, relu, sigmoid, tanh } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * const fig = compare([sigmoid, tanh, relu]);
 * const menu = fig.layout.updatemenus![0]!;
 * assertEquals(
 *   menu.buttons!.map((b) => b.label),
 *   ["f", "f′", "f″", "f, f′"],
 * );
 * ```
 */
export function compare(
  activations: readonly Activation[],
  options: PlotOptions = {},
): Figure {
  if (!Array.isArray(activations)) {
    throw new TypeError(
      `\`activations\` must be an array of Activations: current value is ${
        describeValue(activations)
      }`,
    );
  }
  if (activations.length === 0 || activations.length > PALETTE.length) {
    throw new RangeError(
      `\`activations\` must hold 1 to ${PALETTE.length} Activations: current value is ${
        describeValue(activations)
      }`,
    );
  }
  const acts = activations.map((a, i) =>
    checkActivation(a, `activations[${i}]`)
  );
  const r = {
    ...resolveOptions(options, 401),
    derivative: true,
    secondDerivative: true,
  };
  const g = grid(r.range, r.points);
  const colors = chartColors(acts.map((a) => a.id));
  const lines: Data[] = [], open: Data[] = [], filled: Data[] = [];
  // Which of f (0), f′ (1), f″ (2) each trace belongs to.
  type Order = 0 | 1 | 2;
  const kind: Order[] = [], kindOpen: Order[] = [], kindFilled: Order[] = [];
  acts.forEach((a, i) => {
    const t = activationTraces(a, colors[i]!, r, g, 6);
    lines.push(t.f, t.df!, t.d2f!);
    kind.push(0, 1, 2);
    open.push(t.df0!, t.d2f0!);
    kindOpen.push(1, 2);
    filled.push(t.f0);
    kindFilled.push(0);
  });
  // Lines, then the open f′(0)/f″(0) markers, then the filled f(0) on top.
  const data = [...lines, ...open, ...filled];
  kind.push(...kindOpen, ...kindFilled);
  const showF = kind.map((k) => k === 0),
    showDf = kind.map((k) => k === 1),
    showD2f = kind.map((k) => k === 2),
    showBoth = kind.map((k) => k !== 2);
  data.forEach((d, i) => (d as { visible?: boolean }).visible = showF[i]!);
  const names = acts.map((a) => a.label).join(", ");
  const title = r.title ??
    (names.length > 48 ? `${acts.length} activations` : names);
  const below = acts.length > 6;
  // Rows of the legend at the static picture's 720 px (4 entries a row);
  // the live chart pushes its bottom margin when narrower widths need more.
  const rows = Math.ceil(acts.length / 4);
  if (below && options?.height === undefined) r.height = 440 + rows * 20;
  const layout = baseLayout(r, title, "f(x)");
  // t: room for the title above the row of four buttons, even at 360 px
  layout.margin = { l: 70, r: 24, t: 100, b: below ? 80 + rows * 20 : 58 };
  if (below) {
    // A legend of 7+ entries covers the curves inside the plot; a legend in
    // the right margin leaves no plot at 360 px. Below the plot, in rows
    // that wrap with the width, it stays inside the chart at any width.
    layout.legend = {
      ...layout.legend,
      orientation: "h",
      x: 0,
      y: -0.24,
      xanchor: "left",
      yanchor: "top",
    };
  }
  // Left-aligned at the top, clear of the f / f′ buttons above the plot.
  layout.title = {
    text: ptext(title),
    x: 0.02,
    xanchor: "left",
    font: { size: 17, color: INK },
  } as Layout["title"];
  layout.updatemenus = [{
    type: "buttons",
    direction: "right",
    showactive: true,
    active: 0,
    x: 1,
    xanchor: "right",
    y: 1.03,
    yanchor: "bottom",
    pad: { t: 0, r: 0, b: 4, l: 0 },
    bgcolor: "#f7f7f7",
    bordercolor: "#bbb",
    // 14 px: the primes of f′ and f″ stay distinct on the buttons
    font: { size: 14 },
    buttons: [
      {
        label: "f",
        method: "update",
        args: [{ visible: showF }, { "yaxis.title.text": "f(x)" }],
      },
      {
        label: `f${PRIME}`,
        method: "update",
        args: [{ visible: showDf }, { "yaxis.title.text": `f${PRIME}(x)` }],
      },
      {
        label: `f${DPRIME}`,
        method: "update",
        args: [{ visible: showD2f }, {
          "yaxis.title.text": `f${DPRIME}(x)`,
        }],
      },
      {
        label: `f, f${PRIME}`,
        method: "update",
        args: [{ visible: showBoth }, {
          "yaxis.title.text": `f(x), f${PRIME}(x)`,
        }],
      },
    ],
  }] as Layout["updatemenus"];
  return new Figure({ data, layout });
}

/**
 * A slider over one parameter: every slider step carries precomputed f and
 * f′ (Plotly `update` steps), so the page needs no kernel.
 *
 * @param activation The activation (its other parameters stay as they are).
 * @param param The parameter's name, e.g. "alpha".
 * @param range The parameter interval (default: the spec's `explore`).
 * @param options Plot options and the number of slider `steps`.
 * @returns The figure, starting at the step nearest the current value.
 * @throws {TypeError} if `param` is not a parameter of the activation.
 * @throws {RangeError} if `range` or an option is out of range.
 *
 * @example Usage
 * ```ts
 * import { elu, explore } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * const fig = explore(elu, "alpha", [0, 2], { steps: 5 });
 * const slider = fig.layout.sliders![0]!;
 * assertEquals(slider.steps!.map((s) => s.label), ["0", "0.5", "1", "1.5", "2"]);
 * assertEquals(slider.active, 2);
 * ```
 */
export function explore(
  activation: Activation,
  param: string,
  range?: readonly [number, number],
  options: ExploreOptions = {},
): Figure {
  const a = checkActivation(activation, "activation");
  const specs = a.paramSpecs as Record<
    string,
    { explore: readonly [number, number] } | undefined
  >;
  const spec = typeof param === "string" && Object.hasOwn(specs, param)
    ? specs[param]
    : undefined;
  if (spec === undefined) {
    const known = Object.keys(specs);
    throw new TypeError(
      `\`param\` must be a parameter of ${a.id} (${
        known.length ? known.map((k) => `"${k}"`).join(", ") : "it has none"
      }): current value is ${describeValue(param)}`,
    );
  }
  const pr = checkInterval("range", range ?? spec.explore);
  const r = resolveOptions(options, 201, [...PLOT_OPTIONS, "steps"]);
  const steps = options?.steps === undefined
    ? undefined
    : checkNumber("steps", options.steps, { min: 2, max: 101, integer: true });
  if (options?.height === undefined) r.height = 520;
  const g = grid(r.range, r.points);
  const values = sliderValues(pr, steps, a.params[param]!);
  const variants = values.map((v) => {
    try {
      return a.with({ [param]: v });
    } catch (e) {
      throw new RangeError(
        `\`range\` must lie within the admissible values of \`${param}\`: ${
          e instanceof Error ? e.message : String(e)
        }`,
        { cause: e },
      );
    }
  });
  const current = a.params[param]!;
  let active = 0;
  values.forEach((v, k) => {
    if (Math.abs(v - current) < Math.abs(values[active]! - current)) active = k;
  });
  const traces = variants.map((v) =>
    activationTraces(v, colorOf(a.id), r, g, 5)
  );
  // Where some step's curve has a break inserted (an x array), every step
  // carries x arrays, so the slider can swap them.
  const lineTraces = traces.flatMap((t) => [t.f, t.df]).filter((d) =>
    d !== undefined
  ) as Array<Record<string, unknown>>;
  const withX = lineTraces.some((d) => Array.isArray(d.x));
  if (withX) {
    for (const d of lineTraces) {
      if (!Array.isArray(d.x)) {
        d.x = [...g.xs];
        delete d.x0;
        delete d.dx;
      }
    }
  }
  const pick = (k: number) => {
    const t = traces[k]!;
    return [t.f, t.df, t.f0, t.df0].filter((d): d is Data => d !== undefined);
  };
  const sym = paramSymbol(a, param);
  const dig = digitsFor(
    Math.max(Math.abs(pr[0]), Math.abs(pr[1])),
    pr[1] / 2 - pr[0] / 2,
  );
  const data = pick(active);
  const layout = baseLayout(
    r,
    r.title ??
      `${a.label}: ${sym} from ${formatValue(pr[0], dig)} to ${
        formatValue(pr[1], dig)
      }`,
    r.derivative ? `f(x), f${PRIME}(x)` : "f(x)",
  );
  layout.margin = { l: 70, r: 24, t: TOP, b: 130 };
  // A fixed y range for all steps, so the curves move and the axes do not.
  let lo = Infinity, hi = -Infinity;
  for (const t of traces) {
    for (const d of [t.f, t.df]) {
      for (
        const y of ((d as { y?: Array<number | null> } | undefined)?.y ?? [])
      ) {
        if (y !== null) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
    }
  }
  if (lo <= hi) {
    const pad = (hi - lo || 1) * 0.06;
    layout.yaxis = {
      ...layout.yaxis,
      range: [roundSig(lo - pad, 4)!, roundSig(hi + pad, 4)!],
    };
  }
  layout.sliders = [{
    active,
    pad: { t: 58, b: 10, l: 0, r: 0 },
    len: 1,
    x: 0,
    currentvalue: {
      prefix: ptext(`${sym} = `),
      font: { size: 14 },
      xanchor: "left",
    },
    steps: values.map((v, k) => {
      const d = pick(k) as Array<{ x?: unknown; y: unknown; name: unknown }>;
      const update: Record<string, unknown> = {
        y: d.map((t) => t.y),
        name: d.map((t) => t.name),
      };
      if (withX) update.x = d.map((t) => t.x);
      return {
        label: formatValue(v, dig).replace("\u2212", "-"),
        method: "update",
        args: [update, {}],
      };
    }),
  }] as Layout["sliders"];
  return new Figure({ data, layout });
}

/** `count` evenly spaced values from lo to hi, rounded to 6 digits where that keeps them apart, without repeats. */
function evenly(lo: number, hi: number, count: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < count; k++) {
    const exact = k === count - 1
      ? hi
      : lo + (hi / (count - 1) - lo / (count - 1)) * k;
    const rounded = Number(exact.toPrecision(6));
    const v = rounded >= lo && rounded <= hi &&
        (out.length === 0 || rounded > out[out.length - 1]!)
      ? rounded
      : exact;
    if (out.length === 0 || v > out[out.length - 1]!) out.push(v);
  }
  return out;
}

/**
 * The parameter values of an `explore` slider. Without `steps`: round
 * values (a step of 1, 2, 2.5 or 5 × 10^k, about 12 intervals), so labels
 * read 0.25, not 0.08333. With `steps`: that many evenly spaced values. The
 * activation's current value is added when it lies in the range and is not
 * already a step, so the slider opens on the function as it is (Leaky
 * ReLU's 0.01 does not open as 0, plain ReLU).
 */
function sliderValues(
  [lo, hi]: readonly [number, number],
  steps: number | undefined,
  current: number,
): number[] {
  let values: number[] = [];
  if (steps === undefined) {
    const raw = hi / 12 - lo / 12;
    const p = 10 ** Math.floor(Math.log10(raw));
    const m = raw / p;
    const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) *
      p;
    const k0 = Math.ceil(lo / step - 1e-9);
    // k·step is exact only while k < 2^52 and step is above the spacing of
    // doubles at the offset; otherwise (and always within 30 iterations)
    // evenly spaced values stand in.
    const big = Math.max(Math.abs(lo), Math.abs(hi));
    if (
      Number.isFinite(step) && step > 0 && Math.abs(k0) < 2 ** 52 &&
      step >= big * 2 ** -40
    ) {
      for (let i = 0; i <= 30; i++) {
        const v = Number(((k0 + i) * step).toPrecision(12));
        if (v > hi * (1 + 1e-12) + 1e-300 && v > hi) break;
        if (v >= lo && v <= hi && values[values.length - 1] !== v) {
          values.push(v);
        }
      }
      if (values[0] !== lo) values.unshift(lo);
      if (values[values.length - 1] !== hi) values.push(hi);
    } else values = evenly(lo, hi, 13);
  } else {
    values = evenly(lo, hi, steps);
  }
  const near = (v: number) =>
    Math.abs(v - current) <= 1e-9 * Math.max(1, Math.abs(current));
  if (current >= lo && current <= hi && !values.some(near)) {
    values.push(current);
    values.sort((u, v) => u - v);
  }
  return values;
}

/**
 * Check a short vector of logits: an array or a Float32Array/Float64Array
 * of 1 to `max` finite numbers. Returns a plain copy.
 *
 * @throws {TypeError} naming `name` if it is not such an array.
 * @throws {RangeError} naming `name` if it is empty, too long or not finite.
 */
export function checkLogits(
  name: string,
  a: unknown,
  max: number,
): number[] {
  if (
    !Array.isArray(a) && !(a instanceof Float64Array) &&
    !(a instanceof Float32Array)
  ) {
    throw typeError(name, "an array of numbers", a);
  }
  const values = Array.from(a as ArrayLike<unknown>);
  const bad = values.findIndex((v) => typeof v !== "number");
  if (bad >= 0) throw typeError(`${name}[${bad}]`, "a number", values[bad]);
  if (values.length < 1 || values.length > max) {
    throw rangeError(name, `1 to ${max} numbers`, a);
  }
  const nf = values.findIndex((v) => !Number.isFinite(v));
  if (nf >= 0) {
    throw rangeError(`${name}[${nf}]`, "a finite number", values[nf]);
  }
  return values as number[];
}

/**
 * A heatmap of the softmax Jacobian J = diag(S) − SSᵀ at `a`
 * (J[i][j] = S_i(δ_ij − S_j)): positive on the diagonal, negative off it,
 * every row and column summing to 0. Cells carry their values when n ≤ 10.
 *
 * @param a The logits (1 to 64 finite numbers).
 * @param options Title and softmax temperature.
 * @returns The figure.
 * @throws {TypeError} if `a` is not an array of numbers.
 * @throws {RangeError} if `a` is empty, too long or not finite.
 *
 * @example Usage
 * ```ts
 * import { jacobianHeatmap } from "@actlab/activations";
 * import { assertAlmostEquals } from "@std/assert";
 * const fig = jacobianHeatmap([1, 2, 3]);
 * const z = (fig.data[0] as { z: number[][] }).z;
 * assertAlmostEquals(z[0]![0]! + z[0]![1]! + z[0]![2]!, 0, 1e-5);
 * ```
 */
export function jacobianHeatmap(
  a: readonly number[] | Float64Array | Float32Array,
  options: HeatmapOptions = {},
): Figure {
  const values = checkLogits("a", a, 64);
  const o = checkOptions("options", options, ["title", "temperature"]);
  const title = o.title === undefined
    ? undefined
    : checkString("title", o.title);
  const temperature = o.temperature === undefined
    ? 1
    : checkNumber("temperature", o.temperature, { min: 0, exclusiveMin: true });
  const J = softmax.jacobian(values, { temperature });
  const n = values.length;
  const labels = Array.from({ length: n }, (_, i) => String(i + 1));
  const z = J.map((row) => row.map((v) => roundSig(v, 6) ?? 0));
  const zmax = Math.max(1e-12, ...z.flat().map(Math.abs));
  const side = Math.min(600, 260 + 40 * n);
  const scale = [
    [0, "#2166ac"],
    [0.25, "#92c5de"],
    [0.5, "#f7f7f7"],
    [0.75, "#f4a582"],
    [1, "#b2182b"],
  ];
  const trace: Record<string, unknown> = {
    type: "heatmap",
    z,
    x: labels,
    y: labels,
    zmin: -zmax,
    zmax,
    colorscale: scale,
    xgap: 1,
    ygap: 1,
    colorbar: { thickness: 14, outlinewidth: 0.5, len: 1 },
    hovertemplate: "J[%{y}][%{x}] = %{z:.4g}<extra></extra>",
  };
  if (n <= 10) trace.texttemplate = "%{z:.3f}";
  const layout: Partial<Layout> = {
    title: titleAbovePlot(
      ptext(
        title ??
          `Softmax Jacobian J = diag(S) \u2212 SS\u1d40 at a = [${
            values.map((v) => formatValue(v)).join(", ")
          }]`,
      ),
      15,
    ),
    autosize: true,
    height: side + TOP + 58,
    margin: { l: 70, r: 100, t: TOP, b: 58 },
    font: { family: FONT, size: 13, color: INK },
    paper_bgcolor: "#fff",
    plot_bgcolor: "#fff",
    // "row i" / "column j": a one-letter y title is drawn rotated and reads
    // as a dash ("i" on its side), and Plotly cannot turn it upright.
    xaxis: {
      title: { text: "column j" },
      type: "category",
      constrain: "domain",
      ticks: "",
    },
    yaxis: {
      title: { text: "row i" },
      type: "category",
      autorange: "reversed",
      scaleanchor: "x",
      constrain: "domain",
      ticks: "",
    },
  };
  return new Figure({ data: [trace as Data], layout });
}
