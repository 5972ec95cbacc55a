import { assertEquals, assertRejects } from "../assert.ts";
import { ApiClient } from "../../src/client/api_client.ts";
import { ApiError } from "../../src/client/api_error.ts";
import type { Katconfig } from "../../src/katconfig/katconfig.ts";
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
      });
      assertEquals(await client.getNode("node-2"), {
        node: NODES[1],
        leader: "node-1",
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
