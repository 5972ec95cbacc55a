/**
 * Where the node registry lives in etcd.
 *
 * | key                                 | value                                                          | written by           |
 * | ----------------------------------- | -------------------------------------------------------------- | -------------------- |
 * | `/kat/registry/nodes/<name>`        | the leader's record of the node: `kat.v1alpha1.Node`, binary   | the leader           |
 * | `/kat/registry/subnets/<a.b.c.d_n>` | the name of the node the subnet is allocated to (UTF-8 text)   | the leader           |
 * | `/kat/nodes/<name>/status`          | the node's own report: `kat.v1alpha1.NodeStatus`, binary       | the node, on a lease |
 *
 * @module
 */

/**
 * The leader's records of the nodes: `<prefix><name>` holds message
 * `kat.v1alpha1.Node` in the proto3 wire format.
 *
 * @example
 * ```ts
 * import { NODE_RECORDS_PREFIX } from "./keys.ts";
 * console.log(`${NODE_RECORDS_PREFIX}node-1`); // "/kat/registry/nodes/node-1"
 * ```
 */
export const NODE_RECORDS_PREFIX = "/kat/registry/nodes/";

/**
 * The allocated overlay subnets: one key per subnet, its value the node's
 * name. The key is the subnet's canonical text with `/` written as `_`
 * (see {@link subnetKey}).
 *
 * @example
 * ```ts
 * import { SUBNETS_PREFIX } from "./keys.ts";
 * console.log(`${SUBNETS_PREFIX}10.100.2.0_23`);
 * ```
 */
export const SUBNETS_PREFIX = "/kat/registry/subnets/";

/**
 * Every key a node writes about itself starts with `/kat/nodes/<name>/`.
 *
 * @example
 * ```ts
 * import { NODE_REPORTS_PREFIX } from "./keys.ts";
 * console.log(NODE_REPORTS_PREFIX); // "/kat/nodes/"
 * ```
 */
export const NODE_REPORTS_PREFIX = "/kat/nodes/";

/**
 * The key of the leader's record of node `name`.
 *
 * @example
 * ```ts
 * import { nodeRecordKey } from "./keys.ts";
 * console.log(nodeRecordKey("node-2")); // "/kat/registry/nodes/node-2"
 * ```
 */
export function nodeRecordKey(name: string): string {
  return `${NODE_RECORDS_PREFIX}${name}`;
}

/**
 * The prefix of every key node `name` writes about itself.
 *
 * @example
 * ```ts
 * import { nodeReportsPrefix } from "./keys.ts";
 * console.log(nodeReportsPrefix("node-2")); // "/kat/nodes/node-2/"
 * ```
 */
export function nodeReportsPrefix(name: string): string {
  return `${NODE_REPORTS_PREFIX}${name}/`;
}

/**
 * The node's own status report: message `kat.v1alpha1.NodeStatus`, written
 * by the node on a lease, so that it disappears when the node stops
 * reporting.
 *
 * @example
 * ```ts
 * import { nodeStatusKey } from "./keys.ts";
 * console.log(nodeStatusKey("node-2")); // "/kat/nodes/node-2/status"
 * ```
 */
export function nodeStatusKey(name: string): string {
  return `${nodeReportsPrefix(name)}status`;
}

/**
 * Put by the leader before it removes member node `name`'s etcd member: the
 * node stops its etcd at once (SIGKILL), so that no client of it hears the
 * graceful goodbye etcd says when its member is removed.
 *
 * @example
 * ```ts
 * import { nodeLeavingKey } from "./keys.ts";
 * console.log(nodeLeavingKey("node-2")); // "/kat/nodes/node-2/leaving"
 * ```
 */
export function nodeLeavingKey(name: string): string {
  return `${nodeReportsPrefix(name)}leaving`;
}

/**
 * The node whose status key `key` is, or undefined for any other key.
 *
 * @example
 * ```ts
 * import { nodeOfStatusKey } from "./keys.ts";
 * console.log(nodeOfStatusKey("/kat/nodes/node-2/status")); // "node-2"
 * console.log(nodeOfStatusKey("/kat/nodes/node-2/other")); // undefined
 * ```
 */
export function nodeOfStatusKey(key: string): string | undefined {
  const match = /^\/kat\/nodes\/([^/]+)\/status$/.exec(key);
  return match?.[1];
}

/**
 * The key of an allocated subnet, from its canonical text (`10.100.2.0/23`
 * gives `/kat/registry/subnets/10.100.2.0_23`).
 *
 * @example
 * ```ts
 * import { subnetKey } from "./keys.ts";
 * console.log(subnetKey("fd00:0:0:2::/64")); // "/kat/registry/subnets/fd00:0:0:2::_64"
 * ```
 */
export function subnetKey(subnet: string): string {
  return `${SUBNETS_PREFIX}${subnet.replace("/", "_")}`;
}
