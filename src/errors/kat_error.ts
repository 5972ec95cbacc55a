/**
 * The base of every error the toolkit throws on purpose.
 *
 * @module
 */

/**
 * An error with a stable `code` (such as `wire.unknown_field` or
 * `archive.unsafe_path`): what the toolkit throws for input it cannot take,
 * where it does not return diagnostics. Test `code`, not the message.
 *
 * @example
 * ```ts
 * import { KatError } from "@kat/toolkit";
 * try {
 *   throw new KatError("wire.malformed", "the bytes are not a Workload");
 * } catch (e) {
 *   if (e instanceof KatError) console.log(e.code); // "wire.malformed"
 * }
 * ```
 */
export class KatError extends Error {
  /** Always `KatError`, or the name of a subclass. */
  override name = "KatError";

  /**
   * Creates an error.
   *
   * @param code What went wrong, as a stable dotted name.
   * @param message A sentence for the user.
   * @param options `cause`: the error that led to this one.
   */
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
