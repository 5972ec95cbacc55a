import { assertEquals } from "../assert.ts";
import {
  exampleArchive,
  exampleQuadlets,
  type Json,
  storedResources,
  type TestApi,
  withApi,
} from "./api_fixture.ts";

/** Applies every example quadlet. */
async function applyExamples(api: TestApi) {
  for (const name of await exampleQuadlets()) {
    const r = await api.apply(await exampleArchive(name));
    assertEquals(r.status, 200, await r.clone().text());
    await r.body?.cancel();
  }
}

/** `namespace/name` of each item of a list. */
function names(body: Json): string[] {
  return body.items.map((r: Json) =>
    r.metadata.namespace === undefined
      ? r.metadata.name
      : `${r.metadata.namespace}/${r.metadata.name}`
  );
}

async function call(api: TestApi, method: string, path: string) {
  const r = await api.request(method, path);
  return { status: r.status, body: await r.json() };
}

Deno.test("GET lists namespaces and kinds, of one namespace or all, sorted", async () => {
  await withApi(async (api) => {
    await applyExamples(api);
    const namespaces = await api.get("/v1alpha1/namespaces");
    assertEquals(namespaces.status, 200);
    assertEquals(names(namespaces.body), ["default", "shop"]);
    assertEquals(
      names((await api.get("/v1alpha1/workloads")).body),
      ["default/nightly-backup", "shop/api", "shop/web"],
    );
    assertEquals(
      names((await api.get("/v1alpha1/namespaces/shop/workloads")).body),
      ["shop/api", "shop/web"],
    );
    assertEquals(
      names((await api.get("/v1alpha1/virtualloadbalancers")).body),
      ["shop/api", "shop/web"],
    );
    assertEquals(
      names(
        (await api.get("/v1alpha1/namespaces/default/jobdefinitions")).body,
      ),
      ["default/nightly-backup"],
    );
    assertEquals(
      names((await api.get("/v1alpha1/builddefinitions")).body),
      ["shop/api"],
    );
    assertEquals(
      (await api.get("/v1alpha1/namespaces/default/builddefinitions")).body,
      { items: [] },
    );
  });
});

Deno.test("GET of one resource: the manifest with uid, generation, resourceVersion and creationTimestamp", async () => {
  await withApi(async (api) => {
    await applyExamples(api);
    const web = await api.get("/v1alpha1/namespaces/shop/workloads/web");
    assertEquals(web.status, 200);
    assertEquals([web.body.apiVersion, web.body.kind], [
      "kat.dws.rip/v1alpha1",
      "Workload",
    ]);
    const m = web.body.metadata;
    assertEquals([m.name, m.namespace, m.generation], ["web", "shop", "1"]);
    assertEquals(/^[0-9a-f-]{36}$/.test(m.uid), true);
    assertEquals(/^\d{4}-\d\d-\d\dT/.test(m.creationTimestamp), true);
    const stored = await storedResources(api.store);
    assertEquals(
      m.resourceVersion,
      String(stored["/kat/resources/workloads/shop/web"]),
    );
    assertEquals(web.body.spec.replicas, 3);
    const shop = await api.get("/v1alpha1/namespaces/shop");
    assertEquals([shop.status, shop.body.kind, shop.body.metadata.labels], [
      200,
      "Namespace",
      { team: "commerce" },
    ]);
    const job = await api.get(
      "/v1alpha1/namespaces/default/jobdefinitions/nightly-backup",
    );
    assertEquals([job.status, job.body.kind], [200, "JobDefinition"]);
  });
});

