/**
 * Formula cards: an activation's f and f′ in LaTeX, its parameters, its
 * traits as a small table, the convention at 0 and the papers it comes from.
 *
 * A card's Jupyter bundle holds `text/html` (the formulas rendered by KaTeX
 * to MathML, styled inline so it looks the same in JupyterLab, VS Code,
 * nbconvert and a saved page, on light and dark themes), `text/markdown`
 * (the same content with `$$…$$` LaTeX) and `text/plain` (one line). Every
 * string that reaches the HTML or the Markdown (labels, descriptions,
 * parameter names, reference titles and links) is escaped; links other than
 * `http(s)` are dropped.
 *
 * @module
 */
import {
  type Activation,
  isActivation,
  type ParamSpec,
  type Reference,
  type Traits,
} from "../activation.ts";
import { escapeHtml } from "./html.ts";
import { texToMathML } from "./katex.ts";
import { CARD_STYLE as S } from "./_card_style.ts";

/**
 * Anything a card can show: an {@linkcode Activation}, or an object such as
 * `softmax`/`logSoftmax` with an `id`, a `label` and LaTeX formulas. The
 * other fields are shown when present.
 */
export interface FormulaSource {
  /** Machine name. */
  readonly id: string;
  /** Display name. */
  readonly label: string;
  /** LaTeX by role: `f` (the function), `df` (its derivative), and any other named formula (e.g. `jacobian`). */
  readonly formula:
    | { readonly f: string; readonly df?: string }
    | Readonly<Record<string, string>>;
  /** Qualitative properties. */
  readonly traits?: Traits;
  /** Current parameter values. */
  readonly params?: Readonly<Record<string, number>>;
  /** Parameter specifications (symbol, description). */
  readonly paramSpecs?: Readonly<Record<string, ParamSpec>>;
  /** One paragraph on what it is. */
  readonly description?: string;
  /** Sources. */
  readonly references?: readonly Reference[];
}

/** One trait row: its name, its value as HTML-safe text, and optional LaTeX. */
interface TraitRow {
  readonly name: string;
  readonly text: string;
  readonly tex?: string;
}

const SMOOTHNESS: Record<
  Traits["smoothness"],
  { name: string; tex: string; note: string }
> = {
  discontinuous: { name: "discontinuous", tex: "", note: "f jumps" },
  C0: { name: "continuous", tex: "C^0", note: "f′ jumps" },
  C1: { name: "once differentiable", tex: "C^1", note: "f″ jumps" },
  smooth: { name: "smooth", tex: "C^\\infty", note: "" },
};

/**
 * Format a number for a card: integers as they are, others to 6
 * significant digits without trailing zeros; ±∞ and NaN spelled out.
 *
 * @param v The number.
 * @returns A short decimal string.
 */
function num(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity) return "-∞";
  if (Object.is(v, -0)) return "0";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = Number(v.toPrecision(6)).toString();
  return s;
}

/** The LaTeX form of {@linkcode num}. */
function texNum(v: number): string {
  if (v === Infinity) return "\\infty";
  if (v === -Infinity) return "-\\infty";
  const s = num(v);
  return s.includes("e")
    ? s.replace(
      /e([+-]?)(\d+)/,
      (_m, sign: string, d: string) =>
        `\\times 10^{${sign === "-" ? "-" : ""}${d}}`,
    )
    : s;
}

/**
 * Escape text for Markdown that a notebook renders (which also accepts raw
 * HTML): HTML-escape, then backslash the Markdown and math metacharacters.
 */
function md(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]|$~]/g, (c) => "\\" + c);
}

/** Keep a link only when it is http(s); return it escaped for an attribute. */
function safeUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:"
      ? u.href
      : undefined;
  } catch {
    return undefined;
  }
}

/** Does some interior grid point reach `bound` (within rounding)? */
function attains(fn: (x: number) => number, bound: number): boolean {
  const tol = 1e-6 * (1 + Math.abs(bound));
  for (let i = 0; i <= 8000; i++) {
    const x = -4 + i * 1e-3;
    if (Math.abs(fn(x) - bound) <= tol) return true;
  }
  return false;
}

