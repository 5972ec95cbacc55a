/**
 * The one result shape of every function that reads manifests: a verdict,
 * every problem, and every resource that could be read.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";

/**
 * The contents of a `.kat` file: text, or bytes that must be UTF-8.
 *
 * @example
 * ```ts
 * import type { ManifestSource } from "@kat/toolkit";
 * const text: ManifestSource = "apiVersion: kat.dws.rip/v1alpha1\n";
 * const bytes: ManifestSource = new TextEncoder().encode(text);
 * ```
 */
export type ManifestSource = string | Uint8Array;

/**
 * A resource read from a file, with the file's name. Testing `kind` narrows
 * `resource` to that kind's type.
 *
 * @example
 * ```ts
 * import { parseManifest } from "@kat/toolkit";
 * const [r] = parseManifest(
 *   "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team-a}\n",
 * ).resources;
 * if (r?.kind === "Namespace") console.log(r.resource.metadata?.name); // "team-a"
 * ```
 */
export type ParsedResource<K extends Kind = Kind> = K extends Kind ? {
    /** The resource's kind. */
    kind: K;
    /** The resource, in the manifest's vocabulary, every default filled in. */
    resource: ResourceTypes[K];
    /** The file it was read from, as named in diagnostics. */
    file: string;
  }
  : never;

/**
 * What reading one file, a quadlet or a cluster configuration found.
 *
 * @example
 * ```ts
 * import { parseManifest } from "@kat/toolkit";
 * const { valid, diagnostics, resources } = parseManifest("kind: Pod\n");
 * console.log(valid, diagnostics.length, resources.length); // false 3 0
 * ```
 */
export interface ParseResult {
  /** True when no diagnostic is an error (warnings allowed). */
  valid: boolean;
  /** Every problem found, sorted by file, line and column. */
  diagnostics: Diagnostic[];
  /**
   * Every resource that could be decoded, in file order, even from a file
   * with errors: check `valid` before using them.
   */
  resources: ParsedResource[];
}
