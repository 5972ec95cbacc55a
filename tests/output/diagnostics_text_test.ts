import { assertEquals } from "../assert.ts";
import { formatDiagnostic } from "../../src/output/diagnostics_text.ts";
import { formatDiagnosticsJson } from "../../src/output/diagnostics_json.ts";
import { escapeControl, quote } from "../../src/diagnostics/quote.ts";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.ts";

const base: Diagnostic = {
  severity: "error",
  code: "unknown_field",
  file: "app/workload.kat",
  line: 3,
  column: 1,
  path: "spec",
  message: "x",
};

Deno.test("text: control characters in every part are escaped, one line each", () => {
  const line = formatDiagnostic({
    ...base,
    file: "up.tar.gz:a\nb.kat",
    path: "metadata.labels[x\u001b[2J]",
    message: "unknown field \u0085 \u202e",
    hint: "tab\there\r",
  });
  assertEquals(
    line,
    "up.tar.gz:a\\nb.kat:3:1: error: metadata.labels[x\\u001b[2J]: " +
      "unknown field \\u0085 \\u202e (hint: tab\\there\\r)",
  );
  assertEquals(line.includes("\n"), false);
});

Deno.test("text: escaping leaves plain text, backslashes and unicode alone", () => {
  assertEquals(escapeControl("C:\\x é ✓ 🚀"), "C:\\x é ✓ 🚀");
  assertEquals(
    escapeControl("\u0000\u007f\u009f\u2028\u2029\u2066\u2069\u200e\u061c"),
    "\\u0000\\u007f\\u009f\\u2028\\u2029\\u2066\\u2069\\u200e\\u061c",
  );
});

Deno.test("quote: JSON quoting, escaped, shortened after 200 code points", () => {
  assertEquals(quote('a"b'), '"a\\"b"');
  assertEquals(quote("\u001b[31m\u202e"), '"\\u001b[31m\\u202e"');
  const exact = "x".repeat(200);
  assertEquals(quote(exact), `"${exact}"`);
  assertEquals(
    quote("y".repeat(201)),
    `"${"y".repeat(200)}…" (201 characters)`,
  );
  // Code points, not UTF-16 units: an astral character counts once and is
  // never cut in half.
  const astral = "🚀".repeat(250);
  assertEquals(
    quote(astral),
    `"${"🚀".repeat(200)}…" (250 characters)`,
  );
  assertEquals(quote("🚀".repeat(200)), `"${"🚀".repeat(200)}"`);
});

Deno.test("json: code follows severity; keys in a fixed order", () => {
  assertEquals(
    formatDiagnosticsJson([{ ...base, hint: "h" }]),
    '{"valid":false,"diagnostics":[{"severity":"error","code":"unknown_field",' +
      '"file":"app/workload.kat","line":3,"column":1,"path":"spec",' +
      '"message":"x","hint":"h"}]}\n',
  );
});
