import { assertEquals } from "../assert.ts";
import { lines } from "../helpers.ts";
import { applyQuadlet } from "../../src/resources/mod.ts";
import { example, withStore } from "./store_helpers.ts";
import { protocDecode } from "../wire/wire_helpers.ts";

Deno.test("a stored resource is its kind's message as protoc reads it, without resourceVersion", async () => {
  await withStore(async (store) => {
    const now = new Date("2030-01-01T00:00:00.500Z");
    const ns = await applyQuadlet(store, await example("team-namespace"), {
      now,
    });
    const jobs = await applyQuadlet(
      store,
      [
        ...await example("nightly-backup"),
      ].map((r) => ({ ...r, metadata: { ...r.metadata, namespace: "shop" } })),
      { now },
    );
    const nsUid = ns.resources[0].resource?.metadata?.uid;
    assertEquals(
      await protocDecode(
        "Namespace",
        (await store.get("/kat/resources/namespaces/shop"))!.value,
      ),
      lines(
        'api_version: "kat.dws.rip/v1alpha1"',
        'kind: "Namespace"',
        "metadata {",
        '  name: "shop"',
        `  uid: "${nsUid}"`,
        "  generation: 1",
        "  creation_timestamp {",
        "    seconds: 1893456000",
        "    nanos: 500000000",
        "  }",
        "  labels {",
        '    key: "team"',
        '    value: "commerce"',
        "  }",
        "}",
      ),
    );
    const jobUid = jobs.resources[0].resource?.metadata?.uid;
    assertEquals(
      await protocDecode(
        "JobDefinition",
        (await store.get("/kat/resources/jobdefinitions/shop/nightly-backup"))!
          .value,
      ),
      lines(
        'api_version: "kat.dws.rip/v1alpha1"',
        'kind: "JobDefinition"',
        "metadata {",
        '  name: "nightly-backup"',
        '  namespace: "shop"',
        `  uid: "${jobUid}"`,
        "  generation: 1",
        "  creation_timestamp {",
        "    seconds: 1893456000",
        "    nanos: 500000000",
        "  }",
        "}",
        "spec {",
        '  schedule: "30 2 * * MON-SAT"',
        "  completions: 1",
        "  parallelism: 1",
        "  active_deadline_seconds: 3600",
        "  backoff_limit: 2",
        "}",
      ),
    );
  });
});
