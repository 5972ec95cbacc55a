/**
 * The proto3 wire form of resources, through protobufjs. Nothing else in the
 * toolkit loads protobufjs: import this module only where the wire format is
 * needed.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Kind, Resource, ResourceTypes } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";
import { wireType } from "./wire_types.ts";
import { messageFromWire, messageToWire, WireError } from "./wire_value.ts";

/**
 * Encodes a resource as the proto3 message `kat.v1alpha1.<kind>`. The
 * resource is written in the manifest's vocabulary (as `parseManifest` or
 * `katcall inspect --format json` give it); every key and value must be one
 * the proto has.
 *
 * @param resource A resource of any kind; `kind` says which message.
 * @returns The wire bytes.
 * @throws {WireError} `wire.unknown_field` for a key the proto does not have,
 * `wire.type` for a value of the wrong type or out of range.
 *
 * @example
 * ```ts
 * import { decodeBinary, encodeBinary } from "@kat/toolkit";
 * const bytes = encodeBinary({
 *   apiVersion: "kat.dws.rip/v1alpha1",
 *   kind: "Namespace",
 *   metadata: { name: "team-a" },
 * });
 * console.log(decodeBinary("Namespace", bytes).metadata?.name); // "team-a"
 * ```
 */
export function encodeBinary(resource: Resource): Uint8Array {
  const kind = resource?.kind;
  const type = typeof kind === "string" ? typeForKind(kind) : undefined;
  if (!type) {
    throw new WireError(
      "wire.type",
      `kind: ${JSON.stringify(kind)} is not a kind`,
    );
  }
  const wire = wireType(kind);
  const bytes = wire.encode(
    wire.fromObject(messageToWire(type, resource, FieldPath.root())),
  ).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
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
 * import { decodeBinary } from "@kat/toolkit";
 * console.log(decodeBinary("Namespace", new Uint8Array([]))); // { kind: "Namespace" }
 * ```
 */
export function decodeBinary<K extends Kind>(
  kind: K,
  bytes: Uint8Array,
): ResourceTypes[K] {
  const type = typeForKind(kind);
  if (!type) {
    throw new WireError("wire.type", `${JSON.stringify(kind)} is not a kind`);
  }
  const wire = wireType(kind);
  let object: Record<string, unknown>;
  try {
    object = wire.toObject(wire.decode(bytes), {
      enums: String,
      longs: String,
    });
  } catch (e) {
    throw new WireError(
      "wire.malformed",
      `the bytes are not a ${kind} message: ${
        e instanceof Error ? e.message : String(e)
      }`,
      { cause: e },
    );
  }
  const resource = messageFromWire(type, object, FieldPath.root());
  return { ...resource, kind } as ResourceTypes[K];
}
