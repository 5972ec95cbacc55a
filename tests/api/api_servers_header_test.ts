import { assertEquals } from "../assert.ts";
import { apiServersHeader } from "../../src/api/api_servers_header.ts";
import type { ApiContext } from "../../src/api/api_context.ts";
import { registerNode } from "../../src/nodes/registry.ts";
import { withApi } from "./api_fixture.ts";

/** A context whose `apiServers()` is `servers` (or throws). */
function context(servers: () => readonly string[]): ApiContext {
  return { apiServers: servers } as unknown as ApiContext;
}

Deno.test("every answer carries kat-api-servers: a success, refusals and a 503 leader.not_leader", async () => {
  await withApi(async (api) => {
    const second = "https://10.0.0.2:9115";
    api.apiServers = [api.url, second];
    const expected = `${api.url},${second}`;
    const seen: [string, number, string | null][] = [];
    for (
      const [method, path, credential] of [
        ["GET", "/v1alpha1/ca", null],
        ["GET", "/v1alpha1/namespaces", undefined],
        ["GET", "/v1alpha1/namespaces", null],
        ["GET", "/v1alpha1/nowhere", undefined],
        ["PUT", "/v1alpha1/ca", null],
      ] as const
    ) {
      const r = await api.request(method, path, { credential });
      await r.body?.cancel();
      seen.push([path, r.status, r.headers.get("kat-api-servers")]);
    }
    api.leading = false;
    const r = await api.request("GET", "/v1alpha1/namespaces");
    await r.body?.cancel();
    seen.push(["not leading", r.status, r.headers.get("kat-api-servers")]);
    assertEquals(seen, [
      ["/v1alpha1/ca", 200, expected],
      ["/v1alpha1/namespaces", 200, expected],
      ["/v1alpha1/namespaces", 401, expected],
      ["/v1alpha1/nowhere", 404, expected],
      ["/v1alpha1/ca", 405, expected],
      ["not leading", 503, expected],
    ]);
  });
});

Deno.test("kat-api-servers is left out when the context knows no server", async () => {
  await withApi(async (api) => {
    api.apiServers = [];
    const ok = await api.request("GET", "/v1alpha1/ca", { credential: null });
    await ok.body?.cancel();
    api.leading = false;
    const refused = await api.request("GET", "/v1alpha1/namespaces");
    await refused.body?.cancel();
    assertEquals(
      [ok.status, ok.headers.has("kat-api-servers")],
      [200, false],
    );
    assertEquals(
      [refused.status, refused.headers.has("kat-api-servers")],
      [503, false],
    );
  });
});

Deno.test("the header's value: URLs joined by commas, without those a header cannot carry", () => {
  assertEquals(
    apiServersHeader(context(() => ["https://10.0.0.1:9115"])),
    "https://10.0.0.1:9115",
  );
  assertEquals(
    apiServersHeader(context(() => [
      "https://10.0.0.1:9115",
      "https://a b:1",
      "https://x:1,https://y:2",
      "https://10.0.0.2:9115\r\nx-evil: 1",
      "https://[fd00::3]:9115",
    ])),
    "https://10.0.0.1:9115,https://[fd00::3]:9115",
  );
  assertEquals(apiServersHeader(context(() => [])), undefined);
  assertEquals(apiServersHeader(context(() => ["\n"])), undefined);
  assertEquals(
    apiServersHeader(context(() => {
      throw new Error("not known");
    })),
    undefined,
  );
});

Deno.test("503 leader.not_leader names the leader and, when it is registered, its API's URL as leaderUrl", async () => {
  await withApi(async (api) => {
    api.leading = false;
    const before = await api.get("/v1alpha1/namespaces");
    assertEquals([before.status, before.body], [503, {
      error: {
        code: "leader.not_leader",
        message: "node node-1 does not lead the cluster; node-2 does",
        leader: "node-2",
      },
    }]);
    await registerNode(api.store, {
      name: "node-2",
      advertiseAddress: "10.0.0.2",
      publicKeySha256: "b".repeat(64),
      clusterCidr: "10.244.0.0/16",
      nodeSubnetBits: 7,
    });
    const port = new URL(api.url).port;
    const after = await api.get("/v1alpha1/namespaces");
    assertEquals([after.status, after.body], [503, {
      error: {
        code: "leader.not_leader",
        message:
          `node node-1 does not lead the cluster; node-2 does, at https://10.0.0.2:${port}`,
        leader: "node-2",
        leaderUrl: `https://10.0.0.2:${port}`,
      },
    }]);
    // Answering that it does not lead is no failure of the node's.
    assertEquals(api.logs.filter((l) => l.includes("api.failed")), []);
  });
});
