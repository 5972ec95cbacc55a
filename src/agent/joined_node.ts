/**
 * `kat-agent join` for real: join the cluster (or resume a join kept in the
 * data directory), then report this node's status to etcd every
 * `agentTickSeconds` until stopped. A joined node does not lead, holds no CA
 * key and runs no etcd; its etcd identity may write only its own keys.
 *
 * @module
 */
import { JoinError } from "../join/join_error.ts";
import { joinCluster } from "../join/join_cluster.ts";
import { keepEtcdEndpoints } from "./etcd_endpoints.ts";
import { listMembers } from "../state/etcd_members.ts";
import { StatusReporter } from "../nodes/status_report.ts";
import { PkiError } from "../pki/pki_error.ts";
import { connectEtcd, toStateStoreError } from "../state/etcd_client.ts";
import type { Etcd3 } from "../state/etcd3.d.ts";
import { EtcdStateStore } from "../state/etcd_store.ts";
import { resolve as resolvePath } from "../input/paths.ts";
import { VERSION } from "../version.ts";
import { nodeTiming } from "./cluster_record.ts";
import { ConfigStoreError, readStoredConfiguration } from "./config_store.ts";
import { DataDirLock } from "./data_dir_lock.ts";
import { EtcdProcessError } from "./etcd_process.ts";
import { type LogFormat, Logger } from "./log.ts";
import { type MemberStart, runAgent } from "./agent.ts";

/**
 * What `kat-agent join` was asked to do.
 *
 * @example
 * ```ts
 * import type { JoinedNodeOptions } from "./joined_node.ts";
 * const o: JoinedNodeOptions = {
 *   leader: new URL("https://10.0.0.1:9115"), token: "abcdef.0123456789abcdef",
 *   caCertHash: "sha256:" + "0".repeat(64), nodeName: "node-2",
 *   dataDir: "/var/lib/kat", advertiseAddress: "10.0.0.2", logFormat: "text",
 *   stop: new AbortController().signal, stderr: async () => {},
 * };
 * ```
 */
export interface JoinedNodeOptions {
  leader: URL;
  token: string;
  caCertHash: string;
  nodeName: string;
  dataDir: string;
  advertiseAddress: string;
  logFormat: LogFormat;
  /** Aborted (with the signal's name as reason) to stop. */
  stop: AbortSignal;
  /**
   * Aborted (with the signal's name as reason) to stop at once (a member
   * node's etcd is killed). Default: never.
   */
  force?: AbortSignal;
  /** Where log lines go. */
  stderr: (text: string) => Promise<void>;
}

/** How long to wait between attempts to reach etcd. */
const RETRY_MS = 1000;
/** How often to repeat that reporting fails. */
const REPEAT_FAILURE_MS = 30_000;

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** How often a client node reads etcd's members, in ms. */
const MEMBERS_MS = 2000;

/**
 * Resolves to the members' client URLs once they differ from `endpoints`
 * (read every {@link MEMBERS_MS}); never when `signal` aborts first.
 */
function membersChanged(
  client: Etcd3,
  endpoints: readonly string[],
  signal: AbortSignal,
): Promise<string[]> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    signal.addEventListener("abort", () => clearTimeout(timer), {
      once: true,
    });
    const look = async () => {
      if (signal.aborted) return;
      try {
        const urls = (await listMembers(client)).flatMap((m) => m.clientUrls);
        if (
          !signal.aborted && urls.length > 0 &&
          [...urls].sort().join(",") !== [...endpoints].sort().join(",")
        ) {
          resolve(urls);
          return;
        }
      } catch {
        // etcd out of reach: the reports say so.
      }
      if (!signal.aborted) timer = setTimeout(() => void look(), MEMBERS_MS);
    };
    timer = setTimeout(() => void look(), MEMBERS_MS);
  });
}

/**
 * Runs a joined node until `options.stop` aborts; resolves to the exit code:
 * 0 after a stop, 1 when the join is refused or fails, or the node's
 * identity is revoked.
 *
 * @example
 * ```ts
 * import { runJoinedNode, type JoinedNodeOptions } from "./joined_node.ts";
 * declare const options: JoinedNodeOptions;
 * Deno.exit(await runJoinedNode(options));
 * ```
 */
export async function runJoinedNode(
  options: JoinedNodeOptions,
): Promise<number> {
  const log = new Logger(options.stderr, { format: options.logFormat });
  const outcome = await joinAndReport(options, log);
  if (typeof outcome === "number") return outcome;
  // A member node runs as the init node does, from its join.
  return await runAgent({
    nodeName: options.nodeName,
    dataDir: options.dataDir,
    etcdListenAddress: options.advertiseAddress,
    advertiseAddress: options.advertiseAddress,
    logFormat: options.logFormat,
    stop: options.stop,
    force: options.force,
    stderr: options.stderr,
    lock: outcome.lock,
    member: outcome.member,
  });
}

/** A member node's start, handed over with the data directory's lock. */
interface HandOver {
  lock: DataDirLock;
  member: MemberStart;
}

/**
 * Joins (or resumes); a client node then reports until stopped (the exit
 * code), a member node is handed over to {@link runAgent}.
 */
