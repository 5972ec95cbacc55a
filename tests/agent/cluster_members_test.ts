/**
 * Three etcd members and client nodes on one machine, each node on its own
 * loopback address (`--advertise-address 127.0.0.N`, the same ports, its own
 * data directory): the second and third node to join run etcd members and
 * can lead; the cluster survives the SIGKILL of any one of them (the leading
 * one included), stops writing when two are gone and says so, recovers, and
 * `katcall delete node` removes a membership first, never breaking quorum.
 *
 * @module
 */
import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import { readKatconfig } from "../../src/katconfig/mod.ts";
import { freePort, sleep } from "../state/etcd_fixture.ts";
import { REPO } from "../helpers.ts";
import { Agent, clusterKat, withAgents } from "./agent_process.ts";
import {
  certificateLines,
  type ClusterNode,
  katAgent,
  katcall,
  killNode,
  type NodeView,
  peerStatus,
  ready,
  run,
} from "./cluster_helpers.ts";

const TICK = 1;
const LOSS = 3;
/** The leader's lease TTL: 2 × the tick. */
const TTL = 2 * TICK;

Deno.test("three etcd members: any one lost and back, two lost and recovered, members removed and added", async () => {
  await withAgents(async (dir, agents) => {
    const apiPort = freePort();
    await Deno.writeTextFile(
      `${dir}/cluster.kat`,
      clusterKat({
        apiPort,
        agentTickSeconds: TICK,
        nodeLossTimeoutSeconds: LOSS,
      }),
    );
    const katconfig = `${dir}/n1/admin.katconfig`;
    const k = ["--katconfig", katconfig];
    const start = (n: Omit<ClusterNode, "agent">): ClusterNode => {
      const agent = Agent.start(n.args, { command: n.command });
      agents.push(agent);
      return { ...n, agent };
    };
    const n1 = start({
      name: "node-1",
      address: "127.0.0.1",
      dir: `${dir}/n1`,
      command: "init",
      args: [
        "--config",
        `${dir}/cluster.kat`,
        "--data-dir",
        `${dir}/n1`,
        "--node-name",
        "node-1",
        "--advertise-address",
        "127.0.0.1",
      ],
    });
    await n1.agent.waitFor("admin.katconfig-written", { ms: 30_000 });
    const created = await katAgent(["token", "create", ...k]);
    assertEquals(created.code, 0, created.err);
    const [, leaderUrl, token, hash] =
      /^kat-agent join --leader (\S+) --token (\S+) --ca-cert-hash (\S+)\n$/
        .exec(created.out)!;
    const joining = (name: string, address: string, via = leaderUrl) =>
      start({
        name,
        address,
        dir: `${dir}/${name}`,
        command: "join",
        args: [
          "--leader",
          via,
          "--token",
          token,
          "--ca-cert-hash",
          hash,
          "--node-name",
          name,
          "--data-dir",
          `${dir}/${name}`,
          "--advertise-address",
          address,
        ],
      });
    const n2 = joining("node-2", "127.0.0.2");
    await n2.agent.waitFor("node.reporting", { ms: 30_000 });
    const n3 = joining("node-3", "127.0.0.3");
    await n3.agent.waitFor("node.reporting", { ms: 30_000 });
    // Through a member that does not lead: sent on to the leader.
    const n4 = joining("node-4", "127.0.0.4", `https://127.0.0.2:${apiPort}`);
    await n4.agent.waitFor("node.reporting", { ms: 30_000 });
    const members = [n1, n2, n3];
    const nodes = new Map([n1, n2, n3, n4].map((n) => [n.name, n]));

    /** etcdctl as member node `via` against its own etcd. */
    const etcdctl = (via: ClusterNode, ...args: string[]) =>
      run("etcdctl", [
        `--endpoints=https://${via.address}:${clientPort}`,
        `--cacert=${via.dir}/pki/ca.crt`,
        `--cert=${via.dir}/pki/node.crt`,
        `--key=${via.dir}/pki/node.key`,
        "--command-timeout=3s",
        ...args,
      ]);
    const clientPort = /etcdClientPort: (\d+)/.exec(
      await Deno.readTextFile(`${dir}/cluster.kat`),
    )![1];
    const peerPort = /etcdPeerPort: (\d+)/.exec(
      await Deno.readTextFile(`${dir}/cluster.kat`),
    )![1];
    /** `id name started/unstarted learner` of every member, sorted by name. */
    const memberList = async (via: ClusterNode) => {
      const r = await etcdctl(via, "member", "list");
      assertEquals(r.code, 0, r.err);
      return r.out.trim().split("\n").map((l) => l.split(", ")).map((f) => ({
        id: f[0],
        state: f[1],
        name: f[2],
        peer: f[3],
        learner: f[5],
      })).sort((a, b) => a.name.localeCompare(b.name));
    };

    // Three voting members, one per member node; node-4 a client.
    const listed = await memberList(n1);
    assertEquals(
      listed.map((m) => [m.name, m.state, m.peer, m.learner]),
      [1, 2, 3].map((i) => [
        `node-${i}`,
        "started",
        `https://127.0.0.${i}:${peerPort}`,
        "false",
      ]),
    );
    const memberIds = new Map(listed.map((m) => [m.name, m.id]));
    const record4 = JSON.parse(
      await Deno.readTextFile(`${dir}/node-4/join.json`),
    );
    assertEquals(record4.leader, leaderUrl);
    assertEquals(
      [...record4.etcd.endpoints].sort(),
      [1, 2, 3].map((i) => `https://127.0.0.${i}:${clientPort}`),
    );
    assertEquals(record4.member, undefined);
    // The CA's key on the members only; a member's certificate serves.
    const keyMode = (n: string) =>
      Deno.stat(`${dir}/${n}/pki/ca.key`).then(
        (s) => (s.mode! & 0o777).toString(8),
        () => "absent",
      );
    assertEquals(
      [
        await keyMode("n1"),
        await keyMode("node-2"),
        await keyMode("node-3"),
        await keyMode("node-4"),
      ],
      ["600", "600", "600", "absent"],
    );
    const usage = (n: string) => certificateLines(`${dir}/${n}/pki/node.crt`);
    assertEquals(await usage("node-2"), [
      "TLS Web Server Authentication, TLS Web Client Authentication",
      "DNS:node-2, IP Address:127.0.0.2, DNS:etcd.kat.internal",
    ]);
    assertEquals(await usage("node-4"), [
      "TLS Web Client Authentication",
      "DNS:node-4, IP Address:127.0.0.4",
    ]);
    // A member's peer port takes members' certificates only.
    const peer = (n: string) =>
      peerStatus(`https://127.0.0.1:${peerPort}`, `${dir}/n1`, `${dir}/${n}`);
    assertEquals([await peer("node-3"), await peer("node-4")], ["200", "000"]);

    // The init node keeps its administrator's katconfig naming every node
    // that can lead (katcall, too, learns them from any answer).
    const every = [1, 2, 3].map((i) => `https://127.0.0.${i}:${apiPort}`);
    for (let i = 0; i < 50; i++) {
      const servers = [...(await readKatconfig(katconfig)).servers].sort();
      if (servers.join() === every.join()) break;
      await sleep(100);
    }
    assertEquals([...(await readKatconfig(katconfig)).servers].sort(), every);
    await n1.agent.waitFor("admin.katconfig-servers", {
      fields: { path: katconfig },
    });

    const getNodes = async (): Promise<NodeView[] | undefined> => {
      const r = await katcall(["get", "nodes", "-o", "json", ...k]);
      return r.code === 0 ? JSON.parse(r.out).items : undefined;
    };
    const leaderName = async () => {
      for (let i = 0; i < 100; i++) {
        const r = await katcall(["get", "nodes", ...k]);
        const row = r.out.split("\n").find((l) => /\sleader\s/.test(l));
        if (r.code === 0 && row) return row.split(/\s+/)[0];
        await sleep(100);
      }
      throw new Error("no leader");
    };
    const waitForStatus = async (name: string, status: string, ms: number) => {
      const deadline = performance.now() + ms;
      while (
        ready((await getNodes())?.find((n) => n.metadata.name === name)) !==
          status
      ) {
        assertTrue(
          performance.now() < deadline,
          `${name} not ${status} within ${ms} ms`,
        );
        await sleep(100);
      }
    };
    const restart = async (n: ClusterNode) => {
      const again = start(n);
      nodes.set(n.name, again);
      members.splice(members.indexOf(n), 1, again);
      await again.agent.waitFor("node.reporting", { ms: 30_000 });
      return again;
    };

    // Each member in turn: the leader, one that does not lead, the leader.
    const killed: string[] = [];
    let extra: ClusterNode | undefined;
    for (const which of ["leader", "other", "leader"] as const) {
      const leading = await leaderName();
      const victim = members.find((m) =>
        which === "leader"
          ? m.name === leading
          : m.name !== leading && !killed.includes(m.name)
      )!;
      killed.push(victim.name);
      const others = members.filter((m) => m !== victim);
      const marks = others.map((m) => m.agent.lines.length);
      const t0 = performance.now();
      await killNode(victim);
      if (which === "leader") {
        const elected = await Promise.any(
          others.map((m, i) =>
            m.agent.waitFor("leader.elected", { from: marks[i], ms: 20_000 })
          ),
        );
        const took = elected.at - t0;
        assertTrue(
          took <= (TTL + 2) * 1000,
          `a new leader after ${Math.round(took)} ms (TTL ${TTL} s)`,
        );
      }
      // katcall answers through another node, and the lost one turns
      // NotReady within the loss timeout.
      let answered = await getNodes();
      while (answered === undefined) {
        assertTrue(performance.now() - t0 < 15_000, "katcall never answered");
        await sleep(100);
        answered = await getNodes();
      }
      await waitForStatus(victim.name, "False", (LOSS + 3) * 1000);
      if (extra === undefined) {
        // A node joins while a member is down: as a client, with a token
        // made now (its join line names the node that leads now).
        const now = await katAgent(["token", "create", ...k]);
        assertEquals(now.code, 0, now.err);
        extra = joining("node-5", "127.0.0.5", now.out.split(" ")[3]);
        nodes.set("node-5", extra);
        await extra.agent.waitFor("node.reporting", { ms: 30_000 });
        assertEquals(
          (await memberList(others[0])).map((m) => m.name),
          ["node-1", "node-2", "node-3"],
        );
      }
      // Back with its data directory: the same member, Ready again.
      const back = await restart(victim);
      if (back.command === "join") {
        assertEquals(
          (await back.agent.waitFor("join.resumed")).node,
          victim.name,
        );
      }
      const after = await memberList(back);
      assertEquals(
        after.map((m) => [m.name, m.id, m.state, m.learner]),
        ["node-1", "node-2", "node-3"].map((
          name,
        ) => [name, memberIds.get(name), "started", "false"]),
      );
      await waitForStatus(victim.name, "True", 10_000);
    }

    // Two of three lost: nothing can be written, and both the survivor and
    // katcall say why; one back, and it goes on.
    const leading = await leaderName();
    const survivor = members.find((m) => m.name !== leading)!;
    const gone = members.filter((m) => m !== survivor);
    const mark = survivor.agent.lines.length;
    for (const n of gone) await killNode(n);
    const noQuorum = await survivor.agent.waitFor("etcd.no-quorum", {
      from: mark,
      ms: 20_000,
    });
    assertEquals(noQuorum.answering, 1);
    assertIncludes(
      String(noQuorum.msg),
      "etcd has lost its quorum: 1 of its 3 members answer",
    );
    const refused = await katcall(["get", "nodes", ...k]);
    assertEquals(refused.code, 1);
    assertIncludes(refused.err, "etcd has lost its quorum");
    const applied = await katcall([
      "apply",
      ...k,
      `${REPO}examples/team-namespace`,
    ]);
    assertEquals(applied.code, 1);
    assertIncludes(applied.err, "etcd has lost its quorum");
    const revived = await restart(gone[0]);
    await survivor.agent.waitFor("etcd.quorum", { from: mark, ms: 20_000 });
    let back = await getNodes();
    for (let i = 0; back === undefined && i < 150; i++) {
      await sleep(100);
      back = await getNodes();
    }
    assertTrue(back !== undefined, "katcall never answered after recovery");

    // Removing members: refused when the rest could not write; allowed for
    // the member that is down; a node joining then takes its place.
    const down = gone[1];
    const leaderNow = await leaderName();
    const upNotLeading = [survivor, revived].find((m) => m.name !== leaderNow)!;
    const breaking = await katcall(["delete", "node", upNotLeading.name, ...k]);
    assertEquals(breaking.code, 1);
    assertIncludes(
      breaking.err,
      `node.etcd_quorum: node ${upNotLeading.name} runs etcd member ${
        memberIds.get(upNotLeading.name)
      } and is not removed: the 2 etcd members left would have 1 running, fewer than their quorum of 2`,
    );
    const removed = await katcall(["delete", "node", down.name, ...k]);
    assertEquals([removed.code, removed.err], [0, ""]);
    assertEquals(
      (await memberList(survivor)).map((m) => m.name),
      [survivor.name, revived.name].sort(),
    );
    const n6 = joining("node-6", "127.0.0.6");
    await n6.agent.waitFor("etcd.member-promoted", { ms: 30_000 });
    await n6.agent.waitFor("node.reporting", { ms: 30_000 });
    assertEquals(
      (await memberList(n6)).map((m) => [m.name, m.learner]),
      [survivor.name, revived.name, "node-6"].sort().map((
        name,
      ) => [name, "false"]),
    );
    // The client nodes follow etcd's members, and keep them.
    const want = [survivor, revived, n6].map((m) =>
      `https://${m.address}:${clientPort}`
    ).sort();
    const kept = async () =>
      (JSON.parse(await Deno.readTextFile(`${dir}/node-4/join.json`)).etcd
        .endpoints as string[]).sort();
    for (let i = 0; i < 100 && (await kept()).join() !== want.join(); i++) {
      await sleep(100);
    }
    assertEquals(await kept(), want);
    await nodes.get("node-4")!.agent.waitFor("etcd.endpoints");
  });
});
