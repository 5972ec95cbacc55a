import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import { connectEtcd } from "../../src/state/etcd_client.ts";
import type { Etcd3 } from "../../src/state/etcd3.d.ts";
import { StateStoreError } from "../../src/state/state_store.ts";
import { StatusReporter } from "../../src/nodes/status_report.ts";
import { hostCapacity, memoryQuantity } from "../../src/nodes/capacity.ts";
import { NodeRegistryError } from "../../src/nodes/node_error.ts";
import { decodeNodeStatus } from "../../src/nodes/status_wire.ts";
import { sleep, type TestEtcd, withEtcd } from "../state/etcd_fixture.ts";
import { Buffer } from "node:buffer";

const KEY = "/kat/nodes/node-r/status";

/** The status key's report and lease id, or undefined when it is absent. */
async function statusOf(client: Etcd3) {
  const res = await client.kv.range({ key: Buffer.from(KEY) });
  const kv = res.kvs[0];
  return kv && {
    status: decodeNodeStatus(new Uint8Array(kv.value)),
    lease: kv.lease,
  };
}

/** Polls `check` every 100 ms until it is true; fails after `ms`. */
async function eventually(
  what: string,
  ms: number,
  check: () => Promise<boolean>,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return Date.now();
    await sleep(100);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

/** A clock that starts at 2030-01-01 and moves one second per call. */
function ticking() {
  let n = 0;
  return () => new Date(Date.UTC(2030, 0, 1, 0, 0, n++));
}

async function withClient(
  fn: (client: Etcd3, etcd: TestEtcd) => Promise<void>,
) {
  await withEtcd(async (etcd) => {
    const client = await connectEtcd({
      endpoints: [etcd.endpoint],
      callTimeoutMs: 1000,
    });
    try {
      await fn(client, etcd);
    } finally {
      client.close();
    }
  });
}

Deno.test("memory quantities: the largest binary unit that divides exactly", () => {
  assertEquals(
    [17179869184, 16314592256, 1048576, 3072, 1536, 1000, 0].map(
      memoryQuantity,
    ),
    ["16Gi", "15932219Ki", "1Mi", "3Ki", "1536", "1000", "0"],
  );
});

Deno.test("host capacity: the CPUs; memory only where the program may read it", async () => {
  const capacity = hostCapacity();
  assertEquals(capacity.cpu, String(navigator.hardwareConcurrency));
  const allowed =
    (await Deno.permissions.query({ name: "sys", kind: "systemMemoryInfo" }))
      .state === "granted";
  assertEquals(
    capacity.memory,
    allowed ? memoryQuantity(Deno.systemMemoryInfo().total) : undefined,
  );
});

Deno.test("bad options are refused before anything is written", async () => {
  const client = {} as Etcd3;
  const e = await assertRejects(
    () =>
      StatusReporter.start(client, {
        name: "Bad",
        tickSeconds: 1,
        ttlSeconds: 2,
      }),
    NodeRegistryError,
  );
  assertEquals(e.code, "node.invalid_name");
  const tick = await assertRejects(
    () =>
      StatusReporter.start(client, {
        name: "n",
        tickSeconds: 0,
        ttlSeconds: 2,
      }),
    RangeError,
  );
  assertEquals(tick.message, "tickSeconds must be more than 0, not 0");
  const ttl = await assertRejects(
    () =>
      StatusReporter.start(client, {
        name: "n",
        tickSeconds: 1,
        ttlSeconds: 1.5,
      }),
    RangeError,
  );
  assertEquals(
    ttl.message,
    "ttlSeconds must be a whole number of at least 1, not 1.5",
  );
});

Deno.test("status reports against a real etcd", async (t) => {
  await withClient(async (client, etcd) => {
    await t.step(
      "every tick a report on a lease; stop leaves it to expire after the TTL",
      async () => {
        const reporter = await StatusReporter.start(client, {
          name: "node-r",
          tickSeconds: 0.3,
          ttlSeconds: 2,
          capacity: () => ({ cpu: "4", memory: "16Gi" }),
          now: ticking(),
        });
        const first = (await statusOf(client))!;
        assertEquals(first.status, {
          capacity: { cpu: "4", memory: "16Gi" },
          lastHeartbeatTime: "2030-01-01T00:00:00Z",
        });
        assertTrue(first.lease !== "0", "the key is on a lease");
        await eventually(
          "a later heartbeat",
          3000,
          async () =>
            (await statusOf(client))!.status.lastHeartbeatTime !==
              "2030-01-01T00:00:00Z",
        );
        await reporter.reportNow();
        const latest = (await statusOf(client))!;
        assertEquals(latest.lease, first.lease);
        // Kept alive well past its TTL.
        await sleep(2500);
        assertEquals((await statusOf(client))?.lease, first.lease);
        await reporter.stop();
        const stoppedAt = Date.now();
        assertTrue(await statusOf(client), "not revoked on stop");
        const goneAt = await eventually(
          "the key expires",
          4000,
          async () => (await statusOf(client)) === undefined,
        );
        assertTrue(
          goneAt - stoppedAt >= 1000,
          `expired after ${goneAt - stoppedAt} ms`,
        );
      },
    );

    await t.step(
      "a lease lost (revoked by etcd) is replaced by a new one",
      async () => {
        const reporter = await StatusReporter.start(client, {
          name: "node-r",
          tickSeconds: 0.3,
          ttlSeconds: 5,
        });
        try {
          const old = (await statusOf(client))!.lease;
          await client.leaseClient.leaseRevoke({ ID: old });
          await eventually("a report on a new lease", 3000, async () => {
            const now = await statusOf(client);
            return now !== undefined && now.lease !== old;
          });
        } finally {
          await reporter.stop();
        }
      },
    );

    await t.step(
      "etcd unreachable: errors go to onError every tick; reporting resumes",
      async () => {
        const errors: unknown[] = [];
        const reporter = await StatusReporter.start(client, {
          name: "node-r",
          tickSeconds: 0.3,
          ttlSeconds: 3,
          onError: (e) => errors.push(e),
          now: ticking(),
        });
        try {
          await etcd.kill();
          await eventually(
            "two errors",
            8000,
            () => Promise.resolve(errors.length >= 2),
          );
          assertTrue(
            errors.every((e) =>
              e instanceof StateStoreError && e.code === "state.unavailable"
            ),
            String(errors),
          );
          await assertRejects(() => reporter.reportNow(), StateStoreError);
          await etcd.restart();
          const before = errors.length;
          await eventually("a report after etcd is back", 10_000, async () => {
            const now = await statusOf(client).catch(() => undefined);
            return now !== undefined &&
              now.status.lastHeartbeatTime !== "2030-01-01T00:00:00Z";
          });
          await sleep(1000);
          const after = errors.length;
          await sleep(1000);
          assertEquals(
            errors.length,
            after,
            `errors once back: ${before} → ${after}`,
          );
        } finally {
          await reporter.stop();
        }
      },
    );
  });
});
