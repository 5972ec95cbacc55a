/**
 * An etcd member as a KAT cluster sees it, and the rules about members that
 * need no etcd to apply: which member is a node's, whether one may be
 * removed. The calls to etcd are in `etcd_members.ts`; this module imports
 * nothing, so that the API's types can name a member without loading etcd's
 * client.
 *
 * @module
 */

/**
 * The DNS name every etcd member's certificate holds besides its node's own:
 * clients check each member's server certificate against it, and members
 * take peers only with a certificate that names it (a node that is no member
 * never gets it: node names are DNS labels, without dots).
 *
 * @example
 * ```ts
 * import { ETCD_MEMBER_NAME } from "./etcd_member.ts";
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
 * import { MAX_ETCD_MEMBERS } from "./etcd_member.ts";
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
 * import type { EtcdMember } from "./etcd_member.ts";
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

/**
 * A member id (decimal, etcd's own form) as etcdctl prints it (hex).
 *
 * @example
 * ```ts
 * import { hexMemberId } from "./etcd_member.ts";
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
 * import { memberOfNode, type EtcdMember } from "./etcd_member.ts";
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
 * import { removalProblem, type EtcdMember } from "./etcd_member.ts";
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
