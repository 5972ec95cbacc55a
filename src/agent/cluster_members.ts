/**
 * A member node's view of etcd's membership: read again every few seconds,
 * so that the API can tell clients where every node that can lead is, and
 * joining nodes where etcd is; and the changes to it the leader makes.
 *
 * @module
 */
import type { ClusterMembership } from "../api/api_context.ts";
import type { Etcd3 } from "../state/etcd3.d.ts";
import type { EtcdTlsOptions } from "../state/etcd_client.ts";
import {
  addLearner,
  type EtcdMember,
  listMembers,
  removeMember,
  startedMembers,
} from "../state/etcd_members.ts";
import { httpsUrl } from "./cluster_record.ts";
import type { Logger } from "./log.ts";

/**
 * Options of {@link ClusterMembers.start}.
 *
 * @example
 * ```ts
 * import type { ClusterMembersOptions } from "./cluster_members.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * declare const client: Etcd3;
 * const o: ClusterMembersOptions = {
 *   client, ports: { client: 2379, peer: 2380, api: 9115 },
 * };
 * ```
 */
export interface ClusterMembersOptions {
  /** etcd's client, with etcd's `root` role. */
  client: Etcd3;
  /** The ports every member uses: etcd's client and peer ports, the API's. */
  ports: { client: number; peer: number; api: number };
  /** The TLS of the cluster's etcd, to ask each member whether it runs. */
  tls?: EtcdTlsOptions;
  /** How often to read the members again, in ms. Default: 1,000. */
  refreshMs?: number;
  /** Called with the members' client URLs whenever they change. */
  onEndpoints?: (endpoints: string[]) => void;
  /** Called with the members' API URLs whenever they change. */
  onApiServers?: (servers: string[]) => void;
  /** Where to say that etcd has lost its quorum, and has it again. */
  log?: Logger;
}

/** How long a change of the membership waits while etcd refuses it for now. */
const SETTLE_MS = 15_000;

/**
 * Whether etcd refuses a change of its membership only for now: it takes one
 * only when every voting member has been connected for five seconds, and
 * one learner at a time.
 */
function refusedForNow(e: unknown): boolean {
  return e instanceof Error &&
    /unhealthy cluster|not enough started members|too many learner/i.test(
      e.message,
    );
}

/** How often to repeat that etcd has lost its quorum. */
const REPEAT_NO_QUORUM_MS = 30_000;

/** The host of URL `u`, without brackets; undefined when not a URL. */
function hostOf(u: string): string | undefined {
  try {
    return new URL(u).hostname.replace(/^\[(.*)\]$/, "$1");
  } catch {
    return undefined;
  }
}

/**
 * etcd's membership, read every {@link ClusterMembersOptions.refreshMs}.
 *
 * @example
 * ```ts
 * import { ClusterMembers } from "./cluster_members.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * declare const client: Etcd3;
 * const members = ClusterMembers.start({
 *   client, ports: { client: 2379, peer: 2380, api: 9115 },
 * });
 * console.log(members.apiServers());
 * members.stop();
 * ```
 */
export class ClusterMembers implements ClusterMembership {
  readonly #o: ClusterMembersOptions;
  #members: EtcdMember[] = [];
  #endpoints = "";
  #apiServers = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** Why nothing can be written, while etcd has no quorum. */
  #noQuorum: string | undefined;
  #noQuorumLogged = 0;

  private constructor(options: ClusterMembersOptions) {
    this.#o = options;
  }

  /** Starts reading the membership (the first read at once). */
  static start(options: ClusterMembersOptions): ClusterMembers {
    const members = new ClusterMembers(options);
    void members.#refresh();
    return members;
  }

