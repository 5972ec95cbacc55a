/**
 * The leader's record of a node (`kat.v1alpha1.Node` under
 * `/kat/registry/nodes/<name>`): decoding it, merging it with the node's own
 * report, and writing it under the leader's fence.
 *
 * @module
 */
import { decodeBinary } from "../encode/binary.ts";
import type { Node, NodeStatus } from "../gen/types.ts";
import { nodeNameProblem } from "../agent/node_name.ts";
import { quote } from "../diagnostics/quote.ts";
import type {
  KeyValue,
  StateStore,
  TxnRequest,
  TxnResult,
  VersionCompare,
} from "../state/state_store.ts";
import { NodeRegistryError } from "./node_error.ts";
import { decodeNodeStatus } from "./status_wire.ts";
import { fencedTxn as fencedTxnOf } from "../state/fenced_txn.ts";

/**
 * The annotation of a node's record holding the hex SHA-256 of its key's DER
 * SubjectPublicKeyInfo: a rejoin with the same key keeps the node.
 *
 * @example
 * ```ts
 * import { NODE_KEY_ANNOTATION } from "./node_record.ts";
 * console.log(NODE_KEY_ANNOTATION); // "kat.dws.rip/node-key-sha256"
 * ```
 */
export const NODE_KEY_ANNOTATION = "kat.dws.rip/node-key-sha256";

/**
 * Throws an `invalid_name` {@link NodeRegistryError} unless `name` is a node
 * name (see `nodeNameProblem`).
 *
 * @example
 * ```ts
 * import { assertNodeName } from "./node_record.ts";
 * assertNodeName("node-1"); // no error
 * ```
 */
export function assertNodeName(name: string): void {
  const problem = nodeNameProblem(name);
  if (problem !== undefined) {
    throw new NodeRegistryError(
      "invalid_name",
      `node name ${quote(name)} ${problem}`,
    );
  }
}

/**
 * The Node stored in `entry`, its `metadata.resourceVersion` set to the
 * entry's version.
 *
 * @throws {NodeRegistryError} `node.corrupt` when the bytes are no Node.
 *
 * @example
 * ```ts
 * import { encodeBinary } from "../encode/binary.ts";
 * import { decodeNodeRecord } from "./node_record.ts";
 * const value = encodeBinary({ kind: "Node", metadata: { name: "n1" } });
 * const node = decodeNodeRecord({ key: "/kat/registry/nodes/n1", value, version: 7 });
 * console.log(node.metadata?.resourceVersion); // "7"
 * ```
 */
export function decodeNodeRecord(entry: KeyValue): Node {
  let node: Node;
  try {
    node = decodeBinary("Node", entry.value);
  } catch (e) {
    throw new NodeRegistryError(
      "corrupt",
      `${entry.key} does not hold a Node (${(e as Error).message})`,
    );
  }
  return {
    ...node,
    metadata: { ...node.metadata, resourceVersion: String(entry.version) },
  };
}

/**
 * The merged view of a node: the leader's record (metadata, spec, the
 * conditions) with `status.capacity`, `status.allocatable` and
 * `status.lastHeartbeatTime` from the node's own report. A report that does
 * not decode counts as none (the node's fault must not hide the record).
 *
 * @example
 * ```ts
 * import { mergeNodeReport } from "./node_record.ts";
 * const node = mergeNodeReport(
 *   { kind: "Node", metadata: { name: "n1" }, status: { conditions: [{ type: "Ready", status: "True" }] } },
 *   { key: "/kat/nodes/n1/status", value: new Uint8Array([10, 3, 10, 1, 52]), version: 9 },
 * );
 * console.log(node.status?.capacity?.cpu); // "4"
 * ```
 */
export function mergeNodeReport(
  record: Node,
  report: KeyValue | undefined,
): Node {
  let reported: NodeStatus = {};
  if (report) {
    try {
      reported = decodeNodeStatus(report.value);
    } catch {
      reported = {};
    }
  }
  const status: NodeStatus = {
    ...(reported.capacity ? { capacity: reported.capacity } : {}),
    ...(reported.allocatable ? { allocatable: reported.allocatable } : {}),
    ...(record.status?.conditions
      ? { conditions: record.status.conditions }
      : {}),
    ...(reported.lastHeartbeatTime
      ? { lastHeartbeatTime: reported.lastHeartbeatTime }
      : {}),
  };
  const { status: _, ...rest } = record;
  return Object.keys(status).length > 0 ? { ...rest, status } : rest;
}

/**
 * Runs `request` with `fence` added to its compares (when given); when the
 * transaction fails because the fence no longer holds, throws a `not_leader`
 * {@link NodeRegistryError} saying what was not done. The failure branch's
 * results are the request's own `failure` operations (the fence's read is
 * removed).
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { fencedTxn } from "./node_record.ts";
 * declare const store: StateStore;
 * const fence = { key: "/kat/cluster/leader/694d", version: 12 };
 * const r = await fencedTxn(store, { success: [{ op: "delete", key: "/kat/a" }] }, fence, "deleting /kat/a");
 * console.log(r.succeeded);
 * ```
 */
export function fencedTxn(
  store: StateStore,
  request: TxnRequest,
  fence: VersionCompare | undefined,
  what: string,
): Promise<TxnResult> {
  return fencedTxnOf(
    store,
    request,
    fence,
    what,
    (message) => new NodeRegistryError("not_leader", message),
  );
}

/**
 * `date` as the RFC 3339 text a Timestamp reads back as (milliseconds only
 * when there are some).
 *
 * @example
 * ```ts
 * import { timestampOf } from "./node_record.ts";
 * console.log(timestampOf(new Date(Date.UTC(2026, 11, 4, 10)))); // "2026-12-04T10:00:00Z"
 * ```
 */
export function timestampOf(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}
