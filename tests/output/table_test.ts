import { assertEquals } from "../assert.ts";
import { formatTable } from "../../src/output/table.ts";

Deno.test("a table pads each column but the last to its widest cell and two spaces", () => {
  assertEquals(
    formatTable([["A", "BB", "C"], ["aaa", "b", "c c"], ["", "😀😀😀", ""]]),
    "A    BB   C\naaa  b    c c\n     😀😀😀  \n",
  );
});
