/**
 * The error of a request to the leader's API.
 *
 * @module
 */
import { KatError } from "../errors/kat_error.ts";

/**
 * Codes the client gives a failure that has no answer of the server's:
 * `client.unreachable` (no connection, or no answer from any server),
 * `client.tls` (the server's certificate is not the cluster CA's, or TLS
 * failed), `client.timeout` (no whole answer in time), `client.bad_answer`
 * (an answer that is not the API's JSON).
 *
 * @example
 * ```ts
 * import type { ClientErrorCode } from "./api_error.ts";
 * const code: ClientErrorCode = "client.tls";
 * ```
 */
export type ClientErrorCode =
  | "client.unreachable"
  | "client.tls"
  | "client.timeout"
  | "client.bad_answer";

/**
 * A request the API refused (`status` and the server's `code`, such as 401
 * `auth.invalid`), or that got no usable answer (`status` 0, or the answer's
 * status for `client.bad_answer`, and a {@link ClientErrorCode}). The
 * message is one line that names the server; it never holds the credential.
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
   * @param code The server's error code, or a {@link ClientErrorCode}.
   * @param message One line for the user, naming the server.
   * @param options `leader`: for `leader.not_leader`, the leading node's name
   * when the server knows it; `cause`: the underlying error.
   */
  constructor(
    readonly status: number,
    code: string,
    message: string,
    options: { leader?: string; cause?: unknown } = {},
  ) {
    super(
      code,
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.leader = options.leader;
  }

  /** For `leader.not_leader`: the leading node's name, when known. */
  readonly leader: string | undefined;
}
