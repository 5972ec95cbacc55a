/**
 * A node's status report in the proto3 wire format
 * (`kat.v1alpha1.NodeStatus`): what the node writes under its status key.
 *
 * @module
 */
import { decodeMessage, encodeMessage } from "../encode/message_binary.ts";
import type { NodeStatus } from "../gen/types.ts";

/**
 * The wire bytes of a status report.
 *
 * @example
 * ```ts
 * import { decodeNodeStatus, encodeNodeStatus } from "./status_wire.ts";
 * const bytes = encodeNodeStatus({ capacity: { cpu: "4" }, lastHeartbeatTime: "2026-12-04T10:00:00Z" });
 * console.log(decodeNodeStatus(bytes).capacity?.cpu); // "4"
 * ```
 */
export function encodeNodeStatus(status: NodeStatus): Uint8Array<ArrayBuffer> {
  return encodeMessage("NodeStatus", status);
}

/**
 * A status report from its wire bytes.
 *
 * @throws {WireError} `wire.malformed` when the bytes are no NodeStatus.
 *
 * @example
 * ```ts
 * import { decodeNodeStatus } from "./status_wire.ts";
 * console.log(decodeNodeStatus(new Uint8Array([]))); // {}
 * ```
 */
export function decodeNodeStatus(bytes: Uint8Array): NodeStatus {
  return decodeMessage("NodeStatus", bytes) as NodeStatus;
}
