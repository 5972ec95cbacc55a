/**
 * A resource in the canonical layout of a manifest: `apiVersion` and `kind`
 * first, fields in proto order, map keys sorted, nothing empty, integers
 * where the user may write integers.
 *
 * @module
 */
import type { Resource } from "../gen/types.ts";
import {
  API_VERSION,
  type Field,
  type MessageType,
  typeForKind,
} from "../schema/registry.ts";
import { resourceToWire } from "./wire_value.ts";

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

/** Quantities and `maxSurge` that are whole numbers print as integers. */
const WHOLE = /^(0|[1-9][0-9]{0,14})$/;

function convertValue(field: Field, value: unknown): ManifestValue {
  if (field.message && field.type !== "google.protobuf.Timestamp") {
    return convertMessage(field.message, value as Record<string, unknown>);
  }
  if (field.type === "string" && field.rules.intOrString) {
    return WHOLE.test(String(value)) ? Number(value) : String(value);
  }
  return value as ManifestValue;
}

function convertMessage(
  type: MessageType,
  message: Record<string, unknown>,
): { [key: string]: ManifestValue } {
  const out: { [key: string]: ManifestValue } = {};
  for (const field of type.fields) {
    const value = message[field.jsonName];
    if (value === undefined || value === null) continue;
    if (field.map) {
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) continue;
      const sorted: { [key: string]: ManifestValue } = {};
      for (
        const [k, v] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      ) {
        Object.defineProperty(sorted, k, {
          value: convertValue(field, v),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out[field.jsonName] = sorted;
    } else if (field.repeated) {
      const items = value as unknown[];
      if (items.length === 0) continue;
      out[field.jsonName] = items.map((v) => convertValue(field, v));
    } else {
      out[field.jsonName] = convertValue(field, value);
    }
  }
  return out;
}

/**
 * The manifest form of a resource: `apiVersion` and `kind` first, then the
 * fields in proto order, map keys sorted, empty lists and maps left out,
 * whole-number quantities as integers.
 *
 * @param resource A resource of any kind.
 * @returns Its manifest form, ready for `JSON.stringify`.
 * @throws {WireError} as `encodeBinary` does, for a resource that does not
 * fit the proto: `wire.type` for a kind that is not one or a value of the
 * wrong type, `wire.unknown_field` for a key the proto does not have.
 *
 * @example
 * ```ts
 * import { toManifest } from "@kat/toolkit";
 * const m = toManifest({ kind: "Namespace", metadata: { name: "team-a" } });
 * console.log(JSON.stringify(m));
 * // {"apiVersion":"kat.dws.rip/v1alpha1","kind":"Namespace","metadata":{"name":"team-a"}}
 * ```
 */
export function toManifest(
  resource: Resource,
): { [key: string]: ManifestValue } {
  // Checked as the wire format checks it: nothing is dropped silently.
  const { kind } = resourceToWire(resource);
  const type = typeForKind(kind)!;
  const body = convertMessage(
    type,
    resource as unknown as Record<string, unknown>,
  );
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = body;
  return { apiVersion: API_VERSION, kind: resource.kind, ...rest };
}
