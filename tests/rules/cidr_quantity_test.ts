import { assertEquals } from "../assert.ts";
import {
  type Cidr,
  cidrsOverlap,
  formatCidr,
  parseCidr,
} from "../../src/rules/cidr.ts";
import { parseCpuMillis, parseMemoryBytes } from "../../src/rules/quantity.ts";
import type { Parsed } from "../../src/rules/format.ts";

function cidr(text: string): Cidr {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value;
}

Deno.test("CIDR parsing gives the network as an integer", () => {
  assertEquals(cidr("10.244.0.0/16"), {
    family: 4,
    address: 0x0af40000n,
    prefix: 16,
  });
  assertEquals(cidr("fd00::/8"), {
    family: 6,
    address: 0xfdn << 120n,
    prefix: 8,
  });
  assertEquals(cidr("::ffff:10.0.0.0/104"), {
    family: 6,
    address: (0xffffn << 32n) | 0x0a000000n,
    prefix: 104,
  });
});

Deno.test("CIDR formatting is canonical", () => {
  assertEquals(formatCidr(cidr("10.244.0.0/16")), "10.244.0.0/16");
  assertEquals(formatCidr(cidr("FD00:0:0:0:0:0:0:0/8")), "fd00::/8");
  assertEquals(
    formatCidr(cidr("2001:db8:0:0:1:0:0:0/80")),
    "2001:db8:0:0:1::/80",
  );
  assertEquals(formatCidr(cidr("::/0")), "::/0");
  assertEquals(formatCidr(cidr("1:2:3:4:5:6:7:0/128")), "1:2:3:4:5:6:7:0/128");
});

Deno.test("CIDR overlap, both families", () => {
  assertEquals(cidrsOverlap(cidr("10.0.0.0/8"), cidr("10.96.0.0/12")), true);
  assertEquals(cidrsOverlap(cidr("10.96.0.0/12"), cidr("10.0.0.0/8")), true);
  assertEquals(cidrsOverlap(cidr("10.0.0.0/16"), cidr("10.1.0.0/16")), false);
  assertEquals(cidrsOverlap(cidr("0.0.0.0/0"), cidr("192.168.0.0/16")), true);
  assertEquals(cidrsOverlap(cidr("fd00::/16"), cidr("fd00:20::/108")), true);
  assertEquals(cidrsOverlap(cidr("fd00::/16"), cidr("fd01::/16")), false);
  assertEquals(cidrsOverlap(cidr("0.0.0.0/0"), cidr("::/0")), false);
});

const value = (r: Parsed<bigint>) => r.ok ? r.value : undefined;

Deno.test("CPU quantities in millicores", () => {
  assertEquals(
    ["250m", "0.5", "2", "1.25", "0.001", "1.5000", "007", "0"].map((v) =>
      value(parseCpuMillis(v))
    ),
    [250n, 500n, 2000n, 1250n, 1n, 1500n, 7000n, 0n],
  );
  assertEquals(
    ["", "m", "1.0001", "1e3", "-1", ".5", "1.", "1k"].map((v) =>
      value(parseCpuMillis(v))
    ),
    [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ],
  );
});

Deno.test("memory quantities in bytes", () => {
  assertEquals(
    ["512", "1k", "1Ki", "128Mi", "1G", "1Gi", "2Ti", "1Pi", "1E", "1Ei"].map(
      (v) => value(parseMemoryBytes(v)),
    ),
    [
      512n,
      1000n,
      1024n,
      134217728n,
      1000000000n,
      1073741824n,
      2199023255552n,
      1125899906842624n,
      10n ** 18n,
      2n ** 60n,
    ],
  );
  assertEquals(
    ["1K", "1mb", "1.5", ""].map((v) => value(parseMemoryBytes(v))),
    [
      undefined,
      undefined,
      undefined,
      undefined,
    ],
  );
});
