/**
 * Which quadlet a set of resources is: the Workload's namespace and name
 * (every resource of a quadlet shares them), or a Namespace's name; and the
 * checks the store's key layout depends on.
 *
 * @module
 */
import type { Resource } from "../gen/types.ts";
import { quote } from "../diagnostics/quote.ts";
import { applyDefaults } from "../kinds/apply_defaults.ts";
import { WireError } from "../encode/binary.ts";
import { API_VERSION } from "../schema/registry.ts";
import { isStoredKind, QUADLET_KINDS, type StoredKind } from "./keys.ts";
import { ResourceStoreError } from "./resource_error.ts";
import {
  assertLabel,
  storedBytes,
  type StoredResource,
} from "./resource_record.ts";

/**
 * The namespace a namespaced resource without `metadata.namespace` is in.
 *
 * @example
 * ```ts
 * import { DEFAULT_NAMESPACE } from "./quadlet_identity.ts";
 * console.log(DEFAULT_NAMESPACE); // "default"
 * ```
 */
export const DEFAULT_NAMESPACE = "default";

/**
 * A quadlet as the store holds it: its identity (`namespace` and `name`;
 * no namespace for a quadlet of a Namespace) and its resources, defaults
 * applied, `apiVersion` and the `metadata.namespace` of each namespaced one
 * set, in the order given.
 *
 * @example
 * ```ts
 * import type { QuadletIdentity } from "./quadlet_identity.ts";
 * const q: QuadletIdentity = { name: "shop", resources: [{ kind: "Namespace", metadata: { name: "shop" } }] };
 * ```
 */
export interface QuadletIdentity {
  /** The Workload's namespace; undefined for a quadlet of a Namespace. */
  namespace?: string;
  /** The Workload's (or the Namespace's) name. */
  name: string;
  /** The resources, ready to store. */
  resources: StoredResource[];
}

function invalid(message: string): ResourceStoreError {
  return new ResourceStoreError("invalid", message);
}

/** `resource` with defaults applied, its namespace set when namespaced. */
function prepared(resource: Resource): StoredResource {
  const kind = resource.kind as StoredKind;
  const metadata = { ...resource.metadata };
  if (kind === "Namespace") {
    if (metadata.namespace !== undefined && metadata.namespace !== "") {
      throw invalid(
        `Namespace ${
          quote(metadata.name ?? "")
        } sets metadata.namespace: a Namespace is cluster-scoped`,
      );
    }
    delete metadata.namespace;
  } else {
    metadata.namespace = metadata.namespace || DEFAULT_NAMESPACE;
  }
  // The system's fields are the store's to set.
  delete metadata.uid;
  delete metadata.generation;
  delete metadata.resourceVersion;
  delete metadata.creationTimestamp;
  const out = {
    ...resource,
    apiVersion: API_VERSION,
    metadata,
  } as StoredResource;
  try {
    storedBytes(out);
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
    throw invalid(`${kind} ${quote(metadata.name ?? "")}: ${e.message}`);
  }
  return applyDefaults(out) as StoredResource;
}

/**
 * Checks that `resources` are a quadlet the store can hold and says which:
 * a Namespace alone, or one Workload with at most one each of
 * VirtualLoadBalancer, JobDefinition and BuildDefinition, every one with the
 * Workload's name and namespace (DNS labels); every resource must encode as
 * its proto message. The finer rules of a quadlet (a JobDefinition needs a
 * JOB, …) are `parseQuadlet`'s.
 *
 * @throws {ResourceStoreError} `resources.invalid`, saying what is wrong.
 *
 * @example
 * ```ts
 * import { quadletIdentity } from "./quadlet_identity.ts";
 * const q = quadletIdentity([{ kind: "Namespace", metadata: { name: "shop" } }]);
 * console.log(q.namespace, q.name); // undefined "shop"
 * ```
 */
export function quadletIdentity(
  resources: readonly Resource[],
): QuadletIdentity {
  if (resources.length === 0) throw invalid("the quadlet holds no resource");
  for (const r of resources) {
    if (!isStoredKind(r.kind)) {
      throw invalid(
        `${r.kind} is not stored from a quadlet: ${
          [...QUADLET_KINDS, "Namespace"].join(", ")
        } are`,
      );
    }
    assertLabel(r.metadata?.name, `${r.kind}'s metadata.name`);
  }
  const namespaces = resources.filter((r) => r.kind === "Namespace");
  if (namespaces.length > 0) {
    if (resources.length > 1) {
      throw invalid(
        "a quadlet with a Namespace must hold nothing else: apply the Namespace as a quadlet of its own",
      );
    }
    const [ns] = resources.map(prepared);
    return { name: ns.metadata!.name!, resources: [ns] };
  }
  for (const kind of QUADLET_KINDS) {
    const count = resources.filter((r) => r.kind === kind).length;
    if (kind === "Workload" && count !== 1) {
      throw invalid(
        count === 0
          ? "the quadlet has no Workload"
          : `the quadlet holds ${count} Workloads: a quadlet holds exactly one`,
      );
    }
    if (count > 1) {
      throw invalid(
        `the quadlet holds ${count} ${kind}s: a quadlet holds at most one`,
      );
    }
  }
  const all = resources.map(prepared);
  const main = all.find((r) => r.kind === "Workload")!;
  const name = main.metadata!.name!;
  const namespace = main.metadata!.namespace!;
  assertLabel(namespace, "the Workload's metadata.namespace");
  for (const r of all) {
    const own = r.metadata!;
    if (own.name !== name || own.namespace !== namespace) {
      throw invalid(
        `${r.kind} ${
          quote(`${own.namespace}/${own.name}`)
        } differs from its Workload ${
          quote(`${namespace}/${name}`)
        }: every resource of a quadlet has the Workload's namespace and name`,
      );
    }
  }
  return { namespace, name, resources: all };
}
