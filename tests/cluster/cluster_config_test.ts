import { assertEquals } from "../assert.ts";
import {
  clusterConfigurationOf,
  parseClusterConfiguration,
} from "../../src/cluster/cluster_config.ts";
import { brief, lines, where } from "../helpers.ts";

/** A cluster.kat whose spec keys start on line 6, column 3. */
function cluster(...spec: string[]): string {
  return lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: home",
    "spec:",
    ...spec.map((l) => "  " + l),
  );
}

const BASE = ["clusterCIDR: 10.244.0.0/16", "serviceCIDR: 10.96.0.0/12"];

function check(...spec: string[]) {
  return parseClusterConfiguration(cluster(...spec));
}

Deno.test("a minimal cluster.kat gets every default of the contract", () => {
  const r = check(...BASE);
  assertEquals(r.diagnostics, []);
  assertEquals(r.valid, true);
  assertEquals(clusterConfigurationOf(r), {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "ClusterConfiguration",
    metadata: { name: "home" },
    spec: {
      clusterCIDR: "10.244.0.0/16",
      serviceCIDR: "10.96.0.0/12",
      nodeSubnetBits: 7,
      clusterDomain: "kat.cluster.local",
      agentPort: 9116,
      apiPort: 9115,
      etcdPeerPort: 2380,
      etcdClientPort: 2379,
      volumeBasePath: "/var/lib/kat/volumes",
      backupPath: "/var/lib/kat/backups",
      backupIntervalMinutes: 30,
      agentTickSeconds: 15,
      nodeLossTimeoutSeconds: 60,
    },
  });
});

Deno.test("written values win over defaults", () => {
  const r = check(
    ...BASE,
    "agentPort: 10116",
    "clusterDomain: home.arpa",
    "nodeSubnetBits: 8",
  );
  assertEquals(r.diagnostics, []);
  assertEquals(clusterConfigurationOf(r)?.spec?.agentPort, 10116);
  assertEquals(clusterConfigurationOf(r)?.spec?.clusterDomain, "home.arpa");
  assertEquals(clusterConfigurationOf(r)?.spec?.nodeSubnetBits, 8);
});

Deno.test("clusterCIDR and serviceCIDR are required; reported at the spec mapping", () => {
  const r = check("agentPort: 9116");
  assertEquals(brief(r.diagnostics), [
    "6:3 spec.clusterCIDR: required field is missing",
    "6:3 spec.serviceCIDR: required field is missing",
  ]);
});

Deno.test("spec is required; reported at the document", () => {
  const r = parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: ClusterConfiguration",
    "metadata: {name: home}",
  ));
  assertEquals(brief(r.diagnostics), ["1:1 spec: required field is missing"]);
});

Deno.test("a CIDR with host bits set is an error whose hint is the network address", () => {
  const r = check("clusterCIDR: 10.244.0.5/16", "serviceCIDR: 10.96.0.0/12");
  assertEquals(where(r.diagnostics), ["6:16 spec.clusterCIDR"]);
  assertEquals(r.diagnostics[0].hint?.includes("10.244.0.0/16"), true);
});

Deno.test("malformed CIDRs are errors at their value", () => {
  const r = check("clusterCIDR: 10.244.0.0", "serviceCIDR: 300.1.0.0/16");
  assertEquals(where(r.diagnostics), [
    "6:16 spec.clusterCIDR",
    "7:16 spec.serviceCIDR",
  ]);
});

Deno.test("serviceCIDR must not overlap clusterCIDR", () => {
  const r = check("clusterCIDR: 10.0.0.0/8", "serviceCIDR: 10.96.0.0/12");
  assertEquals(brief(r.diagnostics), [
    "7:16 spec.serviceCIDR: 10.96.0.0/12 overlaps clusterCIDR 10.0.0.0/8",
  ]);
  assertEquals(
    check("clusterCIDR: 10.0.0.0/16", "serviceCIDR: 10.1.0.0/16").valid,
    true,
  );
});

