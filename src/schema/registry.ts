/**
 * The proto at run time: the generated tables of `src/gen/schema.ts`, linked
 * into message and enum types whose fields point at the types they hold.
 * Everything that walks resources along the proto (decoder, defaults, output,
 * JSON Schema) reads these; none of it needs a protobuf library.
 *
 * @module
 */
import { schema } from "../gen/schema.ts";
import type { ApiVersion, Kind } from "../gen/types.ts";
import type { FieldRules, ResourceRules, SchemaTables } from "./tables.ts";
import { INT_RANGES } from "./int_ranges.ts";

export type { FieldRules } from "./tables.ts";

/**
 * The proto package of every KAT message.
 *
 * @example
 * ```ts
 * import { messageType, PACKAGE } from "./registry.ts";
 * console.log(messageType("Workload").fullName === `${PACKAGE}.Workload`); // true
 * ```
 */
export const PACKAGE = "kat.v1alpha1";

/**
 * The only accepted `apiVersion`, typed as its value.
 *
 * @example
 * ```ts
 * import { API_VERSION } from "@kat/toolkit";
 * console.log(API_VERSION); // "kat.dws.rip/v1alpha1"
 * ```
 */
// Both come from the proto's `(api_version)` option, written by the generator.
export const API_VERSION: ApiVersion = schema.apiVersion as ApiVersion;

/**
 * Rules of a top-level resource message, with its kind typed.
 *
 * @example
 * ```ts
 * import { typeForKind } from "./registry.ts";
 * console.log(typeForKind("Namespace")?.resource?.clusterScoped); // true
 * ```
 */
export interface ResourceKind extends ResourceRules {
  /** The `kind:` value. */
  kind: Kind;
}

/**
 * A `oneof` whose members exclude each other.
 *
 * @example
 * ```ts
 * import { messageType } from "./registry.ts";
 * const source = messageType("Source");
 * console.log(source.oneofs[0].fields.map((f) => f.jsonName)); // ["image", "git"]
 * ```
 */
export interface Oneof {
  /** The oneof's name in the proto. */
  readonly name: string;
  /** Whether one member must be set (`(one_of_required)`). */
  readonly required: boolean;
  /** Its member fields, in proto order. */
  readonly fields: readonly Field[];
}

/**
 * One field of a message, linked to the type it holds.
 *
 * @example
 * ```ts
 * import { messageType } from "./registry.ts";
 * const field = messageType("Port").field("containerPort")!;
 * console.log(field.type, field.rules.min, field.rules.max); // "int32" 1 65535
 * ```
 */
export interface Field {
  /** The name as protobufjs and the generated types spell it. */
  readonly name: string;
  /** The key written in manifests: the proto3 JSON name. */
  readonly jsonName: string;
  /** The field number. */
  readonly id: number;
  /** A scalar type name, or the full name of a message or enum. */
  readonly type: string;
  /** A list. */
  readonly repeated: boolean;
  /** A map (string keys: the generator refuses any other). */
  readonly map: boolean;
  /** The message it holds, if any. */
  readonly message?: MessageType;
  /** The enum it holds, if any. */
  readonly enum?: EnumType;
  /** The oneof it is a member of, if it is a real choice. */
  readonly oneof?: Oneof;
  /** Declared proto3 `optional`: its presence is on the wire. */
  readonly optional: boolean;
  /** Its rules, every flag set. */
  readonly rules: FieldRules;
  /** The proto comment. */
  readonly comment?: string;
}

/**
 * A message type.
 *
 * @example
 * ```ts
 * import { messageType } from "./registry.ts";
 * console.log(messageType("Workload").fullName); // "kat.v1alpha1.Workload"
 * ```
 */
export interface MessageType {
  /** The short name: `Workload`. */
  readonly name: string;
  /** The full name: `kat.v1alpha1.Workload`. */
  readonly fullName: string;
  /** The fields, in proto order. */
  readonly fields: readonly Field[];
  /** The real oneofs. */
  readonly oneofs: readonly Oneof[];
  /** The resource rules of a top-level resource message. */
  readonly resource?: ResourceKind;
  /** The proto comment. */
  readonly comment?: string;
  /** The field written as `jsonName` in a manifest. */
  field(jsonName: string): Field | undefined;
}

/**
 * An enum type and its manifest spellings.
 *
 * @example
 * ```ts
 * import { enumType } from "./registry.ts";
 * console.log(enumType("Protocol").fromSpelling.get("TCP")); // "PROTOCOL_TCP"
 * ```
 */
export interface EnumType {
  /** The short name: `Protocol`. */
  readonly name: string;
  /** The full name: `kat.v1alpha1.Protocol`. */
  readonly fullName: string;
  /** The proto comment. */
  readonly comment?: string;
  /** The manifest spelling of each proto value name that has one. */
  readonly toSpelling: ReadonlyMap<string, string>;
  /** The proto value name of each manifest spelling, in proto order. */
  readonly fromSpelling: ReadonlyMap<string, string>;
}

export { INT_RANGES };

/** The proto's scalar types: every other field type is a message or an enum. */
const SCALARS = new Set([
  ...Object.keys(INT_RANGES),
  "double",
  "float",
  "bool",
  "string",
  "bytes",
]);

const shortName = (fullName: string) =>
  fullName.slice(fullName.lastIndexOf(".") + 1);

/** Message and enum types by full name, as {@link linkTables} links them. */
export interface LinkedTables {
  /** Every message type, in the order of the tables. */
  messages: ReadonlyMap<string, MessageType>;
  /** Every enum type, in the order of the tables. */
  enums: ReadonlyMap<string, EnumType>;
}

