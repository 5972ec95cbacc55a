/**
 * The proto3 wire form of resources.
 *
 * @module
 */
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";

function typeOf(kind: Kind) {
  const type = typeForKind(kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return type;
}

/**
 * Encodes a resource as message `kat.v1alpha1.<Kind>`.
 *
 * @example
 * ```ts
 * import { decodeBinary, encodeBinary } from "./binary.ts";
 * const bytes = encodeBinary("Namespace", { metadata: { name: "team-a" } });
 * console.log(decodeBinary("Namespace", bytes).metadata?.name); // "team-a"
 * ```
 */
export function encodeBinary<K extends Kind>(
  kind: K,
  resource: ResourceTypes[K],
): Uint8Array {
  const type = typeOf(kind);
  const bytes = type.encode(
    type.fromObject(resource as Record<string, unknown>),
  ).finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes message `kat.v1alpha1.<Kind>` into the resource shape: enums as
 * their proto names, int64 as decimal strings, unset fields absent.
 * Throws protobufjs's error on malformed bytes.
 *
 * @example
 * ```ts
 * import { decodeBinary } from "./binary.ts";
 * console.log(decodeBinary("Namespace", new Uint8Array([]))); // {}
 * ```
 */
export function decodeBinary<K extends Kind>(
  kind: K,
  bytes: Uint8Array,
): ResourceTypes[K] {
  const type = typeOf(kind);
  return type.toObject(type.decode(bytes), {
    enums: String,
    longs: String,
    bytes: Array,
  }) as ResourceTypes[K];
}
