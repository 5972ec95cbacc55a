/**
 * Applies the defaults written in the proto as `(field).default`.
 *
 * @module
 */
import type { Field, MessageType } from "../schema/registry.ts";

/** Converts a default, written as in YAML, into a manifest value. */
function parseDefault(type: MessageType, field: Field, text: string): unknown {
  if (field.enum) {
    if (!field.enum.fromSpelling.has(text)) {
      throw new Error(
        `proto: the default ${text} of ${type.fullName}.${field.name} is not a spelling of ${field.enum.fullName}`,
      );
    }
    return text;
  }
  if (field.type === "bool") return text === "true";
  if (field.type === "string") return text;
  return field.type.endsWith("64") ? text : Number(text);
}

/**
 * Fills in, in place, every `(field).default` of `message` and of the
 * messages it holds.
 *
 * @example
 * ```ts
 * import { applyProtoDefaults } from "./proto_defaults.ts";
 * import { messageType } from "../schema/registry.ts";
 * const port: Record<string, unknown> = { name: "http", containerPort: 80 };
 * applyProtoDefaults(port, messageType("Port"));
 * console.log(port.protocol); // "TCP"
 * ```
 */
export function applyProtoDefaults(
  message: Record<string, unknown>,
  type: MessageType,
): void {
  for (const field of fieldsToVisit(type)) {
    const value = message[field.jsonName];
    if (value === undefined) {
      const def = field.rules.default;
      if (def !== undefined && !field.repeated && !field.map) {
        message[field.jsonName] = parseDefault(type, field, def);
      }
      continue;
    }
    const t = field.message;
    if (!t || field.map) continue;
    if (!field.repeated) {
      if (typeof value === "object" && value !== null) {
        applyProtoDefaults(value as Record<string, unknown>, t);
      }
      continue;
    }
    for (const item of value as unknown[]) {
      if (item && typeof item === "object") {
        applyProtoDefaults(item as Record<string, unknown>, t);
      }
    }
  }
}

/** The fields of each message type that have a default or hold messages. */
const VISITED = new WeakMap<MessageType, readonly Field[]>();

/** The fields of `type` a default can come from or reach: the rest are skipped. */
function fieldsToVisit(type: MessageType): readonly Field[] {
  let fields = VISITED.get(type);
  if (fields === undefined) {
    fields = type.fields.filter((f) =>
      f.rules.default !== undefined || (f.message !== undefined && !f.map)
    );
    VISITED.set(type, fields);
  }
  return fields;
}