Deno.test("IPv6 ranges: valid, overlapping, host bits", () => {
  assertEquals(
    check("clusterCIDR: fd00:10::/56", "serviceCIDR: fd00:20::/108")
      .diagnostics,
    [],
  );
  const overlap = check("clusterCIDR: fd00::/16", "serviceCIDR: fd00:20::/108");
  assertEquals(brief(overlap.diagnostics), [
    "7:16 spec.serviceCIDR: fd00:20::/108 overlaps clusterCIDR fd00::/16",
  ]);
  const host = check("clusterCIDR: fd00::1/64", "serviceCIDR: fd00:20::/108");
  assertEquals(where(host.diagnostics), ["6:16 spec.clusterCIDR"]);
  assertEquals(host.diagnostics[0].hint?.includes("fd00::/64"), true);
});

Deno.test("IPv4 and IPv6 ranges never overlap", () => {
  assertEquals(
    check("clusterCIDR: 10.0.0.0/8", "serviceCIDR: fd00::/108").valid,
    true,
  );
});

Deno.test("nodeSubnetBits must be at least 1", () => {
  assertEquals(brief(check(...BASE, "nodeSubnetBits: 0").diagnostics), [
    "8:19 spec.nodeSubnetBits: must be at least 1",
  ]);
});

Deno.test("node subnets must fit: blamed on nodeSubnetBits when written", () => {
  const r = check(
    "clusterCIDR: 10.244.0.0/24",
    "serviceCIDR: 10.96.0.0/12",
    "nodeSubnetBits: 8",
  );
  assertEquals(brief(r.diagnostics), [
    "8:19 spec.nodeSubnetBits: clusterCIDR prefix /24 plus nodeSubnetBits 8 gives /32 node subnets; at most /30 is allowed",
  ]);
  assertEquals(
    r.diagnostics[0].hint,
    "use nodeSubnetBits of at most 6, or a larger clusterCIDR",
  );
});

Deno.test("node subnets must fit: with the default bits, blamed on clusterCIDR", () => {
  const r = check("clusterCIDR: 10.244.0.0/24", "serviceCIDR: 10.96.0.0/12");
  assertEquals(where(r.diagnostics), ["6:16 spec.clusterCIDR"]);
  assertEquals(
    check("clusterCIDR: 10.244.0.0/23", "serviceCIDR: 10.96.0.0/12").valid,
    true,
  );
});

Deno.test("node subnets must fit in IPv6: /126 at most", () => {
  const r = check(
    "clusterCIDR: fd00::/64",
    "serviceCIDR: fd01::/108",
    "nodeSubnetBits: 63",
  );
  assertEquals(where(r.diagnostics), ["8:19 spec.nodeSubnetBits"]);
  assertEquals(
    check(
      "clusterCIDR: fd00::/64",
      "serviceCIDR: fd01::/108",
      "nodeSubnetBits: 62",
    ).valid,
    true,
  );
});

Deno.test("clusterDomain must be a lowercase DNS name", () => {
  const r = check(...BASE, "clusterDomain: Kat.Local");
  assertEquals(where(r.diagnostics), ["8:18 spec.clusterDomain"]);
  const long = check(...BASE, `clusterDomain: ${"a".repeat(64)}.local`);
  assertEquals(where(long.diagnostics), ["8:18 spec.clusterDomain"]);
});

Deno.test("ports must be 1-65535 and integers", () => {
  const r = check(
    ...BASE,
    "agentPort: 0",
    "apiPort: 65536",
    'etcdPeerPort: "2380"',
    "etcdClientPort: 2379.5",
  );
  assertEquals(brief(r.diagnostics), [
    "8:14 spec.agentPort: must be between 1 and 65535",
    "9:12 spec.apiPort: must be between 1 and 65535",
    '10:17 spec.etcdPeerPort: expected an integer, got the string "2380"',
    "11:19 spec.etcdClientPort: expected an integer, got the number 2379.5",
  ]);
  assertEquals(r.diagnostics[2].hint, "remove the quotes: 2380");
});

Deno.test("int32 fields reject values out of int32 range", () => {
  const r = check(...BASE, "agentTickSeconds: 2147483648");
  assertEquals(brief(r.diagnostics), [
    "8:21 spec.agentTickSeconds: must be between 1 and 2147483647 (the int32 limit)",
  ]);
});

