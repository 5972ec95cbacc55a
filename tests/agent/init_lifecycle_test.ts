import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import { buildBundles, runtimeFlags } from "../../scripts/compile.ts";
import { REPO } from "../helpers.ts";
import { freePort } from "../state/etcd_fixture.ts";
import { Agent, clusterKat, type Runner, withAgents } from "./agent_process.ts";

async function sh(script: string, cwd: string) {
  const out = await new Deno.Command("bash", {
    args: ["-c", `set -o pipefail; ${script}`],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

function portFree(port: number): boolean {
  try {
    Deno.listen({ hostname: "127.0.0.1", port }).close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A one-node cluster from start to restart, run as the binaries run it: the
 * bundle `deno task compile` embeds, with its import map and the binary's
 * flags, from a directory that is not the project. The configuration is
 * stored once (read back with etcdctl and protoc, as the README shows), kept
 * with its uid by a restart that finds the data, and a different file is
 * refused with what differs.
 */
Deno.test("kat-agent init: a one-node cluster stores its configuration once and keeps it across restarts", async () => {
  await withAgents(async (dir, agents) => {
    await buildBundles(new URL(`file://${REPO}`), `${dir}/bundle`);
    const runner: Runner = {
      args: [
        "run",
        "--no-config",
        `--import-map=${dir}/bundle/import_map.json`,
        ...runtimeFlags("kat-agent"),
        `${dir}/bundle/main.js`,
        "kat-agent",
      ],
      cwd: dir,
    };
    const client = freePort();
    const peer = freePort();
    const config = `${dir}/cluster.kat`;
    await Deno.writeTextFile(
      config,
      clusterKat({ clientPort: client, peerPort: peer }),
    );
    const args = [
      "--config",
      config,
      "--data-dir",
      `${dir}/data`,
      "--node-name",
      "alpha",
    ];

    // First start: etcd from PATH, elected, configuration stored.
    const first = Agent.start(args, { runner });
    agents.push(first);
    const started = await first.waitFor("etcd.started");
    assertEquals(started.endpoint, `https://127.0.0.1:${client}`);
    assertEquals(first.allEvents().slice(0, 3), [
      "agent.starting",
      "pki.created",
      "etcd.started",
    ]);
    await first.waitFor("leader.elected", { fields: { node: "alpha" } });
    const stored = await first.waitFor("config.stored");
    const uid = stored.uid as string;
    assertTrue(/^[0-9a-f-]{36}$/.test(uid), uid);
    assertEquals(
      (await Deno.readTextFile(`${dir}/data/etcd.pid`)).trim(),
      String(started.pid),
    );

    // The README's read-back: etcdctl with the node's certificate, then
    // protoc.
    const read = await sh(
      `ETCDCTL_ENDPOINTS=https://127.0.0.1:${client} ETCDCTL_CACERT=${dir}/data/pki/ca.crt ETCDCTL_CERT=${dir}/data/pki/node.crt ETCDCTL_KEY=${dir}/data/pki/node.key etcdctl get /kat/cluster/config --print-value-only | head -c -1 | protoc --decode kat.v1alpha1.ClusterConfiguration -I proto proto/kat/v1alpha1/kat.proto`,
      REPO,
    );
    assertEquals([read.code, read.stderr], [0, ""]);
    for (
      const line of [
        'api_version: "kat.dws.rip/v1alpha1"',
        'kind: "ClusterConfiguration"',
        'name: "test-cluster"',
        `uid: "${uid}"`,
        'cluster_cidr: "10.244.0.0/16"',
        `etcd_client_port: ${client}`,
        "agent_tick_seconds: 1",
        'cluster_domain: "kat.cluster.local"',
      ]
    ) {
      assertIncludes(read.stdout, line);
    }
    assertIncludes(read.stdout, "creation_timestamp {");

    // SIGTERM: resign, revoke, stop etcd, exit 0.
    first.signal("SIGTERM");
    assertEquals((await first.exit()).code, 0);
    assertEquals(first.events(), [
      "agent.starting",
      "etcd.started",
      "leader.elected",
      "config.stored",
      "agent.stopping",
      "leader.resigned",
      "lease.revoked",
      "etcd.stopped",
      "agent.stopped",
    ]);
    assertEquals(
      await Deno.stat(`${dir}/data/etcd.pid`).catch(() => null),
      null,
    );
    assertEquals([portFree(client), portFree(peer)], [true, true]);

    // A restart finds the data: the same uid, kept; leading at once (the
    // previous run resigned).
    const second = Agent.start(args, { runner });
    agents.push(second);
    const found = await second.waitFor("config.found");
    assertEquals(found.uid, uid);
    await second.waitFor("leader.elected");
    const kept = await second.waitFor("config.kept");
    assertEquals([kept.uid, kept.created], [uid, stored.created]);
    second.signal("SIGINT");
    assertEquals((await second.exit()).code, 0);
    // The same CA: found, not made again.
    const pki = second.lines.find((l) => l.event === "pki.found");
    assertEquals(
      pki?.caHash,
      first.lines.find((l) => l.event === "pki.created")?.caHash,
    );
    assertEquals(second.events(), [
      "agent.starting",
      "etcd.started",
      "config.found",
      "leader.elected",
      "config.kept",
      "agent.stopping",
      "leader.resigned",
      "lease.revoked",
      "etcd.stopped",
      "agent.stopped",
    ]);

    // A different file is refused, saying what differs; nothing is written.
    await Deno.writeTextFile(
      config,
      clusterKat({ clientPort: client, peerPort: peer, agentPort: 10116 }),
    );
    const third = Agent.start(args, { runner });
    agents.push(third);
    const refused = await third.waitFor("config.refused");
    assertEquals((await third.exit()).code, 1);
    assertIncludes(refused.msg, `(uid ${uid})`);
    assertIncludes(refused.msg, "spec.agentPort: stored 9116, file 10116");
    assertEquals(third.events(), [
      "agent.starting",
      "etcd.started",
      "config.refused",
      "etcd.stopped",
      "agent.stopped",
    ]);
    assertEquals([portFree(client), portFree(peer)], [true, true]);
  });
});
