import { assertEquals, assertRejects } from "../assert.ts";
import { ApiClient } from "../../src/client/api_client.ts";
import { ApiError } from "../../src/client/api_error.ts";
import {
  CREDENTIAL,
  FakeApi,
  type FakeApiOptions,
  testPki,
} from "./api_server.ts";

/** Runs `fn` with a client of `servers`; resolves to what it gave and learned. */
async function withClient<T>(
  servers: string[],
  fn: (client: ApiClient) => Promise<T>,
): Promise<{ value: T; learned: string[] | undefined }> {
  const client = new ApiClient({
    cluster: "homelab",
    servers,
    caCertificate: (await testPki()).ca,
    credential: CREDENTIAL,
  });
  try {
    return { value: await fn(client), learned: client.learnedServers };
  } finally {
    client.close();
  }
}

/** The error `fn` rejects with, as plain fields. */
async function failure(fn: () => Promise<unknown>) {
  const e = await assertRejects(fn, ApiError);
  return [e.status, e.code, e.leader, e.leaderUrl, e.message];
}

/** Starts the servers, runs `fn`, stops them however it ends. */
async function withApis(
  options: FakeApiOptions[],
  fn: (apis: FakeApi[]) => Promise<void>,
): Promise<void> {
  const apis: FakeApi[] = [];
  try {
    for (const o of options) apis.push(await FakeApi.start(o));
    await fn(apis);
  } finally {
    for (const api of apis) await api.stop();
  }
}

const bearer = `Bearer ${CREDENTIAL}`;

Deno.test("a follower's leaderUrl that the katconfig does not name is asked next, with the credential", async () => {
  const leader = await FakeApi.start();
  const follower = await FakeApi.start({
    notLeader: "node-1",
    leaderUrl: leader.url,
  });
  try {
    const { value } = await withClient([follower.url], (c) => c.listNodes());
    assertEquals(value.leader, "node-1");
    assertEquals(
      [...follower.seen, ...leader.seen].map((r) => [r.path, r.authorization]),
      [["/v1alpha1/nodes", bearer], ["/v1alpha1/nodes", bearer]],
    );
  } finally {
    await follower.stop();
    await leader.stop();
  }
});

Deno.test("a leaderUrl already tried or still to try is not asked again; it is asked once per request", async () => {
  const leader = await FakeApi.start();
  const follower = await FakeApi.start({
    notLeader: "node-1",
    leaderUrl: leader.url,
  });
  try {
    // Still to try: asked once, in its turn.
    await withClient([follower.url, leader.url], (c) => c.listNodes());
    assertEquals([follower.seen.length, leader.seen.length], [1, 1]);
    // Written otherwise (an upper-case scheme): still the same server.
    await withClient(
      [follower.url, leader.url.replace("https", "HTTPS")],
      (c) => c.listNodes(),
    );
    assertEquals([follower.seen.length, leader.seen.length], [2, 2]);
  } finally {
    await follower.stop();
    await leader.stop();
  }
  // A follower naming itself, and a chain of followers: one redirect only.
  const third = await FakeApi.start();
  const second = await FakeApi.start({
    notLeader: "node-3",
    leaderUrl: third.url,
  });
  const first = await FakeApi.start({
    notLeader: "node-2",
    leaderUrl: second.url,
  });
  try {
    assertEquals(
      await withClient([first.url], (c) => failure(() => c.listNodes()))
        .then((r) => r.value),
      [
        503,
        "leader.not_leader",
        "node-2",
        second.url,
        `${first.url} is not the leader (the leader is node-2): this node does not lead the cluster`,
      ],
    );
    assertEquals(
      [first.seen.length, second.seen.length, third.seen.length],
      [1, 1, 0],
    );
  } finally {
    await first.stop();
    await second.stop();
    await third.stop();
  }
});

Deno.test("a leaderUrl that is not https://HOST:PORT is not asked", async () => {
  const leader = await FakeApi.start();
  try {
    const port = new URL(leader.url).port;
    for (
      const leaderUrl of [
        `http://127.0.0.1:${port}`,
        `${leader.url}/v1alpha1`,
        `https://user@127.0.0.1:${port}`,
        "not a url",
      ]
    ) {
      const follower = await FakeApi.start({ notLeader: "node-1", leaderUrl });
      try {
        const { value } = await withClient(
          [follower.url],
          (c) => failure(() => c.listNodes()),
        );
        assertEquals([leaderUrl, value[1]], [leaderUrl, "leader.not_leader"]);
      } finally {
        await follower.stop();
      }
    }
    assertEquals(leader.seen.length, 0);
  } finally {
    await leader.stop();
  }
});

Deno.test("a leaderUrl whose certificate another CA signed gets no credential", async () => {
  const stranger = await FakeApi.start({ certificate: "stranger" });
  const follower = await FakeApi.start({
    notLeader: "node-1",
    leaderUrl: stranger.url,
  });
  try {
    const { value } = await withClient(
      [follower.url],
      (c) => failure(() => c.listNodes()),
    );
    assertEquals(value.slice(0, 4), [
      503,
      "leader.not_leader",
      "node-1",
      stranger.url,
    ]);
    assertEquals(stranger.seen, []);
  } finally {
    await follower.stop();
    await stranger.stop();
  }
});

Deno.test("learnedServers: undefined until an answer carries kat-api-servers, then what the last one said", async () => {
  await withApis([{}], async ([plain]) => {
    const { learned } = await withClient([plain.url], (c) => c.listNodes());
    assertEquals(learned, undefined);
  });
  const header =
    " https://10.0.0.1:9115,http://10.0.0.9:9115,https://10.0.0.2:9115/x,https://10.0.0.1:9115,https://Node-3:443,";
  await withApis([{ apiServers: header }], async ([api]) => {
    const { learned } = await withClient([api.url], (c) => c.listNodes());
    assertEquals(learned, ["https://10.0.0.1:9115", "https://node-3"]);
    // A refusal's answer counts as well.
    const refused = await withClient(
      [api.url],
      (c) => failure(() => c.getNode("node-404")),
    );
    assertEquals(refused.value[1], "node.not_found");
    assertEquals(refused.learned, ["https://10.0.0.1:9115", "https://node-3"]);
  });
  // A follower's 503 said one thing, the leader's answer another: the last.
  await withApis(
    [{ apiServers: "https://10.0.0.2:9115" }],
    async ([leader]) => {
      await withApis([{
        notLeader: "node-2",
        leaderUrl: leader.url,
        apiServers: "https://10.0.0.1:9115",
      }, { notLeader: "node-2", apiServers: "https://10.0.0.3:9115" }], async (
        [follower, lone],
      ) => {
        const { learned } = await withClient(
          [follower.url],
          (c) => c.listNodes(),
        );
        assertEquals(learned, ["https://10.0.0.2:9115"]);
        const alone = await withClient(
          [lone.url],
          (c) => failure(() => c.listNodes()),
        );
        assertEquals(alone.learned, ["https://10.0.0.3:9115"]);
      });
    },
  );
  // At most 16, and an empty header is an empty list.
  const many = Array.from(
    { length: 20 },
    (_, i) => `https://10.0.0.${i + 1}:9115`,
  );
  await withApis([{ apiServers: many.join(",") }, { apiServers: "" }], async (
    [api, empty],
  ) => {
    const { learned } = await withClient([api.url], (c) => c.listNodes());
    assertEquals(learned, many.slice(0, 16));
    const none = await withClient([empty.url], (c) => c.listNodes());
    assertEquals(none.learned, []);
  });
});
