/**
 * A JSON Schema (2020-12) for `.kat` files, derived from the proto and its
 * rules, for editors (yaml-language-server) and other validators. It catches
 * structure, types, enum spellings, required keys, ranges and the syntax that
 * a regular expression can express; the cross-field rules stay with
 * `katcall validate`.
 *
 * @module
 */
import { formatTable } from "../rules/formats_by_name.ts";
import {
  API_VERSION,
  type Field,
  INT_RANGES,
  type MessageType,
  resourceTypes,
} from "./registry.ts";

/**
 * A JSON Schema document or subschema.
 *
 * @example
 * ```ts
 * import { type JsonSchema, katJsonSchema } from "@kat/toolkit";
 * const schema: JsonSchema = katJsonSchema();
 * ```
 */
export type JsonSchema = { [key: string]: unknown };

/** The range of a 32-bit integer type, which JSON numbers hold exactly. */
function int32Range(type: string): [number, number] | undefined {
  const range = type.endsWith("32") ? INT_RANGES[type] : undefined;
  return range && [Number(range[0]), Number(range[1])];
}

function describe(
  schema: JsonSchema,
  comment: string | null | undefined,
): JsonSchema {
  if (comment) schema.description = comment.trim();
  return schema;
}

function defaultValue(field: Field, text: string): unknown {
  if (field.type === "bool") return text === "true";
  if (int32Range(field.type)) return Number(text);
  return text;
}

/**
 * What a JSON Schema says about a string of the named format: its `pattern`
 * and `maxLength`, taken from the format itself; undefined when it says
 * nothing.
 *
 * @example
 * ```ts
 * import { formatSchema } from "./json_schema.ts";
 * console.log(formatSchema("dns_name")?.maxLength); // 253
 * ```
 */
export function formatSchema(name: string): JsonSchema | undefined {
  const f = formatTable[name];
  if (!f) throw new Error(`JSON Schema: unknown format ${name}`);
  if (f.pattern === undefined && f.maxLength === undefined) return undefined;
  const s: JsonSchema = {};
  if (f.pattern !== undefined) s.pattern = f.pattern;
  if (f.maxLength !== undefined) s.maxLength = f.maxLength;
  return s;
}

function scalarSchema(field: Field, format: string | undefined): JsonSchema {
  const rules = field.rules;
  if (field.message) return { $ref: `#/$defs/${field.message.name}` };
  if (field.enum) return { enum: [...field.enum.toSpelling.values()] };
  if (field.type === "bool") return { type: "boolean" };
  if (field.type === "string") {
    const s: JsonSchema = rules.intOrString
      ? { type: ["string", "integer"] }
      : { type: "string" };
    const text = format ? formatSchema(format) : undefined;
    if (text && !rules.intOrString) Object.assign(s, text);
    else if (text) {
      const integer = formatTable[format!].integer;
      if (!integer) {
        throw new Error(
          `JSON Schema: format ${format} does not say which integers it takes`,
        );
      }
      s.anyOf = [{ type: "integer", ...integer }, { type: "string", ...text }];
    }
    return s;
  }
  const range = int32Range(field.type);
  if (range) {
    return {
      type: "integer",
      minimum: Math.max(range[0], rules.min ?? range[0]),
      maximum: Math.min(range[1], rules.max ?? range[1]),
    };
  }
  if (field.type.endsWith("64")) return { type: ["integer", "string"] };
  return { type: "number" };
}

function fieldSchema(field: Field): JsonSchema {
  const rules = field.rules;
  let schema: JsonSchema;
  if (field.map) {
    schema = {
      type: "object",
      additionalProperties: scalarSchema(field, rules.valueFormat),
    };
    const keys = rules.keyFormat ? formatSchema(rules.keyFormat) : undefined;
    if (keys) schema.propertyNames = keys;
  } else if (field.repeated) {
    schema = { type: "array", items: scalarSchema(field, rules.format) };
    if (rules.minItems) schema.minItems = rules.minItems;
  } else {
    schema = scalarSchema(field, rules.format);
  }
  if (rules.default !== undefined) {
    schema.default = defaultValue(field, rules.default);
  }
  return describe(schema, field.comment);
}

function messageSchema(type: MessageType): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of type.fields) {
    if (field.rules.system) continue;
    properties[field.jsonName] = fieldSchema(field);
    if (field.rules.required) required.push(field.jsonName);
  }
  const schema: JsonSchema = {
    type: "object",
    properties,
    additionalProperties: false,
  };
  if (required.length) schema.required = required;
  const exclusive: JsonSchema[] = [];
  for (const oneof of type.oneofs) {
    const names = oneof.fields.map((f) => f.jsonName);
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        exclusive.push({ required: [names[i], names[j]] });
      }
    }
  }
  if (exclusive.length) schema.not = { anyOf: exclusive };
  return describe(schema, type.comment);
}

function collect(type: MessageType, defs: Record<string, JsonSchema>) {
  if (defs[type.name]) return;
  defs[type.name] = messageSchema(type);
  for (const field of type.fields) {
    if (!field.rules.system && field.message) collect(field.message, defs);
  }
}

/**
 * The JSON Schema for `.kat` files: any kind a user may write, chosen by `kind`.
 *
 * @returns The schema, a plain object ready for `JSON.stringify`.
 *
 * @example
 * ```ts
 * import { katJsonSchema } from "@kat/toolkit";
 * const schema = katJsonSchema();
 * console.log(schema.$schema); // "https://json-schema.org/draft/2020-12/schema"
 * ```
 */
export function katJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const kinds: string[] = [];
  const branches: JsonSchema[] = [];
  for (const type of resourceTypes) {
    const rules = type.resource!;
    if (rules.internal) continue;
    kinds.push(rules.kind);
    collect(type, defs);
    const def = defs[type.name] as {
      properties: Record<string, JsonSchema>;
      required?: string[];
    };
    def.properties.apiVersion = {
      const: API_VERSION,
      description: "Always " + API_VERSION + ".",
    };
    def.properties.kind = { const: rules.kind };
    if (!rules.specOptional && def.properties.spec) {
      const spec = def.properties.spec;
      def.properties.spec = {
        allOf: [{ $ref: spec.$ref }, { minProperties: 1 }],
        description: spec.description,
      };
    }
    if (rules.clusterScoped) {
      def.properties.metadata = {
        allOf: [{ $ref: "#/$defs/ObjectMeta" }, {
          not: { required: ["namespace"] },
        }],
        description: `${rules.kind} is cluster-scoped: no namespace.`,
      };
    }
    branches.push({
      if: { properties: { kind: { const: rules.kind } }, required: ["kind"] },
      then: { $ref: `#/$defs/${type.name}` },
    });
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://kat.dws.rip/schemas/v1alpha1/kat.schema.json",
    title: "KAT v1alpha1 manifest",
    description:
      "One resource of a .kat file. Generated from the KAT proto; `katcall validate` also checks the rules between fields.",
    type: "object",
    required: ["apiVersion", "kind", "metadata"],
    properties: {
      apiVersion: { const: API_VERSION },
      kind: { enum: kinds },
    },
    allOf: branches,
    $defs: defs,
  };
}
