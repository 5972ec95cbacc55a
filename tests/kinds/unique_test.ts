import { assertEquals } from "../assert.ts";
import { reportDuplicates } from "../../src/kinds/unique.ts";
import { Reporter } from "../../src/diagnostics/reporter.ts";
import { FieldPath } from "../../src/diagnostics/field_path.ts";

const ENV = FieldPath.root().child("env");

/** Each duplicate reported for `names`: its path, message and hint. */
function duplicates(names: (string | undefined)[]): string[] {
  const r = new Reporter("x.kat", () => ({ line: 1, column: 1 }));
  reportDuplicates(names, (n) => n, (i) => ENV.index(i).child("name"), r);
  return r.diagnostics.map((d) => `${d.path}: ${d.message}; ${d.hint}`);
}

// Short lists are searched and long ones hashed: both must say the same.
for (const size of [4, 17, 40]) {
  Deno.test(`each duplicate in a list of ${size} names points at the first use`, () => {
    const names: (string | undefined)[] = Array.from(
      { length: size },
      (_, i) => `N${i}`,
    );
    names[1] = undefined;
    names[size - 2] = "N0";
    names[size - 1] = "N0";
    assertEquals(duplicates(names), [
      `env[${size - 2}].name: duplicate value "N0"; first used at env[0].name`,
      `env[${size - 1}].name: duplicate value "N0"; first used at env[0].name`,
    ]);
  });
}

Deno.test("items without a key are never duplicates, and one item is none", () => {
  assertEquals(duplicates([undefined, undefined, "A"]), []);
  assertEquals(duplicates(["A"]), []);
  assertEquals(duplicates([]), []);
});
