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
import type { Etcd3, GrpcInterceptor, IBackoff, IOptions } from "./etcd3.d.ts";
import { normaliseEndpoints } from "./endpoints.ts";
import { StateStoreError } from "./state_store.ts";
import { quote } from "../diagnostics/quote.ts";

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
  /**
   * Connect over TLS with a client certificate (the endpoints must then be
   * `https://`). Default: none (plain `http://`, or `https://` checked
   * against the system's CAs without a client certificate).
   */
  tls?: EtcdTlsOptions;
}

/**
 * TLS with client-certificate authentication: etcd checks this client's
 * certificate against its `--trusted-ca-file` and, with auth enabled, takes
 * the certificate's CN as the etcd user.
 *
 * @example
 * ```ts
 * import type { EtcdTlsOptions } from "@kat/toolkit/state";
 * const tls: EtcdTlsOptions = {
 *   caCertificate: "-----BEGIN CERTIFICATE-----\n…",
 *   certificate: "-----BEGIN CERTIFICATE-----\n…",
 *   privateKey: "-----BEGIN PRIVATE KEY-----\n…",
 *   serverName: "localhost",
 * };
 * ```
 */
export interface EtcdTlsOptions {
  /** PEM of the CA certificate(s) that etcd's server certificate must chain to. */
  caCertificate: string;
  /** PEM of this client's certificate (its chain); its CN is its etcd user. */
  certificate: string;
  /** PEM of the private key of `certificate`. */
  privateKey: string;
  /**
   * The DNS name etcd's server certificate is checked against, instead of
   * the endpoint's host; it must be in every member's certificate. Needed
   * when an endpoint is an IP address: Deno's TLS does not accept an IP
   * address as the name to check (the server certificate's IP entries are
   * then not consulted, the name is). Default: each endpoint's own host,
   * which must then be a DNS name.
   */
  serverName?: string;
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
 * silent peer is noticed, and a deadline on every request. A request that
 * needs etcd's quorum is refused at once by a member that knows no leader
 * (`etcdserver: no leader`, which {@link toStateStoreError} reports as a lost
 * quorum); a member's status, the member list and serializable reads are
 * answered without one.
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
  const tls = options.tls ? tlsConfig(hosts, options.tls) : undefined;
  requireNetAccess(hosts);
  const timeout = options.callTimeoutMs ?? 5000;
  const { etcd3, Buffer } = await loadEtcdLibrary();
  const { ExponentialBackoff, handleWhen, noop, retry } = await import(
    "cockatiel"
  );
  const config: IOptions = {
    hosts,
    ...(tls
      ? {
        credentials: {
          rootCertificate: Buffer.from(tls.pems[0]),
          certChain: Buffer.from(tls.pems[1]),
          privateKey: Buffer.from(tls.pems[2]),
        },
      }
      : {}),
    defaultCallOptions: (context) =>
      context.isStream ? {} : {
        deadline: Date.now() + timeout,
        ...(answersWithoutLeader(context)
          ? {}
          : { interceptors: [requireLeader] }),
      },
    grpcOptions: {
      "grpc.initial_reconnect_backoff_ms": 100,
      "grpc.max_reconnect_backoff_ms": 1000,
      "grpc.keepalive_time_ms": 10_000,
      "grpc.keepalive_timeout_ms": 5_000,
      ...(tls?.serverName
        ? { "grpc.ssl_target_name_override": tls.serverName }
        : {}),
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
 * Asks etcd to refuse a request at once, with `etcdserver: no leader`, when
 * the member it reaches knows no leader (etcd's `hasleader` metadata, which
 * etcd's own Go client sends for `WithRequireLeader`): without a quorum, a
 * write or a linearizable read would otherwise wait for the request's
 * deadline, and fail with no word of why.
 */
const requireLeader: GrpcInterceptor = (options, nextCall) => {
  const call = nextCall(options);
  const start = call.start.bind(call);
  call.start = (metadata, listener) => {
    metadata.set("hasleader", "true");
    start(metadata, listener);
  };
  return call;
};

/**
 * Whether a request is one a member answers alone, without a leader: its
 * status, the member list (etcd 3.4 answers it from the member's own view)
 * and serializable reads. With them, `listMembers` and `startedMembers` say
 * which members run while the cluster has no quorum. Every other request
 * needs a leader.
 */
function answersWithoutLeader(
  context: { service: string; method?: string; params?: unknown },
): boolean {
  if (context.service === "Maintenance") return true;
  if (context.service === "Cluster") return context.method === "memberList";
  const params = context.params as { serializable?: boolean } | undefined;
  return context.service === "KV" && params?.serializable === true;
}

/**
 * The start of the message of a {@link StateStoreError} for an etcd that has
 * lost its quorum (after `<what>: `); etcd's own words follow in brackets.
 *
 * @example
 * ```ts
 * import { ETCD_QUORUM_LOST } from "./etcd_client.ts";
 * console.log(ETCD_QUORUM_LOST.startsWith("etcd has lost its quorum")); // true
 * ```
 */
export const ETCD_QUORUM_LOST =
  "etcd has lost its quorum: fewer than a majority of its members are running or reachable, so nothing can be written until enough of them are back";

/**
 * etcd's words when the member a request reached cannot reach a quorum:
 * it knows no leader, or it lost its connection to the leader (or, leading,
 * to a majority) while the request waited. Other timeouts (a slow disk, a
 * leader election under way, `leader changed`) are not a lost quorum.
 */
const QUORUM_WORDS =
  /etcdserver: (?:no leader|request timed out, possibly due to connection lost)/;

/** What went wrong in a TLS handshake, in plain words; undefined if none. */
function tlsFailure(message: string, tls: boolean): string | undefined {
  const last = /Last error: (.*?)(?: \(\d{4}-[^)]*\))?\. Resolution note/
    .exec(message)?.[1] ?? message;
  if (
    /unable to verify|self[- ]signed certificate|unable to get local issuer|certificate has expired|certificate is not yet valid/i
      .test(last)
  ) {
    return `etcd's server certificate is not trusted: it does not chain to the given CA certificate or is out of date (${last})`;
  }
  if (
    /ERR_TLS_CERT_ALTNAME_INVALID|does not match certificate's altnames/.test(
      last,
    )
  ) {
    return `etcd's server certificate does not hold the name it was checked against (${last})`;
  }
  if (/servername'? must not be an IP address/.test(last)) {
    return `etcd's server certificate cannot be checked against an IP address: give the DNS name in it (serverName) (${last})`;
  }
  if (
    tls && /No connection established/.test(message) &&
    /EPIPE|ECONNRESET|alert|bad certificate|unknown ca/i.test(last)
  ) {
    return `etcd closed the connection during the TLS handshake: it refused this client's certificate (not signed by a CA etcd trusts, or out of date) (${last})`;
  }
  return undefined;
}

/** An IPv4 or bracketed IPv6 host, as `URL` writes it. */
function isIpHost(hostname: string): boolean {
  return hostname.startsWith("[") || /^\d+\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The `etcd3` credentials and the name to check the server against, after
 * checking that TLS can work with `hosts`.
 */
function tlsConfig(
  hosts: readonly string[],
  tls: EtcdTlsOptions,
): { pems: [ca: string, cert: string, key: string]; serverName?: string } {
  for (const url of hosts) {
    const { protocol, hostname } = new URL(url);
    if (protocol !== "https:") {
      throw new StateStoreError(
        "failed",
        `etcd endpoint ${quote(url)} must be https:// to be reached over TLS`,
      );
    }
    if (tls.serverName === undefined && isIpHost(hostname)) {
      throw new StateStoreError(
        "failed",
        `etcd endpoint ${
          quote(url)
        } is an IP address: give the DNS name in etcd's server certificate to check it against (serverName)`,
      );
    }
  }
  if (tls.serverName !== undefined && !/^[a-z0-9.-]+$/i.test(tls.serverName)) {
    throw new StateStoreError(
      "failed",
      `TLS server name ${quote(tls.serverName)} is not a DNS name`,
    );
  }
  const pem = (text: string, what: string) => {
    if (!text.includes("-----BEGIN ")) {
      throw new StateStoreError("failed", `the ${what} is not PEM text`);
    }
    return text;
  };
  return {
    pems: [
      pem(tls.caCertificate, "CA certificate"),
      pem(tls.certificate, "client certificate"),
      pem(tls.privateKey, "client private key"),
    ],
    serverName: tls.serverName,
  };
}

/**
 * An `etcd3` or gRPC error as a {@link StateStoreError}: unreachable or slow
 * is `"unavailable"` (a member without a quorum too, with a message that says
 * so: {@link ETCD_QUORUM_LOST}), a closed client `"closed"`, a compacted revision
 * `"compacted"`, etcd's access control refusing `"denied"`, a failed TLS
 * handshake `"tls"`, anything else `"failed"`. `tls` says whether the
 * connection is TLS with a client certificate: etcd refusing that
 * certificate shows only as the connection closing under the handshake.
 *
 * @example
 * ```ts
 * import { toStateStoreError } from "./etcd_client.ts";
 * console.log(toStateStoreError(new Error("boom"), "get /a").reason); // "failed"
 * ```
 */
export function toStateStoreError(
  e: unknown,
  what: string,
  tls = false,
): StateStoreError {
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
  if (
    name === "EtcdPermissionDeniedError" ||
    /etcdserver: permission denied/.test(err.message)
  ) {
    return new StateStoreError(
      "denied",
      `${what}: etcd refused it: this client's identity (its certificate's CN) has no permission on that key`,
      err,
    );
  }
  if (/revision of auth store is old/.test(err.message)) {
    // Nothing was applied; asking again succeeds.
    return new StateStoreError(
      "unavailable",
      `${what}: etcd's access control changed while the request was on its way; ask again`,
      err,
    );
  }
  const quorum = QUORUM_WORDS.exec(err.message);
  if (quorum) {
    return new StateStoreError(
      "unavailable",
      `${what}: ${ETCD_QUORUM_LOST} (${quorum[0]})`,
      err,
      { quorumLost: true },
    );
  }
  const handshake = tlsFailure(err.message, tls);
  if (handshake) {
    return new StateStoreError("tls", `${what}: ${handshake}`, err);
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
