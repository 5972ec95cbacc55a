import { assertEquals, assertRejects } from "../assert.ts";
import { nodeSubnets } from "../../src/nodes/subnets.ts";
import { NodeRegistryError } from "../../src/nodes/node_error.ts";
import { nodeStatusKey, subnetKey } from "../../src/nodes/keys.ts";

/** The error `fn` throws, as `[code, message]`. */
async function refusal(fn: () => unknown) {
  const e = await assertRejects(async () => await fn(), NodeRegistryError);
  return [e.code, e.message];
}

Deno.test("IPv4: a /16 with 7 bits gives 128 /23 subnets in address order", () => {
  const s = nodeSubnets("10.100.0.0/16", 7);
  assertEquals([s.prefixLength, s.count], [23, 128n]);
  assertEquals([0n, 1n, 2n, 127n].map((i) => s.at(i)), [
    "10.100.0.0/23",
    "10.100.2.0/23",
    "10.100.4.0/23",
    "10.100.254.0/23",
  ]);
});

Deno.test("IPv4: a /28 with 2 bits gives four /30 subnets", () => {
  const s = nodeSubnets("192.168.7.16/28", 2);
  assertEquals([s.prefixLength, s.count], [30, 4n]);
  assertEquals([0n, 1n, 2n, 3n].map((i) => s.at(i)), [
    "192.168.7.16/30",
    "192.168.7.20/30",
    "192.168.7.24/30",
    "192.168.7.28/30",
  ]);
});

Deno.test("IPv6: canonical text, and counts beyond 2^53", () => {
  const s = nodeSubnets("fd00:10::/48", 16);
  assertEquals([s.prefixLength, s.count], [64, 65536n]);
  assertEquals([0n, 2n, 65535n].map((i) => s.at(i)), [
    "fd00:10::/64",
    "fd00:10:0:2::/64",
    "fd00:10:0:ffff::/64",
  ]);
  const wide = nodeSubnets("fd00::/8", 64);
  assertEquals(wide.count, 1n << 64n);
  assertEquals(wide.at((1n << 64n) - 1n), "fdff:ffff:ffff:ffff:ff00::/72");
});

Deno.test("zero bits: the whole range is the one subnet", () => {
  const s = nodeSubnets("10.0.0.0/24", 0);
  assertEquals([s.prefixLength, s.count, s.at(0n)], [24, 1n, "10.0.0.0/24"]);
});

Deno.test("an index out of range is a RangeError", () => {
  const s = nodeSubnets("10.0.0.0/24", 1);
  let message = "";
  try {
    s.at(2n);
  } catch (e) {
    if (e instanceof RangeError) message = e.message;
  }
  assertEquals(message, "subnet index 2 is outside 0 to 1");
});

Deno.test("a range or bit count that gives no subnets is invalid_cidr", async () => {
  assertEquals(await refusal(() => nodeSubnets("10.0.0.5/24", 2)), [
    "node.invalid_cidr",
    '"10.0.0.5/24" has host bits set (use 10.0.0.0/24)',
  ]);
  assertEquals(await refusal(() => nodeSubnets("10.0.0.0", 2)), [
    "node.invalid_cidr",
    '"10.0.0.0" is not a CIDR range: the prefix length is missing (for example 10.0.0.0/16)',
  ]);
  assertEquals(await refusal(() => nodeSubnets("10.0.0.0/24", 9)), [
    "node.invalid_cidr",
    "nodeSubnetBits 9 does not split 10.0.0.0/24: it must be an integer from 0 to 8",
  ]);
  assertEquals(await refusal(() => nodeSubnets("fd00::/64", 1.5)), [
    "node.invalid_cidr",
    "nodeSubnetBits 1.5 does not split fd00::/64: it must be an integer from 0 to 64",
  ]);
  assertEquals(await refusal(() => nodeSubnets("10.0.0.0/24", -1)), [
    "node.invalid_cidr",
    "nodeSubnetBits -1 does not split 10.0.0.0/24: it must be an integer from 0 to 8",
  ]);
});

Deno.test("key layout", () => {
  assertEquals(nodeStatusKey("node-2"), "/kat/nodes/node-2/status");
  assertEquals(
    subnetKey("10.100.2.0/23"),
    "/kat/registry/subnets/10.100.2.0_23",
  );
  assertEquals(
    subnetKey("fd00:10:0:2::/64"),
    "/kat/registry/subnets/fd00:10:0:2::_64",
  );
});
