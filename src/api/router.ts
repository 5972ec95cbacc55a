/**
 * The API's paths, and every error turned into its JSON answer.
 *
 * @module
 */
import { NodeRegistryError } from "../nodes/registry.ts";
import { PkiError } from "../pki/pki_error.ts";
import { ResourceStoreError } from "../resources/resource_error.ts";
import { StateStoreError } from "../state/state_store.ts";
import { TokenError } from "../token/token_error.ts";
import { checkAdminCredential } from "./admin_credential.ts";
import type { ApiContext } from "./api_context.ts";
import { ApiError, errorResponse } from "./api_error.ts";
import { bearerCredential } from "./bearer.ts";
import { joinHandler } from "./join_handler.ts";
import {
  deleteNodeHandler,
  getNodeHandler,
  listNodesHandler,
} from "./nodes_handler.ts";
import { applyQuadletHandler } from "./quadlets_handler.ts";
import {
  deleteResourceHandler,
  getResourceHandler,
  kindOfPlural,
  listResourcesHandler,
} from "./resources_handler.ts";
import { createTokenHandler } from "./tokens_handler.ts";

const PREFIX = "/v1alpha1";

/** Answers with `allowed` when the method is another. */
function method(request: Request, ...allowed: string[]): void {
  if (!allowed.includes(request.method)) {
    throw new ApiError(
      405,
      "request.method",
      `${request.method} is not allowed here; ${allowed.join(", ")} is`,
    );
  }
}

async function admin(context: ApiContext, request: Request): Promise<void> {
  await checkAdminCredential(context.store, bearerCredential(request));
}

async function route(
  context: ApiContext,
  request: Request,
): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path === `${PREFIX}/ca`) {
    method(request, "GET");
    return new Response(context.ca.certPem, {
      headers: { "content-type": "application/x-pem-file" },
    });
  }
  if (path === `${PREFIX}/join`) {
    method(request, "POST");
    return await joinHandler(context, request);
  }
  if (path === `${PREFIX}/tokens`) {
    method(request, "POST");
    await admin(context, request);
    return await createTokenHandler(context, request);
  }
  if (path === `${PREFIX}/nodes`) {
    method(request, "GET");
    await admin(context, request);
    return await listNodesHandler(context);
  }
  const node = new RegExp(`^${PREFIX}/nodes/([^/]+)$`).exec(path);
  if (node) {
    method(request, "GET", "DELETE");
    await admin(context, request);
    const name = decodeSegment(node[1], "node name", path);
    return request.method === "GET"
      ? await getNodeHandler(context, name)
      : await deleteNodeHandler(context, name);
  }
  if (path === `${PREFIX}/quadlets`) {
    method(request, "POST");
    await admin(context, request);
    return await applyQuadletHandler(context, request);
  }
  const resources = await resourceRoute(context, request, path);
  if (resources) return resources;
  throw new ApiError(404, "request.not_found", `no such path: ${path}`);
}

/** A path segment percent-decoded; 400 `request.invalid` when it cannot be. */
function decodeSegment(segment: string, what: string, path: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(
      400,
      "request.invalid",
      `the ${what} in ${path} is not valid percent-encoding`,
    );
  }
}

/**
 * The routes of stored resources, told apart by their number of segments:
 * `/v1alpha1/{plural}`, `/v1alpha1/namespaces/{name}`,
 * `/v1alpha1/namespaces/{ns}/{plural}[/{name}]`. Undefined for a path that
 * is none of them (an unknown plural too).
 */
async function resourceRoute(
  context: ApiContext,
  request: Request,
  path: string,
): Promise<Response | undefined> {
  if (!path.startsWith(`${PREFIX}/`)) return undefined;
  const raw = path.slice(PREFIX.length + 1).split("/");
  if (raw.some((s) => s === "")) return undefined;
  const [first, ns, plural, name] = raw;
  if (raw.length === 1) {
    const kind = kindOfPlural(first);
    if (!kind) return undefined;
    method(request, "GET");
    await admin(context, request);
    return await listResourcesHandler(context, kind, undefined);
  }
  if (first !== "namespaces" || raw.length > 4) return undefined;
  const namespace = decodeSegment(ns, "namespace", path);
  if (raw.length === 2) {
    method(request, "GET", "DELETE");
    await admin(context, request);
    const target = { kind: "Namespace" as const, name: namespace };
    return request.method === "GET"
      ? await getResourceHandler(context, target)
      : await deleteResourceHandler(context, target);
  }
  const kind = kindOfPlural(plural, { namespaced: true });
  if (!kind) return undefined;
  if (raw.length === 3) {
    method(request, "GET");
    await admin(context, request);
    return await listResourcesHandler(context, kind, namespace);
  }
  method(request, "GET", "DELETE");
  await admin(context, request);
  const target = { kind, namespace, name: decodeSegment(name, "name", path) };
  return request.method === "GET"
    ? await getResourceHandler(context, target)
    : await deleteResourceHandler(context, target);
}

/** The status of each resource store refusal (docs/api.md). */
const RESOURCE_STATUS: Readonly<Record<ResourceStoreError["reason"], number>> =
  {
    invalid: 400,
    conflict: 409,
    not_leader: 503,
    namespace_missing: 404,
    namespace_not_empty: 409,
    corrupt: 500,
  };

/** The status of a node registry refusal. */
function registryStatus(e: NodeRegistryError): number {
  if (e.code === "node.not_leader") return 503;
  if (e.code === "node.invalid_name") return 400;
  if (e.code === "node.corrupt") return 500;
  return 409;
}

/**
 * `error` as the API's refusal: the project's typed errors keep their codes.
 * Anything else is a 500 `internal`, logged by the caller.
 *
 * @example
 * ```ts
 * import { asApiError } from "./router.ts";
 * console.log(asApiError(new Error("x")).status); // 500
 * ```
 */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TokenError) {
    return new ApiError(
      error.code === "token.corrupt"
        ? 500
        : error.code === "token.not_leader"
        ? 503
        : 401,
      error.code,
      error.message,
    );
  }
  if (error instanceof PkiError) {
    return new ApiError(400, error.code, error.message);
  }
  if (error instanceof NodeRegistryError) {
    return new ApiError(registryStatus(error), error.code, error.message);
  }
  if (error instanceof ResourceStoreError) {
    // What the store cannot hold (a name that is no DNS label, resources
    // that are not one quadlet) is a request the API does not take.
    return new ApiError(
      RESOURCE_STATUS[error.reason],
      error.reason === "invalid" ? "request.invalid" : error.code,
      error.message,
    );
  }
  if (error instanceof StateStoreError) {
    return new ApiError(
      error.reason === "unavailable" ? 503 : 500,
      error.code,
      error.message,
    );
  }
  return new ApiError(
    500,
    "internal",
    `the leader failed to answer: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
}

/**
 * Answers one request of the API.
 *
 * @example
 * ```ts
 * import { handleApiRequest } from "./router.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * const r = await handleApiRequest(context, new Request("https://x/v1alpha1/ca"));
 * console.log(r.status); // 200
 * ```
 */
export async function handleApiRequest(
  context: ApiContext,
  request: Request,
): Promise<Response> {
  try {
    return await route(context, request);
  } catch (e) {
    const error = asApiError(e);
    // A node that does not lead answers so as a matter of course: clients
    // try every node that can lead.
    if (error.status >= 500 && error.code !== "leader.not_leader") {
      context.log("error", "api.failed", error.message, {
        method: request.method,
        path: new URL(request.url).pathname,
        code: error.code,
      });
    }
    return errorResponse(error);
  }
}
