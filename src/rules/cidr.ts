/**
 * IPv4 and IPv6 CIDR ranges.
 *
 * @module
 */
import { quote } from "../diagnostics/quote.ts";
import {
  failed,
  type Format,
  type Parsed,
  parsed,
  problemOf,
} from "./format.ts";
import { parseIpv4, parseIpv6 } from "./ip.ts";

/** A network range: its network address as an integer, and prefix length. */
export interface Cidr {
  /** 4 or 6. */
  family: 4 | 6;
  /** The network address. */
  address: bigint;
  /** The prefix length. */
  prefix: number;
}

function formatAddress(family: 4 | 6, address: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join(
      ".",
    );
  }
  const groups = Array.from(
    { length: 8 },
    (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${
    hex.slice(bestStart + bestLen).join(":")
  }`;
}

/**
 * Canonical text of a range: `10.0.0.0/16`, `fd00::/8`.
 *
 * @example
 * ```ts
 * import { formatCidr } from "./cidr.ts";
 * console.log(formatCidr({ family: 6, address: 0xfd00n << 112n, prefix: 8 })); // "fd00::/8"
 * ```
 */
export function formatCidr(c: Cidr): string {
  return `${formatAddress(c.family, c.address)}/${c.prefix}`;
}

const PREFIX = /^(?:0|[1-9][0-9]{0,2})$/;

/**
 * Parses `address/prefix` for IPv4 or IPv6. Host bits must be zero; the hint
 * then names the network address.
 *
 * @example
 * ```ts
 * import { parseCidr } from "./cidr.ts";
 * console.log(parseCidr("10.0.0.0/16")); // { ok: true, value: { family: 4, address: 167772160n, prefix: 16 } }
 * const bad = parseCidr("10.0.0.5/16");
 * console.log(!bad.ok && bad.problem.hint); // "use 10.0.0.0/16"
 * ```
 */
export function parseCidr(text: string): Parsed<Cidr> {
  const fail = (why: string, hint?: string) =>
    failed<Cidr>(`${quote(text)} is not a CIDR range: ${why}`, hint);
  const slash = text.indexOf("/");
  if (slash < 0) {
    return fail(
      "the prefix length is missing",
      text.includes(":") ? `for example ${text}/64` : `for example ${text}/16`,
    );
  }
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const family: 4 | 6 = addr.includes(":") ? 6 : 4;
  const address = family === 4 ? parseIpv4(addr) : parseIpv6(addr);
  if (address === undefined) {
    return fail(`${quote(addr)} is not an IPv${family} address`);
  }
  const bits = family === 4 ? 32 : 128;
  if (!PREFIX.test(prefixText) || Number(prefixText) > bits) {
    return fail(`the prefix length must be 0 to ${bits}`);
  }
  const prefix = Number(prefixText);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((address & hostMask) !== 0n) {
    const network = { family, address: address & ~hostMask, prefix };
    return failed(
      `${quote(text)} has host bits set`,
      `use ${formatCidr(network)}`,
    );
  }
  return parsed({ family, address, prefix });
}

/**
 * The `cidr` format. Its pattern only says which characters a range is made
 * of; the address grammar and the host bits are the check's.
 *
 * @example
 * ```ts
 * import { cidr } from "./cidr.ts";
 * console.log(cidr.check("fd00::/8"), cidr.exact); // undefined false
 * ```
 */
export const cidr: Format = {
  check: (v) => problemOf(parseCidr(v)),
  pattern: "^[0-9A-Fa-f:.]+/[0-9]{1,3}$",
  exact: false,
};

/**
 * Whether two ranges share an address; ranges of different families never do.
 *
 * @example
 * ```ts
 * import { cidrsOverlap, parseCidr } from "./cidr.ts";
 * const a = parseCidr("10.0.0.0/8"), b = parseCidr("10.96.0.0/12");
 * if (a.ok && b.ok) console.log(cidrsOverlap(a.value, b.value)); // true
 * ```
 */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - prefix);
  return (a.address >> shift) === (b.address >> shift);
}
