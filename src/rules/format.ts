/**
 * The shape of a syntax check.
 *
 * @module
 */

/** What is wrong with a value, and how to fix it. */
export interface FormatProblem {
  /** What is wrong. */
  message: string;
  /** How to fix it. */
  hint?: string;
}

/**
 * Checks the syntax of a string; answers undefined when it is valid.
 *
 * @example
 * ```ts
 * import type { FormatCheck } from "./format.ts";
 * const nonEmpty: FormatCheck = (v) => v === "" ? { message: "must not be empty" } : undefined;
 * console.log(nonEmpty("x")); // undefined
 * ```
 */
export type FormatCheck = (value: string) => FormatProblem | undefined;
