import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import {
  clusterConfigurationOf,
  loadClusterConfiguration,
} from "../../src/cluster/cluster_config.ts";
import { storeClusterConfiguration } from "../../src/agent/config_store.ts";
import { EtcdStateStore } from "../../src/state/etcd_store.ts";
import { sleep, type TestEtcd, withEtcd } from "../state/etcd_fixture.ts";
import { Agent, clusterKat, withAgents } from "./agent_process.ts";

/**
 * The lease TTL of these tests: `min(2 × agentTickSeconds,
 * nodeLossTimeoutSeconds)` with a tick of 2 s and a node loss of 3 s.
 */
const TTL_MS = 3000;
/**
 * What a failover may take beyond the TTL: etcd looks for expired leases
 * every 500 ms, and the candidate needs a watch event and one request before
 * it logs, on a machine that may be busy with other tests (1 s).
 */
const MARGIN_MS = 1500;
/**
 * The earliest a killed leader's lease can expire: it was renewed at most a
 * third of the TTL before the kill.
 */
const EARLIEST_MS = (TTL_MS * 2) / 3 - 500;

const CONFIG = clusterKat({ agentTickSeconds: 2, nodeLossTimeoutSeconds: 3 });

/**
 * An agent on the external etcd at `endpoint`; its data directory (the lock
 * and the lease record) is `<dir>/<dataDir>`, by default `<dir>/<node>`.
 */
function agentArgs(
  dir: string,
  endpoint: string,
  node: string,
  dataDir = node,
): string[] {
  return [
    "--config",
    `${dir}/cluster.kat`,
    "--etcd-endpoints",
    endpoint,
    "--node-name",
    node,
    "--data-dir",
    `${dir}/${dataDir}`,
  ];
}

/**
 * Runs `fn` with a fresh etcd and a directory holding `cluster.kat`
 * (`config`); `start(node, dataDir)` starts an agent on that etcd with
 * {@link agentArgs}. Everything is stopped and removed however `fn` ends.
 */
async function withCluster(
  config: string,
  fn: (
    etcd: TestEtcd,
    dir: string,
    start: (node: string, dataDir?: string) => Agent,
  ) => Promise<void>,
): Promise<void> {
  await withEtcd(async (etcd) => {
    await withAgents(async (dir, agents) => {
      await Deno.writeTextFile(`${dir}/cluster.kat`, config);
      await fn(etcd, dir, (node, dataDir) => {
        const agent = Agent.start(
          agentArgs(dir, etcd.endpoint, node, dataDir),
        );
        agents.push(agent);
        return agent;
      });
    });
  });
}

