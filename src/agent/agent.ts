/**
 * `kat-agent init` for real: read and check `cluster.kat`, start the local
 * etcd (or use `--etcd-endpoints`), campaign for leadership, and as leader
 * store the cluster configuration; until stopped.
 *
 * This module loads etcd's client (gRPC on Deno's Node compatibility layer):
 * the command line imports it only for `init` without `--dry-run`.
 *
 * @module
 */
import type { ClusterConfiguration } from "../gen/types.ts";
import {
  clusterConfigurationOf,
  loadClusterConfiguration,
} from "../cluster/cluster_config.ts";
import { formatDiagnosticsText, plain } from "../output/diagnostics_text.ts";
import {
  connectEtcd,
  loadEtcdLibrary,
  toStateStoreError,
} from "../state/etcd_client.ts";
import type { Etcd3, Watcher } from "../state/etcd3.d.ts";
import { EtcdStateStore } from "../state/etcd_store.ts";
import { StateStoreError } from "../state/state_store.ts";
import { VERSION } from "../version.ts";
import { clusterName, etcdPorts, leaseTtlSeconds } from "./cluster_record.ts";
import {
  assertSameConfiguration,
  ConfigStoreError,
  readStoredConfiguration,
  storeClusterConfiguration,
} from "./config_store.ts";
import { CampaignError, Election, type Leadership } from "./election.ts";
import { EtcdProcessError, LocalEtcd } from "./etcd_process.ts";
import { DataDirLock } from "./data_dir_lock.ts";
import { stopOrphanEtcd } from "./orphan_etcd.ts";
import { CLUSTER_CONFIG_KEY, LEADER_ELECTION_PREFIX } from "./keys.ts";
import { Lease } from "./lease.ts";
import { readLeaseRecord, writeLeaseRecord } from "./lease_record.ts";
import { resolve as resolvePath } from "../input/paths.ts";
import { type LogFormat, Logger } from "./log.ts";
import { type InitIdentity, initIdentity } from "./init_identity.ts";
import { setUpLeaderIdentity } from "./etcd_identities.ts";
import { LeaderDuties } from "./leader_duties.ts";
import { CandidateApi } from "./candidate_api.ts";
import { PkiError } from "../pki/pki_error.ts";
import type { EtcdTlsOptions } from "../state/etcd_client.ts";
import type { VersionCompare } from "../state/state_store.ts";
import { StatusReporter } from "../nodes/status_report.ts";
import { nodeLeavingKey } from "../nodes/keys.ts";
import { ClusterMembers } from "./cluster_members.ts";
import {
  ETCD_MEMBER_NAME,
  hexMemberId,
  promoteMember,
} from "../state/etcd_members.ts";
import type { JoinRecord } from "../join/join_record.ts";
import { keepEtcdEndpoints } from "./etcd_endpoints.ts";
import type { PkiFiles } from "../pki/pki_files.ts";
import { KatconfigError, readKatconfig } from "../katconfig/mod.ts";
import { updateKatconfigServers } from "../katconfig/update_servers.ts";
import { certPublicKeySha256 } from "../pki/public_key_hash.ts";
import {
  apiPort,
  httpsUrl,
  nodeNetwork,
  nodeTiming,
} from "./cluster_record.ts";

/**
 * What `kat-agent init` was asked to do.
 *
 * @example
 * ```ts
 * import type { AgentOptions } from "./agent.ts";
 * const options: AgentOptions = {
 *   configPath: "cluster.kat", nodeName: "alpha", dataDir: "/var/lib/kat",
 *   etcdListenAddress: "127.0.0.1", logFormat: "text",
 *   stop: new AbortController().signal, stderr: async () => {},
 * };
 * ```
 */
export interface AgentOptions {
  /** The `cluster.kat` to read (not with `member`). */
  configPath?: string;
  /**
   * Run as a node that joined as an etcd member (`kat-agent join`): its
   * identity and etcd member come from its join, the configuration from
   * etcd. Default: `kat-agent init` (the file at `configPath`).
   */
  member?: MemberStart;
  /**
   * The data directory's lock, when the caller holds it already (then the
   * run releases it). Default: the run takes it.
   */
  lock?: DataDirLock;
  /** This node's name (already checked). */
  nodeName: string;
  /** The data directory (the local etcd's data, log and pid file). */
  dataDir: string;
  /** Client URLs of an existing etcd; none: start a local etcd. */
  etcdEndpoints?: string[];
  /** The address the local etcd listens on. */
  etcdListenAddress: string;
  /**
   * The address this node advertises: its API listens there, and its
   * certificate names it. Default: `etcdListenAddress`.
   */
  advertiseAddress?: string;
  /**
   * Run the local etcd over plain HTTP without access control (development
   * only; logged as a warning). Default: false: TLS, client certificates and
   * etcd's access control.
   */
  insecureEtcd?: boolean;
  /** The log format. */
  logFormat: LogFormat;
  /** Aborted (with the signal's name as reason) to shut down. */
  stop: AbortSignal;
  /**
   * Aborted (with the signal's name as reason) to shut down at once: no
   * resignation or revocation is awaited and the local etcd is killed.
   * Default: never.
   */
  force?: AbortSignal;
  /** Where log lines and diagnostics go. */
  stderr: (text: string) => Promise<void>;
}

/**
 * What a node that joined as an etcd member starts from.
 *
 * @example
 * ```ts
 * import type { MemberStart } from "./agent.ts";
 * declare const start: MemberStart;
 * console.log(start.record.member?.id, start.caHash);
 * ```
 */
