/**
 * The error of a katconfig file that cannot be found, read or trusted.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why a katconfig file is refused:
 * - `not_found`: no file at the path chosen (by `--katconfig`, `$KATCONFIG`
 *   or `~/.kat/config`);
 * - `unreadable`: the file exists but cannot be read;
 * - `exposed`: its mode lets its group or others read or write it;
 * - `invalid`: not YAML, or a field missing, unknown or of a wrong value;
 * - `unwritable`: its servers cannot be updated (not a regular file, or it
 *   cannot be written).
 *
 * @example
 * ```ts
 * import type { KatconfigErrorReason } from "./katconfig_error.ts";
 * const reason: KatconfigErrorReason = "exposed";
 * ```
 */
export type KatconfigErrorReason =
  | "not_found"
  | "unreadable"
  | "exposed"
  | "invalid"
  | "unwritable";

/**
 * A katconfig file refused; the message is one line that names the file
 * (and, for `invalid`, the line, column and field) and never holds the
 * credential.
 *
 * @example
 * ```ts
 * import { KatconfigError } from "./katconfig_error.ts";
 * const e = new KatconfigError("exposed", "x");
 * console.log(e.code); // "katconfig.exposed"
 * ```
 */
export class KatconfigError
  extends ReasonError<"katconfig", KatconfigErrorReason> {
  /** Always `KatconfigError`. */
  override name = "KatconfigError";

  /**
   * Creates a katconfig error.
   *
   * @param reason Why the file is refused.
   * @param message One line for the user.
   * @param cause The underlying error, if any.
   */
  constructor(
    reason: KatconfigErrorReason,
    message: string,
    cause?: unknown,
  ) {
    super(
      "katconfig",
      reason,
      message,
      cause === undefined ? undefined : { cause },
    );
  }
}
