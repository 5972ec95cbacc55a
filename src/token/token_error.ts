/**
 * The one error type of the join token layer.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why a token or a `--ttl` was refused; stable, unlike the message. As an
 * error's `code` it reads `token.<reason>`.
 *
 * - `malformed`: the text is not `ID.SECRET` with a 6-character ID and a
 *   16-character secret of `a-z0-9`;
 * - `unknown`: no token has that ID, or its secret does not match (the two
 *   are not told apart, so that a wrong secret does not confirm an ID);
 * - `expired`: the token's expiry has passed;
 * - `used`: a single-use token that has already been used;
 * - `corrupt`: the token's stored record cannot be read;
 * - `invalid_ttl`: a duration (`--ttl`) or TTL that cannot be taken (a usage
 *   error: exit code 2);
 * - `not_leader`: the leader that was to store or use it no longer leads
 *   (its election key, the fence, is gone).
 *
 * @example
 * ```ts
 * import type { TokenErrorCode } from "./token_error.ts";
 * const code: TokenErrorCode = "expired";
 * ```
 */
export type TokenErrorCode =
  | "malformed"
  | "unknown"
  | "expired"
  | "used"
  | "corrupt"
  | "invalid_ttl"
  | "not_leader";

/**
 * A refused join token or TTL. `code` is `token.<reason>`; the message is one
 * line and never contains a token's secret.
 *
 * @example
 * ```ts
 * import { KatError } from "../errors/kat_error.ts";
 * import { TokenError } from "./token_error.ts";
 * const e = new TokenError("expired", 'token "abcdef" expired at 2025-01-01T00:00:00.000Z');
 * console.log(e instanceof KatError, e.code, e.reason); // true "token.expired" "expired"
 * ```
 */
export class TokenError extends ReasonError<"token", TokenErrorCode> {
  /** Always `TokenError`. */
  override name = "TokenError";

  /**
   * Creates a token error.
   *
   * @param reason Why the token or TTL is refused.
   * @param message One line for the user, without any secret.
   */
  constructor(reason: TokenErrorCode, message: string) {
    super("token", reason, message);
  }
}
