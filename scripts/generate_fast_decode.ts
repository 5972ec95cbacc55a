/**
 * Writes `src/gen/fast_decode.ts` from the schema tables: for each resource
 * kind, straight-line code that decodes a plainly valid document exactly as
 * the generic decoder (src/decode/decoder.ts) builds it, and gives up
 * (returns undefined) at the first thing that is not plainly valid, so that
 * the generic decoder runs instead and says what is wrong. Giving up is
 * always safe; the code only has to be exact when it does not.
 *
 * What each generated check mirrors in the generic decoder:
 * - a message is a mapping (or null: then `{}`, unless a field or a oneof is
 *   required), its keys strings written once, each a field of the type that
 *   the system does not set; the root skips `kind`;
 * - every required field written, one member at most of each oneof set and
 *   one written of each required oneof;
 * - a list is a sequence (or null: absent) with at least `minItems` items, a
 *   map a mapping (or null: absent) whose keys are strings written once and
 *   pass `keyFormat`; empty lists and maps are left out;
 * - scalars of the right type (an integer for `intOrString` strings, kept as
 *   its decimal text), within the type's range and the field's `min`/`max`,
 *   passing the field's format; int64 as a decimal string; enum values as
 *   spelled.
 *
 * Aliases, invalid nodes and `__proto__` map keys always give up.
 *
 * @module
 */
import type {
  FieldTable,
  MessageTable,
  SchemaTables,
} from "../src/schema/tables.ts";

