import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { brief, lines, resourceOf, where } from "../helpers.ts";

function kind(kind: string, ...spec: string[]) {
  return parseManifest(
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      `kind: ${kind}`,
      "metadata:",
      "  name: web",
      "spec:",
      ...spec.map((l) => "  " + l),
    ),
    { file: `${kind}.kat` },
  );
}

const vlb = (...spec: string[]) => kind("VirtualLoadBalancer", ...spec);
const PORTS = [
  "ports:",
  "  - {name: http, containerPort: 8080}",
  "  - {name: dns, containerPort: 53, protocol: UDP}",
];

Deno.test("VirtualLoadBalancer: ports are required, in range, unique by name and by port/protocol", () => {
  assertEquals(
    brief(
      kind("VirtualLoadBalancer", "healthCheck: {exec: {command: [x]}}")
        .diagnostics,
    ),
    [
      "6:3 spec.ports: required field is missing",
    ],
  );
  const r = vlb(
    "ports:",
    "  - {name: http, containerPort: 8080}",
    "  - {name: http, containerPort: 8081}",
    "  - {name: alt, containerPort: 8080, protocol: TCP}",
    "  - {name: udp, containerPort: 8080, protocol: UDP}",
    "  - {name: big, containerPort: 70000}",
  );
  assertEquals(brief(r.diagnostics), [
    '8:14 spec.ports[1].name: duplicate value "http"',
    '9:34 spec.ports[2].containerPort: duplicate value "8080/TCP"',
    "11:34 spec.ports[4].containerPort: must be between 1 and 65535",
  ]);
});

Deno.test("VirtualLoadBalancer: health check defaults and timeout within period", () => {
  const ok = vlb(
    ...PORTS,
    "healthCheck: {exec: {command: [curl, -f, localhost]}}",
  );
  assertEquals(ok.diagnostics, []);
  assertEquals(resourceOf(ok, "VirtualLoadBalancer")?.spec?.healthCheck, {
    exec: { command: ["curl", "-f", "localhost"] },
    initialDelaySeconds: 0,
    periodSeconds: 10,
    timeoutSeconds: 1,
    successThreshold: 1,
    failureThreshold: 3,
  });
  const slow = vlb(
    ...PORTS,
    "healthCheck: {exec: {command: [x]}, timeoutSeconds: 11}",
  );
  assertEquals(brief(slow.diagnostics), [
    "9:55 spec.healthCheck.timeoutSeconds: timeoutSeconds (11) must not exceed periodSeconds (10)",
  ]);
  const period = vlb(
    ...PORTS,
    "healthCheck: {exec: {command: [x]}, timeoutSeconds: 5, periodSeconds: 4}",
  );
  assertEquals(where(period.diagnostics), [
    "9:55 spec.healthCheck.timeoutSeconds",
  ]);
  const empty = vlb(
    ...PORTS,
    "healthCheck: {exec: {command: []}, failureThreshold: 0, initialDelaySeconds: -1}",
  );
  assertEquals(brief(empty.diagnostics), [
    "9:33 spec.healthCheck.exec.command: must have at least 1 item",
    "9:56 spec.healthCheck.failureThreshold: must be at least 1",
    "9:80 spec.healthCheck.initialDelaySeconds: must be at least 0",
  ]);
  assertEquals(
    brief(vlb(...PORTS, "healthCheck: {periodSeconds: 5}").diagnostics),
    [
      "9:16 spec.healthCheck.exec: required field is missing",
    ],
  );
});

