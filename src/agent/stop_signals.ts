/**
 * The signals that stop an agent: the first SIGINT, SIGTERM or SIGHUP asks it
 * to stop, a second one to stop at once.
 *
 * @module
 */

/**
 * Runs `fn` with a `stop` signal aborted by the first SIGINT, SIGTERM or
 * SIGHUP (its reason: the signal's name) and a `force` signal aborted by a
 * second one; removes the listeners when `fn` ends.
 *
 * @example
 * ```ts
 * import { withStopSignals } from "./stop_signals.ts";
 * const code = await withStopSignals(async (stop) => {
 *   await new Promise((r) => stop.addEventListener("abort", r));
 *   return 0;
 * });
 * ```
 */
export async function withStopSignals<T>(
  fn: (stop: AbortSignal, force: AbortSignal) => Promise<T>,
): Promise<T> {
  const stop = new AbortController();
  const force = new AbortController();
  // SIGHUP too: a closed terminal must not leave the local etcd behind.
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  const handlers = signals.map((signal) => {
    const handler = () =>
      stop.signal.aborted ? force.abort(signal) : stop.abort(signal);
    Deno.addSignalListener(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await fn(stop.signal, force.signal);
  } finally {
    for (const [signal, handler] of handlers) {
      Deno.removeSignalListener(signal, handler);
    }
  }
}
