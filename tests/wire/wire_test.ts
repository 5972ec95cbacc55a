import { assertEquals, assertIncludes } from "../assert.ts";
import { decodeBinary, encodeBinary } from "../../src/encode/binary.ts";
import { wireType } from "../../src/encode/wire_types.ts";
import type { Kind, ResourceTypes } from "../../src/gen/types.ts";
import { buf, HAS_PROTOC, protoc, protoJson } from "./wire_helpers.ts";
import { CLUSTER, NODE, VLB, WORKLOAD } from "./samples.ts";
import { tempDir, tempFile as newTempFile } from "../helpers.ts";

const SAMPLES: { [K in Kind]?: ResourceTypes[K] } = {
  Workload: WORKLOAD,
  ClusterConfiguration: CLUSTER,
  VirtualLoadBalancer: VLB,
  Node: NODE,
};

async function tempFile(bytes: Uint8Array, suffix: string): Promise<string> {
  const path = await newTempFile(suffix);
  await Deno.writeFile(path, bytes);
  return path;
}

Deno.test("buf builds the proto and its STANDARD lint passes", async () => {
  const lint = await buf(["lint"]);
  assertEquals(
    [lint.code, new TextDecoder().decode(lint.stdout), lint.stderr],
    [0, "", ""],
  );
  const build = await buf(["build", "-o", "-#format=json"]);
  assertEquals(build.code, 0);
  const image = JSON.parse(new TextDecoder().decode(build.stdout));
  const names = image.file.map((f: { name: string }) => f.name);
  assertEquals(names.includes("kat/v1alpha1/kat.proto"), true);
});

Deno.test("buf lint does fail on a proto that breaks its rules", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/proto/bad/v1`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/buf.yaml`,
    "version: v2\nmodules:\n  - path: proto\nlint:\n  use: [STANDARD]\n",
  );
  await Deno.writeTextFile(
    `${dir}/proto/bad/v1/bad.proto`,
    'syntax = "proto3";\npackage bad.v1;\nenum Colour { RED = 0; }\n',
  );
  const lint = await buf(["lint"], undefined, dir);
  assertEquals(lint.code, 100);
  assertIncludes(
    new TextDecoder().decode(lint.stdout),
    'Enum zero value name "RED" should be suffixed with "_UNSPECIFIED"',
  );
  await Deno.remove(dir, { recursive: true });
});

for (
  const [kind, sample] of Object.entries(SAMPLES) as [
    Kind,
    ResourceTypes[Kind],
  ][]
) {
  Deno.test(`${kind}: buf reads our binary as the same proto3 JSON`, async () => {
    const type = wireType(kind);
    const bytes = encodeBinary(sample);
    const file = await tempFile(bytes, ".binpb");
    const r = await buf([
      "convert",
      ".",
      "--type",
      `kat.v1alpha1.${kind}`,
      "--from",
      `${file}#format=binpb`,
      "--to",
      "-#format=json",
    ]);
    assertEquals([r.code, r.stderr], [0, ""]);
    const theirs = JSON.parse(new TextDecoder().decode(r.stdout));
    assertEquals(theirs, protoJson(type, type.decode(bytes)));
    await Deno.remove(file);
  });

  Deno.test(`${kind}: our decoder reads buf's binary as the same object`, async () => {
    const type = wireType(kind);
    const json = protoJson(type, type.decode(encodeBinary(sample)));
    const file = await tempFile(
      new TextEncoder().encode(JSON.stringify(json)),
      ".json",
    );
    const r = await buf([
      "convert",
      ".",
      "--type",
      `kat.v1alpha1.${kind}`,
      "--from",
      `${file}#format=json`,
      "--to",
      "-#format=binpb",
    ]);
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(decodeBinary(kind, r.stdout), sample);
    await Deno.remove(file);
  });
}

Deno.test("presence: replicas 0 and minVramMb 0 are on the wire; unset fields are not", () => {
  const back = decodeBinary("Workload", encodeBinary(WORKLOAD));
  assertEquals(back.spec?.replicas, 0);
  assertEquals(back.spec?.container?.resources?.gpu?.minVramMb, 0);
  const bare = decodeBinary(
    "Workload",
    encodeBinary({ kind: "Workload", spec: { type: "JOB" } }),
  );
  assertEquals(bare, { kind: "Workload", spec: { type: "JOB" } });
});

Deno.test({
  name: "protoc --decode prints our ClusterConfiguration",
  ignore: !HAS_PROTOC,
  async fn() {
    const r = await protoc(
      ["--decode", "kat.v1alpha1.ClusterConfiguration"],
      encodeBinary(CLUSTER),
    );
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(
      new TextDecoder().decode(r.stdout),
      [
        'api_version: "kat.dws.rip/v1alpha1"',
        'kind: "ClusterConfiguration"',
        "metadata {",
        '  name: "home"',
        "}",
        "spec {",
        '  cluster_cidr: "10.244.0.0/16"',
        '  service_cidr: "fd00::/108"',
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
        "",
      ].join("\n"),
    );
  },
});

Deno.test({
  name: "protoc --decode reads every sample without unknown fields",
  ignore: !HAS_PROTOC,
  async fn() {
    for (
      const [kind, sample] of Object.entries(SAMPLES) as [
        Kind,
        ResourceTypes[Kind],
      ][]
    ) {
      const r = await protoc(
        ["--decode", `kat.v1alpha1.${kind}`],
        encodeBinary(sample),
      );
      assertEquals([kind, r.code, r.stderr], [kind, 0, ""]);
      const text = new TextDecoder().decode(r.stdout);
      assertEquals(
        /^\s*[0-9]+:/m.test(text),
        false,
        `unknown field numbers in ${kind}:\n${text}`,
      );
    }
  },
});

Deno.test({
  name: "protoc --encode writes binary our decoder reads",
  ignore: !HAS_PROTOC,
  async fn() {
    const text = [
      'kind: "Workload"',
      'metadata { name: "web" labels { key: "tier" value: "web" } }',
      "spec {",
      "  type: WORKLOAD_TYPE_DAEMON_SERVICE",
      '  source { image: "nginx:1.27" }',
      "  replicas: 0",
      '  volumes { name: "v" simple_cluster_storage {} }',
      "}",
    ].join("\n");
    const r = await protoc(
      ["--encode", "kat.v1alpha1.Workload"],
      new TextEncoder().encode(text),
    );
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(decodeBinary("Workload", r.stdout), {
      kind: "Workload",
      metadata: { name: "web", labels: { tier: "web" } },
      spec: {
        type: "DAEMON_SERVICE",
        source: { image: "nginx:1.27" },
        replicas: 0,
        volumes: [{ name: "v", simpleClusterStorage: {} }],
      },
    });
  },
});
