import ajvModule from "ajv/dist/2020.js";
import { parse } from "yaml";
import { assertEquals } from "../assert.ts";
import { katJsonSchema } from "../../src/schema/json_schema.ts";
import { REPO } from "../helpers.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";

const Ajv2020 = ajvModule.default;
const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  // `required` inside `not` names properties declared beside it, which strict mode cannot see.
  strictRequired: false,
});
const validate = ajv.compile(katJsonSchema());

function yaml(text: string): unknown {
  return parse(text, { schema: "core", version: "1.2", intAsBigInt: false });
}

/** `instancePath keyword` of each distinct error, sorted, without the if/then noise. */
function errors(doc: unknown): string[] {
  validate(doc);
  const all = (validate.errors ?? [])
    .filter((e) => e.keyword !== "if")
    .map((e) => `${e.instancePath} ${e.keyword}`);
  return [...new Set(all)].sort();
}

Deno.test("the schema itself is valid 2020-12 and compiles in strict mode", () => {
  assertEquals(ajv.validateSchema(katJsonSchema()), true);
});

Deno.test("every example validates against the schema", async () => {
  const paths = [`${REPO}examples/cluster.kat`];
  for await (const d of Deno.readDir(`${REPO}examples`)) {
    if (!d.isDirectory) continue;
    for await (const f of Deno.readDir(`${REPO}examples/${d.name}`)) {
      paths.push(`${REPO}examples/${d.name}/${f.name}`);
    }
  }
  assertEquals(paths.length >= 9, true);
  for (const p of paths) {
    assertEquals([p, errors(yaml(await Deno.readTextFile(p)))], [p, []]);
  }
});

const WORKLOAD = {
  apiVersion: "kat.dws.rip/v1alpha1",
  kind: "Workload",
  metadata: { name: "web" },
  spec: { type: "SERVICE", source: { image: "nginx" }, container: {} },
};

function withSpec(spec: Record<string, unknown>) {
  return { ...WORKLOAD, spec: { ...WORKLOAD.spec, ...spec } };
}

Deno.test("known-bad documents are rejected at the right place", () => {
  assertEquals(errors(WORKLOAD), []);
  assertEquals(errors({ ...WORKLOAD, apiVersion: "v1" }), [
    "/apiVersion const",
  ]);
  assertEquals(errors({ ...WORKLOAD, kind: "Pod" }), ["/kind enum"]);
  assertEquals(errors(withSpec({ replica: 2 })), [
    "/spec additionalProperties",
  ]);
  assertEquals(errors(withSpec({ type: "Service" })), ["/spec/type enum"]);
  assertEquals(errors(withSpec({ replicas: "3" })), ["/spec/replicas type"]);
  assertEquals(errors(withSpec({ replicas: -1 })), ["/spec/replicas minimum"]);
  assertEquals(
    errors(
      withSpec({
        source: { image: "nginx", git: { repository: "https://x/y" } },
      }),
    ),
    ["/spec/source not"],
  );
  assertEquals(errors(withSpec({ container: { env: [{ value: "x" }] } })), [
    "/spec/container/env/0 required",
  ]);
  assertEquals(
    errors(
      withSpec({ container: { resources: { requests: { cpu: "1 core" } } } }),
    ),
    [
      "/spec/container/resources/requests/cpu anyOf",
      "/spec/container/resources/requests/cpu pattern",
      "/spec/container/resources/requests/cpu type",
    ],
  );
  assertEquals(errors({ ...WORKLOAD, metadata: { name: "Web" } }), [
    "/metadata/name pattern",
  ]);
  assertEquals(errors({ ...WORKLOAD, metadata: { name: "web", uid: "x" } }), [
    "/metadata additionalProperties",
  ]);
  assertEquals(errors({ ...WORKLOAD, status: {} }), [" additionalProperties"]);
  assertEquals(errors({ ...WORKLOAD, spec: undefined }), [" required"]);
  assertEquals(errors({ ...WORKLOAD, kind: "JobDefinition", spec: {} }), [
    "/spec minProperties",
  ]);
});

Deno.test("cluster-scoped kinds may not name a namespace; Namespace needs no spec", () => {
  const ns = {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "Namespace",
    metadata: { name: "a" },
  };
  assertEquals(errors(ns), []);
  assertEquals(errors({ ...ns, metadata: { name: "a", namespace: "b" } }), [
    "/metadata not",
  ]);
  assertEquals(errors({ ...ns, kind: "Node" }), ["/kind enum"]);
});

Deno.test("defaults and descriptions come from the proto", () => {
  const s = katJsonSchema() as {
    $defs: Record<
      string,
      {
        properties: Record<string, Record<string, unknown>>;
        description?: string;
      }
    >;
  };
  assertEquals(
    s.$defs.ClusterConfigurationSpec.properties.agentPort.default,
    9116,
  );
  assertEquals(
    s.$defs.ClusterConfigurationSpec.properties.agentPort.maximum,
    65535,
  );
  assertEquals(s.$defs.Port.properties.protocol, {
    enum: ["TCP", "UDP"],
    default: "TCP",
    description: "TCP or UDP.",
  });
  assertEquals(s.$defs.IngressRule.properties.tls.default, false);
  assertEquals(
    s.$defs.Workload.description,
    "A containerised application: the heart of a quadlet.",
  );
});

Deno.test("katcall schema prints the schema", async () => {
  const io = memoryIo();
  assertEquals(await runKatcall(["schema"], io), 0);
  assertEquals(JSON.parse(io.outText()), katJsonSchema());
});
