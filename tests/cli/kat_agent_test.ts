import { assertEquals, assertIncludes } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { decodeBinary } from "../../src/encode/binary.ts";
import { VERSION } from "../../src/version.ts";
import { lines, tempDir } from "../helpers.ts";

async function withConfig(text: string, fn: (path: string) => Promise<void>) {
  const dir = await tempDir();
  try {
    const path = `${dir}/cluster.kat`;
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const CLUSTER = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: ClusterConfiguration",
  "metadata:",
  "  name: home",
  "spec:",
  "  clusterCIDR: 10.244.0.0/16",
  "  serviceCIDR: 10.96.0.0/12",
  "  agentPort: 10116",
);

const EFFECTIVE_YAML = lines(
  "apiVersion: kat.dws.rip/v1alpha1",
  "kind: ClusterConfiguration",
  "metadata:",
  "  name: home",
  "spec:",
  "  clusterCIDR: 10.244.0.0/16",
  "  serviceCIDR: 10.96.0.0/12",
  "  nodeSubnetBits: 7",
  "  clusterDomain: kat.cluster.local",
  "  agentPort: 10116",
  "  apiPort: 9115",
  "  etcdPeerPort: 2380",
  "  etcdClientPort: 2379",
  "  volumeBasePath: /var/lib/kat/volumes",
  "  backupPath: /var/lib/kat/backups",
  "  backupIntervalMinutes: 30",
  "  agentTickSeconds: 15",
  "  nodeLossTimeoutSeconds: 60",
);

Deno.test("init --dry-run prints the effective configuration as YAML", async () => {
  await withConfig(CLUSTER, async (path) => {
    const io = memoryIo();
    assertEquals(
      await runKatAgent(["init", "--config", path, "--dry-run"], io),
      0,
    );
    assertEquals(io.outText(), EFFECTIVE_YAML);
    assertEquals(io.errText(), "");
  });
});

Deno.test("init --dry-run output is itself a valid cluster.kat that prints the same", async () => {
  await withConfig(EFFECTIVE_YAML, async (path) => {
    const io = memoryIo();
    assertEquals(await runKatAgent(["init", "-c", path, "--dry-run"], io), 0);
    assertEquals(io.outText(), EFFECTIVE_YAML);
  });
});

Deno.test("init --dry-run --format json prints the manifest shape", async () => {
  await withConfig(CLUSTER, async (path) => {
    const io = memoryIo();
    assertEquals(
      await runKatAgent([
        "init",
        "--config",
        path,
        "--dry-run",
        "--format",
        "json",
      ], io),
      0,
    );
    const json = JSON.parse(io.outText());
    assertEquals(json.spec.clusterCIDR, "10.244.0.0/16");
    assertEquals(json.spec.nodeLossTimeoutSeconds, 60);
    assertEquals(Object.keys(json), ["apiVersion", "kind", "metadata", "spec"]);
  });
});

Deno.test("init --dry-run --format binpb writes a ClusterConfiguration message", async () => {
  await withConfig(CLUSTER, async (path) => {
    const io = memoryIo();
    assertEquals(
      await runKatAgent([
        "init",
        "--config",
        path,
        "--dry-run",
        "--format",
        "binpb",
      ], io),
      0,
    );
    const decoded = decodeBinary("ClusterConfiguration", io.out());
    assertEquals(decoded.spec?.agentPort, 10116);
    assertEquals(decoded.spec?.etcdClientPort, 2379);
    assertEquals(decoded.kind, "ClusterConfiguration");
  });
});

Deno.test("an invalid cluster.kat prints diagnostics and exits 1", async () => {
  await withConfig(
    CLUSTER.replace("agentPort: 10116", "agentPort: 0"),
    async (path) => {
      const io = memoryIo();
      assertEquals(
        await runKatAgent(["init", "--config", path, "--dry-run"], io),
        1,
      );
      assertEquals(io.outText(), "");
      assertEquals(
        io.errText(),
        `${path}:8:14: error: spec.agentPort: must be between 1 and 65535\n`,
      );
    },
  );
});

Deno.test("an unreadable cluster.kat exits 1 with a diagnostic", async () => {
  const io = memoryIo();
  assertEquals(
    await runKatAgent([
      "init",
      "--config",
      "/nonexistent/cluster.kat",
      "--dry-run",
    ], io),
    1,
  );
  assertIncludes(
    io.errText(),
    "/nonexistent/cluster.kat:1:1: error: cannot read:",
  );
});

Deno.test("init without --dry-run checks the configuration before it starts anything", async () => {
  const io = memoryIo();
  assertEquals(
    await runKatAgent([
      "init",
      "--config",
      "/nonexistent/cluster.kat",
      "--node-name",
      "alpha",
    ], io),
    1,
  );
  assertEquals(io.outText(), "");
  assertIncludes(
    io.errText(),
    "/nonexistent/cluster.kat:1:1: error: cannot read:",
  );
  assertIncludes(io.errText(), "error config.invalid: ");
});

Deno.test("usage errors exit 2: missing --config, bad format, unknown flag, unknown command", async () => {
  const missing = memoryIo();
  assertEquals(await runKatAgent(["init", "--dry-run"], missing), 2);
  assertIncludes(missing.errText(), "--config <file>");
  const format = memoryIo();
  assertEquals(
    await runKatAgent(
      ["init", "-c", "x", "--dry-run", "--format", "xml"],
      format,
    ),
    2,
  );
  assertIncludes(format.errText(), "xml");
  const flag = memoryIo();
  assertEquals(await runKatAgent(["init", "-c", "x", "--dry-rn"], flag), 2);
  assertIncludes(flag.errText(), "--dry-run");
  const cmd = memoryIo();
  assertEquals(await runKatAgent(["int"], cmd), 2);
  assertIncludes(cmd.errText(), "(Did you mean init?)");
});

Deno.test("--version and --help exit 0", async () => {
  const v = memoryIo();
  assertEquals(await runKatAgent(["--version"], v), 0);
  assertEquals(v.outText(), `${VERSION}\n`);
  const h = memoryIo();
  assertEquals(await runKatAgent(["init", "--help"], h), 0);
  assertIncludes(h.outText(), "--dry-run");
  assertIncludes(
    h.outText().replace(/\s+/g, " "),
    "runs until SIGINT, SIGTERM or SIGHUP.",
  );
});

Deno.test("join: a bad --leader, token, CA hash, node name or address is a usage error before anything is contacted", async () => {
  const good = [
    "--leader",
    "https://127.0.0.1:1",
    "--token",
    "abcdef.0123456789abcdef",
    "--ca-cert-hash",
    `sha256:${"0".repeat(64)}`,
    "--node-name",
    "node-2",
    "--data-dir",
    "/nonexistent/kat",
  ];
  const set = (flag: string, value: string) => {
    const args = [...good];
    args[args.indexOf(flag) + 1] = value;
    return args;
  };
  const cases: [string[], string][] = [
    [
      set("--leader", "http://127.0.0.1:9115"),
      'kat-agent: --leader "http://127.0.0.1:9115": must be https://HOST:PORT (the leader\'s API)',
    ],
    [
      set("--leader", "https://127.0.0.1:9115/v1alpha1"),
      'kat-agent: --leader "https://127.0.0.1:9115/v1alpha1": must be https://HOST:PORT (the leader\'s API)',
    ],
    [set("--leader", "nope"), 'kat-agent: --leader "nope": not a URL'],
    [
      set("--token", "ABCDEF.0123456789abcdef"),
      'kat-agent: --token: the token is malformed: its ID (before the ".") must be 6 characters of a-z and 0-9',
    ],
    [
      set("--ca-cert-hash", "sha256:ABC"),
      'kat-agent: --ca-cert-hash: the CA hash "sha256:ABC" is not "sha256:" and 64 lowercase hexadecimal digits',
    ],
    [
      set("--node-name", "Node_2"),
      `kat-agent: --node-name "Node_2": must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    ],
    [
      [...good, "--advertise-address", "0.0.0.0"],
      'kat-agent: --advertise-address "0.0.0.0": must be one address other nodes can reach, not every address',
    ],
  ];
  for (const [args, message] of cases) {
    const io = memoryIo();
    const code = await runKatAgent(["join", ...args], io);
    assertEquals(
      [code, io.errText()],
      [2, `${message}\nSee 'kat-agent join --help'.\n`],
    );
    assertEquals(io.outText(), "");
  }
});
