/**
 * The resources the leader stores: quadlets applied in one transaction each,
 * read back by kind, namespace and name, and deleted. The key layout and the
 * rules are in docs/resources.md.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { applyQuadlet, ensureDefaultNamespace, listResources } from "./mod.ts";
 * declare const store: StateStore;
 * await ensureDefaultNamespace(store);
 * await applyQuadlet(store, [{ kind: "Namespace", metadata: { name: "shop" } }]);
 * console.log((await listResources(store, "Namespace")).map((n) => n.metadata?.name));
 * ```
 *
 * @module
 */
export {
  type AppliedResource,
  type ApplyOptions,
  type ApplyOutcome,
  applyQuadlet,
  type ApplyResult,
} from "./apply.ts";
export {
  assertStoredKind,
  getResource,
  listResources,
  type ListResourcesOptions,
} from "./read.ts";
export { deleteResource, type DeleteResourceOptions } from "./delete.ts";
export { ensureDefaultNamespace } from "./namespaces.ts";
export {
  DEFAULT_NAMESPACE,
  type QuadletIdentity,
  quadletIdentity,
} from "./quadlet_identity.ts";
export {
  canonicalForm,
  decodeStoredResource,
  type StoredResource,
} from "./resource_record.ts";
export {
  ResourceStoreError,
  type ResourceStoreErrorCode,
} from "./resource_error.ts";
export {
  isStoredKind,
  namespaceGuardKey,
  QUADLET_KINDS,
  RESOURCE_PLURALS,
  resourceKey,
  resourcePrefix,
  RESOURCES_PREFIX,
  type StoredKind,
} from "./keys.ts";
