/**
 * A join that did not happen. `code` is `join.<reason>`; the message is one
 * line for the user.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";

/**
 * Why a join failed.
 *
 * - `unreachable`: the leader's URL could not be reached;
 * - `ca_mismatch`: the leader presents no CA with the given hash, or a
 *   certificate that CA did not sign (nothing was sent);
 * - `refused`: the leader refused the join (its message says why);
 * - `bad_answer`: the leader's answer is not what a leader answers;
 * - `identity`: this node's data directory holds an identity that does not
 *   fit (another CA, another name).
 *
 * @example
 * ```ts
 * import type { JoinErrorCode } from "./join_error.ts";
 * const code: JoinErrorCode = "ca_mismatch";
 * ```
 */
export type JoinErrorCode =
  | "unreachable"
  | "ca_mismatch"
  | "refused"
  | "bad_answer"
  | "identity";

/**
 * A failed join.
 *
 * @example
 * ```ts
 * import { JoinError } from "./join_error.ts";
 * const e = new JoinError("refused", "token expired");
 * console.log(e.code); // join.refused
 * ```
 */
export class JoinError extends ReasonError<"join", JoinErrorCode> {
  /** Always `JoinError`. */
  override name = "JoinError";

  /**
   * @param reason Why.
   * @param message One line for the user.
   * @param details For `refused`: the leader's own error code, and for
   * `leader.not_leader` the URL of the leading node's API when it said it.
   */
  constructor(
    reason: JoinErrorCode,
    message: string,
    readonly details: { leaderCode?: string; leaderUrl?: string } = {},
  ) {
    super("join", reason, message);
  }
}
