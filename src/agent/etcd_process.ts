/**
 * The node's own etcd: Debian's `etcd` binary from PATH, run as a child of
 * the agent, as a one-member cluster on the ports of `cluster.kat`.
 *
 * Layout under the data directory (`--data-dir`):
 *
 * - `etcd/`: etcd's data (a later start finds it and resumes).
 * - `etcd.log`: etcd's own log (JSON lines, appended).
 * - `etcd.pid`: the pid of the running etcd, removed when it stops.
 *
 * @module
 */
import { join as joinPath } from "../input/paths.ts";
import { ETCD_MEMBER_NAME } from "../state/etcd_members.ts";

/**
 * A problem starting or running the local etcd, with a stable `code`:
 * `not-installed`, `port-in-use`, `data-dir`, `data-dir-in-use` (another
 * agent holds it), `start-failed`, `unhealthy`,
 * `exited` (it stopped while the agent ran), `removed` (it stopped because
 * its member was removed from the cluster), or `stopped` (the start was
 * given up on request).
 *
 * @example
 * ```ts
 * import { EtcdProcessError } from "./etcd_process.ts";
 * const e = new EtcdProcessError("not-installed", "etcd is not on PATH");
 * console.log(e.code); // "not-installed"
 * ```
 */
export class EtcdProcessError extends Error {
  /** Why. */
  readonly code:
    | "not-installed"
    | "port-in-use"
    | "data-dir"
    | "data-dir-in-use"
    | "start-failed"
    | "unhealthy"
    | "exited"
    | "removed"
    | "stopped";

  /** An error of `code`. */
  constructor(code: EtcdProcessError["code"], message: string) {
    super(message);
    this.name = "EtcdProcessError";
    this.code = code;
  }
}

/**
 * How to run the local etcd.
 *
 * @example
 * ```ts
 * import type { LocalEtcdOptions } from "./etcd_process.ts";
 * const o: LocalEtcdOptions = {
 *   name: "alpha", dataDir: "/var/lib/kat", clientPort: 2379, peerPort: 2380,
 *   listenAddress: "127.0.0.1", clusterToken: "kat-home",
 * };
 * ```
 */
export interface LocalEtcdOptions {
  /** The member name (the node name). */
  name: string;
  /** The agent's data directory; etcd's data goes to `<dataDir>/etcd`. */
  dataDir: string;
  /** The client port. */
  clientPort: number;
  /** The peer port. */
  peerPort: number;
  /** The IP address both ports listen on. */
  listenAddress: string;
  /**
   * The address clients and peers reach it at (it must name it in its
   * certificate). Default: the listen address, or the loopback address when
   * that is every address (`0.0.0.0`, `::`).
   */
  reachAddress?: string;
  /** The initial cluster token (keeps two clusters' ids apart). */
  clusterToken: string;
  /**
   * Join an existing etcd cluster as a member already added to it: its
   * members, `name=peerURL,…` (this one included). Default: start a new
   * cluster of this one member. Either way, a data directory that holds
   * etcd's data already is resumed, and this is not looked at.
   */
  existingCluster?: string;
  /** How long to wait for etcd to become healthy, in ms. Default: 60,000. */
  startTimeoutMs?: number;
  /** The binary to run. Default: `etcd` from PATH. */
  binary?: string;
  /**
   * Aborted to give the start up: nothing is started after it, and an etcd
   * already started is stopped. Default: never.
   */
  signal?: AbortSignal;
  /**
   * Serve clients and peers over TLS, asking every client and peer for a
   * certificate signed by the cluster CA. Default: plain HTTP (development
   * only).
   */
  tls?: LocalEtcdTls;
}

/**
 * The files of a TLS etcd: its certificate and key (the node's own) and the
 * CA it trusts for clients and peers (the cluster CA), as paths for etcd and
 * as PEM for the agent's own health check.
 *
 * @example
 * ```ts
 * import type { LocalEtcdTls } from "./etcd_process.ts";
 * const tls: LocalEtcdTls = {
 *   certFile: "/var/lib/kat/pki/node.crt", keyFile: "/var/lib/kat/pki/node.key",
 *   caFile: "/var/lib/kat/pki/ca.crt", certPem: "…", keyPem: "…", caPem: "…",
 * };
 * ```
 */
export interface LocalEtcdTls {
  /** The server (and peer, and health-check client) certificate, PEM file. */
  certFile: string;
  /** Its private key, PEM file. */
  keyFile: string;
  /** The CA clients and peers must be signed by, PEM file. */
  caFile: string;
  /** The contents of `certFile`. */
  certPem: string;
  /** The contents of `keyFile`. */
  keyPem: string;
  /** The contents of `caFile`. */
  caPem: string;
}

