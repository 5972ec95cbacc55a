/**
 * Every default of a resource: the proto's `(field).default` values, then the
 * kind's own defaults that depend on other fields.
 *
 * @module
 */
import type { Kind, Resource, ResourceTypes } from "../gen/types.ts";
import { kindOf } from "../encode/wire_value.ts";
import { typeForKind } from "../schema/registry.ts";
import type { KindRules } from "./kind_rules.ts";
import { applyProtoDefaults } from "./proto_defaults.ts";
import { kindRules } from "./rules_by_kind.ts";

/**
 * Fills in every default of `resource`, in place, and returns it.
 * Cluster-scoped kinds get no namespace. For a resource that nothing else
 * holds yet (the decoder's output).
 *
 * @example
 * ```ts
 * import { applyDefaultsInPlace } from "./apply_defaults.ts";
 * const cfg = applyDefaultsInPlace("ClusterConfiguration", {
 *   kind: "ClusterConfiguration",
 *   metadata: { name: "home" },
 *   spec: { clusterCIDR: "10.244.0.0/16", serviceCIDR: "10.96.0.0/12" },
 * });
 * console.log(cfg.spec?.agentPort, cfg.metadata?.namespace); // 9116 undefined
 * ```
 */
export function applyDefaultsInPlace<K extends Kind>(
  kind: K,
  resource: ResourceTypes[K],
): ResourceTypes[K] {
  const type = typeForKind(kind);
  if (!type) throw new Error(`applyDefaults: unknown kind ${kind}`);
  const written = (resource as { metadata?: { namespace?: string } }).metadata
    ?.namespace;
  applyProtoDefaults(resource as unknown as Record<string, unknown>, type);
  const meta = (resource as { metadata?: { namespace?: string } }).metadata;
  if (type.resource?.clusterScoped && meta && written === undefined) {
    delete meta.namespace;
  }
  (kindRules[kind] as KindRules<ResourceTypes[K]> | undefined)?.applyDefaults?.(
    resource,
  );
  return resource;
}

/**
 * A copy of `resource` with every default filled in: the proto's defaults,
 * then those that depend on other fields (a SERVICE gets `replicas: 1`, a
 * JOB `restartPolicy.condition: Never`, …). The argument is not changed.
 *
 * @param resource A resource of any kind; its `kind` says which defaults apply.
 * @returns A new object with the defaults filled in.
 * @throws {WireError} `wire.type` when `kind` names no kind.
 *
 * @example
 * ```ts
 * import { applyDefaults } from "@kat/toolkit";
 * const workload = applyDefaults({
 *   apiVersion: "kat.dws.rip/v1alpha1",
 *   kind: "Workload",
 *   metadata: { name: "web" },
 *   spec: { type: "SERVICE", source: { image: "nginx:1.27" }, container: {} },
 * });
 * console.log(workload.spec?.replicas, workload.spec?.container?.name); // 1 "web"
 * ```
 */
export function applyDefaults<R extends Resource>(
  resource: R,
): ResourceTypes[R["kind"]] {
  kindOf(resource);
  const copy = structuredClone(resource) as Resource;
  return applyDefaultsInPlace(
    copy.kind,
    copy as ResourceTypes[Kind],
  ) as unknown as ResourceTypes[R["kind"]];
}
