/**
 * The proto3 wire format of resources (`@kat/toolkit/wire`), through
 * protobufjs. Nothing else in the toolkit loads protobufjs, so the package's
 * root does not fetch it: import this module only where the wire format is
 * needed.
 *
 * @example
 * ```ts
 * import { decodeBinary, encodeBinary, WireError } from "@kat/toolkit/wire";
 * const bytes = encodeBinary({ kind: "Namespace", metadata: { name: "team-a" } });
 * await Deno.stdout.write(bytes);
 * try {
 *   decodeBinary("Namespace", new Uint8Array([0x0a, 0xff]));
 * } catch (e) {
 *   if (e instanceof WireError) console.error(e.code); // "wire.malformed"
 * }
 * ```
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Kind, Resource, ResourceTypes } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";
import { wireType } from "./wire_types.ts";
import { readWire, writeWire } from "./message_binary.ts";
import { messageFromWire, resourceToWire, WireError } from "./wire_value.ts";

export { WireError, type WireErrorCode } from "./wire_value.ts";

/**
 * Encodes a resource as the proto3 message `kat.v1alpha1.<kind>`. The
 * resource is written in the manifest's vocabulary (as `parseManifest` or
 * `katcall inspect --format json` give it); every key and value must be one
 * the proto has.
 *
 * @param resource A resource of any kind; `kind` says which message.
 * @returns The wire bytes, ready for a `Blob` or a `Response`.
 * @throws {WireError} `wire.unknown_field` for a key the proto does not have,
 * `wire.type` for a kind that is not one, or a value of the wrong type or
 * out of range.
 *
 * @example
 * ```ts
 * import { decodeBinary, encodeBinary } from "@kat/toolkit/wire";
 * const bytes = encodeBinary({
 *   apiVersion: "kat.dws.rip/v1alpha1",
 *   kind: "Namespace",
 *   metadata: { name: "team-a" },
 * });
 * console.log(decodeBinary("Namespace", bytes).metadata?.name); // "team-a"
 * ```
 */
export function encodeBinary(resource: Resource): Uint8Array<ArrayBuffer> {
  const { kind, message } = resourceToWire(resource);
  return writeWire(wireType(kind), message);
}

/**
 * Decodes the proto3 message `kat.v1alpha1.<kind>` into a resource in the
 * manifest's vocabulary: keys as written in `.kat` files, enums as spelled
 * there, int64 as decimal strings, timestamps as RFC 3339, unset fields
 * absent. `kind` is always set.
 *
 * @param kind Which message the bytes hold.
 * @param bytes The wire bytes.
 * @returns The resource.
 * @throws {WireError} `wire.malformed` when the bytes are not that message.
 *
 * @example
 * ```ts
 * import { decodeBinary } from "@kat/toolkit/wire";
 * console.log(decodeBinary("Namespace", new Uint8Array([]))); // { kind: "Namespace" }
 * ```
 */
export function decodeBinary<K extends Kind>(
  kind: K,
  bytes: Uint8Array,
): ResourceTypes[K] {
  const type = typeForKind(kind);
  if (!type) {
    throw new WireError("type", `${JSON.stringify(kind)} is not a kind`);
  }
  const object = readWire(wireType(kind), bytes, kind);
  const resource = messageFromWire(type, object, FieldPath.root());
  return { ...resource, kind } as ResourceTypes[K];
}
