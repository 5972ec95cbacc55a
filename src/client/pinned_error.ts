/**
 * The error of a request that trusts exactly one CA, apart from the request
 * itself (which loads `node:tls`), so that what only reads it stays light.
 *
 * @module
 */

/**
 * Why a pinned request failed: `unreachable` (no connection, a broken
 * answer), `timeout` (no whole answer in time), `untrusted` (the server's
 * certificate is not the pinned CA's, or does not name the address; nothing
 * was sent). The message is the underlying error's.
 *
 * @example
 * ```ts
 * import { PinnedRequestError } from "./pinned_error.ts";
 * const e = new PinnedRequestError("untrusted", "another CA");
 * console.log(e.reason); // untrusted
 * ```
 */
export class PinnedRequestError extends Error {
  override name = "PinnedRequestError";
  constructor(
    readonly reason: "unreachable" | "untrusted" | "timeout",
    message: string,
  ) {
    super(message);
  }
}
