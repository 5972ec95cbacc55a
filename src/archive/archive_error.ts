/**
 * The one error type of the archive layer.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why an archive was refused; stable, unlike the message. As an error's
 * `code`, and in a diagnostic, it reads `archive.<reason>`.
 *
 * - `empty`: no bytes at all;
 * - `not_gzip`: the data is not gzip (the message names what it looks like);
 * - `corrupt`: gzip data or a tar header that fails its checks (a checksum,
 *   a gzip header, deflate data);
 * - `truncated`: the data ends early, or without the end-of-archive marker;
 * - `trailing_data`: bytes other than zeros after the gzip stream or after
 *   the end-of-archive marker;
 * - `compressed_too_large`: more compressed bytes or gzip members than the
 *   limits can explain;
 * - `invalid_header`: a tar header field that is not a valid number, or a
 *   name that tar and Python's `tarfile` would read differently;
 * - `invalid_pax`: a malformed pax record or value;
 * - `unsupported_pax`: a pax keyword that changes what is extracted in a way
 *   we do not read (sparse files, link targets, volumes);
 * - `misplaced_metadata`: a metadata header (`x`, `L`, `g`) not directly
 *   followed by an entry;
 * - `metadata_too_large`: a metadata header over 64 KiB;
 * - `unsupported_entry`: an entry that is neither a regular file nor a
 *   directory (links, devices, FIFOs, sparse files, unknown types);
 * - `unsafe_path`: an absolute path or one with a `..` segment;
 * - `invalid_path`: an empty, overlong or non-UTF-8 name, a NUL, or a
 *   regular file whose name ends in `/` or `.`;
 * - `duplicate_entry`: a path that appears twice after normalisation, or a
 *   file that another entry uses as a directory;
 * - `nested_path`: a quadlet is flat (one top-level folder is allowed);
 * - `too_many_entries`, `file_too_large`, `total_too_large`: a limit passed;
 * - `read_error`: the input stream itself failed.
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
  | "trailing_data"
  | "compressed_too_large"
  | "invalid_header"
  | "invalid_pax"
  | "unsupported_pax"
  | "misplaced_metadata"
  | "metadata_too_large"
  | "unsupported_entry"
  | "unsafe_path"
  | "invalid_path"
  | "duplicate_entry"
  | "nested_path"
  | "too_many_entries"
  | "file_too_large"
  | "total_too_large"
  | "read_error";

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
export class ArchiveError extends ReasonError<"archive", ArchiveErrorCode> {
  /** Always `ArchiveError`. */
  override name = "ArchiveError";

  /**
   * Creates an archive error.
   *
   * @param reason Why the archive is refused.
   * @param message A sentence for the user.
   * @param entry The entry at fault.
   */
  constructor(
    reason: ArchiveErrorCode,
    message: string,
    readonly entry?: string,
  ) {
    super("archive", reason, message);
  }
}
