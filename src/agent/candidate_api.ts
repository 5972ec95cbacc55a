/**
 * The API endpoint of a node that can lead: started with the agent, it
 * answers as leader while the node leads and with where the leader is
 * otherwise.
 *
 * @module
 */
import type { ApiContext } from "../api/api_context.ts";
import { ApiServer, ApiServerError } from "../api/api_server.ts";
import type { Etcd3 } from "../state/etcd3.d.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { httpsUrl } from "./cluster_record.ts";
import { grantJoinedNode, revokeJoinedNode } from "./etcd_identities.ts";
import type { InitIdentity } from "./init_identity.ts";
import type { Logger } from "./log.ts";
import type { ClusterMembers } from "./cluster_members.ts";

/**
 * What {@link startCandidateApi} needs.
 *
 * @example
 * ```ts
 * import type { CandidateApiOptions } from "./candidate_api.ts";
 * declare const o: CandidateApiOptions;
 * console.log(o.port);
 * ```
 */
export interface CandidateApiOptions {
  store: StateStore;
  /** etcd's client, with the node's identity (root role: it grants others). */
  client: Etcd3;
  nodeName: string;
  advertiseAddress: string;
  port: number;
  identity: InitIdentity;
  network: { clusterCidr: string; nodeSubnetBits: number };
  /** etcd's client URLs, as joined nodes reach them. */
  etcdEndpoints: string[];
  /**
   * etcd's membership, when the cluster's etcd is its own and serves TLS:
   * then joined nodes are told every member's client URL, and the first
   * nodes to join become members.
   */
  members?: ClusterMembers;
  /** The name etcd's certificate holds, when it serves TLS. */
  etcdServerName?: string;
  leadership(): VersionCompare | undefined;
  leaderName(): Promise<string | undefined>;
  log: Logger;
}

/** How long to wait before trying to listen again. */
const RETRY_MS = 1000;

/**
 * Serves the API on the advertise address and the cluster's `apiPort`, with
 * the node's certificate and the CA's after it. A port in use is logged
 * (`api.unavailable`, once) and tried again every second until it is free:
 * the node goes on without its API meanwhile.
 *
 * @example
 * ```ts
 * import { CandidateApi, type CandidateApiOptions } from "./candidate_api.ts";
 * declare const options: CandidateApiOptions;
 * const api = CandidateApi.start(options);
 * await api.stop();
 * ```
 */
export class CandidateApi {
  #server: ApiServer | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  private constructor() {}

  /** Starts serving (or trying to). */
  static start(o: CandidateApiOptions): CandidateApi {
    const api = new CandidateApi();
    void api.#listen(o, contextOf(o), false);
    return api;
  }

  /** Whether the API listens now. */
  get listening(): boolean {
    return this.#server !== undefined;
  }

  async #listen(
    o: CandidateApiOptions,
    context: ApiContext,
    warned: boolean,
  ): Promise<void> {
    if (this.#stopped) return;
    const files = o.identity.files;
    try {
      const server = await ApiServer.start({
        hostname: o.advertiseAddress,
        port: o.port,
        certChainPem: files.nodeCert + files.caCert,
        keyPem: files.nodeKey,
        context,
      });
      if (this.#stopped) {
        await server.stop();
        return;
      }
      this.#server = server;
      o.log.info("api.serving", "serving the API", { url: context.apiUrl });
    } catch (e) {
      if (!(e instanceof ApiServerError)) throw e;
      if (!warned) {
        o.log.warn(
          "api.unavailable",
          `${e.message}; trying again every ${RETRY_MS / 1000} s`,
          { code: e.code },
        );
      }
      this.#timer = setTimeout(
        () => void this.#listen(o, context, true),
        RETRY_MS,
      );
    }
  }

  /** Stops serving, or trying to. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#server?.stop();
    this.#server = undefined;
  }
}

function contextOf(o: CandidateApiOptions): ApiContext {
  const files = o.identity.files;
  return {
    store: o.store,
    nodeName: o.nodeName,
    leadership: o.leadership,
    leaderName: o.leaderName,
    network: o.network,
    ca: { certPem: files.caCert, keyPem: files.caKey, hash: o.identity.caHash },
    apiUrl: httpsUrl(o.advertiseAddress, o.port),
    get etcd() {
      const members = o.members?.clientUrls() ?? [];
      return {
        endpoints: members.length > 0 ? members : o.etcdEndpoints,
        ...(o.etcdServerName ? { serverName: o.etcdServerName } : {}),
      };
    },
    membership: o.members,
    apiServers: () => {
      const servers = o.members?.apiServers() ?? [];
      return servers.length > 0
        ? servers
        : [httpsUrl(o.advertiseAddress, o.port)];
    },
    grantIdentity: (name, options) =>
      o.etcdServerName
        ? grantJoinedNode(o.client, name, options)
        : Promise.resolve(),
    revokeIdentity: (name) =>
      o.etcdServerName ? revokeJoinedNode(o.client, name) : Promise.resolve(),
    log: (level, event, message, fields = {}) =>
      o.log.log(level, event, message, fields),
  };
}
