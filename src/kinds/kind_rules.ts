/**
 * The contract between the parse pipeline and the per-kind rule files.
 *
 * @module
 */
import type { FieldPath } from "../diagnostics/field_path.ts";
import type { Reporter } from "../diagnostics/reporter.ts";
import type { Workload } from "../gen/types.ts";

/**
 * What a kind's rules may use while checking one resource.
 *
 * @example
 * ```ts
 * import type { RuleContext } from "./kind_rules.ts";
 * import { Reporter } from "../diagnostics/reporter.ts";
 * const ctx: RuleContext = {
 *   reporter: new Reporter("x.kat", () => ({ line: 1, column: 1 })),
 *   written: () => false,
 * };
 * ```
 */
export interface RuleContext {
  /** Where problems are reported; positions come from the source map. */
  reporter: Reporter;
  /** Whether the user wrote the value at `path` (false for defaults). */
  written(path: FieldPath): boolean;
}

/**
 * What a companion's rules may use while checking it against the quadlet's
 * main resource, its Workload.
 *
 * @example
 * ```ts
 * import type { QuadletContext } from "./kind_rules.ts";
 * import { Reporter } from "../diagnostics/reporter.ts";
 * const ctx: QuadletContext = {
 *   main: { kind: "Workload", spec: { type: "JOB" } },
 *   reporter: new Reporter("workload.kat", () => ({ line: 1, column: 1 })),
 *   file: "JobDefinition.kat",
 * };
 * ```
 */
export interface QuadletContext {
  /** The quadlet's Workload. */
  main: Workload;
  /** Reports at the Workload's own positions. */
  reporter: Reporter;
  /** The file of the companion being checked, for messages. */
  file: string;
}

/**
 * Defaults and semantic rules of one kind. Per-field rules (types, ranges,
 * formats, required keys, one-of) are already checked by the decoder from the
 * proto; a kind adds only what relates several fields, or several files.
 *
 * @example
 * ```ts
 * import type { KindRules } from "./kind_rules.ts";
 * import type { Namespace } from "../gen/types.ts";
 * const none: KindRules<Namespace> = {};
 * ```
 */
export interface KindRules<T> {
  /**
   * Fills in defaults that depend on other fields. Runs after the proto's own
   * `(field).default` values are applied.
   */
  applyDefaults?(resource: T): void;
  /** Reports every rule the resource breaks. Runs after all defaults. */
  validate?(resource: T, context: RuleContext): void;
  /**
   * For a companion kind: reports what its presence requires of the
   * quadlet's Workload.
   */
  inQuadlet?(resource: T, context: QuadletContext): void;
}

/**
 * Of two related fields, the one to blame for a conflict: the second if the
 * user wrote it, else the first if written, else the second.
 *
 * @example
 * ```ts
 * import { blame } from "./kind_rules.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const a = FieldPath.root().child("a"), b = FieldPath.root().child("b");
 * console.log(blame((p) => p === a, a, b).toString()); // "a"
 * ```
 */
export function blame(
  written: (path: FieldPath) => boolean,
  first: FieldPath,
  second: FieldPath,
): FieldPath {
  if (written(second)) return second;
  return written(first) ? first : second;
}
