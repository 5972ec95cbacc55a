/**
 * Resources written back as `.kat` YAML.
 *
 * @module
 */
import { dump } from "js-yaml";
import type { Resource } from "../gen/types.ts";
import { toManifest } from "./to_manifest.ts";

/**
 * One resource as the text of a `.kat` file, or several as YAML documents
 * separated by `---`: `apiVersion` and `kind` first, fields in proto order,
 * map keys sorted, nothing empty, YAML 1.2 in block style with no line
 * folding. Strings that a YAML 1.1 reader would take for something else
 * (`yes`, `NO`, `2001-12-14`, `1_000`) are quoted, as are those YAML 1.2
 * would. Parsing the text gives back the same resource.
 *
 * @param resources A resource, or a list of them.
 * @returns The YAML text, ending in a newline.
 * @throws {WireError} as `encodeBinary` does, for a resource that does not
 * fit the proto: `wire.type` for a kind that is not one or a value of the
 * wrong type, `wire.unknown_field` for a key the proto does not have. Nothing
 * is dropped silently.
 *
 * @example
 * ```ts
 * import { stringifyManifest } from "@kat/toolkit";
 * console.log(stringifyManifest({
 *   apiVersion: "kat.dws.rip/v1alpha1",
 *   kind: "Namespace",
 *   metadata: { name: "team-a", labels: { legacy: "yes" } },
 * }));
 * // apiVersion: kat.dws.rip/v1alpha1
 * // kind: Namespace
 * // metadata:
 * //   name: team-a
 * //   labels:
 * //     legacy: 'yes'
 * ```
 */
export function stringifyManifest(
  resources: Resource | readonly Resource[],
): string {
  const list: readonly Resource[] = Array.isArray(resources)
    ? resources
    : [resources as Resource];
  return list.map((r) => dump(toManifest(r), { lineWidth: -1, noRefs: true }))
    .join("---\n");
}
