import { assertEquals, assertRejects, assertTrue } from "../assert.ts";
import type { Resource, Workload } from "../../src/gen/types.ts";
import { decodeBinary } from "../../src/encode/binary.ts";
import type { StateStore } from "../../src/state/state_store.ts";
import {
  applyQuadlet,
  ensureDefaultNamespace,
  getResource,
  ResourceStoreError,
} from "../../src/resources/mod.ts";
import {
  BarrierStore,
  clear,
  dump,
  example,
  withStore,
} from "./store_helpers.ts";

const T0 = new Date("2030-01-01T00:00:00.000Z");
const T1 = new Date("2030-01-02T00:00:00.000Z");
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const WEB = "/kat/resources/workloads/shop/web";
const WEB_VLB = "/kat/resources/virtualloadbalancers/shop/web";
const SHOP = "/kat/resources/namespaces/shop";
const SHOP_GUARD = "/kat/resource-guards/namespaces/shop";

/** The refusal of `fn`, as `[code, message]`. */
async function refusal(fn: () => Promise<unknown>) {
  const e = await assertRejects(fn, ResourceStoreError);
  return [e.code, e.message];
}

/** `resources` with the Workload's spec changed by `change`. */
function withWorkload(
  resources: Resource[],
  change: (w: Workload) => Workload,
): Resource[] {
  return resources.map((r) => r.kind === "Workload" ? change(r) : r);
}

/** The outcomes of an apply, as `Kind namespace/name outcome`. */
function outcomes(r: Awaited<ReturnType<typeof applyQuadlet>>): string[] {
  return r.resources.map((x) =>
    `${x.kind} ${x.namespace}/${x.name} ${x.outcome}`
  );
}

async function setUp(store: StateStore) {
  await clear(store);
  await applyQuadlet(store, await example("team-namespace"), { now: T0 });
}

