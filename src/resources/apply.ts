/**
 * Applying a quadlet: every resource of it stored, updated or left as it is,
 * and what it no longer holds deleted, in one transaction.
 *
 * @module
 */
import type { Resource } from "../gen/types.ts";
import { quote } from "../diagnostics/quote.ts";
import { timestampOf } from "../nodes/node_record.ts";
import type {
  KeyValue,
  StateStore,
  TxnOp,
  VersionCompare,
} from "../state/state_store.ts";
import {
  namespaceGuardKey,
  QUADLET_KINDS,
  resourceKey,
  type StoredKind,
} from "./keys.ts";
import { ResourceStoreError } from "./resource_error.ts";
import {
  canonicalForm,
  decodeStoredResource,
  fencedTxn,
  readKeys,
  storedBytes,
  type StoredResource,
} from "./resource_record.ts";
import { quadletIdentity } from "./quadlet_identity.ts";

/**
 * Options of {@link applyQuadlet}.
 *
 * @example
 * ```ts
 * import type { ApplyOptions } from "./apply.ts";
 * const options: ApplyOptions = {
 *   fence: { key: "/kat/cluster/leader/694d", version: 12 },
 *   expected: { "/kat/resources/workloads/shop/web": 40 },
 * };
 * ```
 */
export interface ApplyOptions {
  /** The leader's election key: nothing is written unless it holds. Default: none. */
  fence?: VersionCompare;
  /** The creation time of new resources. Default: the current time. */
  now?: Date;
  /**
   * Versions the caller expects keys to have (0: the key must not exist),
   * by etcd key (see `resourceKey`): the apply is a `resources.conflict`
   * unless each holds, when read and when written. Default: none.
   */
  expected?: Readonly<Record<string, number>>;
}

/**
 * What {@link applyQuadlet} did to one resource: `created`, `configured`
 * (changed), `unchanged` (nothing written) or `deleted` (the quadlet held
 * it before and no longer does).
 *
 * @example
 * ```ts
 * import type { ApplyOutcome } from "./apply.ts";
 * const outcome: ApplyOutcome = "configured";
 * ```
 */
export type ApplyOutcome = "created" | "configured" | "unchanged" | "deleted";

/**
 * One resource of an apply.
 *
 * @example
 * ```ts
 * import type { AppliedResource } from "./apply.ts";
 * const r: AppliedResource = { kind: "Workload", namespace: "shop", name: "web", outcome: "created", resourceVersion: "41" };
 * ```
 */
export interface AppliedResource {
  /** The resource's kind. */
  kind: StoredKind;
  /** Its namespace; undefined for a Namespace. */
  namespace?: string;
  /** Its name. */
  name: string;
  /** What the apply did to it. */
  outcome: ApplyOutcome;
  /**
   * Its version after the apply: the apply's revision when written, its
   * version before when unchanged, the apply's revision when deleted.
   */
  resourceVersion: string;
  /**
   * The resource as stored after the apply (`metadata.uid`, `generation`,
   * `creationTimestamp`, `resourceVersion` set); undefined when deleted.
   */
  resource?: StoredResource;
}

/**
 * What {@link applyQuadlet} did.
 *
 * @example
 * ```ts
 * import type { ApplyResult } from "./apply.ts";
 * const r: ApplyResult = { revision: 41, resources: [] };
 * ```
 */
export interface ApplyResult {
  /** The store revision after the apply (its write's revision, if it wrote). */
  revision: number;
  /** The quadlet's resources in the order given, then those deleted. */
  resources: AppliedResource[];
}

function conflict(message: string): ResourceStoreError {
  return new ResourceStoreError("conflict", message);
}

/** `resource` as it will be stored, given what its key held before. */
function stamped(
  resource: StoredResource,
  previous: StoredResource | undefined,
  now: Date,
): StoredResource {
  const metadata = { ...resource.metadata };
  if (!previous) {
    metadata.uid = crypto.randomUUID();
    metadata.creationTimestamp = timestampOf(now);
    metadata.generation = "1";
  } else {
    const old = previous.metadata ?? {};
    metadata.uid = old.uid;
    metadata.creationTimestamp = old.creationTimestamp;
    const sameSpec = canonicalForm(resource, true) ===
      canonicalForm(previous, true);
    const generation = BigInt(old.generation ?? "0");
    metadata.generation = String(sameSpec ? generation : generation + 1n);
  }
  return { ...resource, metadata } as StoredResource;
}

/** The namespace and name of a result, as the messages write them. */
function label(namespace: string | undefined, name: string): string {
  return quote(namespace === undefined ? name : `${namespace}/${name}`);
}

