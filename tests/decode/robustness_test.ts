import { assertEquals } from "../assert.ts";
import { parseManifest } from "../../src/manifest/parse_manifest.ts";
import { lines } from "../helpers.ts";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.ts";

const HEAD = "apiVersion: kat.dws.rip/v1alpha1";

/** `LINE:COL CODE PATH: MESSAGE (hint)` of each diagnostic. */
function full(text: string): string[] {
  return parseManifest(text, { file: "x.kat" }).diagnostics.map((
    d: Diagnostic,
  ) =>
    `${d.line}:${d.column} ${d.code} ${d.path}: ${d.message}${
      d.hint ? ` (hint: ${d.hint})` : ""
    }`
  );
}

Deno.test("a key with no value is checked like {}: what it must hold is missing", () => {
  assertEquals(full(lines(HEAD, "kind: Namespace", "metadata:")), [
    "3:1 required metadata.name: required field is missing",
  ]);
  assertEquals(
    full(lines(
      HEAD,
      "kind: Workload",
      "metadata: {name: a}",
      "spec:",
      "  type: SERVICE",
      "  source:",
      "  container: {}",
    )),
    [
      "6:3 required spec.source.image: required field is missing (hint: set exactly one of image, git)",
    ],
  );
  assertEquals(
    full(lines(
      HEAD,
      "kind: VirtualLoadBalancer",
      "metadata: {name: a}",
      "spec:",
      "  ports: [{name: h, containerPort: 80}]",
      "  healthCheck:",
    )),
    ["6:3 required spec.healthCheck.exec: required field is missing"],
  );
  assertEquals(
    full(lines(
      HEAD,
      "kind: VirtualLoadBalancer",
      "metadata: {name: a}",
      "spec:",
      "  ports:",
      "    - ",
    )),
    [
      "6:5 required spec.ports[0].containerPort: required field is missing",
      "6:5 required spec.ports[0].name: required field is missing",
    ],
  );
});

Deno.test("an alias that names no anchor is an error at the alias, with its path", () => {
  assertEquals(
    full(lines(HEAD, "kind: Workload", "metadata: {name: a}", "spec: *s")),
    [
      "4:7 yaml spec: the alias *s names no anchor (hint: write &s on the node to repeat, before the alias)",
    ],
  );
  assertEquals(
    full(lines(HEAD, "kind: Namespace", "metadata: &m {name: a, labels: *m}")),
    [
      "3:32 yaml metadata.labels: the alias *m refers to a node that contains it (hint: an alias may only repeat a node written before it, not one around it)",
    ],
  );
});

