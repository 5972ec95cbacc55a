import { assertEquals, assertRejects } from "../assert.ts";
import type { Resource } from "../../src/gen/types.ts";
import type { TxnRequest } from "../../src/state/state_store.ts";
import {
  applyQuadlet,
  deleteResource,
  ensureDefaultNamespace,
  getResource,
  listResources,
  ResourceStoreError,
} from "../../src/resources/mod.ts";
import {
  clear,
  dump,
  example,
  InterposeStore,
  withStore,
} from "./store_helpers.ts";

/** The refusal of `fn`, as `[code, message]`. */
async function refusal(fn: () => Promise<unknown>) {
  const e = await assertRejects(fn, ResourceStoreError);
  return [e.code, e.message];
}

const namespace = (name: string): Resource[] => [{
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "Namespace",
  metadata: { name },
}];

/** The web-service example renamed to `name` in namespace `ns`. */
async function webAs(ns: string, name: string): Promise<Resource[]> {
  return (await example("web-service")).map((r) => ({
    ...r,
    metadata: { ...r.metadata, name, namespace: ns },
  }));
}

Deno.test("reading and deleting resources against a real etcd", async (t) => {
  await withStore(async (store) => {
    await t.step(
      "lists are sorted by namespace, then name, with resourceVersion",
      async () => {
        await clear(store);
        await ensureDefaultNamespace(store);
        // By key bytes "a-b/" sorts before "a/": the list must not.
        for (const ns of ["b", "a-b", "a"]) {
          await applyQuadlet(store, namespace(ns));
        }
        for (
          const [ns, name] of [
            ["b", "x"],
            ["a-b", "y"],
            ["a", "z"],
            ["a", "w-1"],
            ["a", "w"],
            ["default", "d"],
          ]
        ) {
          await applyQuadlet(store, await webAs(ns, name));
        }
        const all = await listResources(store, "Workload", {
          allNamespaces: true,
        });
        assertEquals(
          all.map((w) => `${w.metadata?.namespace}/${w.metadata?.name}`),
          [
            "a/w",
            "a/w-1",
            "a/z",
            "a-b/y",
            "b/x",
            "default/d",
          ],
        );
        const keys = await dump(store);
        for (const w of all) {
          assertEquals(
            w.metadata?.resourceVersion,
            String(
              keys[
                `/kat/resources/workloads/${w.metadata?.namespace}/${w.metadata?.name}`
              ],
            ),
          );
        }
        assertEquals(
          (await listResources(store, "VirtualLoadBalancer", {
            namespace: "a",
          })).map((v) => v.metadata?.name),
          ["w", "w-1", "z"],
        );
        assertEquals(
          (await listResources(store, "Workload")).map((w) => w.metadata?.name),
          ["d"],
        );
        assertEquals(
          await listResources(store, "JobDefinition", { allNamespaces: true }),
          [],
        );
        assertEquals(
          (await listResources(store, "Namespace")).map((n) =>
            n.metadata?.name
          ),
          ["a", "a-b", "b", "default"],
        );
        assertEquals(
          await refusal(() =>
            listResources(store, "Workload", {
              namespace: "a",
              allNamespaces: true,
            })
          ),
          [
            "resources.invalid",
            "list one namespace or all of them, not both",
          ],
        );
        assertEquals(
          await refusal(() => listResources(store, "Node" as "Workload")),
          [
            "resources.invalid",
            '"Node" is no kind the resource store holds: Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace are',
          ],
        );
        assertEquals(
          await refusal(() => getResource(store, "Workload", "a", "../x")),
          [
            "resources.invalid",
            "name: \"../x\" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
          ],
        );
        assertEquals(
          await getResource(store, "Workload", "a", "nothing"),
          undefined,
        );
      },
    );

    await t.step(
      "a Namespace that holds resources is not deleted; an empty one is",
      async () => {
        assertEquals(
          await refusal(() =>
            deleteResource(store, "Namespace", undefined, "a")
          ),
          [
            "resources.namespace_not_empty",
            'namespace "a" still holds 6 resources: Workload "w", Workload "w-1", Workload "z", VirtualLoadBalancer "w", VirtualLoadBalancer "w-1", and 1 more; delete them first',
          ],
        );
        assertEquals(
          await refusal(() =>
            deleteResource(store, "Namespace", undefined, "b")
          ),
          [
            "resources.namespace_not_empty",
            'namespace "b" still holds 2 resources: Workload "x", VirtualLoadBalancer "x"; delete them first',
          ],
        );
        assertEquals(
          await deleteResource(store, "VirtualLoadBalancer", "b", "x"),
          true,
        );
        assertEquals(
          await deleteResource(store, "VirtualLoadBalancer", "b", "x"),
          false,
        );
        assertEquals(
          await refusal(() =>
            deleteResource(store, "Namespace", undefined, "b")
          ),
          [
            "resources.namespace_not_empty",
            'namespace "b" still holds 1 resource: Workload "x"; delete them first',
          ],
        );
        assertEquals(await deleteResource(store, "Workload", "b", "x"), true);
        assertEquals(
          await deleteResource(store, "Namespace", undefined, "b"),
          true,
        );
        assertEquals(
          await deleteResource(store, "Namespace", undefined, "b"),
          false,
        );
        const keys = Object.keys(await dump(store));
        assertEquals(
          keys.filter((k) => k.endsWith("/b") || k.includes("/b/")),
          [],
        );
      },
    );

    await t.step("deleting a Workload deletes its quadlet", async () => {
      assertEquals(await deleteResource(store, "Workload", "a", "z"), true);
      assertEquals(
        await getResource(store, "VirtualLoadBalancer", "a", "z"),
        undefined,
      );
      assertEquals(
        await getResource(store, "VirtualLoadBalancer", "a", "w") !== undefined,
        true,
      );
    });

    await t.step(
      "a resource created while its namespace is deleted keeps the namespace",
      async () => {
        await applyQuadlet(store, namespace("c"));
        // The deletion reads and finds "c" empty; an apply then creates a
        // resource in it before the deletion writes.
        const racing = new InterposeStore(
          store,
          (r: TxnRequest) =>
            (r.success ?? []).some((op) =>
              op.key === "/kat/resources/namespaces/c"
            ),
          async () => applyQuadlet(store, await webAs("c", "late")),
        );
        assertEquals(
          await refusal(() =>
            deleteResource(racing, "Namespace", undefined, "c")
          ),
          [
            "resources.namespace_not_empty",
            'namespace "c" still holds 2 resources: Workload "late", VirtualLoadBalancer "late"; delete them first',
          ],
        );
        assertEquals(
          (await getResource(store, "Namespace", undefined, "c"))?.metadata
            ?.name,
          "c",
        );
      },
    );

    await t.step(
      "a namespace deleted while a quadlet is applied in it: the apply is a conflict",
      async () => {
        await applyQuadlet(store, namespace("e"));
        const racing = new InterposeStore(
          store,
          (r: TxnRequest) =>
            (r.success ?? []).some((op) =>
              op.key.startsWith("/kat/resources/workloads/e/")
            ),
          () => deleteResource(store, "Namespace", undefined, "e"),
        );
        assertEquals(
          await refusal(async () =>
            applyQuadlet(racing, await webAs("e", "web"))
          ),
          [
            "resources.conflict",
            'the quadlet "e/web" changed while it was applied (another apply or delete came first); nothing was applied: read it again and retry',
          ],
        );
        assertEquals(
          Object.keys(await dump(store)).filter((k) =>
            k.includes("/e/") || k.endsWith("/e")
          ),
          [],
        );
      },
    );

    await t.step(
      "a stored value that is no resource of its kind is corrupt",
      async () => {
        const key = "/kat/resources/workloads/a/w-1";
        await store.put(key, new Uint8Array([0x0a, 0xff]));
        const message =
          `${key} does not hold a Workload (the bytes are not a Workload message: index out of range: 2 + 1 > 2)`;
        assertEquals(
          await refusal(() => getResource(store, "Workload", "a", "w-1")),
          ["resources.corrupt", message],
        );
        assertEquals(
          await refusal(() =>
            listResources(store, "Workload", { namespace: "a" })
          ),
          ["resources.corrupt", message],
        );
        const before = await dump(store);
        assertEquals(
          await refusal(async () =>
            applyQuadlet(store, await webAs("a", "w-1"))
          ),
          ["resources.corrupt", message],
        );
        assertEquals(await dump(store), before);
        assertEquals(await deleteResource(store, "Workload", "a", "w-1"), true);
      },
    );

    await t.step(
      "a delete under a fence that no longer holds: not_leader",
      async () => {
        const version = await store.put(
          "/kat/cluster/leader/a",
          new Uint8Array([1]),
        );
        const stale = { key: "/kat/cluster/leader/a", version: version - 1 };
        assertEquals(
          await refusal(() =>
            deleteResource(store, "Workload", "a", "w", { fence: stale })
          ),
          [
            "resources.not_leader",
            'not deleting Workload "a/w": /kat/cluster/leader/a is gone or changed, this node no longer leads',
          ],
        );
        assertEquals(
          await getResource(store, "Workload", "a", "w") !== undefined,
          true,
        );
        assertEquals(
          await deleteResource(store, "Workload", "a", "w", {
            fence: { key: stale.key, version },
          }),
          true,
        );
      },
    );
  });
});
