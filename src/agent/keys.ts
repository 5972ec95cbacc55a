/**
 * Where KAT keeps things in etcd. Every key starts with `/kat/`.
 *
 * | key                           | value                                                       |
 * | ----------------------------- | ----------------------------------------------------------- |
 * | `/kat/cluster/config`         | the ClusterConfiguration, binary protobuf                   |
 * | `/kat/cluster/leader/<lease>` | a candidate's node name, on its lease (lease id in hex)      |
 *
 * @module
 */

/**
 * The cluster configuration: message `kat.v1alpha1.ClusterConfiguration` in
 * the proto3 wire format, written once by the first leader.
 *
 * @example
 * ```ts
 * import { CLUSTER_CONFIG_KEY } from "./keys.ts";
 * console.log(CLUSTER_CONFIG_KEY); // "/kat/cluster/config"
 * ```
 */
export const CLUSTER_CONFIG_KEY = "/kat/cluster/config";

/**
 * The leader election's prefix: each candidate puts
 * `<prefix><lease id in hex>` = its node name, attached to its lease; the key
 * created first leads.
 *
 * @example
 * ```ts
 * import { LEADER_ELECTION_PREFIX } from "./keys.ts";
 * console.log(`${LEADER_ELECTION_PREFIX}694d8a1b2c3d4e5f`);
 * ```
 */
export const LEADER_ELECTION_PREFIX = "/kat/cluster/leader/";
