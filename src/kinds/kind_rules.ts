/**
 * The contract between the parse pipeline and the per-kind rule files.
 *
 * @module
 */
import type { FieldPath } from "../diagnostics/field_path.ts";
import type { Reporter } from "../diagnostics/reporter.ts";

/** What a kind's rules may use while checking one resource. */
export interface RuleContext {
  /** Where problems are reported; positions come from the source map. */
  reporter: Reporter;
  /** Whether the user wrote the value at `path` (false for defaults). */
  written(path: FieldPath): boolean;
}

/**
 * Defaults and semantic rules of one kind. Per-field rules (types, ranges,
 * formats, required keys, one-of) are already checked by the decoder from the
 * proto; a kind adds only what relates several fields.
 */
export interface KindRules<T> {
  /**
   * Fills in defaults that depend on other fields. Runs after the proto's own
   * `(field).default` values are applied.
   */
  applyDefaults?(resource: T): void;
  /** Reports every rule the resource breaks. Runs after all defaults. */
  validate?(resource: T, context: RuleContext): void;
}
