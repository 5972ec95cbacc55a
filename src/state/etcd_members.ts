/**
 * etcd's membership, as a KAT cluster grows and shrinks it: the first three
 * nodes run members; each joins as a learner (which does not count towards
 * the quorum until it has caught up) and is then promoted to a voting
 * member. The rules that need no etcd are in `etcd_member.ts`, re-exported
 * here.
 *
 * @module
 */
import type { Etcd3, IMember } from "./etcd3.d.ts";
import { type EtcdMember, hexMemberId } from "./etcd_member.ts";

export {
  ETCD_MEMBER_NAME,
  type EtcdMember,
  hexMemberId,
  MAX_ETCD_MEMBERS,
  memberOfNode,
  removalProblem,
} from "./etcd_member.ts";
import {
  connectEtcd,
  type EtcdTlsOptions,
  toStateStoreError,
} from "./etcd_client.ts";

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