  async #refresh(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.#seen(await listMembers(this.#o.client));
      await this.#checkQuorum();
    } catch {
      // etcd out of reach: the last members seen stay.
    }
    if (this.#stopped) return;
    this.#timer = setTimeout(
      () => void this.#refresh(),
      this.#o.refreshMs ?? 1000,
    );
  }

  /**
   * Asks this node's member whether it knows a raft leader: without one,
   * fewer than a quorum of the members run, and nothing can be written.
   */
  async #checkQuorum(): Promise<void> {
    const status = await this.#o.client.maintenance.status();
    const log = this.#o.log;
    if (String(status.leader) !== "0") {
      if (this.#noQuorum !== undefined) {
        this.#noQuorum = undefined;
        this.#noQuorumLogged = 0;
        log?.info("etcd.quorum", "etcd has a quorum again: writes go on", {});
      }
      return;
    }
    const members = this.#members;
    const started = await this.started(members);
    if (this.#stopped) return;
    const missing = members.filter((m) => !started.has(m.id)).map((m) =>
      m.name || m.hexId
    );
    this.#noQuorum =
      `etcd has lost its quorum: ${started.size} of its ${members.length} members answer${
        missing.length > 0 ? ` (not ${missing.join(", ")})` : ""
      }; nothing can be written until enough of them are back`;
    if (Date.now() - this.#noQuorumLogged >= REPEAT_NO_QUORUM_MS) {
      this.#noQuorumLogged = Date.now();
      log?.warn("etcd.no-quorum", this.#noQuorum, {
        members: members.length,
        answering: started.size,
      });
    }
  }

  /**
   * While etcd has lost its quorum (as last seen), why nothing can be
   * written; else undefined.
   */
  noQuorum(): string | undefined {
    return this.#noQuorum;
  }

  #seen(members: EtcdMember[]): void {
    this.#members = members;
    const endpoints = this.clientUrls();
    const key = endpoints.join(",");
    if (key !== this.#endpoints && endpoints.length > 0) {
      this.#endpoints = key;
      this.#o.onEndpoints?.(endpoints);
    }
    const servers = this.apiServers();
    const serversKey = servers.join(",");
    if (serversKey !== this.#apiServers && servers.length > 0) {
      this.#apiServers = serversKey;
      this.#o.onApiServers?.(servers);
    }
  }

  /** Stops reading. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** The client URLs of the members last seen. */
  clientUrls(): string[] {
    return this.#members.flatMap((m) => m.clientUrls);
  }

  /** The API URLs of the members' nodes last seen, in etcd's order. */
  apiServers(): string[] {
    const urls = this.#members.flatMap((m) => {
      const host = m.peerUrls.length > 0 ? hostOf(m.peerUrls[0]) : undefined;
      return host === undefined ? [] : [httpsUrl(host, this.#o.ports.api)];
    });
    return [...new Set(urls)];
  }

  /** {@inheritDoc ClusterMembership.list} */
  async list(): Promise<EtcdMember[]> {
    const members = await listMembers(this.#o.client);
    this.#seen(members);
    return members;
  }

  /** {@inheritDoc ClusterMembership.started} */
  started(members: readonly EtcdMember[]): Promise<Set<string>> {
    return startedMembers(members, { tls: this.#o.tls });
  }

  /**
   * Runs `change`, again every half second for up to {@link SETTLE_MS}
   * while etcd refuses it only for now.
   */
  async #settled<T>(change: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + SETTLE_MS;
    while (true) {
      try {
        return await change();
      } catch (e) {
        if (!refusedForNow(e) || Date.now() >= deadline || this.#stopped) {
          throw e;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * {@inheritDoc ClusterMembership.addLearner}; waits (up to 15 s) while etcd
   * takes no member for now.
   */
  async addLearner(
    peerUrl: string,
  ): Promise<{ member: EtcdMember; members: EtcdMember[] }> {
    const added = await this.#settled(() =>
      addLearner(this.#o.client, peerUrl)
    );
    this.#seen(added.members);
    return added;
  }

  /**
   * {@inheritDoc ClusterMembership.remove}; waits (up to 15 s) while etcd
   * removes no member for now.
   */
  async remove(id: string): Promise<void> {
    await this.#settled(() => removeMember(this.#o.client, id));
    this.#members = this.#members.filter((m) => m.id !== id);
  }

  /** {@inheritDoc ClusterMembership.peerUrl} */
  peerUrl(address: string): string {
    return httpsUrl(address, this.#o.ports.peer);
  }

  /** {@inheritDoc ClusterMembership.clientUrl} */
  clientUrl(address: string): string {
    return httpsUrl(address, this.#o.ports.client);
  }
}