Deno.test("VirtualLoadBalancer: ingress references, host, path and uniqueness", () => {
  const r = vlb(
    ...PORTS,
    "ingress:",
    "  - {host: www.example.com, servicePortName: http, tls: true}",
    "  - {host: '*.example.com', path: /api, servicePort: 8080}",
    "  - {host: www.example.com, servicePortName: htp}",
    "  - {host: a.example.com, servicePort: 9090}",
    "  - {host: Bad_Host, path: api, servicePort: 8080}",
    "  - {host: b.example.com}",
    "  - {host: '*.example.com', path: /api, servicePort: 53}",
  );
  assertEquals(brief(r.diagnostics).map((l) => l.replace(/: .*/, "")), [
    "12:14 spec.ingress[2].host",
    "12:48 spec.ingress[2].servicePortName",
    "13:42 spec.ingress[3].servicePort",
    "14:14 spec.ingress[4].host",
    "14:30 spec.ingress[4].path",
    "15:7 spec.ingress[5].servicePortName",
    "16:37 spec.ingress[6].path",
  ]);
  assertEquals(r.diagnostics[0].message, 'duplicate value "www.example.com/"');
  assertEquals(r.diagnostics[1].hint, 'did you mean "http"?');
  assertEquals(r.diagnostics[2].message, "no containerPort 9090 in spec.ports");
  assertEquals(resourceOf(r, "VirtualLoadBalancer")?.spec?.ingress?.[0], {
    host: "www.example.com",
    path: "/",
    servicePortName: "http",
    tls: true,
  });
  assertEquals(
    resourceOf(r, "VirtualLoadBalancer")?.spec?.ingress?.[1].tls,
    false,
  );
});

const job = (...spec: string[]) => kind("JobDefinition", ...spec);

Deno.test("JobDefinition: defaults", () => {
  const r = job("schedule: '*/15 * * * *'");
  assertEquals(r.diagnostics, []);
  assertEquals(resourceOf(r, "JobDefinition")?.spec, {
    schedule: "*/15 * * * *",
    completions: 1,
    parallelism: 1,
    backoffLimit: 3,
  });
  assertEquals(
    job("schedule: '@daily'", "activeDeadlineSeconds: 600").valid,
    true,
  );
});

Deno.test("JobDefinition: schedule syntax, bounds, parallelism within completions", () => {
  const r = job(
    "schedule: '61 * * * *'",
    "completions: 0",
    "backoffLimit: -1",
    "activeDeadlineSeconds: 0",
  );
  assertEquals(where(r.diagnostics), [
    "6:13 spec.schedule",
    "7:16 spec.completions",
    "8:17 spec.backoffLimit",
    "9:26 spec.activeDeadlineSeconds",
  ]);
  const par = job("completions: 2", "parallelism: 3");
  assertEquals(brief(par.diagnostics), [
    "7:16 spec.parallelism: parallelism (3) must not exceed completions (2)",
  ]);
  const parDefault = job("parallelism: 2");
  assertEquals(where(parDefault.diagnostics), ["6:16 spec.parallelism"]);
  assertEquals(job("schedule: '@every 5m'").diagnostics.map((d) => d.path), [
    "spec.schedule",
  ]);
});

const build = (...spec: string[]) => kind("BuildDefinition", ...spec);

Deno.test("BuildDefinition: defaults", () => {
  const r = build("targetStage: runtime");
  assertEquals(r.diagnostics, []);
  assertEquals(resourceOf(r, "BuildDefinition")?.spec, {
    buildContext: ".",
    dockerfilePath: "Dockerfile",
    targetStage: "runtime",
  });
});

Deno.test("BuildDefinition: paths must stay inside, args, platform, cache repository", () => {
  const r = build(
    "buildContext: /abs",
    "dockerfilePath: ../Dockerfile",
    "buildArgs: {GO_VERSION: '1.22', 1BAD: x}",
    "platform: linux",
    "cache: {registryPath: 'reg.example.com/cache:latest'}",
  );
  assertEquals(where(r.diagnostics), [
    "6:17 spec.buildContext",
    "7:19 spec.dockerfilePath",
    "8:35 spec.buildArgs[1BAD]",
    "9:13 spec.platform",
    "10:25 spec.cache.registryPath",
  ]);
  const ok = build(
    "platform: linux/arm64/v8",
    "buildArgs: {GO_VERSION: '1.22'}",
    "cache: {registryPath: reg.example.com/cache}",
  );
  assertEquals(ok.diagnostics, []);
});

