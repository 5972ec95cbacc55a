/**
 * The base of the errors whose code is an area and a reason.
 *
 * @module
 */
import { KatError } from "./kat_error.ts";

/**
 * A {@link KatError} whose `code` is `<area>.<reason>`, such as
 * `token.expired` or `archive.unsafe_path`, with the reason on its own in
 * `reason`. An area (the token layer, the PKI, archives…) has one subclass,
 * which fixes the area, names the error and lists its reasons as a union, so
 * that both `reason` and `code` are typed; the subclass alone is thrown.
 *
 * @example
 * ```ts
 * import { KatError, ReasonError } from "@kat/toolkit";
 * class TrayError extends ReasonError<"tray", "empty" | "full"> {
 *   override name = "TrayError";
 *   constructor(reason: "empty" | "full", message: string) {
 *     super("tray", reason, message);
 *   }
 * }
 * const e = new TrayError("full", "the tray holds 12 cups already");
 * console.log(e instanceof KatError, e.code, e.reason); // true "tray.full" "full"
 * ```
 */
export abstract class ReasonError<Area extends string, Reason extends string>
  extends KatError {
  /** `<area>.<reason>`. */
  declare readonly code: `${Area}.${Reason}`;
  /** Why it failed; stable, unlike the message. */
  readonly reason: Reason;

  /**
   * Creates an error of `code` `<area>.<reason>`.
   *
   * @param area The part of the toolkit that refused.
   * @param reason Why it refused.
   * @param message One line for the user.
   * @param options `cause`: the error that led to this one (given as is to
   * `Error`, so that a `cause` key set to `undefined` is still a cause).
   */
  constructor(
    area: Area,
    reason: Reason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${area}.${reason}`, message, options);
    this.reason = reason;
  }
}
