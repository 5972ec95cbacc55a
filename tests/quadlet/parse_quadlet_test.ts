import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { parseQuadlet } from "../../src/quadlet/parse_quadlet.ts";
import { lines, REPO } from "../helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);

function workload(
  name = "web",
  extra: string[] = [],
  type = "SERVICE",
  source = "{image: nginx}",
) {
  return enc(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Workload",
    "metadata:",
    `  name: ${name}`,
    "spec:",
    `  type: ${type}`,
    `  source: ${source}`,
    "  container: {}",
    ...extra,
  ));
}

function resource(
  kind: string,
  name = "web",
  spec = NON_EMPTY[kind] ?? "{}",
  namespace?: string,
) {
  return enc(lines(
    "apiVersion: kat.dws.rip/v1alpha1",
    `kind: ${kind}`,
    "metadata:",
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    `spec: ${spec}`,
  ));
}

/** A small valid spec per kind: only a Namespace may leave spec empty. */
const NON_EMPTY: Record<string, string> = {
  JobDefinition: "{completions: 1}",
  BuildDefinition: "{buildContext: .}",
};

const VLB_SPEC = "{ports: [{name: http, containerPort: 80}]}";

/** `FILE:LINE:COL PATH: MESSAGE` of each diagnostic. */
function report(files: Record<string, Uint8Array>) {
  return parseQuadlet(files, { prefix: "app/", name: "app" })
    .diagnostics.map((d) =>
      `${
        d.severity === "warning" ? "W " : ""
      }${d.file}:${d.line}:${d.column} ${d.path}: ${d.message}`
    );
}

Deno.test("every example quadlet is valid", async () => {
  for (
    const dir of ["web-service", "nightly-backup", "git-app", "team-namespace"]
  ) {
    const files = new Map<string, Uint8Array>();
    for await (const e of Deno.readDir(`${REPO}examples/${dir}`)) {
      files.set(
        e.name,
        await Deno.readFile(`${REPO}examples/${dir}/${e.name}`),
      );
    }
    const r = parseQuadlet(files, { prefix: `${dir}/`, name: dir });
    assertEquals([dir, r.diagnostics], [dir, []]);
    assertEquals(r.valid, true);
  }
});

Deno.test("kind decides what a file is, not its name; other files are ignored with a warning", () => {
  assertEquals(
    report({
      "a.kat": workload(),
      "b.kat": resource("VirtualLoadBalancer", "web", VLB_SPEC),
      "README.md": enc("# hi"),
    }),
    ["W app/README.md:1:1 : not a .kat file; ignored"],
  );
});

Deno.test("an empty quadlet and one without .kat files are errors", () => {
  assertEquals(report({}), ["app:1:1 : the quadlet holds no .kat file"]);
  assertEquals(report({ "notes.txt": enc("x") }), [
    "app:1:1 : the quadlet holds no .kat file",
    "W app/notes.txt:1:1 : not a .kat file; ignored",
  ]);
});

Deno.test("exactly one Workload", () => {
  assertEquals(
    report({ "vlb.kat": resource("VirtualLoadBalancer", "web", VLB_SPEC) }),
    [
      "app:1:1 : the quadlet has no Workload",
    ],
  );
  const two = parseQuadlet({
    "a.kat": workload(),
    "b.kat": workload(),
  }, { prefix: "app/" });
  assertEquals(
    two.diagnostics.map((d) =>
      `${d.file}:${d.line}:${d.column} ${d.path}: ${d.message} (${d.hint})`
    ),
    [
      "app/b.kat:2:7 kind: a quadlet holds at most one Workload (another one is in app/a.kat)",
    ],
  );
});

Deno.test("at most one VirtualLoadBalancer, JobDefinition and BuildDefinition", () => {
  assertEquals(
    report({
      "w.kat": workload(),
      "v1.kat": resource("VirtualLoadBalancer", "web", VLB_SPEC),
      "v2.kat": resource("VirtualLoadBalancer", "web", VLB_SPEC),
    }),
    ["app/v2.kat:2:7 kind: a quadlet holds at most one VirtualLoadBalancer"],
  );
});

Deno.test("a Namespace stands alone", () => {
  assertEquals(report({ "ns.kat": resource("Namespace", "team") }), []);
  assertEquals(
    report({ "ns.kat": resource("Namespace", "team"), "w.kat": workload() }),
    [
      "app/ns.kat:2:7 kind: a quadlet with a Namespace must hold nothing else",
    ],
  );
});