Deno.test("only a Namespace may leave spec out or empty", () => {
  for (const [spec, column] of [["spec: {}", 7], ["spec:", 1]] as const) {
    const r = parseManifest(
      lines(
        "apiVersion: kat.dws.rip/v1alpha1",
        "kind: BuildDefinition",
        "metadata: {name: a}",
        spec,
      ),
    );
    assertEquals(brief(r.diagnostics), [
      `4:${column} spec: spec must not be empty`,
    ]);
    assertEquals(
      r.diagnostics[0].hint,
      "only a Namespace may leave spec out or empty",
    );
  }
  const missing = parseManifest(
    lines(
      "apiVersion: kat.dws.rip/v1alpha1",
      "kind: JobDefinition",
      "metadata: {name: a}",
    ),
  );
  assertEquals(brief(missing.diagnostics), [
    "1:1 spec: required field is missing",
  ]);
});

Deno.test("Namespace: spec may be absent or empty, but holds no fields", () => {
  const base = [
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Namespace",
    "metadata: {name: team-a}",
  ];
  assertEquals(parseManifest(lines(...base)).diagnostics, []);
  assertEquals(
    parseManifest(lines(...base, "spec: {}")).diagnostics,
    [],
  );
  assertEquals(parseManifest(lines(...base, "spec:")).diagnostics, []);
  assertEquals(
    brief(parseManifest(lines(...base, "spec: {x: 1}")).diagnostics),
    [
      '4:8 spec.x: unknown field "x"',
    ],
  );
  assertEquals(parseManifest(lines(...base)).resources[0]?.resource.metadata, {
    name: "team-a",
  });
});

Deno.test("metadata: name required, DNS label of at most 63, labels and namespace checked", () => {
  const head = ["apiVersion: kat.dws.rip/v1alpha1", "kind: JobDefinition"];
  const missing = parseManifest(
    lines(...head, "metadata: {labels: {a: b}}", "spec: {completions: 1}"),
  );
  assertEquals(brief(missing.diagnostics), [
    "3:11 metadata.name: required field is missing",
  ]);
  const long = parseManifest(
    lines(
      ...head,
      `metadata: {name: ${"a".repeat(64)}}`,
      "spec: {completions: 1}",
    ),
  );
  assertEquals(where(long.diagnostics), ["3:18 metadata.name"]);
  const ns = parseManifest(
    lines(
      ...head,
      "metadata: {name: a, namespace: Prod}",
      "spec: {completions: 1}",
    ),
  );
  assertEquals(where(ns.diagnostics), ["3:32 metadata.namespace"]);
  const labels = parseManifest(lines(
    ...head,
    "metadata:",
    "  name: a",
    "  labels: {example.com/tier: web, empty: '', tier: 'a b'}",
    "  annotations: {note: 'free text, anything: goes'}",
    "spec: {completions: 1}",
  ));
  assertEquals(where(labels.diagnostics), ["5:52 metadata.labels[tier]"]);
});

Deno.test("VirtualLoadBalancer: the declared ports of a hint leave out a port that has no name or number", () => {
  const r = vlb(
    "ports:",
    "  - {name: metrics}",
    "  - {containerPort: 9100}",
    "ingress:",
    "  - {host: a.example.com, servicePort: 80}",
    "  - {host: b.example.com, servicePortName: web}",
  );
  assertEquals(
    r.diagnostics.filter((d) => d.code === "not_found").map((d) =>
      `${d.path}: ${d.message} (${d.hint})`
    ),
    [
      "spec.ingress[0].servicePort: no containerPort 80 in spec.ports (declared ports: 9100)",
      'spec.ingress[1].servicePortName: no port named "web" in spec.ports (declared ports: metrics)',
    ],
  );
});
