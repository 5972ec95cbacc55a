import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import {
  Agent,
  clusterKat,
  fromSourceIn,
  localArgs,
  startLeader,
  withAgents,
} from "./agent_process.ts";

/** A lease TTL of 4 s: `min(2 × 2, 4)`. */
const CONFIG = clusterKat({ agentTickSeconds: 2, nodeLossTimeoutSeconds: 4 });

/** Whether `pid` runs (a zombie, exited but not yet reaped, does not). */
function alive(pid: number): boolean {
  const out = new Deno.Command("ps", {
    args: ["-o", "stat=", "-p", String(pid)],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const stat = new TextDecoder().decode(out.stdout).trim();
  return stat !== "" && !stat.startsWith("Z");
}

function args(dir: string, dataDir = `${dir}/data`): string[] {
  return localArgs(dir, { dataDir });
}

/** The etcd binary found on PATH. */
async function etcdOnPath(): Promise<string> {
  for (const entry of (Deno.env.get("PATH") ?? "").split(":")) {
    const path = `${entry}/etcd`;
    if ((await Deno.stat(path).catch(() => null))?.isFile) return path;
  }
  throw new Error("no etcd on PATH");
}

Deno.test("restart: after SIGKILL of the agent, a new start stops the etcd it left running and leads", async () => {
  await withAgents(async (dir, agents) => {
    const { agent: first, etcdPid: orphan } = await startLeader(
      dir,
      agents,
      CONFIG,
    );
    first.signal("SIGKILL");
    await first.exit();
    assertTrue(alive(orphan), "etcd outlives the killed agent");

    const second = Agent.start(args(dir));
    agents.push(second);
    const stopped = await second.waitFor("etcd.orphan");
    assertEquals([stopped.level, stopped.pid, stopped.signal], [
      "warn",
      orphan,
      "SIGKILL",
    ]);
    assertEquals(
      stopped.msg,
      `stopped this node's etcd left running by an earlier run (pid ${orphan}, SIGKILL)`,
    );
    assertEquals(alive(orphan), false);
    const restarted = await second.waitFor("etcd.started");
    assertTrue(restarted.pid !== orphan);
    await second.waitFor("config.kept", { ms: 20_000 });
    assertEquals(second.events().slice(0, 3), [
      "agent.starting",
      "etcd.orphan",
      "etcd.started",
    ]);
    second.signal("SIGTERM");
    assertEquals((await second.exit()).code, 0);
  });
});

Deno.test("restart: SIGHUP stops the agent like SIGTERM: resigns, stops etcd, exits 0", async () => {
  await withAgents(async (dir, agents) => {
    const { agent, etcdPid } = await startLeader(dir, agents, CONFIG);
    agent.signal("SIGHUP");
    assertEquals((await agent.exit()).code, 0);
    assertEquals(agent.events().slice(-5), [
      "agent.stopping",
      "leader.resigned",
      "lease.revoked",
      "etcd.stopped",
      "agent.stopped",
    ]);
    assertIncludes(
      (await agent.waitFor("agent.stopping")).msg,
      "received SIGHUP",
    );
    assertEquals(alive(etcdPid), false);
  });
});

Deno.test("restart: an etcd.pid naming another process leaves that process alone", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
    await Deno.mkdir(`${dir}/data`);
    const other = new Deno.Command("sleep", {
      args: ["60"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      await Deno.writeTextFile(`${dir}/data/etcd.pid`, `${other.pid}\n`);
      const agent = Agent.start(args(dir));
      agents.push(agent);
      await agent.waitFor("config.stored");
      assertEquals(agent.events().includes("etcd.orphan"), false);
      assertTrue(alive(other.pid), "the other process still runs");
      agent.signal("SIGTERM");
      assertEquals((await agent.exit()).code, 0);
      assertTrue(alive(other.pid), "the other process still runs");
    } finally {
      other.kill("SIGKILL");
      await other.status;
    }
  });
});

Deno.test("restart: without pkill on PATH, an etcd.pid naming a dead process is reported as unchecked and the agent starts", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
    await Deno.mkdir(`${dir}/data`);
    await Deno.mkdir(`${dir}/bin`);
    await Deno.symlink(await etcdOnPath(), `${dir}/bin/etcd`);
    const dead = new Deno.Command("true").spawn();
    await dead.status;
    await Deno.writeTextFile(`${dir}/data/etcd.pid`, `${dead.pid}\n`);
    const agent = Agent.start(args(dir), { env: { PATH: `${dir}/bin` } });
    agents.push(agent);
    const unchecked = await agent.waitFor("etcd.orphan-unchecked");
    assertEquals([unchecked.level, unchecked.pid], ["warn", dead.pid]);
    assertEquals(
      unchecked.msg,
      `cannot check whether pid ${dead.pid} (${dir}/data/etcd.pid) is an etcd left running by an earlier run: procps' pkill is not installed; starting etcd`,
    );
    await agent.waitFor("etcd.started");
    await agent.waitFor("config.stored");
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
  });
});

Deno.test("restart: an agent killed with a relative data directory is found by a restart naming it absolutely, and the other way round", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
    const runs: [string, string][] = [["data", `${dir}/data`], [
      `${dir}/data`,
      "./data/",
    ]];
    for (const [first, then] of runs) {
      const killed = Agent.start(args(dir, first), {
        runner: fromSourceIn(dir),
      });
      agents.push(killed);
      const started = await killed.waitFor("etcd.started");
      assertEquals(started.dataDir, `${dir}/data`);
      await killed.waitFor("leader.elected");
      killed.signal("SIGKILL");
      await killed.exit();
      assertTrue(alive(started.pid as number), "etcd outlives the agent");

      const again = Agent.start(args(dir, then), {
        runner: fromSourceIn(dir),
      });
      agents.push(again);
      const orphan = await again.waitFor("etcd.orphan");
      assertEquals(orphan.pid, started.pid);
      assertEquals(alive(started.pid as number), false);
      await again.waitFor("leader.elected");
      again.signal("SIGTERM");
      assertEquals((await again.exit()).code, 0);
    }
  });
});

Deno.test("restart: an etcd.pid that cannot be written is reported as a warning, and the agent runs on", async () => {
  await withAgents(async (dir, agents) => {
    // A directory where the pid file goes: writing it fails.
    await Deno.mkdir(`${dir}/data/etcd.pid`, { recursive: true });
    const { agent, etcdPid } = await startLeader(dir, agents, CONFIG);
    const failed = await agent.waitFor("etcd.pid-failed");
    assertEquals([failed.level, failed.pid], ["warn", etcdPid]);
    assertIncludes(failed.msg, `cannot write ${dir}/data/etcd.pid: `);
    assertIncludes(
      failed.msg,
      "; if the agent is killed, a restart cannot stop the etcd it leaves running",
    );
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    assertEquals(alive(etcdPid), false);
  });
});
