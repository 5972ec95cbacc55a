/**
 * The node's name: `--node-name`, or else this machine's host name.
 *
 * @module
 */
import { endsInNumber } from "../rules/dns.ts";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why `name` cannot be a node name (a DNS label: lowercase letters, digits
 * and `-`, at most 63 characters, starting and ending alphanumeric; and not
 * a number — all digits, or `0x` and hex digits — which reads as an IPv4
 * address, as for every DNS name of the toolkit), or undefined when it can.
 *
 * @example
 * ```ts
 * import { nodeNameProblem } from "./node_name.ts";
 * console.log(nodeNameProblem("alpha-1")); // undefined
 * console.log(nodeNameProblem("123")); // "must not be a number (all digits, or 0x and hex digits): as a host name it reads as an IPv4 address"
 * console.log(nodeNameProblem("Alpha")); // "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"
 * ```
 */
export function nodeNameProblem(name: string): string | undefined {
  if (!(name.length <= 63 && DNS_LABEL.test(name))) {
    return "must be a DNS label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";
  }
  return endsInNumber(name)
    ? "must not be a number (all digits, or 0x and hex digits): as a host name it reads as an IPv4 address"
    : undefined;
}

/**
 * The default node name from a host name: its first label, in lowercase
 * (`Web-1.example.org` gives `web-1`); undefined when that is no DNS label.
 *
 * @example
 * ```ts
 * import { nodeNameFromHostname } from "./node_name.ts";
 * console.log(nodeNameFromHostname("Web-1.example.org")); // "web-1"
 * console.log(nodeNameFromHostname("under_score")); // undefined
 * ```
 */
export function nodeNameFromHostname(hostname: string): string | undefined {
  const name = hostname.split(".")[0].toLowerCase();
  return nodeNameProblem(name) === undefined ? name : undefined;
}
