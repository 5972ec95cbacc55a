/**
 * A stored resource: decoding it, the bytes it is stored as, comparing two
 * of them, and writing under the leader's fence.
 *
 * @module
 */
import { decodeBinary, encodeBinary } from "../encode/binary.ts";
import type { ResourceTypes } from "../gen/types.ts";
import { checkDnsLabel } from "../rules/dns.ts";
import type {
  KeyValue,
  StateStore,
  TxnRequest,
  TxnResult,
  VersionCompare,
} from "../state/state_store.ts";
import type { StoredKind } from "./keys.ts";
import { ResourceStoreError } from "./resource_error.ts";
import { fencedTxn as fencedTxnOf } from "../state/fenced_txn.ts";

/**
 * A resource of a kind the store holds.
 *
 * @example
 * ```ts
 * import type { StoredResource } from "./resource_record.ts";
 * const ns: StoredResource = { kind: "Namespace", metadata: { name: "shop" } };
 * ```
 */
export type StoredResource = ResourceTypes[StoredKind];

/**
 * Throws an `invalid` {@link ResourceStoreError} unless `value` is a DNS
 * label (`what` names it in the message).
 *
 * @example
 * ```ts
 * import { assertLabel } from "./resource_record.ts";
 * assertLabel("web", "name"); // no error
 * ```
 */
export function assertLabel(value: unknown, what: string): void {
  const problem = typeof value === "string" ? checkDnsLabel(value) : undefined;
  if (typeof value !== "string" || problem !== undefined) {
    throw new ResourceStoreError(
      "invalid",
      typeof value === "string"
        ? `${what}: ${problem!.message}`
        : `${what} is missing`,
    );
  }
}

/**
 * The resource of `kind` stored in `entry`, its `metadata.resourceVersion`
 * set to the entry's version.
 *
 * @throws {ResourceStoreError} `resources.corrupt` when the bytes are no
 * `kind`.
 *
 * @example
 * ```ts
 * import { encodeBinary } from "../encode/binary.ts";
 * import { decodeStoredResource } from "./resource_record.ts";
 * const value = encodeBinary({ kind: "Namespace", metadata: { name: "shop" } });
 * const ns = decodeStoredResource("Namespace", { key: "/kat/resources/namespaces/shop", value, version: 7 });
 * console.log(ns.metadata?.resourceVersion); // "7"
 * ```
 */
export function decodeStoredResource<K extends StoredKind>(
  kind: K,
  entry: KeyValue,
): ResourceTypes[K] {
  let resource: ResourceTypes[K];
  try {
    resource = decodeBinary(kind, entry.value);
  } catch (e) {
    throw new ResourceStoreError(
      "corrupt",
      `${entry.key} does not hold a ${kind} (${(e as Error).message})`,
    );
  }
  return {
    ...resource,
    metadata: { ...resource.metadata, resourceVersion: String(entry.version) },
  };
}

/**
 * The bytes `resource` is stored as: its wire encoding without
 * `metadata.resourceVersion` (the key's version is the resource's version).
 *
 * @throws {WireError} when the resource has a field the proto does not.
 *
 * @example
 * ```ts
 * import { storedBytes } from "./resource_record.ts";
 * const bytes = storedBytes({ kind: "Namespace", metadata: { name: "a", resourceVersion: "9" } });
 * console.log(bytes.length); // 5
 * ```
 */
export function storedBytes(resource: StoredResource): Uint8Array {
  const { resourceVersion: _, ...metadata } = resource.metadata ?? {};
  return encodeBinary({ ...resource, metadata } as StoredResource);
}

/** JSON text of `value` with every object's keys sorted. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${
      keys.map((k) =>
        `${JSON.stringify(k)}:${
          canonicalJson((value as Record<string, unknown>)[k])
        }`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value);
}

/**
 * A canonical text of `resource` as the store would hold it (or of its spec
 * alone, with `specOnly`): the wire encoding read back, so that spellings
 * the wire does not keep (`cpu: 2` and `cpu: "2"`) compare equal, written
 * with sorted keys, so that the order of map entries does not count.
 * `resourceVersion` is left out.
 *
 * @example
 * ```ts
 * import { canonicalForm } from "./resource_record.ts";
 * const a = canonicalForm({ kind: "Namespace", metadata: { name: "a", labels: { x: "1", y: "2" } } });
 * const b = canonicalForm({ kind: "Namespace", metadata: { name: "a", labels: { y: "2", x: "1" } } });
 * console.log(a === b); // true
 * ```
 */
export function canonicalForm(
  resource: StoredResource,
  specOnly = false,
): string {
  const subject = specOnly
    ? { kind: resource.kind, spec: resource.spec } as StoredResource
    : resource;
  const decoded = decodeBinary(resource.kind, storedBytes(subject));
  return canonicalJson(specOnly ? decoded.spec ?? {} : decoded);
}

/**
 * Runs `request` with `fence` added to its compares (when given); when the
 * transaction fails because the fence no longer holds, throws a
 * `not_leader` {@link ResourceStoreError} saying what was not done. The
 * failure branch's results are the request's own `failure` operations.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { fencedTxn } from "./resource_record.ts";
 * declare const store: StateStore;
 * const fence = { key: "/kat/cluster/leader/694d", version: 12 };
 * const r = await fencedTxn(store, { success: [{ op: "delete", key: "/kat/a" }] }, fence, "deleting /kat/a");
 * console.log(r.succeeded);
 * ```
 */
export function fencedTxn(
  store: StateStore,
  request: TxnRequest,
  fence: VersionCompare | undefined,
  what: string,
): Promise<TxnResult> {
  return fencedTxnOf(
    store,
    request,
    fence,
    what,
    (message) => new ResourceStoreError("not_leader", message),
  );
}

/**
 * The entries of `keys`, read at one store revision (absent keys are
 * undefined), by key.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { readKeys } from "./resource_record.ts";
 * declare const store: StateStore;
 * const entries = await readKeys(store, ["/kat/resources/namespaces/default"]);
 * console.log(entries.get("/kat/resources/namespaces/default")?.version);
 * ```
 */
export async function readKeys(
  store: StateStore,
  keys: readonly string[],
): Promise<Map<string, KeyValue | undefined>> {
  const unique = [...new Set(keys)];
  const { results } = await store.txn({
    success: unique.map((key) => ({ op: "get" as const, key })),
  });
  return new Map(
    unique.map((
      key,
      i,
    ) => [key, results[i]?.op === "get" ? results[i].entry : undefined]),
  );
}