export interface MemberStart {
  /** Its join record (with `member`). */
  record: JoinRecord;
  /** `D/pki/`'s files, with the CA's key. */
  files: PkiFiles & { caKey: string };
  /** `sha256:HEX` of the CA. */
  caHash: string;
}

/** How long to wait between attempts to reach etcd. */
const RETRY_MS = 1000;
/** How long to wait between attempts to promote this node's learner. */
const PROMOTE_RETRY_MS = 500;
/** How long to wait before asking again for a lease granted too late. */
const STALE_PAUSE_MS = 300;
/** How long a resignation, and then a revocation, may take when stopping. */
const STEP_DOWN_MS = 2000;
/** How long the local etcd gets to stop after SIGTERM before SIGKILL. */
const ETCD_STOP_MS = 5000;
/** How long the API, the reports and the leader's duties get to stop. */
const SERVICES_STOP_MS = 1000;
/** How often to repeat that etcd is unreachable. */
const REPEAT_UNREACHABLE_MS = 30_000;

type Interrupt =
  | { kind: "stop"; reason: string }
  | { kind: "etcd-exited"; status: Deno.CommandStatus; removed?: boolean }
  | { kind: "refused"; error: ConfigStoreError }
  | { kind: "leaving" };

function describeStatus(status: Deno.CommandStatus): string {
  return status.signal ? `killed by ${status.signal}` : `code ${status.code}`;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs the agent until `options.stop` aborts or a fatal problem; resolves to
 * the exit code: 0 after a clean shutdown, 1 for an invalid or refused
 * configuration or an etcd that cannot be started or dies.
 *
 * @example
 * ```ts
 * import { runAgent } from "./agent.ts";
 * const stop = new AbortController();
 * Deno.addSignalListener("SIGINT", () => stop.abort("SIGINT"));
 * const code = await runAgent({
 *   configPath: "cluster.kat", nodeName: "alpha", dataDir: "/var/lib/kat",
 *   etcdListenAddress: "127.0.0.1", logFormat: "text", stop: stop.signal,
 *   stderr: async (t) => void await Deno.stderr.write(new TextEncoder().encode(t)),
 * });
 * Deno.exit(code);
 * ```
 */
export async function runAgent(options: AgentOptions): Promise<number> {
  const log = new Logger(options.stderr, { format: options.logFormat });
  try {
    return await new AgentRun(options, log).run();
  } finally {
    await log.flush();
  }
}

class AgentRun {
  readonly o: AgentOptions;
  readonly log: Logger;
  /** The data directory as an absolute path, used for everything in it. */
  readonly dataDir: string;
  readonly interrupted: Promise<Interrupt>;
  #interrupt!: (i: Interrupt) => void;
  /** Resolves when a second stop asks to stop at once. */
  readonly forced: Promise<typeof FORCED>;
  #closed = false;
  local: LocalEtcd | undefined;
  lock: DataDirLock | undefined;
  client: Etcd3 | undefined;
  store: EtcdStateStore | undefined;
  /** This node's identity: the cluster CA and its certificate. */
  identity: InitIdentity | undefined;
  /** The election, once etcd is connected. */
  election: Election | undefined;
  /** The fence of this node's leadership while it leads. */
  fence: VersionCompare | undefined;
  /** The API endpoint of this leader candidate. */
  api: CandidateApi | undefined;
  /** This node's own reports. */
  reporter: StatusReporter | undefined;
  /** The duties of the current leadership. */
  duties: LeaderDuties | undefined;
  /** etcd's membership, when the cluster's etcd is this node's and TLS. */
  members: ClusterMembers | undefined;
  #unreachableSince: number | undefined;
  #unreachableLogged = 0;
  /** Every lease granted and not yet revoked: closed however the run ends. */
  readonly #leases = new Set<Lease>();
  /** Watches to cancel when the run ends. */
  readonly #watchers: Watcher[] = [];
  /** More to cancel when the run ends. */
  readonly #cancels: (() => void)[] = [];

  constructor(options: AgentOptions, log: Logger) {
    this.o = options;
    this.log = log;
    this.dataDir = resolvePath(options.dataDir);
    this.interrupted = new Promise((resolve) => this.#interrupt = resolve);
    const onStop = () =>
      this.#interrupt({ kind: "stop", reason: String(options.stop.reason) });
    if (options.stop.aborted) onStop();
    options.stop.addEventListener("abort", onStop, { once: true });
    this.forced = new Promise((resolve) => {
      const onForce = () => {
        onStop();
        resolve(FORCED);
      };
      if (options.force?.aborted) onForce();
      options.force?.addEventListener("abort", onForce, { once: true });
    });
  }

  get node(): string {
    return this.o.nodeName;
  }

  get advertiseAddress(): string {
    return this.o.advertiseAddress ?? this.o.etcdListenAddress;
  }

  async run(): Promise<number> {
    let config: ClusterConfiguration | undefined;
    if (this.o.member) {
      const m = this.o.member.record.member!;
      this.log.info(
        "etcd.member",
        `node ${this.node} runs etcd member ${hexMemberId(m.id)}`,
        { node: this.node, member: m.id, peerUrl: m.peerUrl },
      );
    } else {
      const loaded = await loadClusterConfiguration(this.o.configPath ?? "");
      config = clusterConfigurationOf(loaded);
      if (!loaded.valid || !config) {
        await this.reportInvalid(loaded.diagnostics);
        return 1;
      }
      this.log.info("agent.starting", "starting kat-agent init", {
        node: this.node,
        cluster: clusterName(config),
        config: this.o.configPath,
        leaseTtl: leaseTtlSeconds(config),
        version: VERSION,
      });
    }
    this.interrupted.then((i) => {
      if (i.kind === "stop") {
        this.log.info("agent.stopping", `received ${i.reason}: shutting down`, {
          node: this.node,
        });
      }
    });
    this.forced.then(() => {
      this.log.warn(
        "agent.forced",
        `received ${this.o.force?.reason} again: stopping at once, without resigning`,
        { node: this.node },
      );
    });
    let code: number;
    try {
      code = await this.#runWithEtcd(config);
    } catch (e) {
      code = this.fatal(e);
    } finally {
      await this.#close();
    }
    // Stopped at once: no resignation, nothing revoked, etcd killed.
    return this.o.force?.aborted ? Math.max(code, 1) : code;
  }

  async reportInvalid(
    diagnostics: Awaited<
      ReturnType<typeof loadClusterConfiguration>
    >["diagnostics"],
  ): Promise<void> {
    if (this.o.logFormat === "text") {
      await this.o.stderr(formatDiagnosticsText(diagnostics, plain));
    } else {
      for (const d of diagnostics) {
        const level = d.severity === "warning" ? "warn" : "error";
        this.log.log(level, "config.diagnostic", d.message, {
          file: d.file,
          line: d.line,
          column: d.column,
          path: d.path,
          hint: d.hint,
        });
      }
    }
    this.log.error("config.invalid", "the cluster configuration is invalid", {
      config: this.o.configPath,
    });
  }

  fatal(e: unknown): number {
    if (e instanceof EtcdProcessError) {
      this.log.error(
        e.code === "removed"
          ? "node.removed"
          : e.code === "exited"
          ? "etcd.exited"
          : "etcd.failed",
        e.message,
        { code: e.code },
      );
    } else if (e instanceof ConfigStoreError) {
      this.log.error(
        e.code === "mismatch" ? "config.refused" : "config.failed",
        e.message,
        { key: CLUSTER_CONFIG_KEY },
      );
    } else if (e instanceof StateStoreError) {
      this.log.error("etcd.failed", e.message, { code: e.code });
    } else if (e instanceof PkiError) {
      this.log.error("pki.failed", e.message, { code: e.code });
    } else {
      throw e;
    }
    return 1;
  }

  async #runWithEtcd(fileConfig: ClusterConfiguration | undefined) {
    let endpoints = this.o.etcdEndpoints;
    const member = this.o.member;
    // The lock also guards the lease record, with an external etcd too.
    this.lock = this.o.lock ??
      await DataDirLock.acquire(this.dataDir, this.node);
    if (member) {
      this.identity = {
        files: member.files,
        caHash: member.caHash,
        created: false,
      };
    } else {
      this.identity = await initIdentity(this.dataDir, {
        clusterName: clusterName(fileConfig!),
        nodeName: this.node,
        advertiseAddress: this.advertiseAddress,
      });
      this.log.info(
        this.identity.created ? "pki.created" : "pki.found",
        this.identity.created
          ? `made the cluster CA and this node's certificate in ${this.dataDir}/pki`
          : `using the cluster CA and this node's certificate in ${this.dataDir}/pki`,
        { caHash: this.identity.caHash },
      );
    }
    const files = this.identity.files;
    const tls = (!endpoints || endpoints.length === 0) && !this.o.insecureEtcd;
    const etcdTls: EtcdTlsOptions | undefined = tls
      ? {
        caCertificate: files.caCert,
        certificate: files.nodeCert,
        privateKey: files.nodeKey,
        serverName: ETCD_MEMBER_NAME,
      }
      : undefined;
    if (!tls) {
      this.log.warn(
        "etcd.insecure",
        endpoints && endpoints.length > 0
          ? "using the given etcd as it is: without this cluster's TLS, client certificates and access control (development only)"
          : "--insecure-etcd: the local etcd serves plain HTTP, without TLS, client certificates or access control; anyone who reaches its port owns the cluster (development only)",
        {},
      );
    }
    if (!endpoints || endpoints.length === 0) {
      const ports = member
        ? {
          client: Number(new URL(member.record.member!.clientUrl).port),
          peer: Number(new URL(member.record.member!.peerUrl).port),
        }
        : etcdPorts(fileConfig!);
      const orphan = await stopOrphanEtcd(this.dataDir);
      if (orphan.found === "orphan") {
        this.log.warn(
          "etcd.orphan",
          `stopped this node's etcd left running by an earlier run (pid ${orphan.pid}, ${orphan.signal})`,
          { pid: orphan.pid, signal: orphan.signal },
        );
      } else if (orphan.found === "unchecked") {
        this.log.warn(
          "etcd.orphan-unchecked",
          `cannot check whether pid ${orphan.pid} (${this.dataDir}/etcd.pid) is an etcd left running by an earlier run: procps' pkill is not installed; starting etcd`,
          { pid: orphan.pid },
        );
      }
      this.local = await LocalEtcd.start({
        name: this.node,
        dataDir: this.dataDir,
        clientPort: ports.client,
        peerPort: ports.peer,
        listenAddress: this.o.etcdListenAddress,
        // Every address: reached at the advertise address, which the node's
        // certificate names.
        reachAddress: ["0.0.0.0", "::"].includes(this.o.etcdListenAddress)
          ? this.advertiseAddress
          : undefined,
        // Only a new cluster uses it: a member joins the cluster it is in.
        clusterToken: member ? "kat" : `kat-${clusterName(fileConfig!)}`,
        existingCluster: member?.record.member?.initialCluster,
        signal: this.o.stop,
        tls: tls
          ? {
            certFile: `${this.dataDir}/pki/node.crt`,
            keyFile: `${this.dataDir}/pki/node.key`,
            caFile: `${this.dataDir}/pki/ca.crt`,
            certPem: files.nodeCert,
            keyPem: files.nodeKey,
            caPem: files.caCert,
          }
          : undefined,
      }).catch((e) => {
        if (e instanceof EtcdProcessError && e.code === "stopped") {
          return undefined;
        }
        throw e;
      });
      // A stop during the start: nothing more is started.
      if (!this.local) return 0;
      this.log.info("etcd.started", "started the local etcd", {
        pid: this.local.pid,
        endpoint: this.local.endpoint,
        dataDir: this.dataDir,
      });
      if (this.local.pidFileError) {
        this.log.warn(
          "etcd.pid-failed",
          `${this.local.pidFileError}; if the agent is killed, a restart cannot stop the etcd it leaves running`,
          { pid: this.local.pid },
        );
      }
      const local = this.local;
      local.exited.then(async (status) => {
        if (local.stopping) return;
        const removed = await local.removedFromCluster();
        this.#interrupt({ kind: "etcd-exited", status, removed });
      });
      endpoints = [this.local.endpoint];
    } else {
      this.log.info("etcd.external", "using an existing etcd cluster", {
        endpoints: endpoints.join(","),
      });
    }
    if (this.o.stop.aborted) return 0;
    if (member && this.local) {
      const promoted = await this.#promote(member, etcdTls!);
      if (!promoted) return await this.#stopped();
    }
    this.client = await connectEtcd({ endpoints, tls: etcdTls });
    this.store = await EtcdStateStore.connect({ endpoints, tls: etcdTls });
    const store = this.store;
    if (tls && !member) {
      const client = this.client;
      const set = await this.#retrying(() =>
        setUpLeaderIdentity(client, this.node)
      );
      if (set === STOPPED) return await this.#stopped();
    }

    let config: ClusterConfiguration;
    if (fileConfig) {
      // Any agent, leader or not, refuses a file that differs from the
      // stored configuration.
      const stored = await this.#retrying(() => readStoredConfiguration(store));
      if (stored === STOPPED) return await this.#stopped();
      if (stored) {
        assertSameConfiguration(stored, fileConfig);
        this.log.info(
          "config.found",
          "the stored cluster configuration matches this file",
          { uid: stored.identity.uid, created: stored.identity.createdAt },
        );
      }
      if (!(await this.#guardConfiguration(fileConfig))) return 0;
      config = fileConfig;
    } else {
      // A member that joined takes the configuration the cluster stores.
      const stored = await this.#storedConfiguration();
      if (stored === STOPPED) return await this.#stopped();
      config = stored;
    }
    const ttl = leaseTtlSeconds(config);
    if (tls && this.local) {
      const ports = etcdPorts(config);
      this.members = ClusterMembers.start({
        client: this.client,
        ports: { ...ports, api: apiPort(config) },
        tls: etcdTls,
        log: this.log,
        onEndpoints: member
          ? (endpoints) =>
            void keepEtcdEndpoints(
              this.log,
              this.dataDir,
              member.record,
              endpoints,
            )
          : undefined,
        // The administrator's katconfig is on this node: it names every
        // node that can lead, so that it works without this one.
        onApiServers: member
          ? undefined
          : (servers) => void this.#keepAdminServers(servers),
      });
      if (!(await this.#watchLeaving())) return 0;
    }
    const { Buffer } = await loadEtcdLibrary();
    this.election = new Election(
      this.client,
      (s) => Buffer.from(s, "utf8"),
      LEADER_ELECTION_PREFIX,
    );
    await this.#startNodeServices(config, endpoints);
    return await this.#electionLoop(config, ttl);
  }

  /** This node's reports, and its API endpoint. */
  async #startNodeServices(config: ClusterConfiguration, endpoints: string[]) {
    const timing = nodeTiming(config);
    this.reporter = await StatusReporter.start(this.client!, {
      name: this.node,
      tickSeconds: timing.tickSeconds,
      ttlSeconds: timing.lossSeconds,
      onError: (e) => void this.#unreachable(e),
    });
    this.log.info("node.reporting", `reporting every ${timing.tickSeconds} s`, {
      node: this.node,
      lossTimeout: timing.lossSeconds,
    });
    const election = this.election!;
    const client = this.client!;
    this.api = CandidateApi.start({
      store: this.store!,
      client,
      nodeName: this.node,
      advertiseAddress: this.advertiseAddress,
      port: apiPort(config),
      identity: this.identity!,
      network: nodeNetwork(config),
      etcdEndpoints: endpoints,
      etcdServerName: this.o.insecureEtcd || this.o.etcdEndpoints?.length
        ? undefined
        : ETCD_MEMBER_NAME,
      members: this.members,
      leadership: () => this.fence,
      leaderName: async () => (await election.leader())?.name,
      log: this.log,
    });
  }

  /**
   * Promotes this node's etcd learner to a voting member, through the other
   * members, once it has caught up (etcd refuses before); at once when its
   * etcd says it votes already. False when stopped meanwhile.
   */
  async #promote(member: MemberStart, tls: EtcdTlsOptions): Promise<boolean> {
    const id = member.record.member!.id;
    const local = await connectEtcd({
      endpoints: [this.local!.endpoint],
      tls,
    });
    let others: Etcd3 | undefined;
    try {
      let waiting = false;
      while (true) {
        const status = await this.#retrying(() => local.maintenance.status());
        if (status === STOPPED) return false;
        if (!status.isLearner) return true;
        others ??= await connectEtcd({
          endpoints: member.record.etcd.endpoints,
          tls,
        });
        try {
          await promoteMember(others, id);
          this.log.info(
            "etcd.member-promoted",
            `etcd member ${hexMemberId(id)} of node ${this.node} votes now`,
            { node: this.node, member: id },
          );
          return true;
        } catch (e) {
          const err = toStateStoreError(e, "promote");
          if (/member not found|not found/i.test(err.message)) {
            throw new EtcdProcessError(
              "exited",
              `etcd member ${
                hexMemberId(id)
              } of node ${this.node} was removed from the cluster before it could vote (katcall delete node); join again with another data directory`,
            );
          }
          if (!waiting) {
            waiting = true;
            this.log.info(
              "etcd.member-catching-up",
              `etcd member ${
                hexMemberId(id)
              } is catching up with the cluster; it votes once it has (${err.message})`,
              { node: this.node, member: id },
            );
          }
        }
        if (await this.#stoppedDuring(PROMOTE_RETRY_MS)) return false;
      }
    } finally {
      local.close();
      others?.close();
    }
  }

  /** The stored configuration, waiting until the cluster has one. */
  async #storedConfiguration(): Promise<
    ClusterConfiguration | typeof STOPPED
  > {
    while (true) {
      const stored = await this.#retrying(() =>
        readStoredConfiguration(this.store!)
      );
      if (stored === STOPPED) return STOPPED;
      if (stored) return stored.config;
      if (await this.#stoppedDuring(RETRY_MS)) return STOPPED;
    }
  }

  /**
   * Writes the members' API URLs into `D/admin.katconfig` (when there is one
   * and they differ): a copy taken later reaches the cluster without this
   * node.
   */
  async #keepAdminServers(servers: string[]) {
    const path = `${this.dataDir}/admin.katconfig`;
    try {
      const config = await readKatconfig(path);
      if (await updateKatconfigServers(path, config, servers)) {
        this.log.info(
          "admin.katconfig-servers",
          `${path} names every node that can lead: ${servers.join(", ")}`,
          { path },
        );
      }
    } catch (e) {
      if (e instanceof KatconfigError && e.reason === "not_found") return;
      this.log.warn(
        "admin.katconfig-failed",
        `cannot write the servers into ${path}: ${message(e)}`,
        { path },
      );
    }
  }

  /**
   * Watches the stored configuration for as long as the agent runs: once it
   * is stored and differs from this file, the agent refuses (a `refused`
   * interrupt), whether it leads, waits as a candidate or campaigns. Reads it
   * again once the watch is in place, so that a configuration stored since
   * the first read is not missed. False when stopped meanwhile.
   */
  async #guardConfiguration(config: ClusterConfiguration): Promise<boolean> {
    const store = this.store!;
    const check = async () => {
      try {
        const stored = await readStoredConfiguration(store);
        if (stored) assertSameConfiguration(stored, config);
      } catch (e) {
        if (e instanceof ConfigStoreError) {
          this.#interrupt({ kind: "refused", error: e });
        }
        // etcd out of reach: the leader's own write compares again.
      }
    };
    if (!(await this.#onPut(CLUSTER_CONFIG_KEY, () => void check()))) {
      return false;
    }
    await check();
    return true;
  }

  /**
   * Calls `onPut` whenever `key` is written, for as long as the agent runs
   * (the watch is cancelled when it ends). False when stopped before the
   * watch was in place.
   */
  async #onPut(key: string, onPut: () => void): Promise<boolean> {
    const watcher = await this.#retrying(() =>
      this.client!.watch().key(key).only("put").create()
    );
    if (watcher === STOPPED) return false;
    this.#watchers.push(watcher);
    watcher.on("data", onPut);
    watcher.on("error", () => {});
    return true;
  }

  /**
   * Resolves to `fn()`, retrying while etcd is unreachable; or STOPPED as
   * soon as the agent is stopped, whatever `fn()` still waits for.
   */
  async #retrying<T>(fn: () => Promise<T>): Promise<T | typeof STOPPED> {
    while (true) {
      const r = await this.#unlessInterrupted(fn());
      if (r.kind === "stop") return STOPPED;
      if (
        r.kind === "etcd-exited" || r.kind === "refused" ||
        r.kind === "leaving"
      ) {
        this.#fail(r);
      }
      if (r.kind === "done") {
        this.#reachable();
        return r.value;
      }
      if (!this.#unreachable(r.error)) throw asEtcdFailure(r.error);
      if (await this.#stoppedDuring(RETRY_MS)) return STOPPED;
    }
  }

  /** `p`'s outcome, or the interrupt if that comes first. */
  #unlessInterrupted<T>(
    p: Promise<T>,
  ): Promise<
    | Interrupt
    | { kind: "done"; value: T }
    | { kind: "error"; error: unknown }
  > {
    return Promise.race([
      p.then(
        (value) => ({ kind: "done" as const, value }),
        (error) => ({ kind: "error" as const, error }),
      ),
      this.interrupted,
    ]);
  }

  /** Whether `e` means etcd could not be reached (and says so, now and then). */
  #unreachable(e: unknown): boolean {
    if (e instanceof CampaignError || e instanceof ConfigStoreError) {
      return false;
    }
    const err = toStateStoreError(e, "etcd");
    if (err.reason !== "unavailable") return false;
    const now = Date.now();
    this.#unreachableSince ??= now;
    if (now - this.#unreachableLogged >= REPEAT_UNREACHABLE_MS) {
      this.#unreachableLogged = now;
      this.log.warn("etcd.unreachable", `cannot reach etcd: ${err.message}`, {
        since: new Date(this.#unreachableSince).toISOString(),
      });
    }
    return true;
  }

  #reachable() {
    if (this.#unreachableSince !== undefined) {
      this.log.info("etcd.reachable", "etcd can be reached again", {});
    }
    this.#unreachableSince = undefined;
    this.#unreachableLogged = 0;
  }

  /** Waits `ms`, or less if interrupted (then resolves to the interrupt). */
  async #pause(ms: number): Promise<Interrupt | undefined> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await Promise.race([
      this.interrupted,
      new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), ms)),
    ]);
    clearTimeout(timer);
    return result;
  }

  /**
   * Waits `ms`: true as soon as the agent is stopped; throws the error of any
   * other interrupt.
   */
  async #stoppedDuring(ms: number): Promise<boolean> {
    const i = await this.#pause(ms);
    if (i?.kind === "stop") return true;
    if (i) this.#fail(i);
    return false;
  }

  /** Throws the error an interrupt other than a stop ends the agent with. */
  #fail(i: Interrupt): never {
    if (i.kind === "refused") throw i.error;
    if (i.kind === "leaving") this.#leave();
    if (i.kind === "etcd-exited") this.#etcdDied(i.status, i.removed);
    throw new Error(`unexpected interrupt ${i.kind}`);
  }

  /**
   * Watches this node's leaving key for as long as the agent runs: the
   * leader puts it just before it removes this node's etcd member (a
   * `leaving` interrupt). False when stopped meanwhile.
   */
  #watchLeaving(): Promise<boolean> {
    return this.#onPut(
      nodeLeavingKey(this.node),
      () => this.#interrupt({ kind: "leaving" }),
    );
  }

  /**
   * Stops the local etcd at once (SIGKILL: no goodbye to its clients, which
   * etcd's own stop on removal would say) and ends the agent as removed.
   */
  #leave(): never {
    this.log.warn(
      "node.leaving",
      `node ${this.node} is being removed from the cluster: stopping its etcd member`,
      { node: this.node },
    );
    if (this.local) void this.local.stop(0, { hard: true });
    throw new EtcdProcessError(
      "removed",
      `node ${this.node} was removed from the cluster (katcall delete node); stopping`,
    );
  }

  #etcdDied(status: Deno.CommandStatus, removed = false): never {
    if (removed) {
      throw new EtcdProcessError(
        "removed",
        `this node's etcd member was removed from the cluster: node ${this.node} was removed (katcall delete node); stopping`,
      );
    }
    throw new EtcdProcessError(
      "exited",
      `the local etcd (pid ${this.local?.pid}) exited unexpectedly (${
        describeStatus(status)
      })`,
    );
  }

  async #electionLoop(config: ClusterConfiguration, ttl: number) {
    const client = this.client!;
    const election = this.election!;
    // This node's key of an earlier run (killed, or its lease lost while
    // etcd was away): removed, so that it does not wait behind itself. Only
    // the recorded lease's key: another agent with the same name keeps its.
    const recorded = await readLeaseRecord(this.dataDir);
    if (recorded) {
      const removed = await this.#retrying(() => election.removeOwn(recorded));
      if (removed === STOPPED) return await this.#stopped();
    }
    let previous: Lease | undefined;
    while (true) {
      const lease = await this.#retrying(() => this.#grant(client, ttl));
      if (lease === STOPPED) return await this.#stopped();
      // A lease lost while etcd was away may still hold our old election
      // key (etcd renews leases when it restarts): revoke it now.
      if (previous) {
        const old = previous;
        previous = undefined;
        await this.#revoke(old);
      }
      // A grant answered late (etcd frozen, a slow network) leaves a lease
      // this agent may already have to give up: never campaign with it.
      if (lease.remainingMs() < (lease.ttlSeconds * 1000) / 2) {
        this.log.warn(
          "lease.stale",
          `the lease was granted ${
            ((lease.ttlSeconds * 1000 - lease.remainingMs()) / 1000).toFixed(1)
          } s after it was asked for (TTL ${lease.ttlSeconds} s); asking again`,
          { lease: lease.hexId },
        );
        await this.#revokeQuietly(lease);
        if (await this.#stoppedDuring(STALE_PAUSE_MS)) {
          return await this.#stopped();
        }
        continue;
      }
      await writeLeaseRecord(this.dataDir, lease.hexId).catch((e) =>
        this.log.warn(
          "lease.record-failed",
          `cannot record the lease in the data directory (${
            message(e)
          }); after a crash this node may wait up to ${lease.ttlSeconds} s behind its own old key`,
          { lease: lease.hexId, dataDir: this.dataDir },
        )
      );
      const campaign = new AbortController();
      this.interrupted.then(() => campaign.abort());
      let leadership: Leadership;
      try {
        leadership = await this.#orInterrupt(
          election.campaign(lease, this.node, {
            signal: campaign.signal,
            onWaiting: (leader) => {
              if (leader?.name === this.node) {
                this.log.warn(
                  "leader.duplicate-name",
                  `another candidate with node name ${this.node} leads (key ${leader.key}): node names must be unique in a cluster; waiting behind it until it resigns or its lease expires`,
                  { node: this.node, key: leader.key },
                );
              }
              this.log.info(
                "leader.waiting",
                leader
                  ? `waiting as a candidate; ${leader.name} leads`
                  : "waiting as a candidate",
                { node: this.node, leader: leader?.name },
              );
            },
          }),
        );
      } catch (e) {
        if (
          e instanceof Interrupted ||
          (e instanceof CampaignError && e.code === "aborted")
        ) {
          await this.#revokeQuietly(lease);
          const i = await this.interrupted;
          return i.kind === "stop" ? await this.#stopped() : this.#fail(i);
        }
        if (e instanceof CampaignError) {
          this.log.warn("candidate.lost", `${e.message}; campaigning again`, {
            node: this.node,
          });
        } else if (!this.#unreachable(e)) {
          throw asEtcdFailure(e);
        }
        previous = lease;
        if (await this.#stoppedDuring(RETRY_MS)) return await this.#stopped();
        continue;
      }
      this.#reachable();
      if (lease.remainingMs() <= 0) {
        // Won on a lease that may already have expired: not leadership.
        this.log.warn(
          "candidate.lost",
          "the lease may have expired before the campaign ended; campaigning again",
          { node: this.node },
        );
        previous = lease;
        continue;
      }
      const result = await this.#lead(config, election, lease, leadership);
      if (result === "lost") {
        previous = lease;
        continue;
      }
      return result;
    }
  }

  /** Acts as leader until stopped or the lease is lost. */
  async #lead(
    config: ClusterConfiguration,
    election: Election,
    lease: Lease,
    leadership: Leadership,
  ): Promise<number | "lost"> {
    this.log.info("leader.elected", `node ${this.node} leads the cluster`, {
      node: this.node,
      leaseTtl: lease.ttlSeconds,
      key: leadership.key,
    });
    const own = election.watchKey(leadership);
    this.#cancels.push(own.cancel);
    const lost = Promise.race([lease.lost, own.gone]).then((reason) => {
      own.cancel();
      return { kind: "lost" as const, reason };
    });
    const store = this.store!;
    // Store the configuration, guarded by this leadership.
    while (true) {
      const attempt = storeClusterConfiguration(store, config, {
        fence: leadership.fence,
      }).then((outcome) => ({ kind: "done" as const, outcome }), (error) => ({
        kind: "error" as const,
        error,
      }));
      const r = await Promise.race([attempt, lost, this.interrupted]);
      if (r.kind === "done") {
        this.#reachable();
        this.log.info(
          r.outcome.outcome === "created" ? "config.stored" : "config.kept",
          r.outcome.outcome === "created"
            ? `stored the cluster configuration under ${CLUSTER_CONFIG_KEY}`
            : `the cluster configuration under ${CLUSTER_CONFIG_KEY} is already stored${
              this.o.member ? "" : " and matches this file"
            }; keeping it`,
          {
            uid: r.outcome.identity.uid,
            created: r.outcome.identity.createdAt,
            version: r.outcome.version,
          },
        );
        break;
      }
      if (r.kind === "error") {
        if (
          r.error instanceof ConfigStoreError && r.error.code !== "not-leader"
        ) {
          await this.#stepDown(election, lease, leadership);
          throw r.error;
        }
        if (
          !(r.error instanceof ConfigStoreError) && !this.#unreachable(r.error)
        ) {
          throw asEtcdFailure(r.error);
        }
        if (r.error instanceof ConfigStoreError) {
          return this.#lostLeadership(r.error.message);
        }
        const i = await Promise.race([this.#pause(RETRY_MS), lost]);
        if (i === undefined) continue;
        if (i.kind === "lost") return this.#lostLeadership(i.reason);
        return await this.#leaderInterrupted(i, election, lease, leadership);
      }
      if (r.kind === "lost") return this.#lostLeadership(r.reason);
      return await this.#leaderInterrupted(r, election, lease, leadership);
    }
    this.fence = leadership.fence;
    this.duties = await this.#startDuties(config, leadership.fence);
    try {
      const r = await Promise.race([lost, this.interrupted]);
      if (r.kind === "lost") return this.#lostLeadership(r.reason);
      return await this.#leaderInterrupted(r, election, lease, leadership);
    } finally {
      this.fence = undefined;
      const duties = this.duties;
      this.duties = undefined;
      await duties?.stop();
    }
  }

  async #startDuties(
    config: ClusterConfiguration,
    fence: VersionCompare,
  ): Promise<LeaderDuties> {
    const identity = this.identity!;
    return LeaderDuties.start({
      store: this.store!,
      fence,
      log: this.log,
      dataDir: this.dataDir,
      clusterName: clusterName(config),
      nodeName: this.node,
      advertiseAddress: this.advertiseAddress,
      publicKeySha256: await certPublicKeySha256(identity.files.nodeCert),
      network: nodeNetwork(config),
      lossTimeoutSeconds: nodeTiming(config).lossSeconds,
      // The administrator's katconfig is the init node's: a member that
      // joined holds no credential.
      servers: this.o.member
        ? undefined
        : [httpsUrl(this.advertiseAddress, apiPort(config))],
      caCertPem: identity.files.caCert,
    });
  }

  #lostLeadership(reason: string): "lost" {
    this.log.warn(
      "leader.lost",
      `node ${this.node} lost its leadership (${reason}) and no longer acts as leader`,
      { node: this.node },
    );
    return "lost";
  }

  async #leaderInterrupted(
    i: Interrupt,
    election: Election,
    lease: Lease,
    leadership: Leadership,
  ): Promise<number> {
    if (i.kind === "etcd-exited" || i.kind === "leaving") {
      this.log.warn(
        "leader.lost",
        `node ${this.node} no longer acts as leader: its etcd is gone`,
        { node: this.node },
      );
      if (i.kind === "leaving") this.#leave();
      this.#etcdDied(i.status, i.removed);
    }
    await this.#stepDown(election, lease, leadership);
    if (i.kind === "refused") throw i.error;
    return await this.#stopped();
  }

  /**
   * Resigns and revokes the lease, each within {@link STEP_DOWN_MS}; skipped
   * when stopping at once.
   */
  async #stepDown(election: Election, lease: Lease, leadership: Leadership) {
    const resigned = await Promise.race([
      election.resign(leadership, { timeoutMs: STEP_DOWN_MS }).then(
        () => undefined,
        (e) => e,
      ),
      this.forced,
    ]);
    if (resigned === FORCED) return;
    if (resigned === undefined) {
      this.log.info("leader.resigned", `node ${this.node} resigned as leader`, {
        node: this.node,
      });
    } else {
      this.log.warn(
        "leader.resign-failed",
        `could not resign (${
          message(resigned)
        }); the lease expires within ${lease.ttlSeconds} s`,
        { node: this.node },
      );
    }
    await this.#revokeQuietly(lease, true);
  }

  /**
   * Revokes `lease` within {@link STEP_DOWN_MS} (unless stopping at once);
   * logs a failure, and with `logSuccess` a success.
   */
  async #revokeQuietly(lease: Lease, logSuccess = false) {
    const revoked = await Promise.race([this.#revoke(lease), this.forced]);
    if (revoked === FORCED) return;
    if (revoked && logSuccess) {
      this.log.info("lease.revoked", "revoked the lease", {
        lease: lease.hexId,
      });
    } else if (!revoked) {
      this.log.warn(
        "lease.revoke-failed",
        `could not revoke the lease within ${
          STEP_DOWN_MS / 1000
        } s; etcd expires it within ${lease.ttlSeconds} s`,
        { lease: lease.hexId },
      );
    }
  }

  /** `p`, or an {@link Interrupted} rejection when interrupted first. */
  async #orInterrupt<T>(p: Promise<T>): Promise<T> {
    const r = await this.#unlessInterrupted(p);
    if (r.kind === "done") return r.value;
    if (r.kind === "error") throw r.error;
    p.catch(() => {});
    throw new Interrupted();
  }

  #stopped(): Promise<number> {
    return Promise.resolve(0);
  }

  /**
   * Grants a lease, which {@link AgentRun.#close} closes if still held (one
   * granted after that is closed at once).
   */
  async #grant(client: Etcd3, ttl: number): Promise<Lease> {
    const lease = await Lease.grant(client, ttl);
    if (this.#closed) lease.close();
    else this.#leases.add(lease);
    return lease;
  }

  /** Revokes `lease` within {@link STEP_DOWN_MS}; false unless confirmed. */
  async #revoke(lease: Lease): Promise<boolean> {
    this.#leases.delete(lease);
    return await lease.revoke(STEP_DOWN_MS);
  }

  async #close() {
    this.#closed = true;
    this.fence = undefined;
    // Not awaited yet: their calls to an etcd out of reach end when the
    // client closes below.
    this.members?.stop();
    const services = Promise.allSettled([
      this.api?.stop(),
      this.duties?.stop(),
      this.reporter?.stop(),
    ]);
    // No lease may keep this process alive: etcd expires what is left.
    for (const lease of this.#leases) lease.close();
    this.#leases.clear();
    for (const cancel of this.#cancels) cancel();
    for (const watcher of this.#watchers) {
      watcher.removeAllListeners();
      watcher.on("error", () => {});
      watcher.cancel().catch(() => {});
    }
    this.store?.close().catch(() => {});
    this.client?.close();
    await boundedWait(services, SERVICES_STOP_MS);
    if (this.local) {
      const status = await this.local.stop(ETCD_STOP_MS, {
        kill: this.o.force,
        // Without its graceful goodbye (an HTTP/2 GOAWAY), which can abort
        // a client's Deno (denoland/deno#36788), this node's own included
        // while a call is still on its way; etcd is made to survive SIGKILL,
        // and this node's own clients are closed already.
        hard: true,
      });
      this.log.info("etcd.stopped", "stopped the local etcd", {
        pid: this.local.pid,
        status: describeStatus(status),
      });
    }
    this.lock?.release();
    this.log.info("agent.stopped", "kat-agent stopped", { node: this.node });
  }
}

/**
 * An error from etcd's client that is not about reaching etcd (etcd refused
 * the request) as a {@link StateStoreError}, which ends the agent with exit
 * code 1; any other error is a bug and stays as it is.
 */
function asEtcdFailure(e: unknown): unknown {
  const name = e instanceof Error ? e.constructor?.name ?? "" : "";
  return /^(GRPC|Etcd|Client)[A-Za-z]*Error$/.test(name)
    ? toStateStoreError(e, "etcd")
    : e;
}

/** Waits for `p`, but no longer than `ms`. */
async function boundedWait(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    p,
    new Promise<void>((resolve) => timer = setTimeout(resolve, ms)),
  ]);
  clearTimeout(timer);
}

/** What {@link AgentRun} retries resolve to when the agent is stopped. */
const STOPPED: unique symbol = Symbol("stopped");

/** What races with {@link AgentRun.forced} resolve to when it comes first. */
const FORCED: unique symbol = Symbol("forced");

/** A wait given up because the agent was interrupted. */
class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}
