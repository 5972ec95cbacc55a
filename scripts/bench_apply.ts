/**
 * The apply benchmark of `deno task bench apply`: a one-node cluster started
 * for it (`kat-agent init` on free ports, TLS etcd), the web-service example
 * applied again and again, each set against a plain write of the same bytes
 * to the same etcd in the same run:
 *
 * - applies per second, end to end: `katcall apply examples/web-service`
 *   as a process, against `etcdctl put` of the packed archive as a process
 *   (for information: no goal);
 * - in process: the API client's apply, against the state store's `put` of
 *   the same bytes, per request.
 *
 * @module
 */
import { PERMISSIONS } from "../src/cli/permissions.ts";
import { packQuadlets } from "../src/archive/pack.ts";
import { ApiClient } from "../src/client/api_client.ts";
import { readKatconfig } from "../src/katconfig/mod.ts";
import { EtcdStateStore } from "../src/state/etcd_store.ts";
import { alternate } from "./bench_timing.ts";
import { freePort } from "../tests/state/etcd_fixture.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** One row of the benchmark table. */
export interface ApplyRow {
  name: string;
  measured: string;
  floor: string;
  ratio: number;
}

async function waitForFile(path: string, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    try {
      await Deno.stat(path);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${path} did not appear within ${ms} ms`);
}

async function run(cmd: string, args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    stdin: stdin ? "piped" : "null",
    stdout: "null",
    stderr: "piped",
    env: { ETCDCTL_API: "3", NO_COLOR: "1" },
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const out = await child.output();
  if (!out.success) {
    throw new Error(
      `failed: ${cmd} ${args.join(" ")}: ${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
}

/**
 * The apply rows, measured on a cluster started in `dir` and stopped after.
 *
 * @example
 * ```ts
 * import { applyRows } from "./bench_apply.ts";
 * for (const row of await applyRows(await Deno.makeTempDir())) console.log(row.name);
 * ```
 */
export async function applyRows(dir: string): Promise<ApplyRow[]> {
  const data = `${dir}/apply-node`;
  const config = `${dir}/apply-cluster.kat`;
  const client = freePort();
  await Deno.writeTextFile(
    config,
    [
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: ClusterConfiguration",
      "metadata:",
      "  name: bench",
      "spec:",
      "  clusterCIDR: 10.244.0.0/16",
      "  serviceCIDR: 10.96.0.0/12",
      `  etcdClientPort: ${client}`,
      `  etcdPeerPort: ${freePort()}`,
      `  apiPort: ${freePort()}`,
      "",
    ].join("\n"),
  );
  const agent = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...PERMISSIONS["kat-agent"],
      `${ROOT}main.ts`,
      "kat-agent",
      "init",
      "--config",
      config,
      "--data-dir",
      data,
      "--node-name",
      "bench",
      "--log-format",
      "json",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    const katconfigPath = `${data}/admin.katconfig`;
    await waitForFile(katconfigPath, 60_000);
    const katconfig = await readKatconfig(katconfigPath);
    const example = `${ROOT}examples/web-service`;
    const pack = async (dir: string) => {
      const files: Record<string, string> = {};
      for await (const e of Deno.readDir(dir)) {
        if (e.isFile) {
          files[e.name] = await Deno.readTextFile(`${dir}/${e.name}`);
        }
      }
      return await packQuadlets(files);
    };
    const archive = await pack(example);
    const namespace = await pack(`${ROOT}examples/team-namespace`);
    const api = new ApiClient(katconfig);
    const tls = {
      caCertificate: await Deno.readTextFile(`${data}/pki/ca.crt`),
      certificate: await Deno.readTextFile(`${data}/pki/node.crt`),
      privateKey: await Deno.readTextFile(`${data}/pki/node.key`),
      serverName: "bench",
    };
    const store = await EtcdStateStore.connect({
      endpoints: [`https://127.0.0.1:${client}`],
      tls,
    });
    // The example's namespace first; the leader may still be starting.
    for (let i = 0;; i++) {
      try {
        await api.applyQuadlet(namespace, "team-namespace.tar.gz");
        await api.applyQuadlet(archive, "web-service.tar.gz");
        break;
      } catch (e) {
        if (i > 50) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    try {
      const [apply, put] = await alternate(
        30,
        () => api.applyQuadlet(archive, "web-service.tar.gz"),
        () => store.put("/bench/web-service.tar.gz", archive),
      );
      const etcdctl = [
        `--endpoints=https://127.0.0.1:${client}`,
        `--cacert=${data}/pki/ca.crt`,
        `--cert=${data}/pki/node.crt`,
        `--key=${data}/pki/node.key`,
        "put",
        "/bench/web-service.tar.gz",
      ];
      const [katcall, ctl] = await alternate(
        5,
        () =>
          run(Deno.execPath(), [
            "run",
            "--quiet",
            ...PERMISSIONS.katcall,
            `${ROOT}src/cli/katcall_main.ts`,
            "apply",
            "--katconfig",
            katconfigPath,
            example,
          ]),
        () => run("etcdctl", etcdctl, archive),
      );
      return [
        {
          name:
            "apply web-service, in process (API client, HTTPS, one etcd txn)",
          measured: `${apply.toFixed(1)} ms (${(1000 / apply).toFixed(0)}/s)`,
          floor: `state store put of the same bytes ${put.toFixed(1)} ms`,
          ratio: apply / put,
        },
        {
          name:
            "applies per second: katcall apply of examples/web-service against a local one-node cluster vs etcdctl put of the same bytes",
          measured: `${(1000 / katcall).toFixed(1)}/s (${
            katcall.toFixed(0)
          } ms each)`,
          floor: `${(1000 / ctl).toFixed(1)}/s (${ctl.toFixed(0)} ms each)`,
          ratio: katcall / ctl,
        },
      ];
    } finally {
      api.close();
      await store.close();
    }
  } finally {
    try {
      agent.kill("SIGTERM");
    } catch {
      // already gone
    }
    await agent.status;
  }
}
