import { assertEquals, assertRejects } from "../assert.ts";
import { ApiClient } from "../../src/client/api_client.ts";
import { ApiError } from "../../src/client/api_error.ts";
import type { Katconfig } from "../../src/katconfig/katconfig.ts";
import { QuadletInvalidError } from "../../src/client/quadlet_invalid_error.ts";
import { packQuadlets, untarQuadlets } from "../../src/archive/mod.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { served } from "./resource_fixtures.ts";
import {
  closedPort,
  CREDENTIAL,
  FakeApi,
  NODES,
  testPki,
} from "./api_server.ts";

async function config(
  servers: string[],
  change: Partial<Katconfig> = {},
): Promise<Katconfig> {
  return {
    cluster: "homelab",
    servers,
    caCertificate: (await testPki()).ca,
    credential: CREDENTIAL,
    ...change,
  };
}

/** Runs `fn` with a client of `servers`, closing it after. */
async function withClient<T>(
  servers: string[],
  fn: (client: ApiClient) => Promise<T>,
  change: Partial<Katconfig> = {},
  timeoutMs?: number,
): Promise<T> {
  const client = new ApiClient(await config(servers, change), { timeoutMs });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

/** The error `fn` rejects with, as plain fields. */
async function failure(fn: () => Promise<unknown>) {
  const e = await assertRejects(fn, ApiError);
  return { status: e.status, code: e.code, message: e.message };
}

Deno.test("the client lists, gets and deletes nodes and creates tokens, with the credential as a bearer", async () => {
  const api = await FakeApi.start();
  try {
    await withClient([api.url], async (client) => {
      assertEquals(await client.listNodes(), {
        items: NODES,
        leader: "node-1",
        members: ["node-1", "node-2"],
      });
      assertEquals(await client.getNode("node-2"), {
        node: NODES[1],
        leader: "node-1",
        members: ["node-1", "node-2"],
      });
      assertEquals(await client.deleteNode("node-2"), "node-2");
      assertEquals(
        await client.createToken({ ttlMs: 1_800_000, singleUse: true }),
        {
          token: "abcdef.0123456789abcdef",
          expiresAt: "2026-12-05T12:30:00.000Z",
          singleUse: true,
          joinCommand:
            `kat-agent join --leader https://10.0.0.1:9115 --token abcdef.0123456789abcdef --ca-cert-hash sha256:${
              "0f".repeat(32)
            }`,
        },
      );
      assertEquals((await client.createToken()).singleUse, false);
    });
    assertEquals(
      api.seen.map((r) => [r.method, r.path, r.authorization, r.body]),
      [
        ["GET", "/v1alpha1/nodes", `Bearer ${CREDENTIAL}`, ""],
        ["GET", "/v1alpha1/nodes/node-2", `Bearer ${CREDENTIAL}`, ""],
        ["DELETE", "/v1alpha1/nodes/node-2", `Bearer ${CREDENTIAL}`, ""],
        [
          "POST",
          "/v1alpha1/tokens",
          `Bearer ${CREDENTIAL}`,
          '{"ttlMs":1800000,"singleUse":true}',
        ],
        ["POST", "/v1alpha1/tokens", `Bearer ${CREDENTIAL}`, "{}"],
      ],
    );
    assertEquals(api.seen[3].contentType, "application/json");
  } finally {
    await api.stop();
  }
});

Deno.test("a refusal is an ApiError with the server's status, code and message, and the server named", async () => {
  const api = await FakeApi.start();
  try {
    const wrong = `kat-${"00".repeat(32)}`;
    assertEquals(
      await withClient([api.url], (c) => failure(() => c.listNodes()), {
        credential: wrong,
      }),
      {
        status: 401,
        code: "auth.invalid",
        message:
          `${api.url} answered 401 auth.invalid: the credential is not the administrator's`,
      },
    );
    await withClient([api.url], async (client) => {
      assertEquals(await failure(() => client.getNode("nope")), {
        status: 404,
        code: "node.not_found",
        message: `${api.url} answered 404 node.not_found: no node named nope`,
      });
      assertEquals(await failure(() => client.deleteNode("node-1")), {
        status: 409,
        code: "node.is_leader",
        message:
          `${api.url} answered 409 node.is_leader: node-1 leads the cluster: it cannot be deleted`,
      });
      // A name is one path segment, whatever it holds.
      await failure(() => client.getNode("a/../b"));
      assertEquals(api.seen.at(-1)!.path, "/v1alpha1/nodes/a%2F..%2Fb");
    });
  } finally {
    await api.stop();
  }
});

Deno.test("a server whose certificate another CA signed is refused, and no credential is sent to it", async () => {
  const api = await FakeApi.start({ certificate: "stranger" });
  try {
    assertEquals(
      await withClient([api.url], (c) => failure(() => c.listNodes())),
      {
        status: 0,
        code: "client.tls",
        message:
          `${api.url}: its certificate is not signed by the cluster CA of the katconfig`,
      },
    );
    assertEquals(api.seen, []);
  } finally {
    await api.stop();
  }
});

Deno.test("servers are tried in order past those that cannot be reached", async () => {
  const api = await FakeApi.start();
  const closed = `https://127.0.0.1:${closedPort()}`;
  try {
    assertEquals(
      await withClient([closed], (c) => failure(() => c.listNodes())),
      {
        status: 0,
        code: "client.unreachable",
        message: `${closed}: connection refused`,
      },
    );
    assertEquals(
      (await withClient([closed, api.url], (c) => c.listNodes())).leader,
      "node-1",
    );
    const closed2 = `https://127.0.0.1:${closedPort()}`;
    assertEquals(
      await withClient([closed, closed2], (c) => failure(() => c.listNodes())),
      {
        status: 0,
        code: "client.unreachable",
        message:
          `no server answered: ${closed}: connection refused; ${closed2}: connection refused`,
      },
    );
  } finally {
    await api.stop();
  }
});

Deno.test("a server that is not the leader is passed over, and named with the leader when none answers", async () => {
  const follower = await FakeApi.start({ notLeader: "node-1" });
  const leader = await FakeApi.start();
  try {
    assertEquals(
      (await withClient([follower.url, leader.url], (c) => c.listNodes()))
        .items.length,
      3,
    );
    const e = await withClient(
      [follower.url],
      (c) => assertRejects(() => c.listNodes(), ApiError),
    );
    assertEquals([e.status, e.code, e.leader, e.message], [
      503,
      "leader.not_leader",
      "node-1",
      `${follower.url} is not the leader (the leader is node-1): this node does not lead the cluster`,
    ]);
  } finally {
    await follower.stop();
    await leader.stop();
  }
});

Deno.test("an answer that is not the API's JSON is a bad answer; a silent server times out", async () => {
  const html = await FakeApi.start({ html: true });
  const silent = await FakeApi.start({ silent: true });
  try {
    assertEquals(
      await withClient([html.url], (c) => failure(() => c.listNodes())),
      {
        status: 502,
        code: "client.bad_answer",
        message:
          `${html.url} answered 502 with a body that is not JSON: is it the KAT API?`,
      },
    );
    assertEquals(
      await withClient(
        [silent.url],
        (c) => failure(() => c.listNodes()),
        {},
        300,
      ),
      {
        status: 0,
        code: "client.timeout",
        message: `${silent.url}: no answer within 0.3s`,
      },
    );
  } finally {
    await html.stop();
    await silent.stop();
  }
});

Deno.test("no message of the client holds the credential", async () => {
  const api = await FakeApi.start({ certificate: "stranger" });
  const closed = `https://127.0.0.1:${closedPort()}`;
  try {
    for (const servers of [[api.url], [closed], [closed, api.url]]) {
      const e = await withClient(
        servers,
        (c) => assertRejects(() => c.listNodes(), ApiError),
      );
      assertEquals(e.message.includes(CREDENTIAL.slice(4)), false);
    }
  } finally {
    await api.stop();
  }
});

Deno.test("a CA certificate that TLS cannot use is an ApiError when the client is made", async () => {
  const der = new Uint8Array(80);
  der.set([0x30, 0x4e]);
  const pem =
    `-----BEGIN CERTIFICATE-----\n${der.toBase64()}\n-----END CERTIFICATE-----\n`;
  const e = await assertRejects(
    () =>
      config(["https://127.0.0.1:1"], { caCertificate: pem }).then((c) =>
        new ApiClient(c)
      ),
    ApiError,
  );
  assertEquals([e.code, e.message], [
    "client.tls",
    "the katconfig's caCertificate is not a certificate TLS can use (BadEncoding)",
  ]);
});

Deno.test("the client applies quadlets and lists, gets and deletes namespaces and namespaced resources", async () => {
  const api = await FakeApi.start();
  try {
    await withClient([api.url], async (client) => {
      const archive = await packQuadlets({
        "namespace.kat":
          "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata:\n  name: team-a\n",
      });
      assertEquals(await client.applyQuadlet(archive, "team\u00e9\n.tgz"), [
        {
          kind: "Namespace",
          name: "team-a",
          outcome: "created",
          resourceVersion: "200",
        },
      ]);
      // Bytes as they are; a name outside printable ASCII escaped.
      assertEquals(api.seen[0].bytes, archive);
      assertEquals(api.seen[0].archiveName, "team\\u00e9\\u000a.tgz");
      assertEquals(await client.listNamespaces(), served("Namespace"));
      assertEquals(await client.getNamespace("shop"), served("Namespace")[1]);
      assertEquals(await client.deleteNamespace("shop"), "namespace/shop");
      assertEquals(
        await client.listResources("workloads", { all: true }),
        served("Workload"),
      );
      assertEquals(
        await client.listResources("virtualloadbalancers", {
          namespace: "shop",
        }),
        served("VirtualLoadBalancer", "shop"),
      );
      assertEquals(
        await client.getResource("jobdefinitions", "default", "nightly-backup"),
        served("JobDefinition")[0],
      );
      assertEquals(
        await client.deleteResource("builddefinitions", "shop", "api"),
        "builddefinition/api",
      );
      assertEquals(api.seen.map((s) => `${s.method} ${s.path}`).slice(1), [
        "GET /v1alpha1/namespaces",
        "GET /v1alpha1/namespaces/shop",
        "DELETE /v1alpha1/namespaces/shop",
        "GET /v1alpha1/workloads",
        "GET /v1alpha1/namespaces/shop/virtualloadbalancers",
        "GET /v1alpha1/namespaces/default/jobdefinitions/nightly-backup",
        "DELETE /v1alpha1/namespaces/shop/builddefinitions/api",
      ]);
    });
  } finally {
    await api.stop();
  }
});

Deno.test("a 422 quadlet.invalid is a QuadletInvalidError with the leader's diagnostics", async () => {
  const api = await FakeApi.start();
  try {
    await withClient([api.url], async (client) => {
      const archive = await packQuadlets({
        "workload.kat": "apiVersion: kat.dws.rip/v1alpha1\nkind: Workload\n",
      });
      const e = await assertRejects(
        () => client.applyQuadlet(archive, "web.tar.gz"),
        QuadletInvalidError,
      );
      assertEquals([e.status, e.code, e.message], [
        422,
        "quadlet.invalid",
        `${api.url} answered 422 quadlet.invalid: web.tar.gz is not a valid quadlet`,
      ]);
      assertEquals(e instanceof ApiError, true);
      const validated = await untarQuadlets(new Blob([archive]).stream());
      assertEquals(
        e.diagnostics,
        parseQuadlet(validated, { prefix: "web.tar.gz:", name: "web.tar.gz" })
          .diagnostics,
      );
    });
  } finally {
    await api.stop();
  }
});

/** A server of the cluster CA that answers every request with `status` and `body`. */
async function answering(
  status: number,
  body: unknown,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const { dir } = await testPki();
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(`${dir}/server.crt`),
    key: await Deno.readTextFile(`${dir}/server.key`),
    onListen() {},
  }, async (request) => {
    await request.arrayBuffer();
    return new Response(JSON.stringify(body), { status });
  });
  try {
    await fn(`https://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("answers that are not the resources' are bad answers", async () => {
  const cases: [number, unknown, (c: ApiClient) => Promise<unknown>, string][] =
    [
      [
        422,
        { error: { code: "quadlet.invalid", message: "m" } },
        (c) => c.applyQuadlet(new Uint8Array([0x1f, 0x8b]), "a.tgz"),
        "422 quadlet.invalid without its diagnostics",
      ],
      [
        422,
        {
          error: {
            code: "quadlet.invalid",
            message: "m",
            diagnostics: [{ severity: "fatal" }],
          },
        },
        (c) => c.applyQuadlet(new Uint8Array([0x1f, 0x8b]), "a.tgz"),
        "422 quadlet.invalid with unreadable diagnostics",
      ],
      [
        200,
        { resources: [{ kind: "Workload", name: "web", outcome: "made" }] },
        (c) => c.applyQuadlet(new Uint8Array([0x1f, 0x8b]), "a.tgz"),
        "an apply outcome that is not kind, name and created, configured, unchanged or deleted",
      ],
      [
        200,
        { items: [NODES[0]] },
        (c) => c.listResources("workloads", { namespace: "default" }),
        "something that is not a Workload",
      ],
      [
        200,
        { kind: "Workload", metadata: { name: "web" }, spec: { nope: 1 } },
        (c) => c.getResource("workloads", "default", "web"),
        'a Workload that does not fit the proto (spec.nope: WorkloadSpec has no field "nope")',
      ],
      [
        200,
        { gone: "x" },
        (c) => c.deleteNamespace("x"),
        "a deletion answer without deleted",
      ],
    ];
  for (const [status, body, call, what] of cases) {
    await answering(status, body, async (url) => {
      await withClient([url], async (client) => {
        assertEquals(await failure(() => call(client)), {
          status,
          code: "client.bad_answer",
          message: `${url} answered ${what}: is it the KAT API?`,
        });
      });
    });
  }
});
