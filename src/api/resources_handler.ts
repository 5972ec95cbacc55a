/**
 * `GET` and `DELETE` of stored resources: Namespaces and the four kinds of a
 * quadlet, in the manifest vocabulary.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { toManifest } from "../encode/to_manifest.ts";
import type { Resource } from "../gen/types.ts";
import { deleteResource } from "../resources/delete.ts";
import { QUADLET_KINDS, RESOURCE_PLURALS } from "../resources/keys.ts";
import type { StoredKind } from "../resources/keys.ts";
import { getResource, listResources } from "../resources/read.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError, jsonResponse } from "./api_error.ts";
import { requireLeadership } from "./leader_gate.ts";

/**
 * The stored kind of a plural in a path (`workloads`, `namespaces`, …);
 * undefined for any other word. `namespaced` admits only the four kinds of
 * a quadlet.
 *
 * @example
 * ```ts
 * import { kindOfPlural } from "./resources_handler.ts";
 * console.log(kindOfPlural("workloads"), kindOfPlural("nodes")); // "Workload" undefined
 * ```
 */
export function kindOfPlural(
  plural: string,
  options: { namespaced?: boolean } = {},
): StoredKind | undefined {
  const kinds: readonly StoredKind[] = options.namespaced
    ? QUADLET_KINDS
    : [...QUADLET_KINDS, "Namespace"];
  return kinds.find((k) => RESOURCE_PLURALS[k] === plural);
}

/**
 * The resource a request names.
 *
 * @example
 * ```ts
 * import type { ResourceTarget } from "./resources_handler.ts";
 * const web: ResourceTarget = { kind: "Workload", namespace: "shop", name: "web" };
 * ```
 */
export interface ResourceTarget {
  /** Its kind. */
  kind: StoredKind;
  /** Its namespace; undefined for a Namespace. */
  namespace?: string;
  /** Its name. */
  name: string;
}

/** How a deleted or missing resource is named: `workload/NAME`. */
function label(kind: StoredKind, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

function notFound({ kind, namespace, name }: ResourceTarget): ApiError {
  return new ApiError(
    404,
    "resources.not_found",
    namespace === undefined
      ? `no ${kind} named ${quote(name)}`
      : `no ${kind} named ${quote(name)} in namespace ${quote(namespace)}`,
  );
}

/**
 * Every resource of `kind`, of one namespace or (undefined) of all, sorted
 * by namespace, then name: 200 `{"items": [...]}`.
 *
 * @example
 * ```ts
 * import { listResourcesHandler } from "./resources_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * console.log((await listResourcesHandler(context, "Workload", "shop")).status); // 200
 * ```
 */
export async function listResourcesHandler(
  context: ApiContext,
  kind: StoredKind,
  namespace: string | undefined,
): Promise<Response> {
  await requireLeadership(context);
  const items = await listResources(
    context.store,
    kind,
    namespace === undefined ? { allNamespaces: true } : { namespace },
  );
  return jsonResponse(200, {
    items: items.map((r) => toManifest(r as Resource)),
  });
}

/**
 * One resource, with `metadata.resourceVersion` set; 404
 * `resources.not_found`.
 *
 * @example
 * ```ts
 * import { getResourceHandler } from "./resources_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * const r = await getResourceHandler(context, { kind: "Workload", namespace: "shop", name: "web" });
 * console.log(r.status);
 * ```
 */
export async function getResourceHandler(
  context: ApiContext,
  target: ResourceTarget,
): Promise<Response> {
  await requireLeadership(context);
  const { kind, namespace, name } = target;
  const resource = await getResource(context.store, kind, namespace, name);
  if (!resource) throw notFound(target);
  return jsonResponse(200, toManifest(resource as Resource));
}

/**
 * Deletes one resource (a Workload with its quadlet; a Namespace only when
 * empty): 200 `{"deleted": "workload/NAME"}`; 404 `resources.not_found`.
 *
 * @example
 * ```ts
 * import { deleteResourceHandler } from "./resources_handler.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * const r = await deleteResourceHandler(context, { kind: "Namespace", name: "shop" });
 * console.log(r.status);
 * ```
 */
export async function deleteResourceHandler(
  context: ApiContext,
  target: ResourceTarget,
): Promise<Response> {
  const fence = await requireLeadership(context);
  const { kind, namespace, name } = target;
  const existed = await deleteResource(context.store, kind, namespace, name, {
    fence,
  });
  if (!existed) throw notFound(target);
  context.log("info", "resource.deleted", `deleted ${label(kind, name)}`, {
    kind,
    namespace,
    name,
  });
  return jsonResponse(200, { deleted: label(kind, name) });
}
