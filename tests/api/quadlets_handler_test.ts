import { registerNode } from "../../src/nodes/registry.ts";
import { assertEquals, assertTrue } from "../assert.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { compressedBudget, DEFAULT_LIMITS } from "../../src/archive/limits.ts";
import type { TxnRequest, TxnResult } from "../../src/state/state_store.ts";
import { tempDir } from "../helpers.ts";
import { BarrierStore } from "../resources/store_helpers.ts";
import {
  exampleArchive,
  exampleQuadlets,
  type Json,
  rawPost,
  readAnswer,
  storedResources,
  type TestApi,
  withApi,
} from "./api_fixture.ts";

/** The body of an answer, with its status. */
async function answer(r: Response): Promise<{ status: number; body: Json }> {
  return { status: r.status, body: await r.json() };
}

/** What each resource of an apply's answer became: `Kind/name outcome`. */
function outcomes(body: Json): string[] {
  return body.resources.map((r: Json) => `${r.kind}/${r.name} ${r.outcome}`);
}

/** The web-service example with `replicas` changed. */
function webWithReplicas(n: number) {
  return exampleArchive("web-service", (files) => {
    const text = files.get("workload.kat")!;
    files.set("workload.kat", text.replace("replicas: 3", `replicas: ${n}`));
  });
}

/** A store whose writes, once armed, wait until two have arrived. */
class ArmedBarrier extends BarrierStore {
  armed = false;
  override txn(request: TxnRequest): Promise<TxnResult> {
    return this.armed ? super.txn(request) : this.inner.txn(request);
  }
}

async function applyShop(api: TestApi) {
  const r = await api.apply(await exampleArchive("team-namespace"));
  assertEquals(r.status, 200, await r.clone().text());
  await r.body?.cancel();
}

Deno.test("every example quadlet is created, then unchanged", async () => {
  await withApi(async (api) => {
    const names = await exampleQuadlets();
    assertEquals(names, [
      "team-namespace",
      "git-app",
      "nightly-backup",
      "web-service",
    ]);
    const seen: string[] = [];
    for (const name of names) {
      const { status, body } = await answer(
        await api.apply(await exampleArchive(name)),
      );
      assertEquals(status, 200, JSON.stringify(body));
      seen.push(...outcomes(body));
      for (const r of body.resources) {
        assertEquals(Object.keys(r), [
          "kind",
          ...(r.kind === "Namespace" ? [] : ["namespace"]),
          "name",
          "outcome",
          "resourceVersion",
        ]);
        assertTrue(/^[1-9][0-9]*$/.test(r.resourceVersion));
      }
    }
    // In the order of the archive's files (sorted by name).
    assertEquals(seen, [
      "Namespace/shop created",
      "BuildDefinition/api created",
      "VirtualLoadBalancer/api created",
      "Workload/api created",
      "JobDefinition/nightly-backup created",
      "Workload/nightly-backup created",
      "VirtualLoadBalancer/web created",
      "Workload/web created",
    ]);
    const before = await storedResources(api.store);
    const again: string[] = [];
    for (const name of names) {
      const { status, body } = await answer(
        await api.apply(await exampleArchive(name)),
      );
      assertEquals(status, 200);
      again.push(...outcomes(body));
    }
    assertEquals(again, seen.map((s) => s.replace("created", "unchanged")));
    assertEquals(await storedResources(api.store), before);
  });
});

Deno.test("a changed spec is configured (generation 2); a resource left out is deleted", async () => {
  await withApi(async (api) => {
    await applyShop(api);
    assertEquals(
      outcomes((await answer(await api.apply(await webWithReplicas(3)))).body),
      [
        "VirtualLoadBalancer/web created",
        "Workload/web created",
      ],
    );
    const changed = await answer(await api.apply(await webWithReplicas(5)));
    assertEquals(outcomes(changed.body), [
      "VirtualLoadBalancer/web unchanged",
      "Workload/web configured",
    ]);
    const web = await api.get("/v1alpha1/namespaces/shop/workloads/web");
    assertEquals(web.status, 200);
    assertEquals(web.body.spec.replicas, 5);
    assertEquals(web.body.metadata.generation, "2");
    assertEquals(
      web.body.metadata.resourceVersion,
      changed.body.resources[1].resourceVersion,
    );
    const without = await answer(
      await api.apply(
        await exampleArchive("web-service", (f) => {
          f.set(
            "workload.kat",
            f.get("workload.kat")!.replace("replicas: 3", "replicas: 5"),
          );
          f.delete("VirtualLoadBalancer.kat");
        }),
      ),
    );
    assertEquals(without.status, 200);
    assertEquals(outcomes(without.body), [
      "Workload/web unchanged",
      "VirtualLoadBalancer/web deleted",
    ]);
    assertEquals(
      (await api.get("/v1alpha1/namespaces/shop/virtualloadbalancers/web"))
        .status,
      404,
    );
  });
});

