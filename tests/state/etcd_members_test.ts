import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import { connectEtcd } from "../../src/state/etcd_client.ts";
import {
  addLearner,
  type EtcdMember,
  listMembers,
  memberOfNode,
  promoteMember,
  removalProblem,
  removeMember,
  startedMembers,
} from "../../src/state/etcd_members.ts";
import { StateStoreError } from "../../src/state/state_store.ts";
import { withEtcdCluster } from "./etcd_cluster_fixture.ts";

function member(id: string, name: string, learner = false): EtcdMember {
  return {
    id,
    hexId: BigInt(id).toString(16),
    name,
    peerUrls: [`https://10.0.0.${id}:2380`],
    clientUrls: name ? [`https://10.0.0.${id}:2379`] : [],
    learner,
  };
}

const three = [member("1", "a"), member("2", "b"), member("3", "c")];

Deno.test("removalProblem: never the only voting member", () => {
  assertEquals(
    removalProblem([member("1", "a")], "1", new Set(["1"])),
    "it runs the cluster's only etcd member",
  );
  assertEquals(
    removalProblem(
      [member("1", "a"), member("2", "", true)],
      "1",
      new Set(["1", "2"]),
    ),
    "it runs the cluster's only etcd member",
  );
});

Deno.test("removalProblem: never when the members left could not write", () => {
  // c is down: removing a running member leaves a, c with one running.
  assertEquals(
    removalProblem(three, "2", new Set(["1", "2"])),
    "the 2 etcd members left would have 1 running, fewer than their quorum of 2: bring the stopped members back first",
  );
  // Removing the member that is down leaves two running: allowed.
  assertEquals(removalProblem(three, "3", new Set(["1", "2"])), undefined);
  // All running: any one may go.
  assertEquals(removalProblem(three, "1", new Set(["1", "2", "3"])), undefined);
  // Two members, both running: one may go (one left, its own quorum).
  assertEquals(
    removalProblem(three.slice(0, 2), "2", new Set(["1", "2"])),
    undefined,
  );
  // A learner does not vote: it may always go; an unknown id is no problem.
  assertEquals(
    removalProblem([...three, member("4", "", true)], "4", new Set()),
    undefined,
  );
  assertEquals(removalProblem(three, "9", new Set()), undefined);
});

Deno.test("memberOfNode: by its name, or by its peer URL before it started", () => {
  const unstarted = member("4", "", true);
  assertEquals(memberOfNode(three, "b")?.id, "2");
  assertEquals(
    memberOfNode([...three, unstarted], "d", "https://10.0.0.4:2380")?.id,
    "4",
  );
  assertEquals(memberOfNode(three, "d", "https://10.0.0.9:2380"), undefined);
  assertEquals(memberOfNode(three, "d"), undefined);
});

Deno.test("etcd's members: listed, a learner added, refused promotion, removed; which answer; no new member while one is down", async () => {
  await withEtcdCluster(async (cluster) => {
    const [m1, , m3] = cluster.members;
    const client = await connectEtcd({ endpoints: [m1.endpoint] });
    try {
      const members = await listMembers(client);
      assertEquals(members.map((m) => [m.name, m.learner]).sort(), [
        ["m1", false],
        ["m2", false],
        ["m3", false],
      ]);
      assertTrue(
        members.every((m) => BigInt(m.id).toString(16) === m.hexId),
        "hex ids",
      );
      assertEquals(
        (await startedMembers(members)).size,
        3,
      );
      // A learner for a node that never starts: listed without a name.
      // etcd takes a member only once every voting member has been
      // connected for five seconds.
      let learner: Awaited<ReturnType<typeof addLearner>> | undefined;
      for (let i = 0; learner === undefined; i++) {
        try {
          learner = await addLearner(client, "http://127.0.0.1:9");
        } catch (e) {
          assertTrue(i < 40 && /unhealthy cluster/.test(String(e)), String(e));
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      const { member: added, members: after } = learner;
      assertEquals([added.learner, added.name], [true, ""]);
      assertEquals(after.length, 4);
      assertEquals(
        memberOfNode(after, "m4", "http://127.0.0.1:9")?.id,
        added.id,
      );
      // It has not caught up: etcd refuses to promote it.
      const refused = await assertRejects(
        () => promoteMember(client, added.id),
        StateStoreError,
      );
      assertTrue(
        /promote etcd member [0-9a-f]+: .*(not in sync|learner)/.test(
          refused.message,
        ),
        refused.message,
      );
      await removeMember(client, added.id);
      assertEquals((await listMembers(client)).length, 3);
      await m3.kill();
      const started = await startedMembers(members, { timeoutMs: 1000 });
      assertEquals(
        members.filter((m) => started.has(m.id)).map((m) => m.name).sort(),
        ["m1", "m2"],
      );

      // With a voting member down, etcd takes no new member.
      const unhealthy = await assertRejects(
        () => addLearner(client, "http://127.0.0.1:9"),
        StateStoreError,
      );
      assertTrue(
        /unhealthy cluster/.test(unhealthy.message),
        unhealthy.message,
      );
    } finally {
      client.close();
    }
  });
});
