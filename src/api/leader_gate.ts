/**
 * Only the leader answers requests that read or change the cluster.
 *
 * @module
 */
import type { VersionCompare } from "../state/state_store.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError } from "./api_error.ts";
import { readNode } from "../nodes/registry.ts";
import { httpsUrl } from "../agent/cluster_record.ts";

/**
 * The fence of this node's leadership; an {@link ApiError}
 * `leader.not_leader` (503, naming the leader and its API's URL when they
 * are known, in the message and as `leader` and `leaderUrl`) when this node
 * does not lead.
 *
 * @example
 * ```ts
 * import { requireLeadership } from "./leader_gate.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * const fence = await requireLeadership(context);
 * ```
 */
export async function requireLeadership(
  context: ApiContext,
): Promise<VersionCompare> {
  const fence = context.leadership();
  if (fence) return fence;
  // Without a quorum no node leads, and asking etcd who does would wait.
  const noQuorum = context.membership?.noQuorum();
  if (noQuorum !== undefined) {
    throw new ApiError(503, "etcd.no_quorum", noQuorum);
  }
  const leader = await context.leaderName().catch(() => undefined);
  // Where the leader's API is: its registered address, on this API's port.
  const address = leader === undefined
    ? undefined
    : await readNode(context.store, leader).then(
      (n) => n?.spec?.advertiseAddress,
      () => undefined,
    );
  const leaderUrl = address === undefined
    ? undefined
    : httpsUrl(address, Number(new URL(context.apiUrl).port));
  const where = leaderUrl === undefined ? "" : `, at ${leaderUrl}`;
  throw new ApiError(
    503,
    "leader.not_leader",
    leader
      ? `node ${context.nodeName} does not lead the cluster; ${leader} does${where}`
      : `node ${context.nodeName} does not lead the cluster, and no node leads it now`,
    leader ? { leader, leaderUrl } : {},
  );
}
