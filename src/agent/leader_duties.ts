/**
 * What a leader does besides storing the configuration: the administrator's
 * katconfig, its own Node record, and watching every node's reports (a node
 * silent for `nodeLossTimeoutSeconds` turns NotReady). Every write is fenced
 * by the leadership.
 *
 * @module
 */
import { NodeLossMonitor } from "../nodes/loss_monitor.ts";
import { registerNode } from "../nodes/registry.ts";
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
  /** The API URLs written into the administrator's katconfig. */
  servers: string[];
  caCertPem: string;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The duties of one leadership; {@link LeaderDuties.stop} when it ends.
 *
 * @example
 * ```ts
 * import { LeaderDuties, type LeaderDutiesOptions } from "./leader_duties.ts";
 * declare const options: LeaderDutiesOptions;
 * const duties = await LeaderDuties.start(options);
 * await duties.stop();
 * ```
 */
export class LeaderDuties {
  readonly #monitor: NodeLossMonitor;

  private constructor(monitor: NodeLossMonitor) {
    this.#monitor = monitor;
  }

  /** Starts them; a failed step is logged and the others go on. */
  static async start(o: LeaderDutiesOptions): Promise<LeaderDuties> {
    const log = o.log;
    try {
      const outcome = await ensureAdminKatconfig(o.store, o.dataDir, {
        clusterName: o.clusterName,
        servers: o.servers,
        caCertPem: o.caCertPem,
        fence: o.fence,
      });
      const path = `${o.dataDir}/admin.katconfig`;
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
    } catch (e) {
      log.warn(
        "admin.katconfig-failed",
        `cannot set up the administrator's katconfig: ${message(e)}`,
        {},
      );
    }
    try {
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
    } catch (e) {
      log.error(
        "node.register-failed",
        `cannot register node ${o.nodeName}: ${message(e)}`,
        { node: o.nodeName },
      );
    }
    const monitor = NodeLossMonitor.start(o.store, {
      fence: o.fence,
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
    return new LeaderDuties(monitor);
  }

  /** Stops watching the nodes. */
  async stop(): Promise<void> {
    await this.#monitor.stop();
  }
}
