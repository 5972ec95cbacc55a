/**
 * A refusal of the leader's API: an HTTP status, a stable dotted code and
 * one line for the user, sent as `{"error": {"code", "message", …}}`.
 *
 * @module
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { KatError } from "../errors/kat_error.ts";
import { orderedDiagnostic } from "../output/diagnostics_json.ts";

/**
 * A refusal of the API, on either side: the leader answers with one (its
 * `status`, a stable `code` from docs/api.md and one line), and the client
 * reports one for a request refused or that got no usable answer (`status` 0,
 * or the answer's status for `client.bad_answer`, with a code of
 * `src/client/api_error.ts`). A client's message names the server; no message
 * ever holds a credential.
 *
 * @example
 * ```ts
 * import { ApiError } from "./api_error.ts";
 * const e = new ApiError(401, "auth.invalid", "https://10.0.0.1:9115 answered 401 auth.invalid: unknown credential");
 * console.log(e.status, e.code); // 401 "auth.invalid"
 * ```
 */
export class ApiError extends KatError {
  /** Always `ApiError`. */
  override name = "ApiError";

  /**
   * Creates an API error.
   *
   * @param status The HTTP status of the answer; 0 when there was none.
   * @param code The server's error code, or a client's `client.*` code.
   * @param message One line for the user, naming the server.
   * @param options `leader`: for `leader.not_leader`, the leading node's name
   * when the server knows it; `leaderUrl`: with it, the URL of the leading
   * node's API when the server knows that too; `diagnostics`: for a refused archive or quadlet,
   * what `katcall validate` says about it; `cause`: the underlying error.
   */
  constructor(
    readonly status: number,
    code: string,
    message: string,
    options: {
      leader?: string;
      leaderUrl?: string;
      diagnostics?: readonly Diagnostic[];
      cause?: unknown;
    } = {},
  ) {
    super(
      code,
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.leader = options.leader;
    this.leaderUrl = options.leaderUrl;
    this.diagnostics = options.diagnostics;
  }

  /** For `leader.not_leader`: the leading node's name, when known. */
  readonly leader: string | undefined;

  /** For `leader.not_leader`: the leading node's API URL, when known. */
  readonly leaderUrl: string | undefined;

  /**
   * For `quadlet.invalid` and `archive.*`: the diagnostics, as
   * `katcall validate --format json` writes them.
   */
  readonly diagnostics: readonly Diagnostic[] | undefined;
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
    error: {
      code: error.code,
      message: error.message,
      ...(error.leader === undefined ? {} : { leader: error.leader }),
      ...(error.leaderUrl === undefined ? {} : { leaderUrl: error.leaderUrl }),
      ...(error.diagnostics === undefined
        ? {}
        : { diagnostics: error.diagnostics.map(orderedDiagnostic) }),
    },
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