Deno.test("the four ports are pairwise distinct, blaming the written one", () => {
  const clash = check(...BASE, "apiPort: 9116");
  assertEquals(brief(clash.diagnostics), [
    "8:12 spec.apiPort: port 9116 is also used by agentPort",
  ]);
  const early = check(...BASE, "agentPort: 2379");
  assertEquals(brief(early.diagnostics), [
    "8:14 spec.agentPort: port 2379 is also used by etcdClientPort",
  ]);
  const both = check(...BASE, "etcdPeerPort: 7000", "etcdClientPort: 7000");
  assertEquals(brief(both.diagnostics), [
    "9:19 spec.etcdClientPort: port 7000 is also used by etcdPeerPort",
  ]);
});

Deno.test("paths must be absolute and distinct", () => {
  const rel = check(...BASE, "volumeBasePath: var/lib/kat");
  assertEquals(where(rel.diagnostics), ["8:19 spec.volumeBasePath"]);
  const same = check(...BASE, "backupPath: /var/lib/kat/volumes/");
  assertEquals(brief(same.diagnostics), [
    "8:15 spec.backupPath: backupPath and volumeBasePath are both /var/lib/kat/volumes/",
  ]);
  const volume = check(...BASE, "volumeBasePath: /var/lib/kat/backups");
  assertEquals(where(volume.diagnostics), ["8:19 spec.volumeBasePath"]);
});

Deno.test("intervals must be positive", () => {
  const r = check(...BASE, "backupIntervalMinutes: 0", "agentTickSeconds: -1");
  assertEquals(brief(r.diagnostics), [
    "8:26 spec.backupIntervalMinutes: must be at least 1",
    "9:21 spec.agentTickSeconds: must be at least 1",
  ]);
});

Deno.test("nodeLossTimeoutSeconds must exceed agentTickSeconds, blaming the written one", () => {
  const loss = check(...BASE, "nodeLossTimeoutSeconds: 15");
  assertEquals(brief(loss.diagnostics), [
    "8:27 spec.nodeLossTimeoutSeconds: nodeLossTimeoutSeconds (15) must be greater than agentTickSeconds (15)",
  ]);
  const tick = check(...BASE, "agentTickSeconds: 90");
  assertEquals(where(tick.diagnostics), ["8:21 spec.agentTickSeconds"]);
  assertEquals(
    check(...BASE, "agentTickSeconds: 90", "nodeLossTimeoutSeconds: 91").valid,
    true,
  );
});

Deno.test("a file with many problems reports all of them, in order", () => {
  const r = parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1",
    "kind: ClusterConfiguration",
    "metadata:",
    "  name: Home",
    "  namespace: default",
    "  uid: abc",
    "spec:",
    "  clusterCidr: 10.0.0.0/8",
    "  serviceCIDR: 10.0.0.0/33",
    "  agentPort: 99999",
    "  agentPort: 1",
    "  backupPath: backups",
    "status: {}",
  ));
  assertEquals(where(r.diagnostics), [
    "1:13 apiVersion",
    "4:9 metadata.name",
    "5:14 metadata.namespace",
    "6:3 metadata.uid",
    "8:3 spec.clusterCIDR",
    "8:3 spec.clusterCidr",
    "9:16 spec.serviceCIDR",
    "10:14 spec.agentPort",
    "11:3 spec.agentPort",
    "12:15 spec.backupPath",
    "13:1 status",
  ]);
  assertEquals(r.diagnostics[5].hint, 'did you mean "clusterCIDR"?');
  assertEquals(r.diagnostics[8].message, 'duplicate key "agentPort"');
  assertEquals(r.diagnostics[8].hint, "first written on line 10");
  assertEquals(r.valid, false);
});

Deno.test("a different kind is not a cluster configuration", () => {
  const r = parseClusterConfiguration(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Namespace",
    "metadata: {name: a}",
  ));
  assertEquals(brief(r.diagnostics), [
    "2:7 kind: expected a ClusterConfiguration, got Namespace",
  ]);
  assertEquals(clusterConfigurationOf(r), undefined);
});

Deno.test("examples/cluster.kat is valid", async () => {
  const text = await Deno.readTextFile(
    new URL("../../examples/cluster.kat", import.meta.url),
  );
  const r = parseClusterConfiguration(text, { file: "examples/cluster.kat" });
  assertEquals(r.diagnostics, []);
  assertEquals(clusterConfigurationOf(r)?.kind, "ClusterConfiguration");
});
