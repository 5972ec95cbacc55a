/**
 * Every default of a resource: the proto's `(field).default` values, then the
 * kind's own defaults that depend on other fields.
 *
 * @module
 */
import type { Kind, ResourceTypes } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";
import type { KindRules } from "./kind_rules.ts";
import { applyProtoDefaults } from "./proto_defaults.ts";
import { kindRules } from "./registry.ts";

/**
 * Fills in every default of `resource`, in place, and returns it. Cluster-scoped
 * kinds get no namespace.
 *
 * @example
 * ```ts
 * import { applyDefaults } from "./apply_defaults.ts";
 * const cfg = applyDefaults("ClusterConfiguration", {
 *   metadata: { name: "home" },
 *   spec: { clusterCidr: "10.244.0.0/16", serviceCidr: "10.96.0.0/12" },
 * });
 * console.log(cfg.spec?.agentPort, cfg.metadata?.namespace); // 9116 undefined
 * ```
 */
export function applyDefaults<K extends Kind>(
  kind: K,
  resource: ResourceTypes[K],
): ResourceTypes[K] {
  const type = typeForKind(kind);
  if (!type) throw new Error(`applyDefaults: unknown kind ${kind}`);
  const written = (resource as { metadata?: { namespace?: string } }).metadata
    ?.namespace;
  applyProtoDefaults(resource as Record<string, unknown>, type);
  const meta = (resource as { metadata?: { namespace?: string } }).metadata;
  if (type.resource?.clusterScoped && meta && written === undefined) {
    delete meta.namespace;
  }
  (kindRules[kind] as KindRules<ResourceTypes[K]> | undefined)?.applyDefaults?.(
    resource,
  );
  return resource;
}
