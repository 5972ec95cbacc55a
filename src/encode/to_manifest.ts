/**
 * Turns a resource back into the shape and spelling of a manifest: proto3 JSON
 * keys, enum spellings, integers where the user may write integers.
 *
 * @module
 */
import type { Kind, ResourceTypes } from "../gen/types.ts";
import {
  API_VERSION,
  type Field,
  type MessageType,
  typeForKind,
} from "../schema/registry.ts";

/**
 * A JSON-compatible value.
 *
 * @example
 * ```ts
 * import type { ManifestValue } from "@kat/toolkit";
 * const v: ManifestValue = { ports: [{ name: "http", containerPort: 80 }] };
 * ```
 */
export type ManifestValue =
  | string
  | number
  | boolean
  | ManifestValue[]
  | { [key: string]: ManifestValue };

function convertScalar(field: Field, value: unknown): ManifestValue {
  if (field.enum) {
    return field.enum.toSpelling.get(String(value)) ?? String(value);
  }
  if (field.message) {
    return convertMessage(field.message, value as Record<string, unknown>);
  }
  if (
    field.type === "string" && field.rules.intOrString &&
    /^(0|[1-9][0-9]{0,14})$/.test(String(value))
  ) {
    return Number(value);
  }
  return value as ManifestValue;
}

function convertMessage(
  type: MessageType,
  message: Record<string, unknown>,
): { [key: string]: ManifestValue } {
  const out: { [key: string]: ManifestValue } = {};
  for (const field of type.fields) {
    const value = message[field.name];
    if (value === undefined || value === null) continue;
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) continue;
      out[field.jsonName] = Object.fromEntries(
        entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, convertScalar(field, v)]),
      );
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      out[field.jsonName] = items.map((v) => convertScalar(field, v));
    } else {
      out[field.jsonName] = convertScalar(field, value);
    }
  }
  return out;
}

/**
 * The manifest form of a resource: `apiVersion` and `kind` first, then the
 * fields in proto order, map keys sorted, empty lists and maps left out.
 *
 * @example
 * ```ts
 * import { toManifest } from "./to_manifest.ts";
 * const m = toManifest("Namespace", { metadata: { name: "team-a" } });
 * console.log(JSON.stringify(m));
 * // {"apiVersion":"kat.dws.rip/v1alpha1","kind":"Namespace","metadata":{"name":"team-a"}}
 * ```
 */
export function toManifest<K extends Kind>(
  kind: K,
  resource: ResourceTypes[K],
): { [key: string]: ManifestValue } {
  const type = typeForKind(kind);
  if (!type) throw new Error(`toManifest: unknown kind ${kind}`);
  const body = convertMessage(type, resource as Record<string, unknown>);
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = body;
  return { apiVersion: API_VERSION, kind, ...rest };
}
