/**
 * The fast-decoder generator on a made-up proto with what the KAT proto does
 * not use (int64, double, bytes, maps of numbers and of messages, lists of
 * enums, a message that may be null): each generated decoder, imported from
 * a temporary file, either gives up or builds what the generic decoder builds
 * from the same tables while reporting nothing; the same for the decoders
 * from events, and the depth the event decoders may leave to the proto.
 */
import {
  EVENT_DEPTH_LIMIT,
  fastDecodeTs,
} from "../../scripts/generate_fast_decode.ts";
import { documentEvents } from "../../src/decode/yaml_events.ts";
import { DEFAULT_MAX_DEPTH } from "../../src/decode/yaml_file.ts";
import { Decoder } from "../../src/decode/decoder.ts";
import { parseYamlFile } from "../../src/decode/yaml_file.ts";
import { Reporter } from "../../src/diagnostics/reporter.ts";
import { linkTables } from "../../src/schema/registry.ts";
import type { SchemaTables } from "../../src/schema/tables.ts";
import { assertEquals, assertRejects } from "../assert.ts";
import { lines, tempDir } from "../helpers.ts";

const TABLES: SchemaTables = {
  apiVersion: "t/v1",
  messages: [
    {
      fullName: "t.Thing",
      resource: {
        kind: "Thing",
        clusterScoped: true,
        internal: false,
        specOptional: true,
      },
      fields: [
        { name: "kind", jsonName: "kind", id: 1, type: "string" },
        {
          name: "big",
          jsonName: "big",
          id: 2,
          type: "int64",
          rules: { min: -5 },
        },
        { name: "ratio", jsonName: "ratio", id: 3, type: "double" },
        { name: "blob", jsonName: "blob", id: 4, type: "bytes" },
        {
          name: "counts",
          jsonName: "counts",
          id: 5,
          type: "uint32",
          label: "map",
          keyType: "string",
        },
        {
          name: "parts",
          jsonName: "parts",
          id: 6,
          type: "t.Part",
          label: "map",
          keyType: "string",
        },
        {
          name: "modes",
          jsonName: "modes",
          id: 7,
          type: "t.Mode",
          label: "repeated",
        },
        { name: "part", jsonName: "part", id: 8, type: "t.Part" },
        { name: "n", jsonName: "n", id: 9, type: "int32", oneof: "pick" },
        { name: "s", jsonName: "s", id: 10, type: "string", oneof: "pick" },
      ],
    },
    {
      fullName: "t.Part",
      fields: [{ name: "on", jsonName: "on", id: 1, type: "bool" }],
    },
  ],
  enums: [{
    fullName: "t.Mode",
    values: [
      { name: "MODE_UNSPECIFIED", number: 0 },
      { name: "MODE_A", number: 1, spelling: "A" },
    ],
  }],
};

/** The generated decoders for TABLES, imported from a temporary file. */
async function generated(): Promise<
  (root: unknown) => Record<string, unknown> | undefined
> {
  const src = new URL("../../src/", import.meta.url).href;
  const code = fastDecodeTs(TABLES)
    .replace('"../decode/yaml_tree.ts"', `"${src}decode/yaml_tree.ts"`)
    .replace(
      '"../rules/formats_by_name.ts"',
      `"${src}rules/formats_by_name.ts"`,
    )
    .replace('import type { Kind } from "./types.ts";', "type Kind = string;");
  const path = `${await tempDir("fast-decode")}/fast_decode.ts`;
  await Deno.writeTextFile(path, code);
  const module = await import(`file://${path}`);
  return module.fastDecoders.Thing;
}

const THING = linkTables(TABLES).messages.get("t.Thing")!;

/** The generic decoder's object and problems for `text`. */
function generic(text: string) {
  const { root, lines } = parseYamlFile(text, "t.yaml");
  const reporter = new Reporter("t.yaml", () => ({ line: 1, column: 1 }));
  const out = new Decoder(lines, reporter).decodeRoot(root!, THING, {
    systemKeys: ["status"],
    skip: ["kind"],
  });
  return {
    root: root!,
    out,
    problems: reporter.diagnostics.map((d) => d.message),
  };
}

const TAKEN = [
  lines("kind: Thing", "big: -5", "ratio: 2", "counts: {a: 1, b: 4294967295}"),
  lines(
    "kind: Thing",
    "big: 9223372036854775807",
    "ratio: 1.5e3",
    "modes: [A, A]",
  ),
  lines(
    "kind: Thing",
    "parts: {x: {on: true}, y: ~}",
    "part: ~",
    "n: 3",
  ),
  lines("kind: Thing", "counts: {}", "parts: ~", "modes: []", "part: {}"),
];

