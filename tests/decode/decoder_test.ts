import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { brief, lines } from "../helpers.ts";

const HEAD = ["apiVersion: kat.dws.rip/v1alpha1"];

function vlb(...spec: string[]) {
  return parseManifest(
    lines(
      ...HEAD,
      "kind: VirtualLoadBalancer",
      "metadata:",
      "  name: web",
      "spec:",
      ...spec,
    ),
    { file: "VirtualLoadBalancer.kat" },
  );
}

const PORT = ["  ports:", "    - name: http", "      containerPort: 8080"];

Deno.test("a valid document decodes with defaults and no diagnostics", () => {
  const r = vlb(...PORT);
  assertEquals(r.diagnostics, []);
  assertEquals(r.resources[0]?.resource, {
    apiVersion: "kat.dws.rip/v1alpha1",
    kind: "VirtualLoadBalancer",
    metadata: { name: "web", namespace: "default" },
    spec: {
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
    },
  });
});

Deno.test("an empty file, a comment-only file and a bare scalar are errors", () => {
  assertEquals(brief(parseManifest("").diagnostics), [
    "1:1 : the file holds no YAML document",
  ]);
  assertEquals(brief(parseManifest("# nothing\n").diagnostics), [
    "1:1 : the file holds no YAML document",
  ]);
  assertEquals(brief(parseManifest("hello\n").diagnostics), [
    "1:1 : a manifest must be a mapping with apiVersion, kind, metadata and spec",
  ]);
});

Deno.test("a second document is an error at its start", () => {
  const r = parseManifest(lines("kind: Namespace", "---", "kind: Namespace"));
  assertEquals(brief(r.diagnostics), [
    "2:1 : a .kat file holds exactly one YAML document, found 2",
  ]);
  assertEquals(r.valid, false);
});

Deno.test("malformed YAML is reported at its position, never thrown", () => {
  const r = parseManifest(
    lines("kind: Namespace", "metadata: {name: a", "spec: {}"),
  );
  assertEquals(r.valid, false);
  assertEquals(brief(r.diagnostics), ["2:11 : this { is never closed"]);
  assertEquals(r.diagnostics[0].hint, "end it with }");
  assertEquals(r.diagnostics[0].code, "yaml");
});

Deno.test("kind: missing, unknown with a hint, internal Node", () => {
  const missing = parseManifest(lines(...HEAD, "metadata: {name: a}"));
  assertEquals(brief(missing.diagnostics), [
    "1:1 kind: required field is missing",
  ]);
  const typo = parseManifest(
    lines(...HEAD, "kind: workload", "metadata: {name: a}"),
  );
  assertEquals(brief(typo.diagnostics), [
    '2:7 kind: unknown kind "workload": must be one of Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace, ClusterConfiguration',
  ]);
  assertEquals(typo.diagnostics[0].hint, 'did you mean "Workload"?');
  const node = parseManifest(
    lines(...HEAD, "kind: Node", "metadata: {name: n1}"),
  );
  assertEquals(brief(node.diagnostics), [
    "2:7 kind: Node resources are written by the leader and cannot be read from a file",
  ]);
});

Deno.test("apiVersion must be exact", () => {
  const r = parseManifest(
    lines(
      "apiVersion: kat.dws.rip/v1",
      "kind: Namespace",
      "metadata: {name: a}",
    ),
  );
  assertEquals(brief(r.diagnostics).length, 1);
  assertEquals(r.diagnostics[0].path, "apiVersion");
  assertEquals([r.diagnostics[0].line, r.diagnostics[0].column], [1, 13]);
});

Deno.test("unknown keys get a did-you-mean hint, or the list of known fields", () => {
  const r = vlb("  port:", "    - name: http");
  assertEquals(brief(r.diagnostics), [
    '6:3 spec.port: unknown field "port"',
    "6:3 spec.ports: required field is missing",
  ]);
  assertEquals(r.diagnostics[0].hint, 'did you mean "ports"?');
  const far = vlb(...PORT, "  zzzzzz: 1");
  assertEquals(
    far.diagnostics[0].hint,
    "known fields: ports, healthCheck, ingress",
  );
});

