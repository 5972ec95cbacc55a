/**
 * The overlay subnets of a cluster: its clusterCIDR split into
 * 2^nodeSubnetBits equal subnets, one per node.
 *
 * @module
 */
import { formatCidr, parseCidr } from "../rules/cidr.ts";
import { NodeRegistryError } from "./node_error.ts";

/**
 * The subnets of a clusterCIDR, numbered from 0 in address order.
 *
 * @example
 * ```ts
 * import { nodeSubnets, type NodeSubnets } from "./subnets.ts";
 * const s: NodeSubnets = nodeSubnets("10.100.0.0/16", 7);
 * console.log(s.prefixLength, s.count, s.at(1n)); // 23 128n "10.100.2.0/23"
 * ```
 */
export interface NodeSubnets {
  /** The prefix length of each subnet. */
  prefixLength: number;
  /** How many subnets there are (2^nodeSubnetBits). */
  count: bigint;
  /** The canonical text of subnet `index` (0 ≤ index < count). */
  at(index: bigint): string;
}

/**
 * Splits `clusterCidr` (IPv4 or IPv6) into 2^`nodeSubnetBits` subnets.
 *
 * @throws {NodeRegistryError} `node.invalid_cidr` when `clusterCidr` is no
 * CIDR range, or `nodeSubnetBits` is not an integer from 0 to the host bits
 * the range has; `at` throws a RangeError for an index out of range.
 *
 * @example
 * ```ts
 * import { nodeSubnets } from "./subnets.ts";
 * const v4 = nodeSubnets("10.100.0.0/16", 7);
 * console.log(v4.at(0n), v4.at(127n)); // "10.100.0.0/23" "10.100.254.0/23"
 * const v6 = nodeSubnets("fd00::/48", 16);
 * console.log(v6.at(2n)); // "fd00:0:0:2::/64"
 * ```
 */
export function nodeSubnets(
  clusterCidr: string,
  nodeSubnetBits: number,
): NodeSubnets {
  const parsed = parseCidr(clusterCidr);
  if (!parsed.ok) {
    const { message, hint } = parsed.problem;
    throw new NodeRegistryError(
      "invalid_cidr",
      hint === undefined ? message : `${message} (${hint})`,
    );
  }
  const { family, address, prefix } = parsed.value;
  const bits = family === 4 ? 32 : 128;
  if (
    !Number.isInteger(nodeSubnetBits) || nodeSubnetBits < 0 ||
    prefix + nodeSubnetBits > bits
  ) {
    throw new NodeRegistryError(
      "invalid_cidr",
      `nodeSubnetBits ${nodeSubnetBits} does not split ${
        formatCidr(parsed.value)
      }: it must be an integer from 0 to ${bits - prefix}`,
    );
  }
  const prefixLength = prefix + nodeSubnetBits;
  const count = 1n << BigInt(nodeSubnetBits);
  const shift = BigInt(bits - prefixLength);
  return {
    prefixLength,
    count,
    at(index: bigint): string {
      if (index < 0n || index >= count) {
        throw new RangeError(
          `subnet index ${index} is outside 0 to ${count - 1n}`,
        );
      }
      return formatCidr({
        family,
        address: address | (index << shift),
        prefix: prefixLength,
      });
    },
  };
}
