/**
 * The cluster's state store: keys and binary values with versions, prefix
 * listing, watches and conditional transactions. KAT keeps its state in etcd
 * ({@link EtcdStateStore}); the interface is what the rest of KAT relies on.
 *
 * A key's **version** is the store revision of its last change (etcd's
 * `mod_revision`): it grows with every write to the store, so two values of
 * one key never share a version, and a key that does not exist has version 0.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * A stored entry.
 *
 * @example
 * ```ts
 * import type { KeyValue } from "@kat/toolkit/state";
 * const entry: KeyValue = { key: "/kat/a", value: new Uint8Array([1]), version: 7 };
 * ```
 */
export interface KeyValue {
  /** The key. */
  key: string;
  /** The value's bytes. */
  value: Uint8Array;
  /** The store revision of the key's last change (never 0). */
  version: number;
}

/**
 * What {@link StateStore.list} found: the entries, and the store revision
 * they were read at (pass it to {@link StateStore.watch} as `after` to see
 * every later change).
 *
 * @example
 * ```ts
 * import type { ListResult } from "@kat/toolkit/state";
 * const empty: ListResult = { entries: [], revision: 1 };
 * ```
 */
export interface ListResult {
  /** The entries under the prefix, sorted by key (byte order). */
  entries: KeyValue[];
  /** The store revision the entries were read at. */
  revision: number;
}

/**
 * One change seen by a watch. `previous` is the entry before the change, when
 * there was one and the store still had it.
 *
 * @example
 * ```ts
 * import type { WatchEvent } from "@kat/toolkit/state";
 * function describe(e: WatchEvent): string {
 *   return e.type === "put" ? `${e.key} = ${e.value.length} bytes` : `${e.key} deleted`;
 * }
 * console.log(describe({ type: "delete", key: "/kat/a", version: 9 })); // "/kat/a deleted"
 * ```
 */
export type WatchEvent =
  | {
    /** A key was created or changed. */
    type: "put";
    /** The key. */
    key: string;
    /** Its new value. */
    value: Uint8Array;
    /** Its new version. */
    version: number;
    /** The entry before the change; absent when the key was created. */
    previous?: KeyValue;
  }
  | {
    /** A key was deleted (or its lease expired). */
    type: "delete";
    /** The key. */
    key: string;
    /** The store revision of the deletion. */
    version: number;
    /** The entry that was deleted. */
    previous?: KeyValue;
  };

/**
 * Options of {@link StateStore.watch}.
 *
 * @example
 * ```ts
 * import type { WatchOptions } from "@kat/toolkit/state";
 * const options: WatchOptions = { after: 41, signal: AbortSignal.timeout(1000) };
 * ```
 */
export interface WatchOptions {
  /**
   * Deliver every change with a version above this store revision (usually
   * the `revision` of a {@link StateStore.list}). Default: only changes made
   * after the store receives the watch.
   */
  after?: number;
  /** Ends the watch (the iteration then simply finishes). Default: none. */
  signal?: AbortSignal;
  /**
   * The most events held for a consumer that does not keep up; past it the
   * iteration fails with a {@link StateStoreError} of code `"overflow"` (list
   * again and watch from the new revision). Default: 10,000.
   */
  maxBuffered?: number;
}

/**
 * A condition of {@link StateStore.txn}: `key` has exactly `version`; version
 * 0 means the key must not exist.
 *
 * @example
 * ```ts
 * import type { VersionCompare } from "@kat/toolkit/state";
 * const absent: VersionCompare = { key: "/kat/cluster/config", version: 0 };
 * ```
 */
export interface VersionCompare {
  /** The key. */
  key: string;
  /** Its expected version; 0 = it must not exist. */
  version: number;
}

/**
 * One operation of a transaction.
 *
 * @example
 * ```ts
 * import type { TxnOp } from "@kat/toolkit/state";
 * const ops: TxnOp[] = [
 *   { op: "put", key: "/kat/a", value: new Uint8Array([1]) },
 *   { op: "get", key: "/kat/b" },
 *   { op: "delete", key: "/kat/c" },
 * ];
 * ```
 */
export type TxnOp =
  | { op: "get"; key: string }
  | { op: "put"; key: string; value: Uint8Array }
  | { op: "delete"; key: string };

/**
 * The result of one {@link TxnOp}, in the same position.
 *
 * @example
 * ```ts
 * import type { TxnOpResult } from "@kat/toolkit/state";
 * const r: TxnOpResult = { op: "get", entry: undefined };
 * ```
 */
export type TxnOpResult =
  | { op: "get"; entry: KeyValue | undefined }
  | { op: "put"; version: number }
  | { op: "delete"; deleted: boolean };

/**
 * A transaction: if every compare holds, the `success` operations run,
 * otherwise the `failure` operations; either way atomically.
 *
 * @example
 * ```ts
 * import type { TxnRequest } from "@kat/toolkit/state";
 * const createOnly: TxnRequest = {
 *   compare: [{ key: "/kat/a", version: 0 }],
 *   success: [{ op: "put", key: "/kat/a", value: new Uint8Array([1]) }],
 *   failure: [{ op: "get", key: "/kat/a" }],
 * };
 * ```
 */
