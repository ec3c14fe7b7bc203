/**
 * The derivative of softmax, step by step, checked with numbers.
 *
 * The derivation follows the course notes: the quotient rule on
 * S_i = e^{a_i}/Z with Z = Σ_k e^{a_k}, the case i = j (S_i(1 − S_j)), the case i ≠ j
 * (−S_i S_j), both at once with Kronecker's delta (S_i(δ_ij − S_j)), and
 * the matrix form diag(S) − S Sᵀ. It then evaluates, for one vector a, the
 * probabilities S, the analytic Jacobian (from `softmax.jacobian`), a
 * central finite-difference Jacobian of `softmax` itself, and the largest
 * difference between the two.
 *
 * @module
 */
import { softmax } from "../softmax.ts";
import {
  DEFAULT_RELATIVE_STEP,
  numericJacobian,
} from "../_finite_difference.ts";
import { CARD_STYLE as S } from "./_theme.ts";
import { escapeHtml, escapeMarkdown, safeTex } from "./_text.ts";
import { texHtml } from "./_tex.ts";
import { checkLogits } from "./plot.ts";

/** LaTeX as card HTML, through the one typesetting function. */
function texToImg(tex: string, options: { display?: boolean } = {}): string {
  return texHtml(tex, options.display === true).value;
}

/** The default example vector of {@linkcode softmaxDerivation}. */
export const DEFAULT_SOFTMAX_EXAMPLE: readonly number[] = Object.freeze([
  1,
  2,
  0.5,
  -1,
]);

/** The numeric check's pass mark for the largest |J − J_fd|. */
const TOLERANCE = 1e-8;

/** One step of the derivation: prose (plain text, escaped) and display LaTeX. */
interface Step {
  readonly title: string;
  readonly text: string;
  readonly tex: readonly string[];
}

const STEPS: readonly Step[] = [
  {
    title: "Definition",
    text:
      "Softmax turns scores $a = (a_1, \\dots, a_N)$ into probabilities. Write $Z$ for the denominator (the partition function); it depends on every $a_k$.",
    tex: [
      "S_i = \\frac{e^{a_i}}{\\sum_{k=1}^{N} e^{a_k}} = \\frac{e^{a_i}}{Z}, \\qquad Z = \\sum_{k=1}^{N} e^{a_k}, \\qquad \\frac{\\partial Z}{\\partial a_j} = e^{a_j}",
    ],
  },
  {
    title: "Quotient rule",
    text:
      "$S_i$ is a quotient $g/h$ with $g = e^{a_i}$ and $h = Z$ (the quotient rule's $h$, not a step). The numerator depends on $a_j$ only when $i = j$, so the two cases differ in $g'$ alone.",
    tex: [
      "f(x) = \\frac{g(x)}{h(x)} \\;\\Longrightarrow\\; f'(x) = \\frac{g'(x)\\,h(x) - h'(x)\\,g(x)}{[h(x)]^2}, \\qquad \\frac{\\partial e^{a_i}}{\\partial a_j} = \\begin{cases} e^{a_i} & i = j \\\\ 0 & i \\neq j \\end{cases}",
    ],
  },
  {
    title: "Case $i = j$",
    text: "The numerator's derivative is $e^{a_i}$ itself:",
    tex: [
      "\\frac{\\partial S_i}{\\partial a_j} = \\frac{e^{a_i}\\,Z - e^{a_j}\\,e^{a_i}}{Z^2} = \\frac{e^{a_i}}{Z}\\cdot\\frac{Z - e^{a_j}}{Z} = S_i\\,(1 - S_j)",
    ],
  },
  {
    title: "Case $i \\neq j$",
    text:
      "The numerator does not depend on $a_j$, so only the denominator moves:",
    tex: [
      "\\frac{\\partial S_i}{\\partial a_j} = \\frac{0 - e^{a_j}\\,e^{a_i}}{Z^2} = -\\frac{e^{a_i}}{Z}\\cdot\\frac{e^{a_j}}{Z} = -S_i\\,S_j",
    ],
  },
  {
    title: "Both cases at once",
    text: "With Kronecker's delta ($\\delta_{ij} = 1$ if $i = j$, else $0$):",
    tex: [
      "\\frac{\\partial S_i}{\\partial a_j} = S_i\\,(\\delta_{ij} - S_j)",
    ],
  },
  {
    title: "Matrix form",
    text:
      "Stacked into the $N \\times N$ Jacobian: symmetric, every row sums to $0$ (because $\\sum_j S_j = 1$), and a vector–Jacobian product costs $O(N)$, never forming $J$.",
    tex: [
      "J = \\frac{\\partial S}{\\partial a} = \\operatorname{diag}(S) - S\\,S^{\\top}, \\qquad J^{\\top} g = S \\odot \\bigl(g - \\langle g, S\\rangle\\,\\mathbf{1}\\bigr)",
    ],
  },
];

