/**
 * Leader election through etcd, as etcd's own Go client does it
 * (`client/v3/concurrency`): every candidate puts a key under one prefix,
 * attached to its lease; the key created first leads; each other candidate
 * waits until the key created just before its own is deleted — by a
 * resignation, or by etcd when that candidate's lease expires. (Here a
 * candidate wakes on any deletion under the prefix, so that it can say who
 * leads when the leader changes.)
 *
 * Like the Go client, a candidate can first remove its own key of an earlier
 * campaign ({@link Election.removeOwn}): a node that crashed and came back
 * does not wait behind itself for its old lease to expire. Since a restarted
 * node has a new lease, it must know its old one: KAT records each lease in
 * the data directory. A key is never removed for holding this node's name:
 * another live agent with the same name would lose its leadership to it.
 *
 * Two differences from the Go client: after waiting, a candidate checks that
 * its own key still exists (its lease may have expired while it waited, and
 * then it must not lead); and the caller learns of a lost lease from
 * {@link Lease.lost}, counted from the last keepalive sent.
 *
 * @module
 */
import type { Buffer } from "node:buffer";
import type { Etcd3 } from "../state/etcd3.d.ts";
import type { VersionCompare } from "../state/state_store.ts";
import type { Lease } from "./lease.ts";

/**
 * Why a campaign ended without leadership: the lease was lost, the campaign
 * was aborted, or this candidate's key vanished while it waited.
 *
 * @example
 * ```ts
 * import { CampaignError } from "./election.ts";
 * const e = new CampaignError("aborted", "stopping");
 * console.log(e.code); // "aborted"
 * ```
 */
export class CampaignError extends Error {
  /** `lease-lost`, `aborted` or `key-lost`. */
  readonly code: "lease-lost" | "aborted" | "key-lost";

  /** An error of `code`. */
  constructor(code: "lease-lost" | "aborted" | "key-lost", message: string) {
    super(message);
    this.name = "CampaignError";
    this.code = code;
  }
}

/**
 * The leadership won by a campaign: this candidate's key and its revision,
 * usable as a fence (a transaction compare that holds only while this
 * candidate still leads).
 *
 * @example
 * ```ts
 * import type { Leadership } from "./election.ts";
 * declare const leadership: Leadership;
 * console.log(leadership.fence); // { key: "/kat/cluster/leader/…", version: 42 }
 * ```
 */
export interface Leadership {
  /** The election key of this candidate. */
  key: string;
  /** The key's create (and only) revision. */
  revision: number;
  /** `{ key, version: revision }`, for a {@link VersionCompare}. */
  fence: VersionCompare;
}

/** The candidate that leads: its node name and key. */
export interface LeaderInfo {
  /** The node name it campaigned with. */
  name: string;
  /** Its election key. */
  key: string;
}

/**
 * One election, under a key prefix, among candidates that each campaign with
 * a {@link Lease} and a value (KAT uses the node name).
 *
 * @example
 * ```ts
 * import { Election } from "./election.ts";
 * import type { Lease } from "./lease.ts";
 * import type { Etcd3 } from "../state/etcd3.d.ts";
 * import type { Buffer } from "node:buffer";
 * declare const client: Etcd3;
 * declare const lease: Lease;
 * declare const bufferFrom: (s: string) => Buffer;
 * const election = new Election(client, bufferFrom, "/kat/cluster/leader/");
 * const leadership = await election.campaign(lease, "alpha", {
 *   onWaiting: (leader) => console.log(`waiting; ${leader?.name} leads`),
 * });
 * await election.resign(leadership);
 * ```
 */
export class Election {
  readonly #client: Etcd3;
  readonly #buffer: (s: string) => Buffer;
  /** The key prefix. */
  readonly prefix: string;

  /**
   * An election under `prefix` (ending in `/`); `bufferFrom` makes etcd3's
   * byte buffers from strings.
   */
  constructor(
    client: Etcd3,
    bufferFrom: (s: string) => Buffer,
    prefix: string,
  ) {
    this.#client = client;
    this.#buffer = bufferFrom;
    this.prefix = prefix;
  }

