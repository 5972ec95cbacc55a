/**
 * Where the resource store keeps resources in etcd (see docs/resources.md).
 *
 * | key                                               | value                                      |
 * | ------------------------------------------------- | ------------------------------------------ |
 * | `/kat/resources/namespaces/<name>`                | `kat.v1alpha1.Namespace`, binary           |
 * | `/kat/resources/<plural>/<namespace>/<name>`      | `kat.v1alpha1.<Kind>`, binary              |
 * | `/kat/resource-guards/namespaces/<name>`          | empty; rewritten by every apply that creates a resource in the namespace |
 *
 * @module
 */

/**
 * The kinds the resource store holds: those a quadlet may hold.
 *
 * @example
 * ```ts
 * import type { StoredKind } from "./keys.ts";
 * const kind: StoredKind = "Workload";
 * ```
 */
export type StoredKind =
  | "Workload"
  | "VirtualLoadBalancer"
  | "JobDefinition"
  | "BuildDefinition"
  | "Namespace";

/**
 * The namespaced kinds a quadlet may hold, the Workload first: a quadlet's
 * resources, one key each under its namespace and name.
 *
 * @example
 * ```ts
 * import { QUADLET_KINDS } from "./keys.ts";
 * console.log(QUADLET_KINDS[0]); // "Workload"
 * ```
 */
export const QUADLET_KINDS = [
  "Workload",
  "VirtualLoadBalancer",
  "JobDefinition",
  "BuildDefinition",
] as const;

/**
 * Each stored kind's plural, lower-case name: the key segment after
 * `/kat/resources/`, and the name the contract's commands take.
 *
 * @example
 * ```ts
 * import { RESOURCE_PLURALS } from "./keys.ts";
 * console.log(RESOURCE_PLURALS.VirtualLoadBalancer); // "virtualloadbalancers"
 * ```
 */
export const RESOURCE_PLURALS: Readonly<Record<StoredKind, string>> = {
  Workload: "workloads",
  VirtualLoadBalancer: "virtualloadbalancers",
  JobDefinition: "jobdefinitions",
  BuildDefinition: "builddefinitions",
  Namespace: "namespaces",
};

/**
 * Every resource's key starts with this.
 *
 * @example
 * ```ts
 * import { RESOURCES_PREFIX } from "./keys.ts";
 * console.log(RESOURCES_PREFIX); // "/kat/resources/"
 * ```
 */
export const RESOURCES_PREFIX = "/kat/resources/";

/**
 * Whether `kind` is a kind the store holds.
 *
 * @example
 * ```ts
 * import { isStoredKind } from "./keys.ts";
 * console.log(isStoredKind("Workload"), isStoredKind("Node")); // true false
 * ```
 */
export function isStoredKind(kind: string): kind is StoredKind {
  return Object.hasOwn(RESOURCE_PLURALS, kind);
}

/**
 * The key of a resource: `namespace` is ignored for a Namespace (a
 * cluster-scoped kind).
 *
 * @example
 * ```ts
 * import { resourceKey } from "./keys.ts";
 * console.log(resourceKey("Workload", "shop", "web")); // "/kat/resources/workloads/shop/web"
 * console.log(resourceKey("Namespace", undefined, "shop")); // "/kat/resources/namespaces/shop"
 * ```
 */
export function resourceKey(
  kind: StoredKind,
  namespace: string | undefined,
  name: string,
): string {
  return kind === "Namespace"
    ? `${RESOURCES_PREFIX}namespaces/${name}`
    : `${RESOURCES_PREFIX}${RESOURCE_PLURALS[kind]}/${namespace}/${name}`;
}

/**
 * The prefix of every key of `kind`, or, with `namespace`, of the kind's
 * keys in that namespace (ignored for a Namespace).
 *
 * @example
 * ```ts
 * import { resourcePrefix } from "./keys.ts";
 * console.log(resourcePrefix("Workload")); // "/kat/resources/workloads/"
 * console.log(resourcePrefix("Workload", "shop")); // "/kat/resources/workloads/shop/"
 * ```
 */
export function resourcePrefix(kind: StoredKind, namespace?: string): string {
  const all = `${RESOURCES_PREFIX}${RESOURCE_PLURALS[kind]}/`;
  return kind === "Namespace" || namespace === undefined
    ? all
    : `${all}${namespace}/`;
}

/**
 * The guard key of namespace `name`: every apply that creates a resource in
 * the namespace writes it, and deleting the namespace compares its version,
 * so a namespace is never deleted while a resource is being created in it.
 *
 * @example
 * ```ts
 * import { namespaceGuardKey } from "./keys.ts";
 * console.log(namespaceGuardKey("shop")); // "/kat/resource-guards/namespaces/shop"
 * ```
 */
export function namespaceGuardKey(name: string): string {
  return `/kat/resource-guards/namespaces/${name}`;
}
