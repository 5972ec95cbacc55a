/**
 * The one error type of the archive layer.
 *
 * @module
 */
import { KatError } from "../errors/kat_error.ts";

/**
 * Why an archive was refused; stable, unlike the message. As an error's
 * `code`, and in a diagnostic, it reads `archive.<reason>`.
 *
 * @example
 * ```ts
 * import type { ArchiveErrorCode } from "@kat/toolkit";
 * const code: ArchiveErrorCode = "unsafe_path";
 * ```
 */
export type ArchiveErrorCode =
  | "empty"
  | "not_gzip"
  | "corrupt"
  | "truncated"
  | "unsupported_entry"
  | "unsafe_path"
  | "duplicate_entry"
  | "nested_path"
  | "too_many_entries"
  | "file_too_large"
  | "total_too_large";

/**
 * An archive that cannot be read: bad format, a forbidden entry, or a limit
 * passed. `code` is `archive.<reason>`; `entry` names the entry at fault,
 * when there is one.
 *
 * @example
 * ```ts
 * import { ArchiveError, KatError } from "@kat/toolkit";
 * const e = new ArchiveError("unsafe_path", 'entry "../x" leaves the archive', "../x");
 * console.log(e instanceof KatError, e.code, e.reason, e.entry);
 * // true "archive.unsafe_path" "unsafe_path" "../x"
 * ```
 */
export class ArchiveError extends KatError {
  /** Always `ArchiveError`. */
  override name = "ArchiveError";
  /** `archive.<reason>`. */
  declare readonly code: `archive.${ArchiveErrorCode}`;

  /**
   * Creates an archive error.
   *
   * @param reason Why the archive is refused.
   * @param message A sentence for the user.
   * @param entry The entry at fault.
   */
  constructor(
    readonly reason: ArchiveErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(`archive.${reason}`, message);
  }
}
