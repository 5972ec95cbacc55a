/**
 * Generates `src/gen/` from `proto/kat/v1alpha1/*.proto` with protobufjs.
 *
 * Needs only Deno: protobufjs parses the proto itself, no protoc, no Node.
 * Output:
 * - `src/gen/descriptor.ts`: the reflection descriptor (protobufjs JSON form),
 *   embedded as code so the compiled binaries never read a file at run time.
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

/** Descriptor: the package without the option extensions, plus Timestamp. */
function descriptorJson(): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const obj of pkg.nestedArray) {
    if (obj instanceof protobuf.Field) continue; // extension declarations
    if (obj.name === "FieldRules" || obj.name === "ResourceRules") continue;
    // Types and enums take options (ReflectionObject's own signature does not).
    const withOptions = obj as unknown as {
      toJSON(options: protobuf.IToJSONOptions): unknown;
    };
    nested[obj.name] = withOptions.toJSON({ keepComments: true });
  }
  const timestamp = root.lookupType("google.protobuf.Timestamp").toJSON();
  return {
    nested: {
      google: { nested: { protobuf: { nested: { Timestamp: timestamp } } } },
      kat: { nested: { v1alpha1: { nested } } },
    },
  };
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
    if (obj.name === "FieldRules" || obj.name === "ResourceRules") continue;
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

function descriptorTs(): string {
  return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
    "/**\n * Reflection descriptor of the KAT v1alpha1 proto in protobufjs JSON form.\n" +
    " *\n * @module\n */\n\n" +
    "/** The descriptor, ready for `protobuf.Root.fromJSON`. */\n" +
    `export const descriptor: Record<string, unknown> = ${
      JSON.stringify(descriptorJson(), null, 2)
    };\n`;
}

const genDir = fromFileUrl(new URL("../src/gen/", import.meta.url));
await Deno.mkdir(genDir, { recursive: true });
const files = [genDir + "descriptor.ts", genDir + "types.ts"];
await Deno.writeTextFile(files[0], descriptorTs());
await Deno.writeTextFile(files[1], typesTs());
const fmt = await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", ...files],
}).output();
if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
console.log(`generated ${files.join(", ")}`);
