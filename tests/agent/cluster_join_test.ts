/**
 * A cluster of three nodes on one machine, each on its own loopback address
 * (`--advertise-address 127.0.0.N`) with its own data directory: one `init`,
 * two `join`, real etcd with TLS and access control, the real HTTPS API.
 *
 * @module
 */
import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import { createNodeKeyAndCsr } from "../../src/pki/node_csr.ts";
import { freePort, sleep } from "../state/etcd_fixture.ts";
import { Agent, clusterKat, withAgents } from "./agent_process.ts";
import {
  certificateLines,
  katAgent,
  katcall,
  type NodeView,
  peerStatus,
  ready,
  run,
} from "./cluster_helpers.ts";

const TICK = 1;
const LOSS = 3;

/** The parts of a `kat-agent join …` line. */
function joinLine(line: string) {
  const m =
    /^kat-agent join --leader (\S+) --token (\S+) --ca-cert-hash (\S+)\n$/
      .exec(line);
  if (!m) throw new Error(`not a join line: ${JSON.stringify(line)}`);
  return { leader: m[1], token: m[2], hash: m[3] };
}

Deno.test("three nodes: init, two joins with a token and the CA hash; identities, refusals, heartbeats and loss", async () => {
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
    const leader = Agent.start([
      "--config",
      `${dir}/cluster.kat`,
      "--data-dir",
      `${dir}/n1`,
      "--node-name",
      "node-1",
      "--advertise-address",
      "127.0.0.1",
    ]);
    agents.push(leader);
    await leader.waitFor("admin.katconfig-written", { ms: 30_000 });
    await leader.waitFor("node.registered");
    const katconfig = `${dir}/n1/admin.katconfig`;
    assertEquals((await Deno.stat(katconfig)).mode! & 0o777, 0o600);
    const credential = /credential: (\S+)/.exec(
      await Deno.readTextFile(katconfig),
    )![1];
    assertTrue(!leader.dump().includes(credential), "credential logged");

    const token = async (...args: string[]) => {
      const r = await katAgent([
        "token",
        "create",
        "--katconfig",
        katconfig,
        ...args,
      ]);
      assertEquals(r.code, 0, r.err);
      return joinLine(r.out);
    };
    const joinArgs = (
      line: { leader: string; token: string; hash: string },
      name: string,
      address: string,
      dataDir = name,
    ) => [
      "--leader",
      line.leader,
      "--token",
      line.token,
      "--ca-cert-hash",
      line.hash,
      "--node-name",
      name,
      "--data-dir",
      `${dir}/${dataDir}`,
      "--advertise-address",
      address,
    ];
    const join = (args: string[]) => {
      const a = Agent.start(args, { command: "join" });
      agents.push(a);
      return a;
    };
    /** A join that must fail: its `join.failed` line. */
    const refusedJoin = async (args: string[]) => {
      const a = join(args);
      const failed = await a.waitFor("join.failed");
      assertEquals((await a.exit()).code, 1);
      return [failed.code, failed.msg];
    };
    const api = Deno.createHttpClient({
      caCerts: [await Deno.readTextFile(`${dir}/n1/pki/ca.crt`)],
    });
    const nodes = async (): Promise<NodeView[]> => {
      const r = await fetch(`https://127.0.0.1:${apiPort}/v1alpha1/nodes`, {
        client: api,
        headers: { authorization: `Bearer ${credential}` },
      });
      return (await r.json()).items;
    };
    const nodeNamed = async (name: string) =>
      (await nodes()).find((n) => n.metadata.name === name);

    try {
      const line = await token();
      assertEquals(line.leader, `https://127.0.0.1:${apiPort}`);
      // One after the other, so that the subnets come in that order.
      const n2 = join(joinArgs(line, "node-2", "127.0.0.2"));
      await n2.waitFor("node.reporting", { ms: 30_000 });
      const n3 = join(joinArgs(line, "node-3", "127.0.0.3"));
      await n3.waitFor("node.reporting", { ms: 30_000 });

      // Every certificate chains to the one CA; the CA is on every node.
      for (const n of ["n1", "node-2", "node-3"]) {
        const v = await run("openssl", [
          "verify",
          "-CAfile",
          `${dir}/n1/pki/ca.crt`,
          `${dir}/${n}/pki/node.crt`,
        ]);
        assertEquals(v.code, 0, v.err);
        assertEquals(
          await Deno.readTextFile(`${dir}/${n}/pki/ca.crt`),
          await Deno.readTextFile(`${dir}/n1/pki/ca.crt`),
        );
        assertEquals(
          (await Deno.stat(`${dir}/${n}/pki/node.key`)).mode! & 0o777,
          0o600,
        );
      }
      // The second and third node run etcd members: their certificates
      // serve (a client node's does not, below).
      const usage = async (n: string) =>
        (await certificateLines(
          `${dir}/${n}/pki/node.crt`,
          "extendedKeyUsage",
        ))[0];
      const serves =
        "TLS Web Server Authentication, TLS Web Client Authentication";
      assertEquals(
        [await usage("n1"), await usage("node-2"), await usage("node-3")],
        [serves, serves, serves],
      );
      // etcd's peer port takes members' certificates only.
      const peerPort = /etcdPeerPort: (\d+)/.exec(
        await Deno.readTextFile(`${dir}/cluster.kat`),
      )![1];
      const members = (n: string) =>
        peerStatus(
          `https://127.0.0.1:${peerPort}`,
          `${dir}/n1`,
          `${dir}/${n}`,
        );
      assertEquals([await members("n1"), await members("node-2")], [
        "200",
        "200",
      ]);
      const holdsCaKey = (n: string) =>
        Deno.stat(`${dir}/${n}/pki/ca.key`).then(
          () => "there",
          () => "absent",
        );
      // The members hold the CA's key.
      assertEquals(
        [await holdsCaKey("node-2"), await holdsCaKey("node-3")],
        ["there", "there"],
      );

      // All three Ready, with distinct subnets, through katcall.
      let listed: NodeView[] = [];
      for (let i = 0; i < 50; i++) {
        listed = await nodes();
        if (listed.length === 3 && listed.every((n) => ready(n) === "True")) {
          break;
        }
        await sleep(200);
      }
      assertEquals(listed.map((n) => [n.metadata.name, ready(n)]), [
        ["node-1", "True"],
        ["node-2", "True"],
        ["node-3", "True"],
      ]);
      assertEquals(
        listed.map((n) => [n.spec.overlaySubnet, n.spec.advertiseAddress]),
        [
          ["10.244.0.0/23", "127.0.0.1"],
          ["10.244.2.0/23", "127.0.0.2"],
          ["10.244.4.0/23", "127.0.0.3"],
        ],
      );
      const json = await katcall([
        "get",
        "nodes",
        "-o",
        "json",
        "--katconfig",
        katconfig,
      ]);
      assertEquals(json.code, 0, json.err);
      const items = JSON.parse(json.out).items as NodeView[];
      assertEquals(items.map((n) => n.metadata.name), [
        "node-1",
        "node-2",
        "node-3",
      ]);
      assertTrue(items.every((n) => n.metadata.uid && n.status?.capacity?.cpu));
      const one = await katcall([
        "get",
        "node",
        "node-2",
        "-o",
        "yaml",
        "--katconfig",
        katconfig,
      ]);
      assertEquals(one.code, 0, one.err);
      assertIncludes(one.out, "kind: Node\n");
      assertIncludes(one.out, "  overlaySubnet: 10.244.2.0/23\n");
      const table = await katcall(["get", "nodes", "--katconfig", katconfig]);
      assertEquals(table.code, 0, table.err);
      const rows = table.out.trimEnd().split("\n").map((l) => l.split(/ {2,}/));
      assertEquals(rows[0], [
        "NAME",
        "STATUS",
        "ROLE",
        "SUBNET",
        "ADDRESS",
        "AGE",
        "LAST HEARTBEAT",
      ]);
      assertEquals(rows.slice(1).map((r) => r.slice(0, 5)), [
        ["node-1", "Ready", "leader", "10.244.0.0/23", "127.0.0.1"],
        ["node-2", "Ready", "member", "10.244.2.0/23", "127.0.0.2"],
        ["node-3", "Ready", "member", "10.244.4.0/23", "127.0.0.3"],
      ]);

      const { endpoint } = await leader.waitFor("etcd.started");
      // The README's read-back, with the init node's certificate.
      const config = await run("bash", [
        "-c",
        `etcdctl --endpoints=${endpoint} --cacert=${dir}/n1/pki/ca.crt --cert=${dir}/n1/pki/node.crt --key=${dir}/n1/pki/node.key get /kat/registry/nodes/node-2 --print-value-only | head -c -1 | protoc --decode kat.v1alpha1.Node -I proto proto/kat/v1alpha1/kat.proto`,
      ], new URL("../../", import.meta.url).pathname);
      assertEquals(config.code, 0, config.err);
      assertIncludes(config.out, 'overlay_subnet: "10.244.2.0/23"');

      // Refusals: nothing is registered by any of them.
      const wrongHash = { ...line, hash: `sha256:${"0".repeat(64)}` };
      const [caCode, caMsg] = await refusedJoin(
        joinArgs(wrongHash, "node-4", "127.0.0.4"),
      );
      assertEquals(caCode, "join.ca_mismatch");
      assertIncludes(
        caMsg as string,
        `presents no CA with hash sha256:${"0".repeat(64)}`,
      );
      assertEquals(
        await refusedJoin(
          joinArgs(
            { ...line, token: "abcdef.0123456789abcdef" },
            "node-4",
            "127.0.0.4",
          ),
        ),
        [
          "join.refused",
          'the leader refused the join: token "abcdef" is unknown or its secret is wrong; make a new one with kat-agent token create',
        ],
      );
      const shortLived = await token("--ttl", "1s");
      await sleep(1500);
      const [expiredCode, expiredMsg] = await refusedJoin(
        joinArgs(shortLived, "node-4", "127.0.0.4"),
      );
      assertEquals(expiredCode, "join.refused");
      assertIncludes(expiredMsg as string, "expired at");
      const once = await token("--single-use");
      const n4 = join(joinArgs(once, "node-4", "127.0.0.4"));
      await n4.waitFor("node.reporting", { ms: 30_000 });
      // A client node (the fourth): its certificate cannot serve, etcd's
      // peer port refuses it, it holds no CA key, and it writes its own keys
      // only.
      assertEquals(await usage("node-4"), "TLS Web Client Authentication");
      assertEquals(await members("node-4"), "000");
      assertEquals(await holdsCaKey("node-4"), "absent");
      const etcdctlAs = (n: string, ...args: string[]) =>
        run("etcdctl", [
          `--endpoints=${endpoint}`,
          `--cacert=${dir}/${n}/pki/ca.crt`,
          `--cert=${dir}/${n}/pki/node.crt`,
          `--key=${dir}/${n}/pki/node.key`,
          "--command-timeout=3s",
          ...args,
        ]);
      const put = async (n: string, key: string) => {
        const r = await etcdctlAs(n, "put", key, "x");
        return r.code === 0 ? "ok" : r.err.trim().split("\n").at(-1);
      };
      assertEquals(
        [
          await put("node-4", "/kat/nodes/node-4/probe"),
          await put("node-4", "/kat/nodes/node-5/probe"),
          await put("node-4", "/kat/cluster/config"),
          await put("node-4", "/kat/registry/nodes/node-4"),
        ],
        [
          "ok",
          "Error: etcdserver: permission denied",
          "Error: etcdserver: permission denied",
          "Error: etcdserver: permission denied",
        ],
      );
      const [usedCode, usedMsg] = await refusedJoin(
        joinArgs(once, "node-5", "127.0.0.5"),
      );
      assertEquals(usedCode, "join.refused");
      assertIncludes(usedMsg as string, "was for a single join and was used");
      // Another key asking for a registered name.
      assertEquals(
        await refusedJoin(
          joinArgs(line, "node-2", "127.0.0.6", "impostor"),
        ),
        [
          "join.refused",
          'the leader refused the join: the node name "node-2" belongs to another registered node (another key); choose another name, or delete that node first (katcall delete node node-2)',
        ],
      );
      assertEquals((await nodes()).map((n) => n.metadata.name), [
        "node-1",
        "node-2",
        "node-3",
        "node-4",
      ]);

      // CSRs the leader will not sign, sent by hand.
      const postJoin = async (
        name: string,
        csr: string,
        address = "127.0.0.9",
        token = line.token,
      ) => {
        const r = await fetch(`https://127.0.0.1:${apiPort}/v1alpha1/join`, {
          method: "POST",
          client: api,
          headers: { authorization: `Bearer ${token}` },
          body: JSON.stringify({
            nodeName: name,
            csr,
            advertiseAddress: address,
          }),
        });
        const body = await r.json();
        return [r.status, body.error?.code ?? body.node?.spec?.overlaySubnet];
      };
      const otherName = await createNodeKeyAndCsr({
        nodeName: "node-1",
        addresses: ["127.0.0.9"],
      });
      assertEquals(await postJoin("node-9", otherName.csrPem), [
        400,
        "pki.name_mismatch",
      ]);
      const caCsr = await run("bash", [
        "-c",
        "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -subj /CN=node-9 -addext basicConstraints=critical,CA:true 2>/dev/null",
      ]);
      assertEquals(await postJoin("node-9", caCsr.out), [
        400,
        "pki.ca_requested",
      ]);
      // Credentials: none, not the administrator's, a malformed token.
      const status = async (
        path: string,
        init: RequestInit & { auth?: string } = {},
      ) => {
        const r = await fetch(`https://127.0.0.1:${apiPort}${path}`, {
          ...init,
          client: api,
          headers: init.auth ? { authorization: init.auth } : {},
        });
        return [r.status, (await r.json()).error?.code];
      };
      assertEquals(
        [
          await status("/v1alpha1/nodes"),
          await status("/v1alpha1/nodes", { auth: `Bearer ${line.token}` }),
          await status("/v1alpha1/nodes/node-2", {
            method: "DELETE",
            auth: "Bearer kat-0000",
          }),
          await status("/v1alpha1/tokens", {
            method: "POST",
            auth: `Bearer ${line.token}`,
          }),
          await status("/v1alpha1/join", {
            method: "POST",
            auth: "Bearer not-a-token",
          }),
          await status("/v1alpha1/join", { method: "POST" }),
          await status("/v1alpha1/nodes", {
            method: "PUT",
            auth: `Bearer ${credential}`,
          }),
          await status("/v1alpha1/elsewhere", { auth: `Bearer ${credential}` }),
          await status("/v1alpha1/nodes/%E0%A4%A", {
            auth: `Bearer ${credential}`,
          }),
        ],
        [
          [401, "auth.missing"],
          [401, "auth.invalid"],
          [401, "auth.invalid"],
          [401, "auth.invalid"],
          [401, "token.malformed"],
          [401, "auth.missing"],
          [405, "request.method"],
          [404, "request.not_found"],
          [400, "request.invalid"],
        ],
      );
      assertEquals(
        (await nodes()).map((n) => n.metadata.name).includes("node-2"),
        true,
      );
      // An address another node has; a single-use token survives refused
      // joins and is used up by the one that happens.
      const onceMore = await token("--single-use");
      const taken = await createNodeKeyAndCsr({
        nodeName: "node-8",
        addresses: ["127.0.0.2"],
      });
      assertEquals(
        await postJoin("node-8", taken.csrPem, "127.0.0.2", onceMore.token),
        [409, "node.address_taken"],
      );
      assertEquals(
        await postJoin("node-2", otherName.csrPem, "127.0.0.9", onceMore.token),
        [400, "pki.name_mismatch"],
      );
      const fresh = await createNodeKeyAndCsr({
        nodeName: "node-8",
        addresses: ["127.0.0.8"],
      });
      assertEquals(
        await postJoin("node-8", fresh.csrPem, "127.0.0.8", onceMore.token),
        [200, "10.244.8.0/23"],
      );
      assertEquals(
        await postJoin("node-7", fresh.csrPem, "127.0.0.7", onceMore.token),
        [401, "token.used"],
      );
      assertEquals(
        await katcall(["delete", "node", "node-8", "--katconfig", katconfig])
          .then((r) => r.code),
        0,
      );
      // Concurrent joins get distinct subnets.
      const names = ["c-1", "c-2", "c-3", "c-4", "c-5", "c-6"];
      const csrs = await Promise.all(
        names.map((n, i) =>
          createNodeKeyAndCsr({ nodeName: n, addresses: [`127.0.1.${i}`] })
        ),
      );
      const joined = await Promise.all(
        names.map((n, i) => postJoin(n, csrs[i].csrPem, `127.0.1.${i}`)),
      );
      assertTrue(
        joined.every(([status]) => status === 200),
        `${joined}\n${leader.dump()}`,
      );
      assertEquals(new Set(joined.map(([, subnet]) => subnet)).size, 6);
      for (const n of names) {
        const r = await katcall([
          "delete",
          "node",
          n,
          "--katconfig",
          katconfig,
        ]);
        assertEquals([r.code, r.out], [0, `node/${n} deleted\n`]);
      }

      // A killed node turns NotReady within the timeout + 2 s, and Ready
      // when it comes back (resuming from its data directory).
      n3.signal("SIGKILL");
      const killed = performance.now();
      while ((ready((await nodeNamed("node-3"))!)) !== "False") {
        assertTrue(
          performance.now() - killed < (LOSS + 2) * 1000,
          "node-3 still Ready",
        );
        await sleep(100);
      }
      const back = join(joinArgs(line, "node-3", "127.0.0.3"));
      await back.waitFor("join.resumed");
      await back.waitFor("node.reporting");
      for (let i = 0; ready((await nodeNamed("node-3"))!) !== "True"; i++) {
        assertTrue(i < 50, "node-3 not Ready again");
        await sleep(100);
      }

      // SIGTERM: exit 0, NotReady after the timeout, not deleted.
      n4.signal("SIGTERM");
      assertEquals((await n4.exit()).code, 0, n4.dump());
      const termed = performance.now();
      while (ready((await nodeNamed("node-4"))!) !== "False") {
        assertTrue(performance.now() - termed < (LOSS + 2) * 1000);
        await sleep(100);
      }
      assertTrue(performance.now() - termed > (LOSS - 1.5) * 1000);
      // Started again for another address: refused, saying how to join anew.
      const [movedCode, movedMsg] = await refusedJoin(
        joinArgs(line, "node-4", "127.0.0.44"),
      );
      assertEquals(movedCode, "join.identity");
      assertIncludes(
        movedMsg as string,
        "this node joined with the advertise address 127.0.0.4, which its certificate names, not 127.0.0.44",
      );

      // Delete: the identity goes first, the subnet is free again.
      const del = await katcall([
        "delete",
        "node",
        "node-2",
        "--katconfig",
        katconfig,
      ]);
      assertEquals([del.code, del.out, del.err], [
        0,
        "node/node-2 deleted\n",
        "",
      ]);
      const afterDelete = await put("node-2", "/kat/nodes/node-2/probe");
      assertTrue(afterDelete !== "ok", "a deleted node's certificate works");
      // node-2 runs an etcd member: told to leave, it stopped its etcd at
      // once, before the leader removed the member, so that etcd never
      // stopped gracefully (saying goodbye to its clients).
      await n2.waitFor("node.leaving", { ms: 10_000 });
      await n2.waitFor("node.removed", { ms: 10_000 });
      assertEquals((await n2.exit()).code, 1);
      assertEquals(
        (await Deno.readTextFile(`${dir}/node-2/etcd.log`)).includes(
          "permanently removed",
        ),
        false,
      );
      assertEquals(
        (await nodes()).map((n) => n.metadata.name),
        ["node-1", "node-3", "node-4"],
      );
      assertEquals(
        await katcall(["delete", "node", "node-1", "--katconfig", katconfig])
          .then((r) => [r.code, r.err]),
        [
          1,
          `katcall delete node/node-1: https://127.0.0.1:${apiPort} answered 409 node.is_leader: node node-1 leads the cluster and cannot be removed\n`,
        ],
      );

      // A node that joins again with the key it has keeps name and subnet
      // (node-4, stopped above; with two etcd members left, it becomes the
      // third).
      const before = (await nodeNamed("node-4"))!;
      await Deno.remove(`${dir}/node-4/pki/node.crt`);
      await Deno.remove(`${dir}/node-4/join.json`);
      const rejoined = join(joinArgs(line, "node-4", "127.0.0.4"));
      await rejoined.waitFor("join.joined", { ms: 30_000 });
      const after = (await nodeNamed("node-4"))!;
      assertEquals(
        [after.metadata.uid, after.spec.overlaySubnet],
        [before.metadata.uid, before.spec.overlaySubnet],
      );
    } finally {
      api.close();
    }
  });
});