/** What `katcall validate --format json FILE` prints, parsed, and its exit code. */
async function validateJson(
  file: string,
): Promise<{ code: number; report: Json }> {
  const io = memoryIo();
  const code = await runKatcall(["validate", "--format", "json", file], io);
  return { code, report: JSON.parse(io.outText()) };
}

Deno.test("an invalid quadlet is 422 quadlet.invalid with the diagnostics katcall validate prints", async () => {
  await withApi(async (api) => {
    await applyShop(api);
    const dir = await tempDir("api-invalid");
    const archive = await exampleArchive("web-service", (f) => {
      f.set(
        "workload.kat",
        f.get("workload.kat")!.replace("replicas: 3", "replicas: -1"),
      );
      f.set("notes.txt", "not a manifest\n");
    });
    const file = `${dir}/web.tar.gz`;
    await Deno.writeFile(file, archive);
    const validated = await validateJson(file);
    assertEquals(validated.code, 1);
    assertEquals(validated.report.valid, false);
    const { status, body } = await answer(
      await api.apply(archive, { "kat-archive-name": file }),
    );
    assertEquals(status, 422);
    assertEquals(body.error.code, "quadlet.invalid");
    assertEquals(body.error.message, `${file} is not a valid quadlet: 1 error`);
    assertEquals(body.error.diagnostics, validated.report.diagnostics);
    assertEquals(
      body.error.diagnostics.map((d: Json) =>
        `${d.severity} ${d.file} ${d.path}`
      ),
      [
        `warning ${file}:notes.txt `,
        `error ${file}:workload.kat spec.replicas`,
      ],
    );
    assertEquals(
      Object.keys(await storedResources(api.store)),
      ["/kat/resources/namespaces/default", "/kat/resources/namespaces/shop"],
    );
    // Without the header, the archive is quadlet.tar.gz.
    const unnamed = await answer(await api.apply(archive));
    assertEquals(
      unnamed.body.error.diagnostics.map((d: Json) => d.file),
      validated.report.diagnostics.map((d: Json) =>
        d.file.replace(file, "quadlet.tar.gz")
      ),
    );
  });
});

Deno.test("warnings alone do not refuse a quadlet", async () => {
  await withApi(async (api) => {
    await applyShop(api);
    const { status, body } = await answer(
      await api.apply(
        await exampleArchive("web-service", (f) => f.set("notes.txt", "x\n")),
      ),
    );
    assertEquals(status, 200, JSON.stringify(body));
    assertEquals(outcomes(body), [
      "VirtualLoadBalancer/web created",
      "Workload/web created",
    ]);
  });
});

Deno.test("a quadlet of a namespace that does not exist is 404 resources.namespace_missing", async () => {
  await withApi(async (api) => {
    const { status, body } = await answer(
      await api.apply(await exampleArchive("web-service")),
    );
    assertEquals([status, body.error.code], [
      404,
      "resources.namespace_missing",
    ]);
    assertEquals(
      body.error.message,
      'namespace "shop" does not exist: apply its Namespace first',
    );
  });
});

Deno.test("no credential or a wrong one is 401, and nothing is applied", async () => {
  await withApi(async (api) => {
    const archive = await exampleArchive("team-namespace");
    const none = await answer(
      await api.request("POST", "/v1alpha1/quadlets", {
        body: archive,
        credential: null,
      }),
    );
    assertEquals([none.status, none.body.error.code], [401, "auth.missing"]);
    const wrong = await answer(
      await api.request("POST", "/v1alpha1/quadlets", {
        body: archive,
        credential: "kat-wrong",
      }),
    );
    assertEquals([wrong.status, wrong.body.error.code], [401, "auth.invalid"]);
    for (
      const path of [
        "/v1alpha1/namespaces",
        "/v1alpha1/namespaces/default",
        "/v1alpha1/workloads",
      ]
    ) {
      const r = await answer(
        await api.request("GET", path, { credential: null }),
      );
      assertEquals([path, r.status, r.body.error.code], [
        path,
        401,
        "auth.missing",
      ]);
    }
    assertEquals(Object.keys(await storedResources(api.store)), [
      "/kat/resources/namespaces/default",
    ]);
  });
});