Deno.test("annotation keys follow the label-key rule", () => {
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: Namespace",
        "metadata: {name: a, annotations: {'bad key!': x, ok: 'any text: ✓'}}",
      ),
    ),
    [
      `3:35 invalid metadata.annotations[bad key!]: key: label key "bad key!" is invalid: the name must be letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
    ],
  );
});

Deno.test("a missing or unknown kind hides nothing else", () => {
  assertEquals(
    full(lines(HEAD, "metadata: {name: A}", "spec: {x: 1}", "foo: 1")),
    [
      "1:1 required kind: required field is missing (hint: one of Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace, ClusterConfiguration)",
      `2:18 invalid metadata.name: "A" is not a DNS label: use lowercase letters, digits and '-', starting and ending with a letter or digit (hint: use "a")`,
      '4:1 unknown_field foo: unknown field "foo" (hint: known fields: apiVersion, kind, metadata, spec)',
    ],
  );
  assertEquals(full(lines(HEAD, "Kind: Workload", "metadata: {name: a}")), [
    "1:1 required kind: required field is missing (hint: one of Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace, ClusterConfiguration)",
    '2:1 unknown_field Kind: unknown field "Kind" (hint: did you mean "kind"?)',
  ]);
  assertEquals(
    full(
      lines(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: a}",
        "spec: {}",
      ),
    ),
    [
      '1:13 invalid apiVersion: unsupported apiVersion "apps/v1" (hint: use kat.dws.rip/v1alpha1)',
      '2:7 not_supported kind: unknown kind "Deployment": must be one of Workload, VirtualLoadBalancer, JobDefinition, BuildDefinition, Namespace, ClusterConfiguration',
    ],
  );
});

Deno.test("tags: an unknown or impossible tag hides nothing else and carries its path", () => {
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: Namespace",
        "metadata: {name: !custom a, labels: {x: !!int y}}",
        "foo: 1",
      ),
    ),
    [
      '3:18 yaml metadata.name: unknown YAML tag "!custom" (hint: .kat files use plain YAML 1.2: remove the tag, or write !!str, !!int, !!float, !!bool or !!null)',
      '3:41 yaml metadata.labels[x]: "y" is not a valid !!int (hint: remove the tag, or write a value of that type)',
      '4:1 unknown_field foo: unknown field "foo" (hint: known fields: apiVersion, kind, metadata, spec)',
    ],
  );
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: Workload",
        "metadata: {name: a}",
        "spec: {type: SERVICE, replicas: !!float 3, source: {image: x}, container: {}}",
      ),
    ),
    [
      "4:41 type spec.replicas: expected an integer, got the number 3 (hint: write it without a fraction: 3)",
    ],
  );
});

Deno.test("messages: proto spellings, one error for a null choice, the int32 limit named", () => {
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: Workload",
        "metadata: {name: a}",
        "spec: {type: WORKLOAD_TYPE_SERVICE, source: {image: x}, container: {}}",
      ),
    ),
    [
      '4:14 not_supported spec.type: unsupported value "WORKLOAD_TYPE_SERVICE": must be one of "SERVICE", "JOB", "DAEMON_SERVICE" (hint: WORKLOAD_TYPE_SERVICE is the proto name; a manifest writes "SERVICE")',
    ],
  );
  const source = (...ls: string[]) =>
    full(
      lines(
        HEAD,
        "kind: Workload",
        "metadata: {name: a}",
        "spec:",
        "  type: SERVICE",
        "  source:",
        ...ls,
        "  container: {}",
      ),
    );
  const nullImage =
    "7:5 type spec.source.image: expected a string, got null (hint: give it a value or remove the key)";
  assertEquals(source("    image:", "    git: {repository: https://x.y/z}"), [
    nullImage,
  ]);
  assertEquals(source("    image:"), [nullImage]);
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: Workload",
        "metadata: {name: a}",
        "spec: {type: SERVICE, replicas: 2147483648, source: {image: x}, container: {}}",
      ),
    ),
    ["4:33 invalid spec.replicas: must be between 0 and 2147483647 (the int32 limit)"],
  );
});

Deno.test("syntax: CR line breaks are YAML; quotes and cron get plain words", () => {
  assertEquals(
    full(
      lines(HEAD, "kind: Namespace", "metadata:", "  name: a").replaceAll(
        "\n",
        "\r",
      ),
    ),
    [],
  );
  assertEquals(
    full(lines(HEAD, "kind: Namespace", "metadata:", '  name: "abc')),
    [
      '4:9 yaml : this double-quoted string is never closed (hint: end it with ")',
    ],
  );
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: JobDefinition",
        "metadata: {name: a}",
        "spec:",
        "  schedule: */5 * * * *",
      ),
    ),
    [
      '5:13 yaml : a plain value cannot start with "*" (hint: quote it: schedule: "*/5 * * * *")',
    ],
  );
  assertEquals(
    full(
      lines(
        HEAD,
        "kind: JobDefinition",
        "metadata: {name: a}",
        "spec:",
        "  schedule: @daily",
      ),
    ),
    [
      '5:13 yaml : a plain value cannot start with "@" (hint: quote it: schedule: "@daily")',
    ],
  );
});

Deno.test("nesting: 64 levels pass, the 65th is an error at its node, the same every run", () => {
  const compact = (n: number) =>
    full(
      lines(
        HEAD,
        "kind: Namespace",
        "metadata: {name: a}",
        "x:",
        "  " + "- ".repeat(n) + "x",
      ),
    );
  const unknownX =
    '4:1 unknown_field x: unknown field "x" (hint: known fields: apiVersion, kind, metadata, spec)';
  // The root mapping is level 1, x's lists 2 to 63, the value 64.
  assertEquals(compact(62), [unknownX]);
  assertEquals(compact(63), ["5:129 yaml : nesting is deeper than 64 levels"]);
  assertEquals(compact(64), ["5:129 yaml : nesting is deeper than 64 levels"]);
  const flow = (n: number) =>
    full(
      lines(
        HEAD,
        "kind: Namespace",
        "metadata: {name: a}",
        "x: " + "[".repeat(n) + "]".repeat(n),
      ),
    );
  assertEquals(flow(63), [unknownX]);
  assertEquals(flow(64), ["4:67 yaml : nesting is deeper than 64 levels"]);
  // Far deeper input stops where the parser guards its stack: one error,
  // at a place that depends on the input alone.
  const deep = compact(50_000);
  assertEquals(deep.length, 1);
  assertEquals(deep[0].endsWith("nesting is deeper than 64 levels"), true);
  assertEquals(compact(50_000), compact(1_000));
  assertEquals(flow(100_000), flow(1_000));
  const aliased = full(lines(
    HEAD,
    "kind: Namespace",
    "metadata: {name: a}",
    "a: &a " + "[".repeat(40) + "]".repeat(40),
    "b: " + "[".repeat(30) + "*a" + "]".repeat(30),
  ));
  assertEquals(aliased, [
    "5:34 yaml : nesting is deeper than 64 levels once aliases are expanded",
  ]);
});

Deno.test("aliases cost linear time: 10,000 of them are bounded, not walked", () => {
  const many = lines(
    HEAD,
    "kind: Namespace",
    "metadata:",
    "  name: a",
    "  labels: &l {a: b}",
    "x:",
    ...Array.from({ length: 10_000 }, () => "  - *l"),
  );
  assertEquals(full(many), [
    "6:1 yaml : anchors and aliases expand to more than 10000 nodes (hint: write the values out, or repeat smaller parts)"
      .replace(
        "6:1",
        full(many)[0].split(" ")[0],
      ),
  ]);
});
