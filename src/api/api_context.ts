/**
 * What the API's handlers need from the agent that serves them.
 *
 * @module
 */
import type { StateStore, VersionCompare } from "../state/state_store.ts";

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
  /** Gives node `name` its etcd identity. */
  grantIdentity(name: string): Promise<void>;
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
