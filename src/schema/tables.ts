/**
 * The shape of `src/gen/schema.ts`: every message, field and enum of the proto
 * with its KAT rules, as plain data. `scripts/generate.ts` reads the proto with
 * protobufjs and writes these tables; at run time they are all the decoder,
 * the defaulting code, the output formats and the JSON Schema need, so
 * validation never loads a protobuf library.
 *
 * @module
 */

/**
 * Rules of one field, read from its `(field)` option.
 *
 * @example
 * ```ts
 * import type { FieldRules } from "./tables.ts";
 * const rules: FieldRules = { required: true, intOrString: false, system: false, min: 1 };
 * ```
 */
export interface FieldRules {
  /** The key must be written. */
  required: boolean;
  /** Smallest accepted integer. */
  min?: number;
  /** Largest accepted integer. */
  max?: number;
  /** Default in YAML spelling, if any. */
  default?: string;
  /** Name of a string syntax check (see src/rules/formats_by_name.ts). */
  format?: string;
  /** A YAML integer is accepted and kept as its decimal string. */
  intOrString: boolean;
  /** Set by the system, rejected in user files. */
  system: boolean;
  /** Least number of items of a repeated field. */
  minItems?: number;
  /** Syntax check for map keys. */
  keyFormat?: string;
  /** Syntax check for map values. */
  valueFormat?: string;
}

/**
 * The place of a kind in a quadlet.
 *
 * @example
 * ```ts
 * import type { QuadletRole } from "./tables.ts";
 * const role: QuadletRole = "companion";
 * ```
 */
export type QuadletRole = "main" | "companion" | "alone";

/**
 * Rules of a top-level resource message, from its `(resource)` option.
 *
 * @example
 * ```ts
 * import type { ResourceRules } from "./tables.ts";
 * const rules: ResourceRules = {
 *   kind: "Namespace",
 *   clusterScoped: true,
 *   quadlet: "alone",
 *   internal: false,
 *   specOptional: true,
 * };
 * ```
 */
export interface ResourceRules {
  /** The `kind:` value. */
  kind: string;
  /** Lives outside namespaces. */
  clusterScoped: boolean;
  /**
   * Its place in a quadlet: `main` (exactly one; every other resource is
   * named after it), `companion` (at most one, beside the main resource),
   * `alone` (the quadlet's only resource); absent: not allowed in a quadlet.
   */
  quadlet?: QuadletRole;
  /** Never read from a user file. */
  internal: boolean;
  /** `spec` may be left out. */
  specOptional: boolean;
}

/**
 * One field of a message.
 *
 * @example
 * ```ts
 * import type { FieldTable } from "./tables.ts";
 * const field: FieldTable = {
 *   name: "containerPort",
 *   jsonName: "containerPort",
 *   id: 2,
 *   type: "int32",
 *   rules: { required: true, min: 1, max: 65535 },
 * };
 * ```
 */
export interface FieldTable {
  /** The field's name as protobufjs spells it (lowerCamelCase). */
  name: string;
  /** The key written in manifests: the proto3 JSON name. */
  jsonName: string;
  /** The field number. */
  id: number;
  /**
   * A scalar type (`string`, `int32`, `bool`, …) or the full name of a
   * message or enum (`kat.v1alpha1.ObjectMeta`).
   */
  type: string;
  /** `repeated` for a list, `map` for a map; absent for a single value. */
  label?: "repeated" | "map";
  /** The key type of a map. */
  keyType?: string;
  /** The `oneof` the field belongs to (only real choices, not `optional`). */
  oneof?: string;
  /** Declared proto3 `optional`: its presence is on the wire. */
  optional?: boolean;
  /** The rules set in the field's `(field)` option; unset ones are absent. */
  rules?: Partial<FieldRules>;
  /** The proto comment. */
  comment?: string;
}

/**
 * One message.
 *
 * @example
 * ```ts
 * import type { MessageTable } from "./tables.ts";
 * const ns: MessageTable = {
 *   fullName: "kat.v1alpha1.NamespaceSpec",
 *   fields: [],
 * };
 * ```
 */
export interface MessageTable {
  /** The full name without a leading dot: `kat.v1alpha1.Workload`. */
  fullName: string;
  /** The fields, in proto order. */
  fields: FieldTable[];
  /** The oneofs marked `(one_of_required)`: one member must be set. */
  requiredOneofs?: string[];
  /** The `(resource)` option of a top-level resource message. */
  resource?: ResourceRules;
  /** The proto comment. */
  comment?: string;
}

/**
 * One value of an enum.
 *
 * @example
 * ```ts
 * import type { EnumValueTable } from "./tables.ts";
 * const tcp: EnumValueTable = { name: "PROTOCOL_TCP", number: 1, spelling: "TCP" };
 * ```
 */
export interface EnumValueTable {
  /** The proto name, e.g. `PROTOCOL_TCP`. */
  name: string;
  /** The number on the wire. */
  number: number;
  /** How a manifest writes it (`TCP`); absent for values that cannot be written. */
  spelling?: string;
}

/**
 * One enum.
 *
 * @example
 * ```ts
 * import type { EnumTable } from "./tables.ts";
 * const protocol: EnumTable = {
 *   fullName: "kat.v1alpha1.Protocol",
 *   values: [{ name: "PROTOCOL_UNSPECIFIED", number: 0 }],
 * };
 * ```
 */
export interface EnumTable {
  /** The full name without a leading dot. */
  fullName: string;
  /** The values, in proto order. */
  values: EnumValueTable[];
  /** The proto comment. */
  comment?: string;
}

/**
 * Every message and enum of the proto.
 *
 * @example
 * ```ts
 * import type { SchemaTables } from "./tables.ts";
 * const empty: SchemaTables = { apiVersion: "kat.dws.rip/v1alpha1", messages: [], enums: [] };
 * ```
 */
export interface SchemaTables {
  /** The `apiVersion:` of every resource (the `(api_version)` file option). */
  apiVersion: string;
  /** Messages in proto order (top-level resources among them). */
  messages: MessageTable[];
  /** Enums in proto order. */
  enums: EnumTable[];
}
