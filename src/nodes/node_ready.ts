/**
 * The `Ready` condition of a node's record, set by the leader.
 *
 * @module
 */
import { encodeBinary } from "../encode/binary.ts";
import type { Node, NodeCondition } from "../gen/types.ts";
import { quote } from "../diagnostics/quote.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { nodeRecordKey } from "./keys.ts";
import {
  assertNodeName,
  decodeNodeRecord,
  fencedTxn,
  timestampOf,
} from "./node_record.ts";

/**
 * The reason of a `Ready` condition set true by default.
 *
 * @example
 * ```ts
 * import { READY_REASON } from "./node_ready.ts";
 * console.log(READY_REASON); // "NodeReporting"
 * ```
 */
export const READY_REASON = "NodeReporting";

/**
 * The reason of a `Ready` condition set false by default.
 *
 * @example
 * ```ts
 * import { NOT_READY_REASON } from "./node_ready.ts";
 * console.log(NOT_READY_REASON); // "NodeStatusUnknown"
 * ```
 */
export const NOT_READY_REASON = "NodeStatusUnknown";

/**
 * Options of {@link setNodeReady}.
 *
 * @example
 * ```ts
 * import type { SetNodeReadyOptions } from "./node_ready.ts";
 * const options: SetNodeReadyOptions = { reason: "Drained", message: "drained by the administrator" };
 * ```
 */
export interface SetNodeReadyOptions {
  /** The leader's election key: no write unless it holds. Default: none. */
  fence?: VersionCompare;
  /** The transition time, when the status changes. Default: now. */
  now?: Date;
  /** Default: `NodeReporting` when ready, else `NodeStatusUnknown`. */
  reason?: string;
  /**
   * Default: "the node reports its status" when ready, else "the node has
   * not reported for its lease's TTL".
   */
  message?: string;
}

function readyCondition(node: Node): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === "Ready");
}

/**
 * Sets the `Ready` condition of node `name`'s record: status `True` or
 * `False`, a reason and a message; `lastTransitionTime` changes only when
 * the status does. Written in a transaction compared on the record's
 * version (read again and retried when it changed meanwhile) and the fence.
 * Resolves to `unchanged` when the condition already reads so, `missing`
 * when no such node is registered.
 *
 * @throws {NodeRegistryError} `node.invalid_name`, `node.not_leader`,
 * `node.corrupt`.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { setNodeReady } from "./node_ready.ts";
 * declare const store: StateStore;
 * console.log(await setNodeReady(store, "node-2", false)); // "changed"
 * ```
 */
export async function setNodeReady(
  store: StateStore,
  name: string,
  ready: boolean,
  options: SetNodeReadyOptions = {},
): Promise<"changed" | "unchanged" | "missing"> {
  assertNodeName(name);
  const key = nodeRecordKey(name);
  const status = ready ? "True" : "False";
  const reason = options.reason ?? (ready ? READY_REASON : NOT_READY_REASON);
  const message = options.message ??
    (ready
      ? "the node reports its status"
      : "the node has not reported for its lease's TTL");
  for (;;) {
    const entry = await store.get(key);
    if (!entry) return "missing";
    const node = decodeNodeRecord(entry);
    const old = readyCondition(node);
    if (
      old?.status === status && old.reason === reason &&
      old.message === message
    ) {
      return "unchanged";
    }
    const condition: NodeCondition = {
      type: "Ready",
      status,
      reason,
      message,
      lastTransitionTime: old?.status === status && old.lastTransitionTime
        ? old.lastTransitionTime
        : timestampOf(options.now ?? new Date()),
    };
    const others = (node.status?.conditions ?? []).filter((c) =>
      c.type !== "Ready"
    );
    const { resourceVersion: _, ...metadata } = node.metadata ?? {};
    const updated: Node = {
      ...node,
      metadata,
      status: { ...node.status, conditions: [condition, ...others] },
    };
    const result = await fencedTxn(
      store,
      {
        compare: [{ key, version: entry.version }],
        success: [{ op: "put", key, value: encodeBinary(updated) }],
      },
      options.fence,
      `setting node ${quote(name)} Ready ${status}`,
    );
    if (result.succeeded) return "changed";
  }
}
