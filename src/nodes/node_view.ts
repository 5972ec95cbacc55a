/**
 * Reading nodes as the leader's API serves them: the leader's record merged
 * with the node's own report.
 *
 * @module
 */
import type { Node } from "../gen/types.ts";
import type { StateStore } from "../state/state_store.ts";
import {
  NODE_RECORDS_PREFIX,
  NODE_REPORTS_PREFIX,
  nodeOfStatusKey,
  nodeRecordKey,
  nodeStatusKey,
} from "./keys.ts";
import {
  assertNodeName,
  decodeNodeRecord,
  mergeNodeReport,
} from "./node_record.ts";

/**
 * Node `name` (the merged view: the leader's record, with capacity,
 * allocatable and last heartbeat from the node's report), or undefined when
 * no such node is registered. Both keys are read at one revision.
 *
 * @throws {NodeRegistryError} `node.invalid_name`, `node.corrupt`.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { readNode } from "./node_view.ts";
 * declare const store: StateStore;
 * const node = await readNode(store, "node-2");
 * console.log(node?.spec?.overlaySubnet, node?.status?.lastHeartbeatTime);
 * ```
 */
export async function readNode(
  store: StateStore,
  name: string,
): Promise<Node | undefined> {
  assertNodeName(name);
  const { results } = await store.txn({
    success: [
      { op: "get", key: nodeRecordKey(name) },
      { op: "get", key: nodeStatusKey(name) },
    ],
  });
  const [record, report] = results.map((r) =>
    r.op === "get" ? r.entry : undefined
  );
  return record && mergeNodeReport(decodeNodeRecord(record), report);
}

/**
 * Every registered node, sorted by name, in the merged view of
 * {@link readNode}.
 *
 * @throws {NodeRegistryError} `node.corrupt` when a record is no Node.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { listNodes } from "./node_view.ts";
 * declare const store: StateStore;
 * for (const node of await listNodes(store)) console.log(node.metadata?.name);
 * ```
 */
export async function listNodes(store: StateStore): Promise<Node[]> {
  const records = await store.list(NODE_RECORDS_PREFIX);
  const reports = await store.list(NODE_REPORTS_PREFIX);
  const reportOf = new Map(
    reports.entries.flatMap((e) => {
      const name = nodeOfStatusKey(e.key);
      return name === undefined ? [] : [[name, e] as const];
    }),
  );
  return records.entries
    .map((entry) => decodeNodeRecord(entry))
    .map((node) =>
      mergeNodeReport(node, reportOf.get(node.metadata?.name ?? ""))
    )
    .sort((a, b) => {
      const x = a.metadata?.name ?? "", y = b.metadata?.name ?? "";
      return x < y ? -1 : x > y ? 1 : 0;
    });
}