Deno.test("duplicate keys are errors at the second key, in mappings and maps", () => {
  const r = parseManifest(lines(
    ...HEAD,
    "kind: Namespace",
    "metadata:",
    "  name: a",
    "  labels:",
    "    tier: web",
    "    tier: db",
    "  name: b",
  ));
  assertEquals(brief(r.diagnostics), [
    '7:5 metadata.labels[tier]: duplicate key "tier"',
    '8:3 metadata.name: duplicate key "name"',
  ]);
  assertEquals(r.diagnostics[1].hint, "first written on line 4");
});

Deno.test("system-set fields and status are rejected", () => {
  const r = parseManifest(lines(
    ...HEAD,
    "kind: Namespace",
    "metadata:",
    "  name: a",
    "  uid: 1234",
    "  generation: 3",
    "  resourceVersion: '7'",
    "  creationTimestamp: 2026-01-01T00:00:00Z",
    "status: {}",
  ));
  assertEquals(brief(r.diagnostics), [
    "5:3 metadata.uid: metadata.uid is set by the system and cannot be written in a manifest",
    "6:3 metadata.generation: metadata.generation is set by the system and cannot be written in a manifest",
    "7:3 metadata.resourceVersion: metadata.resourceVersion is set by the system and cannot be written in a manifest",
    "8:3 metadata.creationTimestamp: metadata.creationTimestamp is set by the system and cannot be written in a manifest",
    "9:1 status: status is set by the system and cannot be written in a manifest",
  ]);
});

Deno.test("cluster-scoped kinds must not set a namespace", () => {
  const r = parseManifest(
    lines(
      ...HEAD,
      "kind: Namespace",
      "metadata:",
      "  name: a",
      "  namespace: b",
    ),
  );
  assertEquals(brief(r.diagnostics), [
    "5:14 metadata.namespace: Namespace is cluster-scoped and must not set metadata.namespace",
  ]);
});

Deno.test("enum spellings are exact; near misses get a hint", () => {
  const r = vlb(
    "  ports:",
    "    - name: http",
    "      containerPort: 8080",
    "      protocol: tcp",
  );
  assertEquals(brief(r.diagnostics), [
    '9:17 spec.ports[0].protocol: unsupported value "tcp": must be one of "TCP", "UDP"',
  ]);
  assertEquals(r.diagnostics[0].hint, 'did you mean "TCP"?');
});

Deno.test("strings: numbers and booleans need quotes", () => {
  const r = vlb("  ports:", "    - name: 8080", "      containerPort: 8080");
  assertEquals(brief(r.diagnostics), [
    "7:13 spec.ports[0].name: expected a string, got the integer 8080",
  ]);
  assertEquals(r.diagnostics[0].hint, 'quote it: "8080"');
});

Deno.test("booleans are true/false only: yes is a string in YAML 1.2", () => {
  const r = vlb(
    ...PORT,
    "  ingress:",
    "    - host: a.example.com",
    "      servicePort: 8080",
    "      tls: yes",
  );
  assertEquals(brief(r.diagnostics), [
    '12:12 spec.ingress[0].tls: expected true or false, got the string "yes"',
  ]);
  assertEquals(
    r.diagnostics[0].hint,
    "YAML 1.2 booleans are written true or false",
  );
});

Deno.test("a %YAML 1.1 directive does not bring back 1.1 booleans", () => {
  const r = parseManifest(
    "%YAML 1.1\n---\n" +
      lines(
        ...HEAD,
        "kind: Namespace",
        "metadata:",
        "  name: a",
        "  labels: {on: yes}",
      ),
  );
  assertEquals(r.diagnostics, []);
  assertEquals(r.resources[0]?.resource.metadata?.labels, { on: "yes" });
});

Deno.test("lists and mappings are checked for shape", () => {
  const r = vlb("  ports: http", "  healthCheck: [1]");
  assertEquals(brief(r.diagnostics), [
    '6:10 spec.ports: expected a list, got the string "http"',
    "7:16 spec.healthCheck: expected a mapping, got a list",
  ]);
  const empty = vlb("  ports: []");
  assertEquals(brief(empty.diagnostics), [
    "6:10 spec.ports: must have at least 1 item",
  ]);
});

