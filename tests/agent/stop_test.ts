import { assertEquals, assertTrue } from "../assert.ts";
import { Agent, clusterKat, withAgents } from "./agent_process.ts";

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

/** A one-node agent with its own etcd, elected; resolves to etcd's pid. */
async function startLeader(dir: string, agents: Agent[]) {
  await Deno.writeTextFile(`${dir}/cluster.kat`, CONFIG);
  const agent = Agent.start([
    "--config",
    `${dir}/cluster.kat`,
    "--data-dir",
    `${dir}/data`,
    "--node-name",
    "alpha",
  ]);
  agents.push(agent);
  const started = await agent.waitFor("etcd.started");
  await agent.waitFor("config.stored");
  return { agent, etcdPid: started.pid as number };
}

Deno.test("stop: with its etcd frozen, a leader's SIGTERM tries to resign and revoke for 2 s each, says so, and exits 0", async () => {
  await withAgents(async (dir, agents) => {
    const { agent, etcdPid } = await startLeader(dir, agents);
    Deno.kill(etcdPid, "SIGSTOP");
    const from = agent.lines.length;
    const stopped = performance.now();
    agent.signal("SIGTERM");
    assertEquals((await agent.exit()).code, 0);
    const took = performance.now() - stopped;
    assertTrue(took < 4000 + MARGIN_MS, `stopped after ${took.toFixed(0)} ms`);
    assertEquals(agent.events().slice(from), [
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
    const { agent, etcdPid } = await startLeader(dir, agents);
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
    const { agent, etcdPid } = await startLeader(dir, agents);
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
