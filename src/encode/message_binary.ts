/**
 * The proto3 wire format of a message that is not a resource of its own
 * (such as `kat.v1alpha1.NodeStatus`), in the manifest's vocabulary, as
 * `encodeBinary` and `decodeBinary` do for resources.
 *
 * @module
 */
import { FieldPath } from "../diagnostics/field_path.ts";
import { messageType } from "../schema/registry.ts";
import { wireMessageType } from "./wire_types.ts";
import { messageFromWire, messageToWire, WireError } from "./wire_value.ts";
import type protobuf from "protobufjs/light.js";

/**
 * Encodes `value` as the message `kat.v1alpha1.<name>`.
 *
 * @param name The message's short name, such as `NodeStatus`.
 * @param value The message in the manifest's vocabulary.
 * @throws {WireError} `wire.unknown_field` for a key the message does not
 * have, `wire.type` for a value of the wrong type.
 *
 * @example
 * ```ts
 * import { decodeMessage, encodeMessage } from "./message_binary.ts";
 * const bytes = encodeMessage("NodeResources", { cpu: "4", memory: "16Gi" });
 * console.log(decodeMessage("NodeResources", bytes)); // { cpu: "4", memory: "16Gi" }
 * ```
 */
export function encodeMessage(
  name: string,
  value: object,
): Uint8Array<ArrayBuffer> {
  const type = messageType(name);
  return writeWire(
    wireMessageType(type.fullName),
    messageToWire(type, value, FieldPath.root()),
  );
}

/**
 * Decodes the message `kat.v1alpha1.<name>` into the manifest's vocabulary
 * (unset fields absent, timestamps as RFC 3339).
 *
 * @param name The message's short name, such as `NodeStatus`.
 * @param bytes The wire bytes.
 * @throws {WireError} `wire.malformed` when the bytes are not that message.
 *
 * @example
 * ```ts
 * import { decodeMessage } from "./message_binary.ts";
 * console.log(decodeMessage("NodeStatus", new Uint8Array([]))); // {}
 * ```
 */
export function decodeMessage(
  name: string,
  bytes: Uint8Array,
): Record<string, unknown> {
  const type = messageType(name);
  const object = readWire(wireMessageType(type.fullName), bytes, name);
  return messageFromWire(type, object, FieldPath.root());
}

/**
 * The bytes of a wire-form `message` of protobufjs type `wire`.
 *
 * @example
 * ```ts
 * import { writeWire } from "./message_binary.ts";
 * import { wireMessageType } from "./wire_types.ts";
 * const wire = wireMessageType("kat.v1alpha1.NodeResources");
 * console.log(writeWire(wire, { cpu: "2" }).length); // 3
 * ```
 */
export function writeWire(
  wire: protobuf.Type,
  message: Record<string, unknown>,
): Uint8Array<ArrayBuffer> {
  const bytes = wire.encode(wire.fromObject(message)).finish();
  // protobufjs writes into a buffer of its own, never a shared one.
  return new Uint8Array(
    bytes.buffer as ArrayBuffer,
    bytes.byteOffset,
    bytes.byteLength,
  );
}

/**
 * The wire-form object of `bytes` as protobufjs type `wire` reads them
 * (enums and 64-bit integers as strings); a {@link WireError} `malformed`
 * naming `what` when they are not one.
 *
 * @example
 * ```ts
 * import { readWire } from "./message_binary.ts";
 * import { wireMessageType } from "./wire_types.ts";
 * const wire = wireMessageType("kat.v1alpha1.NodeResources");
 * console.log(readWire(wire, new Uint8Array([10, 1, 50]), "NodeResources")); // { cpu: "2" }
 * ```
 */
export function readWire(
  wire: protobuf.Type,
  bytes: Uint8Array,
  what: string,
): Record<string, unknown> {
  try {
    return wire.toObject(wire.decode(bytes), { enums: String, longs: String });
  } catch (e) {
    throw new WireError(
      "malformed",
      `the bytes are not a ${what} message: ${
        e instanceof Error ? e.message : String(e)
      }`,
      { cause: e },
    );
  }
}
