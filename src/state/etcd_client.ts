/**
 * Connecting to etcd through the `etcd3` client (gRPC, on `@grpc/grpc-js`).
 *
 * `etcd3` and its dependencies run on Deno's Node compatibility layer, which
 * costs start-up time, so they are imported here, on the first connection,
 * and never by merely importing the toolkit.
 *
 * @module
 */
import type * as Etcd3Module from "./etcd3.d.ts";
import type { Etcd3, IBackoff, IOptions } from "./etcd3.d.ts";
import { normaliseEndpoints } from "./endpoints.ts";
import { StateStoreError } from "./state_store.ts";

/**
 * How to reach etcd.
 *
 * @example
 * ```ts
 * import type { EtcdConnectOptions } from "@kat/toolkit/state";
 * const options: EtcdConnectOptions = { endpoints: ["http://127.0.0.1:2379"] };
 * ```
 */
export interface EtcdConnectOptions {
  /**
   * Client URLs of etcd members: `http://host:port` or `https://host:port`
   * (all of one scheme); `host:port` means `http://host:port`.
   */
  endpoints: readonly string[];
  /**
   * How long one request may take before it fails with code `"unavailable"`,
   * in milliseconds. Watches are not bounded by it. Default: 5,000.
   */
  callTimeoutMs?: number;
}

/** The loaded `etcd3` module, with what we need of `cockatiel`. */
export interface EtcdLibrary {
  /** The `etcd3` module. */
  etcd3: typeof Etcd3Module;
  /** Node's `Buffer`, which `etcd3` wants for keys and values. */
  Buffer: typeof import("node:buffer").Buffer;
}

let library: Promise<EtcdLibrary> | undefined;

/**
 * Loads `etcd3` (once) and what it needs.
 *
 * @example
 * ```ts
 * import { loadEtcdLibrary } from "./etcd_client.ts";
 * const { etcd3 } = await loadEtcdLibrary();
 * console.log(typeof etcd3.Etcd3); // "function"
 * ```
 */
export function loadEtcdLibrary(): Promise<EtcdLibrary> {
  library ??= (async () => {
    try {
      const [module, buffer] = await Promise.all([
        import("./etcd3_module.ts"),
        import("node:buffer"),
      ]);
      return { etcd3: module.etcd3, Buffer: buffer.Buffer };
    } catch (e) {
      library = undefined; // a later call may have the permission
      throw notPermitted(e, "etcd's client cannot be loaded") ?? e;
    }
  })();
  return library;
}

/**
 * A permission the program was not given, as a {@link StateStoreError}
 * `"not_permitted"`; undefined for any other error.
 */
function notPermitted(e: unknown, what: string): StateStoreError | undefined {
  if (!(e instanceof Deno.errors.NotCapable)) return undefined;
  const m = /^Requires (\w+) access to ("[^"]*")/.exec(e.message);
  const needs = m
    ? `it needs ${m[1]} access to ${m[2]} (Deno's --allow-${m[1]})`
    : e.message;
  return new StateStoreError("not_permitted", `${what}: ${needs}`, e);
}

/**
 * Net access to every endpoint, asked for where a prompt can be shown:
 * without it, every request would fail as if etcd were down.
 */
function requireNetAccess(hosts: readonly string[]): void {
  for (const url of hosts) {
    const host = new URL(url).host;
    const descriptor = { name: "net", host } as const;
    let { state } = Deno.permissions.querySync(descriptor);
    if (state === "prompt") {
      state = Deno.permissions.requestSync(descriptor).state;
    }
    if (state !== "granted") {
      throw new StateStoreError(
        "not_permitted",
        `etcd at ${host} cannot be reached: it needs net access to "${host}" (Deno's --allow-net)`,
      );
    }
  }
}

/**
 * A connected `etcd3` client. Its fault handling suits one agent talking to
 * its cluster: no circuit breaker (which would keep a restarted etcd out of
 * reach for seconds), quick reconnects, gRPC keepalive pings so that a
 * silent peer is noticed, and a deadline on every request.
 *
 * @example
 * ```ts
 * import { connectEtcd } from "./etcd_client.ts";
 * const client = await connectEtcd({ endpoints: ["127.0.0.1:2379"] });
 * client.close();
 * ```
 */
export async function connectEtcd(options: EtcdConnectOptions): Promise<Etcd3> {
  const hosts = normaliseEndpoints(options.endpoints);
  requireNetAccess(hosts);
  const timeout = options.callTimeoutMs ?? 5000;
  const { etcd3 } = await loadEtcdLibrary();
  const { ExponentialBackoff, handleWhen, noop, retry } = await import(
    "cockatiel"
  );
  const config: IOptions = {
    hosts,
    defaultCallOptions: (context) =>
      context.isStream ? {} : { deadline: Date.now() + timeout },
    grpcOptions: {
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 1000,
      "grpc.keepalive_time_ms": 10_000,
      "grpc.keepalive_timeout_ms": 5_000,
    },
    faultHandling: {
      host: () => noop,
      global: retry(handleWhen(etcd3.isRecoverableError), { maxAttempts: 2 }),
      // etcd3 calls `next()` on this without a context, as on its own
      // default, an ExponentialBackoff: the factory is what it expects.
      watchBackoff: new ExponentialBackoff({
        initialDelay: 100,
        maxDelay: 1000,
      }) as unknown as IBackoff,
    },
  };
  return new etcd3.Etcd3(config);
}

/**
 * An `etcd3` or gRPC error as a {@link StateStoreError}: unreachable or slow
 * is `"unavailable"`, a closed client `"closed"`, a compacted revision
 * `"compacted"`, anything else `"failed"`.
 *
 * @example
 * ```ts
 * import { toStateStoreError } from "./etcd_client.ts";
 * console.log(toStateStoreError(new Error("boom"), "get /a").reason); // "failed"
 * ```
 */
export function toStateStoreError(e: unknown, what: string): StateStoreError {
  if (e instanceof StateStoreError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const name = err.constructor?.name ?? "";
  const message = `${what}: ${err.message}`;
  if (name === "ClientClosedError") {
    return new StateStoreError("closed", message, err);
  }
  if (/compacted/i.test(err.message)) {
    return new StateStoreError("compacted", message, err);
  }
  const unreachable = name === "GRPCUnavailableError" ||
    name === "GRPCDeadlineExceededError" ||
    name === "GRPCCancelledError" || name === "GRPCConnectFailedError" ||
    name === "BrokenCircuitError" ||
    /unavailable|deadline|no connection|ECONNREFUSED/i.test(err.message);
  return new StateStoreError(
    unreachable ? "unavailable" : "failed",
    message,
    err,
  );
}
