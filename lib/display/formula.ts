/**
 * Formula cards: an activation's f, f′ and f″ in LaTeX, its parameters, its
 * traits as a small table (saturation per side, the mean output for
 * standard normal input, the range with brackets where an end is attained),
 * the convention at 0 (f, f′, f″ computed there) and the papers it comes
 * from.
 *
 * A card's Jupyter bundle holds `text/html` (the formulas typeset in Deno
 * by MathJax into SVG pictures, `<img>` with the LaTeX as `alt`: no fonts,
 * no script, the same in the classic Notebook, JupyterLab, VS Code,
 * nbconvert and a saved page, and kept by the sanitizers of untrusted
 * notebooks; headings and tables keep the layout where styles are
 * stripped), `text/markdown`
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
import { describeValue, typeError } from "../_validate.ts";
import {
  escapeMarkdown as md,
  formatNumber as num,
  type Html,
  html,
  safeTex,
  texNumber as texNum,
  trusted,
} from "./_text.ts";
import { texHtml } from "./_tex.ts";
import { CARD_STYLE as S } from "./_theme.ts";

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

/**
 * The range as an interval: its bounds, which ones are attained, and the
 * finite value set where there is one.
 */
interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly closedLo: boolean;
  readonly closedHi: boolean;
  readonly values?: readonly number[];
}

/**
 * The range with a bracket where the bound is a value f takes at a finite x
 * and a parenthesis where it is only a limit at ±∞ (sigmoid (0, 1), ReLU
 * [0, ∞), ReLU6 [0, 6], ELU (−α, ∞)), as the activation's
 * `traits.rangeAttained` states from its definition (never by sampling a
 * window); step and sign, which take finitely many values, as a set. A
 * source without `rangeAttained` (a custom activation) shows the closed
 * hull.
 */
function interval(t: Traits): Interval {
  const [lo, hi] = t.range;
  const at = t.rangeAttained ?? { lower: true, upper: true };
  return {
    lo,
    hi,
    closedLo: Number.isFinite(lo) && at.lower,
    closedHi: Number.isFinite(hi) && at.upper,
    ...(t.values === undefined ? {} : { values: t.values }),
  };
}

/** Which tails saturate, in words: "left and right", "left", "right", "neither side". */
export function saturationText(t: Traits): string {
  const { negative, positive } = t.saturates;
  return negative && positive
    ? "left and right"
    : negative
    ? "left"
    : positive
    ? "right"
    : "neither side";
}

/** An {@linkcode Interval} in LaTeX. */
function intervalTex(r: Interval): string {
  if (r.values !== undefined) {
    return `\\{${r.values.map((v) => texNum(v)).join(", ")}\\}`;
  }
  if (r.lo === r.hi) return `\\{${texNum(r.lo)}\\}`;
  return `${r.closedLo ? "[" : "("}${texNum(r.lo)},\ ${texNum(r.hi)}${
    r.closedHi ? "]" : ")"
  }`;
}

/** An {@linkcode Interval} in plain text. */
function intervalText(r: Interval): string {
  if (r.values !== undefined) {
    return `{${r.values.map((v) => num(v)).join(", ")}}`;
  }
  if (r.lo === r.hi) return `{${num(r.lo)}}`;
  return `${r.closedLo ? "[" : "("}${num(r.lo)}, ${num(r.hi)}${
    r.closedHi ? "]" : ")"
  }`;
}

/**
 * Check a {@linkcode FormulaSource} field by field, so a malformed one is
 * a TypeError naming the field, not a crash while rendering.
 */