export interface TxnRequest {
  /** Conditions, all of which must hold. Default: none (always succeeds). */
  compare?: VersionCompare[];
  /** Run when every condition holds. Default: none. */
  success?: TxnOp[];
  /** Run otherwise. Default: none. */
  failure?: TxnOp[];
}

/**
 * What a transaction did.
 *
 * @example
 * ```ts
 * import type { TxnResult } from "@kat/toolkit/state";
 * const r: TxnResult = { succeeded: true, revision: 12, results: [{ op: "put", version: 12 }] };
 * ```
 */
export interface TxnResult {
  /** Whether every compare held (and `success` ran). */
  succeeded: boolean;
  /** The store revision after the transaction. */
  revision: number;
  /** One result per operation of the branch that ran. */
  results: TxnOpResult[];
}

/**
 * The state store's operations. Keys are strings, values bytes (KAT stores
 * resources as binary protobuf); every failure to reach the store is a
 * {@link StateStoreError}.
 *
 * @example
 * ```ts
 * import type { StateStore } from "@kat/toolkit/state";
 * async function createOnce(store: StateStore, key: string, value: Uint8Array) {
 *   const r = await store.txn({
 *     compare: [{ key, version: 0 }],
 *     success: [{ op: "put", key, value }],
 *   });
 *   return r.succeeded;
 * }
 * ```
 */
export interface StateStore {
  /** The entry of `key`, or undefined when it does not exist. */
  get(key: string): Promise<KeyValue | undefined>;
  /** Sets `key` to `value`; resolves to its new version. */
  put(key: string, value: Uint8Array): Promise<number>;
  /** Deletes `key`; resolves to whether it existed. */
  delete(key: string): Promise<boolean>;
  /** Every entry whose key starts with `prefix`, sorted by key. */
  list(prefix: string): Promise<ListResult>;
  /**
   * The changes of every key starting with `prefix`, in store order, until
   * the iteration is ended (`break`, or `options.signal`). Reconnects by
   * itself and resumes where it stopped; fails with a {@link StateStoreError}
   * when it cannot (code `"compacted"` when the store no longer holds the
   * revisions asked for).
   */
  watch(prefix: string, options?: WatchOptions): AsyncIterable<WatchEvent>;
  /** Runs a transaction (see {@link TxnRequest}). */
  txn(request: TxnRequest): Promise<TxnResult>;
  /** Closes the connection; later calls fail with code `"closed"`. */
  close(): Promise<void>;
}

/**
 * Why a {@link StateStoreError} happened.
 *
 * - `unavailable`: the store could not be reached or did not answer in time,
 *   or etcd has lost its quorum (then `quorumLost` is true).
 * - `compacted`: a watch asked for revisions the store has discarded.
 * - `overflow`: a watch's consumer fell behind by more than `maxBuffered`.
 * - `closed`: the store was closed.
 * - `failed`: the store refused the request (the message says why).
 * - `not_permitted`: the program was not given a permission the store needs
 *   (net access to the endpoints, env access for etcd's client).
 * - `denied`: etcd's access control refused the request to this client's
 *   identity (its certificate's CN): it has no permission on that key.
 * - `tls`: the TLS connection failed: etcd's server certificate is not
 *   signed by the given CA or does not hold the expected name, or etcd
 *   refused this client's certificate.
 *
 * @example
 * ```ts
 * import type { StateStoreErrorCode } from "@kat/toolkit/state";
 * const code: StateStoreErrorCode = "unavailable";
 * ```
 */
export type StateStoreErrorCode =
  | "unavailable"
  | "compacted"
  | "overflow"
  | "closed"
  | "failed"
  | "not_permitted"
  | "denied"
  | "tls";

/**
 * A failure of a {@link StateStore} operation. `code` is `state.<reason>`.
 *
 * @example
 * ```ts
 * import { KatError } from "@kat/toolkit";
 * import { StateStoreError } from "@kat/toolkit/state";
 * const e = new StateStoreError("unavailable", "etcd at 127.0.0.1:2379 did not answer");
 * console.log(e instanceof KatError, e.code, e.reason); // true "state.unavailable" "unavailable"
 * console.log(e.quorumLost); // false
 * ```
 */
export class StateStoreError extends ReasonError<"state", StateStoreErrorCode> {
  /** Always `StateStoreError`. */
  override name = "StateStoreError";
  /**
   * Whether etcd answered that it has lost its quorum (fewer than a majority
   * of its members running or reachable); `reason` is then `unavailable`.
   */
  readonly quorumLost: boolean;

  /**
   * An error of `reason` with `message`; `cause` is the underlying error;
   * `options.quorumLost` (default false) sets {@link quorumLost}.
   */
  constructor(
    reason: StateStoreErrorCode,
    message: string,
    cause?: unknown,
    options: { quorumLost?: boolean } = {},
  ) {
    super(
      "state",
      reason,
      message,
      cause === undefined ? undefined : { cause },
    );
    this.quorumLost = options.quorumLost ?? false;
  }
}
