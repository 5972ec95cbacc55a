/**
 * Failures of the file system and of the standard streams, said in plain
 * words: no runtime wording ("run again with the --allow-all flag") and no
 * raw `(os error N)` reaches a user.
 *
 * @module
 */

import { plainIoMessage } from "../input/plain_io.ts";

export { isIoError, plainIoMessage } from "../input/plain_io.ts";

/**
 * Writing to standard output or standard error failed (a full disk, a
 * device error, …; a stream closed before the tool started is `/dev/null`
 * by then, and never fails). The tools report it on standard error, when that still
 * works, and exit 1; a reader that went away (`BrokenPipe`) is not wrapped,
 * so that the tools can end quietly with 141.
 *
 * @example
 * ```ts
 * import { OutputError } from "./io_errors.ts";
 * const e = new OutputError("standard output", new Error("x"));
 * console.log(e.message); // "cannot write to standard output: x"
 * ```
 */
export class OutputError extends Error {
  override name = "OutputError";

  /**
   * @param stream `standard output` or `standard error`
   * @param cause what the write threw
   */
  constructor(readonly stream: string, cause: unknown) {
    super(`cannot write to ${stream}: ${plainIoMessage(cause)}`, { cause });
  }
}
