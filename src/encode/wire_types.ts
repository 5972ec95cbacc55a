/**
 * The protobufjs types of the wire format, built from the generated tables:
 * the one description of the proto the toolkit carries.
 *
 * @module
 */
import protobuf from "protobufjs/light.js";
import { schema } from "../gen/schema.ts";
import type { Kind } from "../gen/types.ts";
import { typeForKind } from "../schema/registry.ts";
import type { FieldTable } from "../schema/tables.ts";

const SCALAR = /^[a-z0-9]+$/;

/** A field's type as protobufjs wants it: scalars by name, others absolute. */
function typeName(t: string): string {
  return SCALAR.test(t) ? t : `.${t}`;
}

function fieldJson(f: FieldTable): Record<string, unknown> {
  const out: Record<string, unknown> = { type: typeName(f.type), id: f.id };
  if (f.label === "repeated") out.rule = "repeated";
  if (f.label === "map") out.keyType = f.keyType;
  if (f.jsonName !== f.name) out.jsonName = f.jsonName;
  if (f.optional) out.options = { proto3_optional: true };
  return out;
}

/** Where `fullName` (a.b.C) sits in a protobufjs JSON namespace tree. */
function place(
  root: Record<string, unknown>,
  fullName: string,
  value: unknown,
): void {
  const parts = fullName.split(".");
  let node = root;
  for (const part of parts.slice(0, -1)) {
    const nested = (node.nested ??= {}) as Record<string, unknown>;
    node = (nested[part] ??= {}) as Record<string, unknown>;
  }
  ((node.nested ??= {}) as Record<string, unknown>)[parts.at(-1)!] = value;
}

/**
 * The protobufjs JSON descriptor of every message and enum of the tables.
 *
 * @example
 * ```ts
 * import { descriptorJson } from "./wire_types.ts";
 * console.log(Object.keys(descriptorJson())); // ["nested"]
 * ```
 */
export function descriptorJson(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const m of schema.messages) {
    const oneofs: Record<string, { oneof: string[] }> = {};
    for (const f of m.fields) {
      const name = f.oneof ?? (f.optional ? `_${f.name}` : undefined);
      if (name !== undefined) {
        (oneofs[name] ??= { oneof: [] }).oneof.push(f.name);
      }
    }
    const message: Record<string, unknown> = {
      fields: Object.fromEntries(m.fields.map((f) => [f.name, fieldJson(f)])),
    };
    if (Object.keys(oneofs).length) message.oneofs = oneofs;
    place(root, m.fullName, message);
  }
  for (const e of schema.enums) {
    place(root, e.fullName, {
      values: Object.fromEntries(e.values.map((v) => [v.name, v.number])),
    });
  }
  return root;
}

let root: protobuf.Root | undefined;

/**
 * The protobufjs message type of a kind, built on first use.
 *
 * @example
 * ```ts
 * import { wireType } from "./wire_types.ts";
 * console.log(wireType("Workload").fullName); // ".kat.v1alpha1.Workload"
 * ```
 */
export function wireType(kind: Kind): protobuf.Type {
  const type = typeForKind(kind);
  if (!type) throw new Error(`unknown kind ${kind}`);
  return wireMessageType(type.fullName);
}

/**
 * The protobufjs message type of any message of the tables, by its full
 * name (`kat.v1alpha1.NodeStatus`), built on first use.
 *
 * @example
 * ```ts
 * import { wireMessageType } from "./wire_types.ts";
 * console.log(wireMessageType("kat.v1alpha1.NodeStatus").name); // "NodeStatus"
 * ```
 */
export function wireMessageType(fullName: string): protobuf.Type {
  root ??= protobuf.Root.fromJSON(descriptorJson() as protobuf.INamespace);
  return root.lookupType(fullName);
}