const GIVE_UP = [
  lines("kind: Thing", "big: -6"),
  lines("kind: Thing", "big: 9223372036854775808"),
  lines("kind: Thing", "ratio: x"),
  lines("kind: Thing", "blob: abc"),
  lines("kind: Thing", "counts: {a: -1}"),
  lines("kind: Thing", "counts: {a: 4294967296}"),
  lines("kind: Thing", "counts: {a: 1, a: 2}"),
  lines("kind: Thing", "parts: {x: {on: 1}}"),
  lines("kind: Thing", "modes: [B]"),
  lines("kind: Thing", "n: 1", "s: x"),
  lines("kind: Thing", "part: []"),
  lines("kind: Thing", "s: ~"),
];

Deno.test("generated decoders of types the KAT proto does not use agree with the generic decoder", async () => {
  const fast = await generated();
  for (const text of TAKEN) {
    const { root, out, problems } = generic(text);
    assertEquals([text, problems], [text, []]);
    const decoded = fast(root);
    assertEquals([text, decoded], [text, out]);
    assertEquals(JSON.stringify(decoded), JSON.stringify(out));
  }
  for (const text of GIVE_UP) {
    const { root } = parseYamlFile(text, "t.yaml");
    assertEquals([text, fast(root!)], [text, undefined]);
    // bytes: the generic decoder throws (no such type in the KAT proto).
    if (text.includes("blob")) continue;
    assertEquals([text, generic(text).problems.length > 0], [text, true]);
  }
});

/** The generated event decoders for `tables`, imported from a temporary file. */
async function generatedEvents(tables: SchemaTables): Promise<
  (text: string, events: unknown) => Record<string, unknown> | undefined
> {
  const src = new URL("../../src/", import.meta.url).href;
  const code = fastDecodeTs(tables, "events")
    .replace('"../decode/yaml_tree.ts"', `"${src}decode/yaml_tree.ts"`)
    .replace('"../decode/yaml_events.ts"', `"${src}decode/yaml_events.ts"`)
    .replace(
      '"../rules/formats_by_name.ts"',
      `"${src}rules/formats_by_name.ts"`,
    )
    .replace('import type { Kind } from "./types.ts";', "type Kind = string;");
  const path = `${await tempDir("fast-decode-events")}/fast_decode_events.ts`;
  await Deno.writeTextFile(path, code);
  const module = await import(`file://${path}`);
  return module.fastEventDecoders.Thing;
}

Deno.test("generated event decoders of types the KAT proto does not use agree with the generic decoder", async () => {
  const fast = await generatedEvents(TABLES);
  for (const text of TAKEN) {
    const { out } = generic(text);
    const decoded = fast(text, documentEvents(text));
    assertEquals([text, decoded], [text, out]);
    assertEquals(JSON.stringify(decoded), JSON.stringify(out));
  }
  for (const text of GIVE_UP) {
    assertEquals([text, fast(text, documentEvents(text))], [text, undefined]);
  }
});

/** TABLES with t.Part holding `field`. */
function withPartField(field: SchemaTables["messages"][0]["fields"][0]) {
  return {
    ...TABLES,
    messages: TABLES.messages.map((m) =>
      m.fullName === "t.Part" ? { ...m, fields: [...m.fields, field] } : m
    ),
  };
}

/** The message of what `fn` throws. */
async function thrown(fn: () => unknown): Promise<string> {
  return (await assertRejects(async () => await fn(), Error)).message;
}

Deno.test("the event decoders leave depth to the proto only within the tree builder's limit", async () => {
  assertEquals(EVENT_DEPTH_LIMIT, DEFAULT_MAX_DEPTH);
  const recursive = withPartField({
    name: "inner",
    jsonName: "inner",
    id: 2,
    type: "t.Part",
  });
  assertEquals(
    await thrown(() => fastDecodeTs(recursive, "events")),
    "fast decode: t.Part contains itself",
  );
  // The fast decoders from the tree need no such bound.
  assertEquals(fastDecodeTs(recursive).includes("function M_Part"), true);
  // Thing, its map of Parts, a Part and a chain of n messages ending in a
  // bool: n + 4 levels (`parts: {x: {l: {next: ... {on: true}}}}`).
  const chained = (n: number) => {
    const tables = withPartField({
      name: "l",
      jsonName: "l",
      id: 2,
      type: "t.L0",
    });
    for (let i = 0; i < n; i++) {
      tables.messages.push({
        fullName: `t.L${i}`,
        fields: i + 1 < n
          ? [{ name: "next", jsonName: "next", id: 1, type: `t.L${i + 1}` }]
          : [{ name: "on", jsonName: "on", id: 1, type: "bool" }],
      });
    }
    return tables;
  };
  const most = EVENT_DEPTH_LIMIT - 5;
  assertEquals(
    fastDecodeTs(chained(most), "events").includes("function M_L0"),
    true,
  );
  assertEquals(
    await thrown(() => fastDecodeTs(chained(most + 1), "events")),
    "fast decode: t.Thing nests too deeply",
  );
});
