import { assertEquals, assertRejects } from "../assert.ts";
import { joinCluster } from "../../src/join/join_cluster.ts";
import { JoinError } from "../../src/join/join_error.ts";
import { readJoinRecord } from "../../src/join/join_record.ts";
import { requestJoin } from "../../src/join/join_request.ts";
import { createNodeKeyAndCsr } from "../../src/pki/node_csr.ts";
import { tempDir } from "../helpers.ts";
import { withTwoApis } from "./two_apis.ts";

/** Joins `node-3` (10.0.0.3) through `url`. */
async function join(url: string, token: string, caHash: string) {
  const dataDir = await tempDir("join");
  const joined = await joinCluster({
    leader: new URL(url),
    token,
    caCertHash: caHash,
    nodeName: "node-3",
    dataDir,
    advertiseAddress: "10.0.0.3",
  });
  return { joined, dataDir };
}

Deno.test("a join through a member that does not lead is sent on to the leader it names; the record names the leader", async () => {
  await withTwoApis(async (apis) => {
    const { joined, dataDir } = await join(
      apis.followerUrl,
      apis.token,
      apis.caHash,
    );
    assertEquals(joined.outcome, "joined");
    assertEquals(joined.record.leader, apis.leaderUrl);
    assertEquals((await readJoinRecord(dataDir))?.leader, apis.leaderUrl);
    assertEquals(apis.granted, ["node-3"]);
    assertEquals(apis.events, {
      "node-1": ["node.joined"],
      "node-2": [],
    });
  });
});

Deno.test("a join through the leader goes there alone", async () => {
  await withTwoApis(async (apis) => {
    const { joined } = await join(apis.leaderUrl, apis.token, apis.caHash);
    assertEquals(joined.record.leader, apis.leaderUrl);
    assertEquals(apis.events, { "node-1": ["node.joined"], "node-2": [] });
  });
});

Deno.test("the token goes to the leader a member names only if the CA pinned at the member signed its certificate", async () => {
  await withTwoApis(async (apis) => {
    const e = await assertRejects(
      () => join(apis.followerUrl, apis.token, apis.caHash),
      JoinError,
    );
    assertEquals(e.code, "join.ca_mismatch");
    assertEquals(
      e.message.startsWith(
        `the leader at ${apis.leaderUrl} presents a certificate the pinned CA did not sign (`,
      ),
      true,
    );
    assertEquals(e.message.endsWith("); the token was not sent"), true);
    assertEquals(apis.granted, []);
    assertEquals(apis.events, { "node-1": [], "node-2": [] });
  }, { strangerAtLeader: true });
});

Deno.test("requestJoin alone: a member's 503 is join.refused with leader.not_leader and the leader's URL", async () => {
  await withTwoApis(async (apis) => {
    const { csrPem } = await createNodeKeyAndCsr({
      nodeName: "node-3",
      addresses: ["10.0.0.3"],
      dnsNames: ["node-3"],
    });
    const e = await assertRejects(
      () =>
        requestJoin(new URL(apis.followerUrl), apis.ca, apis.token, {
          nodeName: "node-3",
          advertiseAddress: "10.0.0.3",
          csr: csrPem,
        }),
      JoinError,
    );
    assertEquals([e.code, e.message, e.details], [
      "join.refused",
      `the leader refused the join: node node-2 does not lead the cluster; node-1 does, at ${apis.leaderUrl}`,
      { leaderCode: "leader.not_leader", leaderUrl: apis.leaderUrl },
    ]);
    assertEquals(apis.granted, []);
  });
});
