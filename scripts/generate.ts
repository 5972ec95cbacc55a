/**
 * Generates `src/gen/` from `proto/kat/v1alpha1/*.proto` with protobufjs.
 *
 * Needs only Deno: protobufjs parses the proto itself, no protoc, no Node.
 * Output:
 * - `src/gen/schema.ts`: every message, field and enum with its KAT rules as
 *   plain tables (shape: `src/schema/tables.ts`), read by the decoder,
 *   defaults, output formats and JSON Schema. Validation loads no protobuf
 *   library.
 * - `src/gen/descriptor.ts`: the reflection descriptor (protobufjs JSON form),
 *   used only to encode and decode the wire format.
 * Both are code, so the compiled binaries never read a file at run time.
 * - `src/gen/types.ts`: a TypeScript interface per message and a string union
 *   per enum, with the proto's comments as doc comments.
 *
 * Run with `deno task generate`; CI checks that it changes no byte.
 *
 * @module
 */
import protobuf from "protobufjs";
import { createRequire } from "node:module";
import { fileURLToPath as fromFileUrl } from "node:url";
import type {
  EnumTable,
  EnumValueTable,
  FieldRules,
  FieldTable,
  MessageTable,
  ResourceRules,
  SchemaTables,
} from "../src/schema/tables.ts";

const PACKAGE = "kat.v1alpha1";
const root = new protobuf.Root();
const descriptorProto = createRequire(import.meta.url).resolve(
  "protobufjs/google/protobuf/descriptor.proto",
);
const protoDir = fromFileUrl(new URL("../proto/", import.meta.url));
root.resolvePath = (origin, target) => {
  if (target === "google/protobuf/descriptor.proto") return descriptorProto;
  if (target.startsWith("kat/")) return protoDir + target;
  return protobuf.util.path.resolve(origin, target);
};
await root.load(protoDir + "kat/v1alpha1/kat.proto", {
  keepCase: false,
  alternateCommentMode: true,
});
root.resolveAll();

const pkg = root.lookup(PACKAGE) as protobuf.Namespace;

/**
 * A descriptor JSON value without our own options (`(field)`, `(resource)`,
 * `(spelling)`): the wire format needs none of them, and the tables carry
 * them.
 */
function withoutRules(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRules);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith("(")) continue;
    const kept = withoutRules(v);
    const empty = kept !== null && typeof kept === "object" &&
      !Array.isArray(kept) && Object.keys(kept).length === 0;
    if (empty && (key === "options" || key === "valuesOptions")) continue;
    out[key] = kept;
  }
  return out;
}

/** Descriptor: the package without the option extensions, plus Timestamp. */
function descriptorJson(): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const obj of pkg.nestedArray) {
    if (obj instanceof protobuf.Field) continue; // extension declarations
    if (OPTION_MESSAGES.has(obj.name)) continue;
    // Types and enums take options (ReflectionObject's own signature does not).
    const withOptions = obj as unknown as {
      toJSON(options: protobuf.IToJSONOptions): unknown;
    };
    nested[obj.name] = withoutRules(
      withOptions.toJSON({ keepComments: false }),
    );
  }
  const timestamp = root.lookupType("google.protobuf.Timestamp").toJSON();
  return {
    nested: {
      google: { nested: { protobuf: { nested: { Timestamp: timestamp } } } },
      kat: { nested: { v1alpha1: { nested } } },
    },
  };
}

/** Non-empty comment text, or undefined. */
function commentOf(comment: string | null | undefined): string | undefined {
  const text = comment?.trim();
  return text ? text : undefined;
}

/** The full name of a reflected object without the leading dot. */
function fullName(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, "");
}

/** The messages of options.proto: our rule annotations, not resource types. */
const OPTION_MESSAGES = new Set(["FieldRules", "ResourceRules"]);

/**
 * The values set for option `(name)` in `options`, read along the fields of
 * `message` in options.proto and keyed by their names (lowerCamelCase). A
 * string is kept when not empty (`default` also when empty), a number always;
 * a bool when true, or always as `true`/`false` with `everyBool`.
 */
function optionValues(
  options: Record<string, unknown> | undefined,
  name: "field" | "resource",
  message: string,
  everyBool = false,
): Record<string, boolean | number | string> {
  const values: Record<string, boolean | number | string> = {};
  for (const f of pkg.lookupType(message).fieldsArray) {
    const key = f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const v = options?.[`(${name}).${key}`];
    if (f.type === "bool") {
      if (v === true || everyBool) values[f.name] = v === true;
    } else if (f.type === "string") {
      if (v !== undefined && (v !== "" || f.name === "default")) {
        values[f.name] = String(v);
      }
    } else if (v !== undefined) {
      values[f.name] = Number(v);
    }
  }
  return values;
}

