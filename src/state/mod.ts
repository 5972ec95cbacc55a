/**
 * The cluster's state store: the {@link StateStore} interface and its
 * implementation on etcd. The etcd client is loaded on the first connection,
 * never on import.
 *
 * @example
 * ```ts
 * import type { StateStore } from "@kat/toolkit/state";
 * async function leaderOf(store: StateStore): Promise<string | undefined> {
 *   const kv = await store.get("/kat/leader");
 *   return kv ? new TextDecoder().decode(kv.value) : undefined;
 * }
 * ```
 *
 * @module
 */
export {
  type KeyValue,
  type ListResult,
  type StateStore,
  StateStoreError,
  type StateStoreErrorCode,
  type TxnOp,
  type TxnOpResult,
  type TxnRequest,
  type TxnResult,
  type VersionCompare,
  type WatchEvent,
  type WatchOptions,
} from "./state_store.ts";
export { EtcdStateStore } from "./etcd_store.ts";
export type { EtcdConnectOptions, EtcdTlsOptions } from "./etcd_client.ts";
