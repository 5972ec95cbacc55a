/**
 * Every place where the agent reads or sets a field of the
 * ClusterConfiguration object: its ports, its timings, the identity the
 * leader gives it (`metadata.uid`, `metadata.creationTimestamp`), and how two
 * configurations differ. Kept in this one module so that a change of the
 * library's object vocabulary is made here alone.
 *
 * @module
 */
import type { ClusterConfiguration } from "../gen/types.ts";
import { toManifest } from "../encode/to_manifest.ts";

/**
 * The ports of the local etcd, from `spec.etcdClientPort` and
 * `spec.etcdPeerPort` (defaults applied).
 *
 * @example
 * ```ts
 * import { etcdPorts } from "./cluster_record.ts";
 * console.log(etcdPorts({ kind: "ClusterConfiguration", spec: { etcdClientPort: 2379, etcdPeerPort: 2380 } }));
 * // { client: 2379, peer: 2380 }
 * ```
 */
export function etcdPorts(
  config: ClusterConfiguration,
): { client: number; peer: number } {
  return {
    client: config.spec?.etcdClientPort ?? 2379,
    peer: config.spec?.etcdPeerPort ?? 2380,
  };
}

/**
 * The leader's lease TTL in seconds:
 * `min(2 × agentTickSeconds, nodeLossTimeoutSeconds)`.
 *
 * The lease is renewed every third of its TTL, so the leader reaches etcd at
 * least as often as an agent reports (every tick); it is lost after about two
 * ticks without an answer; and never later than a node would be declared
 * lost, since declaring nodes lost is the leader's job: a dead leader is
 * replaced before the silence of its agents could count against them.
 * Defaults (15 s, 60 s) give 30 s.
 *
 * @example
 * ```ts
 * import { leaseTtlSeconds } from "./cluster_record.ts";
 * console.log(leaseTtlSeconds({ kind: "ClusterConfiguration", spec: { agentTickSeconds: 15, nodeLossTimeoutSeconds: 60 } })); // 30
 * console.log(leaseTtlSeconds({ kind: "ClusterConfiguration", spec: { agentTickSeconds: 20, nodeLossTimeoutSeconds: 25 } })); // 25
 * ```
 */
export function leaseTtlSeconds(config: ClusterConfiguration): number {
  const tick = config.spec?.agentTickSeconds ?? 15;
  const loss = config.spec?.nodeLossTimeoutSeconds ?? 60;
  return Math.max(1, Math.min(2 * tick, loss));
}

/**
 * The cluster's name (`metadata.name`).
 *
 * @example
 * ```ts
 * import { clusterName } from "./cluster_record.ts";
 * console.log(clusterName({ kind: "ClusterConfiguration", metadata: { name: "home" } })); // "home"
 * ```
 */
export function clusterName(config: ClusterConfiguration): string {
  return config.metadata?.name ?? "";
}

/**
 * What the leader adds to a stored configuration.
 *
 * @example
 * ```ts
 * import type { ClusterIdentity } from "./cluster_record.ts";
 * const id: ClusterIdentity = { uid: "0b5c…", createdAt: "2026-11-25T10:00:00.000Z" };
 * ```
 */
export interface ClusterIdentity {
  /** `metadata.uid`. */
  uid: string;
  /** `metadata.creationTimestamp`, as RFC 3339 (empty when absent). */
  createdAt: string;
}

/**
 * A copy of `config` with a new `metadata.uid` and
 * `metadata.creationTimestamp` (`now`, to the millisecond).
 *
 * @example
 * ```ts
 * import { identityOf, withNewIdentity } from "./cluster_record.ts";
 * const stamped = withNewIdentity({ kind: "ClusterConfiguration", metadata: { name: "home" } }, "id-1", new Date(1500));
 * console.log(identityOf(stamped)); // { uid: "id-1", createdAt: "1970-01-01T00:00:01.500Z" }
 * ```
 */
export function withNewIdentity(
  config: ClusterConfiguration,
  uid: string,
  now: Date,
): ClusterConfiguration {
  return {
    ...config,
    metadata: {
      ...config.metadata,
      uid,
      // RFC 3339 as proto3 JSON writes it: no fraction when it is zero.
      creationTimestamp: now.toISOString().replace(/\.000Z$/, "Z"),
    },
  };
}

/**
 * The identity a stored configuration carries.
 *
 * @example
 * ```ts
 * import { identityOf } from "./cluster_record.ts";
 * console.log(identityOf({ kind: "ClusterConfiguration", metadata: { uid: "x" } })); // { uid: "x", createdAt: "" }
 * ```
 */
export function identityOf(config: ClusterConfiguration): ClusterIdentity {
  return {
    uid: config.metadata?.uid ?? "",
    createdAt: config.metadata?.creationTimestamp ?? "",
  };
}