/** Runs `fn` with a state store on `etcd`, closed however `fn` ends. */
async function withStore(
  etcd: TestEtcd,
  fn: (store: EtcdStateStore) => Promise<void>,
): Promise<void> {
  const store = await EtcdStateStore.connect({ endpoints: [etcd.endpoint] });
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/** The keys under the election prefix. */
async function leaderKeys(store: EtcdStateStore): Promise<string[]> {
  return (await store.list("/kat/cluster/leader/")).entries.map((e) => e.key);
}

Deno.test("election: a candidate takes over within the TTL when the leader is killed, and at once when it resigns", async () => {
  await withCluster(CONFIG, async (_etcd, _dir, start) => {
    const alpha = start("alpha");
    const elected = await alpha.waitFor("leader.elected");
    assertEquals([elected.node, elected.leaseTtl], ["alpha", 3]);
    await alpha.waitFor("config.stored");

    const beta = start("beta");
    const waiting = await beta.waitFor("leader.waiting");
    assertEquals([waiting.node, waiting.leader], ["beta", "alpha"]);
    assertEquals(beta.events().includes("leader.elected"), false);

    // SIGKILL: no resignation; the lease must expire.
    const killed = performance.now();
    alpha.signal("SIGKILL");
    const takeover = await beta.waitFor("leader.elected", { ms: 15_000 });
    const failover = takeover.at - killed;
    assertTrue(
      failover <= TTL_MS + MARGIN_MS && failover >= EARLIEST_MS,
      `new leader after ${failover.toFixed(0)} ms (TTL ${TTL_MS} ms)`,
    );
    assertEquals(takeover.node, "beta");
    await beta.waitFor("config.kept");
    assertEquals((await alpha.exit()).signal, "SIGKILL");

    // A resigning leader hands over at once, long before its lease would
    // expire.
    const gamma = start("gamma");
    const behind = await gamma.waitFor("leader.waiting");
    assertEquals(behind.leader, "beta");
    const stopped = performance.now();
    beta.signal("SIGTERM");
    const next = await gamma.waitFor("leader.elected");
    assertTrue(
      next.at - stopped < EARLIEST_MS,
      `handed over after ${(next.at - stopped).toFixed(0)} ms`,
    );
    assertEquals((await beta.exit()).code, 0);
    assertEquals(beta.events().slice(-4), [
      "agent.stopping",
      "leader.resigned",
      "lease.revoked",
      "agent.stopped",
    ]);
  });
});

Deno.test("election: a leader that cannot reach etcd past the TTL stops leading and says so, and leads again when etcd is back", async () => {
  await withCluster(CONFIG, async (etcd, _dir, start) => {
    const alpha = start("alpha");
    await alpha.waitFor("config.stored");

    for (const outage of ["killed", "frozen"] as const) {
      const from = alpha.lines.length;
      const started = performance.now();
      if (outage === "killed") await etcd.kill();
      else etcd.signal("SIGSTOP");
      const lost = await alpha.waitFor("leader.lost", { from, ms: 15_000 });
      const after = lost.at - started;
      assertTrue(
        after >= EARLIEST_MS && after <= TTL_MS + MARGIN_MS,
        `${outage}: leadership given up after ${after.toFixed(0)} ms`,
      );
      assertEquals(lost.level, "warn");
      if (outage === "killed") await etcd.restart();
      else etcd.signal("SIGCONT");
      await alpha.waitFor("leader.elected", { from, ms: 20_000 });
      await alpha.waitFor("config.kept", { from });
    }
  });
});

Deno.test("election: a candidate refuses a configuration stored while it waits, before it can be elected", async () => {
  await withCluster(CONFIG, async (etcd, dir, start) => {
    await withStore(etcd, async (store) => {
      // An older candidate that never goes away keeps beta waiting.
      await store.put(
        "/kat/cluster/leader/0",
        new TextEncoder().encode("zeta"),
      );
      const beta = start("beta");
      const waiting = await beta.waitFor("leader.waiting");
      assertEquals(waiting.leader, "zeta");

      // Another node stores a configuration that differs in one field.
      await Deno.writeTextFile(
        `${dir}/other.kat`,
        `${CONFIG}  clusterDomain: other.local\n`,
      );
      const other = clusterConfigurationOf(
        await loadClusterConfiguration(`${dir}/other.kat`),
      )!;
      const stored = performance.now();
      await storeClusterConfiguration(store, other);

      assertEquals((await beta.exit()).code, 1);
      const refused = await beta.waitFor("config.refused");
      assertTrue(
        refused.at - stored < 2000,
        `refused ${(refused.at - stored).toFixed(0)} ms after the store`,
      );
      assertIncludes(
        refused.msg,
        'spec.clusterDomain: stored "other.local", file "kat.cluster.local"',
      );
      assertEquals(beta.events().includes("leader.elected"), false);
      // Its candidacy is gone with its lease.
      assertEquals(await leaderKeys(store), ["/kat/cluster/leader/0"]);
    });
  });
});

Deno.test("election: a lease granted after its own TTL (etcd frozen) is not campaigned with", async () => {
  const config = clusterKat({ agentTickSeconds: 2, nodeLossTimeoutSeconds: 4 });
  await withCluster(config, async (etcd, _dir, start) => {
    const alpha = start("alpha");
    await alpha.waitFor("config.stored");
    const from = alpha.lines.length;
    etcd.signal("SIGSTOP");
    const lost = await alpha.waitFor("leader.lost", { from, ms: 15_000 });
    // The agent asks the frozen etcd for a new lease at once; etcd answers
    // when it resumes, 4.6 s later: past the TTL of 4 s, within the
    // request's 5 s deadline.
    await sleep(4600 - (performance.now() - lost.at));
    etcd.signal("SIGCONT");
    await alpha.waitFor("lease.stale", { from, ms: 10_000 });
    const elected = await alpha.waitFor("leader.elected", {
      from,
      ms: 20_000,
    });
    await alpha.waitFor("config.kept", { from });
    await sleep(1500);
    const after = alpha.lines.slice(alpha.lines.indexOf(elected));
    assertEquals(
      after.filter((l) => l.event === "leader.lost").length,
      0,
      alpha.dump(),
    );
  });
});

Deno.test("election: a node restarted after SIGKILL removes its own old key and leads at once", async () => {
  // A lease TTL of 10 s, which the restart must not wait for.
  const config = clusterKat({
    agentTickSeconds: 5,
    nodeLossTimeoutSeconds: 10,
  });
  await withCluster(config, async (etcd, _dir, start) => {
    const first = start("alpha");
    const before = await first.waitFor("leader.elected");
    await first.waitFor("config.stored");
    first.signal("SIGKILL");
    await first.exit();

    const second = start("alpha");
    const external = await second.waitFor("etcd.external");
    const elected = await second.waitFor("leader.elected", { ms: 15_000 });
    const took = elected.at - external.at;
    assertTrue(took < 2000, `led again after ${took.toFixed(0)} ms`);
    assertTrue(elected.key !== before.key);
    assertEquals(second.events().includes("leader.waiting"), false);
    await withStore(etcd, async (store) => {
      assertEquals(await leaderKeys(store), [elected.key]);
    });
  });
});

Deno.test("election: a leader whose election key is deleted stops leading and campaigns again", async () => {
  await withCluster(CONFIG, async (etcd, _dir, start) => {
    const alpha = start("alpha");
    const elected = await alpha.waitFor("leader.elected");
    await alpha.waitFor("config.stored");
    const from = alpha.lines.length;
    await withStore(etcd, async (store) => {
      await store.delete(elected.key as string);
    });
    const lost = await alpha.waitFor("leader.lost", { from, ms: 2000 });
    assertIncludes(lost.msg, `its election key ${elected.key} was deleted`);
    const again = await alpha.waitFor("leader.elected", { from });
    assertTrue(again.key !== elected.key);
  });
});

Deno.test("election: a waiting candidate names the new leader when the leader changes", async () => {
  await withCluster(CONFIG, async (_etcd, _dir, start) => {
    const alpha = start("alpha");
    await alpha.waitFor("config.stored");
    const beta = start("beta");
    await beta.waitFor("leader.waiting");
    const gamma = start("gamma");
    const first = await gamma.waitFor("leader.waiting");
    assertEquals(first.leader, "alpha");
    const from = gamma.lines.length;
    alpha.signal("SIGTERM");
    await beta.waitFor("leader.elected");
    const again = await gamma.waitFor("leader.waiting", { from, ms: 3000 });
    assertEquals([again.leader, again.msg], [
      "beta",
      "waiting as a candidate; beta leads",
    ]);
    assertEquals(gamma.events().includes("leader.elected"), false);
  });
});

Deno.test("election: two agents with the same node name do not take the leadership from each other; the second waits and warns", async () => {
  // A lease TTL of 4 s.
  const config = clusterKat({ agentTickSeconds: 2, nodeLossTimeoutSeconds: 4 });
  await withCluster(config, async (_etcd, dir, start) => {
    const first = start("same", "d1");
    const elected = await first.waitFor("leader.elected");
    await first.waitFor("config.stored");
    // With an external etcd too, the data directory is locked and holds
    // the lease record, the lease of the election key.
    assertEquals(
      await Deno.readTextFile(`${dir}/d1/agent.lock`),
      `pid ${first.pid} node same\n`,
    );
    assertEquals(
      `/kat/cluster/leader/${
        (await Deno.readTextFile(`${dir}/d1/election.lease`)).trim()
      }`,
      elected.key,
    );

    const second = start("same", "d2");
    const duplicate = await second.waitFor("leader.duplicate-name");
    assertEquals([duplicate.level, duplicate.key], ["warn", elected.key]);
    assertEquals(
      duplicate.msg,
      `another candidate with node name same leads (key ${elected.key}): node names must be unique in a cluster; waiting behind it until it resigns or its lease expires`,
    );
    await second.waitFor("leader.waiting");
    // Longer than the TTL: long enough for a flip-flop to show.
    await sleep(6000);
    assertEquals(
      first.events().filter((e) => e === "leader.elected").length,
      1,
      first.dump(),
    );
    assertEquals(first.events().includes("leader.lost"), false);
    assertEquals(second.events().includes("leader.elected"), false);

    second.signal("SIGTERM");
    assertEquals((await second.exit()).code, 0);
    first.signal("SIGTERM");
    assertEquals((await first.exit()).code, 0);
    assertEquals(first.events().slice(-4), [
      "agent.stopping",
      "leader.resigned",
      "lease.revoked",
      "agent.stopped",
    ]);
  });
});