function checkSource(source: unknown): void {
  if (
    source === null ||
    (typeof source !== "object" && typeof source !== "function")
  ) {
    throw typeError(
      "source",
      "an activation or an object with `id`, `label` and `formula`",
      source,
    );
  }
  const s = source as Record<string, unknown>;
  const str = (name: string, v: unknown, optional = false) => {
    if (optional && v === undefined) return;
    if (typeof v !== "string") throw typeError(name, "a string", v);
  };
  const plainObject = (name: string, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) {
      throw typeError(name, "an object", v);
    }
    return v as Record<string, unknown>;
  };
  str("source.id", s.id);
  str("source.label", s.label);
  const formula = plainObject("source.formula", s.formula);
  str("source.formula.f", formula.f);
  for (const [k, v] of Object.entries(formula)) str(`source.formula.${k}`, v);
  str("source.description", s.description, true);
  if (s.params !== undefined) {
    for (
      const [k, v] of Object.entries(plainObject("source.params", s.params))
    ) {
      if (typeof v !== "number") {
        throw typeError(`source.params.${k}`, "a number", v);
      }
    }
  }
  if (s.paramSpecs !== undefined) {
    const specs = plainObject("source.paramSpecs", s.paramSpecs);
    for (const [k, v] of Object.entries(specs)) {
      const spec = plainObject(`source.paramSpecs.${k}`, v);
      str(`source.paramSpecs.${k}.symbol`, spec.symbol, true);
      str(`source.paramSpecs.${k}.description`, spec.description, true);
      if (s.params === undefined && typeof spec.default !== "number") {
        throw typeError(
          `source.paramSpecs.${k}.default`,
          "a number",
          spec.default,
        );
      }
    }
  }
  if (s.references !== undefined) {
    if (!Array.isArray(s.references)) {
      throw typeError("source.references", "an array", s.references);
    }
    s.references.forEach((r: unknown, i: number) => {
      const ref = plainObject(`source.references[${i}]`, r);
      str(`source.references[${i}].authors`, ref.authors);
      str(`source.references[${i}].title`, ref.title);
      str(`source.references[${i}].url`, ref.url);
    });
  }
  if (s.traits !== undefined) {
    const t = plainObject("source.traits", s.traits);
    const range = t.range;
    if (
      !Array.isArray(range) || range.length !== 2 ||
      typeof range[0] !== "number" || typeof range[1] !== "number"
    ) {
      throw typeError("source.traits.range", "a pair of numbers", range);
    }
    for (
      const k of [
        "saturating",
        "monotonic",
        "derivativeMonotonic",
        "zeroCentered",
      ]
    ) {
      if (typeof t[k] !== "boolean") {
        throw typeError(`source.traits.${k}`, "a boolean", t[k]);
      }
    }
    if (t.meanOutput !== undefined && typeof t.meanOutput !== "number") {
      throw typeError("source.traits.meanOutput", "a number", t.meanOutput);
    }
    if (t.rangeAttained !== undefined) {
      const at = plainObject("source.traits.rangeAttained", t.rangeAttained);
      for (const k of ["lower", "upper"]) {
        if (typeof at[k] !== "boolean") {
          throw typeError(
            `source.traits.rangeAttained.${k}`,
            "a boolean",
            at[k],
          );
        }
      }
    }
    if (
      t.values !== undefined &&
      (!Array.isArray(t.values) ||
        !t.values.every((v: unknown) => typeof v === "number"))
    ) {
      throw typeError("source.traits.values", "an array of numbers", t.values);
    }
    const sat = plainObject("source.traits.saturates", t.saturates);
    for (const k of ["negative", "positive"]) {
      if (typeof sat[k] !== "boolean") {
        throw typeError(`source.traits.saturates.${k}`, "a boolean", sat[k]);
      }
    }
    if (
      !["discontinuous", "C0", "C1", "smooth"].includes(t.smoothness as string)
    ) {
      throw new TypeError(
        `\`source.traits.smoothness\` must be one of "discontinuous", "C0", "C1", "smooth": current value is ${
          describeValue(t.smoothness)
        }`,
      );
    }
  }
}

/** TeX for a card: typeset, or its escaped source when it is not safe. */
function math(tex: string, display = false): Html {
  return texHtml(tex, display);
}

/** TeX for Markdown: `$…$`/`$$…$$` when safe, else the escaped source. */
function mdMath(tex: string, display = false): string {
  const safe = safeTex(tex);
  if (safe === undefined) return md(tex);
  return display ? `$$${safe}$$` : `$${safe}$`;
}

/** A bundle of mime types, as Jupyter's display protocol wants it. */
export type MimeBundle = Record<string, unknown>;

