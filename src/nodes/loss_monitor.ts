/**
 * The leader's side of heartbeats: a node whose status key exists is Ready,
 * one whose key is gone (its lease expired) is not.
 *
 * @module
 */
import type {
  KeyValue,
  StateStore,
  VersionCompare,
  WatchEvent,
} from "../state/state_store.ts";
import {
  NODE_RECORDS_PREFIX,
  NODE_REPORTS_PREFIX,
  nodeOfStatusKey,
} from "./keys.ts";
import { setNodeReady } from "./node_ready.ts";
import { decodeNodeRecord } from "./node_record.ts";

/**
 * Options of {@link NodeLossMonitor.start}.
 *
 * @example
 * ```ts
 * import type { NodeLossMonitorOptions } from "./loss_monitor.ts";
 * const options: NodeLossMonitorOptions = { resyncMs: 5000, onChange: (name, ready) => console.log(name, ready) };
 * ```
 */
export interface NodeLossMonitorOptions {
  /** The leader's election key: no write unless it holds. Default: none. */
  fence?: VersionCompare;
  /** Milliseconds between two full comparisons. Default: 1000. */
  resyncMs?: number;
  /** The clock of transition times. Default: the current time. */
  now?: () => Date;
  /**
   * How long a status key may go unwritten before its node counts as lost
   * although the key still exists, in ms, measured on this monitor's clock
   * from the last write it saw (or its start). etcd lets any client keep
   * any lease alive, so a key's lease alone does not prove that its node
   * reports. Default: none (the key's existence decides).
   */
  lossTimeoutMs?: number;
  /** Told when a node's Ready condition changed. Default: nothing. */
  onChange?: (name: string, ready: boolean) => void;
  /**
   * Told of every failure (a `StateStoreError`, or a `NodeRegistryError`
   * such as `node.not_leader`); the monitor goes on. Default: ignore.
   */
  onError?: (e: unknown) => void;
}

/**
 * Keeps every registered node's `Ready` condition in step with its status
 * key: it watches `/kat/nodes/` (a put of a status key → Ready True, its
 * deletion → Ready False with reason `NodeStatusUnknown`), and on start and
 * every `resyncMs` compares every record with whether its status key
 * exists (and, with `lossTimeoutMs`, has been written that recently), so
 * that a missed event or a new leader converges. Every change is made one at
 * a time, in the order seen.
 *
 * @example
 * ```ts
 * import type { StateStore } from "../state/state_store.ts";
 * import { NodeLossMonitor } from "./loss_monitor.ts";
 * declare const store: StateStore;
 * const monitor = NodeLossMonitor.start(store, { onChange: (n, ready) => console.log(n, ready) });
 * await monitor.stop();
 * ```
 */
export class NodeLossMonitor {
  readonly #store: StateStore;
  readonly #options: NodeLossMonitorOptions;
  readonly #abort = new AbortController();
  #queue: Promise<unknown> = Promise.resolve();
  #timer: ReturnType<typeof setInterval> | undefined;
  #watching: Promise<void> = Promise.resolve();
  /** When (`performance.now()`) each node's status key was last seen written. */
  readonly #lastWrite = new Map<string, number>();
  /** When the monitor started. */
  readonly #started = performance.now();

  private constructor(store: StateStore, options: NodeLossMonitorOptions) {
    this.#store = store;
    this.#options = options;
  }

