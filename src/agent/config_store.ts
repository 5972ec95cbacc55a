/**
 * The cluster configuration in etcd: written once, by the first leader, in a
 * transaction that succeeds only while the key does not exist; afterwards
 * every init compares its file with what is stored and refuses a different
 * one.
 *
 * @module
 */
import type { ClusterConfiguration } from "../gen/types.ts";
import { decodeBinary, encodeBinary } from "../encode/binary.ts";
import { applyDefaults } from "../kinds/apply_defaults.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import {
  type ClusterIdentity,
  differences,
  identityOf,
  isStoredConfiguration,
  withNewIdentity,
} from "./cluster_record.ts";
import { CLUSTER_CONFIG_KEY } from "./keys.ts";

/**
 * Why the configuration could not be used: `mismatch` (the file differs from
 * the stored configuration), `corrupt` (the stored value is no
 * ClusterConfiguration) or `not-leader` (the leadership that was to guard the
 * write is gone).
 *
 * @example
 * ```ts
 * import type { ConfigStoreErrorCode } from "./config_store.ts";
 * const code: ConfigStoreErrorCode = "mismatch";
 * ```
 */
export type ConfigStoreErrorCode = "mismatch" | "corrupt" | "not-leader";

/**
 * A configuration that cannot be stored or used, with a stable `code`; for
 * `mismatch`, `differences` lists each differing field.
 *
 * @example
 * ```ts
 * import { ConfigStoreError } from "./config_store.ts";
 * const e = new ConfigStoreError("mismatch", "differs", ["spec.apiPort: stored 9115, file 9000"]);
 * console.log(e.code, e.differences.length); // "mismatch" 1
 * ```
 */
export class ConfigStoreError extends Error {
  /** Why. */
  readonly code: ConfigStoreErrorCode;
  /** The differing fields (for `mismatch`). */
  readonly differences: string[];

  /** An error of `code`. */
  constructor(
    code: ConfigStoreErrorCode,
    message: string,
    differences: string[] = [],
  ) {
    super(message);
    this.name = "ConfigStoreError";
    this.code = code;
    this.differences = differences;
  }
}

/**
 * A stored configuration: the object (defaults applied), its identity and
 * its version in the store.
 *
 * @example
 * ```ts
 * import type { StoredConfiguration } from "./config_store.ts";
 * const s: StoredConfiguration = {
 *   config: { kind: "ClusterConfiguration" },
 *   identity: { uid: "x", createdAt: "" },
 *   version: 4,
 * };
 * ```
 */
export interface StoredConfiguration {
  /** The configuration as stored, defaults applied. */
  config: ClusterConfiguration;
  /** Its uid and creation time. */
  identity: ClusterIdentity;
  /** Its version (etcd mod revision). */
  version: number;
}

function decodeStored(bytes: Uint8Array, version: number): StoredConfiguration {
  let config: ClusterConfiguration;
  try {
    config = decodeBinary("ClusterConfiguration", bytes);
  } catch (e) {
    throw new ConfigStoreError(
      "corrupt",
      `${CLUSTER_CONFIG_KEY} does not hold a ClusterConfiguration (${
        (e as Error).message
      }); refusing to replace it`,
    );
  }
  if (!isStoredConfiguration(config)) {
    throw new ConfigStoreError(
      "corrupt",
      `${CLUSTER_CONFIG_KEY} does not hold a stored ClusterConfiguration (no kind or uid); refusing to replace it`,
    );
  }
  return {
    config: applyDefaults(config),
    identity: identityOf(config),
    version,
  };
}

/** `config` as it reads back from the wire, for comparisons like for like. */
function normalised(config: ClusterConfiguration): ClusterConfiguration {
  return decodeBinary(
    "ClusterConfiguration",
    encodeBinary(config),
  );
}

/**
 * Throws a `mismatch` {@link ConfigStoreError} when `file` differs from
 * `stored`, naming every differing field.
 *
 * @example
 * ```ts
 * import { assertSameConfiguration } from "./config_store.ts";
 * const stored = {
 *   config: { kind: "ClusterConfiguration" as const, metadata: { name: "a" } },
 *   identity: { uid: "u", createdAt: "" },
 *   version: 2,
 * };
 * assertSameConfiguration(stored, { kind: "ClusterConfiguration", metadata: { name: "a" } }); // no error
 * ```
 */
