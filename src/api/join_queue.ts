/**
 * Joins and deletes of nodes, one at a time per API.
 *
 * @module
 */
import type { ApiContext } from "./api_context.ts";

/** The last join's or delete's writes, per API. */
const last = new WeakMap<ApiContext, Promise<unknown>>();

/**
 * Runs `fn` after every earlier join or delete of `context` has finished.
 * Each changes etcd's access control (an identity given or taken), which
 * makes etcd refuse requests checked against the access control before the
 * change; and a delete racing a join of the same name could leave an
 * identity without a node. The subnets' transaction does not depend on it.
 *
 * @example
 * ```ts
 * import { oneAtATime } from "./join_queue.ts";
 * import type { ApiContext } from "./api_context.ts";
 * declare const context: ApiContext;
 * await oneAtATime(context, async () => {});
 * ```
 */
export function oneAtATime<T>(
  context: ApiContext,
  fn: () => Promise<T>,
): Promise<T> {
  const run = (last.get(context) ?? Promise.resolve()).then(fn);
  last.set(context, run.catch(() => {}));
  return run;
}