Deno.test("null values are errors for scalars and lists", () => {
  const r = vlb("  ports:", "    - name:", "      containerPort: ~");
  assertEquals(brief(r.diagnostics), [
    "7:7 spec.ports[0].name: expected a string, got null",
    "8:22 spec.ports[0].containerPort: expected an integer, got null",
  ]);
});

Deno.test("one-of members exclude each other", () => {
  const r = vlb(
    ...PORT,
    "  ingress:",
    "    - host: a.example.com",
    "      servicePort: 8080",
    "      servicePortName: http",
  );
  assertEquals(brief(r.diagnostics), [
    "12:7 spec.ingress[0].servicePortName: only one of servicePortName, servicePort may be set, but servicePort is set too",
  ]);
});

Deno.test("map keys and values are checked by their formats", () => {
  const r = parseManifest(
    lines(
      ...HEAD,
      "kind: Namespace",
      "metadata:",
      "  name: a",
      "  labels:",
      "    -bad: ok",
      "    good: -bad-",
    ),
  );
  assertEquals(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.path}`), [
    "6:5 metadata.labels[-bad]",
    "7:11 metadata.labels[good]",
  ]);
  assertEquals(r.diagnostics[0].message.startsWith("key: "), true);
  const num = parseManifest(
    lines(
      ...HEAD,
      "kind: Namespace",
      "metadata:",
      "  name: a",
      "  labels: {1: x}",
    ),
  );
  assertEquals(brief(num.diagnostics), [
    "5:12 metadata.labels[1]: keys must be strings, got the integer 1",
  ]);
});

Deno.test("anchors and aliases are allowed in moderation", () => {
  const r = vlb(
    "  ports:",
    "    - &p {name: http, containerPort: 8080}",
    "  ingress:",
    "    - {host: a.example.com, servicePort: 8080}",
    "    - {host: b.example.com, servicePort: 8080}",
  );
  assertEquals(r.diagnostics, []);
});

Deno.test("a billion-laughs document fails fast with a clear error", () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const cur = String.fromCharCode(97 + i);
    levels.push(`${cur}: &${cur} [${Array(10).fill("*" + prev).join(",")}]`);
  }
  const text = lines(
    ...HEAD,
    "kind: Namespace",
    "metadata:",
    "  name: a",
    "  annotations:",
    ...levels.map((l) => "    " + l),
    "spec:",
    "  x: *j",
  );
  const start = performance.now();
  const r = parseManifest(text);
  const ms = performance.now() - start;
  assertEquals(r.valid, false);
  const bomb = r.diagnostics.find((d) =>
    d.message.includes("anchors and aliases")
  );
  assertEquals(
    bomb?.message,
    "anchors and aliases expand to more than 10000 nodes",
  );
  assertEquals(ms < 5000, true, `took ${ms} ms`);
});

Deno.test("the alias budget is configurable", () => {
  const r = parseManifest(
    lines(...HEAD, "kind: Namespace", "metadata: &m {name: a}", "spec: *m"),
    { maxAliasNodes: 1 },
  );
  assertEquals(r.diagnostics.map((d) => d.message), [
    "anchors and aliases expand to more than 1 nodes",
  ]);
});

Deno.test("unknown YAML tags are errors; standard ones are fine", () => {
  const base = [
    "apiVersion: kat.dws.rip/v1alpha1",
    "kind: Namespace",
    "metadata:",
  ];
  const custom = parseManifest(lines(...base, "  name: !custom a"));
  assertEquals(brief(custom.diagnostics), [
    '4:9 metadata.name: unknown YAML tag "!custom"',
  ]);
  assertEquals(
    custom.diagnostics[0].hint,
    ".kat files use plain YAML 1.2: remove the tag, or write !!str, !!int, !!float, !!bool or !!null",
  );
  assertEquals(
    parseManifest(lines(...base, "  name: !!str a")).diagnostics,
    [],
  );
});

Deno.test("absurdly deep nesting is a clear error, not a crash", () => {
  const r = parseManifest(
    lines(
      "kind: Namespace",
      "metadata: {name: a}",
      "x: " + "[".repeat(20000) + "]".repeat(20000),
    ),
  );
  assertEquals(brief(r.diagnostics), [
    "3:70 : nesting is deeper than 64 levels",
  ]);
});
