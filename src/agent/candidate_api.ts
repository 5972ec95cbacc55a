/**
 * The API endpoint of a node that can lead: started with the agent, it
 * answers as leader while the node leads and with where the leader is
 * otherwise.
 *
 * @module
 */
import type { ApiContext } from "../api/api_context.ts";
import { ApiServer } from "../api/api_server.ts";
import type { Etcd3 } from "../state/etcd3.d.ts";
import type { StateStore, VersionCompare } from "../state/state_store.ts";
import { httpsUrl } from "./cluster_record.ts";
import { grantJoinedNode, revokeJoinedNode } from "./etcd_identities.ts";
import type { InitIdentity } from "./init_identity.ts";
import type { Logger } from "./log.ts";

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
  /** The name etcd's certificate holds, when it serves TLS. */
  etcdServerName?: string;
  leadership(): VersionCompare | undefined;
  leaderName(): Promise<string | undefined>;
  log: Logger;
}

/**
 * Serves the API on the advertise address and the cluster's `apiPort`, with
 * the node's certificate and the CA's after it.
 *
 * @example
 * ```ts
 * import { startCandidateApi, type CandidateApiOptions } from "./candidate_api.ts";
 * declare const options: CandidateApiOptions;
 * const server = startCandidateApi(options);
 * await server.stop();
 * ```
 */
export function startCandidateApi(o: CandidateApiOptions): ApiServer {
  const files = o.identity.files;
  const context: ApiContext = {
    store: o.store,
    nodeName: o.nodeName,
    leadership: o.leadership,
    leaderName: o.leaderName,
    network: o.network,
    ca: { certPem: files.caCert, keyPem: files.caKey, hash: o.identity.caHash },
    apiUrl: httpsUrl(o.advertiseAddress, o.port),
    etcd: {
      endpoints: o.etcdEndpoints,
      ...(o.etcdServerName ? { serverName: o.etcdServerName } : {}),
    },
    grantIdentity: (name) =>
      o.etcdServerName ? grantJoinedNode(o.client, name) : Promise.resolve(),
    revokeIdentity: (name) =>
      o.etcdServerName ? revokeJoinedNode(o.client, name) : Promise.resolve(),
    log: (level, event, message, fields = {}) =>
      o.log.log(level, event, message, fields),
  };
  return ApiServer.start({
    hostname: o.advertiseAddress,
    port: o.port,
    certChainPem: files.nodeCert + files.caCert,
    keyPem: files.nodeKey,
    context,
  });
}
