/**
 * Output formats for resources, as plug-ins: `yaml`, `json` and `binpb`.
 *
 * @module
 */
import { dump } from "js-yaml";
import type { Resource } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";

/** Turns resources into bytes. */
export interface ResourceFormat {
  /** Whether the format can hold more than one resource. */
  multiple: boolean;
  /** Renders the resources. */
  render(resources: readonly Resource[]): Promise<Uint8Array>;
}

const encoder = new TextEncoder();

/**
 * One resource as a `.kat` file: YAML 1.2, block style, no line folding.
 * Strings that a YAML 1.1 reader would take for something else (`yes`, `NO`,
 * `2001-12-14`, `1_000`) are quoted, as are those YAML 1.2 would.
 *
 * @example
 * ```ts
 * import { manifestYaml } from "./resources.ts";
 * console.log(manifestYaml({ kind: "Namespace", metadata: { name: "team-a", labels: { legacy: "yes" } } }));
 * // apiVersion: kat.dws.rip/v1alpha1
 * // kind: Namespace
 * // metadata:
 * //   name: team-a
 * //   labels:
 * //     legacy: 'yes'
 * ```
 */
export function manifestYaml(resource: Resource): string {
  return dump(toManifest(resource), { lineWidth: -1, noRefs: true });
}

/**
 * One resource as a JSON object, with a final newline.
 *
 * @example
 * ```ts
 * import { manifestJson } from "./resources.ts";
 * console.log(manifestJson({ kind: "Namespace", metadata: { name: "a" } }).startsWith("{")); // true
 * ```
 */
export function manifestJson(resource: Resource): string {
  return JSON.stringify(toManifest(resource), null, 2) + "\n";
}

/** YAML documents separated by `---`, each a valid `.kat` file. */
const yamlFormat: ResourceFormat = {
  multiple: true,
  render: (resources) =>
    Promise.resolve(
      encoder.encode(resources.map(manifestYaml).join("---\n")),
    ),
};

/** A JSON array of the resources, however many there are. */
const jsonFormat: ResourceFormat = {
  multiple: true,
  render: (resources) =>
    Promise.resolve(
      encoder.encode(
        JSON.stringify(resources.map((r) => toManifest(r)), null, 2) + "\n",
      ),
    ),
};

/**
 * The proto3 wire encoding of exactly one resource. The wire encoder (and with
 * it protobufjs) is loaded only when this format is used.
 */
const binpbFormat: ResourceFormat = {
  multiple: false,
  render: async (resources) => {
    if (resources.length !== 1) {
      throw new Error("binpb holds exactly one resource");
    }
    const { encodeBinary } = await import("../encode/binary.ts");
    return encodeBinary(resources[0]);
  },
};

/**
 * The resource output formats by name.
 *
 * @example
 * ```ts
 * import { resourceFormats } from "./resources.ts";
 * const out = await resourceFormats.json.render([
 *   { kind: "Namespace", metadata: { name: "team-a" } },
 * ]);
 * console.log(new TextDecoder().decode(out).includes('"kind": "Namespace"')); // true
 * ```
 */
export const resourceFormats: Readonly<
  Record<"yaml" | "json" | "binpb", ResourceFormat>
> = {
  yaml: yamlFormat,
  json: jsonFormat,
  binpb: binpbFormat,
};