function fieldTable(field: protobuf.Field): FieldTable {
  const t = field.resolvedType;
  const table: FieldTable = {
    name: field.name,
    jsonName: field.jsonName ?? field.name,
    id: field.id,
    type: t ? fullName(t) : field.type,
  };
  if (field instanceof protobuf.MapField) {
    table.label = "map";
    table.keyType = field.keyType;
  } else if (field.repeated) table.label = "repeated";
  // proto3 `optional` is a synthetic oneof of one field: not a real oneof.
  const synthetic = (field.options as Record<string, unknown> | undefined)
    ?.proto3_optional === true;
  if (field.partOf && !synthetic) table.oneof = field.partOf.name;
  const rules = optionValues(field.options, "field", "FieldRules");
  if (Object.keys(rules).length) table.rules = rules as Partial<FieldRules>;
  const comment = commentOf(field.comment);
  if (comment) table.comment = comment;
  return table;
}

function messageTable(type: protobuf.Type): MessageTable {
  const table: MessageTable = {
    fullName: fullName(type),
    fields: type.fieldsArray.map(fieldTable),
  };
  if (typeof type.options?.["(resource).kind"] === "string") {
    table.resource = optionValues(
      type.options,
      "resource",
      "ResourceRules",
      true,
    ) as unknown as ResourceRules;
  }
  const comment = commentOf(type.comment);
  if (comment) table.comment = comment;
  return table;
}

function enumTable(e: protobuf.Enum): EnumTable {
  const table: EnumTable = {
    fullName: fullName(e),
    values: Object.entries(e.values).map(([name, number]) => {
      const value: EnumValueTable = { name, number };
      const spelling = (e.valuesOptions?.[name] ?? {})["(spelling)"];
      if (typeof spelling === "string") value.spelling = spelling;
      return value;
    }),
  };
  const comment = commentOf(e.comment);
  if (comment) table.comment = comment;
  return table;
}

/**
 * Fails on proto features the generated code does not carry, rather than
 * generating something subtly wrong: types nested in a message (the tables and
 * the TypeScript types hold package-level types only) and maps whose keys are
 * not strings (manifest keys are strings).
 */
function checkSupported(): void {
  for (const obj of pkg.nestedArray) {
    if (!(obj instanceof protobuf.Type)) continue;
    if (obj.nestedArray.length > 0) {
      throw new Error(
        `${
          fullName(obj)
        }: types nested in a message are not supported; declare ${
          obj.nestedArray.map((n) => n.name).join(", ")
        } at package level`,
      );
    }
    for (const field of obj.fieldsArray) {
      if (field instanceof protobuf.MapField && field.keyType !== "string") {
        throw new Error(
          `${
            fullName(obj)
          }.${field.name}: map keys must be strings, not ${field.keyType}`,
        );
      }
    }
  }
}

/** The tables of every message and enum of the package, plus Timestamp. */
function schemaTables(): SchemaTables {
  checkSupported();
  const tables: SchemaTables = {
    messages: [messageTable(root.lookupType("google.protobuf.Timestamp"))],
    enums: [],
  };
  for (const obj of pkg.nestedArray) {
    if (OPTION_MESSAGES.has(obj.name)) continue;
    if (obj instanceof protobuf.Type) tables.messages.push(messageTable(obj));
    else if (obj instanceof protobuf.Enum) tables.enums.push(enumTable(obj));
  }
  return tables;
}

function doc(comment: string | null, indent = "", example?: string): string {
  if (!comment && !example) return "";
  const lines = (comment ?? "").trim().split("\n");
  if (example) {
    lines.push("", "@example", "```ts", ...example.split("\n"), "```");
  }
  return `${indent}/**\n${
    lines.map((l) => `${indent} * ${l}`.trimEnd()).join("\n")
  }\n${indent} */\n`;
}

function tsType(field: protobuf.Field): string {
  const scalar: Record<string, string> = {
    string: "string",
    bool: "boolean",
    int32: "number",
    uint32: "number",
    sint32: "number",
    fixed32: "number",
    sfixed32: "number",
    double: "number",
    float: "number",
    int64: "string",
    uint64: "string",
    sint64: "string",
    fixed64: "string",
    sfixed64: "string",
    bytes: "Uint8Array",
  };
  const base = field.resolvedType
    ? field.resolvedType.name
    : scalar[field.type];
  if (!base) throw new Error(`no TypeScript type for ${field.type}`);
  if (field instanceof protobuf.MapField) return `Record<string, ${base}>`;
  return field.repeated ? `${base}[]` : base;
}

/** A small value of a field's type, for examples. */
function sample(field: protobuf.Field): string {
  if (field.map) return "{}";
  if (field.repeated) return "[]";
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) return "{}";
  if (t instanceof protobuf.Enum) {
    return JSON.stringify(Object.keys(t.values)[1]);
  }
  const def = (field.options ?? {})["(field).default"];
  if (field.type === "string") return JSON.stringify(def ?? "example");
  if (field.type === "bool") return String(def ?? "true");
  if (field.type.endsWith("64")) return JSON.stringify("1");
  return String(def ?? "1");
}

