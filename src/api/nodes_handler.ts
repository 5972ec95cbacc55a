/**
 * `GET` and `DELETE` of `/v1alpha1/nodes[/{name}]`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { deleteNode, listNodes, readNode } from "../nodes/registry.ts";
import type { ApiContext, ClusterMembership } from "./api_context.ts";
import { nodeLeavingKey } from "../nodes/keys.ts";
import { fencedTxn } from "../nodes/node_record.ts";
import type { VersionCompare } from "../state/state_store.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { oneAtATime } from "./join_queue.ts";
import {
  type EtcdMember,
  memberOfNode,
  removalProblem,
} from "../state/etcd_member.ts";
import { requireLeadership } from "./leader_gate.ts";

function notFound(name: string): ApiError {
  return new ApiError(404, "node.not_found", `no node named ${quote(name)}`);
}

/**
 * Every node, sorted by name, with the leader's name:
 * `{"items": [...], "leader": "node-1"}`.
 *
 * @example
 * ```ts
 * import { listNodesHandler } from "./nodes_handler.ts";
 * import type { ApiContext, ClusterMembership } from "./api_context.ts";
import { nodeLeavingKey } from "../nodes/keys.ts";
import { fencedTxn } from "../nodes/node_record.ts";
import type { VersionCompare } from "../state/state_store.ts";
 * declare const context: ApiContext;
 * console.log((await listNodesHandler(context)).status); // 200
 * ```
 */
export async function listNodesHandler(context: ApiContext): Promise<Response> {
  await requireLeadership(context);
  const nodes = await listNodes(context.store);
  const members = await memberNames(context);
  return jsonResponse(200, {
    items: nodes.map((n) => toManifest(n)),
    leader: context.nodeName,
    ...(members ? { members } : {}),
  }, nodeHeaders(context, members));
}

/**
 * The names of the nodes that run etcd members, or undefined when the
 * cluster's etcd is not its own (or cannot tell now).
 */
async function memberNames(
  context: ApiContext,
): Promise<string[] | undefined> {
  const members = await context.membership?.list().catch(() => undefined);
  return members?.map((m) => m.name).filter((n) => n !== "").sort();
}

/** `kat-leader`, and `kat-members` when known. */
function nodeHeaders(
  context: ApiContext,
  members: string[] | undefined,
): Record<string, string> {
  return {
    "kat-leader": context.nodeName,
    ...(members ? { "kat-members": members.join(",") } : {}),
  };
}

/**
 * One node; 404 `node.not_found`.
 *
 * @example
 * ```ts
 * import { getNodeHandler } from "./nodes_handler.ts";
 * import type { ApiContext, ClusterMembership } from "./api_context.ts";
import { nodeLeavingKey } from "../nodes/keys.ts";
import { fencedTxn } from "../nodes/node_record.ts";
import type { VersionCompare } from "../state/state_store.ts";
 * declare const context: ApiContext;
 * console.log((await getNodeHandler(context, "node-1")).status);
 * ```
 */
export async function getNodeHandler(
  context: ApiContext,
  name: string,
): Promise<Response> {
  await requireLeadership(context);
  const node = await readNode(context.store, name);
  if (!node) throw notFound(name);
  return jsonResponse(
    200,
    toManifest(node),
    nodeHeaders(context, await memberNames(context)),
  );
}

/**
 * Removes a node: its etcd membership first, when it runs a member (409
 * `node.etcd_quorum` when that would leave no member, or fewer running
 * members than the rest's quorum), then its etcd identity (its certificate
 * stops working at once), then its record, subnet and keys. The leading node
 * cannot be removed (409 `node.is_leader`).
 *
 * @example
 * ```ts
 * import { deleteNodeHandler } from "./nodes_handler.ts";
 * import type { ApiContext, ClusterMembership } from "./api_context.ts";
import { nodeLeavingKey } from "../nodes/keys.ts";
import { fencedTxn } from "../nodes/node_record.ts";
import type { VersionCompare } from "../state/state_store.ts";
 * declare const context: ApiContext;
 * console.log((await deleteNodeHandler(context, "node-3")).status);
 * ```
 */
export async function deleteNodeHandler(
  context: ApiContext,
  name: string,
): Promise<Response> {
  const fence = await requireLeadership(context);
  if (name === context.nodeName) {
    throw new ApiError(
      409,
      "node.is_leader",
      `node ${name} leads the cluster and cannot be removed`,
    );
  }
  await oneAtATime(context, async () => {
    const node = await readNode(context.store, name);
    if (!node) throw notFound(name);
    await removeMembership(context, name, node.spec?.advertiseAddress, fence);
    await context.revokeIdentity(name);
    if (!(await deleteNode(context.store, name, { fence }))) {
      throw notFound(name);
    }
  });
  context.log("info", "node.deleted", `node ${name} was removed`, {
    node: name,
  });
  return jsonResponse(200, { deleted: name });
}

/**
 * Removes node `name`'s etcd member, if it runs one and that leaves a
 * cluster that can still write; a member that runs is told to stop its etcd
 * first ({@link stopMemberFirst}).
 */
async function removeMembership(
  context: ApiContext,
  name: string,
  address: string | undefined,
  fence: VersionCompare,
): Promise<void> {
  const membership = context.membership;
  if (!membership) return;
  const members = await membership.list();
  const member = memberOfNode(
    members,
    name,
    address ? membership.peerUrl(address) : undefined,
  );
  if (!member) return;
  const started = await membership.started(members);
  const problem = removalProblem(members, member.id, started);
  if (problem) {
    throw new ApiError(
      409,
      "node.etcd_quorum",
      `node ${name} runs etcd member ${member.hexId} and is not removed: ${problem}`,
    );
  }
  if (started.has(member.id)) {
    await stopMemberFirst(context, name, member, membership, fence);
  }
  await membership.remove(member.id);
  context.log(
    "info",
    "etcd.member-removed",
    `removed etcd member ${member.hexId} of node ${name}`,
    { node: name, member: member.id },
  );
}

/** How long the leader waits for a leaving member's etcd to stop. */
const LEAVE_WAIT_MS = 10_000;

/**
 * Tells node `name` to stop its etcd member (its leaving key), and waits
 * until the member no longer answers: etcd stops a removed member
 * gracefully, saying goodbye (HTTP/2 GOAWAY) to every client connected to
 * it, which can abort a client's Deno (denoland/deno#36788); a member
 * stopped first is removed as one that is down. After
 * {@link LEAVE_WAIT_MS} (a node that does not act on the key) it is removed
 * all the same.
 */
async function stopMemberFirst(
  context: ApiContext,
  name: string,
  member: EtcdMember,
  membership: ClusterMembership,
  fence: VersionCompare,
): Promise<void> {
  await fencedTxn(
    context.store,
    {
      success: [{
        op: "put",
        key: nodeLeavingKey(name),
        value: new TextEncoder().encode(new Date().toISOString()),
      }],
    },
    fence,
    `telling node ${name} to stop its etcd member`,
  );
  const deadline = Date.now() + LEAVE_WAIT_MS;
  while (Date.now() < deadline) {
    if (!(await membership.started([member])).has(member.id)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  context.log(
    "warn",
    "etcd.member-still-running",
    `node ${name}'s etcd member still answers ${
      LEAVE_WAIT_MS / 1000
    } s after it was told to stop; removing it all the same`,
    { node: name, member: member.id },
  );
}