Deno.test("what does not exist is 404 resources.not_found; unknown paths 404 request.not_found", async () => {
  await withApi(async (api) => {
    for (
      const [path, code] of [
        ["/v1alpha1/namespaces/shop", "resources.not_found"],
        ["/v1alpha1/namespaces/default/workloads/web", "resources.not_found"],
        ["/v1alpha1/namespaces/default/pods", "request.not_found"],
        ["/v1alpha1/namespaces/default/namespaces", "request.not_found"],
        ["/v1alpha1/pods", "request.not_found"],
        ["/v1alpha1/namespaces/default/workloads/web/x", "request.not_found"],
        ["/v1alpha1/namespaces/", "request.not_found"],
      ]
    ) {
      const r = await call(api, "GET", path);
      assertEquals([path, r.status, r.body.error.code], [path, 404, code]);
    }
    const missing = await call(
      api,
      "DELETE",
      "/v1alpha1/namespaces/default/workloads/web",
    );
    assertEquals(missing.body.error, {
      code: "resources.not_found",
      message: 'no Workload named "web" in namespace "default"',
    });
  });
});

Deno.test("a name that is no DNS label is 400 request.invalid; a wrong method 405", async () => {
  await withApi(async (api) => {
    const bad = await call(
      api,
      "GET",
      "/v1alpha1/namespaces/default/workloads/Web_1",
    );
    assertEquals([bad.status, bad.body.error.code], [400, "request.invalid"]);
    const encoded = await call(api, "GET", "/v1alpha1/namespaces/%E0%A4%A");
    assertEquals([encoded.status, encoded.body.error.code], [
      400,
      "request.invalid",
    ]);
    for (
      const [method, path] of [
        ["DELETE", "/v1alpha1/workloads"],
        ["POST", "/v1alpha1/namespaces/default"],
        ["GET", "/v1alpha1/quadlets"],
        ["PUT", "/v1alpha1/namespaces/default/workloads/web"],
      ]
    ) {
      const r = await call(api, method, path);
      assertEquals([path, r.status, r.body.error.code], [
        path,
        405,
        "request.method",
      ]);
    }
  });
});

Deno.test("DELETE of a namespace that holds resources is 409; of a workload, its quadlet goes", async () => {
  await withApi(async (api) => {
    await applyExamples(api);
    const busy = await call(api, "DELETE", "/v1alpha1/namespaces/shop");
    assertEquals([busy.status, busy.body.error.code], [
      409,
      "resources.namespace_not_empty",
    ]);
    assertEquals((await api.get("/v1alpha1/namespaces/shop")).status, 200);
    const web = await call(
      api,
      "DELETE",
      "/v1alpha1/namespaces/shop/workloads/web",
    );
    assertEquals([web.status, web.body], [200, { deleted: "workload/web" }]);
    assertEquals(
      (await api.get("/v1alpha1/namespaces/shop/virtualloadbalancers/web"))
        .status,
      404,
    );
    const lb = await call(
      api,
      "DELETE",
      "/v1alpha1/namespaces/shop/virtualloadbalancers/api",
    );
    assertEquals([lb.status, lb.body], [200, {
      deleted: "virtualloadbalancer/api",
    }]);
    // The Workload of that quadlet stays.
    assertEquals(
      (await api.get("/v1alpha1/namespaces/shop/workloads/api")).status,
      200,
    );
    await call(api, "DELETE", "/v1alpha1/namespaces/shop/workloads/api");
    const empty = await call(api, "DELETE", "/v1alpha1/namespaces/shop");
    assertEquals([empty.status, empty.body], [200, {
      deleted: "namespace/shop",
    }]);
    assertEquals(Object.keys(await storedResources(api.store)), [
      "/kat/resources/jobdefinitions/default/nightly-backup",
      "/kat/resources/namespaces/default",
      "/kat/resources/workloads/default/nightly-backup",
    ]);
  });
});

Deno.test("the nodes' routes still answer beside the resources'", async () => {
  await withApi(async (api) => {
    const nodes = await api.get("/v1alpha1/nodes");
    assertEquals([nodes.status, nodes.body], [200, {
      items: [],
      leader: "node-1",
    }]);
    const node = await call(api, "GET", "/v1alpha1/nodes/node-9");
    assertEquals([node.status, node.body.error.code], [404, "node.not_found"]);
  });
});
