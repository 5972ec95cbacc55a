/**
 * The shapes every rule in `src/rules/` shares: a check answers
 * `FormatProblem | undefined`, a parser answers a {@link Parsed} value, and a
 * {@link Format} holds a check together with the JSON-Schema description
 * (pattern, length limit) built from the same source.
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

/**
 * The result of every parser in `src/rules/`: the value, or what is wrong.
 *
 * @example
 * ```ts
 * import { parsed, type Parsed } from "./format.ts";
 * const r: Parsed<number> = parsed(3);
 * if (r.ok) console.log(r.value); // 3
 * ```
 */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: FormatProblem };

/**
 * A successful {@link Parsed}.
 *
 * @example
 * ```ts
 * import { parsed } from "./format.ts";
 * console.log(parsed(1n)); // { ok: true, value: 1n }
 * ```
 */
export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

/**
 * A failed {@link Parsed}.
 *
 * @example
 * ```ts
 * import { failed } from "./format.ts";
 * console.log(failed("must not be empty")); // { ok: false, problem: { message: "must not be empty" } }
 * ```
 */
export function failed<T = never>(message: string, hint?: string): Parsed<T> {
  return {
    ok: false,
    problem: hint === undefined ? { message } : { message, hint },
  };
}

/**
 * The check of a parser: its problem, or undefined.
 *
 * @example
 * ```ts
 * import { failed, problemOf } from "./format.ts";
 * console.log(problemOf(failed("bad"))); // { message: "bad" }
 * ```
 */
export function problemOf<T>(r: Parsed<T>): FormatProblem | undefined {
  return r.ok ? undefined : r.problem;
}

/**
 * A named syntax: its check, and how a JSON Schema describes it. The pattern
 * and length limit are built from the same constants as the check, so the two
 * cannot drift apart; a test holds them to `exact`.
 *
 * @example
 * ```ts
 * import type { Format } from "./format.ts";
 * const yes: Format = {
 *   check: (v) => v === "yes" ? undefined : { message: "say yes" },
 *   pattern: "^yes$",
 *   exact: true,
 * };
 * console.log(yes.check("no")?.message); // "say yes"
 * ```
 */
export interface Format {
  /** The check `katcall validate` runs. */
  readonly check: FormatCheck;
  /**
   * An anchored ECMAScript regular expression for a JSON Schema `pattern`; it
   * uses only syntax that the Unicode (`u`) flag allows. Absent when no
   * regular expression says anything useful.
   */
  readonly pattern?: string;
  /** A JSON Schema `maxLength` (in code points) that goes with the pattern. */
  readonly maxLength?: number;
  /**
   * True when `pattern` and `maxLength` accept exactly the strings the check
   * accepts; false when they accept more (the check has rules a regular
   * expression cannot say), never less.
   */
  readonly exact: boolean;
  /**
   * For formats of fields that also take a YAML integer: the integers the
   * check accepts as decimal text, as JSON-Schema bounds. `maximum` is left
   * out when the real bound is beyond what a JSON number holds exactly.
   */
  readonly integer?: { readonly minimum: number; readonly maximum?: number };
}

/** The parts of a format whose pattern is the whole rule. */
export interface ExactFormatSpec {
  /** The anchored pattern, compiled with the `u` flag as editors do. */
  readonly pattern: string;
  /** A JSON Schema `maxLength`, counted in code points as editors do. */
  readonly maxLength?: number;
  /** Says what is wrong with a value the pattern refuses. */
  readonly diagnose: (value: string) => FormatProblem | undefined;
  /** The message when `diagnose` finds nothing more precise. */
  readonly otherwise: (value: string) => string;
}

/**
 * A format whose pattern and length limit decide alone: the check accepts
 * exactly what they accept, and only a refused value is diagnosed for a
 * precise message. Editors and `katcall validate` agree by construction.
 *
 * @example
 * ```ts
 * import { exactFormat } from "./format.ts";
 * const digits = exactFormat({
 *   pattern: "^[0-9]+$",
 *   diagnose: (v) => v === "" ? { message: "must not be empty" } : undefined,
 *   otherwise: (v) => `${JSON.stringify(v)} is not a number`,
 * });
 * console.log(digits.check("12"), digits.check("")?.message); // undefined "must not be empty"
 * ```
 */
export function exactFormat(spec: ExactFormatSpec): Format {
  const re = new RegExp(spec.pattern, "u");
  const max = spec.maxLength;
  return {
    check: (value) => {
      const fits = max === undefined || value.length <= max ||
        [...value].length <= max;
      if (fits && re.test(value)) return undefined;
      return spec.diagnose(value) ?? { message: spec.otherwise(value) };
    },
    pattern: spec.pattern,
    maxLength: max,
    exact: true,
  };
}
