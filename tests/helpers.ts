/**
 * Shared test helpers: compact views of diagnostics for exact assertions.
 *
 * @module
 */
import type { Diagnostic } from "../src/diagnostics/diagnostic.ts";
import type { Kind, ResourceTypes } from "../src/gen/types.ts";
import type { ParseResult } from "../src/manifest/parse_result.ts";

/** `LINE:COL PATH: MESSAGE` for each error (warnings included with a `W ` prefix). */
export function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) =>
    `${
      d.severity === "warning" ? "W " : ""
    }${d.line}:${d.column} ${d.path}: ${d.message}`
  );
}

/** Just `LINE:COL PATH` of each diagnostic. */
export function where(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.line}:${d.column} ${d.path}`);
}

/** Joins lines into a file text ending in a newline. */
export function lines(...ls: string[]): string {
  return ls.join("\n") + "\n";
}

/** The root of the repository, as a path ending in `/`. */
export const REPO = new URL("../", import.meta.url).pathname;

/** The parsed resource of `result`, which must be of `kind`. */
export function resourceOf<K extends Kind>(
  result: ParseResult,
  kind: K,
): ResourceTypes[K] | undefined {
  const [parsed] = result.resources;
  if (!parsed) return undefined;
  if (parsed.kind !== kind) {
    throw new Error(`expected a ${kind}, got ${parsed.kind}`);
  }
  return parsed.resource as ResourceTypes[K];
}
