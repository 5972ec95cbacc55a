/**
 * IPv4 and IPv6 address literals, as integers.
 *
 * @module
 */

const OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * An IPv4 address in dotted-decimal form (four numbers 0–255, no leading
 * zeros), or undefined.
 *
 * @example
 * ```ts
 * import { parseIpv4 } from "./ip.ts";
 * console.log(parseIpv4("10.0.0.1"), parseIpv4("010.0.0.1")); // 167772161n undefined
 * ```
 */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!OCTET.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(p);
  }
  return n;
}

/**
 * An IPv6 address (RFC 4291 text forms: `::` once, groups of 1–4 hex digits,
 * an optional dotted IPv4 tail; no zone), or undefined.
 *
 * @example
 * ```ts
 * import { parseIpv6 } from "./ip.ts";
 * console.log(parseIpv6("::1"), parseIpv6("1::2::3")); // 1n undefined
 * ```
 */
export function parseIpv6(text: string): bigint | undefined {
  let tail: bigint | undefined;
  let head = text;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail = parseIpv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === "" ? [] : s.split(":"));
  let groups: string[];
  if (halves.length === 2) {
    const left = split(halves[0]);
    const right = split(halves[1]);
    const missing = 8 - left.length - right.length;
    if (missing < 1) return undefined;
    groups = [...left, ...Array(missing).fill("0"), ...right];
  } else {
    groups = split(head);
  }
  if (groups.length !== 8) return undefined;
  let n = 0n;
  for (const g of groups) {
    if (!GROUP.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail !== undefined) n = (n & ~0xffffffffn) | tail;
  return n;
}
