/**
 * An etcd lease kept alive by this process, which knows when it has lost it.
 *
 * etcd expires a lease TTL seconds after the last keepalive it received. A
 * keepalive sent at time `t` and answered therefore proves the lease alive
 * until at least `t + TTL`; when no later keepalive has been answered by
 * then, the lease may be gone and this process must stop relying on it — even
 * if etcd cannot be reached to ask. Deadlines are counted from when a
 * keepalive was *sent*, so this process gives the lease up no later than etcd
 * can expire it (etcd's Go client counts from the answer, a little later).
 *
 * @module
 */
import type {
  Etcd3,
  IDuplexStream,
  ILeaseKeepAliveResponse,
} from "../state/etcd3.d.ts";
import { StateStoreError } from "../state/state_store.ts";

type KeepAliveStream = IDuplexStream<
  { ID?: string | number },
  ILeaseKeepAliveResponse
>;

/** The monotonic clock, in milliseconds. */
const monotonic = () => performance.now();

/**
 * A granted lease, renewed every third of its TTL over one keepalive stream
 * (reopened when it breaks). `lost` resolves, with the reason, when the lease
 * can no longer be relied on: no keepalive answered within the TTL, or etcd
 * saying it has expired. `revoke()` ends it on purpose (and `lost` then never
 * resolves).
 *
 * @example
 * ```ts
 * import { Lease } from "./lease.ts";
 * import { connectEtcd } from "../state/etcd_client.ts";
 * const client = await connectEtcd({ endpoints: ["127.0.0.1:2379"] });
 * const lease = await Lease.grant(client, 10);
 * const reason = await Promise.race([lease.lost, new Promise((r) => setTimeout(r, 1000))]);
 * await lease.revoke();
 * client.close();
 * console.log(reason ?? "still held");
 * ```
 */
export class Lease {
  /** The lease id (decimal). */
  readonly id: string;
  /** The TTL etcd granted, in seconds (etcd may raise a small one). */
  readonly ttlSeconds: number;
  /** Resolves with the reason once the lease is lost. */
  readonly lost: Promise<string>;

  readonly #client: Etcd3;
  readonly #clock: () => number;
  #resolveLost!: (reason: string) => void;
  #deadline: number;
  #ended = false;
  #stream: KeepAliveStream | undefined;
  #opening = false;
  #sent: number[] = [];
  #interval: ReturnType<typeof setInterval> | undefined;
  #expiry: ReturnType<typeof setTimeout> | undefined;
  #retry: ReturnType<typeof setTimeout> | undefined;

  private constructor(
    client: Etcd3,
    id: string,
    ttlSeconds: number,
    deadline: number,
    clock: () => number,
  ) {
    this.#client = client;
    this.id = id;
    this.ttlSeconds = ttlSeconds;
    this.#deadline = deadline;
    this.#clock = clock;
    this.lost = new Promise((resolve) => this.#resolveLost = resolve);
    this.#armExpiry();
    this.#interval = setInterval(
      () => this.#tick(),
      Math.max(100, (ttlSeconds * 1000) / 3),
    );
    this.#tick();
  }

  /**
   * Grants a lease of `ttlSeconds` and starts keeping it alive. Rejects with
   * etcd3's error when etcd cannot be reached.
   *
   * @example
   * ```ts
   * import { Lease } from "./lease.ts";
   * import type { Etcd3 } from "../state/etcd3.d.ts";
   * declare const client: Etcd3;
   * const lease = await Lease.grant(client, 30);
   * console.log(lease.hexId, lease.ttlSeconds);
   * ```
   */
  static async grant(
    client: Etcd3,
    ttlSeconds: number,
    options: { clock?: () => number } = {},
  ): Promise<Lease> {
    const clock = options.clock ?? monotonic;
    const sentAt = clock();
    const res = await client.leaseClient.leaseGrant({ TTL: ttlSeconds });
    if (res.error) {
      throw new StateStoreError("failed", `lease not granted: ${res.error}`);
    }
    const ttl = Number(res.TTL);
    return new Lease(client, res.ID, ttl, sentAt + ttl * 1000, clock);
  }

  /**
   * The id in hexadecimal, as etcd's tools print it.
   *
   * @example
   * ```ts
   * import type { Lease } from "./lease.ts";
   * declare const lease: Lease;
   * console.log(`/kat/cluster/leader/${lease.hexId}`);
   * ```
   */
  get hexId(): string {
    return BigInt(this.id).toString(16);
  }

