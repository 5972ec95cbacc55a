import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import {
  connectEtcd,
  ETCD_QUORUM_LOST,
  loadEtcdLibrary,
} from "../../src/state/etcd_client.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import { listMembers, startedMembers } from "../../src/state/etcd_members.ts";
import { StateStoreError } from "../../src/state/state_store.ts";
import type { Etcd3 } from "../../src/state/etcd3.d.ts";
import { withEtcdCluster } from "./etcd_cluster_fixture.ts";
import { sleep } from "./etcd_fixture.ts";

const { Buffer } = await loadEtcdLibrary();
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

/** Each request's deadline: a refusal must come well before it. */
const CALL_TIMEOUT_MS = 2000;

/** Waits (up to 10 s) until the member `client` reaches knows no leader. */
async function untilLeaderless(client: Etcd3): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const status = await client.maintenance.status().catch(() => undefined);
    if (status?.leader === "0") return;
    await sleep(100);
  }
  throw new Error("the surviving member still has a leader after 10 s");
}

Deno.test("two of three etcd members gone: writes and reads fail at once with the quorum message; one back, writes work again", async () => {
  await withEtcdCluster(async (cluster) => {
    const [survivor, second, third] = cluster.members;
    const store = await EtcdStateStore.connect({
      endpoints: [survivor.endpoint],
      callTimeoutMs: CALL_TIMEOUT_MS,
    });
    const client = await connectEtcd({
      endpoints: [survivor.endpoint],
      callTimeoutMs: CALL_TIMEOUT_MS,
    });
    try {
      await store.put("/quorum/a", enc("before"));
      await second.kill();
      await third.kill();
      await untilLeaderless(client);

      let started = Date.now();
      const put = await assertRejects(
        () => store.put("/quorum/a", enc("during")),
        StateStoreError,
      );
      assertEquals(
        [put.reason, put.message, put.quorumLost],
        [
          "unavailable",
          `put /quorum/a: ${ETCD_QUORUM_LOST} (etcdserver: no leader)`,
          true,
        ],
      );
      // etcd refuses at once instead of letting the request wait for its
      // deadline.
      assertTrue(Date.now() - started < CALL_TIMEOUT_MS, "refused at once");

      // The store reads linearizably (it offers no serializable read): a
      // read needs the quorum too.
      const get = await assertRejects(
        () => store.get("/quorum/a"),
        StateStoreError,
      );
      assertEquals(
        [get.reason, get.message],
        [
          "unavailable",
          `get /quorum/a: ${ETCD_QUORUM_LOST} (etcdserver: no leader)`,
        ],
      );
      // A serializable read is answered by the survivor alone: what was
      // written before.
      const local = await client.kv.range({
        key: Buffer.from("/quorum/a"),
        serializable: true,
      });
      assertEquals(local.kvs.map((kv) => kv.value.toString()), ["before"]);

      // Which members run can still be told: the member list and each
      // member's status need no leader.
      const members = await listMembers(client);
      assertEquals(members.map((m) => m.name).sort(), ["m1", "m2", "m3"]);
      const running = await startedMembers(members);
      assertEquals(
        members.filter((m) => running.has(m.id)).map((m) => m.name),
        [survivor.name],
      );

      await second.start();
      started = Date.now();
      for (;;) {
        try {
          await store.put("/quorum/a", enc("after"));
          break;
        } catch (e) {
          if (Date.now() - started > 10_000) throw e;
          await sleep(100);
        }
      }
      assertEquals(dec((await store.get("/quorum/a"))?.value), "after");
    } finally {
      client.close();
      await store.close();
    }
  });
});
