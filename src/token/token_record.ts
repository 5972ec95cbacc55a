/**
 * What the state store holds for a join token: a small JSON record under
 * `/kat/tokens/<id>` with the SHA-256 of the secret, never the secret.
 *
 * @module
 */
import { TokenError } from "./token_error.ts";

/**
 * The stored record of a token. JSON, UTF-8, with these fields (times in
 * RFC 3339, UTC):
 * `{"secretSha256": HEX, "createdAt": TIME, "expiresAt": TIME,
 * "singleUse": BOOL, "description": TEXT, "usedAt"?: TIME}`.
 *
 * @example
 * ```ts
 * import type { TokenRecord } from "./token_record.ts";
 * const r: TokenRecord = {
 *   secretSha256: "ab".repeat(32),
 *   createdAt: "2025-01-01T00:00:00.000Z",
 *   expiresAt: "2025-01-02T00:00:00.000Z",
 *   singleUse: false,
 *   description: "",
 * };
 * ```
 */
export interface TokenRecord {
  /** The SHA-256 of the secret's UTF-8 bytes, 64 lower-case hex digits. */
  secretSha256: string;
  /** When the token was made. */
  createdAt: string;
  /** When it stops being accepted. */
  expiresAt: string;
  /** Whether it is accepted only once. */
  singleUse: boolean;
  /** What it is for, as its creator said; may be empty. */
  description: string;
  /** When a single-use token was used; absent until then. */
  usedAt?: string;
}

/**
 * The SHA-256 of `secret`'s UTF-8 bytes, in lower-case hex.
 *
 * @example
 * ```ts
 * import { hashSecret } from "./token_record.ts";
 * console.log(await hashSecret("abc"));
 * // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(secret),
  );
  return new Uint8Array(digest).toHex();
}

/**
 * Whether two strings are equal, in a time that depends only on their
 * lengths (every character is compared, whatever differs first).
 *
 * @example
 * ```ts
 * import { constantTimeEqual } from "./token_record.ts";
 * console.log(constantTimeEqual("abc", "abc"), constantTimeEqual("abc", "abd")); // true false
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * A record's bytes in the store.
 *
 * @example
 * ```ts
 * import { encodeTokenRecord } from "./token_record.ts";
 * const bytes = encodeTokenRecord({
 *   secretSha256: "ab".repeat(32),
 *   createdAt: "2025-01-01T00:00:00.000Z",
 *   expiresAt: "2025-01-02T00:00:00.000Z",
 *   singleUse: true,
 *   description: "",
 * });
 * console.log(bytes.length > 0); // true
 * ```
 */
export function encodeTokenRecord(record: TokenRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

const HEX64 = /^[0-9a-f]{64}$/;

function isTime(value: unknown): value is string {
  return typeof value === "string" && !Number.isNaN(Date.parse(value));
}

/**
 * The record in `bytes`, or a {@link TokenError} of reason `corrupt` naming
 * the token's ID when they are not a record.
 *
 * @param bytes The stored value.
 * @param id The token's ID, for the message.
 *
 * @example
 * ```ts
 * import { decodeTokenRecord, encodeTokenRecord } from "./token_record.ts";
 * const record = {
 *   secretSha256: "ab".repeat(32),
 *   createdAt: "2025-01-01T00:00:00.000Z",
 *   expiresAt: "2025-01-02T00:00:00.000Z",
 *   singleUse: false,
 *   description: "ci runners",
 * };
 * console.log(decodeTokenRecord(encodeTokenRecord(record), "abcdef").description); // "ci runners"
 * ```
 */
export function decodeTokenRecord(bytes: Uint8Array, id: string): TokenRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    value = undefined;
  }
  const r = value as Partial<TokenRecord> | undefined;
  if (
    typeof r !== "object" || r === null ||
    typeof r.secretSha256 !== "string" || !HEX64.test(r.secretSha256) ||
    !isTime(r.createdAt) || !isTime(r.expiresAt) ||
    typeof r.singleUse !== "boolean" || typeof r.description !== "string" ||
    (r.usedAt !== undefined && !isTime(r.usedAt))
  ) {
    throw new TokenError(
      "corrupt",
      `the stored record of token "${id}" cannot be read; delete /kat/tokens/${id} and make a new token`,
    );
  }
  return r as TokenRecord;
}