/** The error of a start given up because `options.signal` aborted. */
function startStopped(): EtcdProcessError {
  return new EtcdProcessError("stopped", "the start of etcd was given up");
}

/** `http://host:port` (or https), with IPv6 addresses in brackets. */
function url(address: string, port: number, tls = false): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return `${tls ? "https" : "http"}://${host}:${port}`;
}

/** Where a client on this machine reaches an address etcd listens on. */
function reachable(address: string): string {
  if (address === "0.0.0.0") return "127.0.0.1";
  if (address === "::") return "::1";
  return address;
}

/**
 * etcd's command line for `options`.
 *
 * @example
 * ```ts
 * import { etcdArgs } from "./etcd_process.ts";
 * const args = etcdArgs({
 *   name: "alpha", dataDir: "/var/lib/kat", clientPort: 2379, peerPort: 2380,
 *   listenAddress: "127.0.0.1", clusterToken: "kat-home",
 * });
 * console.log(args.includes("--listen-client-urls=http://127.0.0.1:2379")); // true
 * ```
 */
export function etcdArgs(options: LocalEtcdOptions): string[] {
  const tls = options.tls !== undefined;
  const client = url(options.listenAddress, options.clientPort, tls);
  const peer = url(options.listenAddress, options.peerPort, tls);
  const reach = options.reachAddress ?? reachable(options.listenAddress);
  const advertiseClient = url(reach, options.clientPort, tls);
  const advertisePeer = url(reach, options.peerPort, tls);
  const tlsArgs = options.tls
    ? [
      `--cert-file=${options.tls.certFile}`,
      `--key-file=${options.tls.keyFile}`,
      `--trusted-ca-file=${options.tls.caFile}`,
      "--client-cert-auth",
      `--peer-cert-file=${options.tls.certFile}`,
      `--peer-key-file=${options.tls.keyFile}`,
      `--peer-trusted-ca-file=${options.tls.caFile}`,
      "--peer-client-cert-auth",
      // Every node holds a certificate of the cluster CA: only a member's,
      // which names what members share, may speak raft (etcd's access
      // control does not check peers).
      `--peer-cert-allowed-hostname=${ETCD_MEMBER_NAME}`,
      // Not whether a peer connects from an address its certificate names:
      // a node may reach its peers from another address than it advertises
      // (several interfaces, NAT, several loopback addresses on one host).
      "--experimental-peer-skip-client-san-verification",
    ]
    : [];
  return [
    ...tlsArgs,
    `--name=${options.name}`,
    `--data-dir=${joinPath(options.dataDir, "etcd")}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${advertiseClient}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${advertisePeer}`,
    `--initial-cluster=${
      options.existingCluster ?? `${options.name}=${advertisePeer}`
    }`,
    `--initial-cluster-state=${options.existingCluster ? "existing" : "new"}`,
    `--initial-cluster-token=${options.clusterToken}`,
    // A member that dies is replaced as raft leader within 0.3–0.6 s (etcd's
    // defaults: 100 ms, 1,000 ms), and etcd extends every lease by the
    // election timeout when its leader changes, so that the leases the dead
    // member held expire soon after their TTL: nodes on one LAN answer in
    // far less than this.
    "--heartbeat-interval=50",
    "--election-timeout=300",
    "--logger=zap",
    `--log-outputs=${joinPath(options.dataDir, "etcd.log")}`,
  ];
}

/**
 * Environment for etcd on CPU `arch` (Deno's name for it): etcd 3.4, Debian's,
 * refuses to start on arm64 unless `ETCD_UNSUPPORTED_ARCH=arm64` says it may
 * (from 3.5 on, arm64 is supported and the variable is ignored). Deno runs on
 * x86_64 and aarch64 only, so nothing else is needed.
 *
 * @example
 * ```ts
 * import { etcdEnvironment } from "./etcd_process.ts";
 * console.log(etcdEnvironment("aarch64")); // { ETCD_UNSUPPORTED_ARCH: "arm64" }
 * console.log(etcdEnvironment("x86_64")); // {}
 * ```
 */
export function etcdEnvironment(
  arch: string = Deno.build.arch,
): Record<string, string> {
  return arch === "aarch64" ? { ETCD_UNSUPPORTED_ARCH: "arm64" } : {};
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Throws `port-in-use` when something already listens on `port`. */
function assertPortFree(address: string, port: number, what: string): void {
  try {
    Deno.listen({ hostname: address, port }).close();
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new EtcdProcessError(
        "port-in-use",
        `the etcd ${what} port ${port} on ${address} is already in use (another etcd? Debian's etcd service listens on 2379 and 2380: 'systemctl disable --now etcd')`,
      );
    }
    if (e instanceof Deno.errors.AddrNotAvailable) {
      throw new EtcdProcessError(
        "start-failed",
        `cannot listen on ${address}: not an address of this machine`,
      );
    }
    throw e;
  }
}

