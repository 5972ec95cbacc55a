import { assertEquals, assertIncludes, assertRejects } from "../assert.ts";
import {
  ConfigStoreError,
  readStoredConfiguration,
  storeClusterConfiguration,
} from "../../src/agent/config_store.ts";
import { CLUSTER_CONFIG_KEY } from "../../src/agent/keys.ts";
import { parseClusterConfiguration } from "../../src/cluster/cluster_config.ts";
import type { ClusterConfiguration } from "../../src/gen/types.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import { lines } from "../helpers.ts";
import { withEtcd } from "../state/etcd_fixture.ts";
import { protocDecode } from "../wire/wire_helpers.ts";

function parse(...extra: string[]): ClusterConfiguration {
  return parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: home",
    "spec:",
    "  clusterCIDR: 10.244.0.0/16",
    "  serviceCIDR: 10.96.0.0/12",
    ...extra,
  )).resources[0]?.resource as ClusterConfiguration;
}

Deno.test("cluster configuration in etcd: written once, kept, a different one refused, garbage never overwritten", async () => {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      assertEquals(await readStoredConfiguration(store), undefined);
      const now = new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 250));
      const created = await storeClusterConfiguration(store, parse(), {
        uid: "11111111-2222-4333-8444-555555555555",
        now,
      });
      assertEquals(created, {
        outcome: "created",
        identity: {
          uid: "11111111-2222-4333-8444-555555555555",
          createdAt: "2026-11-25T12:00:00.250Z",
        },
        version: created.version,
      });

      // protoc reads what is stored: defaults, uid and creation time.
      const raw = (await store.get(CLUSTER_CONFIG_KEY))!;
      assertEquals(raw.version, created.version);
      assertEquals(
        await protocDecode("ClusterConfiguration", raw.value),
        lines(
          'api_version: "kat.dws.rip/v1alpha1"',
          'kind: "ClusterConfiguration"',
          "metadata {",
          '  name: "home"',
          '  uid: "11111111-2222-4333-8444-555555555555"',
          "  creation_timestamp {",
          `    seconds: ${Math.floor(now.getTime() / 1000)}`,
          "    nanos: 250000000",
          "  }",
          "}",
          "spec {",
          '  cluster_cidr: "10.244.0.0/16"',
          '  service_cidr: "10.96.0.0/12"',
          "  node_subnet_bits: 7",
          '  cluster_domain: "kat.cluster.local"',
          "  agent_port: 9116",
          "  api_port: 9115",
          "  etcd_peer_port: 2380",
          "  etcd_client_port: 2379",
          '  volume_base_path: "/var/lib/kat/volumes"',
          '  backup_path: "/var/lib/kat/backups"',
          "  backup_interval_minutes: 30",
          "  agent_tick_seconds: 15",
          "  node_loss_timeout_seconds: 60",
          "}",
        ),
      );

      // The same file again: kept, with the stored uid and time.
      const kept = await storeClusterConfiguration(store, parse(), {
        uid: "other",
      });
      assertEquals(kept, { ...created, outcome: "kept" });
      // Written out with a default spelled explicitly: the same configuration.
      assertEquals(
        (await storeClusterConfiguration(store, parse("  apiPort: 9115")))
          .outcome,
        "kept",
      );

      // A different file: refused, naming each difference; nothing written.
      const e = await assertRejects(
        () =>
          storeClusterConfiguration(
            store,
            parse("  apiPort: 9000", "  backupIntervalMinutes: 5"),
          ),
        ConfigStoreError,
      );
      assertEquals(e.code, "mismatch");
      assertEquals(e.differences, [
        "spec.apiPort: stored 9115, file 9000",
        "spec.backupIntervalMinutes: stored 30, file 5",
      ]);
      assertIncludes(
        e.message,
        "(uid 11111111-2222-4333-8444-555555555555) differs from this file in 2 fields",
      );
      assertEquals(
        (await store.get(CLUSTER_CONFIG_KEY))!.version,
        created.version,
      );

      // Something that is not a stored configuration is never replaced.
      await store.put(CLUSTER_CONFIG_KEY, new Uint8Array([0xff, 0xff, 0xff]));
      const corrupt = await assertRejects(
        () => readStoredConfiguration(store),
        ConfigStoreError,
      );
      assertEquals(corrupt.code, "corrupt");
      const also = await assertRejects(
        () => storeClusterConfiguration(store, parse()),
        ConfigStoreError,
      );
      assertEquals(also.code, "corrupt");
      assertEquals(
        (await store.get(CLUSTER_CONFIG_KEY))!.value,
        new Uint8Array([0xff, 0xff, 0xff]),
      );
    } finally {
      await store.close();
    }
  });
});

Deno.test("cluster configuration in etcd: the write is fenced by the leader's election key", async () => {
  await withEtcd(async (etcd) => {
    const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
    try {
      const leaderKey = "/kat/cluster/leader/abc";
      const version = await store.put(
        leaderKey,
        new TextEncoder().encode("alpha"),
      );
      // A stale fence (the key was replaced): nothing is written.
      await store.put(leaderKey, new TextEncoder().encode("beta"));
      const e = await assertRejects(
        () =>
          storeClusterConfiguration(store, parse(), {
            fence: { key: leaderKey, version },
          }),
        ConfigStoreError,
      );
      assertEquals(e.code, "not-leader");
      assertEquals(await store.get(CLUSTER_CONFIG_KEY), undefined);
      // The current one: written.
      const current = (await store.get(leaderKey))!.version;
      const r = await storeClusterConfiguration(store, parse(), {
        fence: { key: leaderKey, version: current },
      });
      assertEquals(r.outcome, "created");
    } finally {
      await store.close();
    }
  });
});
