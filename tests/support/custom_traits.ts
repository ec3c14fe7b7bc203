/**
 * Traits for the custom activations the tests define (x ↦ αx in the card
 * tests, x³ for the f″ fallback): odd, increasing, unbounded, smooth, and
 * only the fields a custom spec must give (no mean, kinks or attained ends).
 *
 * @module
 */
import type { Traits } from "../../lib/activation.ts";

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
