/**
 * A transaction guarded by a fence: a compare (the leader's election key at
 * its version) that must still hold for the writes to happen.
 *
 * @module
 */
import type {
  StateStore,
  TxnRequest,
  TxnResult,
  VersionCompare,
} from "./state_store.ts";

/**
 * Runs `request` with `fence` added to its compares (when given). When the
 * transaction fails because the fence no longer holds, throws what
 * `notLeader` makes of a message saying what was not done (`not <what>: …`);
 * otherwise the failure branch's results are the request's own `failure`
 * operations (the fence's read is removed).
 *
 * @example
 * ```ts
 * import type { StateStore } from "./state_store.ts";
 * import { fencedTxn } from "./fenced_txn.ts";
 * declare const store: StateStore;
 * const fence = { key: "/kat/cluster/leader/694d", version: 12 };
 * const r = await fencedTxn(
 *   store,
 *   { success: [{ op: "delete", key: "/kat/a" }] },
 *   fence,
 *   "deleting /kat/a",
 *   (message) => new Error(message),
 * );
 * console.log(r.succeeded);
 * ```
 */
export async function fencedTxn(
  store: StateStore,
  request: TxnRequest,
  fence: VersionCompare | undefined,
  what: string,
  notLeader: (message: string) => Error,
): Promise<TxnResult> {
  if (!fence) return await store.txn(request);
  const failure = request.failure ?? [];
  const result = await store.txn({
    compare: [...(request.compare ?? []), fence],
    success: request.success,
    failure: [...failure, { op: "get", key: fence.key }],
  });
  if (result.succeeded) return result;
  const now = result.results[failure.length];
  if (now?.op !== "get" || now.entry?.version !== fence.version) {
    throw notLeader(
      `not ${what}: ${fence.key} is gone or changed, this node no longer leads`,
    );
  }
  return { ...result, results: result.results.slice(0, failure.length) };
}
