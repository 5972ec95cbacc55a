/**
 * Output formats for resources, as plug-ins: `yaml`, `json` and `binpb`.
 *
 * @module
 */
import { stringify } from "yaml";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";

/** A resource and its kind. */
export interface KindedResource<K extends Kind = Kind> {
  /** The resource's kind. */
  kind: K;
  /** The resource. */
  resource: ResourceTypes[K];
}

/** Turns resources into bytes. */
export interface ResourceFormat {
  /** Whether the format can hold more than one resource. */
  multiple: boolean;
  /** Renders the resources. */
  render(resources: readonly KindedResource[]): Promise<Uint8Array>;
}

const encoder = new TextEncoder();

/** YAML documents separated by `---`, each a valid `.kat` file. */
const yamlFormat: ResourceFormat = {
  multiple: true,
  render: (resources) =>
    Promise.resolve(encoder.encode(
      resources.map((r) =>
        stringify(toManifest(r.kind, r.resource), {
          lineWidth: 0,
          version: "1.2",
        })
      ).join("---\n"),
    )),
};

/** One JSON object, or an array for several resources. */
const jsonFormat: ResourceFormat = {
  multiple: true,
  render: (resources) => {
    const manifests = resources.map((r) => toManifest(r.kind, r.resource));
    const value = manifests.length === 1 ? manifests[0] : manifests;
    return Promise.resolve(
      encoder.encode(JSON.stringify(value, null, 2) + "\n"),
    );
  },
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
    return encodeBinary(resources[0].kind, resources[0].resource);
  },
};

/**
 * The resource output formats by name.
 *
 * @example
 * ```ts
 * import { resourceFormats } from "./resources.ts";
 * const out = await resourceFormats.json.render([
 *   { kind: "Namespace", resource: { metadata: { name: "team-a" } } },
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
