/**
 * The node registry: the leader's records of the cluster's nodes, their
 * overlay subnets and `Ready` conditions, merged with each node's own
 * status report. The key layout and the rules are in docs/nodes.md.
 *
 * @example
 * ```ts
 * import { EtcdStateStore } from "../state/etcd_store.ts";
 * import { listNodes, registerNode } from "./registry.ts";
 * const store = await EtcdStateStore.connect({ endpoints: ["127.0.0.1:2379"] });
 * await registerNode(store, {
 *   name: "node-2",
 *   advertiseAddress: "192.168.1.12",
 *   publicKeySha256: "ab".repeat(32),
 *   clusterCidr: "10.100.0.0/16",
 *   nodeSubnetBits: 7,
 * });
 * console.log((await listNodes(store)).map((n) => n.metadata?.name));
 * await store.close();
 * ```
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import {
  nodeRecordKey,
  nodeReportsPrefix,
  nodeStatusKey,
  SUBNETS_PREFIX,
} from "./keys.ts";
import { assertNodeName, fencedTxn } from "./node_record.ts";

export { NodeRegistryError, type NodeRegistryErrorCode } from "./node_error.ts";
export { NODE_KEY_ANNOTATION } from "./node_record.ts";
export {
  type RegisteredNode,
  registerNode,
  type RegisterNodeRequest,
} from "./register.ts";
export { listNodes, readNode } from "./node_view.ts";
export {
  NOT_READY_REASON,
  READY_REASON,
  setNodeReady,
  type SetNodeReadyOptions,
} from "./node_ready.ts";

/**
 * Deletes node `name`: its record, its subnet's key (so that the next node
 * can have the subnet) and every key under `/kat/nodes/<name>/`, in one
 * transaction compared on the record's and the subnet key's versions (and
 * retried when they changed) and the fence. Resolves to false when no such
 * node is registered.
 *
 * @throws {NodeRegistryError} `node.invalid_name`, `node.not_leader`.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { deleteNode } from "./registry.ts";
 * declare const store: StateStore;
 * console.log(await deleteNode(store, "node-2")); // true
 * ```
 */
export async function deleteNode(
  store: StateStore,
  name: string,
  options: { fence?: VersionCompare } = {},
): Promise<boolean> {
  assertNodeName(name);
  const key = nodeRecordKey(name);
  for (;;) {
    const record = await store.get(key);
    if (!record) return false;
    const subnets = (await store.list(SUBNETS_PREFIX)).entries.filter((e) =>
      new TextDecoder().decode(e.value) === name
    );
    const reports = (await store.list(nodeReportsPrefix(name))).entries;
    const doomed = new Set([
      key,
      ...subnets.map((e) => e.key),
      nodeStatusKey(name),
      ...reports.map((e) => e.key),
    ]);
    const result = await fencedTxn(
      store,
      {
        compare: [record, ...subnets].map((e) => ({
          key: e.key,
          version: e.version,
        })),
        success: [...doomed].map((k) => ({ op: "delete" as const, key: k })),
      },
      options.fence,
      `deleting node ${quote(name)}`,
    );
    if (result.succeeded) return true;
  }
}
