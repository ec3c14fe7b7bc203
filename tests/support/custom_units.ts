/**
 * Custom activations as the tests define them: traits for the odd,
 * unbounded test units (x ↦ αx in the card tests, x³ for the f″ fallback),
 * with only the fields a custom spec must give (no mean, kinks or attained
 * ends), and a one-parameter unit whose every text is chosen by the test
 * (the escaping tests of the charts).
 *
 * @module
 */
import {
  type Activation,
  defineActivation,
  type Traits,
} from "../../lib/activation.ts";
import { sigmoid } from "../../lib/activations/mod.ts";

/**
 * The traits of an odd, increasing, unbounded smooth unit.
 *
 * @param derivativeMonotonic Whether its f′ is monotonic (αx: yes, x³: no).
 * @returns Its traits.
 */
export function oddUnboundedTraits(derivativeMonotonic: boolean): Traits {
  return {
    saturating: false,
    saturates: { negative: false, positive: false },
    monotonic: true,
    derivativeMonotonic,
    zeroCentered: true,
    range: [-Infinity, Infinity],
    smoothness: "smooth",
  };
}

/** The texts of {@linkcode textUnit}, each where a display may show it. */
export interface UnitTexts {
  /** The id and the label. */
  readonly name: string;
  /** The parameter's name and its TeX symbol. */
  readonly param: string;
  /** The parameter's description and the unit's description. */
  readonly description: string;
  /** The formula of f. */
  readonly f: string;
  /** The formula of f′. */
  readonly df: string;
}

/**
 * x ↦ k·x, k the one parameter (default 1, explored over [0, 2]), with
 * sigmoid's traits and every text taken from `texts`.
 *
 * @param texts The texts.
 * @returns The unit.
 */
export function textUnit(texts: UnitTexts): Activation<Record<string, number>> {
  const { name, param, description } = texts;
  return defineActivation<Record<string, number>>({
    id: name,
    label: name,
    params: {
      [param]: {
        default: 1,
        min: 0,
        symbol: param,
        description,
        explore: [0, 2],
      },
    },
    kernels: (p) => ({ f: (x) => x * p[param]!, df: () => p[param]! }),
    formula: () => ({ f: texts.f, df: texts.df }),
    traits: () => sigmoid.traits,
    description,
    references: [],
  });
}
