/**
 * The node's side of heartbeats: every tick it writes its status report
 * (`kat.v1alpha1.NodeStatus`: capacity and the time) under
 * `/kat/nodes/<name>/status`, attached to a lease it keeps alive. When the
 * node stops reporting, etcd deletes the key once the lease's TTL has
 * passed, and the leader marks the node NotReady.
 *
 * @module
 */
import type { NodeResources } from "../gen/types.ts";
import { Lease } from "../agent/lease.ts";
import type { Etcd3 } from "../state/etcd3.d.ts";
import {
  type EtcdLibrary,
  loadEtcdLibrary,
  toStateStoreError,
} from "../state/etcd_client.ts";
import { hostCapacity } from "./capacity.ts";
import { nodeStatusKey } from "./keys.ts";
import { assertNodeName, timestampOf } from "./node_record.ts";
import { encodeNodeStatus } from "./status_wire.ts";

/**
 * Options of {@link StatusReporter.start}.
 *
 * @example
 * ```ts
 * import type { StatusReporterOptions } from "./status_report.ts";
 * const options: StatusReporterOptions = { name: "node-2", tickSeconds: 5, ttlSeconds: 20 };
 * ```
 */
export interface StatusReporterOptions {
  /** The node's name. */
  name: string;
  /** Seconds between two reports (more than 0). */
  tickSeconds: number;
  /** The lease's TTL in seconds (a whole number, at least 1). */
  ttlSeconds: number;
  /** The capacity to report. Default: this machine's (see `hostCapacity`). */
  capacity?: () => NodeResources;
  /**
   * Told of every failed report (a `StateStoreError`); reporting goes on at
   * the next tick. Default: ignore.
   */
  onError?: (e: unknown) => void;
  /** The clock of `lastHeartbeatTime`. Default: the current time. */
  now?: () => Date;
}

/**
 * Reports a node's status every tick, on a lease of its own. A lost lease is
 * replaced by a new one; an unreachable etcd is tried again every tick.
 *
 * @example
 * ```ts
 * import { connectEtcd } from "../state/etcd_client.ts";
 * import { StatusReporter } from "./status_report.ts";
 * const client = await connectEtcd({ endpoints: ["127.0.0.1:2379"] });
 * const reporter = await StatusReporter.start(client, { name: "node-2", tickSeconds: 5, ttlSeconds: 20 });
 * await reporter.stop();
 * client.close();
 * ```
 */
export class StatusReporter {
  readonly #client: Etcd3;
  readonly #options: StatusReporterOptions;
  readonly #key: string;
  readonly #buffer: EtcdLibrary["Buffer"];
  #lease: Lease | undefined;
  #leaseLost = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> = Promise.resolve();
  #busy = false;
  #stopped = false;

  private constructor(
    client: Etcd3,
    options: StatusReporterOptions,
    buffer: EtcdLibrary["Buffer"],
  ) {
    this.#client = client;
    this.#options = options;
    this.#key = nodeStatusKey(options.name);
    this.#buffer = buffer;
  }

  /**
   * Writes the first report (a failure goes to `onError`, not to the
   * caller) and starts reporting every `tickSeconds`.
   *
   * @throws {NodeRegistryError} `node.invalid_name`; a RangeError for a
   * tick or TTL out of range.
   *
   * @example
   * ```ts
   * import type { Etcd3 } from "../state/etcd3.d.ts";
   * import { StatusReporter } from "./status_report.ts";
   * declare const client: Etcd3;
   * const reporter = await StatusReporter.start(client, {
   *   name: "node-2",
   *   tickSeconds: 5,
   *   ttlSeconds: 20,
   *   onError: (e) => console.error(`status report failed: ${e}`),
   * });
   * ```
   */
  static async start(
    client: Etcd3,
    options: StatusReporterOptions,
  ): Promise<StatusReporter> {
    assertNodeName(options.name);
    if (!(options.tickSeconds > 0)) {
      throw new RangeError(
        `tickSeconds must be more than 0, not ${options.tickSeconds}`,
      );
    }
    if (!(Number.isInteger(options.ttlSeconds) && options.ttlSeconds >= 1)) {
      throw new RangeError(
        `ttlSeconds must be a whole number of at least 1, not ${options.ttlSeconds}`,
      );
    }
    const { Buffer } = await loadEtcdLibrary();
    const reporter = new StatusReporter(client, options, Buffer);
    await reporter.#tick();
    if (!reporter.#stopped) {
      reporter.#timer = setInterval(
        () => void reporter.#tick(),
        options.tickSeconds * 1000,
      );
    }
    return reporter;
  }

  /** One report from the timer: skipped while one runs; never throws. */
  async #tick(): Promise<void> {
    if (this.#busy || this.#stopped) return;
    try {
      await this.reportNow();
    } catch (e) {
      if (!this.#stopped) this.#options.onError?.(e);
    }
  }

  /**
   * Writes a report now (after the one under way, if any). Rejects with a
   * `StateStoreError` when etcd cannot take it.
   *
   * @example
   * ```ts
   * import type { StatusReporter } from "./status_report.ts";
   * declare const reporter: StatusReporter;
   * await reporter.reportNow();
   * ```
   */
  reportNow(): Promise<void> {
    const run = this.#running.catch(() => {}).then(async () => {
      this.#busy = true;
      try {
        await this.#report();
      } finally {
        this.#busy = false;
      }
    });
    this.#running = run;
    return run;
  }

  async #leaseId(): Promise<string | undefined> {
    if (this.#lease && !this.#leaseLost) return this.#lease.id;
    this.#lease?.close();
    this.#lease = undefined;
    let lease: Lease;
    try {
      lease = await Lease.grant(this.#client, this.#options.ttlSeconds);
    } catch (e) {
      throw toStateStoreError(e, `lease for ${this.#key}`);
    }
    if (this.#stopped) {
      lease.close();
      return undefined;
    }
    this.#lease = lease;
    this.#leaseLost = false;
    lease.lost.then(() => {
      if (this.#lease === lease) this.#leaseLost = true;
    });
    return lease.id;
  }

  async #put(lease: string): Promise<void> {
    const now = (this.#options.now ?? (() => new Date()))();
    const value = encodeNodeStatus({
      capacity: (this.#options.capacity ?? hostCapacity)(),
      lastHeartbeatTime: timestampOf(now),
    });
    await this.#client.kv.put({
      key: this.#buffer.from(this.#key, "utf8"),
      value: this.#buffer.from(value),
      lease,
    });
  }

  async #report(): Promise<void> {
    if (this.#stopped) return;
    for (let attempt = 1;; attempt++) {
      const lease = await this.#leaseId();
      if (lease === undefined) return;
      try {
        await this.#put(lease);
        return;
      } catch (e) {
        const gone = /lease not found/i.test((e as Error).message);
        if (gone && attempt === 1) {
          // etcd expired the lease before this process noticed: a new one.
          this.#leaseLost = true;
          continue;
        }
        throw toStateStoreError(e, `put ${this.#key}`);
      }
    }
  }

  /**
   * Stops reporting: the timer and the lease's keepalives end, the lease is
   * NOT revoked, so the status key disappears only when its TTL has passed
   * (the leader then marks the node NotReady). Waits for a report under
   * way.
   *
   * @example
   * ```ts
   * import type { StatusReporter } from "./status_report.ts";
   * declare const reporter: StatusReporter;
   * await reporter.stop();
   * ```
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running.catch(() => {});
    this.#lease?.close();
    this.#lease = undefined;
  }
}
