/**
 * Usage errors: the command line does not fit the command (exit code 2).
 *
 * @module
 */

/**
 * A usage problem that a command's action finds after parsing, such as two
 * options that cannot go together. The tool prints it as
 * `katcall: <message>` and exits 2.
 *
 * @example
 * ```ts
 * import { UsageError } from "./usage_error.ts";
 * const e = new UsageError("standard input (-) can be named only once");
 * console.log(e.name); // "UsageError"
 * ```
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** What kind of mistake an {@link ArgsError} reports. */
export type ArgsErrorCode =
  | "unknown-command"
  | "unknown-option"
  | "missing-value"
  | "unexpected-value"
  | "invalid-choice"
  | "missing-option"
  | "missing-argument"
  | "too-many-arguments";

/**
 * The command line does not match the command's spec: an unknown command or
 * option, a missing value, argument or required option, a value outside the
 * choices, or too many arguments. The tool prints it as `error: <message>`,
 * followed by `(Did you mean <suggestion>?)` when there is a suggestion, and
 * exits 2.
 *
 * @example
 * ```ts
 * import { ArgsError } from "./usage_error.ts";
 * const e = new ArgsError("unknown-command", "unknown command \"valdate\"", "validate");
 * console.log(e.code, e.suggestion); // "unknown-command" "validate"
 * ```
 */
export class ArgsError extends UsageError {
  override name = "ArgsError";
  /** What kind of mistake it is. */
  readonly code: ArgsErrorCode;
  /** The command, option or value probably meant, for an unknown one. */
  readonly suggestion: string | undefined;
  /** The command whose line it is, when one was recognised. */
  command: string | undefined;

  /**
   * @param code what kind of mistake it is
   * @param message the text after `error: `
   * @param suggestion the command, option or value probably meant
   */
  constructor(code: ArgsErrorCode, message: string, suggestion?: string) {
    super(message);
    this.code = code;
    this.suggestion = suggestion;
  }
}
