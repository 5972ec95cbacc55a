import { assertEquals, assertTrue } from "../assert.ts";
import {
  Agent,
  clusterKat,
  localArgs,
  startLeader,
  withAgents,
} from "./agent_process.ts";

/** A lease TTL of 4 s: `min(2 × 2, 4)`. */
const CONFIG = clusterKat({ agentTickSeconds: 2, nodeLossTimeoutSeconds: 4 });

/** Slack for a machine busy with other tests. */
const MARGIN_MS = 1500;

function processGone(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return false;
  } catch {
    return true;
  }
}

Deno.test("stop: with its etcd frozen, a leader's SIGTERM tries to resign and revoke for 2 s each, says so, and exits 0", async () => {
  await withAgents(async (dir, agents) => {
    const { agent, etcdPid } = await startLeader(dir, agents, CONFIG);
    Deno.kill(etcdPid, "SIGSTOP");
    const from = agent.lines.length;
    const stopped = performance.now();
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    const took = performance.now() - stopped;
    // 2 s to resign, 2 s to revoke, then at most 1 s for the API, the
    // reports and the duties, whose calls the frozen etcd holds, to stop.
    assertTrue(
      took < 5000 + MARGIN_MS,
      `stopped after ${took.toFixed(0)} ms`,
    );
    assertEquals(agent.events(from), [
      "agent.stopping",
      "leader.resign-failed",
      "lease.revoke-failed",
      "etcd.stopped",
      "agent.stopped",
    ]);
    assertTrue(processGone(etcdPid));
  });
});

Deno.test("stop: after a frozen etcd cost the leadership, SIGTERM does not wait for pending etcd calls", async () => {
  await withAgents(async (dir, agents) => {
    const { agent, etcdPid } = await startLeader(dir, agents, CONFIG);
    Deno.kill(etcdPid, "SIGSTOP");
    await agent.waitFor("leader.lost", { ms: 4000 + MARGIN_MS });
    // The agent now asks the frozen etcd for a new lease.
    const stopped = performance.now();
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    const took = performance.now() - stopped;
    assertTrue(took < MARGIN_MS, `stopped after ${took.toFixed(0)} ms`);
    assertEquals(agent.events().slice(-3), [
      "agent.stopping",
      "etcd.stopped",
      "agent.stopped",
    ]);
    assertTrue(processGone(etcdPid));
  });
});

Deno.test("stop: a second SIGTERM stops at once: no resignation awaited, etcd killed, exit 1", async () => {
  await withAgents(async (dir, agents) => {
    const { agent, etcdPid } = await startLeader(dir, agents, CONFIG);
    Deno.kill(etcdPid, "SIGSTOP");
    agent.signal("SIGTERM");
    await agent.waitFor("agent.stopping");
    const again = performance.now();
    agent.signal("SIGTERM");
    const status = await agent.exit();
    const took = performance.now() - again;
    assertTrue(took < MARGIN_MS, `stopped after ${took.toFixed(0)} ms`);
    assertEquals(status.code, 1);
    const events = agent.events();
    assertEquals(events.slice(events.indexOf("agent.forced")), [
      "agent.forced",
      "etcd.stopped",
      "agent.stopped",
    ]);
    const etcdStopped = await agent.waitFor("etcd.stopped");
    assertEquals(etcdStopped.status, "killed by SIGKILL");
    assertTrue(processGone(etcdPid));
    assertEquals(
      await Deno.stat(`${dir}/data/etcd.pid`).catch(() => null),
      null,
    );
  });
});

Deno.test("stop: SIGTERM while the local etcd starts ends the start at once: etcd stopped, nothing else started, exit 0", async () => {
  await withAgents(async (dir, agents) => {
    // An "etcd" that never becomes healthy.
    await Deno.mkdir(`${dir}/bin`);
    await Deno.writeTextFile(`${dir}/bin/etcd`, "#!/bin/sh\nexec sleep 60\n");
    await Deno.chmod(`${dir}/bin/etcd`, 0o755);
    await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
    const agent = Agent.start(localArgs(dir), {
      env: { PATH: `${dir}/bin:${Deno.env.get("PATH")}` },
    });
    agents.push(agent);
    let pid = 0;
    const deadline = performance.now() + 20_000;
    while (!pid && performance.now() < deadline) {
      pid = Number(
        await Deno.readTextFile(`${dir}/data/etcd.pid`).catch(() => "0"),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
    assertTrue(pid > 0, "no etcd.pid");
    const stopped = performance.now();
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    const took = performance.now() - stopped;
    assertTrue(took < MARGIN_MS, `stopped after ${took.toFixed(0)} ms`);
    assertEquals(agent.events(), [
      "agent.starting",
      "agent.stopping",
      "agent.stopped",
    ]);
    assertTrue(processGone(pid));
    assertEquals(
      await Deno.stat(`${dir}/data/etcd.pid`).catch(() => null),
      null,
    );
  });
});

Deno.test("stop: SIGTERM as soon as the agent starts: nothing is started after it, exit 0", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
    const agent = Agent.start(localArgs(dir));
    agents.push(agent);
    await agent.waitFor("agent.starting");
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    const events = agent.events();
    const after = events.slice(events.indexOf("agent.stopping"));
    for (
      const started of ["etcd.started", "leader.elected", "config.stored"]
    ) {
      assertEquals([started, after.includes(started)], [started, false]);
    }
    assertEquals(after.at(-1), "agent.stopped");
    assertEquals(
      await Deno.stat(`${dir}/data/etcd.pid`).catch(() => null),
      null,
    );
  });
});
