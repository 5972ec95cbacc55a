/**
 * Editors and `katcall validate` agree: every format's JSON-Schema
 * description (pattern, maxLength, integer bounds), compiled by ajv as an
 * editor would, accepts everything its check accepts, and exactly that where
 * the format says its pattern is exact. And the emitted schema takes its
 * patterns from the formats, nowhere else.
 */
import ajvModule from "ajv/dist/2020.js";
import fc from "fast-check";
import { assertEquals } from "../assert.ts";
import { formatTable } from "../../src/rules/formats_by_name.ts";
import { formatSchema, katJsonSchema } from "../../src/schema/json_schema.ts";
import { messageTypes } from "../../src/schema/registry.ts";
import { mutations, NASTY, runs, seed, Tally, tokens } from "./generators.ts";

const Ajv2020 = ajvModule.default;
const ajv = new Ajv2020({ strict: true });

/** Valid samples per format, to mutate from. */
const SEEDS: Record<string, string[]> = {
  api_version: ["kat.dws.rip/v1alpha1"],
  dns_label: ["a", "web-1", "0abc", "a".repeat(63)],
  dns_name: [
    "kat.cluster.local",
    "a",
    "x-1.y-2",
    "a.0x1g",
    `${"a".repeat(63)}.b`,
    `${"ab.".repeat(83)}xyz`,
  ],
  ingress_host: ["example.com", "*.example.com", `*.${"ab.".repeat(83)}x`],
  label_key: [
    "tier",
    "app.kubernetes.io/name",
    "a_b.c-d",
    "A",
    `${"a.".repeat(126)}b/${"c".repeat(63)}`,
  ],
  label_value: ["", "web", "v1.2_x-y", "a".repeat(63)],
  env_name: ["PATH", "_x", "a1_B"],
  absolute_path: ["/", "/var/lib/kat", "/a/./b", "/a/..b/c..", "/..."],
  relative_path: [".", "a", "a/b/Dockerfile", "./x", "a/...", "..a"],
  url_path: ["/", "/api/v1", "/a%20b"],
  oci_reference: [
    "nginx",
    "nginx:1.25",
    "ghcr.io/org/app:1.2",
    "localhost:5000/app",
    "[::1]:5000/app",
    `nginx@sha256:${"a".repeat(64)}`,
  ],
  oci_repository: ["reg.example.com/cache", "cache", "[fd00::1]/c"],
  git_repository: [
    "https://github.com/org/app.git",
    "ssh://git@example.com:2222/org/app",
    "git@github.com:org/app.git",
    "https://[::1]/x",
  ],
  git_ref: ["main", "release/1.2", "v1.0.0", "a.locked/b", "a.b/c.d", "é"],
  git_commit: ["a1b2c3d", "0".repeat(40), "f".repeat(64)],
  max_surge: ["1", "25", "1%", "100%", "2147483647", "99%", "10%"],
  cpu_quantity: [
    "250m",
    "0.5",
    "2",
    "1.001",
    "1.5000",
    "007",
    "9223372036854775807m",
  ],
  memory_quantity: [
    "512",
    "128Mi",
    "1G",
    "1k",
    "3Ei",
    "1.5Gi",
    "0.5Ki",
    "9223372036854775807",
  ],
  cron: ["* * * * *", "*/15 9-17 * * MON-FRI", "@daily", " 0 0 1 jan * "],
  platform: ["linux/amd64", "linux/arm64/v8"],
  cidr: ["10.0.0.0/8", "fd00::/8", "::ffff:10.0.0.0/104", "0.0.0.0/0"],
};

const EXTRA = [
  "0",
  "9",
  "a",
  "Z",
  "%",
  "m",
  "Ki",
  ".",
  "/",
  "-",
  "*",
  "@",
  ":",
  "[",
  "]",
  "\0",
  "..",
  ".lock",
  "0x",
];

function input(name: string): fc.Arbitrary<string> {
  const seeds = fc.constantFrom(...SEEDS[name]);
  const alphabet = [...new Set([...EXTRA, ...NASTY, ...SEEDS[name].join("")])];
  return fc.oneof(
    { weight: 2, arbitrary: seeds },
    { weight: 5, arbitrary: mutations(seeds, alphabet) },
    { weight: 2, arbitrary: tokens(alphabet, 10) },
  );
}

Deno.test("every format has valid samples, and they pass", () => {
  assertEquals(Object.keys(SEEDS).sort(), Object.keys(formatTable).sort());
  for (const [name, seeds] of Object.entries(SEEDS)) {
    for (const v of seeds) {
      assertEquals([name, v, formatTable[name].check(v)], [name, v, undefined]);
    }
  }
});

for (const [name, format] of Object.entries(formatTable)) {
  const described = formatSchema(name);
  if (!described) continue;
  Deno.test(`format ${name}: its JSON Schema ${format.exact ? "equals" : "contains"} its check`, () => {
    const editor = ajv.compile({ type: "string", ...described });
    const t = new Tally();
    fc.assert(
      fc.property(input(name), (v) => {
        const ours = t.see(format.check(v) === undefined);
        const theirs = editor(v);
        return format.exact ? ours === theirs : !ours || theirs;
      }),
      { numRuns: runs(2000), seed: seed(51) },
    );
    t.assertBoth(0.02);
  });
}

for (const [name, format] of Object.entries(formatTable)) {
  if (!format.integer) continue;
  Deno.test(`format ${name}: its integer bounds ${format.integer.maximum === undefined ? "contain" : "equal"} its check`, () => {
    const editor = ajv.compile({ type: "integer", ...format.integer });
    const exact = format.integer!.maximum !== undefined;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -3, max: 3 }),
          fc.integer(),
          fc.constantFrom(2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER),
        ),
        (n) => {
          const ours = format.check(String(n)) === undefined;
          return exact ? ours === editor(n) : !ours || editor(n);
        },
      ),
      { numRuns: runs(1000), seed: seed(52) },
    );
  });
}

Deno.test("the schema's patterns are the formats' own, for every field that names a format", () => {
  const schema = katJsonSchema() as {
    $defs: Record<
      string,
      { properties: Record<string, Record<string, unknown>> }
    >;
  };
  let checked = 0;
  for (const type of messageTypes) {
    const def = schema.$defs[type.name];
    if (!def) continue;
    for (const field of type.fields) {
      const prop = def.properties[field.jsonName];
      if (!prop) continue;
      const r = field.rules;
      const value = field.map
        ? prop.additionalProperties as Record<string, unknown>
        : field.repeated
        ? prop.items as Record<string, unknown>
        : prop;
      const text = r.intOrString
        ? (value.anyOf as Record<string, unknown>[])[1]
        : value;
      const format = field.map ? r.valueFormat : r.format;
      if (format && text.const !== undefined) {
        // apiVersion: one constant, which must pass its own format.
        assertEquals(formatTable[format].check(String(text.const)), undefined);
      } else if (format) {
        const want = formatSchema(format) ?? {};
        assertEquals(
          [type.name, field.jsonName, text.pattern, text.maxLength],
          [type.name, field.jsonName, want.pattern, want.maxLength],
        );
        checked++;
      } else {
        assertEquals([type.name, field.jsonName, text.pattern], [
          type.name,
          field.jsonName,
          undefined,
        ]);
      }
      if (r.keyFormat) {
        assertEquals(prop.propertyNames, formatSchema(r.keyFormat));
        checked++;
      }
    }
  }
  assertEquals(checked > 20, true);
});
