/**
 * Generates `src/gen/` from `proto/kat/v1alpha1/*.proto` with protobufjs.
 *
 * Needs only Deno: protobufjs parses the proto itself, no protoc, no Node.
 * Output:
 * - `src/gen/schema.ts`: every message, field and enum with its KAT rules as
 *   plain tables (shape: `src/schema/tables.ts`): the one description of the
 *   proto at run time. The decoder, defaults, output formats and JSON Schema
 *   read it, and the wire format builds its protobufjs types from it. It is
 *   code, so the compiled binaries never read a file at run time.
 * - `src/gen/types.ts`: a TypeScript interface per message and a string union
 *   per enum, with the proto's comments as doc comments, in the vocabulary of
 *   the manifests: keys as written in `.kat` files, enum values as spelled
 *   there.
 * - `src/gen/fast_decode.ts`: for each kind, straight-line code that decodes a
 *   plainly valid document as the generic decoder would, and gives up on
 *   anything else (see `scripts/generate_fast_decode.ts`);
 * - `src/gen/fast_decode_events.ts`: the same, read from the parser's events
 *   without a YAML tree.
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
import { fastDecodeTs } from "./generate_fast_decode.ts";

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
  if (synthetic) table.optional = true;
  const rules = optionValues(field.options, "field", "FieldRules");
  if (Object.keys(rules).length) table.rules = rules as Partial<FieldRules>;
  const comment = commentOf(field.comment);
  if (comment) table.comment = comment;
  return table;
}

/** The oneofs of a message marked `(one_of_required)`. */
function requiredOneofs(type: protobuf.Type): string[] {
  return type.oneofsArray
    .filter((o) => o.options?.["(one_of_required)"] === true)
    .map((o) => o.name);
}

const QUADLET_ROLES: readonly string[] = ["main", "companion", "alone"];

