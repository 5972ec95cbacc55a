import { assertEquals } from "./assert.ts";
import { REPO } from "./helpers.ts";

interface DocDeclaration {
  kind: string;
  jsDoc?: { doc?: string; tags?: { kind: string }[] };
}

Deno.test("every export of mod.ts has a doc comment with an @example", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: REPO,
  }).output();
  assertEquals(out.success, true);
  const doc = JSON.parse(new TextDecoder().decode(out.stdout));
  const symbols: { name: string; declarations: DocDeclaration[] }[] =
    doc.nodes[`file://${REPO}mod.ts`].symbols;
  assertEquals(symbols.length > 80, true);
  const missing = symbols.flatMap((s) =>
    s.declarations
      .filter((d) =>
        !d.jsDoc?.doc || !d.jsDoc.tags?.some((t) => t.kind === "example")
      )
      .map((d) => `${d.kind} ${s.name}`)
  );
  assertEquals(missing, []);
});