  /**
   * Milliseconds until the lease may expire, by what this process knows.
   *
   * @example
   * ```ts
   * import type { Lease } from "./lease.ts";
   * declare const lease: Lease;
   * console.log(lease.remainingMs() > 0);
   * ```
   */
  remainingMs(): number {
    return this.#deadline - this.#clock();
  }

  #armExpiry() {
    clearTimeout(this.#expiry);
    this.#expiry = setTimeout(() => {
      if (this.#clock() >= this.#deadline) {
        this.#lose(
          `no keepalive answered within the lease's ${this.ttlSeconds} s`,
        );
      } else {
        this.#armExpiry();
      }
    }, Math.max(0, this.#deadline - this.#clock()));
  }

  #tick() {
    if (this.#ended) return;
    if (this.#stream) {
      this.#send(this.#stream);
    } else if (!this.#opening) {
      this.#open();
    }
  }

  #open() {
    this.#opening = true;
    this.#client.leaseClient.leaseKeepAlive().then((stream) => {
      this.#opening = false;
      if (this.#ended) {
        stream.on("error", () => {});
        stream.end();
        return;
      }
      const broken = () => {
        stream.removeAllListeners();
        stream.on("error", () => {});
        if (this.#stream !== stream) return;
        this.#stream = undefined;
        this.#sent = [];
        // Reopen soon rather than at the next regular keepalive.
        clearTimeout(this.#retry);
        this.#retry = setTimeout(() => this.#tick(), 200);
      };
      stream.on("data", (res) => this.#answered(res));
      stream.on("error", broken);
      stream.on("end", broken);
      this.#stream = stream;
      this.#send(stream);
    }, () => {
      this.#opening = false;
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => this.#tick(), 200);
    });
  }

  #send(stream: KeepAliveStream) {
    this.#sent.push(this.#clock());
    try {
      stream.write({ ID: this.id });
    } catch {
      // A stream that broke in the meantime reports it through "error".
    }
  }

  #answered(res: ILeaseKeepAliveResponse) {
    const sentAt = this.#sent.shift() ?? this.#clock();
    const ttl = Number(res.TTL);
    if (!(ttl > 0)) {
      this.#lose("etcd says the lease has expired");
      return;
    }
    const deadline = sentAt + ttl * 1000;
    if (deadline > this.#deadline) {
      this.#deadline = deadline;
      this.#armExpiry();
    }
  }

  #stop() {
    this.#ended = true;
    clearInterval(this.#interval);
    clearTimeout(this.#expiry);
    clearTimeout(this.#retry);
    const stream = this.#stream;
    this.#stream = undefined;
    if (stream) {
      stream.removeAllListeners();
      stream.on("error", () => {});
      try {
        stream.end();
        stream.cancel();
      } catch {
        // already closed
      }
    }
  }

  #lose(reason: string) {
    if (this.#ended) return;
    this.#stop();
    this.#resolveLost(reason);
  }

  /**
   * Stops keeping the lease alive (every timer and the keepalive stream)
   * without asking etcd anything: etcd expires the lease within its TTL.
   * `lost` then never resolves. For a process that is going away.
   *
   * @example
   * ```ts
   * import type { Lease } from "./lease.ts";
   * declare const lease: Lease;
   * lease.close();
   * ```
   */
  close(): void {
    this.#stop();
  }

  /**
   * Stops keeping the lease alive and asks etcd to revoke it (deleting every
   * key attached to it). Gives up after `timeoutMs` (default 5,000): etcd
   * then expires the lease by itself within its TTL. Resolves to whether etcd
   * confirmed.
   *
   * @example
   * ```ts
   * import type { Lease } from "./lease.ts";
   * declare const lease: Lease;
   * console.log(await lease.revoke(2000));
   * ```
   */
  async revoke(timeoutMs = 5000): Promise<boolean> {
    this.#stop();
    try {
      await this.#client.leaseClient.leaseRevoke({ ID: this.id }, {
        deadline: Date.now() + timeoutMs,
      });
      return true;
    } catch (e) {
      // A lease that already expired is revoked all the same.
      return /not found/i.test((e as Error).message);
    }
  }
}