/**
 * Links schema tables into message and enum types whose fields point at the
 * types they hold: what this module does with the generated tables, for any
 * others (a generator's tests use made-up ones). Throws for a field whose
 * type the tables do not have (a bug, never bad input).
 *
 * @param tables Tables as `src/gen/schema.ts` holds them.
 * @returns The types, by full name.
 *
 * @example
 * ```ts
 * import { linkTables } from "./registry.ts";
 * const { messages } = linkTables({
 *   apiVersion: "t/v1",
 *   messages: [{ fullName: "t.A", fields: [{ name: "b", jsonName: "b", id: 1, type: "t.A" }] }],
 *   enums: [],
 * });
 * const a = messages.get("t.A")!;
 * console.log(a.name, a.field("b")?.message === a); // "A" true
 * ```
 */
export function linkTables(tables: SchemaTables): LinkedTables {
  const enums = new Map<string, EnumType>();
  for (const e of tables.enums) {
    const spelled = e.values.filter((v) => v.spelling !== undefined);
    enums.set(e.fullName, {
      name: shortName(e.fullName),
      fullName: e.fullName,
      comment: e.comment,
      toSpelling: new Map(spelled.map((v) => [v.name, v.spelling!])),
      fromSpelling: new Map(spelled.map((v) => [v.spelling!, v.name])),
    });
  }
  const messages = new Map<string, MessageType>();
  const fieldsByJson = new Map<string, Map<string, Field>>();
  for (const m of tables.messages) {
    const byJson = new Map<string, Field>();
    fieldsByJson.set(m.fullName, byJson);
    messages.set(m.fullName, {
      name: shortName(m.fullName),
      fullName: m.fullName,
      fields: [],
      oneofs: [],
      resource: m.resource as ResourceKind | undefined,
      comment: m.comment,
      field: (jsonName) => byJson.get(jsonName),
    });
  }
  // Second pass: every message exists, so fields can point at the types they
  // hold.
  for (const m of tables.messages) {
    const type = messages.get(m.fullName)!;
    const byJson = fieldsByJson.get(m.fullName)!;
    const oneofs = new Map<string, Oneof & { fields: Field[] }>();
    for (const f of m.fields) {
      let oneof: Oneof & { fields: Field[] } | undefined;
      if (f.oneof !== undefined) {
        oneof = oneofs.get(f.oneof) ?? {
          name: f.oneof,
          required: m.requiredOneofs?.includes(f.oneof) ?? false,
          fields: [],
        };
        oneofs.set(f.oneof, oneof);
      }
      const message = messages.get(f.type);
      const enumeration = enums.get(f.type);
      if (!message && !enumeration && !SCALARS.has(f.type)) {
        throw new Error(
          `proto: ${m.fullName}.${f.name} has unknown type ${f.type}`,
        );
      }
      const field: Field = {
        name: f.name,
        jsonName: f.jsonName,
        id: f.id,
        type: f.type,
        repeated: f.label === "repeated",
        map: f.label === "map",
        message,
        enum: enumeration,
        oneof,
        optional: f.optional ?? false,
        rules: {
          required: false,
          intOrString: false,
          system: false,
          ...f.rules,
        },
        comment: f.comment,
      };
      oneof?.fields.push(field);
      (type.fields as Field[]).push(field);
      byJson.set(field.jsonName, field);
    }
    (type.oneofs as Oneof[]).push(...oneofs.values());
  }
  return { messages, enums };
}

const { messages, enums } = linkTables(schema);

/**
 * A message type of the KAT package by its short name. Throws for a name the
 * proto does not have (a bug, never bad input).
 *
 * @example
 * ```ts
 * import { messageType } from "./registry.ts";
 * console.log(messageType("Port").fields.length); // 3
 * ```
 */
export function messageType(name: string): MessageType {
  const type = messages.get(`${PACKAGE}.${name}`);
  if (!type) throw new Error(`proto: no message ${PACKAGE}.${name}`);
  return type;
}

/**
 * An enum type of the KAT package by its short name. Throws for a name the
 * proto does not have.
 *
 * @example
 * ```ts
 * import { enumType } from "./registry.ts";
 * console.log([...enumType("WorkloadType").fromSpelling.keys()]); // ["SERVICE", "JOB", "DAEMON_SERVICE"]
 * ```
 */
export function enumType(name: string): EnumType {
  const type = enums.get(`${PACKAGE}.${name}`);
  if (!type) throw new Error(`proto: no enum ${PACKAGE}.${name}`);
  return type;
}

/**
 * Every message type, in proto order.
 *
 * @example
 * ```ts
 * import { messageTypes } from "./registry.ts";
 * console.log(messageTypes.some((t) => t.name === "Workload")); // true
 * ```
 */
export const messageTypes: readonly MessageType[] = [...messages.values()];

/**
 * Every top-level resource message, in proto order.
 *
 * @example
 * ```ts
 * import { resourceTypes } from "./registry.ts";
 * console.log(resourceTypes[0].resource?.kind); // "Workload"
 * ```
 */
export const resourceTypes: readonly MessageType[] = messageTypes.filter((t) =>
  t.resource !== undefined
);

const byKind = new Map<string, MessageType>(
  resourceTypes.map((t) => [t.resource!.kind, t]),
);

/**
 * The message type for a `kind:` value, or undefined if no kind has that name.
 *
 * @example
 * ```ts
 * import { typeForKind } from "./registry.ts";
 * console.log(typeForKind("Workload")?.name); // "Workload"
 * ```
 */
export function typeForKind(kind: string): MessageType | undefined {
  return byKind.get(kind);
}
