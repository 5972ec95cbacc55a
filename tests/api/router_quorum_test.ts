import { assertEquals, assertRejects } from "../assert.ts";
import { CREDENTIAL, withApi } from "./api_fixture.ts";
import { ApiClient } from "../../src/client/api_client.ts";
import { ApiError } from "../../src/client/api_error.ts";
import {
  ETCD_QUORUM_LOST,
  loadEtcdLibrary,
  toStateStoreError,
} from "../../src/state/etcd_client.ts";
import type { StateStore } from "../../src/state/state_store.ts";

const { etcd3 } = await loadEtcdLibrary();

/**
 * `store`, whose every request fails, once `lost.quorum` is set, as a
 * request to a member without a quorum does (tests/state/etcd_quorum_test.ts
 * meets that error with a real cluster).
 */
function quorumLossOf(store: StateStore, lost: { quorum: boolean }) {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "close") return value;
      return (...args: unknown[]) => {
        if (!lost.quorum) return value.apply(target, args);
        throw toStateStoreError(
          new etcd3.GRPCUnavailableError(
            "14 UNAVAILABLE: etcdserver: no leader",
          ),
          `${String(property)} ${args[0]}`,
        );
      };
    },
  });
}

Deno.test("an etcd without its quorum: the API answers 503 state.unavailable saying so, and the client's error is that one line", async () => {
  const lost = { quorum: false };
  await withApi(async (api) => {
    lost.quorum = true;
    const r = await api.get("/v1alpha1/namespaces");
    assertEquals(r.status, 503);
    assertEquals(r.body.error.code, "state.unavailable");
    // The bearer credential is checked first: that read fails.
    const message =
      `get /kat/admin/credential: ${ETCD_QUORUM_LOST} (etcdserver: no leader)`;
    assertEquals(r.body.error.message, message);

    const client = new ApiClient({
      cluster: "test",
      servers: [api.url],
      caCertificate: api.ca,
      credential: CREDENTIAL,
    });
    try {
      const e = await assertRejects(() => client.listNamespaces(), ApiError);
      assertEquals(
        [e.code, e.message],
        [
          "state.unavailable",
          `${api.url} answered 503 state.unavailable: ${message}`,
        ],
      );
    } finally {
      client.close();
    }
  }, { wrap: (store) => quorumLossOf(store, lost) });
});
