import { assertEquals, assertRejects } from "../assert.ts";
import { lines } from "../helpers.ts";
import {
  decodeNodeStatus,
  encodeNodeStatus,
} from "../../src/nodes/status_wire.ts";
import { WireError } from "../../src/encode/binary.ts";
import type { NodeStatus } from "../../src/gen/types.ts";
import { protocDecode } from "../wire/wire_helpers.ts";

Deno.test("a status report is the NodeStatus message protoc reads, and reads back the same", async () => {
  const status: NodeStatus = {
    capacity: { cpu: "8", memory: "16Gi" },
    conditions: [{ type: "Ready", status: "False" }],
    lastHeartbeatTime: "2030-01-01T00:00:01.500Z",
  };
  const bytes = encodeNodeStatus(status);
  assertEquals(
    await protocDecode("NodeStatus", bytes),
    lines(
      "capacity {",
      '  cpu: "8"',
      '  memory: "16Gi"',
      "}",
      "conditions {",
      '  type: "Ready"',
      "  status: CONDITION_STATUS_FALSE",
      "}",
      "last_heartbeat_time {",
      "  seconds: 1893456001",
      "  nanos: 500000000",
      "}",
    ),
  );
  assertEquals(decodeNodeStatus(bytes), status);
});

Deno.test("what is no NodeStatus is a WireError", async () => {
  const unknown = await assertRejects(
    () =>
      Promise.resolve().then(() =>
        encodeNodeStatus({ cpu: "8" } as NodeStatus)
      ),
    WireError,
  );
  assertEquals([unknown.code, unknown.message], [
    "wire.unknown_field",
    'cpu: NodeStatus has no field "cpu"',
  ]);
  const malformed = await assertRejects(
    () =>
      Promise.resolve().then(() =>
        decodeNodeStatus(new Uint8Array([0x0a, 0xff]))
      ),
    WireError,
  );
  assertEquals(malformed.code, "wire.malformed");
});
