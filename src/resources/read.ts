/**
 * Reading stored resources: one by its namespace and name, or every one of
 * a kind.
 *
 * @module
 */
import type { ResourceTypes } from "../gen/types.ts";
import type { StateStore } from "../state/state_store.ts";
import {
  isStoredKind,
  RESOURCE_PLURALS,
  resourceKey,
  resourcePrefix,
  type StoredKind,
} from "./keys.ts";
import { ResourceStoreError } from "./resource_error.ts";
import { assertLabel, decodeStoredResource } from "./resource_record.ts";
import { DEFAULT_NAMESPACE } from "./quadlet_identity.ts";

/**
 * Throws an `invalid` {@link ResourceStoreError} unless `kind` is a stored
 * kind.
 *
 * @example
 * ```ts
 * import { assertStoredKind } from "./read.ts";
 * assertStoredKind("Workload"); // no error
 * ```
 */
export function assertStoredKind(kind: string): asserts kind is StoredKind {
  if (!isStoredKind(kind)) {
    throw new ResourceStoreError(
      "invalid",
      `${JSON.stringify(kind)} is no kind the resource store holds: ${
        Object.keys(RESOURCE_PLURALS).join(", ")
      } are`,
    );
  }
}

/**
 * Resource `name` of `kind` in `namespace` (ignored for a Namespace), with
 * `metadata.resourceVersion` set to its key's version; undefined when there
 * is none.
 *
 * @throws {ResourceStoreError} `resources.invalid` (a kind not stored, a
 * name or namespace that is no DNS label), `resources.corrupt`.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { getResource } from "./read.ts";
 * declare const store: StateStore;
 * const web = await getResource(store, "Workload", "shop", "web");
 * console.log(web?.metadata?.generation, web?.spec?.replicas);
 * ```
 */
export async function getResource<K extends StoredKind>(
  store: StateStore,
  kind: K,
  namespace: string | undefined,
  name: string,
): Promise<ResourceTypes[K] | undefined> {
  assertStoredKind(kind);
  if (kind !== "Namespace") assertLabel(namespace, "namespace");
  assertLabel(name, "name");
  const entry = await store.get(resourceKey(kind, namespace, name));
  return entry && decodeStoredResource(kind, entry);
}

/**
 * Options of {@link listResources}: one namespace (default `default`) or
 * all of them; both are ignored for Namespaces, which are all listed.
 *
 * @example
 * ```ts
 * import type { ListResourcesOptions } from "./read.ts";
 * const everywhere: ListResourcesOptions = { allNamespaces: true };
 * ```
 */
export interface ListResourcesOptions {
  /** The namespace to list. Default: `default`. */
  namespace?: string;
  /** List every namespace (not together with `namespace`). Default: false. */
  allNamespaces?: boolean;
}

/**
 * Every resource of `kind` in one namespace or all, sorted by namespace,
 * then name, each with `metadata.resourceVersion` set to its key's version
 * (all read at one store revision).
 *
 * @throws {ResourceStoreError} `resources.invalid` (a kind not stored, a
 * namespace that is no DNS label, both `namespace` and `allNamespaces`),
 * `resources.corrupt`.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { listResources } from "./read.ts";
 * declare const store: StateStore;
 * for (const w of await listResources(store, "Workload", { allNamespaces: true })) {
 *   console.log(w.metadata?.namespace, w.metadata?.name);
 * }
 * ```
 */
export async function listResources<K extends StoredKind>(
  store: StateStore,
  kind: K,
  options: ListResourcesOptions = {},
): Promise<ResourceTypes[K][]> {
  assertStoredKind(kind);
  if (options.allNamespaces && options.namespace !== undefined) {
    throw new ResourceStoreError(
      "invalid",
      "list one namespace or all of them, not both",
    );
  }
  let prefix = resourcePrefix(kind);
  if (kind !== "Namespace" && !options.allNamespaces) {
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    assertLabel(namespace, "namespace");
    prefix = resourcePrefix(kind, namespace);
  }
  const { entries } = await store.list(prefix);
  const order = (r: ResourceTypes[K]) =>
    [r.metadata?.namespace ?? "", r.metadata?.name ?? ""] as const;
  return entries
    .map((entry) => decodeStoredResource(kind, entry))
    .sort((a, b) => {
      const [an, aname] = order(a), [bn, bname] = order(b);
      if (an !== bn) return an < bn ? -1 : 1;
      return aname < bname ? -1 : aname > bname ? 1 : 0;
    });
}
