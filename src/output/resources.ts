/**
 * Output formats for resources, as plug-ins: `yaml`, `json` and `binpb`.
 *
 * @module
 */
import type { Resource } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { stringifyManifest } from "../encode/manifest_yaml.ts";

/** Turns resources into bytes. */
export interface ResourceFormat {
  /** Whether the format can hold more than one resource. */
  multiple: boolean;
  /** Renders the resources. */
  render(resources: readonly Resource[]): Promise<Uint8Array>;
}

const encoder = new TextEncoder();

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
      encoder.encode(stringifyManifest(resources)),
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