  #rangeEnd(): Buffer {
    // The prefix ends in "/" (0x2f): its range ends at the same text with "0".
    return this.#buffer(`${this.prefix.slice(0, -1)}0`);
  }

  /**
   * The current leader (the oldest candidate), or undefined.
   *
   * @example
   * ```ts
   * import type { Election } from "./election.ts";
   * declare const election: Election;
   * console.log((await election.leader())?.name ?? "no leader");
   * ```
   */
  async leader(): Promise<LeaderInfo | undefined> {
    const res = await this.#client.kv.range({
      key: this.#buffer(this.prefix),
      range_end: this.#rangeEnd(),
      sort_target: "Create",
      sort_order: "Ascend",
      limit: 1,
    });
    const kv = res.kvs[0];
    return kv &&
      { name: kv.value.toString("utf8"), key: kv.key.toString("utf8") };
  }

  /**
   * Campaigns with `lease` and `value` until this candidate leads. Rejects
   * with a {@link CampaignError} when the lease is lost, `options.signal`
   * aborts, or the key vanishes; with etcd3's error when etcd cannot be
   * reached (the key then expires with the lease). `options.onWaiting` is
   * called whenever this candidate starts waiting behind another, with the
   * current leader.
   */
  async campaign(
    lease: Lease,
    value: string,
    options: {
      signal?: AbortSignal;
      onWaiting?: (leader: LeaderInfo | undefined) => void;
    } = {},
  ): Promise<Leadership> {
    const key = `${this.prefix}${lease.hexId}`;
    const k = this.#buffer(key);
    const created = await this.#client.kv.txn({
      compare: [{
        key: k,
        target: "Create",
        result: "Equal",
        create_revision: 0,
      }],
      success: [{
        request_put: { key: k, value: this.#buffer(value), lease: lease.id },
      }],
      failure: [{ request_range: { key: k } }],
    });
    const revision = created.succeeded
      ? Number(created.header.revision)
      : Number(created.responses[0].response_range.kvs[0].create_revision);
    const leadership = { key, revision, fence: { key, version: revision } };
    try {
      await this.#waitForOlder(lease, revision, options);
      // The lease may have expired while waiting: then the key is gone.
      const own = await this.#client.kv.range({ key: k });
      if (Number(own.kvs[0]?.create_revision ?? 0) !== revision) {
        throw new CampaignError(
          "key-lost",
          `the election key ${key} vanished while waiting (lease expired)`,
        );
      }
      return leadership;
    } catch (e) {
      if (e instanceof CampaignError && e.code === "aborted") {
        await this.resign(leadership).catch(() => {});
      }
      throw e;
    }
  }

  /**
   * Removes this candidate's key of an earlier campaign, made with the lease
   * of hex id `leaseHexId` (the key's name is derived from it), and revokes
   * that lease; resolves to whether a key was there. Nothing else is touched,
   * whichever node name other keys hold. A lease that etcd no longer knows
   * (expired, revoked) is fine.
   *
   * @example
   * ```ts
   * import type { Election } from "./election.ts";
   * declare const election: Election;
   * console.log(await election.removeOwn("136ea2137e386f07")); // true or false
   * ```
   */
  async removeOwn(leaseHexId: string): Promise<boolean> {
    const deleted = await this.#client.kv.deleteRange({
      key: this.#buffer(`${this.prefix}${leaseHexId}`),
    });
    try {
      await this.#client.leaseClient.leaseRevoke({
        ID: BigInt(`0x${leaseHexId}`).toString(),
      });
    } catch (e) {
      if (!/lease not found/i.test((e as Error).message)) throw e;
    }
    return Number(deleted.deleted) > 0;
  }

  /** Waits until no candidate older than `revision` remains. */
  async #waitForOlder(
    lease: Lease,
    revision: number,
    options: {
      signal?: AbortSignal;
      onWaiting?: (leader: LeaderInfo | undefined) => void;
    },
  ): Promise<void> {
    let reported: string | undefined;
    while (true) {
      const older = await this.#client.kv.range({
        key: this.#buffer(this.prefix),
        range_end: this.#rangeEnd(),
        max_create_revision: revision - 1,
        sort_target: "Create",
        sort_order: "Descend",
        limit: 1,
      });
      const before = older.kvs[0];
      if (!before) return;
      // Said again whenever the leader changes.
      const leader = await this.leader();
      if (leader?.key !== reported) {
        reported = leader?.key;
        options.onWaiting?.(leader);
      }
      await this.#waitForDelete(lease, older.header.revision, options);
    }
  }

  /**
   * Waits until a candidate's key is deleted after `revision` (the one just
   * before this candidate's, or the leader's), or the campaign ends.
   */
  #waitForDelete(
    lease: Lease,
    revision: string,
    options: { signal?: AbortSignal },
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const watcher = this.#client.watch().prefix(this.prefix).only("delete")
        .startRevision(String(Number(revision) + 1)).watcher();
      let done = false;
      const finish = (error?: Error) => {
        if (done) return;
        done = true;
        options.signal?.removeEventListener("abort", onAbort);
        watcher.removeAllListeners();
        watcher.on("error", () => {});
        watcher.cancel().catch(() => {});
        if (error) reject(error);
        else resolve();
      };
      const onAbort = () =>
        finish(new CampaignError("aborted", "the campaign was stopped"));
      watcher.on("data", (res) => {
        if (res.events.some((e) => e.type === "Delete")) finish();
      });
      watcher.on("error", (e) => finish(e));
      lease.lost.then((reason) =>
        finish(new CampaignError("lease-lost", reason))
      );
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener("abort", onAbort);
    });
  }

  /**
   * Watches the leader's own key: `gone` resolves, with the reason, when it
   * is deleted (by anyone: another process with the same node name, or by
   * hand), since then this candidate no longer leads. `cancel()` ends the
   * watch.
   *
   * @example
   * ```ts
   * import type { Election, Leadership } from "./election.ts";
   * declare const election: Election;
   * declare const leadership: Leadership;
   * const watch = election.watchKey(leadership);
   * console.log(await watch.gone);
   * watch.cancel();
   * ```
   */
  watchKey(leadership: Leadership): { gone: Promise<string>; cancel(): void } {
    const watcher = this.#client.watch().key(this.#buffer(leadership.key))
      .only("delete").startRevision(String(leadership.revision + 1))
      .watcher();
    const cancel = () => {
      watcher.removeAllListeners();
      watcher.on("error", () => {});
      watcher.cancel().catch(() => {});
    };
    const gone = new Promise<string>((resolve) => {
      watcher.on("data", (res) => {
        if (res.events.some((e) => e.type === "Delete")) {
          cancel();
          resolve(`its election key ${leadership.key} was deleted`);
        }
      });
      watcher.on("error", () => {});
    });
    return { gone, cancel };
  }

  /**
   * Gives up leadership (or candidacy): deletes this candidate's key if it is
   * still the one created at `leadership.revision`, so that the next
   * candidate leads at once. Fails with etcd3's error when etcd cannot be
   * reached (the key then expires with the lease).
   *
   * @example
   * ```ts
   * import type { Election, Leadership } from "./election.ts";
   * declare const election: Election;
   * declare const leadership: Leadership;
   * await election.resign(leadership);
   * ```
   */
  async resign(
    leadership: Leadership,
    options: { timeoutMs?: number } = {},
  ): Promise<void> {
    const k = this.#buffer(leadership.key);
    await this.#client.kv.txn({
      compare: [{
        key: k,
        target: "Create",
        result: "Equal",
        create_revision: leadership.revision,
      }],
      success: [{ request_delete_range: { key: k } }],
    }, { deadline: Date.now() + (options.timeoutMs ?? 5000) });
  }
}