async function joinAndReport(
  options: JoinedNodeOptions,
  log: Logger,
): Promise<number | HandOver> {
  const node = options.nodeName;
  const dataDir = resolvePath(options.dataDir);
  log.info("agent.starting", "starting kat-agent join", {
    node,
    leader: options.leader.origin,
    version: VERSION,
  });
  let lock: DataDirLock | undefined;
  let client: Etcd3 | undefined;
  let store: EtcdStateStore | undefined;
  let reporter: StatusReporter | undefined;
  let handOver: HandOver | undefined;
  try {
    lock = await DataDirLock.acquire(dataDir, node);
    const joined = await joinCluster({
      leader: options.leader,
      token: options.token,
      caCertHash: options.caCertHash,
      nodeName: node,
      dataDir,
      advertiseAddress: options.advertiseAddress,
    });
    const record = joined.record;
    log.info(
      joined.outcome === "joined" ? "join.joined" : "join.resumed",
      joined.outcome === "joined"
        ? `joined the cluster through ${record.leader}`
        : `this data directory has joined the cluster already (through ${record.leader}): using its identity`,
      { node, etcd: record.etcd.endpoints.join(",") },
    );
    if (options.stop.aborted) return 0;
    if (record.member) {
      const caKey = joined.files.caKey;
      if (caKey === undefined) {
        throw new JoinError(
          "identity",
          `${dataDir}/pki/ca.key is missing: this node runs an etcd member, which needs the cluster CA's key`,
        );
      }
      handOver = {
        lock: lock!,
        member: {
          record,
          files: { ...joined.files, caKey },
          caHash: options.caCertHash,
        },
      };
      return handOver;
    }
    const tls = record.etcd.serverName
      ? {
        caCertificate: joined.files.caCert,
        certificate: joined.files.nodeCert,
        privateKey: joined.files.nodeKey,
        serverName: record.etcd.serverName,
      }
      : undefined;
    client = await connectEtcd({ endpoints: record.etcd.endpoints, tls });
    store = await EtcdStateStore.connect({
      endpoints: record.etcd.endpoints,
      tls,
    });
    let stored;
    for (;;) {
      try {
        stored = await readStoredConfiguration(store);
        if (stored) break;
      } catch (e) {
        if (e instanceof ConfigStoreError) throw e;
        const err = toStateStoreError(e, "read the cluster configuration");
        if (err.reason !== "unavailable") throw err;
      }
      await pause(RETRY_MS, options.stop);
      if (options.stop.aborted) return 0;
    }
    const timing = nodeTiming(stored.config);
    let revoked: (() => void) | undefined;
    const revokedNow = new Promise<void>((r) => revoked = r);
    let lastFailure = 0;
    const reports = {
      name: node,
      tickSeconds: timing.tickSeconds,
      ttlSeconds: timing.lossSeconds,
      onError: (e: unknown) => {
        const err = toStateStoreError(e, "report this node's status");
        if (err.reason === "denied") {
          revoked?.();
          return;
        }
        if (Date.now() - lastFailure >= REPEAT_FAILURE_MS) {
          lastFailure = Date.now();
          log.warn("node.report-failed", err.message, { node });
        }
      },
    };
    reporter = await StatusReporter.start(client, reports);
    log.info("node.reporting", `reporting every ${timing.tickSeconds} s`, {
      node,
      lossTimeout: timing.lossSeconds,
    });
    const stopped = new Promise<"stop">((resolve) => {
      if (options.stop.aborted) resolve("stop");
      options.stop.addEventListener("abort", () => resolve("stop"), {
        once: true,
      });
    });
    let end: "stop" | "revoked";
    while (true) {
      const watching = new AbortController();
      const next = await Promise.race([
        stopped,
        revokedNow.then(() => "revoked" as const),
        membersChanged(client, record.etcd.endpoints, watching.signal),
      ]);
      watching.abort();
      if (typeof next === "string") {
        end = next;
        break;
      }
      // etcd's members changed: reach them where they are now, and
      // remember it for the next start.
      await keepEtcdEndpoints(log, dataDir, record, next);
      log.info(
        "etcd.endpoints",
        `etcd's members changed: reaching them at ${next.join(", ")}`,
        { node, endpoints: next.join(",") },
      );
      const old = { reporter, client };
      client = await connectEtcd({ endpoints: next, tls });
      reporter = await StatusReporter.start(client, reports);
      await old.reporter.stop();
      old.client.close();
    }
    if (end === "revoked") {
      log.error(
        "node.removed",
        `etcd refuses this node's identity: node ${node} was removed from the cluster (katcall delete node); stopping`,
        { node },
      );
      return 1;
    }
    log.info(
      "agent.stopping",
      `received ${options.stop.reason}: shutting down`,
      {
        node,
      },
    );
    return 0;
  } catch (e) {
    if (e instanceof JoinError) {
      log.error("join.failed", e.message, { code: e.code });
    } else if (e instanceof PkiError || e instanceof ConfigStoreError) {
      log.error("join.failed", e.message, { code: e.code });
    } else if (e instanceof EtcdProcessError) {
      log.error("agent.failed", e.message, { code: e.code });
    } else if (Object.values(Deno.errors).some((c) => e instanceof c)) {
      // The data directory: a file that cannot be read or written.
      log.error("agent.failed", `${dataDir}: ${(e as Error).message}`, {
        code: "data-dir",
      });
    } else {
      const err = toStateStoreError(e, "etcd");
      log.error("etcd.failed", err.message, { code: err.code });
    }
    return 1;
  } finally {
    if (handOver) {
      await log.flush();
    } else {
      // The lease is not revoked: the node turns NotReady when it expires. A
      // report still on its way to an etcd out of reach ends with the client.
      const stopped = reporter?.stop();
      await store?.close().catch(() => {});
      client?.close();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        stopped,
        new Promise<void>((resolve) => timer = setTimeout(resolve, 1000)),
      ]);
      clearTimeout(timer);
      lock?.release();
      log.info("agent.stopped", "kat-agent stopped", { node });
      await log.flush();
    }
  }
}