/** The last lines of etcd's log, each shortened, for an error message. */
async function logTail(dataDir: string, lines = 5): Promise<string> {
  const text = await Deno.readTextFile(joinPath(dataDir, "etcd.log")).catch(
    () => "",
  );
  const last = text.trimEnd().split("\n").slice(-lines).filter((l) => l);
  return last.length === 0
    ? ""
    : `; etcd's log (${joinPath(dataDir, "etcd.log")}) ends with: ${
      last.map((l) => l.slice(0, 300)).join(" | ")
    }`;
}

/**
 * A running local etcd.
 *
 * @example
 * ```ts
 * import { LocalEtcd } from "./etcd_process.ts";
 * const etcd = await LocalEtcd.start({
 *   name: "alpha", dataDir: "/tmp/kat", clientPort: 2379, peerPort: 2380,
 *   listenAddress: "127.0.0.1", clusterToken: "kat-home",
 * });
 * console.log(etcd.endpoint); // "http://127.0.0.1:2379"
 * await etcd.stop();
 * ```
 */
export class LocalEtcd {
  /** The client URL the agent connects to. */
  readonly endpoint: string;
  /** The process id. */
  readonly pid: number;
  /** Resolves with etcd's exit status when it exits, for whatever reason. */
  readonly exited: Promise<Deno.CommandStatus>;
  readonly #process: Deno.ChildProcess;
  readonly #pidFile: string;
  #pidFileError: string | undefined;
  #stopping = false;
  /** The health check's HTTPS client (the node's certificate), with TLS. */
  #healthClient: Deno.HttpClient | undefined;

  private constructor(
    process: Deno.ChildProcess,
    endpoint: string,
    pidFile: string,
    tls?: LocalEtcdTls,
  ) {
    this.#healthClient = tls
      ? Deno.createHttpClient({
        caCerts: [tls.caPem],
        cert: tls.certPem,
        key: tls.keyPem,
      })
      : undefined;
    this.#process = process;
    this.pid = process.pid;
    this.endpoint = endpoint;
    this.#pidFile = pidFile;
    this.exited = process.status;
  }

  /**
   * Why `etcd.pid` could not be written, or undefined when it was: without
   * it, a restart after the agent is killed cannot find this etcd.
   *
   * @example
   * ```ts
   * import type { LocalEtcd } from "./etcd_process.ts";
   * declare const etcd: LocalEtcd;
   * if (etcd.pidFileError) console.warn(etcd.pidFileError);
   * ```
   */
  get pidFileError(): string | undefined {
    return this.#pidFileError;
  }

