/**
 * `katcall get` and `katcall delete` of namespaces and the resources of
 * quadlets, against an HTTPS server that answers as the leader's API does.
 */
import { assertEquals } from "../assert.ts";
import { lines, tempDir } from "../helpers.ts";
import { katcall } from "./cli_helpers.ts";
import { FakeApi, katconfigFor, NOW } from "../client/api_server.ts";
import { served } from "../client/resource_fixtures.ts";
import { toManifest } from "../../src/encode/to_manifest.ts";

/** Runs `fn` with a server and a katconfig that reaches it. */
async function withApi(
  fn: (api: FakeApi, katconfig: string) => Promise<void>,
): Promise<void> {
  const api = await FakeApi.start();
  try {
    await fn(api, await katconfigFor([api.url]));
  } finally {
    await api.stop();
  }
}

/** `katcall ARGS --katconfig K`, ages counted to {@link NOW}. */
async function get(katconfig: string, ...args: string[]) {
  const r = await katcall([...args, "--katconfig", katconfig], {
    tool: { now: () => NOW },
  });
  return { code: r.code, out: r.out, err: r.err };
}

Deno.test("get prints each kind's table; -n picks the namespace (default: default), -A adds NAMESPACE first", async () => {
  await withApi(async (api, k) => {
    assertEquals(
      await get(k, "get", "workloads", "-A"),
      {
        code: 0,
        err: "",
        out: lines(
          "NAMESPACE  NAME            TYPE     REPLICAS  SOURCE                                GENERATION  AGE",
          "default    nightly-backup  JOB      <none>    docker.io/library/postgres:16-alpine  3           1h",
          "shop       api             SERVICE  2         git@github.com:example/api.git#main   3           1h",
          "shop       web             SERVICE  3         ghcr.io/example/web:1.4.2             3           1h",
        ),
      },
    );
    assertEquals(
      (await get(k, "get", "Workload", "-n", "shop")).out,
      lines(
        "NAME  TYPE     REPLICAS  SOURCE                               GENERATION  AGE",
        "api   SERVICE  2         git@github.com:example/api.git#main  3           1h",
        "web   SERVICE  3         ghcr.io/example/web:1.4.2            3           1h",
      ),
    );
    assertEquals(
      (await get(k, "get", "workload")).out,
      lines(
        "NAME            TYPE  REPLICAS  SOURCE                                GENERATION  AGE",
        "nightly-backup  JOB   <none>    docker.io/library/postgres:16-alpine  3           1h",
      ),
    );
    assertEquals(
      (await get(k, "get", "virtualloadbalancers", "--namespace=shop")).out,
      lines(
        "NAME  PORTS                           GENERATION  AGE",
        "api   http:3000/TCP                   1           1m",
        "web   http:8080/TCP,metrics:9100/TCP  1           1m",
      ),
    );
    assertEquals(
      (await get(k, "get", "JobDefinition")).out,
      lines(
        "NAME            SCHEDULE          GENERATION  AGE",
        "nightly-backup  30 2 * * MON-SAT  1           1d",
      ),
    );
    assertEquals(
      (await get(k, "get", "builddefinitions", "-A")).out,
      lines(
        "NAMESPACE  NAME  CONTEXT       DOCKERFILE               GENERATION  AGE",
        "shop       api   services/api  services/api/Dockerfile  1           30s",
      ),
    );
    // Namespaces have none: -A changes nothing.
    for (const args of [["ns"], ["namespaces", "-A"]]) {
      assertEquals(
        (await get(k, "get", ...args)).out,
        lines("NAME     AGE", "default  4d", "shop     4d"),
      );
    }
    assertEquals(
      await get(k, "get", "builddefinition"),
      { code: 0, out: "", err: "No resources found\n" },
    );
    assertEquals(api.seen.map((s) => `${s.method} ${s.path}`), [
      "GET /v1alpha1/workloads",
      "GET /v1alpha1/namespaces/shop/workloads",
      "GET /v1alpha1/namespaces/default/workloads",
      "GET /v1alpha1/namespaces/shop/virtualloadbalancers",
      "GET /v1alpha1/namespaces/default/jobdefinitions",
      "GET /v1alpha1/builddefinitions",
      "GET /v1alpha1/namespaces",
      "GET /v1alpha1/namespaces",
      "GET /v1alpha1/namespaces/default/builddefinitions",
    ]);
  });
});