/** Prose with `$…$` inline math: text escaped, math typeset as pictures. */
function richText(text: string): string {
  return text.split("$").map((part, i) =>
    i % 2 === 1 ? texToImg(part) : escapeHtml(part)
  ).join("");
}

/** Prose with `$…$` inline math, for Markdown (math kept when safe, text escaped). */
function richMarkdown(text: string): string {
  return text.split("$").map((part, i) => {
    if (i % 2 === 0) return escapeMarkdown(part);
    const safe = safeTex(part);
    return safe === undefined ? escapeMarkdown(part) : `$${safe}$`;
  }).join("");
}

/** A scientific-notation number in LaTeX, e.g. `3.1 \times 10^{-11}`. */
function texSci(v: number): string {
  if (v === 0) return "0";
  const [m, e] = v.toExponential(1).split("e");
  return `${m}\\times 10^{${Number(e)}}`;
}

/** A vector as a LaTeX row vector (transposed column). */
function texVector(v: readonly number[], digits = 4): string {
  return `\\begin{pmatrix} ${
    v.map((x) => fixN(x, digits)).join(" & ")
  } \\end{pmatrix}^{\\!\\top}`;
}

function fixN(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/**
 * A matrix as a compact LaTeX bmatrix that fits a card without scrolling:
 * 4 decimals up to 5×5, 3 from 6×6, and a smaller size from 9×9; no
 * "−0.0000" for an entry that rounds to zero.
 */
function texMatrix(m: readonly (readonly number[])[]): string {
  const n = Math.max(m.length, ...m.map((r) => r.length));
  const digits = n <= 5 ? 4 : 3;
  const body = m.map((r) => r.map((v) => fixN(v, digits)).join(" & ")).join(
    " \\\\ ",
  );
  const matrix = `\\begin{bmatrix} ${body} \\end{bmatrix}`;
  return n >= 9 ? `{\\small ${matrix}}` : matrix;
}

/**
 * The softmax derivation for one example vector, with its numbers. Displays
 * itself in Jupyter (`text/html` with SVG formula pictures, `text/markdown` with
 * `$$…$$`, `text/plain`).
 *
 * @example Usage
 * ```ts
 * import { softmaxDerivation } from "@actlab/activations";
 * import { assert } from "@std/assert";
 * const d = softmaxDerivation([0, 1]);
 * assert(d.maxAbsDiff < 1e-8);
 * assert(d.passed);
 * ```
 */
export class SoftmaxDerivation {
  /** The example scores. */
  readonly a: readonly number[];
  /** softmax(a). */
  readonly s: readonly number[];
  /** The analytic Jacobian diag(S) − SSᵀ, from `softmax.jacobian`. */
  readonly jacobian: readonly (readonly number[])[];
  /** The central finite-difference Jacobian of `softmax`. */
  readonly numeric: readonly (readonly number[])[];
  /** The step h of the central differences. */
  readonly h: number;
  /** max_ij |J_ij − J^fd_ij|. */
  readonly maxAbsDiff: number;

  /**
   * Compute the numbers of the derivation.
   *
   * @param a The example scores (finite, at least one).
   * @throws {TypeError} if `a` is not an array of numbers.
   * @throws {RangeError} if `a` is empty, longer than 12, or not finite.
   */
  constructor(a: readonly number[] | Float64Array | Float32Array) {
    // The same check as jacobianHeatmap: arrays and float typed arrays.
    a = checkLogits("a", a, 12);
    this.a = Object.freeze(Array.from(a));
    this.s = Object.freeze(softmax([...a]));
    this.jacobian = Object.freeze(
      softmax.jacobian([...a]).map((r) => Object.freeze(r)),
    );
    // Central differences (one implementation: lib/_finite_difference.ts)
    // with h = ε^{1/3}·max(1, |a_j|), which balances truncation and rounding
    // (Nocedal & Wright, Numerical Optimization, §8.1).
    const n = a.length;
    this.h = DEFAULT_RELATIVE_STEP;
    const numeric = numericJacobian((v) => softmax(v), [...a], this.h);
    this.numeric = Object.freeze(numeric.map((r) => Object.freeze(r)));
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        worst = Math.max(
          worst,
          Math.abs(this.jacobian[i]![j]! - numeric[i]![j]!),
        );
      }
    }
    this.maxAbsDiff = worst;
  }

  /** Whether the analytic and numeric Jacobians agree to within 1e-8. */
  get passed(): boolean {
    return this.maxAbsDiff < TOLERANCE;
  }

  /** The numeric part as (title, prose, LaTeX) blocks. */
  #numbers(): Step[] {
    const sum = this.s.reduce((p, q) => p + q, 0);
    return [
      {
        title: "Numbers",
        text: `For a concrete vector of ${this.a.length} scores:`,
        tex: [
          `a = ${texVector(this.a, 2)}`,
          `S = \\operatorname{softmax}(a) = ${
            texVector(this.s)
          }, \\qquad \\sum_i S_i = ${
            fixN(sum, 12).replace(/0+$/, "").replace(/\.$/, "")
          }`,
        ],
      },
      {
        title: "Analytic Jacobian",
        text:
          "$\\operatorname{diag}(S) - SS^{\\top}$, as softmax.jacobian computes it:",
        tex: [`J = ${texMatrix(this.jacobian)}`],
      },
      {
        title: "Finite differences",
        text:
          `Central differences of softmax itself, one column per perturbed score $a_j$, each with its own step $h_j = \\varepsilon^{1/3}\\max(1, |a_j|)$: $h_j \\approx ${
            texSci(this.h)
          }$ for $|a_j| \\le 1$, and $${
            texSci(this.h)
          }\\,|a_j|$ beyond, so the step keeps pace with the score it moves:`,
        // The definition and the matrix on two lines: on one, the matrix
        // ran past the card's width from 4×4 on.
        tex: [
          `J^{\\mathrm{fd}}_{ij} = \\frac{S_i(a + h_j\\,e_j) - S_i(a - h_j\\,e_j)}{2h_j}`,
          `J^{\\mathrm{fd}} = ${texMatrix(this.numeric)}`,
        ],
      },
    ];
  }

  /** The check as LaTeX. */
  #checkTex(): string {
    return `\\max_{i,j}\\,|J_{ij} - J^{\\mathrm{fd}}_{ij}| = ${
      texSci(this.maxAbsDiff)
    } ${this.passed ? "<" : "\\geq"} 10^{-8}`;
  }

  /**
   * The derivation as an HTML card (formulas as SVG pictures, inline
   * styles, headings that stay bold without them).
   *
   * @returns The HTML.
   */
  toHTML(): string {
    const out: string[] = [
      `<div class="actlab-card actlab-derivation" style="${S.card}">`,
      `<div style="${S.head}"><b style="${S.title}">The softmax Jacobian, step by step</b> ` +
      `<span style="${S.kind}">derivation</span></div>`,
    ];
    let k = 0;
    const block = (step: Step) => {
      k++;
      out.push(
        `<div style="margin:14px 0 4px"><div style="${S.stepTitle}"><span style="${S.stepNo}">${k}</span> <b>${
          richText(step.title)
        }</b></div>` +
          `<div style="${S.desc};margin:2px 0 4px">${
            richText(step.text)
          }</div></div>`,
      );
      for (const tex of step.tex) {
        out.push(
          `<div style="${S.formulas};margin:4px 0 8px">${
            texToImg(tex, { display: true })
          }</div>`,
        );
      }
    };
    STEPS.forEach(block);
    this.#numbers().forEach(block);
    const ok = this.passed;
    out.push(
      `<div class="actlab-check" style="${S.formulas};border-left-color:${
        ok ? "#1a7f37" : "#cf222e"
      };background:${ok ? "#f0faf3" : "#fff1f0"}">` +
        `<div style="display:flex;align-items:center;gap:14px"><span style="${S.formulaTag};width:auto;min-width:0;flex:0 0 auto;color:${
          ok ? "#1a7f37" : "#cf222e"
        };font-weight:600">${ok ? "✓ check passed" : "✗ check failed"}</span>` +
        `<div style="flex:1 1 auto">${
          texToImg(this.#checkTex(), { display: true })
        }</div></div></div>`,
      `</div>`,
    );
    return out.join("\n");
  }

  /**
   * The derivation as Markdown with `$$…$$` LaTeX.
   *
   * @returns The Markdown.
   */
  toMarkdown(): string {
    const lines = ["### The softmax Jacobian, step by step", ""];
    let k = 0;
    for (const step of [...STEPS, ...this.#numbers()]) {
      k++;
      lines.push(
        `**${k}. ${richMarkdown(step.title)}.** ${richMarkdown(step.text)}`,
        "",
      );
      for (const tex of step.tex) lines.push(`$$${tex}$$`, "");
    }
    lines.push(
      `**Check ${this.passed ? "passed" : "FAILED"}:**`,
      "",
      `$$${this.#checkTex()}$$`,
      "",
    );
    return lines.join("\n");
  }

  /**
   * One line: the vector and the result of the check.
   *
   * @returns The line.
   */
  toPlain(): string {
    return `Softmax Jacobian derivation: ∂S_i/∂a_j = S_i(δ_ij − S_j), J = diag(S) − SSᵀ; ` +
      `at a = [${this.a.join(", ")}], max |J − J_fd| = ${
        this.maxAbsDiff.toExponential(1)
      } ` +
      `(${this.passed ? "check passed" : "check FAILED"})`;
  }

  /**
   * The Jupyter mime bundle: `text/html`, `text/markdown`, `text/plain`.
   *
   * @returns The bundle.
   */
  toBundle(): Record<string, unknown> {
    return {
      "text/html": this.toHTML(),
      "text/markdown": this.toMarkdown(),
      "text/plain": this.toPlain(),
    };
  }

  /**
   * Deno's Jupyter kernel calls this to display the derivation.
   *
   * @returns The mime bundle.
   */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return this.toBundle();
  }

  /**
   * What `console.log` prints.
   *
   * @returns The one-line summary.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toPlain();
  }
}

/**
 * The step-by-step derivation of ∂S_i/∂a_j (quotient rule, the i = j and
 * i ≠ j cases, S_i(δ_ij − S_j), the matrix form diag(S) − SSᵀ), then the
 * numbers for `a`: S, the analytic Jacobian, a central finite-difference
 * Jacobian and their largest difference, ending in a numeric check.
 *
 * @param a The example scores (default `[1, 2, 0.5, -1]`; 1 to 12 finite numbers).
 * @returns The derivation, displayable in Jupyter.
 * @throws {TypeError} if `a` is not an array of numbers.
 * @throws {RangeError} if `a` is empty, longer than 12, or not finite.
 *
 * @example Usage
 * ```ts
 * import { softmaxDerivation } from "@actlab/activations";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const d = softmaxDerivation();
 * assert(d.maxAbsDiff < 1e-8);
 * assertStringIncludes(d.toMarkdown(), "S_i\\,(1 - S_j)");
 * assertStringIncludes(String(d.toBundle()["text/html"]), "data:image/svg+xml;base64,");
 * ```
 */
export function softmaxDerivation(
  a: readonly number[] | Float64Array | Float32Array = DEFAULT_SOFTMAX_EXAMPLE,
): SoftmaxDerivation {
  return new SoftmaxDerivation(a);
}