export function assertSameConfiguration(
  stored: StoredConfiguration,
  file: ClusterConfiguration,
): void {
  const diffs = differences(stored.config, normalised(file));
  if (diffs.length > 0) {
    throw new ConfigStoreError(
      "mismatch",
      `the cluster configuration stored in etcd (uid ${stored.identity.uid}) differs from this file in ${diffs.length} field${
        diffs.length === 1 ? "" : "s"
      }: ${diffs.join("; ")}`,
      diffs,
    );
  }
}

/**
 * The configuration stored in etcd, or undefined when there is none. Throws a
 * `corrupt` {@link ConfigStoreError} when the key holds something else.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { readStoredConfiguration } from "./config_store.ts";
 * declare const store: StateStore;
 * const stored = await readStoredConfiguration(store);
 * console.log(stored?.identity.uid);
 * ```
 */
export async function readStoredConfiguration(
  store: StateStore,
): Promise<StoredConfiguration | undefined> {
  const entry = await store.get(CLUSTER_CONFIG_KEY);
  return entry && decodeStored(entry.value, entry.version);
}

/**
 * What {@link storeClusterConfiguration} did: `created` the key, or found it
 * and `kept` it (the file agrees with it).
 *
 * @example
 * ```ts
 * import type { StoreOutcome } from "./config_store.ts";
 * const o: StoreOutcome = { outcome: "kept", identity: { uid: "u", createdAt: "" }, version: 3 };
 * ```
 */
export interface StoreOutcome {
  /** Whether this call wrote the key. */
  outcome: "created" | "kept";
  /** The stored uid and creation time. */
  identity: ClusterIdentity;
  /** The key's version. */
  version: number;
}

/**
 * Stores `config` (validated, defaults applied) under
 * {@link CLUSTER_CONFIG_KEY} with a new uid and creation time, in one
 * transaction that succeeds only if the key does not exist and, with
 * `fence`, only while the fence holds (the leader's own election key). When
 * the key exists, compares: the same configuration is kept (with its uid), a
 * different one is a `mismatch` error. Options: `uid` (default: a random
 * UUID) and `now` (default: the current time).
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { storeClusterConfiguration } from "./config_store.ts";
 * declare const store: StateStore;
 * const r = await storeClusterConfiguration(store, { kind: "ClusterConfiguration", metadata: { name: "home" } });
 * console.log(r.outcome, r.identity.uid);
 * ```
 */
export async function storeClusterConfiguration(
  store: StateStore,
  config: ClusterConfiguration,
  options: { fence?: VersionCompare; uid?: string; now?: Date } = {},
): Promise<StoreOutcome> {
  const stamped = withNewIdentity(
    config,
    options.uid ?? crypto.randomUUID(),
    options.now ?? new Date(),
  );
  const fence = options.fence ? [options.fence] : [];
  const result = await store.txn({
    compare: [{ key: CLUSTER_CONFIG_KEY, version: 0 }, ...fence],
    success: [{
      op: "put",
      key: CLUSTER_CONFIG_KEY,
      value: encodeBinary(stamped),
    }],
    failure: [
      { op: "get", key: CLUSTER_CONFIG_KEY },
      ...fence.map((f) => ({ op: "get" as const, key: f.key })),
    ],
  });
  if (result.succeeded) {
    return {
      outcome: "created",
      identity: identityOf(stamped),
      version: result.revision,
    };
  }
  const [existing, fenceNow] = result.results;
  if (
    options.fence &&
    (fenceNow?.op !== "get" ||
      fenceNow.entry?.version !== options.fence.version)
  ) {
    throw new ConfigStoreError(
      "not-leader",
      `not storing the cluster configuration: ${options.fence.key} is gone, this node no longer leads`,
    );
  }
  if (existing?.op !== "get" || !existing.entry) {
    throw new ConfigStoreError(
      "not-leader",
      "the cluster configuration transaction failed for no visible reason",
    );
  }
  const stored = decodeStored(existing.entry.value, existing.entry.version);
  assertSameConfiguration(stored, config);
  return {
    outcome: "kept",
    identity: stored.identity,
    version: stored.version,
  };
}
