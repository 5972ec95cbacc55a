/**
 * The namespace every cluster has.
 *
 * @module
 */
import { API_VERSION } from "../schema/registry.ts";
import { timestampOf } from "../nodes/node_record.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { resourceKey } from "./keys.ts";
import { fencedTxn, storedBytes } from "./resource_record.ts";
import { DEFAULT_NAMESPACE, quadletIdentity } from "./quadlet_identity.ts";

/**
 * Creates the Namespace `default` unless it exists (an existing one is left
 * as it is), in one transaction that requires its key absent and the fence
 * to hold; resolves to whether it was created. The leader calls it when it
 * starts leading. `default` is otherwise a namespace like any other: it can
 * be applied, and deleted when empty.
 *
 * @throws {ResourceStoreError} `resources.not_leader`; a StateStoreError
 * when etcd fails.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { ensureDefaultNamespace } from "./namespaces.ts";
 * declare const store: StateStore;
 * console.log(await ensureDefaultNamespace(store)); // true the first time, then false
 * ```
 */
export async function ensureDefaultNamespace(
  store: StateStore,
  options: { fence?: VersionCompare; now?: Date } = {},
): Promise<boolean> {
  const [namespace] = quadletIdentity([{
    apiVersion: API_VERSION,
    kind: "Namespace",
    metadata: { name: DEFAULT_NAMESPACE },
  }]).resources;
  const record = {
    ...namespace,
    metadata: {
      ...namespace.metadata,
      uid: crypto.randomUUID(),
      creationTimestamp: timestampOf(options.now ?? new Date()),
      generation: "1",
    },
  };
  const key = resourceKey("Namespace", undefined, DEFAULT_NAMESPACE);
  const result = await fencedTxn(
    store,
    {
      compare: [{ key, version: 0 }],
      success: [{ op: "put", key, value: storedBytes(record) }],
    },
    options.fence,
    "creating the default namespace",
  );
  return result.succeeded;
}
