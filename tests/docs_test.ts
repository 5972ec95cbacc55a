import { assertEquals } from "./assert.ts";
import { REPO } from "./helpers.ts";

interface DocDeclaration {
  kind: string;
  jsDoc?: { doc?: string; tags?: { kind: string }[] };
}

/** The library's entry points: the root and every subpath but the tools. */
const LIBRARY = [
  "mod.ts",
  "src/archive/mod.ts",
  "src/encode/binary.ts",
  "src/state/mod.ts",
  "src/nodes/mod.ts",
];

Deno.test("every export of the library's entry points has a doc comment with an @example", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${REPO}deno.json`));
  assertEquals(
    Object.values(config.exports).filter((m) => !String(m).includes("/cli/")),
    LIBRARY.map((m) => `./${m}`),
  );
  for (const entry of LIBRARY) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["doc", "--json", entry],
      cwd: REPO,
    }).output();
    assertEquals(out.success, true);
    const doc = JSON.parse(new TextDecoder().decode(out.stdout));
    const symbols: { name: string; declarations: DocDeclaration[] }[] =
      doc.nodes[`file://${REPO}${entry}`].symbols;
    assertEquals(symbols.length > (entry === "mod.ts" ? 80 : 2), true, entry);
    const missing = symbols.flatMap((s) =>
      s.declarations
        .filter((d) =>
          !d.jsDoc?.doc || !d.jsDoc.tags?.some((t) => t.kind === "example")
        )
        .map((d) => `${entry}: ${d.kind} ${s.name}`)
    );
    assertEquals(missing, []);
  }
});

Deno.test("every example of mod.ts imports the package as its users do", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: REPO,
  }).output();
  const doc = JSON.parse(new TextDecoder().decode(out.stdout));
  const symbols: {
    name: string;
    declarations: { jsDoc?: { tags?: { kind: string; doc?: string }[] } }[];
  }[] = doc.nodes[`file://${REPO}mod.ts`].symbols;
  const local = symbols.flatMap((s) =>
    s.declarations.flatMap((d) =>
      (d.jsDoc?.tags ?? [])
        .filter((t) => t.kind === "example")
        .flatMap((t) =>
          [...(t.doc ?? "").matchAll(/from "([^"]+)"/g)]
            .map((m) => m[1])
            .filter((spec) => !spec.startsWith("@kat/toolkit"))
            .map((spec) => `${s.name}: ${spec}`)
        )
    )
  );
  assertEquals(local, []);
});

Deno.test("the generated resource types' examples are valid resources", async () => {
  const { validateResource } = await import(
    "../src/manifest/validate_resource.ts"
  );
  const { typeForKind } = await import("../src/schema/registry.ts");
  const source = await Deno.readTextFile(`${REPO}src/gen/types.ts`);
  const examples = [
    ...source.matchAll(/^ \* const value: (\w+) = (\{.*\});$/gm),
  ].filter(([, type]) => typeForKind(type)?.resource?.internal === false);
  assertEquals(examples.length, 6);
  const verdicts = examples.map(([, type, literal]) => {
    const value = new Function(`return (${literal});`)();
    const r = validateResource(value, { file: type });
    return [type, r.valid, r.diagnostics.map((d) => d.message)];
  });
  assertEquals(
    verdicts,
    examples.map(([, type]) => [type, true, []]),
  );
});

Deno.test("every exported function documents each parameter and what it returns", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: REPO,
  }).output();
  const doc = JSON.parse(new TextDecoder().decode(out.stdout));
  const symbols: {
    name: string;
    declarations: {
      kind: string;
      def?: {
        params?: { name?: string; left?: { name?: string } }[];
        returnType?: { repr?: string };
      };
      jsDoc?: { tags?: { kind: string; name?: string }[] };
    }[];
  }[] = doc.nodes[`file://${REPO}mod.ts`].symbols;
  const gaps = symbols.flatMap((s) =>
    s.declarations.filter((d) => d.kind === "function").flatMap((d) => {
      const tags = d.jsDoc?.tags ?? [];
      const documented = tags.filter((t) => t.kind === "param").map((t) =>
        t.name
      );
      const params = (d.def?.params ?? []).map((p) => p.name ?? p.left?.name);
      const missing = params.filter((p) => !documented.includes(p))
        .map((p) => `${s.name}: @param ${p}`);
      const returns = tags.some((t) => t.kind === "return") ||
          d.def?.returnType?.repr === "void"
        ? []
        : [`${s.name}: @returns`];
      return [...missing, ...returns];
    })
  );
  assertEquals(gaps, []);
});

Deno.test("no exported function shows a defaulted parameter as required", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: REPO,
  }).output();
  const doc = JSON.parse(new TextDecoder().decode(out.stdout));
  type Param = { kind?: string; left?: { name?: string } };
  const symbols: {
    name: string;
    declarations: {
      kind: string;
      def?: {
        params?: Param[];
        methods?: { name: string; functionDef: { params?: Param[] } }[];
      };
    }[];
  }[] = doc.nodes[`file://${REPO}mod.ts`].symbols;
  const defaulted = symbols.flatMap((s) =>
    s.declarations.flatMap((d) => [
      ...(d.kind === "function" ? d.def?.params ?? [] : [])
        .filter((p) => p.kind === "assign")
        .map((p) => `${s.name}(${p.left?.name})`),
      ...(d.kind === "class" ? d.def?.methods ?? [] : []).flatMap((m) =>
        (m.functionDef.params ?? []).filter((p) => p.kind === "assign")
          .map((p) => `${s.name}.${m.name}(${p.left?.name})`)
      ),
    ])
  );
  assertEquals(defaulted, []);
});
