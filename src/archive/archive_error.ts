/**
 * The one error type of the archive layer.
 *
 * @module
 */

/**
 * What went wrong with an archive; stable, unlike the message. In a
 * diagnostic it reads `archive.<code>`.
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
 * passed. `entry` names the entry at fault, when there is one.
 *
 * @example
 * ```ts
 * import { ArchiveError } from "./archive_error.ts";
 * const e = new ArchiveError("unsafe_path", 'entry "../x" leaves the archive', "../x");
 * console.log(e.code, e.entry); // "unsafe_path" "../x"
 * ```
 */
export class ArchiveError extends Error {
  /** Always `ArchiveError`. */
  override name = "ArchiveError";

  /**
   * Creates an archive error.
   *
   * @param code What went wrong.
   * @param message A sentence for the user.
   * @param entry The entry at fault.
   */
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}
