/**
 * Deleting a stored resource: one key, a Workload with its quadlet, or an
 * empty Namespace.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import {
  namespaceGuardKey,
  QUADLET_KINDS,
  resourceKey,
  resourcePrefix,
  type StoredKind,
} from "./keys.ts";
import { ResourceStoreError } from "./resource_error.ts";
import { assertLabel, fencedTxn, readKeys } from "./resource_record.ts";
import { assertStoredKind } from "./read.ts";

/** The most resources a `namespace_not_empty` refusal names. */
const NAMED = 5;

/**
 * Options of {@link deleteResource}.
 *
 * @example
 * ```ts
 * import type { DeleteResourceOptions } from "./delete.ts";
 * const options: DeleteResourceOptions = { fence: { key: "/kat/cluster/leader/694d", version: 12 } };
 * ```
 */
export interface DeleteResourceOptions {
  /** The leader's election key: nothing is deleted unless it holds. Default: none. */
  fence?: VersionCompare;
}

/** Deletes the keys of `keys` that exist, compared on all of them; retried. */
async function deleteCompared(
  store: StateStore,
  main: string,
  keys: readonly string[],
  fence: VersionCompare | undefined,
  what: string,
  check: () => Promise<void> = () => Promise.resolve(),
): Promise<boolean> {
  for (;;) {
    const read = await readKeys(store, [main, ...keys]);
    if (!read.get(main)) return false;
    await check();
    const result = await fencedTxn(
      store,
      {
        compare: [...read].map(([key, entry]) => ({
          key,
          version: entry?.version ?? 0,
        })),
        success: [...read]
          .filter(([, entry]) => entry !== undefined)
          .map(([key]) => ({ op: "delete" as const, key })),
      },
      fence,
      what,
    );
    if (result.succeeded) return true;
    // A key changed meanwhile: read again.
  }
}

/** The resources namespace `name` holds, as `Kind "name"`, sorted. */
async function heldBy(store: StateStore, name: string): Promise<string[]> {
  const held: string[] = [];
  for (const kind of QUADLET_KINDS) {
    const prefix = resourcePrefix(kind, name);
    const { entries } = await store.list(prefix);
    held.push(
      ...entries.map((e) => `${kind} ${quote(e.key.slice(prefix.length))}`),
    );
  }
  return held;
}

/**
 * Deletes resource `name` of `kind` in `namespace` (ignored for a
 * Namespace); resolves to false when there is none. The transaction
 * compares the versions it read and the fence, and is tried again when a
 * key changed meanwhile.
 *
 * - Deleting a Workload deletes its quadlet: the VirtualLoadBalancer,
 *   JobDefinition and BuildDefinition of the same namespace and name go
 *   with it, since none means anything without it.
 * - Deleting a Namespace that still holds resources is refused
 *   (`resources.namespace_not_empty`, naming up to 5 of them). Every apply
 *   that creates a resource in a namespace rewrites the namespace's guard
 *   key, which the deletion compares: a namespace is never deleted while a
 *   resource is being created in it.
 *
 * @throws {ResourceStoreError} `resources.invalid`,
 * `resources.namespace_not_empty`, `resources.not_leader`; a StateStoreError
 * when etcd fails.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { deleteResource } from "./delete.ts";
 * declare const store: StateStore;
 * console.log(await deleteResource(store, "VirtualLoadBalancer", "shop", "web")); // true
 * ```
 */
export async function deleteResource(
  store: StateStore,
  kind: StoredKind,
  namespace: string | undefined,
  name: string,
  options: DeleteResourceOptions = {},
): Promise<boolean> {
  assertStoredKind(kind);
  assertLabel(name, "name");
  if (kind === "Namespace") {
    return await deleteCompared(
      store,
      resourceKey("Namespace", undefined, name),
      [namespaceGuardKey(name)],
      options.fence,
      `deleting namespace ${quote(name)}`,
      async () => {
        const held = await heldBy(store, name);
        if (held.length === 0) return;
        const more = held.length > NAMED
          ? `, and ${held.length - NAMED} more`
          : "";
        throw new ResourceStoreError(
          "namespace_not_empty",
          `namespace ${quote(name)} still holds ${held.length} resource${
            held.length === 1 ? "" : "s"
          }: ${held.slice(0, NAMED).join(", ")}${more}; delete them first`,
        );
      },
    );
  }
  assertLabel(namespace, "namespace");
  const key = resourceKey(kind, namespace, name);
  const quadlet = kind === "Workload"
    ? QUADLET_KINDS.map((k) => resourceKey(k, namespace, name))
    : [];
  return await deleteCompared(
    store,
    key,
    quadlet,
    options.fence,
    `deleting ${kind} ${quote(`${namespace}/${name}`)}`,
  );
}
