/**
 * Helpers of the resource store's tests: quadlets of examples/, a store on
 * a real etcd, and stores that hold a transaction back to force a race.
 *
 * @module
 */
import type { Resource } from "../../src/gen/types.ts";
import { loadQuadlet } from "../../src/input/load.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import type {
  StateStore,
  TxnRequest,
  TxnResult,
} from "../../src/state/state_store.ts";
import { REPO } from "../helpers.ts";
import { withEtcd } from "../state/etcd_fixture.ts";

/** The resources of the example quadlet `name` (examples/NAME), in file order. */
export async function example(name: string): Promise<Resource[]> {
  const result = await loadQuadlet(`${REPO}examples/${name}`);
  if (!result.valid) throw new Error(`examples/${name} is not valid`);
  return result.resources.map((r) => r.resource);
}

/** Runs `fn` with a store on a fresh etcd. */
export async function withStore(
  fn: (store: EtcdStateStore) => Promise<void>,
): Promise<void> {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  });
}

/** Every key under `/kat/` with its version. */
export async function dump(store: StateStore): Promise<Record<string, number>> {
  const { entries } = await store.list("/kat/");
  return Object.fromEntries(entries.map((e) => [e.key, e.version]));
}

/** Deletes every key under `/kat/`. */
export async function clear(store: StateStore): Promise<void> {
  for (const key of Object.keys(await dump(store))) await store.delete(key);
}

/** Whether a transaction writes (puts or deletes) anything. */
export function writes(request: TxnRequest): boolean {
  return (request.success ?? []).some((op) => op.op !== "get");
}

/**
 * A store whose writing transactions run only once `parties` of them have
 * arrived: every party has read before any writes.
 */
export class BarrierStore implements StateStore {
  #waiting: (() => void)[] = [];

  constructor(readonly inner: StateStore, readonly parties: number) {}

  get(key: string) {
    return this.inner.get(key);
  }
  put(key: string, value: Uint8Array) {
    return this.inner.put(key, value);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  watch(prefix: string, options?: Parameters<StateStore["watch"]>[1]) {
    return this.inner.watch(prefix, options);
  }
  async txn(request: TxnRequest): Promise<TxnResult> {
    if (writes(request)) {
      await new Promise<void>((resolve) => {
        this.#waiting.push(resolve);
        if (this.#waiting.length >= this.parties) {
          for (const go of this.#waiting.splice(0)) go();
        }
      });
    }
    return await this.inner.txn(request);
  }
  close() {
    return Promise.resolve();
  }
}

/**
 * A store that runs `before` once, just before the first writing
 * transaction `when` accepts.
 */
export class InterposeStore extends BarrierStore {
  #done = false;

  constructor(
    inner: StateStore,
    readonly when: (request: TxnRequest) => boolean,
    readonly before: () => Promise<unknown>,
  ) {
    super(inner, 1);
  }

  override async txn(request: TxnRequest): Promise<TxnResult> {
    if (!this.#done && writes(request) && this.when(request)) {
      this.#done = true;
      await this.before();
    }
    return await this.inner.txn(request);
  }
}
