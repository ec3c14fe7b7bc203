/**
 * Activation Lab: neural-network activation functions and their
 * derivatives, exact to the last bits and vectorised, with Plotly charts
 * and LaTeX formula cards for Deno Jupyter notebooks.
 *
 * Every activation is a callable object: call it on a number, a
 * `number[]`, a `Float32Array` or a `Float64Array` (optionally with an
 * `out` buffer); `.derivative` has the same overloads; `.with({...})`
 * changes parameters; `.formula`, `.traits` and `.params` describe it. In a
 * notebook, an activation as the last expression of a cell shows its
 * formula card and chart.
 *
 * @example Usage
 * ```ts
 * import { sigmoid, softmax, relu } from "@actlab/activations";
 * import { assertEquals, assertAlmostEquals } from "@std/assert";
 *
 * assertEquals(sigmoid(0), 0.5);
 * assertEquals(relu.derivative([-1, 0, 1]), [0, 0, 1]);
 * const s = softmax([1, 2, 3]);
 * assertAlmostEquals(s[0]! + s[1]! + s[2]!, 1);
 * ```
 *
 * @module
 */
export * from "./lib/activation.ts";
export * from "./lib/activations/mod.ts";
export * from "./lib/softmax.ts";
export * from "./lib/prelu_layer.ts";
export * from "./lib/gradcheck.ts";
export * from "./lib/special.ts";
export * from "./lib/display/mod.ts";
