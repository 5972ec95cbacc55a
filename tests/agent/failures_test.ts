import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatAgent } from "../../src/cli/kat_agent.ts";
import { etcdEnvironment } from "../../src/agent/etcd_process.ts";
import { freePort } from "../state/etcd_fixture.ts";
import {
  Agent,
  clusterKat,
  localArgs,
  startLeader,
  withAgents,
} from "./agent_process.ts";

Deno.test("init: the node's own etcd dying takes the agent down within 2 s, after it stops acting as leader", async () => {
  await withAgents(async (dir, agents) => {
    // A lease TTL of 20 s: nothing of the lease may keep the agent alive.
    const { agent, etcdPid } = await startLeader(
      dir,
      agents,
      clusterKat({ agentTickSeconds: 10, nodeLossTimeoutSeconds: 20 }),
    );
    const killed = performance.now();
    Deno.kill(etcdPid, "SIGKILL");
    assertEquals((await agent.exit(10_000)).code, 1);
    const took = performance.now() - killed;
    assertTrue(took < 2000, `exited ${took.toFixed(0)} ms after etcd died`);
    const events = agent.events();
    assertEquals(events.slice(events.indexOf("config.stored") + 1), [
      "leader.lost",
      "etcd.exited",
      "etcd.stopped",
      "agent.stopped",
    ]);
    const exited = await agent.waitFor("etcd.exited");
    assertEquals(exited.level, "error");
    assertIncludes(
      exited.msg,
      `etcd (pid ${etcdPid}) exited unexpectedly (killed by SIGKILL)`,
    );
  });
});

Deno.test("init: without etcd on PATH it says which package to install, and exits 1", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, clusterKat());
    const agent = Agent.start(
      localArgs(dir),
      { env: { PATH: `${dir}/no-such-dir` } },
    );
    agents.push(agent);
    assertEquals((await agent.exit()).code, 1);
    const failed = await agent.waitFor("etcd.failed");
    assertEquals(failed.code, "not-installed");
    assertIncludes(
      failed.msg,
      "install Debian's etcd-server package ('apt-get install etcd-server')",
    );
  });
});

Deno.test("init: an etcd that cannot be reached is reported and retried, and a stop still exits promptly", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, clusterKat());
    const agent = Agent.start([
      "--config",
      `${dir}/cluster.kat`,
      "--etcd-endpoints",
      `127.0.0.1:${freePort()}`,
      "--node-name",
      "alpha",
      "--data-dir",
      `${dir}/data`,
    ]);
    agents.push(agent);
    const warned = await agent.waitFor("etcd.unreachable");
    assertEquals(warned.level, "warn");
    const stopped = performance.now();
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    assertTrue(performance.now() - stopped < 5000);
    assertEquals(agent.events().slice(-2), ["agent.stopping", "agent.stopped"]);
  });
});

Deno.test("init: a port already taken is named before etcd starts", async () => {
  await withAgents(async (dir, agents) => {
    const taken = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const port = (taken.addr as Deno.NetAddr).port;
      await Deno.writeTextFile(
        `${dir}/cluster.kat`,
        clusterKat({ clientPort: port }),
      );
      const agent = Agent.start(localArgs(dir));
      agents.push(agent);
      assertEquals((await agent.exit()).code, 1);
      const failed = await agent.waitFor("etcd.failed");
      assertEquals(failed.code, "port-in-use");
      assertIncludes(
        failed.msg,
        `the etcd client port ${port} on 127.0.0.1 is already in use`,
      );
    } finally {
      taken.close();
    }
  });
});

Deno.test("init: an invalid cluster.kat prints its diagnostics and exits 1 before anything starts", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(
      `${dir}/cluster.kat`,
      clusterKat().replace("agentPort: 9116", "agentPort: 0"),
    );
    const agent = Agent.start(localArgs(dir));
    agents.push(agent);
    assertEquals((await agent.exit()).code, 1);
    const diagnostic = await agent.waitFor("config.diagnostic");
    assertEquals(
      [
        diagnostic.level,
        diagnostic.line,
        diagnostic.column,
        diagnostic.path,
        diagnostic.msg,
      ],
      ["error", 10, 14, "spec.agentPort", "must be between 1 and 65535"],
    );
    assertEquals(agent.events(), ["config.diagnostic", "config.invalid"]);
    assertEquals(await Deno.stat(`${dir}/data`).catch(() => null), null);
  });
});

