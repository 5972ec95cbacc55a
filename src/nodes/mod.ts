/**
 * The cluster's nodes as the leader keeps them in the state store: reading
 * the records (merged with each node's own report), their key layout, the
 * overlay subnets of a clusterCIDR, and the errors of the registry. See
 * docs/nodes.md.
 *
 * @example
 * ```ts
 * import { listNodes } from "@kat/toolkit/nodes";
 * import type { StateStore } from "@kat/toolkit/state";
 * declare const store: StateStore;
 * for (const node of await listNodes(store)) {
 *   console.log(node.metadata?.name, node.spec?.overlaySubnet);
 * }
 * ```
 *
 * @module
 */
export { listNodes, readNode } from "./node_view.ts";
export { decodeNodeRecord, NODE_KEY_ANNOTATION } from "./node_record.ts";
export { decodeNodeStatus } from "./status_wire.ts";
export { NodeRegistryError, type NodeRegistryErrorCode } from "./node_error.ts";
export {
  NODE_RECORDS_PREFIX,
  NODE_REPORTS_PREFIX,
  nodeLeavingKey,
  nodeRecordKey,
  nodeStatusKey,
  SUBNETS_PREFIX,
} from "./keys.ts";
export { type NodeSubnets, nodeSubnets } from "./subnets.ts";
export { NOT_READY_REASON, READY_REASON } from "./node_ready.ts";