function messageTable(type: protobuf.Type): MessageTable {
  const table: MessageTable = {
    fullName: fullName(type),
    fields: type.fieldsArray.map(fieldTable),
  };
  const required = requiredOneofs(type);
  if (required.length) table.requiredOneofs = required;
  if (typeof type.options?.["(resource).kind"] === "string") {
    table.resource = optionValues(
      type.options,
      "resource",
      "ResourceRules",
      true,
    ) as unknown as ResourceRules;
    const role = table.resource.quadlet;
    if (role !== undefined && !QUADLET_ROLES.includes(role)) {
      throw new Error(
        `${fullName(type)}: (resource).quadlet must be one of ${
          QUADLET_ROLES.join(", ")
        }, not ${JSON.stringify(role)}`,
      );
    }
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
      else if (number !== 0) {
        throw new Error(
          `${
            fullName(e)
          }.${name}: every value but the zero value needs a (spelling)`,
        );
      }
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

/** The `(api_version)` file option of kat.proto. */
function apiVersion(): string {
  const file = root.lookupType(`${PACKAGE}.Workload`).filename;
  const value = (pkg.options ?? {})["(api_version)"];
  if (typeof value !== "string" || value === "") {
    throw new Error(`${file}: option (api_version) is missing`);
  }
  return value;
}

/** The tables of every message and enum of the package, plus Timestamp. */
function schemaTables(): SchemaTables {
  checkSupported();
  const tables: SchemaTables = {
    apiVersion: apiVersion(),
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

/** TypeScript types of the proto's scalars. */
const SCALAR_TS: Readonly<Record<string, string>> = {
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

const TIMESTAMP = "google.protobuf.Timestamp";

function tsType(field: protobuf.Field): string {
  const t = field.resolvedType;
  const base = t && fullName(t) === TIMESTAMP
    ? "Timestamp"
    : t
    ? t.name
    : SCALAR_TS[field.type];
  if (!base) throw new Error(`no TypeScript type for ${field.type}`);
  if (field instanceof protobuf.MapField) return `Record<string, ${base}>`;
  return field.repeated ? `${base}[]` : base;
}

/** The name of a field as written in the proto (snake_case). */
const protoName = (field: protobuf.Field) =>
  (field as unknown as { protoName?: string }).protoName ??
    field.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The manifest key of a field. */
const keyOf = (field: protobuf.Field) => field.jsonName ?? field.name;

/** Values of each `(field).format`, for examples that pass validation. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  dns_label: "web",
  dns_name: "kat.example.org",
  ingress_host: "web.example.org",
  oci_reference: "nginx:1.27",
  oci_repository: "registry.example.org/cache/web",
  git_repository: "https://git.example.org/team/web.git",
  git_ref: "main",
  git_commit: "4f2c1a9",
  absolute_path: "/data",
  relative_path: "app",
  url_path: "/",
  cidr: "10.244.0.0/16",
  cron: "0 3 * * *",
  cpu_quantity: "250m",
  memory_quantity: "128Mi",
  max_surge: "1",
  env_name: "LOG_LEVEL",
  platform: "linux/amd64",
  label_key: "tier",
  label_value: "web",
};

/**
 * Values for fields whose rules relate them to another field (the sample of
 * their format alone would break the rule).
 */
const FIELD_SAMPLES: Readonly<Record<string, string>> = {
  [`${PACKAGE}.ClusterConfigurationSpec.service_cidr`]: "10.96.0.0/12",
};

/**
 * A value of a field's type that passes validation: required fields are
 * filled in, recursively; optional ones are left out.
 */
function sample(field: protobuf.Field, kind?: string): string {
  if (field.map) return "{}";
  if (field.repeated) {
    const min = Number((field.options ?? {})["(field).min_items"] ?? 0);
    return min > 0 ? `[${sampleOne(field, kind)}]` : "[]";
  }
  return sampleOne(field, kind);
}

function sampleOne(field: protobuf.Field, kind?: string): string {
  const options = field.options ?? {};
  const t = field.resolvedType;
  if (t instanceof protobuf.Type) {
    return fullName(t) === TIMESTAMP
      ? JSON.stringify("2026-01-01T00:00:00Z")
      : sampleMessage(t);
  }
  if (t instanceof protobuf.Enum) {
    const def = options["(field).default"];
    const second = Object.keys(t.values)[1];
    return JSON.stringify(
      def ?? (t.valuesOptions?.[second] ?? {})["(spelling)"],
    );
  }
  if (field.name === "kind" && kind) return JSON.stringify(kind);
  const special = FIELD_SAMPLES[
    `${fullName(field.parent!)}.${protoName(field)}`
  ];
  if (special) return JSON.stringify(special);
  const format = options["(field).format"];
  if (format === "api_version") return JSON.stringify(apiVersion());
  const def = options["(field).default"];
  if (field.type === "string") {
    return JSON.stringify(
      def ?? FORMAT_SAMPLES[String(format)] ?? "example",
    );
  }
  if (field.type === "bool") return String(def ?? "true");
  const min = options["(field).min"];
  const n = def ?? (min !== undefined && Number(min) > 1 ? min : 1);
  return field.type.endsWith("64") ? JSON.stringify(String(n)) : String(n);
}

/**
 * An object of a message type with every required field set (the first
 * member of a required choice), as TypeScript source.
 */
function sampleMessage(type: protobuf.Type, nonEmpty = false): string {
  const kind = type.options?.["(resource).kind"] as string | undefined;
  const specOptional = type.options?.["(resource).spec_optional"] === true;
  const parts: string[] = [];
  const chosen = new Set<string>();
  for (const field of type.fieldsArray) {
    const options = field.options ?? {};
    const required = options["(field).required"] === true ||
      (kind !== undefined && field.name === "kind");
    const oneof = field.partOf && options.proto3_optional !== true
      ? field.partOf.name
      : undefined;
    const firstOfChoice = oneof !== undefined && !chosen.has(oneof) &&
      requiredOneofs(type).includes(oneof);
    if (!required && !firstOfChoice) continue;
    if (oneof) chosen.add(oneof);
    const spec = kind !== undefined && field.name === "spec" && !specOptional;
    const t = field.resolvedType;
    parts.push(
      `${keyOf(field)}: ${
        spec && t instanceof protobuf.Type
          ? sampleMessage(t, true)
          : sample(field, kind)
      }`,
    );
  }
  if (parts.length === 0 && nonEmpty && type.fieldsArray.length > 0) {
    // Only a Namespace may leave spec empty: show its first defaulted field.
    const field = type.fieldsArray.find((f) =>
      (f.options ?? {})["(field).default"] !== undefined
    ) ?? type.fieldsArray[0];
    parts.push(`${keyOf(field)}: ${sample(field, kind)}`);
  }
  return parts.length ? `{ ${parts.join(", ")} }` : "{}";
}

/** An example that declares a value of a generated type. */
function example(name: string, value: string, type = name): string {
  return `import type { ${name} } from "@kat/toolkit";\nconst value: ${type} = ${value};`;
}

function messageTs(type: protobuf.Type): string {
  const kind = type.options?.["(resource).kind"] as string | undefined;
  if (type.fieldsArray.length === 0) {
    // No key at all: an object literal with one is refused, an object with
    // other keys has nothing in common with it, and reading one is an error.
    const ex = example(type.name, "{}");
    return `${doc(type.comment, "", ex)}export interface ${type.name} {\n` +
      `  /** The message has no field: the object is always empty. */\n` +
      `  readonly [NO_FIELDS]?: never;\n}\n`;
  }
  let out = doc(type.comment, "", example(type.name, sampleMessage(type)));
  out += `export interface ${type.name} {\n`;
  for (const field of type.fieldsArray) {
    out += doc(field.comment, "  ");
    if (kind !== undefined && field.name === "kind") {
      out += `  kind: ${JSON.stringify(kind)};\n`;
    } else if (
      kind !== undefined &&
      ((field.options ?? {})["(field).format"] === "api_version" ||
        keyOf(field) === "apiVersion")
    ) {
      out += `  ${keyOf(field)}?: ApiVersion;\n`;
    } else {
      out += `  ${keyOf(field)}?: ${tsType(field)};\n`;
    }
  }
  return out + "}\n";
}

function enumTs(e: protobuf.Enum): string {
  const spellings = Object.keys(e.values)
    .map((n) => (e.valuesOptions?.[n] ?? {})["(spelling)"])
    .filter((s): s is string => typeof s === "string");
  const ex = example(e.name, JSON.stringify(spellings[0]));
  return `${doc(e.comment, "", ex)}export type ${e.name} =\n  | ${
    spellings.map((s) => JSON.stringify(s)).join("\n  | ")
  };\n`;
}

function typesTs(): string {
  const parts = [
    "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n",
    "/**\n * TypeScript shapes of the KAT v1alpha1 resources, in the vocabulary of the\n" +
    " * manifests: keys as written in `.kat` files (the proto3 JSON names), enum\n" +
    " * values as spelled there, int64 as decimal strings and timestamps as\n" +
    " * RFC 3339 strings, as in proto3's JSON form.\n *\n * @module\n */\n",
    doc(
      "A point in time, as an RFC 3339 string in UTC " +
        "(google.protobuf.Timestamp on the wire).",
      "",
      example("Timestamp", '"2026-11-25T15:39:52Z"'),
    ) +
    "export type Timestamp = string;\n",
    doc(
      "The one `apiVersion` of every resource.",
      "",
      example("ApiVersion", JSON.stringify(apiVersion())),
    ) +
    `export type ApiVersion = ${JSON.stringify(apiVersion())};\n`,
    doc(
      "The only key of the messages that have no field (`NamespaceSpec`), " +
        "a type that no object has: it makes them refuse every other key.",
      "",
      'import type { NamespaceSpec } from "@kat/toolkit";\n' +
        "const spec: NamespaceSpec = {};",
    ) +
    "export declare const NO_FIELDS: unique symbol;\n",
  ];
  const kinds: string[] = [];
  for (const obj of pkg.nestedArray) {
    if (OPTION_MESSAGES.has(obj.name)) continue;
    if (obj instanceof protobuf.Type) {
      parts.push(messageTs(obj));
      if (obj.options?.["(resource).kind"]) kinds.push(obj.name);
    } else if (obj instanceof protobuf.Enum) parts.push(enumTs(obj));
  }
  const namespace = sampleMessage(pkg.lookupType("Namespace") as protobuf.Type);
  parts.push(
    doc(
      "Every top-level resource message, by the value of its `kind:`.",
      "",
      example("ResourceTypes", namespace, 'ResourceTypes["Namespace"]'),
    ) +
      `export interface ResourceTypes {\n${
        kinds.map((k) => `  /** The \`${k}\` kind. */\n  ${k}: ${k};\n`)
          .join("")
      }}\n`,
    doc("The name of a kind.", "", example("Kind", '"Workload"')) +
      "export type Kind = keyof ResourceTypes;\n",
    doc(
      "Any top-level resource; `kind` tells which, and narrows the type.",
      "",
      example("Resource", namespace),
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

const genDir = fromFileUrl(new URL("../src/gen/", import.meta.url));
await Deno.mkdir(genDir, { recursive: true });
const files = [
  genDir + "types.ts",
  genDir + "schema.ts",
  genDir + "fast_decode.ts",
  genDir + "fast_decode_events.ts",
];
await Deno.writeTextFile(files[0], typesTs());
await Deno.writeTextFile(files[1], schemaTs());
await Deno.writeTextFile(
  files[2],
  fastDecodeTs(schemaTables()),
);
await Deno.writeTextFile(
  files[3],
  fastDecodeTs(schemaTables(), "events"),
);
await Deno.remove(genDir + "descriptor.ts").catch(() => {});
const fmt = await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", ...files],
}).output();
if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
console.log(`generated ${files.join(", ")}`);