Deno.test("ClusterConfiguration is refused in a quadlet", () => {
  const cluster = resource(
    "ClusterConfiguration",
    "home",
    "{clusterCIDR: 10.244.0.0/16, serviceCIDR: 10.96.0.0/12}",
  );
  assertEquals(report({ "w.kat": workload(), "cluster.kat": cluster }), [
    "app/cluster.kat:2:7 kind: ClusterConfiguration is not allowed in a quadlet",
  ]);
});

Deno.test("names and namespaces equal the Workload's", () => {
  const r = report({
    "w.kat": workload(),
    "v.kat": resource("VirtualLoadBalancer", "webb", VLB_SPEC),
    "j.kat": resource("JobDefinition", "web", "{completions: 1}", "other"),
  });
  assertEquals(
    r,
    [
      'app/j.kat:5:14 metadata.namespace: metadata.namespace "other" differs from the Workload\'s "default"',
      "app/j.kat:6:7 spec.type: a JobDefinition (app/j.kat) needs spec.type JOB"
        .replace("app/j.kat:6:7", "app/w.kat:6:9"),
      'app/v.kat:4:9 metadata.name: metadata.name "webb" differs from the Workload\'s "web"',
    ].sort(),
  );
});

Deno.test("a BuildDefinition needs a git source", () => {
  assertEquals(
    report({ "w.kat": workload(), "b.kat": resource("BuildDefinition") }),
    [
      "app/w.kat:7:11 spec.source: a BuildDefinition (app/b.kat) needs spec.source.git",
    ],
  );
  const git = workload(
    "web",
    [],
    "SERVICE",
    "{git: {repository: 'https://example.com/a.git'}}",
  );
  assertEquals(
    report({ "w.kat": git, "b.kat": resource("BuildDefinition") }),
    [],
  );
});

Deno.test("a JobDefinition needs a JOB; a VirtualLoadBalancer refuses one", () => {
  assertEquals(
    report({ "w.kat": workload(), "j.kat": resource("JobDefinition") }),
    [
      "app/w.kat:6:9 spec.type: a JobDefinition (app/j.kat) needs spec.type JOB",
    ],
  );
  const job = workload("web", [], "JOB");
  assertEquals(
    report({ "w.kat": job, "j.kat": resource("JobDefinition") }),
    [],
  );
  assertEquals(
    report({
      "w.kat": job,
      "v.kat": resource("VirtualLoadBalancer", "web", VLB_SPEC),
    }),
    [
      "app/w.kat:6:9 spec.type: a JOB cannot have a VirtualLoadBalancer (app/v.kat)",
    ],
  );
});

Deno.test("problems of every file are all reported, sorted by file and position", () => {
  const r = report({
    "w.kat": workload("web", ["  replicas: -1"]),
    "v.kat": resource("VirtualLoadBalancer", "web", "{ports: []}"),
  });
  assertEquals(r, [
    "app/v.kat:5:15 spec.ports: must have at least 1 item",
    "app/w.kat:9:13 spec.replicas: must be at least 0",
  ]);
});