Deno.test("get -o json is one object for a NAME, else {items}; -o yaml one document, else items:", async () => {
  await withApi(async (_api, k) => {
    const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";
    const kinds = [
      ["workloads", "Workload"],
      ["virtualloadbalancers", "VirtualLoadBalancer"],
      ["jobdefinitions", "JobDefinition"],
      ["builddefinitions", "BuildDefinition"],
    ] as const;
    for (const [plural, kind] of kinds) {
      const all = served(kind);
      assertEquals(await get(k, "get", plural, "-A", "-o", "json"), {
        code: 0,
        err: "",
        out: json({ items: all.map((r) => toManifest(r)) }),
      });
      const first = all[0];
      const ns = first.metadata!.namespace!;
      const name = first.metadata!.name!;
      assertEquals(
        (await get(k, "get", kind, name, "-n", ns, "-o", "json")).out,
        json(toManifest(first)),
      );
      const yaml = await get(k, "get", plural, "-n", ns, "-o", "yaml");
      assertEquals(
        yaml.out.startsWith(
          `items:\n  - apiVersion: kat.dws.rip/v1alpha1\n    kind: ${kind}\n`,
        ),
        true,
      );
    }
    assertEquals(
      (await get(k, "get", "namespace", "shop", "-o", "json")).out,
      json(toManifest(served("Namespace")[1])),
    );
    assertEquals(
      (await get(k, "get", "namespaces", "-o", "yaml")).out,
      lines(
        "items:",
        "  - apiVersion: kat.dws.rip/v1alpha1",
        "    kind: Namespace",
        "    metadata:",
        "      name: default",
        "      uid: 00000000-0000-4000-8000-000000000100",
        "      generation: '1'",
        "      resourceVersion: '100'",
        "      creationTimestamp: '2026-12-01T12:00:00Z'",
        "  - apiVersion: kat.dws.rip/v1alpha1",
        "    kind: Namespace",
        "    metadata:",
        "      name: shop",
        "      uid: 00000000-0000-4000-8000-000000000108",
        "      generation: '1'",
        "      resourceVersion: '108'",
        "      creationTimestamp: '2026-12-01T12:00:00Z'",
        "      labels:",
        "        team: commerce",
      ),
    );
  });
});

Deno.test("get -o yaml of a stored resource is a .kat file again, but for its system fields", async () => {
  await withApi(async (_api, k) => {
    const dir = await tempDir("get-yaml");
    const system =
      /^ {2}(uid|generation|resourceVersion|creationTimestamp): .*\n/gm;
    for (
      const [kind, ns, name, file] of [
        ["workload", "shop", "web", "workload.kat"],
        ["workload", "shop", "api", "workload.kat"],
        ["workload", "default", "nightly-backup", "workload.kat"],
        ["namespace", "", "shop", "namespace.kat"],
      ]
    ) {
      const r = await get(
        k,
        "get",
        kind,
        name,
        "-n",
        ns || "default",
        "-o",
        "yaml",
      );
      assertEquals([r.code, r.err], [0, ""]);
      const path = `${dir}/${ns || "cluster"}-${name}/${file}`;
      await Deno.mkdir(`${dir}/${ns || "cluster"}-${name}`);
      // As it is, validate says the system fields, and nothing else.
      await Deno.writeTextFile(path, r.out);
      const first = await katcall(["validate", "--format", "json", path]);
      assertEquals(
        JSON.parse(first.out).diagnostics.map((
          d: { path: string; code: string },
        ) => `${d.code} ${d.path}`),
        [
          "forbidden metadata.uid",
          "forbidden metadata.generation",
          "forbidden metadata.resourceVersion",
          "forbidden metadata.creationTimestamp",
        ],
      );
      await Deno.writeTextFile(path, r.out.replace(system, ""));
      assertEquals(await katcall(["validate", path]), {
        code: 0,
        out: "",
        err: "",
        bytes: new Uint8Array(),
      });
    }
  });
});

Deno.test("delete KIND NAME [-n NS] prints KIND/NAME deleted; a refusal is exit 1 with the server's message", async () => {
  await withApi(async (api, k) => {
    assertEquals(
      await get(k, "delete", "Workload", "web", "-n", "shop"),
      { code: 0, out: "workload/web deleted\n", err: "" },
    );
    assertEquals(
      await get(k, "delete", "jobdefinitions", "nightly-backup"),
      { code: 0, out: "jobdefinition/nightly-backup deleted\n", err: "" },
    );
    assertEquals(
      await get(k, "delete", "ns", "shop"),
      { code: 0, out: "namespace/shop deleted\n", err: "" },
    );
    assertEquals(
      await get(k, "delete", "virtualloadbalancer", "web"),
      {
        code: 1,
        out: "",
        err:
          `katcall delete virtualloadbalancer/web: ${api.url} answered 404 resources.not_found: no virtualloadbalancers default/web\n`,
      },
    );
    assertEquals(api.seen.map((s) => `${s.method} ${s.path}`), [
      "DELETE /v1alpha1/namespaces/shop/workloads/web",
      "DELETE /v1alpha1/namespaces/default/jobdefinitions/nightly-backup",
      "DELETE /v1alpha1/namespaces/shop",
      "DELETE /v1alpha1/namespaces/default/virtualloadbalancers/web",
    ]);
    assertEquals(
      (await get(k, "get", "workload", "nope")).err,
      `katcall get workload/nope: ${api.url} answered 404 resources.not_found: no workloads default/nope\n`,
    );
    assertEquals((await get(k, "get", "workloads", "-n", "")).code, 2);
  });
});