Deno.test("a node that does not lead answers 503 leader.not_leader, naming the leader", async () => {
  await withApi(async (api) => {
    api.leading = false;
    const r = await answer(
      await api.apply(await exampleArchive("team-namespace")),
    );
    assertEquals(r.status, 503);
    assertEquals(r.body.error, {
      code: "leader.not_leader",
      message: "node node-1 does not lead the cluster; node-2 does",
      leader: "node-2",
    });
    for (
      const [method, path] of [
        ["GET", "/v1alpha1/namespaces"],
        ["GET", "/v1alpha1/namespaces/default"],
        ["DELETE", "/v1alpha1/namespaces/default"],
        ["GET", "/v1alpha1/workloads"],
        ["GET", "/v1alpha1/namespaces/default/workloads/web"],
      ]
    ) {
      const g = await answer(await api.request(method, path));
      assertEquals([path, g.status, g.body.error.code], [
        path,
        503,
        "leader.not_leader",
      ]);
    }
    assertEquals(Object.keys(await storedResources(api.store)), [
      "/kat/resources/namespaces/default",
    ]);
    // A registered leader: where its API is, on the cluster's API port.
    await registerNode(api.store, {
      name: "node-2",
      advertiseAddress: "10.0.0.2",
      publicKeySha256: "b".repeat(64),
      clusterCidr: "10.244.0.0/16",
      nodeSubnetBits: 7,
    });
    const g = await answer(await api.request("GET", "/v1alpha1/namespaces"));
    assertEquals(
      g.body.error.message,
      `node node-1 does not lead the cluster; node-2 does, at https://10.0.0.2:${
        new URL(api.url).port
      }`,
    );
  });
});

Deno.test("two applies that read the same versions: one 200, one 409 resources.conflict, no lost update", async () => {
  let barrier: ArmedBarrier | undefined;
  await withApi(async (api) => {
    await applyShop(api);
    await (await api.apply(await webWithReplicas(3))).body?.cancel();
    // From here, the API's writes wait until two have arrived.
    barrier!.armed = true;
    const [a, b] = await Promise.all(
      [4, 5].map(async (n) =>
        await answer(await api.apply(await webWithReplicas(n)))
      ),
    );
    const statuses = [a.status, b.status].sort();
    assertEquals(statuses, [200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    assertEquals(lost.body.error.code, "resources.conflict");
    const web = await api.get("/v1alpha1/namespaces/shop/workloads/web");
    assertEquals(web.body.metadata.generation, "2");
    assertEquals(web.body.spec.replicas, won === a ? 4 : 5);
  }, { wrap: (store) => (barrier = new ArmedBarrier(store, 2)) });
});

Deno.test("two concurrent applies of one quadlet never lose an update", async () => {
  await withApi(async (api) => {
    await applyShop(api);
    await (await api.apply(await webWithReplicas(3))).body?.cancel();
    const results = await Promise.all(
      [4, 5].map(async (n) => ({
        n,
        ...await answer(await api.apply(await webWithReplicas(n))),
      })),
    );
    const ok = results.filter((r) => r.status === 200);
    for (const r of results) {
      if (r.status !== 200) {
        assertEquals([r.status, r.body.error.code], [
          409,
          "resources.conflict",
        ]);
      }
    }
    assertTrue(ok.length >= 1);
    const web = await api.get("/v1alpha1/namespaces/shop/workloads/web");
    // Each apply that succeeded configured the Workload once.
    assertEquals(web.body.metadata.generation, String(1 + ok.length));
    const last = ok.sort((x, y) =>
      Number(x.body.resources[1].resourceVersion) -
      Number(y.body.resources[1].resourceVersion)
    ).at(-1)!;
    assertEquals(web.body.spec.replicas, last.n);
  });
});

Deno.test("a body announced over the archive budget is 413 request.too_large before it is read", async () => {
  await withApi(async (api) => {
    const budget = compressedBudget(DEFAULT_LIMITS);
    // Only the head and two bytes are sent: the answer cannot wait for more.
    const conn = await rawPost(api, budget + 1, new Uint8Array([0x1f, 0x8b]));
    const text = await readAnswer(conn);
    conn.close();
    assertTrue(text.startsWith("HTTP/1.1 413 "), text);
    assertTrue(text.includes('"code": "request.too_large"'), text);
  });
});
