import { assertEquals } from "../assert.ts";
import {
  ETCD_QUORUM_LOST,
  loadEtcdLibrary,
  toStateStoreError,
} from "../../src/state/etcd_client.ts";

const { etcd3 } = await loadEtcdLibrary();

/** `[reason, message, quorumLost]` of `e` turned into a StateStoreError. */
function classify(e: Error): [string, string, boolean] {
  const error = toStateStoreError(e, "put /k");
  return [error.reason, error.message, error.quorumLost];
}

// The messages are those etcd 3.4 and etcd3 1.1.2 give (tests/state/etcd_quorum_test.ts
// meets the first with a real cluster).

Deno.test("a member without a leader means etcd has lost its quorum, to be retried", () => {
  assertEquals(
    classify(
      new etcd3.GRPCUnavailableError("14 UNAVAILABLE: etcdserver: no leader"),
    ),
    [
      "unavailable",
      `put /k: ${ETCD_QUORUM_LOST} (etcdserver: no leader)`,
      true,
    ],
  );
  assertEquals(
    ETCD_QUORUM_LOST,
    "etcd has lost its quorum: fewer than a majority of its members are running or reachable, so nothing can be written until enough of them are back",
  );
});

Deno.test("a request that timed out because the member lost its connection to the others means a lost quorum", () => {
  assertEquals(
    classify(
      new etcd3.GRPCUnavailableError(
        "14 UNAVAILABLE: etcdserver: request timed out, possibly due to connection lost",
      ),
    ),
    [
      "unavailable",
      `put /k: ${ETCD_QUORUM_LOST} (etcdserver: request timed out, possibly due to connection lost)`,
      true,
    ],
  );
});

Deno.test("other timeouts, elections and unreachable endpoints keep their own words", () => {
  const cases: [Error, string][] = [
    [
      new etcd3.GRPCUnavailableError(
        "14 UNAVAILABLE: etcdserver: request timed out",
      ),
      "put /k: 14 UNAVAILABLE: etcdserver: request timed out",
    ],
    [
      new etcd3.GRPCUnavailableError(
        "14 UNAVAILABLE: etcdserver: request timed out, possibly due to previous leader failure",
      ),
      "put /k: 14 UNAVAILABLE: etcdserver: request timed out, possibly due to previous leader failure",
    ],
    [
      new etcd3.GRPCUnavailableError(
        "14 UNAVAILABLE: etcdserver: leader changed",
      ),
      "put /k: 14 UNAVAILABLE: etcdserver: leader changed",
    ],
    [
      new etcd3.GRPCDeadlineExceededError(
        "4 DEADLINE_EXCEEDED: Deadline exceeded after 3.001s,name resolution: 0.001s,LB pick: 0.002s,remote_addr=127.0.0.1:46333",
      ),
      "put /k: 4 DEADLINE_EXCEEDED: Deadline exceeded after 3.001s,name resolution: 0.001s,LB pick: 0.002s,remote_addr=127.0.0.1:46333",
    ],
    [
      new etcd3.GRPCUnavailableError(
        "14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:43651. Resolution note: ",
      ),
      "put /k: 14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:43651. Resolution note: ",
    ],
  ];
  for (const [e, message] of cases) {
    assertEquals(classify(e), ["unavailable", message, false]);
  }
});
