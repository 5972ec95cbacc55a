/**
 * The test fixtures' free ports: never the same one twice in a process
 * (binding port 0 again and again gives some ports more than once).
 */
import { assertEquals } from "../assert.ts";
import { freePort } from "./etcd_fixture.ts";

Deno.test("freePort: 2,000 ports asked for in a row are 2,000 ports", () => {
  const ports = Array.from({ length: 2_000 }, freePort);
  assertEquals(new Set(ports).size, ports.length);
});
