/**
 * What the API's handlers need from the agent that serves them.
 *
 * @module
 */
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import type { EtcdMember } from "../state/etcd_member.ts";

/**
 * etcd's membership as the serving node can change it (it holds etcd's
 * `root` role).
 *
 * @example
 * ```ts
 * import type { ClusterMembership } from "./api_context.ts";
 * declare const membership: ClusterMembership;
 * console.log((await membership.list()).length);
 * ```
 */
export interface ClusterMembership {
  /** The members now. */
  list(): Promise<EtcdMember[]>;
  /** The ids of `members` that answer now. */
  started(members: readonly EtcdMember[]): Promise<Set<string>>;
  /** Adds a learner at `peerUrl`. */
  addLearner(
    peerUrl: string,
  ): Promise<{ member: EtcdMember; members: EtcdMember[] }>;
  /** Removes member `id`. */
  remove(id: string): Promise<void>;
  /** The peer URL of an etcd member on a node advertising `address`. */
  peerUrl(address: string): string;
  /** The client URL of an etcd member on a node advertising `address`. */
  clientUrl(address: string): string;
  /**
   * While etcd has lost its quorum (as last seen), why nothing can be
   * written; else undefined.
   */
  noQuorum(): string | undefined;
}

/**
 * The serving node's view of the cluster, given to every handler.
 *
 * @example
 * ```ts
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * console.log(context.nodeName, context.leadership() !== undefined);
 * ```
 */
export interface ApiContext {
  /** The state store, with this node's identity. */
  store: StateStore;
  /** This node's name. */
  nodeName: string;
  /** The fence of this node's leadership while it leads; else undefined. */
  leadership(): VersionCompare | undefined;
  /** The name of the node that leads, when one does. */
  leaderName(): Promise<string | undefined>;
  /** The cluster's network settings from its configuration. */
  network: { clusterCidr: string; nodeSubnetBits: number };
  /** The cluster CA, with its key: only a node that can lead serves the API. */
  ca: { certPem: string; keyPem: string; hash: string };
  /** The URL a joining node is told to use, `https://ADDRESS:PORT`. */
  apiUrl: string;
  /** Where joined nodes reach etcd, and the name its certificate holds. */
  etcd: { endpoints: string[]; serverName?: string };
  /**
   * etcd's membership: undefined when the cluster's etcd is not its own
   * (`--etcd-endpoints`) or runs without TLS (`--insecure-etcd`); then no
   * joining node becomes a member.
   */
  membership?: ClusterMembership;
  /**
   * The API URLs of the nodes that can lead (the etcd members' nodes), as
   * last seen; empty when not known. Sent to clients with every answer.
   */
  apiServers(): readonly string[];
  /**
   * Gives node `name` its etcd identity; a `member` gets etcd's `root` role
   * as a node that can lead needs.
   */
  grantIdentity(name: string, options?: { member?: boolean }): Promise<void>;
  /** Takes node `name`'s etcd identity away: its certificate stops working. */
  revokeIdentity(name: string): Promise<void>;
  /** Logs an event of the API (never a credential). */
  log(
    level: "info" | "warn" | "error",
    event: string,
    message: string,
    fields?: Record<string, string | number | boolean | undefined>,
  ): void;
}
