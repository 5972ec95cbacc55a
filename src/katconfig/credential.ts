/**
 * The administrator's bearer credential: made once by `kat-agent init`,
 * kept by the leader only as its SHA-256.
 *
 * @module
 */

/** `kat-` and 64 lowercase hexadecimal digits. */
const CREDENTIAL = /^kat-[0-9a-f]{64}$/;

/**
 * A new administrator's credential: `kat-` and 64 lowercase hexadecimal
 * digits (256 bits from `crypto.getRandomValues`).
 *
 * @example
 * ```ts
 * import { newAdminCredential } from "./credential.ts";
 * console.log(/^kat-[0-9a-f]{64}$/.test(newAdminCredential())); // true
 * ```
 */
export function newAdminCredential(): string {
  return `kat-${crypto.getRandomValues(new Uint8Array(32)).toHex()}`;
}

/**
 * Whether `text` has the form of an administrator's credential.
 *
 * @example
 * ```ts
 * import { isAdminCredential } from "./credential.ts";
 * console.log(isAdminCredential("kat-" + "ab".repeat(32)), isAdminCredential("kat-x")); // true false
 * ```
 */
export function isAdminCredential(text: string): boolean {
  return CREDENTIAL.test(text);
}

/**
 * The SHA-256 of a credential's UTF-8 bytes, as 64 lowercase hexadecimal
 * digits: what the leader stores in its place.
 *
 * @example
 * ```ts
 * import { credentialSha256 } from "./credential.ts";
 * console.log(await credentialSha256("abc"));
 * // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export async function credentialSha256(credential: string): Promise<string> {
  const bytes = new TextEncoder().encode(credential);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)).toHex();
}
