/**
 * etcd's membership, as a KAT cluster grows and shrinks it: the first three
 * nodes run members; each joins as a learner (which does not count towards
 * the quorum until it has caught up) and is then promoted to a voting
 * member. Removing a member is refused when it would leave no member, or
 * would leave fewer started members than the smaller cluster's quorum.
 *
 * @module
 */
import type { Etcd3, IMember } from "./etcd3.d.ts";
import {
  connectEtcd,
  type EtcdTlsOptions,
  toStateStoreError,
} from "./etcd_client.ts";

/**
 * The DNS name every etcd member's certificate holds besides its node's own:
 * clients check each member's server certificate against it, and members
 * take peers only with a certificate that names it (a node that is no member
 * never gets it: node names are DNS labels, without dots).
 *
 * @example
 * ```ts
 * import { ETCD_MEMBER_NAME } from "./etcd_members.ts";
 * console.log(ETCD_MEMBER_NAME); // "etcd.kat.internal"
 * ```
 */
export const ETCD_MEMBER_NAME = "etcd.kat.internal";

/**
 * How many etcd members a cluster has at most: every further node is a
 * client of these.
 *
 * @example
 * ```ts
 * import { MAX_ETCD_MEMBERS } from "./etcd_members.ts";
 * console.log(MAX_ETCD_MEMBERS); // 3
 * ```
 */
export const MAX_ETCD_MEMBERS = 3;

/**
 * One etcd member, with its id as a decimal string (etcd's own form) and as
 * hex (etcdctl's).
 *
 * @example
 * ```ts
 * import type { EtcdMember } from "./etcd_members.ts";
 * const m: EtcdMember = {
 *   id: "1", hexId: "1", name: "node-1", peerUrls: ["https://10.0.0.1:2380"],
 *   clientUrls: ["https://10.0.0.1:2379"], learner: false,
 * };
 * ```
 */
export interface EtcdMember {
  /** The id, decimal. */
  id: string;
  /** The id as etcdctl prints it (hex). */
  hexId: string;
  /** The member's name (its node's name); empty until it has started. */
  name: string;
  /** Where peers reach it. */
  peerUrls: string[];
  /** Where clients reach it; empty until it has started. */
  clientUrls: string[];
  /** Whether it is a learner (not yet voting). */
  learner: boolean;
}

function memberOf(m: IMember): EtcdMember {
  return {
    id: String(m.ID),
    hexId: hexMemberId(String(m.ID)),
    name: m.name ?? "",
    peerUrls: [...(m.peerURLs ?? [])],
    clientUrls: [...(m.clientURLs ?? [])],
    learner: m.isLearner === true,
  };
}

/**
 * The members of the cluster `client` talks to, in etcd's order.
 *
 * @example
 * ```ts
 * import { listMembers } from "./etcd_members.ts";
 * import type { Etcd3 } from "./etcd3.d.ts";
 * declare const client: Etcd3;
 * for (const m of await listMembers(client)) console.log(m.name, m.peerUrls);
 * ```
 */
export async function listMembers(client: Etcd3): Promise<EtcdMember[]> {
  try {
    const answer = await client.cluster.memberList({});
    return (answer.members ?? []).map(memberOf);
  } catch (e) {
    throw toStateStoreError(e, "list etcd's members", true);
  }
}

/**
 * Adds a learner reached at `peerUrl`; resolves to it and the members after
 * the change. Needs etcd's `root` role.
 *
 * @example
 * ```ts
 * import { addLearner } from "./etcd_members.ts";
 * import type { Etcd3 } from "./etcd3.d.ts";
 * declare const client: Etcd3;
 * const { member } = await addLearner(client, "https://10.0.0.2:2380");
 * console.log(member.id);
 * ```
 */
export async function addLearner(
  client: Etcd3,
  peerUrl: string,
): Promise<{ member: EtcdMember; members: EtcdMember[] }> {
  try {
    const answer = await client.cluster.memberAdd({
      peerURLs: [peerUrl],
      isLearner: true,
    });
    return {
      member: memberOf(answer.member),
      members: (answer.members ?? []).map(memberOf),
    };
  } catch (e) {
    throw toStateStoreError(e, `add an etcd member at ${peerUrl}`, true);
  }
}

/**
 * Promotes learner `id` to a voting member. etcd refuses while the learner
 * has not caught up with the leader (`state.failed`, message "not in sync"):
 * call it again a little later.
 *
 * @example
 * ```ts
 * import { promoteMember } from "./etcd_members.ts";
 * import type { Etcd3 } from "./etcd3.d.ts";
 * declare const client: Etcd3;
 * await promoteMember(client, "1234");
 * ```
 */
