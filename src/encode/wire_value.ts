/**
 * Between the manifest's vocabulary and the wire's: keys as written in
 * `.kat` files and protobufjs's field names, enum spellings and proto value
 * names, RFC 3339 strings and `google.protobuf.Timestamp`. Nothing is dropped
 * silently: a key the proto does not have, or a value of the wrong type, is a
 * {@link WireError}.
 *
 * @module
 */
import { ReasonError } from "../errors/reason_error.ts";
import { FieldPath } from "../diagnostics/field_path.ts";
import type { Kind, Resource } from "../gen/types.ts";
import {
  type Field,
  INT_RANGES,
  type MessageType,
  typeForKind,
} from "../schema/registry.ts";

/**
 * Why a resource cannot be written to, or read from, the wire format (or
 * written as YAML); stable, unlike the message. As an error's `code` it reads
 * `wire.<reason>`.
 *
 * - `unknown_field`: a key the proto does not have;
 * - `type`: a value of the wrong type or out of range, or a kind that is not
 *   one;
 * - `malformed`: bytes that are not the message.
 *
 * @example
 * ```ts
 * import type { WireErrorCode } from "@kat/toolkit";
 * const code: WireErrorCode = "unknown_field";
 * ```
 */
export type WireErrorCode = "unknown_field" | "type" | "malformed";

/**
 * A resource that does not fit the proto (a kind that is not one, a key it
 * does not have, a value of the wrong type), so that it cannot be defaulted
 * or written, to the wire format or as YAML; or bytes that are not the
 * message. `code` is `wire.<reason>`.
 *
 * @example
 * ```ts
 * import { KatError, WireError } from "@kat/toolkit";
 * const e = new WireError("unknown_field", "spec.replica: no such field");
 * console.log(e instanceof KatError, e.code, e.reason);
 * // true "wire.unknown_field" "unknown_field"
 * ```
 */
export class WireError extends ReasonError<"wire", WireErrorCode> {
  /** Always `WireError`. */
  override name = "WireError";

  /**
   * An error of `reason` with `message`.
   *
   * @param reason Why it failed.
   * @param message A sentence for the user.
   * @param options `cause`: the error that led to this one.
   */
  constructor(
    reason: WireErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("wire", reason, message, options);
  }
}

const TIMESTAMP = "google.protobuf.Timestamp";
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** `google.protobuf.Timestamp` fields of an RFC 3339 time. */
function parseTimestamp(
  text: string,
  path: FieldPath,
): { seconds: string; nanos: number } {
  const m = RFC3339.exec(text);
  if (!m) {
    throw new WireError(
      "type",
      `${path}: ${JSON.stringify(text)} is not an RFC 3339 time`,
    );
  }
  const [, y, mo, d, h, mi, s, frac, sign, oh, om] = m;
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  const offset = sign ? (sign === "-" ? -1 : 1) * (+oh * 60 + +om) * 60 : 0;
  const seconds = BigInt(Math.floor(ms / 1000)) - BigInt(offset);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new WireError(
      "type",
      `${path}: ${JSON.stringify(text)} is outside 0001-01-01 to 9999-12-31`,
    );
  }
  return {
    seconds: seconds.toString(),
    nanos: Number((frac ?? "").padEnd(9, "0")),
  };
}

/** Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, proto3 JSON's range. */
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

/** An RFC 3339 time in UTC, with 0, 3, 6 or 9 digits of fraction as proto3 JSON. */
function formatTimestamp(
  t: { seconds?: unknown; nanos?: unknown },
  path: FieldPath,
): string {
  const seconds = BigInt(String(t.seconds ?? 0));
  const nanos = Number(t.nanos ?? 0);
  if (
    seconds < MIN_SECONDS || seconds > MAX_SECONDS || nanos < 0 ||
    nanos > 999_999_999
  ) {
    throw new WireError(
      "malformed",
      `${path}: the time is outside 0001-01-01 to 9999-12-31`,
    );
  }
  const date = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (nanos === 0) return `${date}Z`;
  const digits = String(nanos).padStart(9, "0");
  const frac = digits.endsWith("000000")
    ? digits.slice(0, 3)
    : digits.endsWith("000")
    ? digits.slice(0, 6)
    : digits;
  return `${date}.${frac}Z`;
}

