import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import type { StateStore, TxnRequest } from "../../src/state/state_store.ts";
import { decodeBinary, encodeBinary } from "../../src/encode/binary.ts";
import {
  deleteNode,
  listNodes,
  NodeRegistryError,
  readNode,
  registerNode,
  type RegisterNodeRequest,
  setNodeReady,
} from "../../src/nodes/registry.ts";
import {
  NODE_RECORDS_PREFIX,
  nodeStatusKey,
  SUBNETS_PREFIX,
} from "../../src/nodes/keys.ts";
import { encodeNodeStatus } from "../../src/nodes/status_wire.ts";
import { type TestEtcd, withEtcd } from "../state/etcd_fixture.ts";

const KEY_A = "a".repeat(64);
const KEY_B = "b".repeat(64);
const T0 = new Date("2030-01-01T00:00:00.000Z");
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function request(
  name: string,
  extra: Partial<RegisterNodeRequest> = {},
): RegisterNodeRequest {
  return {
    name,
    advertiseAddress: "192.168.1.10",
    publicKeySha256: KEY_A,
    clusterCidr: "10.100.0.0/16",
    nodeSubnetBits: 7,
    now: T0,
    ...extra,
  };
}

/** The refusal of `fn`, as `[code, message]`. */
async function refusal(fn: () => Promise<unknown>) {
  const e = await assertRejects(fn, NodeRegistryError);
  return [e.code, e.message];
}

/** Every key under `/kat/` and its value (subnet keys as text). */
async function dump(store: StateStore) {
  const { entries } = await store.list("/kat/");
  return entries.map((e) => e.key);
}

async function subnetKeys(store: StateStore) {
  const { entries } = await store.list(SUBNETS_PREFIX);
  return Object.fromEntries(entries.map((e) => [e.key, dec(e.value)]));
}

async function clear(store: StateStore) {
  for (const key of await dump(store)) await store.delete(key);
}

async function withStore(
  fn: (store: EtcdStateStore, etcd: TestEtcd) => Promise<void>,
) {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      await fn(store, etcd);
    } finally {
      await store.close();
    }
  });
}