/**
 * Whether `config` looks like what a leader stores: kind
 * ClusterConfiguration, with a uid.
 *
 * @example
 * ```ts
 * import { isStoredConfiguration } from "./cluster_record.ts";
 * console.log(isStoredConfiguration({ kind: "ClusterConfiguration", metadata: { uid: "u" } })); // true
 * console.log(isStoredConfiguration({ kind: "ClusterConfiguration" })); // false
 * ```
 */
export function isStoredConfiguration(config: ClusterConfiguration): boolean {
  return config.kind === "ClusterConfiguration" && !!config.metadata?.uid;
}

/** Fields set by the system, which two configurations may differ in. */
function withoutSystemFields(
  config: ClusterConfiguration,
): ClusterConfiguration {
  const {
    uid: _uid,
    creationTimestamp: _created,
    generation: _generation,
    resourceVersion: _version,
    ...metadata
  } = config.metadata ?? {};
  return { ...config, metadata };
}

type Plain = string | number | boolean | null | Plain[] | {
  [key: string]: Plain;
};

/** A value for a message, shortened past 200 characters. */
function show(value: Plain | undefined): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z][A-Za-z0-9]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${key}]`;
}

function diff(
  path: string,
  a: Plain | undefined,
  b: Plain | undefined,
  out: string[],
): void {
  const bothObjects = typeof a === "object" && typeof b === "object" &&
    a !== null && b !== null && Array.isArray(a) === Array.isArray(b);
  if (bothObjects && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) {
      out.push(`${path}: stored ${show(a)}, file ${show(b)}`);
      return;
    }
    a.forEach((v, i) => diff(child(path, i), v, b[i], out));
    return;
  }
  if (bothObjects) {
    const ao = a as Record<string, Plain>;
    const bo = b as Record<string, Plain>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
    for (const k of keys.sort()) diff(child(path, k), ao[k], bo[k], out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path}: stored ${show(a)}, file ${show(b)}`);
  }
}

/**
 * How the configuration read from a file differs from the stored one, one
 * line per field, in the manifest's field names:
 * `spec.agentPort: stored 9116, file 10116`. System-set metadata is ignored;
 * both sides should have their defaults applied. Empty when they agree.
 *
 * @example
 * ```ts
 * import { differences } from "./cluster_record.ts";
 * console.log(differences(
 *   { kind: "ClusterConfiguration", metadata: { name: "home", uid: "x" }, spec: { agentPort: 9116 } },
 *   { kind: "ClusterConfiguration", metadata: { name: "home" }, spec: { agentPort: 10116 } },
 * )); // ["spec.agentPort: stored 9116, file 10116"]
 * ```
 */
export function differences(
  stored: ClusterConfiguration,
  file: ClusterConfiguration,
): string[] {
  const out: string[] = [];
  diff(
    "",
    toManifest(withoutSystemFields(stored)) as Plain,
    toManifest(withoutSystemFields(file)) as Plain,
    out,
  );
  return out;
}

/**
 * How often nodes report and how long a silent node stays Ready, in seconds
 * (`agentTickSeconds`, `nodeLossTimeoutSeconds`; defaults 15 and 60).
 *
 * @example
 * ```ts
 * import { nodeTiming } from "./cluster_record.ts";
 * console.log(nodeTiming({ kind: "ClusterConfiguration" })); // { tickSeconds: 15, lossSeconds: 60 }
 * ```
 */
export function nodeTiming(
  config: ClusterConfiguration,
): { tickSeconds: number; lossSeconds: number } {
  return {
    tickSeconds: config.spec?.agentTickSeconds ?? 15,
    lossSeconds: config.spec?.nodeLossTimeoutSeconds ?? 60,
  };
}

/**
 * The cluster's API port (`apiPort`, default 9115).
 *
 * @example
 * ```ts
 * import { apiPort } from "./cluster_record.ts";
 * console.log(apiPort({ kind: "ClusterConfiguration" })); // 9115
 * ```
 */
export function apiPort(config: ClusterConfiguration): number {
  return config.spec?.apiPort ?? 9115;
}

/**
 * The node network: `clusterCIDR` and `nodeSubnetBits` (default 7).
 *
 * @example
 * ```ts
 * import { nodeNetwork } from "./cluster_record.ts";
 * console.log(nodeNetwork({ kind: "ClusterConfiguration", spec: { clusterCIDR: "10.1.0.0/16" } }));
 * // { clusterCidr: "10.1.0.0/16", nodeSubnetBits: 7 }
 * ```
 */
export function nodeNetwork(
  config: ClusterConfiguration,
): { clusterCidr: string; nodeSubnetBits: number } {
  return {
    clusterCidr: config.spec?.clusterCIDR ?? "",
    nodeSubnetBits: config.spec?.nodeSubnetBits ?? 7,
  };
}

/**
 * `https://ADDRESS:PORT`, with an IPv6 address in brackets.
 *
 * @example
 * ```ts
 * import { httpsUrl } from "./cluster_record.ts";
 * console.log(httpsUrl("::1", 9115)); // https://[::1]:9115
 * ```
 */
export function httpsUrl(address: string, port: number): string {
  return `https://${address.includes(":") ? `[${address}]` : address}:${port}`;
}
