/**
 * What a leader does besides storing the configuration: the administrator's
 * katconfig, its own Node record, the `default` namespace, and watching
 * every node's reports (a node silent for `nodeLossTimeoutSeconds` turns
 * NotReady). Every write is fenced by the leadership.
 *
 * @module
 */
import { NodeLossMonitor } from "../nodes/loss_monitor.ts";
import { registerNode } from "../nodes/registry.ts";
import { DEFAULT_NAMESPACE, ensureDefaultNamespace } from "../resources/mod.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { ensureAdminKatconfig } from "./admin_katconfig.ts";
import type { Logger } from "./log.ts";

/**
 * What {@link LeaderDuties.start} needs.
 *
 * @example
 * ```ts
 * import type { LeaderDutiesOptions } from "./leader_duties.ts";
 * declare const o: LeaderDutiesOptions;
 * console.log(o.nodeName);
 * ```
 */
export interface LeaderDutiesOptions {
  store: StateStore;
  fence: VersionCompare;
  log: Logger;
  dataDir: string;
  clusterName: string;
  nodeName: string;
  advertiseAddress: string;
  /** Hex SHA-256 of this node's public key. */
  publicKeySha256: string;
  network: { clusterCidr: string; nodeSubnetBits: number };
  /** `nodeLossTimeoutSeconds`: a status key unwritten that long is lost. */
  lossTimeoutSeconds: number;
  /**
   * The API URLs written into the administrator's katconfig
   * (`D/admin.katconfig`, made with the credential when missing). Default:
   * none, and no katconfig: a node that joined holds no credential.
   */
  servers?: string[];
  caCertPem: string;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** How long to wait before a failed step is tried again. */
const RETRY_MS = 1000;

/**
 * The duties of one leadership; {@link LeaderDuties.stop} when it ends. They
 * run in the background: the leader never waits for them (etcd may be out of
 * reach, and a lost leadership or a stop must be acted on at once). A step
 * that fails is logged once and tried again every second until it succeeds
 * or the duties stop.
 *
 * @example
 * ```ts
 * import { LeaderDuties, type LeaderDutiesOptions } from "./leader_duties.ts";
 * declare const options: LeaderDutiesOptions;
 * const duties = LeaderDuties.start(options);
 * await duties.stop();
 * ```
 */
export class LeaderDuties {
  readonly #o: LeaderDutiesOptions;
  #monitor: NodeLossMonitor | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;

  private constructor(o: LeaderDutiesOptions) {
    this.#o = o;
    void this.#run();
  }

  /** Starts them. */
  static start(o: LeaderDutiesOptions): LeaderDuties {
    return new LeaderDuties(o);
  }

  /** Runs `step` until it succeeds (true) or the duties stop (false). */
  async #until(
    step: () => Promise<void>,
    onFailure: (e: unknown) => void,
  ): Promise<boolean> {
    let failed = false;
    while (!this.#stopped) {
      try {
        await step();
        return true;
      } catch (e) {
        if (this.#stopped) return false;
        if (!failed) onFailure(e);
        failed = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, RETRY_MS);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return false;
  }

  async #run(): Promise<void> {
    const o = this.#o;
    const log = o.log;
    const path = `${o.dataDir}/admin.katconfig`;
    const servers = o.servers;
    const katconfig = servers === undefined || await this.#until(async () => {
      const outcome = await ensureAdminKatconfig(o.store, o.dataDir, {
        clusterName: o.clusterName,
        servers,
        caCertPem: o.caCertPem,
        fence: o.fence,
      });
      if (outcome === "written") {
        log.info(
          "admin.katconfig-written",
          `wrote the administrator's katconfig ${path}`,
          { path },
        );
      } else if (outcome === "other") {
        log.warn(
          "admin.credential-other",
          `the cluster keeps another administrator's credential than ${path} holds (or that file is gone); ${path} is not written`,
          { path },
        );
      }
    }, (e) =>
      log.warn(
        "admin.katconfig-failed",
        `cannot set up the administrator's katconfig (trying again): ${
          message(e)
        }`,
        {},
      ));
    if (!katconfig) return;
    const registered = await this.#until(async () => {
      const { node, outcome } = await registerNode(o.store, {
        name: o.nodeName,
        advertiseAddress: o.advertiseAddress,
        publicKeySha256: o.publicKeySha256,
        clusterCidr: o.network.clusterCidr,
        nodeSubnetBits: o.network.nodeSubnetBits,
        fence: o.fence,
      });
      log.info(
        outcome === "created" ? "node.registered" : "node.found",
        outcome === "created"
          ? `registered node ${o.nodeName}`
          : `node ${o.nodeName} is registered`,
        { node: o.nodeName, subnet: node.spec?.overlaySubnet },
      );
    }, (e) =>
      log.warn(
        "node.register-failed",
        `cannot register node ${o.nodeName} (trying again): ${message(e)}`,
        { node: o.nodeName },
      ));
    if (!registered || this.#stopped) return;
    const namespace = await this.#until(async () => {
      if (await ensureDefaultNamespace(o.store, { fence: o.fence })) {
        log.info(
          "namespace.created",
          `created the namespace ${DEFAULT_NAMESPACE}`,
          { namespace: DEFAULT_NAMESPACE },
        );
      }
    }, (e) =>
      log.warn(
        "namespace.create-failed",
        `cannot create the namespace ${DEFAULT_NAMESPACE} (trying again): ${
          message(e)
        }`,
        {},
      ));
    if (!namespace || this.#stopped) return;
    this.#monitor = NodeLossMonitor.start(o.store, {
      fence: o.fence,
      lossTimeoutMs: o.lossTimeoutSeconds * 1000,
      onChange: (name, ready) =>
        ready
          ? log.info("node.ready", `node ${name} is Ready`, { node: name })
          : log.warn(
            "node.not-ready",
            `node ${name} has not reported in time: NotReady`,
            { node: name },
          ),
      onError: (e) =>
        log.warn(
          "node.monitor-failed",
          `watching the nodes: ${message(e)}`,
          {},
        ),
    });
  }

  /** Stops them; resolves once nothing of them runs. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#monitor?.stop();
  }
}