/** The range of each integer type, as the generic decoder's INT_RANGES. */
const INT_RANGES: Record<string, readonly [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

const shortName = (fullName: string) =>
  fullName.slice(fullName.lastIndexOf(".") + 1);

/** An identifier for a generated function or constant. */
const ident = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * The text of `src/gen/fast_decode.ts` for `tables`, before formatting.
 *
 * @example
 * ```ts
 * import { fastDecodeTs } from "./generate_fast_decode.ts";
 * import { schema } from "../src/gen/schema.ts";
 * console.log(fastDecodeTs(schema).includes("export const fastDecoders")); // true
 * ```
 */
export function fastDecodeTs(tables: SchemaTables): string {
  const messages = new Map(tables.messages.map((m) => [m.fullName, m]));
  const enums = new Map(tables.enums.map((e) => [e.fullName, e]));
  const formats = new Set<string>();
  const usedEnums = new Set<string>();
  const rules = (f: FieldTable) => f.rules ?? {};

  const formatRef = (name: string) => {
    formats.add(name);
    return `F_${ident(name)}`;
  };

  /**
   * Statements that read node `n` as one value of `field` (an item of a
   * list, a value of a map, or a single value) into a new `const` named
   * `into`, or return undefined.
   */
  const single = (
    field: FieldTable,
    n: string,
    into: string,
    format: string | undefined,
  ): string => {
    if (messages.has(field.type)) {
      return `const ${into} = M_${
        ident(shortName(field.type))
      }(${n});\nif (${into} === undefined) return undefined;\n`;
    }
    const e = enums.get(field.type);
    if (e) {
      usedEnums.add(e.fullName);
      return `if (${n}.kind !== "scalar") return undefined;\n` +
        `const ${into} = ${n}.value;\n` +
        `if (typeof ${into} !== "string" || !E_${
          ident(shortName(e.fullName))
        }.has(${into})) return undefined;\n`;
    }
    const r = rules(field);
    const head = `if (${n}.kind !== "scalar") return undefined;\n`;
    const type = field.type;
    if (type === "string") {
      const check = format
        ? `if (${formatRef(format)}(${into}) !== undefined) return undefined;\n`
        : "";
      if (r.intOrString) {
        return head + `const ${into}_v = ${n}.value;\n` +
          `const ${into} = typeof ${into}_v === "string" ? ${into}_v : typeof ${into}_v === "bigint" ? ${into}_v.toString() : undefined;\n` +
          `if (${into} === undefined) return undefined;\n` + check;
      }
      return head + `const ${into} = ${n}.value;\n` +
        `if (typeof ${into} !== "string") return undefined;\n` + check;
    }
    if (type === "bool") {
      return head + `const ${into} = ${n}.value;\n` +
        `if (typeof ${into} !== "boolean") return undefined;\n`;
    }
    if (type === "double" || type === "float") {
      return head + `const ${into}_v = ${n}.value;\n` +
        `const ${into} = typeof ${into}_v === "number" ? ${into}_v : typeof ${into}_v === "bigint" ? Number(${into}_v) : undefined;\n` +
        `if (${into} === undefined) return undefined;\n`;
    }
    const range = INT_RANGES[type];
    // Anything else (bytes) is the generic decoder's to refuse.
    if (!range) return "return undefined;\n";
    const min = r.min !== undefined && BigInt(r.min) > range[0]
      ? BigInt(r.min)
      : range[0];
    const max = r.max !== undefined && BigInt(r.max) < range[1]
      ? BigInt(r.max)
      : range[1];
    return head + `const ${into}_v = ${n}.value;\n` +
      `if (typeof ${into}_v !== "bigint" || ${into}_v < ${min}n || ${into}_v > ${max}n) return undefined;\n` +
      `const ${into} = ${
        type.endsWith("64") ? `${into}_v.toString()` : `Number(${into}_v)`
      };\n`;
  };

  /** Statements that decode `p.value` as `field` and set it on `out`. */
  const fieldCode = (field: FieldTable): string => {
    const r = rules(field);
    const set = (v: string) => `out[${JSON.stringify(field.jsonName)}] = ${v};`;
    if (field.label === "repeated") {
      const minItems = r.minItems ?? 0;
      return `const n = p.value;\n` +
        `if (n.kind !== "seq") {\n` +
        (minItems > 0
          ? "return undefined;\n"
          : `if (n.kind !== "scalar" || n.value !== null) return undefined;\n`) +
        `} else {\n` +
        `const items = n.items;\n` +
        (minItems > 0
          ? `if (items.length < ${minItems}) return undefined;\n`
          : "") +
        `const list: unknown[] = [];\n` +
        `for (let j = 0; j < items.length; j++) {\n` +
        `const item = items[j];\n` +
        single(field, "item", "x", r.format) +
        `list.push(x);\n}\n` +
        `if (list.length !== 0) ${set("list")}\n}\n`;
    }
    if (field.label === "map") {
      return `const n = p.value;\n` +
        `if (n.kind !== "map") {\n` +
        `if (n.kind !== "scalar" || n.value !== null) return undefined;\n` +
        `} else {\n` +
        `const entries = n.pairs;\n` +
        `const map: Out = {};\n` +
        `for (let j = 0; j < entries.length; j++) {\n` +
        `const entry = entries[j];\n` +
        `const k = entry.key;\n` +
        `if (k.kind !== "scalar") return undefined;\n` +
        `const key = k.value;\n` +
        `if (typeof key !== "string" || key === "__proto__" || Object.hasOwn(map, key)) return undefined;\n` +
        (r.keyFormat
          ? `if (${
            formatRef(r.keyFormat)
          }(key) !== undefined) return undefined;\n`
          : "") +
        `const v = entry.value;\n` +
        single(field, "v", "x", r.valueFormat) +
        `map[key] = x;\n}\n` +
        `if (entries.length !== 0) ${set("map")}\n}\n`;
    }
    return `const n = p.value;\n` + single(field, "n", "x", r.format) +
      set("x") + "\n";
  };

  /** The function that decodes a message (the root of a kind with `root`). */
  const messageFn = (m: MessageTable, root: boolean): string => {
    const name = `${root ? "R" : "M"}_${ident(shortName(m.fullName))}`;
    const fields = m.fields.filter((f) =>
      !rules(f).system && !(root && f.jsonName === "kind")
    );
    const oneofs = [
      ...new Set(fields.flatMap((f) => f.oneof ? [f.oneof] : [])),
    ];
    const requiredOneofs = m.requiredOneofs ?? [];
    const required = fields.filter((f) => rules(f).required);
    const anyRequired = required.length > 0 || requiredOneofs.length > 0;
    const seen = (i: number) => `s${i}`;
    let body = `if (node.kind !== "map") {\n` +
      (anyRequired || root
        ? "return undefined;\n"
        : `return node.kind === "scalar" && node.value === null ? {} : undefined;\n`) +
      "}\n";
    if (fields.length === 0 && !root) {
      body += "return node.pairs.length === 0 ? {} : undefined;\n";
      return `function ${name}(node: YamlNode): Out | undefined {\n${body}}\n`;
    }
    body += "const out: Out = {};\n";
    fields.forEach((_, i) => body += `let ${seen(i)} = false;\n`);
    if (root) body += "let sKind = false;\n";
    for (const o of oneofs) {
      body += `let chosen_${ident(o)} = false;\n`;
      if (requiredOneofs.includes(o)) {
        body += `let touched_${ident(o)} = false;\n`;
      }
    }
    body += "const pairs = node.pairs;\n" +
      "for (let i = 0; i < pairs.length; i++) {\n" +
      "const p = pairs[i];\n" +
      "const k = p.key;\n" +
      `if (k.kind !== "scalar") return undefined;\n` +
      "switch (k.value) {\n";
    if (root) {
      body +=
        `case "kind":\nif (sKind) return undefined;\nsKind = true;\nbreak;\n`;
    }
    fields.forEach((f, i) => {
      body += `case ${JSON.stringify(f.jsonName)}: {\n` +
        `if (${seen(i)}) return undefined;\n${seen(i)} = true;\n`;
      if (f.oneof) {
        const o = ident(f.oneof);
        if (requiredOneofs.includes(f.oneof)) body += `touched_${o} = true;\n`;
        body += `if (p.value.kind !== "scalar" || p.value.value !== null) {\n` +
          `if (chosen_${o}) return undefined;\nchosen_${o} = true;\n}\n`;
      }
      body += fieldCode(f) + "break;\n}\n";
    });
    body += "default:\nreturn undefined;\n}\n}\n";
    fields.forEach((f, i) => {
      if (rules(f).required) body += `if (!${seen(i)}) return undefined;\n`;
    });
    for (const o of requiredOneofs) {
      body += `if (!touched_${ident(o)}) return undefined;\n`;
    }
    body += "return out;\n";
    return `function ${name}(node: YamlNode): Out | undefined {\n${body}}\n`;
  };

  // The resource kinds a file may hold, and the messages they reach through
  // fields a manifest may write.
  const kinds = tables.messages.filter((m) =>
    m.resource !== undefined && !m.resource.internal
  );
  const reached: MessageTable[] = [];
  const visit = (m: MessageTable, root: boolean) => {
    for (const f of m.fields) {
      if (rules(f).system || (root && f.jsonName === "kind")) continue;
      const sub = messages.get(f.type);
      if (sub && !reached.includes(sub)) {
        reached.push(sub);
        visit(sub, false);
      }
    }
  };
  for (const m of kinds) visit(m, true);
  const functions = [
    ...tables.messages.filter((m) => reached.includes(m)).map((m) =>
      messageFn(m, false)
    ),
    ...kinds.map((m) => messageFn(m, true)),
  ];

  const constants = [
    ...[...formats].sort().map((f) =>
      `const F_${ident(f)} = format(${JSON.stringify(f)});\n`
    ),
    ...tables.enums.filter((e) => usedEnums.has(e.fullName)).map((e) =>
      `const E_${ident(shortName(e.fullName))} = new Set<string>(${
        JSON.stringify(
          e.values.flatMap((v) => v.spelling === undefined ? [] : [v.spelling]),
        )
      });\n`
    ),
  ];
  const table = kinds.map((m) =>
    `  ${m.resource!.kind}: R_${ident(shortName(m.fullName))},\n`
  ).join("");
  return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
    "/**\n" +
    " * The fast path of decoding: for each kind a file may hold, straight-line\n" +
    " * code written from the proto that builds a plainly valid document exactly\n" +
    " * as the generic decoder (src/decode/decoder.ts) does, and gives up\n" +
    " * (undefined) at the first thing that is not: the generic decoder then runs\n" +
    " * and reports what is wrong. See scripts/generate_fast_decode.ts.\n" +
    " *\n * @module\n */\n" +
    'import type { YamlNode } from "../decode/yaml_tree.ts";\n' +
    'import { formats } from "../rules/formats_by_name.ts";\n' +
    'import type { Kind } from "./types.ts";\n\n' +
    "type Out = Record<string, unknown>;\n\n" +
    "/** The check of a format the proto names; a name without one is a bug. */\n" +
    "function format(name: string): (text: string) => unknown {\n" +
    "  const check = formats[name];\n" +
    "  if (!check) throw new Error(`fast decode: unknown format ${name}`);\n" +
    "  return check;\n}\n\n" +
    constants.join("") + "\n" + functions.join("\n") + "\n" +
    "/**\n" +
    " * The fast decoder of each kind a file may hold: the root mapping of a\n" +
    " * document whose `kind:` names it, decoded as the generic decoder decodes\n" +
    " * it (`kind` itself skipped), or undefined when anything is not plainly\n" +
    " * valid.\n" +
    " *\n * @example\n * ```ts\n" +
    ' * import { fastDecoders } from "./fast_decode.ts";\n' +
    ' * import { parseYamlFile } from "../decode/yaml_file.ts";\n' +
    ' * const text = "apiVersion: kat.dws.rip/v1alpha1\\nkind: Namespace\\nmetadata: {name: a}\\n";\n' +
    ' * const { root } = parseYamlFile(text, "ns.kat");\n' +
    ' * console.log(fastDecoders.Namespace?.(root!)); // { apiVersion: "kat.dws.rip/v1alpha1", metadata: { name: "a" } }\n' +
    " * ```\n */\n" +
    "export const fastDecoders: {\n" +
    "  readonly [K in Kind]?: (root: YamlNode) => Record<string, unknown> | undefined;\n" +
    "} = {\n" + table + "};\n";
}