Deno.test("node registry against a real etcd", async (t) => {
  await withStore(async (store, etcd) => {
    await t.step("a new name gets a record and the lowest subnet", async () => {
      const r = await registerNode(store, request("node-1"));
      assertEquals(r.outcome, "created");
      const uid = r.node.metadata?.uid ?? "";
      assertTrue(UUID.test(uid), uid);
      const stored = (await store.get(`${NODE_RECORDS_PREFIX}node-1`))!;
      assertEquals(r.node, {
        apiVersion: "kat.dws.rip/v1alpha1",
        kind: "Node",
        metadata: {
          name: "node-1",
          uid,
          generation: "1",
          resourceVersion: String(stored.version),
          creationTimestamp: "2030-01-01T00:00:00Z",
          annotations: { "kat.dws.rip/node-key-sha256": KEY_A },
        },
        spec: {
          overlaySubnet: "10.100.0.0/23",
          advertiseAddress: "192.168.1.10",
        },
      });
      // The stored bytes are the record without resourceVersion.
      const { resourceVersion: _, ...metadata } = r.node.metadata!;
      assertEquals(decodeBinary("Node", stored.value), {
        ...r.node,
        metadata,
      });
      assertEquals(await subnetKeys(store), {
        "/kat/registry/subnets/10.100.0.0_23": "node-1",
      });
      const second = await registerNode(store, request("node-2"));
      assertEquals(second.node.spec?.overlaySubnet, "10.100.2.0/23");
      assertTrue(second.node.metadata?.uid !== uid);
    });

    await t.step(
      "the same name and key rejoins: uid, subnet and creation time kept",
      async () => {
        const before = (await readNode(store, "node-1"))!;
        const later = new Date("2031-01-01T00:00:00.000Z");
        const same = await registerNode(
          store,
          request("node-1", { now: later }),
        );
        assertEquals(same, { node: before, outcome: "rejoined" });
        const moved = await registerNode(
          store,
          request("node-1", { now: later, advertiseAddress: "192.168.1.99" }),
        );
        assertEquals(moved.outcome, "rejoined");
        const version = (await store.get(`${NODE_RECORDS_PREFIX}node-1`))!
          .version;
        assertEquals(moved.node, {
          ...before,
          metadata: {
            ...before.metadata,
            generation: "2",
            resourceVersion: String(version),
          },
          spec: { ...before.spec, advertiseAddress: "192.168.1.99" },
        });
        assertEquals(await readNode(store, "node-1"), moved.node);
        assertEquals(Object.keys(await subnetKeys(store)).length, 2);
      },
    );

    await t.step("the same name with another key is name_taken", async () => {
      const keys = await dump(store);
      assertEquals(
        await refusal(() =>
          registerNode(store, request("node-1", { publicKeySha256: KEY_B }))
        ),
        [
          "node.name_taken",
          'node name "node-1" is taken by a node with another key; choose another name, or delete that node first (katcall delete node node-1)',
        ],
      );
      assertEquals(await dump(store), keys);
    });

    await t.step("a name that is no node name is invalid_name", async () => {
      for (
        const [name, why] of [
          [
            "Node-1",
            "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
          ],
          [
            "123",
            "must not be a number (all digits, or 0x and hex digits): as a host name it reads as an IPv4 address",
          ],
          [
            "",
            "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
          ],
          [
            "a/b",
            "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
          ],
        ]
      ) {
        const expected = ["node.invalid_name", `node name "${name}" ${why}`];
        assertEquals(
          await refusal(() => registerNode(store, request(name))),
          expected,
        );
        assertEquals(await refusal(() => readNode(store, name)), expected);
        assertEquals(await refusal(() => deleteNode(store, name)), expected);
        assertEquals(
          await refusal(() => setNodeReady(store, name, true)),
          expected,
        );
      }
    });

    await t.step(
      "a /28 split in /30s holds four nodes; the fifth is refused",
      async () => {
        await clear(store);
        const small = { clusterCidr: "192.168.7.16/28", nodeSubnetBits: 2 };
        const subnets = [];
        for (const name of ["n-a", "n-b", "n-c", "n-d"]) {
          subnets.push(
            (await registerNode(store, request(name, small))).node.spec
              ?.overlaySubnet,
          );
        }
        assertEquals(subnets, [
          "192.168.7.16/30",
          "192.168.7.20/30",
          "192.168.7.24/30",
          "192.168.7.28/30",
        ]);
        assertEquals(
          await refusal(() => registerNode(store, request("n-e", small))),
          [
            "node.subnets_exhausted",
            'no free overlay subnet for node "n-e": all 4 /30 subnets of clusterCIDR 192.168.7.16/28 are allocated; delete a node, or use a larger clusterCIDR',
          ],
        );
        assertEquals(await readNode(store, "n-e"), undefined);
        // A known node still rejoins when every subnet is taken.
        assertEquals(
          (await registerNode(store, request("n-d", small))).outcome,
          "rejoined",
        );
      },
    );

    await t.step(
      "delete removes the record, the subnet key and the node's keys; the subnet goes to the next node",
      async () => {
        await store.put(nodeStatusKey("n-b"), encodeNodeStatus({}));
        await store.put("/kat/nodes/n-b/other", enc("x"));
        await store.put("/kat/nodes/n-bb/status", enc("y"));
        assertEquals(await deleteNode(store, "n-b"), true);
        assertEquals(await deleteNode(store, "n-b"), false);
        assertEquals(await deleteNode(store, "never-was"), false);
        assertEquals(await dump(store), [
          "/kat/nodes/n-bb/status",
          "/kat/registry/nodes/n-a",
          "/kat/registry/nodes/n-c",
          "/kat/registry/nodes/n-d",
          "/kat/registry/subnets/192.168.7.16_30",
          "/kat/registry/subnets/192.168.7.24_30",
          "/kat/registry/subnets/192.168.7.28_30",
        ]);
        const small = { clusterCidr: "192.168.7.16/28", nodeSubnetBits: 2 };
        const next = await registerNode(store, request("n-e", small));
        assertEquals(next.node.spec?.overlaySubnet, "192.168.7.20/30");
        assertEquals(
          (await subnetKeys(store))["/kat/registry/subnets/192.168.7.20_30"],
          "n-e",
        );
      },
    );

    await t.step("IPv6 clusters get IPv6 subnets", async () => {
      await clear(store);
      const v6 = { clusterCidr: "fd00:10::/48", nodeSubnetBits: 16 };
      const a = await registerNode(store, request("v6-a", v6));
      const b = await registerNode(store, request("v6-b", v6));
      assertEquals([a.node.spec?.overlaySubnet, b.node.spec?.overlaySubnet], [
        "fd00:10::/64",
        "fd00:10:0:1::/64",
      ]);
      assertEquals(await subnetKeys(store), {
        "/kat/registry/subnets/fd00:10:0:1::_64": "v6-b",
        "/kat/registry/subnets/fd00:10::_64": "v6-a",
      });
    });

    await t.step("a broken fence refuses every write: not_leader", async () => {
      await clear(store);
      const fenceKey = "/kat/cluster/leader/694d";
      const version = await store.put(fenceKey, enc("node-1"));
      const fence = { key: fenceKey, version };
      await registerNode(store, request("f-1", { fence }));
      assertEquals(
        await setNodeReady(store, "f-1", true, { fence }),
        "changed",
      );
      await store.delete(fenceKey);
      const keys = await dump(store);
      assertEquals(
        await refusal(() => registerNode(store, request("f-2", { fence }))),
        [
          "node.not_leader",
          'not registering node "f-2": /kat/cluster/leader/694d is gone or changed, this node no longer leads',
        ],
      );
      assertEquals(
        await refusal(() =>
          registerNode(
            store,
            request("f-1", { fence, advertiseAddress: "10.0.0.1" }),
          )
        ),
        [
          "node.not_leader",
          'not rejoining node "f-1": /kat/cluster/leader/694d is gone or changed, this node no longer leads',
        ],
      );
      assertEquals(
        await refusal(() => setNodeReady(store, "f-1", false, { fence })),
        [
          "node.not_leader",
          'not setting node "f-1" Ready False: /kat/cluster/leader/694d is gone or changed, this node no longer leads',
        ],
      );
      assertEquals(await refusal(() => deleteNode(store, "f-1", { fence })), [
        "node.not_leader",
        'not deleting node "f-1": /kat/cluster/leader/694d is gone or changed, this node no longer leads',
      ]);
      assertEquals(await dump(store), keys);
      // A fence key written again (another version) is another leadership.
      await store.put(fenceKey, enc("node-1"));
      assertEquals(
        (await refusal(() => registerNode(store, request("f-2", { fence }))))[
          0
        ],
        "node.not_leader",
      );
    });

    await t.step(
      "20 concurrent registrations, each with its own client, get distinct subnets",
      async () => {
        await clear(store);
        const clients = await Promise.all(
          Array.from(
            { length: 20 },
            () => EtcdStateStore.connect({ endpoints: [etcd.endpoint] }),
          ),
        );
        try {
          const results = await Promise.all(
            clients.map((c, i) => registerNode(c, request(`c-${i}`))),
          );
          const subnets = results.map((r) => r.node.spec?.overlaySubnet);
          assertEquals(new Set(subnets).size, 20);
          assertEquals(
            [...subnets].sort(),
            Array.from({ length: 20 }, (_, i) => `10.100.${2 * i}.0/23`).sort(),
          );
          const bySubnet = Object.fromEntries(
            (await listNodes(store)).map((n) => [
              `/kat/registry/subnets/${
                n.spec?.overlaySubnet?.replace("/", "_")
              }`,
              n.metadata?.name,
            ]),
          );
          assertEquals(await subnetKeys(store), bySubnet);
          assertEquals(Object.keys(bySubnet).length, 20);
        } finally {
          await Promise.all(clients.map((c) => c.close()));
        }
      },
    );

    await t.step(
      "two concurrent registrations of one new name: one creates, one rejoins",
      async () => {
        await clear(store);
        const other = await EtcdStateStore.connect({
          endpoints: [etcd.endpoint],
        });
        try {
          const [a, b] = await Promise.all([
            registerNode(store, request("twin")),
            registerNode(other, request("twin")),
          ]);
          assertEquals([a.outcome, b.outcome].sort(), ["created", "rejoined"]);
          assertEquals(a.node.metadata?.uid, b.node.metadata?.uid);
          assertEquals(Object.keys(await subnetKeys(store)).length, 1);
        } finally {
          await other.close();
        }
      },
    );

    await t.step(
      "the merged view: the record's conditions, the report's capacity and heartbeat",
      async () => {
        await clear(store);
        await registerNode(store, request("m-b"));
        await registerNode(store, request("m-a"));
        assertEquals(
          await setNodeReady(store, "m-a", true, { now: T0 }),
          "changed",
        );
        await store.put(
          nodeStatusKey("m-a"),
          encodeNodeStatus({
            capacity: { cpu: "4", memory: "16Gi" },
            allocatable: { cpu: "3" },
            // A node's own conditions are not the leader's: ignored.
            conditions: [{ type: "Ready", status: "False" }],
            lastHeartbeatTime: "2030-01-01T00:00:05Z",
          }),
        );
        await store.put(nodeStatusKey("m-b"), enc("\xff\xff not a status"));
        const [a, b] = await listNodes(store);
        assertEquals(a.metadata?.name, "m-a");
        assertEquals(a.status, {
          capacity: { cpu: "4", memory: "16Gi" },
          allocatable: { cpu: "3" },
          conditions: [{
            type: "Ready",
            status: "True",
            reason: "NodeReporting",
            message: "the node reports its status",
            lastTransitionTime: "2030-01-01T00:00:00Z",
          }],
          lastHeartbeatTime: "2030-01-01T00:00:05Z",
        });
        assertEquals(await readNode(store, "m-a"), a);
        // A report that does not decode counts as none.
        assertEquals([b.metadata?.name, b.status], ["m-b", undefined]);
        assertEquals(await readNode(store, "nobody"), undefined);
      },
    );

    await t.step("a record that does not decode is corrupt", async () => {
      await store.put(
        `${NODE_RECORDS_PREFIX}bad`,
        new Uint8Array([0x0a, 0xff]),
      );
      const e = await refusal(() => readNode(store, "bad"));
      assertEquals(e[0], "node.corrupt");
      assertTrue(
        String(e[1]).startsWith(
          "/kat/registry/nodes/bad does not hold a Node (",
        ),
        String(e[1]),
      );
      assertEquals((await refusal(() => listNodes(store)))[0], "node.corrupt");
      assertEquals(
        (await refusal(() => registerNode(store, request("bad"))))[0],
        "node.corrupt",
      );
      assertEquals(
        (await refusal(() => setNodeReady(store, "bad", true)))[0],
        "node.corrupt",
      );
      await store.delete(`${NODE_RECORDS_PREFIX}bad`);
    });

    await t.step(
      "Ready: changed, unchanged, missing; the transition time moves only with the status",
      async () => {
        const ready = async () =>
          (await readNode(store, "m-b"))?.status?.conditions;
        const t1 = new Date("2030-01-02T00:00:00.000Z");
        const t2 = new Date("2030-01-03T00:00:00.000Z");
        assertEquals(
          await setNodeReady(store, "m-b", false, { now: t1 }),
          "changed",
        );
        assertEquals(
          await setNodeReady(store, "m-b", false, { now: t2 }),
          "unchanged",
        );
        assertEquals(await ready(), [{
          type: "Ready",
          status: "False",
          reason: "NodeStatusUnknown",
          message: "the node has not reported for its lease's TTL",
          lastTransitionTime: "2030-01-02T00:00:00Z",
        }]);
        assertEquals(
          await setNodeReady(store, "m-b", false, {
            now: t2,
            reason: "Drained",
            message: "drained",
          }),
          "changed",
        );
        assertEquals(
          (await ready())?.[0].lastTransitionTime,
          "2030-01-02T00:00:00Z",
        );
        assertEquals(
          await setNodeReady(store, "m-b", true, { now: t2 }),
          "changed",
        );
        assertEquals((await ready())?.[0], {
          type: "Ready",
          status: "True",
          reason: "NodeReporting",
          message: "the node reports its status",
          lastTransitionTime: "2030-01-03T00:00:00Z",
        });
        assertEquals(await setNodeReady(store, "nobody", true), "missing");
      },
    );

    await t.step(
      "Ready: a record changed between the read and the write is read again",
      async () => {
        const key = `${NODE_RECORDS_PREFIX}m-b`;
        let meddled = 0;
        // A store whose first transaction is preceded by another writer's change.
        const meddling: StateStore = {
          get: (k) => store.get(k),
          put: (k, v) => store.put(k, v),
          delete: (k) => store.delete(k),
          list: (p) => store.list(p),
          watch: (p, o) => store.watch(p, o),
          close: () => store.close(),
          txn: async (r: TxnRequest) => {
            if (meddled++ === 0) {
              const node = decodeBinary("Node", (await store.get(key))!.value);
              node.spec = { ...node.spec, advertiseAddress: "10.9.9.9" };
              await store.put(key, encodeBinary(node));
            }
            return await store.txn(r);
          },
        };
        assertEquals(await setNodeReady(meddling, "m-b", false), "changed");
        assertEquals(meddled, 2);
        const node = (await readNode(store, "m-b"))!;
        assertEquals(node.spec?.advertiseAddress, "10.9.9.9");
        assertEquals(node.status?.conditions?.[0].status, "False");
      },
    );
  });
});
