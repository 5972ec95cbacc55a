/**
 * The error of a request to the leader's API: the API's own {@link ApiError},
 * and the codes of failures that have no answer of the server's.
 *
 * @module
 */
export { ApiError } from "../api/api_error.ts";

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
