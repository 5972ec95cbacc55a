/**
 * Checking a resource built in code, by every rule a `.kat` file meets.
 *
 * @module
 */
import { dump } from "js-yaml";
import type { Resource } from "../gen/types.ts";
import { parseManifest } from "./parse_manifest.ts";
import type { ParseResult } from "./parse_result.ts";

/**
 * Options of {@link validateResource}.
 *
 * @example
 * ```ts
 * import type { ValidateResourceOptions } from "@kat/toolkit";
 * const options: ValidateResourceOptions = { file: "generated/web.kat" };
 * ```
 */
export interface ValidateResourceOptions {
  /**
   * Name of the resource in diagnostics.
   * @default {"<resource>"}
   */
  file?: string;
}

/**
 * Checks a resource built in code exactly as if it had been read from a
 * `.kat` file: every key, type, format, required field and rule of its kind.
 * The object is written out as YAML as it is (every key, in its order,
 * nothing dropped), so a key the proto does not have or a value of the wrong
 * type is reported like in a file; a diagnostic's `path` names the value, and
 * its line and column point into that YAML. The argument is not changed.
 *
 * @param resource The resource, in the manifest's vocabulary.
 * @param options `file`: its name in diagnostics (default `<resource>`).
 * @returns The verdict, every diagnostic, and the resource with its defaults.
 *
 * @example
 * ```ts
 * import { validateResource } from "@kat/toolkit";
 * const result = validateResource({
 *   apiVersion: "kat.dws.rip/v1alpha1",
 *   kind: "Workload",
 *   metadata: { name: "web" },
 *   spec: { type: "SERVICE", replicas: -1, source: { image: "nginx:1.27" }, container: {} },
 * });
 * console.log(result.valid, result.diagnostics[0].path); // false "spec.replicas"
 * ```
 */
export function validateResource(
  resource: Resource,
  options?: ValidateResourceOptions,
): ParseResult {
  const text = dump(resource, {
    lineWidth: -1,
    noRefs: true,
    skipInvalid: true,
  });
  return parseManifest(text, { file: options?.file ?? "<resource>" });
}
