import { assertEquals, assertTrue } from "../assert.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import { connectEtcd } from "../../src/state/etcd_client.ts";
import { NodeLossMonitor } from "../../src/nodes/loss_monitor.ts";
import { StatusReporter } from "../../src/nodes/status_report.ts";
import {
  NodeRegistryError,
  readNode,
  registerNode,
  setNodeReady,
} from "../../src/nodes/registry.ts";
import { nodeStatusKey } from "../../src/nodes/keys.ts";
import { encodeNodeStatus } from "../../src/nodes/status_wire.ts";
import type { StateStore } from "../../src/state/state_store.ts";
import { sleep, withEtcd } from "../state/etcd_fixture.ts";

const T0 = new Date("2030-01-01T00:00:00.000Z");

function register(store: StateStore, name: string) {
  return registerNode(store, {
    name,
    advertiseAddress: "192.168.1.10",
    publicKeySha256: "a".repeat(64),
    clusterCidr: "10.100.0.0/16",
    nodeSubnetBits: 7,
  });
}

async function ready(store: StateStore, name: string) {
  return (await readNode(store, name))?.status?.conditions?.find((c) =>
    c.type === "Ready"
  );
}

/** Polls `check` every 100 ms until it is true; the ms it took. */
async function eventually(
  what: string,
  ms: number,
  check: () => Promise<boolean>,
) {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await sleep(100);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

Deno.test("node loss monitor against a real etcd", async (t) => {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    const client = await connectEtcd({ endpoints: [etcd.endpoint] });
    try {
      await register(store, "node-a");
      await register(store, "node-b");

      await t.step(
        "a node that stops reporting turns NotReady after its TTL; reporting again makes it Ready",
        async () => {
          const changes: string[] = [];
          const errors: unknown[] = [];
          const monitor = NodeLossMonitor.start(store, {
            resyncMs: 200,
            now: () => T0,
            onChange: (name, r) => changes.push(`${name} ${r}`),
            onError: (e) => errors.push(e),
          });
          try {
            // Neither node has reported yet (both just joined): neither is
            // lost, neither gets a condition, however many resyncs pass.
            await sleep(700);
            assertEquals(await ready(store, "node-a"), undefined);
            assertEquals(await ready(store, "node-b"), undefined);
            const reporter = await StatusReporter.start(client, {
              name: "node-a",
              tickSeconds: 0.5,
              ttlSeconds: 2,
            });
            await eventually(
              "node-a Ready",
              2000,
              async () => (await ready(store, "node-a"))?.status === "True",
            );
            assertEquals(
              (await ready(store, "node-a"))?.reason,
              "NodeReporting",
            );
            await reporter.stop();
            const took = await eventually(
              "node-a NotReady",
              4000,
              async () => (await ready(store, "node-a"))?.status === "False",
            );
            assertTrue(
              took >= 1000,
              `NotReady after ${took} ms, before the TTL`,
            );
            assertEquals(await ready(store, "node-a"), {
              type: "Ready",
              status: "False",
              reason: "NodeStatusUnknown",
              message: "the node has not reported for its lease's TTL",
              lastTransitionTime: "2030-01-01T00:00:00Z",
            });
            const again = await StatusReporter.start(client, {
              name: "node-a",
              tickSeconds: 0.5,
              ttlSeconds: 2,
            });
            await eventually(
              "node-a Ready again",
              2000,
              async () => (await ready(store, "node-a"))?.status === "True",
            );
            await again.stop();
            assertEquals(changes, [
              "node-a true",
              "node-a false",
              "node-a true",
            ]);
            assertEquals(await ready(store, "node-b"), undefined);
            assertEquals(errors, []);
          } finally {
            await monitor.stop();
          }
          await sleep(2500); // node-a's last report expires
        },
      );

      await t.step(
        "missed events: the start and every resync fix the condition",
        async () => {
          // Wrong both ways while no monitor runs.
          await setNodeReady(store, "node-a", true);
          await store.put(nodeStatusKey("node-b"), encodeNodeStatus({}));
          const monitor = NodeLossMonitor.start(store, { resyncMs: 200 });
          try {
            await eventually(
              "converged at start",
              2000,
              async () =>
                (await ready(store, "node-a"))?.status === "False" &&
                (await ready(store, "node-b"))?.status === "True",
            );
            // A write the watch does not see: the next resync undoes it.
            await setNodeReady(store, "node-b", false);
            await eventually(
              "node-b Ready again",
              2000,
              async () => (await ready(store, "node-b"))?.status === "True",
            );
          } finally {
            await monitor.stop();
          }
          await store.delete(nodeStatusKey("node-b"));
        },
      );

      await t.step(
        "a broken fence: not_leader through onError, nothing written",
        async () => {
          const fenceKey = "/kat/cluster/leader/694d";
          const version = await store.put(fenceKey, new Uint8Array([1]));
          await store.delete(fenceKey);
          const before = await readNode(store, "node-b");
          assertEquals(before?.status?.conditions?.[0].status, "True");
          const errors: unknown[] = [];
          const monitor = NodeLossMonitor.start(store, {
            fence: { key: fenceKey, version },
            resyncMs: 200,
            onError: (e) => errors.push(e),
          });
          try {
            await eventually(
              "an error",
              2000,
              () => Promise.resolve(errors.length > 0),
            );
          } finally {
            await monitor.stop();
          }
          const e = errors[0];
          assertTrue(e instanceof NodeRegistryError, String(e));
          assertEquals(e.code, "node.not_leader");
          assertEquals(await readNode(store, "node-b"), before);
        },
      );
    } finally {
      client.close();
      await store.close();
    }
  });
});

Deno.test("a status key that is no longer written is no report, however long it lives", async () => {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      await register(store, "node-c");
      const monitor = NodeLossMonitor.start(store, {
        resyncMs: 100,
        lossTimeoutMs: 1500,
      });
      try {
        // Put once, without a lease: the key would live for ever.
        await store.put(nodeStatusKey("node-c"), encodeNodeStatus({}));
        await eventually(
          "node-c Ready",
          2000,
          async () => (await ready(store, "node-c"))?.status === "True",
        );
        const took = await eventually(
          "node-c NotReady while its key exists",
          4000,
          async () => (await ready(store, "node-c"))?.status === "False",
        );
        assertTrue(took >= 1000, `NotReady after ${took} ms`);
        assertTrue((await store.get(nodeStatusKey("node-c"))) !== undefined);
        // Written again: Ready again.
        await store.put(nodeStatusKey("node-c"), encodeNodeStatus({}));
        await eventually(
          "node-c Ready again",
          2000,
          async () => (await ready(store, "node-c"))?.status === "True",
        );
      } finally {
        await monitor.stop();
      }
    } finally {
      await store.close();
    }
  });
});
