/**
 * The error class thrown by every assertion in the offline `@std/assert`
 * stand-in.
 *
 * @module
 */

/** Error thrown when an assertion fails (mirrors `@std/assert`'s class). */
export class AssertionError extends Error {
  /**
   * Creates an assertion error.
   *
   * @param message The error message.
   * @param options Standard error options (e.g. `cause`).
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AssertionError";
  }
}