Deno.test("applying quadlets against a real etcd", async (t) => {
  await withStore(async (store) => {
    const web = await example("web-service");

    await t.step(
      "a new quadlet is created: uid, creation time, generation 1",
      async () => {
        await setUp(store);
        const r = await applyQuadlet(store, web, { now: T0 });
        assertEquals(outcomes(r), [
          "VirtualLoadBalancer shop/web created",
          "Workload shop/web created",
        ]);
        const keys = await dump(store);
        assertEquals(Object.keys(keys), [SHOP_GUARD, SHOP, WEB_VLB, WEB]);
        assertEquals([keys[WEB], keys[WEB_VLB]], [r.revision, r.revision]);
        for (const x of r.resources) {
          const metadata = x.resource!.metadata!;
          assertTrue(UUID.test(metadata.uid!), metadata.uid);
          assertEquals(
            [
              metadata.generation,
              metadata.creationTimestamp,
              metadata.resourceVersion,
              x.resourceVersion,
            ],
            [
              "1",
              "2030-01-01T00:00:00Z",
              String(r.revision),
              String(r.revision),
            ],
          );
        }
        assertTrue(
          r.resources[0].resource!.metadata!.uid !==
            r.resources[1].resource!.metadata!.uid,
        );
        // Stored: the resource as returned, without resourceVersion.
        const stored = decodeBinary("Workload", (await store.get(WEB))!.value);
        const { resourceVersion: _, ...metadata } = r.resources[1].resource!
          .metadata!;
        assertEquals(
          stored,
          { ...r.resources[1].resource!, metadata } as Workload,
        );
        assertEquals(metadata.namespace, "shop");
        assertEquals(
          await getResource(store, "Workload", "shop", "web"),
          r.resources[1].resource,
        );
      },
    );

    await t.step(
      "the same quadlet again is unchanged: nothing written",
      async () => {
        const before = await dump(store);
        const first = (await getResource(store, "Workload", "shop", "web"))!;
        const r = await applyQuadlet(store, web, { now: T1 });
        assertEquals(outcomes(r), [
          "VirtualLoadBalancer shop/web unchanged",
          "Workload shop/web unchanged",
        ]);
        assertEquals(await dump(store), before);
        assertEquals(r.resources[1].resourceVersion, String(before[WEB]));
        assertEquals(r.resources[1].resource, first);
        // The revision is the store's: no write made a new one.
        assertEquals(r.revision, Math.max(...Object.values(before)));
      },
    );

    await t.step("map entries in another order are unchanged too", async () => {
      const reordered = withWorkload(web, (w) => ({
        ...w,
        metadata: {
          ...w.metadata,
          labels: Object.fromEntries(
            Object.entries(w.metadata!.labels!).reverse(),
          ),
        },
      }));
      const r = await applyQuadlet(store, reordered, { now: T1 });
      assertEquals(outcomes(r), [
        "VirtualLoadBalancer shop/web unchanged",
        "Workload shop/web unchanged",
      ]);
    });

    await t.step(
      "a changed spec is configured: generation 2, uid and creation time kept",
      async () => {
        const before = (await getResource(store, "Workload", "shop", "web"))!;
        const vlbBefore = await store.get(WEB_VLB);
        const changed = withWorkload(
          web,
          (w) => ({ ...w, spec: { ...w.spec, replicas: 5 } }),
        );
        const r = await applyQuadlet(store, changed, { now: T1 });
        assertEquals(outcomes(r), [
          "VirtualLoadBalancer shop/web unchanged",
          "Workload shop/web configured",
        ]);
        const after = (await getResource(store, "Workload", "shop", "web"))!;
        assertEquals(after.metadata, {
          ...before.metadata,
          generation: "2",
          resourceVersion: String(r.revision),
        });
        assertEquals(after.spec?.replicas, 5);
        assertEquals(r.resources[1].resource, after);
        assertEquals(await store.get(WEB_VLB), vlbBefore);
      },
    );

    await t.step(
      "a changed label is configured, the generation kept",
      async () => {
        const relabeled = withWorkload(web, (w) => ({
          ...w,
          metadata: { ...w.metadata, labels: { tier: "backend" } },
          spec: { ...w.spec, replicas: 5 },
        }));
        const r = await applyQuadlet(store, relabeled, { now: T1 });
        assertEquals(outcomes(r)[1], "Workload shop/web configured");
        const after = (await getResource(store, "Workload", "shop", "web"))!;
        assertEquals([after.metadata?.generation, after.metadata?.labels], [
          "2",
          { tier: "backend" },
        ]);
      },
    );

    await t.step(
      "a resource the quadlet no longer holds is deleted with the apply",
      async () => {
        const workloadOnly = web.filter((r) => r.kind === "Workload");
        const r = await applyQuadlet(store, workloadOnly, { now: T1 });
        assertEquals(outcomes(r), [
          "Workload shop/web configured",
          "VirtualLoadBalancer shop/web deleted",
        ]);
        assertEquals(r.resources[1].resourceVersion, String(r.revision));
        assertEquals(r.resources[1].resource, undefined);
        assertEquals(Object.keys(await dump(store)), [SHOP_GUARD, SHOP, WEB]);
        assertEquals(
          (await getResource(store, "Workload", "shop", "web"))?.metadata
            ?.generation,
          "3",
        );
      },
    );

    await t.step("one bad resource: nothing is stored", async () => {
      await setUp(store);
      const before = await dump(store);
      const bad = web.map((r) =>
        r.kind === "VirtualLoadBalancer"
          ? { ...r, spec: { ...r.spec, replica: 2 } } as unknown as Resource
          : r
      );
      assertEquals(await refusal(() => applyQuadlet(store, bad)), [
        "resources.invalid",
        'VirtualLoadBalancer "web": spec.replica: VirtualLoadBalancerSpec has no field "replica"',
      ]);
      const elsewhere = web.map((r) =>
        r.kind === "VirtualLoadBalancer"
          ? { ...r, metadata: { ...r.metadata, namespace: "other" } }
          : r
      );
      assertEquals(await refusal(() => applyQuadlet(store, elsewhere)), [
        "resources.invalid",
        'VirtualLoadBalancer "other/web" differs from its Workload "shop/web": every resource of a quadlet has the Workload\'s namespace and name',
      ]);
      assertEquals(await dump(store), before);
    });

    await t.step(
      "a key not at the expected version: nothing is stored",
      async () => {
        const before = await dump(store);
        assertEquals(
          await refusal(() =>
            applyQuadlet(store, web, { expected: { [WEB_VLB]: 0, [WEB]: 3 } })
          ),
          [
            "resources.conflict",
            `${WEB} is at version 0, not 3 as expected; nothing was applied`,
          ],
        );
        assertEquals(await dump(store), before);
        const r = await applyQuadlet(store, web, {
          expected: { [WEB_VLB]: 0, [WEB]: 0 },
        });
        assertEquals(outcomes(r), [
          "VirtualLoadBalancer shop/web created",
          "Workload shop/web created",
        ]);
      },
    );

    await t.step(
      "two concurrent applies of one quadlet: exactly one wins, the other is a conflict",
      async () => {
        for (let round = 0; round < 25; round++) {
          if (round % 5 === 0) await setUp(store);
          const racing = new BarrierStore(store, 2);
          const replicas = [100 + 2 * round, 101 + 2 * round];
          const settled = await Promise.allSettled(
            replicas.map((n) =>
              applyQuadlet(
                racing,
                withWorkload(
                  web,
                  (w) => ({ ...w, spec: { ...w.spec, replicas: n } }),
                ),
              )
            ),
          );
          const won = settled.flatMap((s, i) =>
            s.status === "fulfilled" ? [i] : []
          );
          assertEquals(won.length, 1, `round ${round}`);
          const lost = settled[1 - won[0]];
          assertTrue(lost.status === "rejected");
          assertTrue(
            lost.reason instanceof ResourceStoreError,
            String(lost.reason),
          );
          assertEquals([lost.reason.code, lost.reason.message], [
            "resources.conflict",
            'the quadlet "shop/web" changed while it was applied (another apply or delete came first); nothing was applied: read it again and retry',
          ]);
          const stored = (await getResource(store, "Workload", "shop", "web"))!;
          assertEquals(
            stored.spec?.replicas,
            replicas[won[0]],
            `round ${round}`,
          );
          const winner = settled[won[0]] as PromiseFulfilledResult<
            Awaited<ReturnType<typeof applyQuadlet>>
          >;
          assertEquals(
            stored.metadata?.resourceVersion,
            String(winner.value.revision),
          );
        }
      },
    );

    await t.step(
      "a fence that no longer holds: not_leader, nothing stored",
      async () => {
        await setUp(store);
        const version = await store.put(
          "/kat/cluster/leader/a",
          new Uint8Array([1]),
        );
        const stale = { key: "/kat/cluster/leader/a", version: version - 1 };
        const before = await dump(store);
        assertEquals(
          await refusal(() => applyQuadlet(store, web, { fence: stale })),
          [
            "resources.not_leader",
            'not applying the quadlet "shop/web": /kat/cluster/leader/a is gone or changed, this node no longer leads',
          ],
        );
        assertEquals(
          await refusal(() => ensureDefaultNamespace(store, { fence: stale })),
          [
            "resources.not_leader",
            "not creating the default namespace: /kat/cluster/leader/a is gone or changed, this node no longer leads",
          ],
        );
        assertEquals(await dump(store), before);
        const r = await applyQuadlet(store, web, {
          fence: { key: stale.key, version },
        });
        assertEquals(outcomes(r)[1], "Workload shop/web created");
        assertTrue(
          await ensureDefaultNamespace(store, {
            fence: { key: stale.key, version },
          }),
        );
      },
    );

    await t.step(
      "a namespace that does not exist: namespace_missing, nothing stored",
      async () => {
        await clear(store);
        const backup = await example("nightly-backup");
        assertEquals(await refusal(() => applyQuadlet(store, backup)), [
          "resources.namespace_missing",
          'namespace "default" does not exist: apply its Namespace first',
        ]);
        assertEquals(await refusal(() => applyQuadlet(store, web)), [
          "resources.namespace_missing",
          'namespace "shop" does not exist: apply its Namespace first',
        ]);
        assertEquals(await dump(store), {});
        assertTrue(await ensureDefaultNamespace(store, { now: T0 }));
        assertEquals(await ensureDefaultNamespace(store, { now: T1 }), false);
        const ns =
          (await getResource(store, "Namespace", undefined, "default"))!;
        assertEquals(ns.metadata?.creationTimestamp, "2030-01-01T00:00:00Z");
        const r = await applyQuadlet(store, backup);
        assertEquals(outcomes(r), [
          "JobDefinition default/nightly-backup created",
          "Workload default/nightly-backup created",
        ]);
      },
    );

    await t.step(
      "a Namespace is applied like any quadlet: created, unchanged, configured",
      async () => {
        await clear(store);
        const shop = await example("team-namespace");
        const created = await applyQuadlet(store, shop, { now: T0 });
        assertEquals(outcomes(created), ["Namespace undefined/shop created"]);
        assertEquals(created.resources[0].namespace, undefined);
        assertEquals(outcomes(await applyQuadlet(store, shop)), [
          "Namespace undefined/shop unchanged",
        ]);
        const relabeled = shop.map((r) => ({
          ...r,
          metadata: { ...r.metadata, labels: { team: "x" } },
        }));
        const r = await applyQuadlet(store, relabeled);
        assertEquals(outcomes(r), ["Namespace undefined/shop configured"]);
        assertEquals(r.resources[0].resource?.metadata?.generation, "1");
      },
    );
  });
});