export async function promoteMember(client: Etcd3, id: string): Promise<void> {
  try {
    await client.cluster.memberPromote({ ID: id });
  } catch (e) {
    throw toStateStoreError(e, `promote etcd member ${hexMemberId(id)}`, true);
  }
}

/**
 * Removes member `id`. Needs etcd's `root` role.
 *
 * @example
 * ```ts
 * import { removeMember } from "./etcd_members.ts";
 * import type { Etcd3 } from "./etcd3.d.ts";
 * declare const client: Etcd3;
 * await removeMember(client, "1234");
 * ```
 */
export async function removeMember(client: Etcd3, id: string): Promise<void> {
  try {
    await client.cluster.memberRemove({ ID: id });
  } catch (e) {
    throw toStateStoreError(e, `remove etcd member ${hexMemberId(id)}`, true);
  }
}

/**
 * A member id (decimal, etcd's own form) as etcdctl prints it (hex).
 *
 * @example
 * ```ts
 * import { hexMemberId } from "./etcd_members.ts";
 * console.log(hexMemberId("255")); // "ff"
 * ```
 */
export function hexMemberId(id: string): string {
  try {
    return BigInt(id).toString(16);
  } catch {
    return id;
  }
}

/**
 * The member of node `name`, found by its name or, before it has started,
 * by its peer URL `peerUrl`.
 *
 * @example
 * ```ts
 * import { memberOfNode, type EtcdMember } from "./etcd_members.ts";
 * declare const members: EtcdMember[];
 * console.log(memberOfNode(members, "node-2", "https://10.0.0.2:2380")?.id);
 * ```
 */
export function memberOfNode(
  members: readonly EtcdMember[],
  name: string,
  peerUrl?: string,
): EtcdMember | undefined {
  return members.find((m) => m.name === name) ??
    (peerUrl === undefined
      ? undefined
      : members.find((m) => m.peerUrls.includes(peerUrl)));
}

/**
 * Why member `id` must not be removed now, or undefined when it may:
 * never the last member, and never when the members left would have fewer
 * started ones (by `started`, the ids that answer) than their quorum.
 *
 * @example
 * ```ts
 * import { removalProblem, type EtcdMember } from "./etcd_members.ts";
 * declare const members: EtcdMember[];
 * console.log(removalProblem(members, members[0].id, new Set()));
 * ```
 */
export function removalProblem(
  members: readonly EtcdMember[],
  id: string,
  started: ReadonlySet<string>,
): string | undefined {
  const voters = members.filter((m) => !m.learner);
  const target = members.find((m) => m.id === id);
  if (target === undefined) return undefined;
  if (!target.learner && voters.length <= 1) {
    return "it runs the cluster's only etcd member";
  }
  if (target.learner) return undefined;
  const left = voters.filter((m) => m.id !== id);
  const quorum = Math.floor(left.length / 2) + 1;
  const up = left.filter((m) => started.has(m.id)).length;
  if (up < quorum) {
    return `the ${left.length} etcd members left would have ${up} running, fewer than their quorum of ${quorum}: bring the stopped members back first`;
  }
  return undefined;
}

/**
 * The ids of the members that answer a status request at one of their
 * client URLs within `timeoutMs` (default 1,500 ms), each asked on a
 * connection of its own.
 *
 * @example
 * ```ts
 * import { startedMembers, type EtcdMember } from "./etcd_members.ts";
 * declare const members: EtcdMember[];
 * declare const tls: import("./etcd_client.ts").EtcdTlsOptions;
 * console.log(await startedMembers(members, { tls }));
 * ```
 */
export async function startedMembers(
  members: readonly EtcdMember[],
  options: { tls?: EtcdTlsOptions; timeoutMs?: number } = {},
): Promise<Set<string>> {
  const timeoutMs = options.timeoutMs ?? 1500;
  const answers = await Promise.all(members.map(async (m) => {
    if (m.clientUrls.length === 0) return undefined;
    let client: Etcd3 | undefined;
    try {
      client = await connectEtcd({
        endpoints: m.clientUrls,
        tls: options.tls,
        callTimeoutMs: timeoutMs,
      });
      await client.maintenance.status({ deadline: Date.now() + timeoutMs });
      return m.id;
    } catch {
      return undefined;
    } finally {
      client?.close();
    }
  }));
  return new Set(answers.filter((id): id is string => id !== undefined));
}
