/**
 * The API's paths, and every error turned into its JSON answer.
 *
 * @module
 */
import { NodeRegistryError } from "../nodes/registry.ts";
import { PkiError } from "../pki/pki_error.ts";
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
    let name: string;
    try {
      name = decodeURIComponent(node[1]);
    } catch {
      throw new ApiError(
        400,
        "request.invalid",
        `the node name in ${path} is not valid percent-encoding`,
      );
    }
    return request.method === "GET"
      ? await getNodeHandler(context, name)
      : await deleteNodeHandler(context, name);
  }
  throw new ApiError(404, "request.not_found", `no such path: ${path}`);
}

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
      error.code === "token.corrupt" ? 500 : 401,
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
    if (error.status >= 500) {
      context.log("error", "api.failed", error.message, {
        method: request.method,
        path: new URL(request.url).pathname,
        code: error.code,
      });
    }
    return errorResponse(error);
  }
}
