/**
 * Plain scalars under the YAML 1.2 core schema, as the tree builder and the
 * event decoders resolve them.
 */
import { resolvePlain } from "../../src/decode/yaml_file.ts";
import { assertEquals } from "../assert.ts";

Deno.test("resolvePlain: numbers start with a digit, a sign or a dot; other words stay strings", () => {
  const cases: [string, unknown][] = [
    ["0x1F", 31n],
    ["0o17", 15n],
    ["+1", 1n],
    ["-12", -12n],
    [".5", 0.5],
    ["-.5e1", -5],
    ["1.", 1],
    ["+.inf", Infinity],
    ["-.Inf", -Infinity],
    [".NaN", NaN],
    ["~", null],
    ["", null],
    ["Null", null],
    ["TRUE", true],
    ["false", false],
    ["name", "name"],
    ["namespace", "namespace"],
    ["tolerations", "tolerations"],
    ["nan", "nan"],
    ["inf", "inf"],
    ["tRue", "tRue"],
    ["f1", "f1"],
    ["~x", "~x"],
    ["1Gi", "1Gi"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["-x", "-x"],
  ];
  for (const [text, value] of cases) {
    assertEquals([text, resolvePlain(text)], [text, value]);
  }
});
