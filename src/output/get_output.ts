/**
 * Resources as `katcall get -o json|yaml` prints them, in the manifest
 * vocabulary.
 *
 * @module
 */
import { dump } from "js-yaml";
import type { Resource } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { stringifyManifest } from "../encode/manifest_yaml.ts";

/**
 * The output forms of `katcall get`.
 *
 * @example
 * ```ts
 * import type { GetOutput } from "./get_output.ts";
 * const o: GetOutput = "yaml";
 * ```
 */
export type GetOutput = "table" | "json" | "yaml";

/**
 * One resource (`single`) or a list in JSON or YAML, in the manifest
 * vocabulary: JSON one object, or `{"items": [...]}`, indented by two spaces
 * with a final newline; YAML one document (a `.kat` file, but for its
 * system fields), or a mapping with an `items:` list.
 *
 * @example
 * ```ts
 * import { formatResources } from "./get_output.ts";
 * console.log(formatResources([{ kind: "Namespace", metadata: { name: "team-a" } }], "yaml", true));
 * // apiVersion: kat.dws.rip/v1alpha1
 * // kind: Namespace
 * // metadata:
 * //   name: team-a
 * ```
 */
export function formatResources(
  resources: readonly Resource[],
  format: "json" | "yaml",
  single: boolean,
): string {
  if (format === "json") {
    const value = single
      ? toManifest(resources[0])
      : { items: resources.map((r) => toManifest(r)) };
    return JSON.stringify(value, null, 2) + "\n";
  }
  return single
    ? stringifyManifest(resources[0])
    : dump({ items: resources.map((r) => toManifest(r)) }, {
      lineWidth: -1,
      noRefs: true,
    });
}
