/**
 * Applies the defaults written in the proto as `(field).default`.
 *
 * @module
 */
import protobuf from "protobufjs";
import { enumSpellings, fieldRules } from "../schema/registry.ts";

/** Converts a default written in YAML spelling into the decoded form. */
function parseDefault(field: protobuf.Field, text: string): unknown {
  const t = field.resolvedType;
  if (t instanceof protobuf.Enum) {
    const name = enumSpellings(t).fromSpelling.get(text);
    if (name === undefined) {
      throw new Error(
        `proto: default ${text} of ${field.fullName} is no spelling`,
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
  type: protobuf.Type,
): void {
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    const def = fieldRules(field).default;
    if (value === undefined) {
      if (def !== undefined && !field.repeated && !field.map) {
        message[field.name] = parseDefault(field, def);
      }
      continue;
    }
    const t = field.resolvedType;
    if (!(t instanceof protobuf.Type) || field.map) continue;
    const items = field.repeated ? value as unknown[] : [value];
    for (const item of items) {
      if (item && typeof item === "object") {
        applyProtoDefaults(item as Record<string, unknown>, t);
      }
    }
  }
}