/**
 * A formula card: f, f′ and f″ in LaTeX, the parameters (symbol, value,
 * description), the traits as a table, the convention at 0 (f(0), f′(0)
 * and f″(0) computed, not quoted) and the references. Displays itself in
 * Jupyter.
 *
 * @example Usage
 * ```ts
 * import { FormulaCard } from "./formula.ts";
 * import { sigmoid } from "@actlab/activations";
 * import { assertStringIncludes } from "@std/assert";
 * const card = new FormulaCard(sigmoid);
 * assertStringIncludes(card.toHTML(), "data:image/svg+xml;base64,");
 * assertStringIncludes(card.toMarkdown(), "$$");
 * assertStringIncludes(card.toPlain(), "f′(0) = 0.25, f″(0) = 0");
 * assertStringIncludes(card.toPlain(), "saturates left and right");
 * assertStringIncludes(card.toMarkdown(), "\\sigma''(x)");
 * ```
 */
export class FormulaCard {
  /** What the card shows. */
  readonly source: FormulaSource;
  #at0: { f: number; df: number; d2f: number } | undefined;

  /**
   * Build a card.
   *
   * @param source An activation, or a softmax-like object with `id`,
   *   `label` and `formula`.
   * @throws {TypeError} if `source` has no string `id`/`label` or no `formula.f`.
   */
  constructor(source: FormulaSource | Activation) {
    checkSource(source);
    this.source = source as FormulaSource;
    if (isActivation(source)) {
      this.#at0 = {
        f: source(0),
        df: source.derivative(0),
        d2f: source.secondDerivative(0),
      };
    }
  }

  /** f(0), f′(0) and f″(0), for elementwise activations; `undefined` otherwise. */
  get atZero():
    | { readonly f: number; readonly df: number; readonly d2f: number }
    | undefined {
    return this.#at0;
  }

  /** The formulas to show, in order, with a caption for each. */
  #formulas(): { tag: string; tex: string }[] {
    const out: { tag: string; tex: string }[] = [];
    const tags: Record<string, string> = {
      f: "function",
      df: isActivation(this.source) ? "derivative" : "Jacobian",
      d2f: "second derivative",
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
    /** The value as shown: a switch by its label too, "0 (none)". */
    shown: string;
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
        shown: typeof spec?.labels?.[value] === "string"
          ? `${num(value)} (${spec.labels[value]})`
          : num(value),
        description: spec?.description ?? "",
      };
    });
  }

  /** The trait rows, in a fixed order. */
  #traits(): TraitRow[] {
    const t = this.source.traits;
    if (t === undefined) return [];
    const yn = (b: boolean) => (b ? "yes" : "no");
    const sm = SMOOTHNESS[t.smoothness] ??
      { name: String(t.smoothness), tex: "", note: "" };
    const mean: TraitRow[] = t.meanOutput === undefined ? [] : [{
      name: "Mean output",
      text: "for Z ~ N(0, 1)",
      tex: `\\operatorname{E} f(Z) = ${texNum(roundMean(t.meanOutput))}`,
    }];
    return [
      { name: "Saturates", text: saturationText(t) },
      { name: "Monotonic", text: yn(t.monotonic) },
      { name: "Derivative monotonic", text: yn(t.derivativeMonotonic) },
      { name: "Zero-centred", text: yn(t.zeroCentered) },
      ...mean,
      {
        name: t.values === undefined ? "Range" : "Values",
        text: "",
        tex: intervalTex(interval(t)),
      },
      {
        name: "Smoothness",
        text: sm.name + (sm.note ? ` (${sm.note})` : ""),
        ...(sm.tex ? { tex: sm.tex } : {}),
      },
    ];
  }

  /**
   * The card as an HTML fragment: one `<div>` with inline styles and the
   * formulas as SVG pictures (`<img>`, LaTeX as `alt`).
   *
   * @returns The HTML.
   */
  toHTML(): string {
    const src = this.source;
    const st = (k: keyof typeof S) => trusted(S[k]);
    const kind = isActivation(src) ? "activation" : "vector function";
    // A table, not only CSS: with every style stripped (an untrusted
    // notebook's sanitizer may drop them) each formula still sits on its
    // own row after its caption.
    const formulas = this.#formulas().map(({ tag, tex }) =>
      html`
        <tr style="${st("tr")}">
          <th style="${st("formulaTag")}">${tag}</th>
          <td
            style="${st("formulaBody")}">${math(tex, true)}</td>
        </tr>
      `
    );
    const params = this.#params();
    const at0 = this.#at0;
    const paramTable = params.length > 0 &&
      html`
        <div style="${st("h")}"><b>Parameters</b></div>
        <table style="${st("table")}">
          <thead>
            <tr style="${st("tr")}">
              <th style="${st("th")}">Symbol</th>
              <th style="${st("th")}">Value</th>
              <th style="${st("th")}">Meaning</th>
            </tr>
          </thead>
          <tbody>${params.map((p) =>
            html`
              <tr style="${st("tr")}">
                <td style="${st("tdName")}"
                  title="${p.name}"><span style="${st("math")}">${math(
                    p.symbol,
                  )}</span> <code style="${st("note")}">${p.name}</code></td>
                <td style="${trusted(
                  S.td + ";font-variant-numeric:tabular-nums",
                )}">${p.shown}</td>
                <td style="${st("td")}">${p.description}</td>
              </tr>
            `
          )}</tbody>
        </table>
      `;
    const row0 = (label: string, v: number) =>
      html`
        <tr style="${st("tr")}">
          <td style="${st("tdName")}"><span style="${st("math")}">${math(
            label,
          )}</span></td>
          <td style="${st("td")}"><span style="${st("math")}">${math(
            texNum(v),
          )}</span></td>
        </tr>
      `;
    const at0Table = at0 !== undefined &&
      html`
        <div style="${trusted(
          `${S.h};margin-top:${params.length > 0 ? 12 : 0}px`,
        )}"><b>Convention at 0</b></div>
        <table style="${st("table")}">
          <tbody>${row0("f(0)", at0.f)}${row0("f'(0)", at0.df)}${row0(
            "f''(0)",
            at0.d2f,
          )}</tbody>
        </table>
        <div style="${trusted(
          `${S.note};margin-top:3px`,
        )}">computed by calling the function at 0</div>
      `;
    const traits = this.#traits();
    const traitTable = traits.length > 0 &&
      html`
        <div style="${st("section")}">
          <div style="${st("h")}"><b>Traits</b></div>
          <table class="actlab-traits" style="${st("table")}">
            <tbody>${traits.map((t) => {
              const value = t.text === "yes"
                ? html`<span style="${st("yes")}">✓</span> yes`
                : t.text === "no"
                ? html`<span style="${st("no")}">✗</span> no`
                : html`${t.text}`;
              const tex = t.tex &&
                html`<span style="${st("math")}">${math(t.tex)}</span>${
                  t.text ? " " : ""
                }`;
              return html`
                <tr style="${st("tr")}">
                  <td style="${st("tdName")}">${t.name}</td>
                  <td style="${st("td")}">${tex}${value}</td>
                </tr>
              `;
            })}</tbody>
          </table>
        </div>
      `;
    const refs = src.references ?? [];
    const refList = refs.length > 0 &&
      html`
        <div
          style="${st("refs")}">References<ol style="${st("refList")}">${refs
            .map((r) => {
              const url = safeUrl(r.url);
              const linked = url
                ? html`
                  <a href="${url}" target="_blank" rel="noopener noreferrer"
                    style="${st("link")}">${r.title}</a>
                `
                : html`<em>${r.title}</em>`;
              return html`<li>${r.authors}. ${linked}.</li>`;
            })}</ol></div>
      `;
    return html`<div class="actlab-card" data-actlab-id="${src.id}" style="${
      st("card")
    }">
<div style="${st("head")}"><b style="${
      st("title")
    }">${src.label}</b> <code style="${
      st("id")
    }">${src.id}</code> <span style="${st("kind")}">${kind}</span></div>
${src.description && html`<p style="${st("desc")}">${src.description}</p>`}
<div style="${st("formulas")}"><table style="${
      st("formulaTable")
    }"><tbody>${formulas}</tbody></table></div>
<div style="${st("grid")}">${
      (paramTable || at0Table) &&
      html`<div style="${st("section")}">${paramTable}${at0Table}</div>`
    }${traitTable}</div>
${refList}
</div>`.value;
  }

  /**
   * The card as Markdown with `$$…$$` display math and pipe tables.
   *
   * @returns The Markdown.
   */
  toMarkdown(): string {
    const src = this.source;
    const lines: string[] = [`### ${md(src.label)} (${md(src.id)})`, ""];
    if (src.description) lines.push(md(src.description), "");
    for (const { tex } of this.#formulas()) lines.push(mdMath(tex, true), "");
    const params = this.#params();
    if (params.length > 0) {
      lines.push("| Parameter | Value | Meaning |", "|---|---|---|");
      for (const p of params) {
        lines.push(
          `| ${mdMath(p.symbol)} (${md(p.name)}) | ${md(p.shown)} | ${
            md(p.description)
          } |`,
        );
      }
      lines.push("");
    }
    const traits = this.#traits();
    if (traits.length > 0) {
      lines.push("| Trait | |", "|---|---|");
      for (const t of traits) {
        const tex = t.tex ? `${mdMath(t.tex)}${t.text ? " " : ""}` : "";
        lines.push(`| ${md(t.name)} | ${tex}${md(t.text)} |`);
      }
      lines.push("");
    }
    const at0 = this.#at0;
    if (at0 !== undefined) {
      lines.push(
        `At $x = 0$: ${mdMath(`f(0) = ${texNum(at0.f)}`)}, ${
          mdMath(`f'(0) = ${texNum(at0.df)}`)
        }, ${mdMath(`f''(0) = ${texNum(at0.d2f)}`)}.`,
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
              ? `[${title}](${
                url.replace(/[()\s<>"'`\\]/g, (c) =>
                  "%" +
                  c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"))
              })`
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
      bits.push(
        `f(0) = ${num(this.#at0.f)}, f′(0) = ${num(this.#at0.df)}, f″(0) = ${
          num(this.#at0.d2f)
        }`,
      );
    }
    const t = src.traits;
    if (t) {
      bits.push(
        [
          `saturates ${saturationText(t)}`,
          t.monotonic ? "monotonic" : "non-monotonic",
          ...(t.meanOutput === undefined
            ? []
            : [`mean output ${num(roundMean(t.meanOutput))}`]),
          `${t.values === undefined ? "range" : "values"} ${
            intervalText(interval(t))
          }`,
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
 * The formula card of an activation (or of `softmax`/`logSoftmax`): f, f′
 * and f″ in LaTeX (softmax: f and its Jacobian), the parameters, the traits table, the convention at 0 and the
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
 * assertStringIncludes(String(bundle["text/html"]), "data:image/svg+xml;base64,");
 * assertStringIncludes(String(bundle["text/markdown"]), "$$");
 * assertStringIncludes(String(bundle["text/plain"]), "alpha=2");
 * ```
 */
export function formula(source: FormulaSource | Activation): FormulaCard {
  return new FormulaCard(source);
}

/**
 * An activation's range in interval notation, with brackets where a bound
 * is attained and parentheses where it is only approached, or its value set
 * when it takes finitely many values.
 *
 * @param activation The activation.
 * @returns E.g. `(0, 1)` for sigmoid, `[0, ∞)` for ReLU.
 *
 * @example Usage
 * ```ts
 * import { rangeText } from "./formula.ts";
 * import { elu, relu, relu6, sigmoid, sign } from "@actlab/activations";
 * import { assertEquals } from "@std/assert";
 * assertEquals(rangeText(sigmoid), "(0, 1)");
 * assertEquals(rangeText(relu), "[0, ∞)");
 * assertEquals(rangeText(relu6), "[0, 6]");
 * assertEquals(rangeText(elu), "(−1, ∞)");
 * assertEquals(rangeText(sign), "{−1, 0, 1}");
 * ```
 */
export function rangeText(activation: Activation): string {
  return intervalText(interval(activation.traits));
}

/**
 * A mean output as shown: 4 significant digits, and 0 below 5e-7 (SELU's
 * mean is 0 up to the rounding of its constants, ~1e-9, not a number to
 * print).
 */
function roundMean(m: number): number {
  return Math.abs(m) < 5e-7 ? 0 : Number(m.toPrecision(4));
}
