/**
 * Switch parameters (issue 12): a {@linkcode ParamSpec} with `labels` holds
 * an integer index, and `with()` also takes one of the labels or a boolean.
 * `gelu.with({ approximate: "tanh" })`, `gelu.with({ approximate: true })`
 * and `gelu.with({ approximate: 1 })` are the same activation, whose
 * `params.approximate` is 1 (numbers only, so sliders and cards keep
 * working).
 *
 * @module
 */
import type { ParamSpec } from "./activation.ts";

/**
 * Turn a label or boolean given for a switch into its index, and check that
 * a number given for a switch is one of the indices.
 *
 * @param name The parameter's name (for the message).
 * @param value The value given to `with()`.
 * @param spec The parameter's specification.
 * @returns The value to check as a number (other values unchanged: the
 * number check that follows rejects them).
 * @throws {TypeError} if a label is unknown or a switch gets another type.
 * @throws {RangeError} if a switch gets a number that is not an index.
 */
export function resolveSwitch(
  name: string,
  value: unknown,
  spec: ParamSpec,
): unknown {
  const labels = spec.labels;
  if (labels === undefined) return value;
  const choices = `${labels.map((_, i) => i).join(" or ")}, or a label: ${
    labels.map((l, i) => `${JSON.stringify(l)} (${i})`).join(", ")
  }${labels.length === 2 ? ", or a boolean (false: 0, true: 1)" : ""}`;
  if (typeof value === "boolean") {
    if (labels.length !== 2) {
      throw new TypeError(
        `\`${name}\` must be a number ${choices}: current value is ${value}`,
      );
    }
    return value ? 1 : 0;
  }
  if (typeof value === "string") {
    const i = labels.indexOf(value);
    if (i < 0) {
      throw new TypeError(
        `\`${name}\` must be a number ${choices}: current value is ${
          JSON.stringify(value)
        }`,
      );
    }
    return i;
  }
  if (
    typeof value === "number" && Number.isFinite(value) &&
    !(Number.isInteger(value) && value >= 0 && value < labels.length)
  ) {
    throw new RangeError(
      `\`${name}\` must be a number ${choices}: current value is ${value}`,
    );
  }
  return value;
}
