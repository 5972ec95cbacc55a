/**
 * The README's one-node cluster taking a quadlet: `kat-agent init`, then
 * `katcall apply examples/web-service`, `get` in all three forms, the stored
 * value read back with etcdctl and protoc, and the refusals of `delete`.
 *
 * @module
 */
import { assertEquals, assertIncludes, assertTrue } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { packQuadlets } from "../../src/archive/pack.ts";
import { freePort } from "../state/etcd_fixture.ts";
import { REPO, tempDir } from "../helpers.ts";
import { Agent, clusterKat, withAgents } from "./agent_process.ts";

/** `katcall ARGS` in-process. */
async function katcall(args: string[]) {
  const io = memoryIo();
  const code = await runKatcall(args, io);
  return { code, out: io.outText(), err: io.errText() };
}

async function sh(script: string) {
  const out = await new Deno.Command("bash", {
    args: ["-c", `set -o pipefail; ${script}`],
    cwd: REPO,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, out: text(out.stdout), err: text(out.stderr) };
}

Deno.test("a one-node cluster stores an applied quadlet with its metadata, serves it back and refuses what it must", async () => {
  await withAgents(async (dir, agents) => {
    await Deno.writeTextFile(
      `${dir}/cluster.kat`,
      clusterKat({ apiPort: freePort() }),
    );
    const leader = Agent.start([
      "--config",
      `${dir}/cluster.kat`,
      "--data-dir",
      `${dir}/n1`,
      "--node-name",
      "node-1",
    ]);
    agents.push(leader);
    await leader.waitFor("admin.katconfig-written", { ms: 30_000 });
    await leader.waitFor("namespace.created");
    const k = ["--katconfig", `${dir}/n1/admin.katconfig`];

    // Its namespace first: refused without it, nothing stored.
    const early = await katcall(["apply", ...k, `${REPO}examples/web-service`]);
    assertEquals([early.code, early.out], [1, ""]);
    assertIncludes(
      early.err,
      'answered 404 resources.namespace_missing: namespace "shop" does not exist',
    );
    const first = await katcall([
      "apply",
      ...k,
      `${REPO}examples/team-namespace`,
      `${REPO}examples/web-service`,
    ]);
    assertEquals([first.code, first.err], [0, ""]);
    assertEquals(
      first.out,
      // In the archive's order: pack sorts the file names.
      "namespace/shop created\nvirtualloadbalancer/web created\nworkload/web created\n",
    );
    const again = await katcall(["apply", ...k, `${REPO}examples/web-service`]);
    assertEquals(
      again.out,
      "virtualloadbalancer/web unchanged\nworkload/web unchanged\n",
    );

    // get: table, json, yaml; the yaml is a .kat file again but for its
    // system fields.
    const table = await katcall(["get", "workloads", "-n", "shop", ...k]);
    assertEquals(table.code, 0, table.err);
    assertEquals(
      table.out.split("\n")[0].split(/ {2,}/),
      ["NAME", "TYPE", "REPLICAS", "SOURCE", "GENERATION", "AGE"],
    );
    assertIncludes(table.out.split("\n")[1], "web");
    const json = await katcall([
      "get",
      "workload",
      "web",
      "-n",
      "shop",
      "-o",
      "json",
      ...k,
    ]);
    const web = JSON.parse(json.out);
    assertEquals(
      [
        web.kind,
        web.metadata.name,
        web.metadata.namespace,
        web.metadata.generation,
      ],
      ["Workload", "web", "shop", "1"],
    );
    assertTrue(/^[0-9a-f-]{36}$/.test(web.metadata.uid), web.metadata.uid);
    assertTrue(Number(web.metadata.resourceVersion) > 0);
    const yaml = await katcall(["get", "workloads", "-A", "-o", "yaml", ...k]);
    assertIncludes(yaml.out, "kind: Workload\n");
    const work = await tempDir("applied");
    const system = /^\s*(uid|generation|resourceVersion|creationTimestamp):/;
    const one = await katcall([
      "get",
      "workload",
      "web",
      "-n",
      "shop",
      "-o",
      "yaml",
      ...k,
    ]);
    await Deno.writeTextFile(
      `${work}/workload.kat`,
      one.out.split("\n").filter((l) => !system.test(l)).join("\n"),
    );
    const valid = await katcall(["validate", `${work}/workload.kat`]);
    assertEquals([valid.code, valid.out], [0, ""]);
    await Deno.remove(work, { recursive: true });

    // The stored value, as etcd holds it, read by protoc.
    const { endpoint } = await leader.waitFor("etcd.started");
    const read = await sh(
      `ETCDCTL_API=3 etcdctl --endpoints=${endpoint} --cacert=${dir}/n1/pki/ca.crt --cert=${dir}/n1/pki/node.crt --key=${dir}/n1/pki/node.key get /kat/resources/workloads/shop/web --print-value-only | head -c -1 | protoc --decode kat.v1alpha1.Workload -I proto proto/kat/v1alpha1/kat.proto`,
    );
    assertEquals(read.code, 0, read.err);
    assertIncludes(read.out, 'name: "web"');
    assertIncludes(read.out, `uid: "${web.metadata.uid}"`);

    // An invalid quadlet sent as an archive: the leader's diagnostics are
    // what validate prints for the same file; a hostile archive likewise.
    const bad = await tempDir("bad");
    const workload = (await Deno.readTextFile(
      `${REPO}examples/web-service/workload.kat`,
    )).replace(/replicas: \d+/, "replicas: -1");
    await Deno.writeFile(
      `${bad}/bad.tar.gz`,
      await packQuadlets({ "workload.kat": workload }),
    );
    await Deno.writeFile(
      `${bad}/notgz.tar.gz`,
      new TextEncoder().encode("not an archive"),
    );
    for (const name of ["bad.tar.gz", "notgz.tar.gz"]) {
      const applied = await katcall(["apply", ...k, `${bad}/${name}`]);
      const validated = await katcall(["validate", `${bad}/${name}`]);
      assertEquals(validated.code, 1);
      assertEquals([applied.code, applied.out], [1, ""]);
      assertEquals(applied.err, validated.out + validated.err);
    }
    await Deno.remove(bad, { recursive: true });
    const still = await katcall(["get", "workload", "web", "-n", "shop", ...k]);
    assertEquals(still.code, 0);

    // Refusals: a namespace that holds resources; without the credential.
    const ns = await katcall(["delete", "namespace", "shop", ...k]);
    assertEquals(ns.code, 1);
    assertIncludes(ns.err, "resources.namespace_not_empty");
    const deleted = await katcall([
      "delete",
      "workload",
      "web",
      "-n",
      "shop",
      ...k,
    ]);
    assertEquals([deleted.code, deleted.out], [0, "workload/web deleted\n"]);
    const gone = await katcall([
      "get",
      "virtualloadbalancers",
      "-o",
      "json",
      ...k,
    ]);
    assertEquals(JSON.parse(gone.out), { items: [] });
  });
});
