/**
 * Applies the defaults written in the proto as `(field).default`.
 *
 * @module
 */
import type { Field, MessageType } from "../schema/registry.ts";

/** Converts a default written in YAML spelling into the decoded form. */
function parseDefault(type: MessageType, field: Field, text: string): unknown {
  if (field.enum) {
    const name = field.enum.fromSpelling.get(text);
    if (name === undefined) {
      throw new Error(
        `proto: the default ${text} of ${type.fullName}.${field.name} is not a spelling of ${field.enum.fullName}`,
      );
    }
    return name;
  }
  if (field.type === "bool") return text === "true";
  if (field.type === "string") return text;
  return field.type.endsWith("64") ? text : Number(text);
}

/**
 * Sets every absent field that has a proto default, in `message` and in every
 * message below it that is present. Absent sub-messages are not created.
 *
 * @example
 * ```ts
 * import { applyProtoDefaults } from "./proto_defaults.ts";
 * import { messageType } from "../schema/registry.ts";
 * const port: Record<string, unknown> = { name: "web", containerPort: 80 };
 * applyProtoDefaults(port, messageType("Port"));
 * console.log(port.protocol); // "PROTOCOL_TCP"
 * ```
 */
export function applyProtoDefaults(
  message: Record<string, unknown>,
  type: MessageType,
): void {
  for (const field of type.fields) {
    const value = message[field.name];
    const def = field.rules.default;
    if (value === undefined) {
      if (def !== undefined && !field.repeated && !field.map) {
        message[field.name] = parseDefault(type, field, def);
      }
      continue;
    }
    const t = field.message;
    if (!t || field.map) continue;
    const items = field.repeated ? value as unknown[] : [value];
    for (const item of items) {
      if (item && typeof item === "object") {
        applyProtoDefaults(item as Record<string, unknown>, t);
      }
    }
  }
}