function typeError(path: FieldPath, what: string, value: unknown): WireError {
  return new WireError(
    "type",
    `${path}: expected ${what}, got ${
      Array.isArray(value) ? "a list" : value === null ? "null" : typeof value
    }`,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One value of a field (an item of a list, a value of a map) for the wire. */
function valueToWire(field: Field, v: unknown, path: FieldPath): unknown {
  if (field.message) {
    if (field.type === TIMESTAMP) {
      if (typeof v !== "string") throw typeError(path, "an RFC 3339 time", v);
      return parseTimestamp(v, path);
    }
    return messageToWire(field.message, v, path);
  }
  if (field.enum) {
    if (typeof v !== "string" || !field.enum.fromSpelling.has(v)) {
      throw new WireError(
        "type",
        `${path}: ${JSON.stringify(v)} is not one of ${
          [...field.enum.fromSpelling.keys()].join(", ")
        }`,
      );
    }
    return field.enum.fromSpelling.get(v);
  }
  switch (field.type) {
    case "string":
      if (typeof v === "string") return v;
      if (field.rules.intOrString && Number.isSafeInteger(v)) return String(v);
      throw typeError(path, "a string", v);
    case "bool":
      if (typeof v === "boolean") return v;
      throw typeError(path, "a boolean", v);
    case "double":
    case "float":
      if (typeof v === "number") return v;
      throw typeError(path, "a number", v);
  }
  const range = INT_RANGES[field.type];
  if (!range) throw new Error(`wire: unsupported scalar type ${field.type}`);
  const n = typeof v === "bigint"
    ? v
    : typeof v === "number" && Number.isSafeInteger(v)
    ? BigInt(v)
    : typeof v === "string" && /^-?[0-9]+$/.test(v)
    ? BigInt(v)
    : undefined;
  if (n === undefined) throw typeError(path, "an integer", v);
  if (n < range[0] || n > range[1]) {
    throw new WireError(
      "type",
      `${path}: ${n} is out of range for ${field.type}`,
    );
  }
  return field.type.endsWith("64") ? n.toString() : Number(n);
}

/**
 * A message in the manifest's vocabulary as the plain object protobufjs's
 * `fromObject` takes.
 *
 * @example
 * ```ts
 * import { messageToWire } from "./wire_value.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * import { messageType } from "../schema/registry.ts";
 * console.log(messageToWire(messageType("Port"), { name: "dns", protocol: "UDP" }, FieldPath.root()));
 * // { name: "dns", protocol: "PROTOCOL_UDP" }
 * ```
 */
export function messageToWire(
  type: MessageType,
  value: unknown,
  path: FieldPath,
): Record<string, unknown> {
  if (!isObject(value)) throw typeError(path, "an object", value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = type.field(key);
    const at = path.child(key);
    if (!field) {
      throw new WireError(
        "unknown_field",
        `${at}: ${type.name} has no field ${JSON.stringify(key)}`,
      );
    }
    if (v === undefined) continue;
    if (field.map) {
      if (!isObject(v)) throw typeError(at, "a mapping", v);
      const entries = Object.entries(v).map((
        [k, item],
      ) => [k, valueToWire(field, item, at.key(k))]);
      out[field.name] = Object.fromEntries(entries);
    } else if (field.repeated) {
      if (!Array.isArray(v)) throw typeError(at, "a list", v);
      out[field.name] = v.map((item, i) =>
        valueToWire(field, item, at.index(i))
      );
    } else {
      out[field.name] = valueToWire(field, v, at);
    }
  }
  return out;
}

/** One value read from the wire, in the manifest's vocabulary. */
function valueFromWire(field: Field, v: unknown, path: FieldPath): unknown {
  if (field.message) {
    if (field.type === TIMESTAMP) {
      return formatTimestamp(v as Record<string, unknown>, path);
    }
    return messageFromWire(field.message, v as Record<string, unknown>, path);
  }
  if (field.enum) {
    const spelled = field.enum.toSpelling.get(String(v));
    if (spelled === undefined) {
      throw new WireError(
        "malformed",
        `${path}: ${JSON.stringify(v)} is not a value of ${field.enum.name}`,
      );
    }
    return spelled;
  }
  return v;
}

/**
 * What protobufjs's `toObject` gives (enums and 64-bit integers as strings),
 * in the manifest's vocabulary.
 *
 * @example
 * ```ts
 * import { messageFromWire } from "./wire_value.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * import { messageType } from "../schema/registry.ts";
 * console.log(messageFromWire(messageType("Port"), { name: "dns", protocol: "PROTOCOL_UDP" }, FieldPath.root()));
 * // { name: "dns", protocol: "UDP" }
 * ```
 */
export function messageFromWire(
  type: MessageType,
  value: Record<string, unknown>,
  path: FieldPath,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fields) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    const at = path.child(field.jsonName);
    if (field.map) {
      out[field.jsonName] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map((
          [k, item],
        ) => [k, valueFromWire(field, item, at.key(k))]),
      );
    } else if (field.repeated) {
      out[field.jsonName] = (v as unknown[]).map((item, i) =>
        valueFromWire(field, item, at.index(i))
      );
    } else {
      out[field.jsonName] = valueFromWire(field, v, at);
    }
  }
  return out;
}

/**
 * A resource as the plain object protobufjs's `fromObject` takes, with its
 * kind: what every writer checks first, so that nothing is dropped silently.
 *
 * @throws {WireError} `wire.type` for a kind that is not one or a value of
 * the wrong type, `wire.unknown_field` for a key the proto does not have.
 *
 * @example
 * ```ts
 * import { resourceToWire } from "./wire_value.ts";
 * const { kind, message } = resourceToWire({ kind: "Namespace", metadata: { name: "a" } });
 * console.log(kind, message); // "Namespace" { kind: "Namespace", metadata: { name: "a" } }
 * ```
 */
export function resourceToWire(
  resource: Resource,
): { kind: Kind; message: Record<string, unknown> } {
  const kind = kindOf(resource);
  return {
    kind,
    message: messageToWire(typeForKind(kind)!, resource, FieldPath.root()),
  };
}

/**
 * The kind of a resource, checked: what every function that takes a
 * resource of any kind asks first.
 *
 * @throws {WireError} `wire.type` when `kind` names no kind.
 *
 * @example
 * ```ts
 * import { kindOf } from "./wire_value.ts";
 * console.log(kindOf({ kind: "Namespace" })); // "Namespace"
 * ```
 */
export function kindOf(resource: Resource): Kind {
  const kind: unknown = (resource as { kind?: unknown } | null)?.kind;
  if (typeof kind !== "string" || !typeForKind(kind)) {
    throw new WireError(
      "type",
      `kind: ${JSON.stringify(kind) ?? "undefined"} is not a kind`,
    );
  }
  return kind as Kind;
}
