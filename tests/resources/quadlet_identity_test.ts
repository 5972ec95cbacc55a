import { assertEquals, assertRejects } from "../assert.ts";
import type { Resource } from "../../src/gen/types.ts";
import {
  quadletIdentity,
  resourceKey,
  ResourceStoreError,
} from "../../src/resources/mod.ts";
import { example } from "./store_helpers.ts";

/** The refusal of `quadletIdentity(resources)`, as `[code, message]`. */
async function refusal(resources: Resource[]) {
  const e = await assertRejects(
    () => Promise.resolve().then(() => quadletIdentity(resources)),
    ResourceStoreError,
  );
  return [e.code, e.message];
}

Deno.test("a quadlet is its Workload's namespace and name, defaults applied", async () => {
  const q = quadletIdentity(await example("nightly-backup"));
  assertEquals([q.namespace, q.name], ["default", "nightly-backup"]);
  assertEquals(q.resources.map((r) => r.kind), ["JobDefinition", "Workload"]);
  const shop = quadletIdentity([{
    kind: "Namespace",
    metadata: { name: "shop", uid: "given", generation: "9" },
  }]);
  assertEquals(shop, {
    name: "shop",
    resources: [{
      apiVersion: "kat.dws.rip/v1alpha1",
      kind: "Namespace",
      metadata: { name: "shop" },
    }],
  });
  // Defaults are applied before anything is stored or compared.
  const [w] = quadletIdentity([{
    kind: "Workload",
    metadata: { name: "web" },
    spec: { type: "SERVICE", source: { image: "nginx" }, container: {} },
  }]).resources;
  assertEquals(w.kind === "Workload" && w.spec?.replicas, 1);
  assertEquals(w.metadata?.namespace, "default");
});

Deno.test("what is no quadlet the store can hold is refused, naming why", async () => {
  const web = await example("web-service");
  const workload = web.find((r) => r.kind === "Workload")!;
  const ns: Resource = { kind: "Namespace", metadata: { name: "shop" } };
  assertEquals(await refusal([]), [
    "resources.invalid",
    "the quadlet holds no resource",
  ]);
  assertEquals(await refusal([...web, ns]), [
    "resources.invalid",
    "a quadlet with a Namespace must hold nothing else: apply the Namespace as a quadlet of its own",
  ]);
  assertEquals(
    await refusal([{ kind: "ClusterConfiguration", metadata: { name: "c" } }]),
    [
      "resources.invalid",
      "ClusterConfiguration is not stored from a quadlet: Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace are",
    ],
  );
  assertEquals(await refusal(web.filter((r) => r.kind !== "Workload")), [
    "resources.invalid",
    "the quadlet has no Workload",
  ]);
  assertEquals(await refusal([...web, workload]), [
    "resources.invalid",
    "the quadlet holds 2 Workloads: a quadlet holds exactly one",
  ]);
  assertEquals(await refusal([...web, web[0]]), [
    "resources.invalid",
    "the quadlet holds 2 VirtualLoadBalancers: a quadlet holds at most one",
  ]);
  assertEquals(
    await refusal([{ ...workload, metadata: { name: "Web/1" } } as Resource]),
    [
      "resources.invalid",
      "Workload's metadata.name: \"Web/1\" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit",
    ],
  );
  assertEquals(
    await refusal([{ ...workload, metadata: {} } as Resource]),
    ["resources.invalid", "Workload's metadata.name is missing"],
  );
  assertEquals(
    await refusal([{ ...ns, metadata: { name: "shop", namespace: "x" } }]),
    [
      "resources.invalid",
      'Namespace "shop" sets metadata.namespace: a Namespace is cluster-scoped',
    ],
  );
});

Deno.test("keys are laid out by plural kind, namespace and name", () => {
  assertEquals(
    [
      resourceKey("Workload", "shop", "web"),
      resourceKey("VirtualLoadBalancer", "shop", "web"),
      resourceKey("JobDefinition", "shop", "web"),
      resourceKey("BuildDefinition", "shop", "web"),
      resourceKey("Namespace", undefined, "shop"),
    ],
    [
      "/kat/resources/workloads/shop/web",
      "/kat/resources/virtualloadbalancers/shop/web",
      "/kat/resources/jobdefinitions/shop/web",
      "/kat/resources/builddefinitions/shop/web",
      "/kat/resources/namespaces/shop",
    ],
  );
});
