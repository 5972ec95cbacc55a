/**
 * `GET` and `DELETE` of `/v1alpha1/nodes[/{name}]`.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { toManifest } from "../encode/to_manifest.ts";
import { deleteNode, listNodes, readNode } from "../nodes/registry.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { oneAtATime } from "./join_queue.ts";
import { memberOfNode, removalProblem } from "../state/etcd_members.ts";
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
 * import type { ApiContext } from "./api_context.ts";
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
 * import type { ApiContext } from "./api_context.ts";
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
 * import type { ApiContext } from "./api_context.ts";
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
    await removeMembership(context, name, node.spec?.advertiseAddress);
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
 * cluster that can still write.
 */
async function removeMembership(
  context: ApiContext,
  name: string,
  address: string | undefined,
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
  const problem = removalProblem(
    members,
    member.id,
    await membership.started(members),
  );
  if (problem) {
    throw new ApiError(
      409,
      "node.etcd_quorum",
      `node ${name} runs etcd member ${member.hexId} and is not removed: ${problem}`,
    );
  }
  await membership.remove(member.id);
  context.log(
    "info",
    "etcd.member-removed",
    `removed etcd member ${member.hexId} of node ${name}`,
    { node: name, member: member.id },
  );
}