/** The range as an interval: its bounds and which ones are attained. */
interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly closedLo: boolean;
  readonly closedHi: boolean;
}

/**
 * The range with a bracket where the bound is attained by some finite x and
 * a parenthesis where it is only approached (sigmoid: (0, 1); ReLU:
 * [0, ∞); SiLU: [−0.278465, ∞)). Attainment is checked on a grid over
 * [−4, 4], where every bound of the registry that is attained is reached.
 */
function interval(
  range: readonly [number, number],
  fn?: (x: number) => number,
): Interval {
  const [lo, hi] = range;
  return {
    lo,
    hi,
    closedLo: Number.isFinite(lo) && fn !== undefined && attains(fn, lo),
    closedHi: Number.isFinite(hi) && fn !== undefined && attains(fn, hi),
  };
}

/** An {@linkcode Interval} in LaTeX. */
function intervalTex(r: Interval): string {
  if (r.lo === r.hi) return `\{${texNum(r.lo)}\}`;
  return `${r.closedLo ? "[" : "("}${texNum(r.lo)},\ ${texNum(r.hi)}${
    r.closedHi ? "]" : ")"
  }`;
}

/** An {@linkcode Interval} in plain text. */
function intervalText(r: Interval): string {
  return `${r.closedLo ? "[" : "("}${num(r.lo)}, ${num(r.hi)}${
    r.closedHi ? "]" : ")"
  }`;
}

/** A bundle of mime types, as Jupyter's display protocol wants it. */
export type MimeBundle = Record<string, unknown>;

/**
 * A formula card: f and f′ in LaTeX, the parameters (symbol, value,
 * description), the traits as a table, the convention at 0 (f(0) and f′(0)
 * computed, not quoted) and the references. Displays itself in Jupyter.
 *
 * @example Usage
 * ```ts
 * import { sigmoid } from "@actlab/activations";
 * import { FormulaCard } from "./formula.ts";
 * import { assertStringIncludes } from "@std/assert";
 * const card = new FormulaCard(sigmoid);
 * assertStringIncludes(card.toHTML(), "<math");
 * assertStringIncludes(card.toMarkdown(), "$$");
 * assertStringIncludes(card.toPlain(), "f′(0) = 0.25");
 * ```
 */
export class FormulaCard {
  /** What the card shows. */
  readonly source: FormulaSource;
  #at0: { f: number; df: number } | undefined;

  /**
   * Build a card.
   *
   * @param source An activation, or a softmax-like object with `id`,
   *   `label` and `formula`.
   * @throws {TypeError} if `source` has no string `id`/`label` or no `formula.f`.
   */
  constructor(source: FormulaSource | Activation) {
    const s = source as Partial<FormulaSource> | null;
    if (
      s === null || (typeof s !== "object" && typeof s !== "function") ||
      typeof s.id !== "string" || typeof s.label !== "string" ||
      typeof s.formula !== "object" || s.formula === null
    ) {
      throw new TypeError(
        `\`source\` must be an activation or an object with \`id\`, \`label\` and \`formula\`: current value is ${
          s === null ? "null" : typeof s
        }`,
      );
    }
    this.source = source as FormulaSource;
    if (isActivation(source)) {
      this.#at0 = { f: source(0), df: source.derivative(0) };
    }
  }

  /** f(0) and f′(0), for elementwise activations; `undefined` otherwise. */
  get atZero(): { readonly f: number; readonly df: number } | undefined {
    return this.#at0;
  }

