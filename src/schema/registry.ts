/**
 * The proto at run time: protobufjs reflection over the generated descriptor,
 * and typed access to the KAT rules written as options in the proto.
 *
 * @module
 */
import protobuf from "protobufjs";
import { descriptor } from "../gen/descriptor.ts";
import type { Kind } from "../gen/types.ts";

/** The proto package of every KAT message. */
export const PACKAGE = "kat.v1alpha1";

/**
 * The only accepted `apiVersion`.
 *
 * @example
 * ```ts
 * import { API_VERSION } from "@kat/toolkit";
 * console.log(API_VERSION); // "kat.dws.rip/v1alpha1"
 * ```
 */
export const API_VERSION = "kat.dws.rip/v1alpha1";

/** The reflection root holding every KAT message and enum. */
export const root: protobuf.Root = protobuf.Root.fromJSON(
  descriptor as protobuf.INamespace,
);

/** Rules of one field, read from its `(field)` option. */
export interface FieldRules {
  /** The key must be written. */
  required: boolean;
  /** Smallest accepted integer. */
  min?: number;
  /** Largest accepted integer. */
  max?: number;
  /** Default in YAML spelling, if any. */
  default?: string;
  /** Name of a string syntax check. */
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

/** Rules of a top-level resource message, from its `(resource)` option. */
export interface ResourceRules {
  /** The `kind:` value. */
  kind: Kind;
  /** Lives outside namespaces. */
  clusterScoped: boolean;
  /** May appear in a quadlet. */
  quadlet: boolean;
  /** Never read from a user file. */
  internal: boolean;
  /** `spec` may be left out. */
  specOptional: boolean;
}

const fieldRulesCache = new WeakMap<protobuf.FieldBase, FieldRules>();

/**
 * The rules of a field.
 *
 * @example
 * ```ts
 * import { fieldRules, messageType } from "./registry.ts";
 * const rules = fieldRules(messageType("Port").fields.containerPort);
 * console.log(rules.min, rules.max); // 1 65535
 * ```
 */
export function fieldRules(field: protobuf.FieldBase): FieldRules {
  let rules = fieldRulesCache.get(field);
  if (rules) return rules;
  const o = (field.options ?? {}) as Record<string, unknown>;
  const get = (k: string) => o[`(field).${k}`];
  const num = (k: string) => get(k) === undefined ? undefined : Number(get(k));
  const str = (k: string) =>
    get(k) === undefined || get(k) === "" ? undefined : String(get(k));
  rules = {
    required: get("required") === true,
    min: num("min"),
    max: num("max"),
    default: get("default") === undefined ? undefined : String(get("default")),
    format: str("format"),
    intOrString: get("int_or_string") === true,
    system: get("system") === true,
    minItems: num("min_items"),
    keyFormat: str("key_format"),
    valueFormat: str("value_format"),
  };
  fieldRulesCache.set(field, rules);
  return rules;
}

/**
 * A message type of the KAT package by its short name.
 *
 * @example
 * ```ts
 * import { messageType } from "./registry.ts";
 * console.log(messageType("Workload").fullName); // ".kat.v1alpha1.Workload"
 * ```
 */
export function messageType(name: string): protobuf.Type {
  return root.lookupType(`${PACKAGE}.${name}`);
}

/**
 * The resource rules of a top-level message, or undefined for other messages.
 *
 * @example
 * ```ts
 * import { messageType, resourceRules } from "./registry.ts";
 * console.log(resourceRules(messageType("Namespace"))?.clusterScoped); // true
 * ```
 */
export function resourceRules(type: protobuf.Type): ResourceRules | undefined {
  const o = (type.options ?? {}) as Record<string, unknown>;
  const kind = o["(resource).kind"];
  if (typeof kind !== "string") return undefined;
  return {
    kind: kind as Kind,
    clusterScoped: o["(resource).cluster_scoped"] === true,
    quadlet: o["(resource).quadlet"] === true,
    internal: o["(resource).internal"] === true,
    specOptional: o["(resource).spec_optional"] === true,
  };
}

/** Every top-level resource message, in proto order. */
export const resourceTypes: readonly protobuf.Type[] =
  (root.lookup(PACKAGE) as protobuf.Namespace)
    .nestedArray.filter((o): o is protobuf.Type =>
      o instanceof protobuf.Type && resourceRules(o) !== undefined
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
export function typeForKind(kind: string): protobuf.Type | undefined {
  return resourceTypes.find((t) => resourceRules(t)?.kind === kind);
}

/** Spellings of one enum: both directions, in proto order. */
export interface EnumSpellings {
  /** The YAML spelling of each proto value name. */
  toSpelling: ReadonlyMap<string, string>;
  /** The proto value name of each YAML spelling. */
  fromSpelling: ReadonlyMap<string, string>;
}

const spellingCache = new WeakMap<protobuf.Enum, EnumSpellings>();

/**
 * The YAML spellings of an enum, from the `(spelling)` option of its values.
 * Values without a spelling (the `_UNSPECIFIED` zero) cannot be written.
 *
 * @example
 * ```ts
 * import { enumSpellings, root } from "./registry.ts";
 * const e = root.lookupEnum("kat.v1alpha1.Protocol");
 * console.log(enumSpellings(e).fromSpelling.get("TCP")); // "PROTOCOL_TCP"
 * ```
 */
export function enumSpellings(e: protobuf.Enum): EnumSpellings {
  let s = spellingCache.get(e);
  if (s) return s;
  const toSpelling = new Map<string, string>();
  const fromSpelling = new Map<string, string>();
  const opts = (e.valuesOptions ?? {}) as Record<
    string,
    Record<string, unknown>
  >;
  for (const name of Object.keys(e.values)) {
    const spelling = opts[name]?.["(spelling)"];
    if (typeof spelling === "string") {
      toSpelling.set(name, spelling);
      fromSpelling.set(spelling, name);
    }
  }
  s = { toSpelling, fromSpelling };
  spellingCache.set(e, s);
  return s;
}