  /**
   * Starts the monitor (its first comparison runs at once).
   *
   * @example
   * ```ts
   * import type { StateStore } from "../state/state_store.ts";
   * import { NodeLossMonitor } from "./loss_monitor.ts";
   * declare const store: StateStore;
   * const fence = { key: "/kat/cluster/leader/694d", version: 12 };
   * const monitor = NodeLossMonitor.start(store, { fence, resyncMs: 2000 });
   * ```
   */
  static start(
    store: StateStore,
    options: NodeLossMonitorOptions = {},
  ): NodeLossMonitor {
    const monitor = new NodeLossMonitor(store, options);
    monitor.#watching = monitor.#watchLoop();
    monitor.#timer = setInterval(
      () => void monitor.#enqueue(() => monitor.#resync()).catch(() => {}),
      options.resyncMs ?? 1000,
    );
    return monitor;
  }

  /** Runs `fn` after everything queued before; failures go to onError. */
  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      if (this.#abort.signal.aborted) throw new Error("stopped");
      try {
        return await fn();
      } catch (e) {
        if (!this.#abort.signal.aborted) this.#options.onError?.(e);
        throw e;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  async #set(name: string, ready: boolean): Promise<void> {
    const outcome = await setNodeReady(this.#store, name, ready, {
      fence: this.#options.fence,
      now: this.#options.now?.(),
    });
    if (outcome === "changed") this.#options.onChange?.(name, ready);
  }

  /**
   * Compares every record with its status key; the reports' revision. A
   * record without a Ready condition (a node that never reported) is left
   * until its first report.
   */
  async #resync(): Promise<number> {
    const reports = await this.#store.list(NODE_REPORTS_PREFIX);
    const limit = this.#options.lossTimeoutMs;
    const now = performance.now();
    // A key that exists but has not been written for the loss timeout (its
    // lease kept alive by someone else, or put without one) is no report.
    const reporting = new Set(
      reports.entries.map((e) => nodeOfStatusKey(e.key)).filter((name) =>
        name !== undefined &&
        (limit === undefined ||
          now - (this.#lastWrite.get(name) ?? this.#started) <= limit)
      ),
    );
    const records = await this.#store.list(NODE_RECORDS_PREFIX);
    for (const entry of records.entries) {
      const name = entry.key.slice(NODE_RECORDS_PREFIX.length);
      try {
        // A node that has not reported yet (it has just joined) has no
        // Ready condition: it is not lost, it is not known yet.
        if (!reporting.has(name) && !hasReadyCondition(entry)) continue;
        await this.#set(name, reporting.has(name));
      } catch (e) {
        // One node's failure (a corrupt record) does not stop the others.
        if (!this.#abort.signal.aborted) this.#options.onError?.(e);
      }
    }
    return reports.revision;
  }

  async #handle(event: WatchEvent): Promise<void> {
    const name = nodeOfStatusKey(event.key);
    if (name === undefined) return;
    if (event.type === "put") this.#lastWrite.set(name, performance.now());
    await this.#set(name, event.type === "put");
  }

  async #watchLoop(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      // A failed comparison has been told through onError.
      const after = await this.#enqueue(() => this.#resync()).catch(() =>
        undefined
      );
      if (after !== undefined) {
        try {
          const events = this.#store.watch(NODE_REPORTS_PREFIX, {
            after,
            signal,
          });
          for await (const event of events) {
            await this.#enqueue(() => this.#handle(event)).catch(() => {});
          }
        } catch (e) {
          // The watch failed (etcd compacted, closed): compare and watch again.
          if (!signal.aborted) this.#options.onError?.(e);
        }
      }
      await this.#pause(this.#options.resyncMs ?? 1000);
    }
  }

  #pause(ms: number): Promise<void> {
    const signal = this.#abort.signal;
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      }
      signal.addEventListener("abort", done);
    });
  }

  /**
   * Stops watching and comparing; waits for a change under way.
   *
   * @example
   * ```ts
   * import type { NodeLossMonitor } from "./loss_monitor.ts";
   * declare const monitor: NodeLossMonitor;
   * await monitor.stop();
   * ```
   */
  async stop(): Promise<void> {
    this.#abort.abort();
    clearInterval(this.#timer);
    await this.#watching;
    await this.#queue;
  }
}

/** Whether a stored Node record has a Ready condition (a corrupt one throws). */
function hasReadyCondition(entry: KeyValue): boolean {
  return decodeNodeRecord(entry).status?.conditions?.some((c) =>
    c.type === "Ready"
  ) ?? false;
}
