/**
 * The serial number and validity period of certificates the cluster makes.
 *
 * @module
 */

/** Days a cluster CA is valid by default: ten years. */
export const CA_VALIDITY_DAYS = 3650;

/** Days a node certificate is valid by default: one year. */
export const NODE_VALIDITY_DAYS = 365;

/**
 * How far `notBefore` is set before the moment of signing, so that a node
 * whose clock is a little behind the signer's already takes the certificate.
 */
export const BACKDATE_MS = 5 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `notBefore` and `notAfter` of a certificate made at `now` for `days` days,
 * `notBefore` set back by {@link BACKDATE_MS}; `notAfter` is never later
 * than `limit` (the issuer's own `notAfter`). Both are whole seconds, as
 * X.509 stores them. A `days` that is not a positive whole number throws a
 * RangeError.
 *
 * @example
 * ```ts
 * import { validityPeriod } from "./validity.ts";
 * const { notBefore, notAfter } = validityPeriod(new Date("2030-01-01T00:00:00Z"), 1);
 * console.log(notBefore.toISOString()); // "2029-12-31T23:55:00.000Z"
 * console.log(notAfter.toISOString()); // "2030-01-02T00:00:00.000Z"
 * ```
 */
export function validityPeriod(
  now: Date,
  days: number,
  limit?: Date,
): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(
      `validity days must be a positive whole number, not ${days}`,
    );
  }
  const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
  const end = now.getTime() + days * DAY_MS;
  return {
    notBefore: second(now.getTime() - BACKDATE_MS),
    notAfter: second(limit ? Math.min(end, limit.getTime()) : end),
  };
}

/**
 * A random, positive 128-bit serial number as 32 hexadecimal digits (RFC
 * 5280 asks for at most 20 octets, positive, unique per CA).
 *
 * @example
 * ```ts
 * import { randomSerial } from "./validity.ts";
 * console.log(/^[4-7][0-9a-f]{31}$/.test(randomSerial())); // true
 * ```
 */
export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x3f) | 0x40; // positive, and no leading zero octet
  return bytes.toHex();
}
