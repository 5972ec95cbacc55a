/**
 * The {@link StateStore} on etcd v3, through the `etcd3` client.
 *
 * @module
 */
import type { Etcd3, IKeyValue, IRequestOp, IResponseOp } from "./etcd3.d.ts";
import type { Buffer } from "node:buffer";
import {
  connectEtcd,
  type EtcdConnectOptions,
  type EtcdLibrary,
  loadEtcdLibrary,
  toStateStoreError,
} from "./etcd_client.ts";
import { EventQueue } from "./event_queue.ts";
import {
  type KeyValue,
  type ListResult,
  type StateStore,
  StateStoreError,
  type TxnOp,
  type TxnOpResult,
  type TxnRequest,
  type TxnResult,
  type WatchEvent,
  type WatchOptions,
} from "./state_store.ts";

/** Entries fetched per request by `list`. */
const LIST_PAGE = 500;

/**
 * The end of the key range of every key starting with `prefix` (etcd's
 * `range_end`): the prefix with its last byte below 0xff incremented and what
 * follows dropped; `[0]` (every key) when there is no such byte.
 *
 * @example
 * ```ts
 * import { prefixEnd } from "./etcd_store.ts";
 * console.log(prefixEnd(new TextEncoder().encode("/kat/"))); // Uint8Array(5) [47, 107, 97, 116, 48]
 * ```
 */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i] < 0xff) {
      // A copy: on a Node Buffer, slice() would share the prefix's bytes.
      const end = Uint8Array.from(prefix.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return new Uint8Array([0]);
}

/**
 * How long a request refused for an old access-control revision is sent
 * again (every 10 ms, then every 20, … up to every 100 ms).
 */
const AUTH_RETRY_MS = 3000;

/**
 * Whether etcd refused a request because its access control changed between
 * the check and the apply (`revision of auth store is old`): nothing was
 * applied, and the same request may be sent again.
 */
function isAuthRevisionError(e: unknown): boolean {
  return e instanceof Error && /revision of auth store is old/.test(e.message);
}

/**
 * The state store on etcd v3. Versions are etcd's `mod_revision`s; a compare
 * on version 0 is etcd's "the key does not exist".
 *
 * Create one with {@link EtcdStateStore.connect}.
 *
 * @example
 * ```ts
 * import { EtcdStateStore } from "@kat/toolkit/state";
 * const store = await EtcdStateStore.connect({ endpoints: ["http://127.0.0.1:2379"] });
 * try {
 *   await store.put("/demo/a", new TextEncoder().encode("1"));
 *   const { entries, revision } = await store.list("/demo/");
 *   console.log(entries.length, revision > 0);
 * } finally {
 *   await store.close();
 * }
 * ```
 */
export class EtcdStateStore implements StateStore {
  readonly #client: Etcd3;
  readonly #lib: EtcdLibrary;
  readonly #watches = new Set<EventQueue<WatchEvent>>();
  readonly #tls: boolean;
  #closed = false;

  private constructor(client: Etcd3, lib: EtcdLibrary, tls: boolean) {
    this.#client = client;
    this.#lib = lib;
    this.#tls = tls;
  }

  /**
   * A store with its own connection to `options.endpoints`. Connecting is
   * lazy: an unreachable etcd shows in the first request.
   *
   * @example
   * ```ts
   * import { EtcdStateStore } from "@kat/toolkit/state";
   * const store = await EtcdStateStore.connect({ endpoints: ["127.0.0.1:2379"], callTimeoutMs: 2000 });
   * await store.close();
   * ```
   */
  static async connect(options: EtcdConnectOptions): Promise<EtcdStateStore> {
    const client = await connectEtcd(options);
    return new EtcdStateStore(
      client,
      await loadEtcdLibrary(),
      options.tls !== undefined,
    );
  }

  #key(key: string): Buffer {
    return this.#lib.Buffer.from(key, "utf8");
  }

  #entry(kv: IKeyValue): KeyValue {
    return {
      key: kv.key.toString("utf8"),
      value: new Uint8Array(kv.value),
      version: Number(kv.mod_revision),
    };
  }

  async #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      throw new StateStoreError("closed", `${what}: the store is closed`);
    }
    const started = Date.now();
    for (let attempt = 1;; attempt++) {
      try {
        return await fn();
      } catch (e) {
        // etcd refuses, without applying it, a request checked against
        // access control that changed before it was applied: ask again.
        if (
          isAuthRevisionError(e) && Date.now() - started < AUTH_RETRY_MS
        ) {
          await new Promise((r) => setTimeout(r, Math.min(10 * attempt, 100)));
          continue;
        }
        throw toStateStoreError(e, what, this.#tls);
      }
    }
  }

  /**
   * The entry of `key`, or undefined.
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * const entry = await store.get("/kat/cluster/config");
   * console.log(entry?.version);
   * ```
   */
  get(key: string): Promise<KeyValue | undefined> {
    return this.#call(`get ${key}`, async () => {
      const res = await this.#client.kv.range({ key: this.#key(key) });
      return res.kvs.length === 0 ? undefined : this.#entry(res.kvs[0]);
    });
  }

  /**
   * Sets `key`; resolves to its new version.
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * const version = await store.put("/demo/a", new Uint8Array([1, 2]));
   * console.log(version > 0); // true
   * ```
   */
  put(key: string, value: Uint8Array): Promise<number> {
    return this.#call(`put ${key}`, async () => {
      const res = await this.#client.kv.put({
        key: this.#key(key),
        value: this.#lib.Buffer.from(value),
      });
      return Number(res.header.revision);
    });
  }

  /**
   * Deletes `key`; resolves to whether it existed.
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * console.log(await store.delete("/demo/never-written")); // false
   * ```
   */
  delete(key: string): Promise<boolean> {
    return this.#call(`delete ${key}`, async () => {
      const res = await this.#client.kv.deleteRange({ key: this.#key(key) });
      return res.deleted !== "0";
    });
  }

  /**
   * Every entry under `prefix`, sorted by key, read at one revision (in pages
   * of 500, so that no answer exceeds gRPC's message limit).
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * const { entries } = await store.list("/demo/");
   * console.log(entries.map((e) => e.key));
   * ```
   */
  list(prefix: string): Promise<ListResult> {
    return this.#call(`list ${prefix}`, async () => {
      const start = this.#key(prefix);
      const end = this.#lib.Buffer.from(prefixEnd(start));
      const entries: KeyValue[] = [];
      let from = start;
      let revision: string | undefined;
      while (true) {
        const res = await this.#client.kv.range({
          key: from,
          range_end: end,
          limit: LIST_PAGE,
          ...(revision === undefined ? {} : { revision }),
        });
        revision ??= res.header.revision;
        for (const kv of res.kvs) entries.push(this.#entry(kv));
        if (!res.more || res.kvs.length === 0) break;
        const last = res.kvs[res.kvs.length - 1].key;
        from = this.#lib.Buffer.concat([last, this.#lib.Buffer.from([0])]);
      }
      return { entries, revision: Number(revision) };
    });
  }

  /**
   * The changes under `prefix` (see {@link StateStore.watch}).
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * const { revision } = await store.list("/demo/");
   * for await (const event of store.watch("/demo/", { after: revision })) {
   *   console.log(event.type, event.key, event.previous?.version);
   *   if (event.type === "delete") break;
   * }
   * ```
   */
  watch(prefix: string, options?: WatchOptions): AsyncIterable<WatchEvent> {
    options ??= {};
    if (this.#closed) {
      throw new StateStoreError(
        "closed",
        `watch ${prefix}: the store is closed`,
      );
    }
    const limit = options.maxBuffered ?? 10_000;
    let builder = this.#client.watch().prefix(prefix).withPreviousKV();
    if (options.after !== undefined) {
      builder = builder.startRevision(String(options.after + 1));
    }
    const watcher = builder.watcher();
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      this.#watches.delete(queue);
      options.signal?.removeEventListener("abort", onAbort);
      watcher.removeAllListeners();
      // Cancelling needs the connection; a watch ended while etcd is away is
      // dropped with the stream instead.
      watcher.on("error", () => {});
      watcher.cancel().catch(() => {});
    };
    const queue = new EventQueue<WatchEvent>({
      limit,
      overflow: () =>
        new StateStoreError(
          "overflow",
          `watch ${prefix}: more than ${limit} events were not consumed`,
        ),
      onReturn: stop,
    });
    const onAbort = () => queue.return();
    this.#watches.add(queue);
    // The revision the watch continues from, to tell a compaction apart.
    let resumeFrom = options.after === undefined
      ? undefined
      : options.after + 1;
    watcher.on("data", (res) => {
      resumeFrom = Number(res.header.revision) + 1;
      for (const ev of res.events) {
        const key = ev.kv.key.toString("utf8");
        const previous = ev.prev_kv ? this.#entry(ev.prev_kv) : undefined;
        const version = Number(ev.kv.mod_revision);
        if (ev.type === "Put") {
          queue.push({
            type: "put",
            key,
            value: new Uint8Array(ev.kv.value),
            version,
            ...(previous ? { previous } : {}),
          });
        } else {
          queue.push({
            type: "delete",
            key,
            version,
            ...(previous ? { previous } : {}),
          });
        }
      }
    });
    watcher.on("error", (e) => {
      this.#watchFailure(resumeFrom, e, `watch ${prefix}`)
        .then((err) => queue.fail(err));
    });
    if (options.signal?.aborted) queue.return();
    options.signal?.addEventListener("abort", onAbort);
    return queue;
  }

  /**
   * Why etcd cancelled a watch. etcd says "compacted" only in a field that
   * etcd3 drops (the cancel reason is empty), so a cancelled watch that had a
   * start revision reads that revision once: etcd refuses it exactly when it
   * was compacted.
   */
  async #watchFailure(
    start: number | undefined,
    e: unknown,
    what: string,
  ): Promise<StateStoreError> {
    const error = toStateStoreError(e, what, this.#tls);
    if (start === undefined || error.reason !== "failed") return error;
    try {
      await this.#client.kv.range({
        key: this.#key("\0"),
        revision: start,
        limit: 1,
        keys_only: true,
      });
    } catch (probe) {
      const why = toStateStoreError(probe, what, this.#tls);
      if (why.reason === "compacted") {
        return new StateStoreError(
          "compacted",
          `${what}: revision ${start} has been compacted`,
          e,
        );
      }
    }
    return error;
  }

  /**
   * Runs a transaction: version compares, then one branch of operations.
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * const r = await store.txn({
   *   compare: [{ key: "/demo/once", version: 0 }],
   *   success: [{ op: "put", key: "/demo/once", value: new Uint8Array([1]) }],
   *   failure: [{ op: "get", key: "/demo/once" }],
   * });
   * console.log(r.succeeded ? "created" : "exists");
   * ```
   */
  txn(request: TxnRequest): Promise<TxnResult> {
    return this.#call("txn", async () => {
      const ops = (list: TxnOp[] = []) => list.map((op) => this.#op(op));
      const res = await this.#client.kv.txn({
        compare: (request.compare ?? []).map((c) => ({
          key: this.#key(c.key),
          target: "Mod" as const,
          result: "Equal" as const,
          mod_revision: c.version,
        })),
        success: ops(request.success),
        failure: ops(request.failure),
      });
      const branch = (res.succeeded ? request.success : request.failure) ?? [];
      const revision = Number(res.header.revision);
      return {
        succeeded: res.succeeded,
        revision,
        results: branch.map((op, i) =>
          this.#result(op, res.responses[i], revision)
        ),
      };
    });
  }

  #op(op: TxnOp): IRequestOp {
    switch (op.op) {
      case "get":
        return { request_range: { key: this.#key(op.key) } };
      case "put":
        return {
          request_put: {
            key: this.#key(op.key),
            value: this.#lib.Buffer.from(op.value),
          },
        };
      case "delete":
        return { request_delete_range: { key: this.#key(op.key) } };
    }
  }

  #result(op: TxnOp, res: IResponseOp, revision: number): TxnOpResult {
    switch (op.op) {
      case "get": {
        const kvs = res.response_range?.kvs ?? [];
        return { op: "get", entry: kvs[0] ? this.#entry(kvs[0]) : undefined };
      }
      case "put":
        return { op: "put", version: revision };
      case "delete":
        return {
          op: "delete",
          deleted: (res.response_delete_range?.deleted ?? "0") !== "0",
        };
    }
  }

  /**
   * Ends every watch and closes the connection.
   *
   * @example
   * ```ts
   * import type { EtcdStateStore } from "@kat/toolkit/state";
   * declare const store: EtcdStateStore;
   * await store.close();
   * ```
   */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    for (const queue of [...this.#watches]) queue.return();
    this.#client.close();
    return Promise.resolve();
  }
}