Deno.test("a file that is not UTF-8 is an error; a byte-order mark is fine", () => {
  const bad = parseQuadlet({ "w.kat": new Uint8Array([0x6b, 0xff, 0xfe]) }, {
    prefix: "app/",
  });
  assertEquals(
    bad.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`),
    [
      "app/w.kat:1:1 the file is not valid UTF-8 text",
    ],
  );
  const bom = parseManifest(new Uint8Array([0xef, 0xbb, 0xbf, ...workload()]));
  assertEquals(bom.diagnostics, []);
});

Deno.test("only: the files named, the rules that involve them, the quadlet as a whole", () => {
  const seen = (files: Record<string, Uint8Array>, only?: string[]) => {
    const r = parseQuadlet(files, { prefix: "app/", name: "app", only });
    return [
      r.valid,
      r.resources.map((res) => res.file).join(" "),
      ...r.diagnostics.map((d) =>
        `${d.file}:${d.line}:${d.column} ${d.code} ${d.path}`
      ),
    ];
  };
  const files = {
    "workload.kat": workload("web"),
    "lb.kat": resource("VirtualLoadBalancer", "webb", VLB_SPEC),
    "lb2.kat": resource("VirtualLoadBalancer", "web", "{ports: []}"),
    "job.kat": resource("JobDefinition"),
    "notes.txt": enc("x"),
  };
  const everything = seen(files);
  assertEquals(everything, [
    false,
    "app/job.kat app/lb.kat app/lb2.kat app/workload.kat",
    "app/lb.kat:4:9 invalid metadata.name",
    "app/lb2.kat:2:7 duplicate kind",
    "app/lb2.kat:5:15 required spec.ports",
    "app/notes.txt:1:1 ignored ",
    "app/workload.kat:6:9 invalid spec.type",
  ]);
  assertEquals(seen(files, Object.keys(files)), everything);
  // The workload: compared with lb.kat (said at its own name, as lb.kat is
  // not reported on), and what job.kat asks of it.
  assertEquals(seen(files, ["workload.kat"]), [
    false,
    "app/workload.kat",
    "app/workload.kat:4:9 invalid metadata.name",
    "app/workload.kat:6:9 invalid spec.type",
  ]);
  // The first balancer: its own mismatch, as when all are named, and its
  // clash with the second, said at it.
  assertEquals(seen(files, ["lb.kat"]), [
    false,
    "app/lb.kat",
    "app/lb.kat:2:7 duplicate kind",
    "app/lb.kat:4:9 invalid metadata.name",
  ]);
  // Each message names the other file, and the value compared with.
  const said = (only: string[]) =>
    parseQuadlet(files, { prefix: "app/", only }).diagnostics.map((d) =>
      `${d.file}:${d.line}:${d.column} ${d.message} (${d.hint})`
    );
  assertEquals(
    said(["lb.kat"])[0],
    "app/lb.kat:2:7 a quadlet holds at most one VirtualLoadBalancer (another one is in app/lb2.kat)",
  );
  assertEquals(said(["workload.kat"]), [
    'app/workload.kat:4:9 metadata.name "web" differs from the VirtualLoadBalancer\'s "webb" (app/lb.kat) (every resource of a quadlet is named like its Workload)',
    "app/workload.kat:6:9 a JobDefinition (app/job.kat) needs spec.type JOB (set spec.type: JOB, or remove the JobDefinition)",
  ]);
  assertEquals(said(["job.kat"]), [
    "app/job.kat:2:7 a JobDefinition (app/job.kat) needs spec.type JOB, at spec.type in app/workload.kat (set spec.type: JOB, or remove the JobDefinition)",
  ]);
  // Both: their mismatch as when all are named.
  assertEquals(seen(files, ["lb.kat", "workload.kat"]), [
    false,
    "app/lb.kat app/workload.kat",
    "app/lb.kat:2:7 duplicate kind",
    "app/lb.kat:4:9 invalid metadata.name",
    "app/workload.kat:6:9 invalid spec.type",
  ]);
  // The second balancer: its own error, and its clash with the first.
  assertEquals(seen(files, ["lb2.kat"]), [
    false,
    "app/lb2.kat",
    "app/lb2.kat:2:7 duplicate kind",
    "app/lb2.kat:5:15 required spec.ports",
  ]);
  // The job: what it asks of the workload, said at the job.
  assertEquals(seen(files, ["job.kat"]), [
    false,
    "app/job.kat",
    "app/job.kat:2:7 invalid kind",
  ]);
  assertEquals(seen(files, []), [true, ""]);
  // A Namespace beside a Workload: the rule involves both.
  const withNamespace = {
    "workload.kat": workload("web"),
    "ns.kat": resource("Namespace"),
  };
  assertEquals(seen(withNamespace, ["workload.kat"]), [
    false,
    "app/workload.kat",
    "app/workload.kat:2:7 forbidden kind",
  ]);
  assertEquals(
    parseQuadlet(withNamespace, { only: ["workload.kat"] }).diagnostics[0]
      .message,
    "a quadlet with a Namespace (ns.kat) must hold nothing else",
  );
  assertEquals(seen(withNamespace, ["ns.kat"]), [
    false,
    "app/ns.kat",
    "app/ns.kat:2:7 forbidden kind",
  ]);
  // What is said of the quadlet as a whole is said whatever is named.
  assertEquals(seen({ "lb.kat": files["lb.kat"] }, []), [
    false,
    "",
    "app:1:1 required ",
  ]);
});
