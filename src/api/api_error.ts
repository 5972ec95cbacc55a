/**
 * A refusal of the leader's API: an HTTP status, a stable dotted code and
 * one line for the user, sent as `{"error": {"code", "message", …}}`.
 *
 * @module
 */
import { KatError } from "../errors/kat_error.ts";

/**
 * A refusal, with the status it is answered with.
 *
 * @example
 * ```ts
 * import { ApiError } from "./api_error.ts";
 * const e = new ApiError(404, "node.not_found", "no node named node-9");
 * console.log(e.status, e.code); // 404 node.not_found
 * ```
 */
export class ApiError extends KatError {
  override name = "ApiError";

  /**
   * @param status The HTTP status.
   * @param code The stable code (see docs/api.md).
   * @param message One line for the user.
   * @param extra More fields of the error object (e.g. `leader`).
   */
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

/**
 * The JSON answer of `error`.
 *
 * @example
 * ```ts
 * import { ApiError, errorResponse } from "./api_error.ts";
 * const r = errorResponse(new ApiError(401, "auth.missing", "no credential"));
 * console.log(r.status); // 401
 * ```
 */
export function errorResponse(error: ApiError): Response {
  return jsonResponse(error.status, {
    error: { code: error.code, message: error.message, ...error.extra },
  });
}

/**
 * A JSON answer: `body` with two-space indentation and a final newline.
 *
 * @example
 * ```ts
 * import { jsonResponse } from "./api_error.ts";
 * console.log(jsonResponse(200, { ok: true }).headers.get("content-type"));
 * // application/json
 * ```
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body, null, 2) + "\n", {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}