/**
 * Applies a quadlet: in ONE transaction, every resource of it is created,
 * updated or left unchanged, and every resource the quadlet held before
 * and no longer holds is deleted; all of it is written or none.
 *
 * A quadlet is identified by its Workload's namespace and name (every
 * resource of it shares them), or by its Namespace's name: what it held
 * before is what the keys of its kinds under that namespace and name hold.
 * A new resource gets a random UUID as `metadata.uid`, `creationTimestamp`
 * (`options.now`) and `generation` 1; an existing one keeps its uid and
 * creation time, and its generation grows by one only when its spec
 * changed. A resource whose stored form would not change is not written
 * (`unchanged`). Defaults are applied before anything is compared or
 * stored; `uid`, `generation`, `resourceVersion` and `creationTimestamp`
 * given in the input are ignored.
 *
 * The transaction compares the version of every key it read (the
 * quadlet's keys and its Namespace's key) with what it read, every key of
 * `options.expected` and the fence: a concurrent change makes this apply a
 * `resources.conflict`, never a lost update.
 *
 * @throws {ResourceStoreError} `resources.invalid` (see
 * `quadletIdentity`), `resources.namespace_missing`, `resources.conflict`,
 * `resources.not_leader`, `resources.corrupt` (a stored value of the
 * quadlet does not decode); a StateStoreError when etcd fails.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { loadQuadlet } from "../input/load.ts";
 * import { applyQuadlet } from "./apply.ts";
 * declare const store: StateStore;
 * const parsed = await loadQuadlet("examples/web-service");
 * const result = await applyQuadlet(store, parsed.resources.map((r) => r.resource));
 * for (const r of result.resources) console.log(r.kind, r.name, r.outcome);
 * ```
 */
export async function applyQuadlet(
  store: StateStore,
  resources: readonly Resource[],
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const quadlet = quadletIdentity(resources);
  const { namespace, name } = quadlet;
  const now = options.now ?? new Date();
  const ownKeys = namespace === undefined
    ? [resourceKey("Namespace", undefined, name)]
    : QUADLET_KINDS.map((kind) => resourceKey(kind, namespace, name));
  const namespaceKey = namespace === undefined
    ? undefined
    : resourceKey("Namespace", undefined, namespace);
  const expected = Object.entries(options.expected ?? {});
  const read = await readKeys(store, [
    ...ownKeys,
    ...(namespaceKey ? [namespaceKey] : []),
    ...expected.map(([key]) => key),
  ]);
  if (namespaceKey && !read.get(namespaceKey)) {
    throw new ResourceStoreError(
      "namespace_missing",
      `namespace ${
        quote(namespace!)
      } does not exist: apply its Namespace first`,
    );
  }
  for (const [key, version] of expected) {
    const actual = read.get(key)?.version ?? 0;
    if (actual !== version) {
      throw conflict(
        `${key} is at version ${actual}, not ${version} as expected; nothing was applied`,
      );
    }
  }
  const success: TxnOp[] = [];
  const pending: {
    result: AppliedResource;
    written: boolean;
    previous?: KeyValue;
  }[] = [];
  let created = false;
  for (const resource of quadlet.resources) {
    const key = resourceKey(resource.kind, namespace, name);
    const entry = read.get(key);
    const previous = entry && decodeStoredResource(resource.kind, entry);
    const record = stamped(resource, previous, now);
    const unchanged = previous !== undefined &&
      canonicalForm(record) === canonicalForm(previous);
    if (!unchanged) {
      success.push({ op: "put", key, value: storedBytes(record) });
    }
    created ||= previous === undefined;
    pending.push({
      written: !unchanged,
      previous: entry,
      result: {
        kind: resource.kind,
        ...(namespace === undefined ? {} : { namespace }),
        name,
        outcome: previous === undefined
          ? "created"
          : unchanged
          ? "unchanged"
          : "configured",
        resourceVersion: "",
        resource: record,
      },
    });
  }
  const kept = new Set(quadlet.resources.map((r) => r.kind));
  for (const kind of QUADLET_KINDS) {
    if (namespace === undefined || kept.has(kind)) continue;
    const key = resourceKey(kind, namespace, name);
    if (!read.get(key)) continue;
    success.push({ op: "delete", key });
    pending.push({
      written: true,
      result: {
        kind,
        namespace,
        name,
        outcome: "deleted",
        resourceVersion: "",
      },
    });
  }
  if (created && namespace !== undefined) {
    success.push({
      op: "put",
      key: namespaceGuardKey(namespace),
      value: new Uint8Array(),
    });
  }
  const compare: VersionCompare[] = [...read].map(([key, entry]) => ({
    key,
    version: entry?.version ?? 0,
  }));
  const result = await fencedTxn(
    store,
    { compare, success },
    options.fence,
    `applying the quadlet ${label(namespace, name)}`,
  );
  if (!result.succeeded) {
    throw conflict(
      `the quadlet ${
        label(namespace, name)
      } changed while it was applied (another apply or delete came first); nothing was applied: read it again and retry`,
    );
  }
  return {
    revision: result.revision,
    resources: pending.map(({ result: r, written, previous }) => {
      const version = String(written ? result.revision : previous!.version);
      return {
        ...r,
        resourceVersion: version,
        ...(r.resource
          ? {
            resource: {
              ...r.resource,
              metadata: { ...r.resource.metadata, resourceVersion: version },
            } as StoredResource,
          }
          : {}),
      };
    }),
  };
}