Deno.test("init: bad options are usage errors (exit 2) that start nothing", async () => {
  const cases: [string[], string][] = [
    [
      ["--node-name", "Alpha_1"],
      'kat-agent: --node-name "Alpha_1": must be a DNS label',
    ],
    [["--node-name", "a".repeat(64)], "must be a DNS label"],
    [
      ["--node-name", "123"],
      'kat-agent: --node-name "123": must not be a number (all digits, or 0x and hex digits): as a host name it reads as an IPv4 address',
    ],
    [["--node-name", "0x1f"], "must not be a number"],
    [
      ["--etcd-endpoints", "ftp://h:1"],
      'kat-agent: --etcd-endpoints: etcd endpoint "ftp://h:1" must be http://host:port or https://host:port',
    ],
    [
      ["--etcd-endpoints", " , "],
      "kat-agent: --etcd-endpoints: no etcd endpoint given",
    ],
    [
      ["--etcd-listen-address", "localhost"],
      'kat-agent: --etcd-listen-address "localhost": must be an IPv4 or IPv6 address',
    ],
    [["--etcd-listen-address", "256.1.1.1"], "must be an IPv4 or IPv6 address"],
    [
      ["--etcd-listen-address", "127.0.0.2"],
      'kat-agent: --etcd-listen-address "127.0.0.2": must be the advertise address (127.0.0.1) or every address (0.0.0.0, ::): etcd\'s certificate names the advertise address only',
    ],
    [
      ["--advertise-address", "::"],
      'kat-agent: --advertise-address "::": must be one address other nodes can reach, not every address',
    ],
    [
      ["--advertise-address", "node-1"],
      'kat-agent: --advertise-address "node-1": must be an IPv4 or IPv6 address',
    ],
    [["--log-format", "xml"], "xml"],
  ];
  for (const [args, message] of cases) {
    const io = memoryIo();
    const code = await runKatAgent(
      [
        "init",
        "--config",
        "/nonexistent/cluster.kat",
        "--node-name",
        "ok",
        ...args,
      ],
      io,
    );
    assertEquals([args, code], [args, 2]);
    assertIncludes(io.errText(), message);
    assertEquals(
      io.errText().endsWith("\nSee 'kat-agent init --help'.\n"),
      true,
    );
    assertEquals(io.outText(), "");
  }
});

Deno.test("etcd on arm64: Debian's etcd 3.4 is told the architecture is fine; elsewhere nothing is added", () => {
  assertEquals(etcdEnvironment("aarch64"), { ETCD_UNSUPPORTED_ARCH: "arm64" });
  assertEquals(etcdEnvironment("x86_64"), {});
});

Deno.test("init: a second agent on the same data directory refuses at once, naming the holder, and touches nothing of the first", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/first.kat`, clusterKat());
    await Deno.writeTextFile(`${dir}/second.kat`, clusterKat());
    const args = (config: string, node: string) => [
      "--config",
      `${dir}/${config}`,
      "--data-dir",
      `${dir}/data`,
      "--node-name",
      node,
    ];
    const first = Agent.start(args("first.kat", "alpha"));
    agents.push(first);
    const started = await first.waitFor("etcd.started");
    await first.waitFor("config.stored");

    const second = Agent.start(args("second.kat", "beta"));
    agents.push(second);
    assertEquals((await second.exit(10_000)).code, 1);
    const failed = await second.waitFor("etcd.failed");
    assertEquals(failed.code, "data-dir-in-use");
    assertEquals(
      failed.msg,
      `the data directory ${dir}/data is in use by another kat-agent (pid ${first.pid}, node alpha); one data directory serves one agent`,
    );
    assertEquals(second.events(), [
      "agent.starting",
      "etcd.failed",
      "agent.stopped",
    ]);
    assertEquals(
      (await Deno.readTextFile(`${dir}/data/etcd.pid`)).trim(),
      String(started.pid),
    );
    assertEquals(first.events().includes("leader.lost"), false);
    first.signal("SIGTERM");
    assertEquals((await first.exit()).code, 0);
  });
});
