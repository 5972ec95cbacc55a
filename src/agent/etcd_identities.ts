/**
 * etcd's access control as a cluster uses it: the node that can lead holds
 * etcd's `root` role (it gives joining nodes their identities); every other
 * node may write only under `/kat/nodes/<name>/` and read the cluster
 * configuration. See docs/etcd_tls.md and the README's "Identities".
 *
 * @module
 */
import type { Etcd3 } from "../state/etcd3.d.ts";
import {
  enableAuth,
  grantNodeIdentity,
  revokeNodeIdentity,
} from "../state/etcd_auth.ts";
import { CLUSTER_CONFIG_KEY } from "./keys.ts";

/** Keys a joined node may read besides its own. */
export const NODE_READ_KEYS: readonly string[] = [CLUSTER_CONFIG_KEY];

/**
 * Gives the leader candidate `nodeName` its identity with etcd's `root` role
 * and turns access control on; safe on every start (before access control
 * is on, etcd lets any client with a certificate from the CA do this; after,
 * only `root`, which this node is).
 *
 * @example
 * ```ts
 * import { setUpLeaderIdentity } from "./etcd_identities.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * declare const client: Etcd3;
 * await setUpLeaderIdentity(client, "node-1");
 * ```
 */
export async function setUpLeaderIdentity(
  client: Etcd3,
  nodeName: string,
): Promise<void> {
  await grantNodeIdentity(client, nodeName, {
    root: true,
    readKeys: NODE_READ_KEYS,
  });
  await enableAuth(client);
}

/**
 * Gives joined node `nodeName` its identity: its own keys, and
 * {@link NODE_READ_KEYS} to read; a `member` (a node that runs an etcd
 * member and can lead) etcd's `root` role besides, as the init node has.
 *
 * @example
 * ```ts
 * import { grantJoinedNode } from "./etcd_identities.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * declare const client: Etcd3;
 * await grantJoinedNode(client, "node-2");
 * ```
 */
export async function grantJoinedNode(
  client: Etcd3,
  nodeName: string,
  options: { member?: boolean } = {},
): Promise<void> {
  await grantNodeIdentity(client, nodeName, {
    readKeys: NODE_READ_KEYS,
    root: options.member === true,
  });
}

/**
 * Takes node `nodeName`'s identity away: requests with its certificate are
 * refused from then on.
 *
 * @example
 * ```ts
 * import { revokeJoinedNode } from "./etcd_identities.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * declare const client: Etcd3;
 * await revokeJoinedNode(client, "node-2");
 * ```
 */
export async function revokeJoinedNode(
  client: Etcd3,
  nodeName: string,
): Promise<void> {
  await revokeNodeIdentity(client, nodeName);
}