  /** The formulas to show, in order, with a caption for each. */
  #formulas(): { tag: string; tex: string }[] {
    const out: { tag: string; tex: string }[] = [];
    const tags: Record<string, string> = {
      f: "function",
      df: isActivation(this.source) ? "derivative" : "Jacobian",
      jacobian: "Jacobian",
      vjp: "VJP",
      jvp: "JVP",
    };
    for (const [key, tex] of Object.entries(this.source.formula)) {
      if (typeof tex !== "string") continue;
      out.push({ tag: tags[key] ?? key, tex });
    }
    return out;
  }

  /** The parameter rows: name, LaTeX symbol, value, description. */
  #params(): {
    name: string;
    symbol: string;
    value: number;
    description: string;
  }[] {
    const { paramSpecs = {} } = this.source;
    // softmax-like objects have specs but no bound values: show the defaults.
    const params = this.source.params ??
      Object.fromEntries(
        Object.entries(paramSpecs).map(([k, v]) => [k, v.default]),
      );
    return Object.entries(params).map(([name, value]) => {
      const spec = paramSpecs[name];
      return {
        name,
        symbol: spec?.symbol ?? `\\text{${name.replace(/[^A-Za-z0-9]/g, "")}}`,
        value,
        description: spec?.description ?? "",
      };
    });
  }

  /** The trait rows, in a fixed order. */
  #traits(): TraitRow[] {
    const t = this.source.traits;
    if (t === undefined) return [];
    const yn = (b: boolean) => (b ? "yes" : "no");
    let sat = yn(t.saturating);
    if (!t.saturating && t.saturates !== undefined) {
      if (t.saturates.negative) sat = "left tail only";
      else if (t.saturates.positive) sat = "right tail only";
    }
    const sm = SMOOTHNESS[t.smoothness] ??
      { name: String(t.smoothness), tex: "", note: "" };
    const fn = isActivation(this.source) ? this.source : undefined;
    return [
      { name: "Saturating", text: sat },
      { name: "Monotonic", text: yn(t.monotonic) },
      { name: "Derivative monotonic", text: yn(t.derivativeMonotonic) },
      { name: "Zero-centred", text: yn(t.zeroCentered) },
      { name: "Range", text: "", tex: intervalTex(interval(t.range, fn)) },
      {
        name: "Smoothness",
        text: sm.name + (sm.note ? ` (${sm.note})` : ""),
        ...(sm.tex ? { tex: sm.tex } : {}),
      },
    ];
  }

  /**
   * The card as an HTML fragment: one `<div>` with inline styles and the
   * formulas as MathML.
   *
   * @returns The HTML.
   */
  toHTML(): string {
    const src = this.source;
    const kind = isActivation(src) ? "activation" : "vector function";
    const parts: string[] = [];
    parts.push(
      `<div class="actlab-card" data-actlab-id="${
        escapeHtml(src.id)
      }" style="${S.card}">`,
      `<div style="${S.head}"><span style="${S.title}">${
        escapeHtml(src.label)
      }</span>` +
        `<code style="${S.id}">${escapeHtml(src.id)}</code>` +
        `<span style="${S.kind}">${kind}</span></div>`,
    );
    if (src.description) {
      parts.push(`<p style="${S.desc}">${escapeHtml(src.description)}</p>`);
    }
    parts.push(`<div style="${S.formulas}">`);
    for (const { tag, tex } of this.#formulas()) {
      parts.push(
        `<div style="${S.formulaRow}"><span style="${S.formulaTag}">${
          escapeHtml(tag)
        }</span>` +
          `<div style="${S.formulaBody}">${
            texToMathML(tex, { display: true })
          }</div></div>`,
      );
    }
    parts.push(`</div>`, `<div style="${S.grid}">`);

    const params = this.#params();
    const at0 = this.#at0;
    if (params.length > 0 || at0 !== undefined) {
      parts.push(`<div style="${S.section}">`);
      if (params.length > 0) {
        parts.push(
          `<div style="${S.h}">Parameters</div><table style="${S.table}"><thead><tr>` +
            `<th style="${S.th}">Symbol</th><th style="${S.th}">Value</th><th style="${S.th}">Meaning</th>` +
            `</tr></thead><tbody>`,
        );
        for (const p of params) {
          parts.push(
            `<tr><td style="${S.tdName}" title="${
              escapeHtml(p.name)
            }"><span style="${S.math}">${
              texToMathML(p.symbol)
            }</span> <code style="${S.note}">${
              escapeHtml(p.name)
            }</code></td>` +
              `<td style="${S.td};font-variant-numeric:tabular-nums">${
                escapeHtml(num(p.value))
              }</td>` +
              `<td style="${S.td}">${escapeHtml(p.description)}</td></tr>`,
          );
        }
        parts.push(`</tbody></table>`);
      }
      if (at0 !== undefined) {
        parts.push(
          `<div style="${S.h};margin-top:${
            params.length > 0 ? 12 : 0
          }px">Convention at 0</div>` +
            `<table style="${S.table}"><tbody>` +
            `<tr><td style="${S.tdName}"><span style="${S.math}">${
              texToMathML("f(0)")
            }</span></td>` +
            `<td style="${S.td}"><span style="${S.math}">${
              texToMathML(texNum(at0.f))
            }</span></td></tr>` +
            `<tr><td style="${S.tdName}"><span style="${S.math}">${
              texToMathML("f'(0)")
            }</span></td>` +
            `<td style="${S.td}"><span style="${S.math}">${
              texToMathML(texNum(at0.df))
            }</span></td></tr>` +
            `</tbody></table><div style="${S.note};margin-top:3px">computed by calling the function at 0</div>`,
        );
      }
      parts.push(`</div>`);
    }

    const traits = this.#traits();
    if (traits.length > 0) {
      parts.push(
        `<div style="${S.section}"><div style="${S.h}">Traits</div><table class="actlab-traits" style="${S.table}"><tbody>`,
      );
      for (const t of traits) {
        const value = t.text === "yes"
          ? `<span style="${S.yes}">✓</span> yes`
          : t.text === "no"
          ? `<span style="${S.no}">✗</span> no`
          : escapeHtml(t.text);
        const tex = t.tex
          ? `<span style="${S.math}">${texToMathML(t.tex)}</span>${
            t.text ? " " : ""
          }`
          : "";
        parts.push(
          `<tr><td style="${S.tdName}">${
            escapeHtml(t.name)
          }</td><td style="${S.td}">${tex}${value}</td></tr>`,
        );
      }
      parts.push(`</tbody></table></div>`);
    }
    parts.push(`</div>`);

    const refs = src.references ?? [];
    if (refs.length > 0) {
      parts.push(`<div style="${S.refs}">References<ol style="${S.refList}">`);
      for (const r of refs) {
        const url = safeUrl(r.url);
        const title = escapeHtml(r.title);
        const linked = url
          ? `<a href="${
            escapeHtml(url)
          }" target="_blank" rel="noopener noreferrer" style="${S.link}">${title}</a>`
          : `<em>${title}</em>`;
        parts.push(`<li>${escapeHtml(r.authors)}. ${linked}.</li>`);
      }
      parts.push(`</ol></div>`);
    }
    parts.push(`</div>`);
    return parts.join("\n");
  }

  /**
   * The card as Markdown with `$$…$$` display math and pipe tables.
   *
   * @returns The Markdown.
   */
  toMarkdown(): string {
    const src = this.source;
    const lines: string[] = [
      `### ${md(src.label)} (\`${src.id.replace(/`/g, "'")}\`)`,
      "",
    ];
    if (src.description) lines.push(md(src.description), "");
    for (const { tex } of this.#formulas()) lines.push(`$$${tex}$$`, "");
    const params = this.#params();
    if (params.length > 0) {
      lines.push("| Parameter | Value | Meaning |", "|---|---|---|");
      for (const p of params) {
        lines.push(
          `| $${p.symbol}$ (\`${p.name.replace(/[`|]/g, "")}\`) | ${
            num(p.value)
          } | ${md(p.description)} |`,
        );
      }
      lines.push("");
    }
    const traits = this.#traits();
    if (traits.length > 0) {
      lines.push("| Trait | |", "|---|---|");
      for (const t of traits) {
        const tex = t.tex ? `$${t.tex}$${t.text ? " " : ""}` : "";
        lines.push(`| ${md(t.name)} | ${tex}${md(t.text)} |`);
      }
      lines.push("");
    }
    const at0 = this.#at0;
    if (at0 !== undefined) {
      lines.push(
        `At $x = 0$: $f(0) = ${texNum(at0.f)}$, $f'(0) = ${texNum(at0.df)}$.`,
        "",
      );
    }
    const refs = src.references ?? [];
    if (refs.length > 0) {
      lines.push("References:", "");
      for (const r of refs) {
        const url = safeUrl(r.url);
        const title = md(r.title);
        lines.push(
          `- ${md(r.authors)}. ${
            url
              ? `[${title}](${url.replace(/[()\s]/g, encodeURIComponent)})`
              : `*${title}*`
          }.`,
        );
      }
      lines.push("");
    }
    return lines.join("\n").trimEnd() + "\n";
  }

  /**
   * A one-line summary.
   *
   * @returns The line.
   */
  toPlain(): string {
    const src = this.source;
    const bits: string[] = [];
    const ps = this.#params().map((p) => `${p.name}=${num(p.value)}`);
    if (this.#at0) {
      bits.push(`f(0) = ${num(this.#at0.f)}, f′(0) = ${num(this.#at0.df)}`);
    }
    const t = src.traits;
    if (t) {
      const fn = isActivation(src) ? src : undefined;
      bits.push(
        [
          t.saturating ? "saturating" : "non-saturating",
          t.monotonic ? "monotonic" : "non-monotonic",
          `range ${intervalText(interval(t.range, fn))}`,
          t.smoothness,
        ].join(", "),
      );
    }
    return `${src.label}${ps.length ? ` (${ps.join(", ")})` : ""}: ${
      bits.join("; ") || src.id
    }`;
  }

  /**
   * The Jupyter mime bundle: `text/html`, `text/markdown`, `text/plain`.
   *
   * @returns The bundle.
   */
  toBundle(): MimeBundle {
    return {
      "text/html": this.toHTML(),
      "text/markdown": this.toMarkdown(),
      "text/plain": this.toPlain(),
    };
  }

  /**
   * Deno's Jupyter kernel calls this to display the card.
   *
   * @returns The mime bundle.
   */
  [Symbol.for("Jupyter.display")](): MimeBundle {
    return this.toBundle();
  }

  /**
   * What `console.log` prints.
   *
   * @returns The one-line summary.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return `FormulaCard ${this.toPlain()}`;
  }
}

/**
 * The formula card of an activation (or of `softmax`/`logSoftmax`): f and f′
 * in LaTeX, the parameters, the traits table, the convention at 0 and the
 * references. As the last expression of a notebook cell it displays itself.
 *
 * @param source An activation, or an object with `id`, `label` and `formula`.
 * @returns The card.
 * @throws {TypeError} if `source` is not such an object.
 *
 * @example Usage
 * ```ts
 * import { elu, formula } from "@actlab/activations";
 * import { assertStringIncludes } from "@std/assert";
 * const bundle = formula(elu.with({ alpha: 2 })).toBundle();
 * assertStringIncludes(String(bundle["text/html"]), "<math");
 * assertStringIncludes(String(bundle["text/markdown"]), "$$");
 * assertStringIncludes(String(bundle["text/plain"]), "alpha=2");
 * ```
 */
export function formula(source: FormulaSource | Activation): FormulaCard {
  return new FormulaCard(source);
}

/**
 * An activation's range in interval notation, with brackets where a bound
 * is attained and parentheses where it is only approached.
 *
 * @param activation The activation.
 * @returns E.g. `(0, 1)` for sigmoid, `[0, ∞)` for ReLU.
 *
 * @example Usage
 * ```ts
 * import { rangeText } from "./formula.ts";
 * import { relu, sigmoid } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(rangeText(sigmoid), "(0, 1)");
 * assertEquals(rangeText(relu), "[0, ∞)");
 * ```
 */
export function rangeText(activation: Activation): string {
  return intervalText(interval(activation.traits.range, activation));
}