  /** Whether {@link LocalEtcd.stop} was called. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /**
   * Starts etcd and waits until it reports healthy. Fails with an
   * {@link EtcdProcessError}: the binary is missing, a port is taken, the data
   * directory cannot be made, or etcd exits or stays unhealthy (the message
   * then quotes the end of etcd's log); `stopped` when `options.signal`
   * aborts first.
   */
  static async start(options: LocalEtcdOptions): Promise<LocalEtcd> {
    if (options.signal?.aborted) throw startStopped();
    assertPortFree(options.listenAddress, options.clientPort, "client");
    assertPortFree(options.listenAddress, options.peerPort, "peer");
    try {
      await Deno.mkdir(joinPath(options.dataDir, "etcd"), {
        recursive: true,
        mode: 0o700,
      });
    } catch (e) {
      throw new EtcdProcessError(
        "data-dir",
        `cannot create the data directory ${options.dataDir}: ${
          (e as Error).message
        }`,
      );
    }
    if (options.signal?.aborted) throw startStopped();
    let process: Deno.ChildProcess;
    try {
      process = new Deno.Command(options.binary ?? "etcd", {
        args: etcdArgs(options),
        env: etcdEnvironment(),
        stdin: "null",
        stdout: "null",
        stderr: "null",
        // A session of its own: Ctrl-C in a terminal signals the whole
        // foreground process group, and etcd must outlive the agent's
        // resignation, which needs it. The agent stops it afterwards.
        detached: true,
      }).spawn();
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) {
        throw new EtcdProcessError(
          "not-installed",
          "etcd is not installed (no 'etcd' on PATH): install Debian's etcd-server package ('apt-get install etcd-server'), or give --etcd-endpoints of an existing etcd cluster",
        );
      }
      throw e;
    }
    const pidFile = joinPath(options.dataDir, "etcd.pid");
    const endpoint = url(
      options.reachAddress ?? reachable(options.listenAddress),
      options.clientPort,
      options.tls !== undefined,
    );
    const etcd = new LocalEtcd(process, endpoint, pidFile, options.tls);
    await Deno.writeTextFile(pidFile, `${process.pid}\n`).catch((e) => {
      etcd.#pidFileError = `cannot write ${pidFile}: ${(e as Error).message}`;
    });
    try {
      await etcd.#waitHealthy(options);
    } catch (e) {
      await etcd.stop(2000);
      throw e;
    }
    if (options.signal?.aborted) {
      await etcd.stop(5000);
      throw startStopped();
    }
    return etcd;
  }

  async #waitHealthy(options: LocalEtcdOptions): Promise<void> {
    const timeout = options.startTimeoutMs ?? 60_000;
    const deadline = Date.now() + timeout;
    let exited: Deno.CommandStatus | undefined;
    this.exited.then((s) => exited = s);
    const signal = options.signal;
    while (Date.now() < deadline) {
      if (signal?.aborted) throw startStopped();
      if (exited) {
        throw new EtcdProcessError(
          "start-failed",
          `etcd exited at start (code ${exited.code}${
            exited.signal ? `, ${exited.signal}` : ""
          })${await logTail(options.dataDir)}`,
        );
      }
      if (await this.healthy(signal)) return;
      await sleep(100, signal);
    }
    throw new EtcdProcessError(
      "unhealthy",
      `etcd did not become healthy within ${timeout / 1000} s${await logTail(
        options.dataDir,
      )}`,
    );
  }

  /**
   * Whether etcd answers its `/health` endpoint with `"health": "true"`
   * (within a second, and before `signal` aborts).
   *
   * @example
   * ```ts
   * import type { LocalEtcd } from "./etcd_process.ts";
   * declare const etcd: LocalEtcd;
   * console.log(await etcd.healthy());
   * ```
   */
  async healthy(signal?: AbortSignal): Promise<boolean> {
    const timeout = AbortSignal.timeout(1000);
    try {
      const res = await fetch(`${this.endpoint}/health`, {
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        client: this.#healthClient,
      });
      const body = await res.json();
      return res.ok && body?.health === "true";
    } catch {
      return false;
    }
  }

  /**
   * Whether etcd's log ends saying that its member was removed from the
   * cluster (after which etcd stops).
   *
   * @example
   * ```ts
   * import type { LocalEtcd } from "./etcd_process.ts";
   * declare const etcd: LocalEtcd;
   * await etcd.exited;
   * console.log(await etcd.removedFromCluster());
   * ```
   */
  async removedFromCluster(): Promise<boolean> {
    // The log sits beside the pid file, in the data directory.
    const log = this.#pidFile.replace(/etcd\.pid$/, "etcd.log");
    const text = await Deno.readTextFile(log).catch(() => "");
    return /permanently removed from the cluster/.test(
      text.slice(-20_000),
    );
  }

  /**
   * Stops etcd: SIGTERM (and SIGCONT, so that a stopped etcd can act on it),
   * then SIGKILL after `timeoutMs` (default 10,000) or as soon as
   * `options.kill` aborts; with `options.hard`, SIGKILL alone. Resolves when
   * it has exited.
   *
   * @example
   * ```ts
   * import type { LocalEtcd } from "./etcd_process.ts";
   * declare const etcd: LocalEtcd;
   * await etcd.stop(5000, { kill: AbortSignal.timeout(1000) });
   * ```
   */
  async stop(
    timeoutMs = 10_000,
    options: { kill?: AbortSignal; hard?: boolean } = {},
  ): Promise<Deno.CommandStatus> {
    this.#stopping = true;
    const send = (signal: Deno.Signal) => {
      try {
        this.#process.kill(signal);
      } catch {
        // already exited
      }
    };
    if (options.hard) {
      send("SIGKILL");
    } else {
      send("SIGTERM");
      send("SIGCONT");
    }
    const kill = () => send("SIGKILL");
    if (options.kill?.aborted) kill();
    options.kill?.addEventListener("abort", kill, { once: true });
    const timer = setTimeout(kill, timeoutMs);
    const status = await this.exited;
    clearTimeout(timer);
    options.kill?.removeEventListener("abort", kill);
    await Deno.remove(this.#pidFile).catch(() => {});
    // A second stop (one already under way) closes nothing twice.
    const health = this.#healthClient;
    this.#healthClient = undefined;
    health?.close();
    return status;
  }
}
