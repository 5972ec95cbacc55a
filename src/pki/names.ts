/**
 * The names that go into certificates: node and cluster names (in a CN), DNS
 * names and IP addresses (in subject alternative names), checked and put in
 * one canonical form so that two spellings of one name compare equal.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import { formatCidr } from "../rules/cidr.ts";
import { checkDnsName } from "../rules/dns.ts";
import { parseIpv4, parseIpv6 } from "../rules/ip.ts";
import { PkiError } from "./pki_error.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Most characters of a common name (X.509's `ub-common-name`). */
const MAX_COMMON_NAME = 64;

/**
 * Checks a name that goes into a certificate's CN (a node name, a cluster
 * name): 1 to `max` characters, none of them a control character; a
 * {@link PkiError} `pki.bad_name` otherwise.
 *
 * @param what What the name is, for the message (`node name`).
 * @param max Most characters; defaults to 64.
 *
 * @example
 * ```ts
 * import { checkCommonName } from "./names.ts";
 * checkCommonName("node-1", "node name"); // returns; "" would throw
 * ```
 */
export function checkCommonName(
  name: string,
  what: string,
  max = MAX_COMMON_NAME,
): void {
  if (
    name.length === 0 || name.length > max || CONTROL.test(name)
  ) {
    throw new PkiError(
      "bad_name",
      `the ${what} ${
        quote(name)
      } is not 1 to ${max} characters without control characters`,
    );
  }
}

/**
 * A DNS name in lower case; a {@link PkiError} `pki.bad_name` when it is not
 * one by the toolkit's rule for DNS names (`src/rules/dns.ts`): dot-separated
 * labels of letters, digits and inner hyphens, no wildcard, and a last label
 * that is not a number (which reads as an IPv4 address).
 *
 * @example
 * ```ts
 * import { canonicalDnsName } from "./names.ts";
 * console.log(canonicalDnsName("Node-1.Example")); // "node-1.example"
 * ```
 */
export function canonicalDnsName(name: string): string {
  const lower = name.toLowerCase();
  if (checkDnsName(lower)) {
    throw new PkiError("bad_name", `${quote(name)} is not a DNS name`);
  }
  return lower;
}

/**
 * An IP address in its canonical text (IPv4 dotted, IPv6 in RFC 5952's
 * short form); a {@link PkiError} `pki.bad_address` when it is not one, as
 * the toolkit reads addresses (`src/rules/ip.ts`: no leading zeros, no zone;
 * `::1.2.3.4` is `::102:304`).
 *
 * @example
 * ```ts
 * import { canonicalAddress } from "./names.ts";
 * console.log(canonicalAddress("127.0.0.2")); // "127.0.0.2"
 * console.log(canonicalAddress("0:0:0:0:0:0:0:1")); // "::1"
 * ```
 */
export function canonicalAddress(address: string): string {
  const family = address.includes(":") ? 6 : 4;
  const value = family === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) {
    throw new PkiError(
      "bad_address",
      `${quote(address)} is not an IPv4 or IPv6 address`,
    );
  }
  // formatCidr writes the address canonically; its "/0" is dropped.
  return formatCidr({ family, address: value, prefix: 0 }).slice(0, -2);
}
