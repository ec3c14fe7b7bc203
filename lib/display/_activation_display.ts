/**
 * The Jupyter display of activations, installed on import.
 *
 * The math files never import display code (DESIGN.md, "Layout"): an
 * {@linkcode Activation}'s `Symbol.for("Jupyter.display")` calls a hook that
 * this module installs with `setActivationDisplayHook`, and `softmax` /
 * `logSoftmax` call theirs, installed with `setSoftmaxDisplayHook`. An
 * activation as the last expression of a notebook cell then shows its
 * formula card and its chart in one bundle:
 *
 * - `application/vnd.plotly.v1+json`: the chart (`plot(activation)`);
 * - `text/html`: the card (formulas as SVG pictures) followed by the chart
 *   fragment (static SVG + drawing script);
 * - `text/markdown`: the card with `$$…$$` LaTeX;
 * - `text/plain`: one line.
 *
 * softmax and logSoftmax show their card and a heatmap of the Jacobian at
 * a small example vector.
 *
 * @module
 */
import { isActivation, setActivationDisplayHook } from "../activation.ts";
import { setSoftmaxDisplayHook, type SoftmaxFunction } from "../softmax.ts";
import { figureBundle } from "./figure.ts";
import { formula } from "./formula.ts";
import { jacobianHeatmap, plot } from "./plot.ts";
import { DEFAULT_SOFTMAX_EXAMPLE } from "./softmax_derivation.ts";

/**
 * The mime bundle of an activation: its formula card and its chart.
 *
 * @param target The value Jupyter displays (an activation).
 * @returns The bundle (plain text only when `target` is not an activation).
 *
 * @example Usage
 * ```ts
 * import { activationBundle } from "./_activation_display.ts";
 * import { sigmoid } from "@actlab/activations";
 * import { assert, assertStringIncludes } from "@std/assert";
 * const b = activationBundle(sigmoid);
 * assert("application/vnd.plotly.v1+json" in b);
 * assertStringIncludes(String(b["text/html"]), "data:image/svg+xml;base64,");
 * assertStringIncludes(String(b["text/markdown"]), "$$");
 * ```
 */
export function activationBundle(target: unknown): Record<string, unknown> {
  if (!isActivation(target)) return { "text/plain": String(target) };
  const card = formula(target);
  return figureBundle(plot(target), {
    htmlBefore: card.toHTML(),
    markdown: card.toMarkdown(),
    plain: card.toPlain(),
  });
}

/**
 * The mime bundle of `softmax` or `logSoftmax`: the card and a heatmap of
 * the softmax Jacobian at `[1, 2, 0.5, -1]`.
 *
 * @param target The value Jupyter displays (softmax or logSoftmax).
 * @returns The bundle.
 *
 * @example Usage
 * ```ts
 * import { softmaxBundle } from "./_activation_display.ts";
 * import { softmax } from "@actlab/activations";
 * import { assertStringIncludes } from "@std/assert";
 * const b = softmaxBundle(softmax);
 * assertStringIncludes(String(b["text/html"]), "Softmax");
 * assertStringIncludes(String(b["text/markdown"]), "$$");
 * ```
 */
export function softmaxBundle(target: unknown): Record<string, unknown> {
  const t = target as
    | { id?: unknown; label?: unknown; formula?: unknown }
    | null;
  if (
    t === null || (typeof t !== "function" && typeof t !== "object") ||
    typeof t.id !== "string" || typeof t.label !== "string" ||
    typeof t.formula !== "object" || t.formula === null
  ) {
    return { "text/plain": String(target) };
  }
  const card = formula(t as SoftmaxFunction);
  return figureBundle(jacobianHeatmap([...DEFAULT_SOFTMAX_EXAMPLE]), {
    htmlBefore: card.toHTML(),
    markdown: card.toMarkdown(),
    plain: `${card.toPlain()}; Jacobian heatmap at a = [${
      DEFAULT_SOFTMAX_EXAMPLE.join(", ")
    }]`,
  });
}

setActivationDisplayHook(activationBundle);
setSoftmaxDisplayHook(softmaxBundle);
