import { assertEquals } from "../assert.ts";
import { formatJson, formatText, Logger } from "../../src/agent/log.ts";

const at = new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 5));

Deno.test("log: one text line per event, fields as key=value, quoted only when needed", () => {
  assertEquals(
    formatText({
      time: at,
      level: "info",
      event: "leader.elected",
      message: "node alpha leads the cluster",
      fields: {
        node: "alpha",
        leaseTtl: 30,
        local: true,
        none: undefined,
        note: 'a "b" c',
        eq: "x=y",
      },
    }),
    '2026-11-25T10:00:00.005Z info leader.elected: node alpha leads the cluster node=alpha leaseTtl=30 local=true note="a \\"b\\" c" eq="x=y"',
  );
});

Deno.test("log: no value can break a line or drive a terminal, in either format", () => {
  const hostile = "a\nb\rc\u001b[31md\u0085e\u202ef\u0000";
  const record = {
    time: at,
    level: "warn" as const,
    event: "x\ny",
    message: hostile,
    fields: { [hostile]: hostile },
  };
  for (const line of [formatText(record), formatJson(record)]) {
    assertEquals(line.includes("\n") || line.includes("\r"), false);
    // deno-lint-ignore no-control-regex
    const controls = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    assertEquals(controls.test(line), false);
  }
  assertEquals(
    formatText(record),
    '2026-11-25T10:00:00.005Z warn x\\ny: a\\nb\\rc\\u001b[31md\\u0085e\\u202ef\\u0000 a\\nb\\rc\\u001b[31md\\u0085e\\u202ef\\u0000="a\\nb\\rc\\u001b[31md\\u0085e\\u202ef\\u0000"',
  );
  // The JSON form still parses back to the exact values.
  const parsed = JSON.parse(formatJson(record));
  assertEquals([parsed.event, parsed.msg, parsed[hostile]], [
    "x\ny",
    hostile,
    hostile,
  ]);
});

Deno.test("log: JSON lines keep time, level, event and msg first; fields cannot replace them", () => {
  const line = formatJson({
    time: at,
    level: "error",
    event: "etcd.failed",
    message: "boom",
    fields: { code: "port-in-use", event: "forged", msg: "forged", pid: 7 },
  });
  assertEquals(
    line,
    '{"time":"2026-11-25T10:00:00.005Z","level":"error","event":"etcd.failed","msg":"boom","code":"port-in-use","pid":7}',
  );
});

Deno.test("log: lines reach the sink in order, each ending in a newline, and a failing sink loses lines only", async () => {
  const lines: string[] = [];
  let calls = 0;
  const log = new Logger(async (l) => {
    calls++;
    if (calls === 2) throw new Error("sink down");
    await new Promise((r) => setTimeout(r, 3 - calls));
    lines.push(l);
  }, { clock: () => at });
  log.info("a.one", "first");
  log.warn("a.two", "second");
  log.error("a.three", "third", { n: 3 });
  await log.flush();
  assertEquals(lines, [
    "2026-11-25T10:00:00.005Z info a.one: first\n",
    "2026-11-25T10:00:00.005Z error a.three: third n=3\n",
  ]);
});
