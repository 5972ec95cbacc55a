/**
 * The proto3 wire form of resources, through protobufjs and the generated
 * reflection descriptor. Nothing else in the toolkit loads protobufjs: import
 * this module only where the wire format is needed.
 *
 * @module
 */
import protobuf from "protobufjs/light.js";
import { descriptor } from "../gen/descriptor.ts";
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";

let root: protobuf.Root | undefined;

/**
 * The protobufjs message type of a kind, built from the descriptor on first
 * use.
 *
 * @example
 * ```ts
 * import { wireType } from "./binary.ts";
 * console.log(wireType("Workload").fullName); // ".kat.v1alpha1.Workload"
 * ```
 */
export function wireType(kind: Kind): protobuf.Type {
  const type = typeForKind(kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  root ??= protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
  return root.lookupType(type.fullName);
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
  const type = wireType(kind);
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
  const type = wireType(kind);
  return type.toObject(type.decode(bytes), {
    enums: String,
    longs: String,
    bytes: Array,
  }) as ResourceTypes[K];
}