/** An example that declares a value of a generated type. */
function example(name: string, value: string, type = name): string {
  return `import type { ${name} } from "@kat/toolkit";\nconst value: ${type} = ${value};`;
}

function messageTs(type: protobuf.Type): string {
  if (type.fieldsArray.length === 0) {
    const ex = example(type.name, "{}");
    return `${
      doc(type.comment, "", ex)
    }export type ${type.name} = Record<string, never>;\n`;
  }
  const first = type.fieldsArray[0];
  let out = doc(
    type.comment,
    "",
    example(type.name, `{ ${first.name}: ${sample(first)} }`),
  );
  out += `export interface ${type.name} {\n`;
  for (const field of type.fieldsArray) {
    out += doc(field.comment, "  ");
    out += `  ${field.name}?: ${tsType(field)};\n`;
  }
  return out + "}\n";
}

function enumTs(e: protobuf.Enum): string {
  const names = Object.keys(e.values).map((n) => JSON.stringify(n));
  const second = Object.keys(e.values)[1];
  const spelled = (e.valuesOptions?.[second] ?? {})["(spelling)"];
  const ex = `${
    example(e.name, JSON.stringify(second))
  } // ${spelled} in a manifest`;
  return `${doc(e.comment, "", ex)}export type ${e.name} =\n  | ${
    names.join("\n  | ")
  };\n`;
}

function typesTs(): string {
  const parts = [
    "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n",
    "/**\n * TypeScript shapes of the KAT v1alpha1 messages: field names as protobufjs\n" +
    " * spells them, enums as their proto value names, int64 as decimal strings.\n" +
    " *\n * @module\n */\n",
    doc(
      "A point in time (google.protobuf.Timestamp).",
      "",
      example("Timestamp", '{ seconds: "1767225600", nanos: 0 }'),
    ) +
    "export interface Timestamp {\n  /** Seconds since the Unix epoch. */\n" +
    "  seconds?: string;\n  /** Nanoseconds within the second. */\n  nanos?: number;\n}\n",
  ];
  const kinds: string[] = [];
  for (const obj of pkg.nestedArray) {
    if (OPTION_MESSAGES.has(obj.name)) continue;
    if (obj instanceof protobuf.Type) {
      parts.push(messageTs(obj));
      if (obj.options?.["(resource).kind"]) kinds.push(obj.name);
    } else if (obj instanceof protobuf.Enum) parts.push(enumTs(obj));
  }
  parts.push(
    doc(
      "Every top-level resource message, by the value of its `kind:`.",
      "",
      example(
        "ResourceTypes",
        '{ kind: "Workload" }',
        'ResourceTypes["Workload"]',
      ),
    ) +
      `export interface ResourceTypes {\n${
        kinds.map((k) => `  /** The \`${k}\` kind. */\n  ${k}: ${k};\n`).join(
          "",
        )
      }}\n`,
    doc("The name of a kind.", "", example("Kind", '"Workload"')) +
      "export type Kind = keyof ResourceTypes;\n",
    doc(
      "Any top-level resource.",
      "",
      example(
        "Resource",
        '{ kind: "Namespace", metadata: { name: "team-a" } }',
      ),
    ) +
      "export type Resource = ResourceTypes[Kind];\n",
  );
  return parts.join("\n");
}

function schemaTs(): string {
  return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
    "/**\n * The KAT v1alpha1 proto as plain tables: messages, fields, enums and the\n" +
    " * rules written as options.\n *\n * @module\n */\n" +
    'import type { SchemaTables } from "../schema/tables.ts";\n\n' +
    doc(
      "Every message and enum, in proto order.",
      "",
      'import { schema } from "./schema.ts";\n' +
        'console.log(schema.messages.some((m) => m.fullName === "kat.v1alpha1.Workload")); // true',
    ) +
    `export const schema: SchemaTables = ${
      JSON.stringify(schemaTables(), null, 2)
    };\n`;
}

function descriptorTs(): string {
  return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
    "/**\n * Reflection descriptor of the KAT v1alpha1 proto in protobufjs JSON form.\n" +
    " *\n * @module\n */\n\n" +
    doc(
      "The descriptor, ready for `protobuf.Root.fromJSON` (wire format only).",
      "",
      'import { descriptor } from "./descriptor.ts";\n' +
        'console.log(Object.keys(descriptor)); // ["nested"]',
    ) +
    `export const descriptor: Record<string, unknown> = ${
      JSON.stringify(descriptorJson(), null, 2)
    };\n`;
}

const genDir = fromFileUrl(new URL("../src/gen/", import.meta.url));
await Deno.mkdir(genDir, { recursive: true });
const files = [
  genDir + "descriptor.ts",
  genDir + "types.ts",
  genDir + "schema.ts",
];
await Deno.writeTextFile(files[0], descriptorTs());
await Deno.writeTextFile(files[1], typesTs());
await Deno.writeTextFile(files[2], schemaTs());
const fmt = await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", ...files],
}).output();
if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
console.log(`generated ${files.join(", ")}`);
