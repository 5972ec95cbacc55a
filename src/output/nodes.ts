/**
 * Nodes as `katcall get nodes` prints them: a table, JSON or YAML, in the
 * manifest vocabulary.
 *
 * @module
 */
import type { Node } from "../gen/types.ts";
import { escapeControl } from "../diagnostics/quote.ts";
import { formatResources, type GetOutput } from "./get_output.ts";
import { shortAge } from "./age.ts";
import { formatTable } from "./table.ts";

export type { GetOutput };

/** `Ready`, `NotReady` or `Unknown`, from the node's `Ready` condition. */
function readiness(node: Node): string {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "True"
    ? "Ready"
    : ready?.status === "False"
    ? "NotReady"
    : "Unknown";
}

/**
 * A cell: control characters escaped, spaces as `\u0020` (so that columns
 * stay columns), `<none>` for nothing.
 *
 * @example
 * ```ts
 * import { cell } from "./nodes.ts";
 * console.log(cell(undefined), cell("a b")); // <none> a\u0020b
 * ```
 */
export function cell(value: string | undefined): string {
  return value === undefined || value === ""
    ? "<none>"
    : escapeControl(value).replace(/ /g, "\\u0020");
}

/**
 * The nodes as a table: NAME, STATUS (from the `Ready` condition), ROLE
 * (`leader` for the node named `leader`, `member` for the other nodes named
 * in `members`: those that run etcd members and can lead; else `<none>`),
 * SUBNET
 * (`spec.overlaySubnet`), ADDRESS (`spec.advertiseAddress`), AGE (of
 * `metadata.creationTimestamp`) and LAST HEARTBEAT (the age of
 * `status.lastHeartbeatTime`), ages as of `now` (milliseconds since the
 * epoch). Empty fields show `<none>`; control characters are escaped.
 *
 * @example
 * ```ts
 * import { formatNodeTable } from "./nodes.ts";
 * const now = Date.parse("2026-12-05T12:00:00Z");
 * console.log(formatNodeTable([{
 *   kind: "Node",
 *   metadata: { name: "node-1", creationTimestamp: "2026-12-03T12:00:00Z" },
 *   spec: { overlaySubnet: "10.244.1.0/24", advertiseAddress: "10.0.0.1" },
 *   status: { conditions: [{ type: "Ready", status: "True" }], lastHeartbeatTime: "2026-12-05T11:59:55Z" },
 * }], "node-1", now));
 * // NAME    STATUS  ROLE    SUBNET         ADDRESS   AGE  LAST HEARTBEAT
 * // node-1  Ready   leader  10.244.1.0/24  10.0.0.1  2d   5s
 * ```
 */
export function formatNodeTable(
  nodes: readonly Node[],
  leader: string | undefined,
  now: number,
  members: readonly string[] = [],
): string {
  const age = (time: string | undefined) =>
    time === undefined ? "<none>" : shortAge(time, now);
  return formatTable([
    ["NAME", "STATUS", "ROLE", "SUBNET", "ADDRESS", "AGE", "LAST HEARTBEAT"],
    ...nodes.map((node) => [
      cell(node.metadata?.name),
      readiness(node),
      leader !== undefined && node.metadata?.name === leader
        ? "leader"
        : members.includes(node.metadata?.name ?? "")
        ? "member"
        : "<none>",
      cell(node.spec?.overlaySubnet),
      cell(node.spec?.advertiseAddress),
      node.metadata?.creationTimestamp === undefined
        ? "<unknown>"
        : shortAge(node.metadata.creationTimestamp, now),
      age(node.status?.lastHeartbeatTime),
    ]),
  ]);
}

/**
 * One node (`single`) or a list in JSON or YAML, as
 * {@link formatResources} writes resources.
 *
 * @example
 * ```ts
 * import { formatNodes } from "./nodes.ts";
 * console.log(formatNodes([{ kind: "Node", metadata: { name: "node-1" } }], "json", false));
 * // {
 * //   "items": [
 * //     {
 * //       "apiVersion": "kat.dws.rip/v1alpha1",
 * //       "kind": "Node",
 * //       "metadata": {
 * //         "name": "node-1"
 * //       }
 * //     }
 * //   ]
 * // }
 * ```
 */
export function formatNodes(
  nodes: readonly Node[],
  format: "json" | "yaml",
  single: boolean,
): string {
  return formatResources(nodes, format, single);
}
