import fc from "fast-check";
import { assertEquals, assertTrue } from "../assert.ts";
import {
  differences,
  etcdPorts,
  identityOf,
  leaseTtlSeconds,
  withNewIdentity,
} from "../../src/agent/cluster_record.ts";
import { parseClusterConfiguration } from "../../src/cluster/cluster_config.ts";
import type { ClusterConfiguration } from "../../src/gen/types.ts";
import { lines } from "../helpers.ts";

function parse(...extra: string[]): ClusterConfiguration {
  const result = parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: home",
    "spec:",
    "  clusterCIDR: 10.244.0.0/16",
    "  serviceCIDR: 10.96.0.0/12",
    ...extra,
  ));
  assertEquals(result.diagnostics, []);
  return result.resources[0]?.resource as ClusterConfiguration;
}

Deno.test("lease TTL: min(2 × agentTickSeconds, nodeLossTimeoutSeconds), from the file's timing fields", () => {
  assertEquals(leaseTtlSeconds(parse()), 30);
  assertEquals(
    leaseTtlSeconds(
      parse("  agentTickSeconds: 1", "  nodeLossTimeoutSeconds: 2"),
    ),
    2,
  );
  assertEquals(
    leaseTtlSeconds(
      parse("  agentTickSeconds: 20", "  nodeLossTimeoutSeconds: 25"),
    ),
    25,
  );
  // Whatever valid timings: never later than a node is declared lost, and
  // renewed (every third of the TTL) at least as often as an agent ticks.
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 2 ** 31 - 2 }),
    fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    (tick, extra) => {
      const loss = Math.min(2 ** 31 - 1, tick + extra);
      const ttl = leaseTtlSeconds({
        kind: "ClusterConfiguration",
        spec: { agentTickSeconds: tick, nodeLossTimeoutSeconds: loss },
      });
      return ttl >= 1 && ttl <= loss && ttl / 3 <= tick &&
        Number.isInteger(ttl);
    },
  ));
});

Deno.test("etcd ports come from cluster.kat, with its defaults", () => {
  assertEquals(etcdPorts(parse()), { client: 2379, peer: 2380 });
  assertEquals(
    etcdPorts(parse("  etcdClientPort: 12379", "  etcdPeerPort: 12380")),
    { client: 12379, peer: 12380 },
  );
});

Deno.test("identity: a uid and a creation time to the millisecond, read back as RFC 3339", () => {
  const stamped = withNewIdentity(
    parse(),
    "uid-1",
    new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
  );
  assertEquals(identityOf(stamped), {
    uid: "uid-1",
    createdAt: "2026-01-02T03:04:05.678Z",
  });
  assertEquals(identityOf(parse()), { uid: "", createdAt: "" });
  // Before 1970 too (nanos stay within a second).
  const early = withNewIdentity(parse(), "u", new Date(-1500));
  assertEquals(identityOf(early).createdAt, "1969-12-31T23:59:58.500Z");
});

Deno.test("differences: one line per field in manifest names, system metadata ignored", () => {
  const stored = withNewIdentity(parse(), "u", new Date(0));
  assertEquals(differences(stored, parse()), []);
  assertEquals(
    differences(
      stored,
      parse("  agentPort: 10116", "  clusterDomain: example.org"),
    ),
    [
      "spec.agentPort: stored 9116, file 10116",
      'spec.clusterDomain: stored "kat.cluster.local", file "example.org"',
    ],
  );
  const labelled = parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: other",
    "  labels: {site.example/zone: a}",
    "spec:",
    "  clusterCIDR: 10.245.0.0/16",
    "  serviceCIDR: 10.96.0.0/12",
  )).resources[0]?.resource as ClusterConfiguration;
  assertEquals(differences(stored, labelled), [
    'metadata.labels: stored (absent), file {"site.example/zone":"a"}',
    'metadata.name: stored "home", file "other"',
    'spec.clusterCIDR: stored "10.244.0.0/16", file "10.245.0.0/16"',
  ]);
  assertTrue(
    differences(labelled, stored).includes(
      'metadata.name: stored "other", file "home"',
    ),
  );
});
