/**
 * Writes `src/gen/fast_decode.ts` from the schema tables: for each resource
 * kind, code that decodes a plainly valid document exactly as the generic
 * decoder (src/decode/decoder.ts) builds it, and gives up (returns
 * undefined) at the first thing that is not plainly valid, so that the
 * generic decoder runs instead and says what is wrong. Giving up is always
 * safe; the code only has to be exact when it does not. Each message is one
 * function whose keys are tested in a `switch`; scalars, lists and maps are
 * read by a few small shared functions.
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
import { INT_RANGES } from "../src/schema/int_ranges.ts";

/**
 * The tree builder's nesting limit for a `.kat` file (DEFAULT_MAX_DEPTH of
 * src/decode/yaml_file.ts, which a test keeps equal): the event decoders
 * check no depth, so the deepest document a kind allows must be within it.
 *
 * @example
 * ```ts
 * import { EVENT_DEPTH_LIMIT } from "./generate_fast_decode.ts";
 * console.log(EVENT_DEPTH_LIMIT); // 64
 * ```
 */
export const EVENT_DEPTH_LIMIT = 64;

const shortName = (fullName: string) =>
  fullName.slice(fullName.lastIndexOf(".") + 1);

/** An identifier for a generated function or constant. */
const ident = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

/**
 * The readers of one scalar, written once for both decoders: a doc line, the
 * parameters after the node (none in the event decoders, which read the
 * cursor), the result type, and the body, which tests `v`, the scalar's value.
 */
const SCALAR_READERS: readonly {
  name: string;
  doc: string;
  params: string;
  returns: string;
  body: string;
}[] = [
  {
    name: "string",
    doc: "A string (passing `check`).",
    params: "check?: Check",
    returns: "string | undefined",
    body: `  if (typeof v !== "string") return undefined;
  return check === undefined || check(v) === undefined ? v : undefined;
`,
  },
  {
    name: "intOrString",
    doc: "A string, or an integer as its decimal text (passing `check`).",
    params: "check?: Check",
    returns: "string | undefined",
    body: `  const text = typeof v === "string"
    ? v
    : typeof v === "bigint"
    ? v.toString()
    : undefined;
  if (text === undefined) return undefined;
  return check === undefined || check(text) === undefined ? text : undefined;
`,
  },
  {
    name: "bool",
    doc: "true or false.",
    params: "",
    returns: "boolean | undefined",
    body: `  return typeof v === "boolean" ? v : undefined;
`,
  },
  {
    name: "number",
    doc: "A number; an integer as a number.",
    params: "",
    returns: "number | undefined",
    body: `  return typeof v === "number"
    ? v
    : typeof v === "bigint"
    ? Number(v)
    : undefined;
`,
  },
  {
    name: "int32",
    doc: "An integer within [min, max], as a number.",
    params: "min: bigint, max: bigint",
    returns: "number | undefined",
    body:
      `  return typeof v === "bigint" && v >= min && v <= max ? Number(v) : undefined;
`,
  },
  {
    name: "int64",
    doc: "An integer within [min, max], as its decimal text.",
    params: "min: bigint, max: bigint",
    returns: "string | undefined",
    body: `  return typeof v === "bigint" && v >= min && v <= max
    ? v.toString()
    : undefined;
`,
  },
  {
    name: "oneOf",
    doc: "One of an enum's spellings.",
    params: "spellings: Set<string>",
    returns: "string | undefined",
    body: `  return typeof v === "string" && spellings.has(v) ? v : undefined;
`,
  },
];

/** The scalar readers as the tree decoders call them: on a node. */
const TREE_SCALAR_READERS = SCALAR_READERS.map((r): [string, string] => [
  r.name,
  `/** ${r.doc} */
function ${r.name}(n: YamlNode${
    r.params ? `, ${r.params}` : ""
  }): ${r.returns} {
  if (n.kind !== "scalar") return undefined;
  const v = n.value;
${r.body}}
`,
]);

/** The scalar readers as the event decoders call them: at the cursor. */
const EVENT_SCALAR_READERS = SCALAR_READERS.map((r): [string, string] => [
  r.name,
  `/** ${r.doc} */
function ${r.name}(${r.params}): ${r.returns} {
  const v = scalar();
${r.body}}
`,
]);

/**
 * The shared readers the generated code calls, each exactly one step of the
 * generic decoder, undefined where it would report something; a list or map
 * that is null or empty reads as null (absent).
 */
const HELPERS = new Map<string, string>([
  ...TREE_SCALAR_READERS,
  [
    "list",
    `/** A list of at least \`min\` items, each read by \`item\`. */
function list(
  n: YamlNode,
  min: number,
  item: (n: YamlNode) => unknown,
): unknown[] | null | undefined {
  if (n.kind !== "seq") {
    return min === 0 && n.kind === "scalar" && n.value === null
      ? null
      : undefined;
  }
  const items = n.items;
  if (items.length < min) return undefined;
  if (items.length === 0) return null;
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const x = item(items[i]);
    if (x === undefined) return undefined;
    out.push(x);
  }
  return out;
}
`,
  ],
  [
    "map",
    `/** A map of string keys (passing \`key\`), each value read by \`value\`. */
function map(
  n: YamlNode,
  key: Check | undefined,
  value: (n: YamlNode) => unknown,
): Out | null | undefined {
  if (n.kind !== "map") {
    return n.kind === "scalar" && n.value === null ? null : undefined;
  }
  const pairs = n.pairs;
  if (pairs.length === 0) return null;
  const out: Out = {};
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i];
    const k = p.key;
    if (k.kind !== "scalar") return undefined;
    const name = k.value;
    if (
      typeof name !== "string" || name === "__proto__" ||
      Object.hasOwn(out, name) ||
      (key !== undefined && key(name) !== undefined)
    ) return undefined;
    const x = value(p.value);
    if (x === undefined) return undefined;
    out[name] = x;
  }
  return out;
}
`,
  ],
]);

/**
 * The same readers for the event decoders: each reads the node at the
 * cursor and moves past it (where it gives up, the cursor no longer
 * matters). `scalar()` is the value of a scalar written without a tag or an
 * anchor, undefined for anything else; `open(type)` enters a mapping (3) or
 * list (2) the tree builder takes as it is.
 */
const EVENT_HELPERS = new Map<string, string>([
  ...EVENT_SCALAR_READERS,
  [
    "list",
    `/** A list of at least \`min\` items, each read by \`item\`. */
function list(min: number, item: () => unknown): unknown[] | null | undefined {
  if (!open(2)) return min === 0 && scalar() === null ? null : undefined;
  const out: unknown[] = [];
  while (ev[at].type !== 6) {
    const x = item();
    if (x === undefined) return undefined;
    out.push(x);
  }
  at++;
  if (out.length < min) return undefined;
  return out.length === 0 ? null : out;
}
`,
  ],
  [
    "map",
    `/** A map of string keys (passing \`key\`), each value read by \`value\`. */
function map(key: Check | undefined, value: () => unknown): Out | null | undefined {
  if (!open(3)) return scalar() === null ? null : undefined;
  const out: Out = {};
  let any = false;
  while (ev[at].type !== 6) {
    const name = scalar();
    if (
      typeof name !== "string" || name === "__proto__" ||
      Object.hasOwn(out, name) ||
      (key !== undefined && key(name) !== undefined)
    ) return undefined;
    const x = value();
    if (x === undefined) return undefined;
    out[name] = x;
    any = true;
  }
  at++;
  return any ? out : null;
}
`,
  ],
]);

/** The cursor over one document's events, and the readers under all others. */
const EVENT_CURSOR =
  `/** The document being decoded: its text, its events, the cursor. */
let src = "";
let ev: readonly Event[] = [];
let at = 0;
/** Whether the events come from the plain scanner: every collection is plain. */
let scanned = false;

/** The value of the scalar at the cursor, moving past it (see scalarValue). */
function scalar(): ScalarValue | undefined {
  const v = scalarValue(src, ev[at]);
  if (v !== undefined) at++;
  return v;
}

/** Whether the node at the cursor is a null scalar (the cursor stays). */
function isNull(): boolean {
  return scalarValue(src, ev[at]) === null;
}

/** Whether the node at the cursor is null or an empty mapping. */
function isEmpty(): boolean {
  const e = ev[at];
  return e.type === 3 ? ev[at + 1].type === 6 : isNull();
}

/** Enters the collection of \`type\` at the cursor, if it is a plain one. */
function open(type: 2 | 3): boolean {
  const e = ev[at];
  if (e.type !== type || !(scanned || plainCollection(src, e))) return false;
  at++;
  return true;
}

/** Runs a root decoder on one document; it must read the whole document. */
function run(
  decode: () => Out | undefined,
  text: string,
  events: readonly Event[],
): Out | undefined {
  src = text;
  ev = events;
  at = 1;
  scanned = fromPlainScan(events);
  try {
    const out = decode();
    return out !== undefined && at === events.length - 1 ? out : undefined;
  } finally {
    src = "";
    ev = [];
  }
}
`;

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
export function fastDecodeTs(
  tables: SchemaTables,
  mode: "tree" | "events" = "tree",
): string {
  const events = mode === "events";
  /** A call of a reader: on node `n` (tree), or at the cursor (events). */
  const call = (fn: string, n: string, ...args: string[]) =>
    `${fn}(${(events ? args : [n, ...args]).join(", ")})`;
  const messages = new Map(tables.messages.map((m) => [m.fullName, m]));
  const enums = new Map(tables.enums.map((e) => [e.fullName, e]));
  const formats = new Set<string>();
  const usedEnums = new Set<string>();
  const rules = (f: FieldTable) => f.rules ?? {};

  const formatRef = (name: string) => {
    formats.add(name);
    return `F_${ident(name)}`;
  };

  const helpers = new Set<string>();
  const use = (helper: string) => {
    helpers.add(helper);
    return helper;
  };
  /** Functions that read one item of a list or value of a map, by code. */
  const readers = new Map<string, string>();
  const reader = (expression: string) => {
    // A message's own function reads its items as they are.
    const direct = events
      ? /^M_\w+\(\)$/.exec(expression)
      : /^M_\w+\(n\)$/.exec(expression);
    if (direct) return expression.slice(0, events ? -2 : -3);
    let name = readers.get(expression);
    if (name === undefined) {
      name = `I${readers.size}`;
      readers.set(expression, name);
    }
    return name;
  };

  /**
   * An expression that reads node `n` as one value of `field` (an item of a
   * list, a value of a map, or a single value), undefined when it cannot.
   */
  const single = (
    field: FieldTable,
    n: string,
    format: string | undefined,
  ): string => {
    if (messages.has(field.type)) {
      return call(`M_${ident(shortName(field.type))}`, n);
    }
    const e = enums.get(field.type);
    if (e) {
      usedEnums.add(e.fullName);
      return call(use("oneOf"), n, `E_${ident(shortName(e.fullName))}`);
    }
    const r = rules(field);
    const type = field.type;
    const check = format ? [formatRef(format)] : [];
    if (type === "string") {
      return call(use(r.intOrString ? "intOrString" : "string"), n, ...check);
    }
    if (type === "bool") return call(use("bool"), n);
    if (type === "double" || type === "float") return call(use("number"), n);
    const range = INT_RANGES[type];
    // Anything else (bytes) is the generic decoder's to refuse.
    if (!range) return "undefined";
    const min = r.min !== undefined && BigInt(r.min) > range[0]
      ? BigInt(r.min)
      : range[0];
    const max = r.max !== undefined && BigInt(r.max) < range[1]
      ? BigInt(r.max)
      : range[1];
    return call(
      use(type.endsWith("64") ? "int64" : "int32"),
      n,
      `${min}n`,
      `${max}n`,
    );
  };

  /**
   * Statements that decode `p.value` as field number `i` (seen before:
   * give up) and set it on `out`.
   */
  const fieldCode = (field: FieldTable, i: number): string => {
    const r = rules(field);
    const key = JSON.stringify(field.jsonName);
    const read = (code: string) =>
      `if (s${i} || (x = ${code}) === undefined) return undefined;\ns${i} = true;\n`;
    if (field.label === "repeated" || field.label === "map") {
      const code = field.label === "repeated"
        ? call(
          use("list"),
          "p.value",
          `${r.minItems ?? 0}`,
          reader(single(field, "n", r.format)),
        )
        : call(
          use("map"),
          "p.value",
          r.keyFormat ? formatRef(r.keyFormat) : "undefined",
          reader(single(field, "n", r.valueFormat)),
        );
      return read(code) + `if (x !== null) out[${key}] = x;\n`;
    }
    return read(single(field, "p.value", r.format)) + `out[${key}] = x;\n`;
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
    const signature = events
      ? `function ${name}(): Out | undefined`
      : `function ${name}(node: YamlNode): Out | undefined`;
    let body = events
      ? `if (!open(3)) {\n` +
        (anyRequired || root
          ? "return undefined;\n"
          : "return scalar() === null ? {} : undefined;\n") +
        "}\n"
      : `if (node.kind !== "map") {\n` +
        (anyRequired || root
          ? "return undefined;\n"
          : `return node.kind === "scalar" && node.value === null ? {} : undefined;\n`) +
        "}\n";
    if (fields.length === 0 && !root) {
      body += events
        ? "return ev[at++].type === 6 ? {} : undefined;\n"
        : "return node.pairs.length === 0 ? {} : undefined;\n";
      return `${signature} {\n${body}}\n`;
    }
    body += "const out: Out = {};\nlet x: unknown;\n";
    fields.forEach((_, i) => body += `let ${seen(i)} = false;\n`);
    if (root) body += "let sKind = false;\n";
    for (const o of oneofs) {
      body += `let chosen_${ident(o)} = false;\n`;
      if (requiredOneofs.includes(o)) {
        body += `let touched_${ident(o)} = false;\n`;
      }
    }
    body += events
      ? "while (ev[at].type !== 6) {\nswitch (scalar()) {\n"
      : "const pairs = node.pairs;\n" +
        "for (let i = 0; i < pairs.length; i++) {\n" +
        "const p = pairs[i];\n" +
        "const k = p.key;\n" +
        `if (k.kind !== "scalar") return undefined;\n` +
        "switch (k.value) {\n";
    if (root) {
      body += `case "kind":\nif (sKind${
        events ? " || scalar() === undefined" : ""
      }) return undefined;\nsKind = true;\nbreak;\n`;
    }
    fields.forEach((f, i) => {
      body += `case ${JSON.stringify(f.jsonName)}:\n`;
      // The kind's rules refuse an empty spec: the generic path says so.
      if (
        events && root && f.jsonName === "spec" && !m.resource?.specOptional
      ) body += "if (isEmpty()) return undefined;\n";
      if (f.oneof) {
        const o = ident(f.oneof);
        if (requiredOneofs.includes(f.oneof)) body += `touched_${o} = true;\n`;
        body += (events
          ? "if (!isNull()) {\n"
          : `if (p.value.kind !== "scalar" || p.value.value !== null) {\n`) +
          `if (chosen_${o}) return undefined;\nchosen_${o} = true;\n}\n`;
      }
      body += fieldCode(f, i) + "break;\n";
    });
    body += "default:\nreturn undefined;\n}\n}\n";
    if (events) body += "at++;\n";
    fields.forEach((f, i) => {
      if (rules(f).required) body += `if (!${seen(i)}) return undefined;\n`;
    });
    for (const o of requiredOneofs) {
      body += `if (!touched_${ident(o)}) return undefined;\n`;
    }
    body += "return out;\n";
    return `${signature} {\n${body}}\n`;
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
  // The event decoders leave the depth limit to the proto: the deepest
  // document they can accept must be within it.
  const levels = (m: MessageTable, through: string[]): number =>
    1 + Math.max(
      0,
      ...m.fields.filter((f) => !rules(f).system).map((f) => {
        const sub = messages.get(f.type);
        if (sub && through.includes(sub.fullName)) {
          throw new Error(`fast decode: ${sub.fullName} contains itself`);
        }
        const value = sub ? levels(sub, [...through, sub.fullName]) : 1;
        return f.label === "repeated" || f.label === "map" ? 1 + value : value;
      }),
    );
  for (const m of events ? kinds : []) {
    if (levels(m, [m.fullName]) >= EVENT_DEPTH_LIMIT) {
      throw new Error(`fast decode: ${m.fullName} nests too deeply`);
    }
  }
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
  const helperCode = [...(events ? EVENT_HELPERS : HELPERS)].filter((
    [name],
  ) => helpers.has(name)).map(([, code]) => code);
  const readerCode = [...readers].map(([expression, name]) =>
    events
      ? `const ${name} = () => ${expression};\n`
      : `const ${name} = (n: YamlNode) => ${expression};\n`
  );
  const table = kinds.map((m) =>
    events
      ? `  ${m.resource!.kind}: (text, events) => run(R_${
        ident(shortName(m.fullName))
      }, text, events),\n`
      : `  ${m.resource!.kind}: R_${ident(shortName(m.fullName))},\n`
  ).join("");
  const common = 'import { formats } from "../rules/formats_by_name.ts";\n' +
    'import type { Kind } from "./types.ts";\n\n' +
    "type Out = Record<string, unknown>;\ntype Check = (text: string) => unknown;\n\n" +
    "/** The check of a format the proto names; a name without one is a bug. */\n" +
    "function format(name: string): Check {\n" +
    "  const check = formats[name];\n" +
    "  if (!check) throw new Error(`fast decode: unknown format ${name}`);\n" +
    "  return check;\n}\n\n" +
    constants.join("") + "\n" + (events ? EVENT_CURSOR + "\n" : "") +
    helperCode.join("\n") + "\n" +
    readerCode.join("") + "\n" + functions.join("\n") + "\n";
  if (events) {
    return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
      "/**\n" +
      " * The fast path of decoding from the parser's events, with no YAML tree:\n" +
      " * for each kind a file may hold, code written from the proto that reads\n" +
      " * the events of a plainly valid document and builds what the tree and\n" +
      " * the generic decoder (src/decode/decoder.ts) build from it, and gives\n" +
      " * up (undefined) at the first thing that is not plainly valid or that\n" +
      " * the tree builder treats specially (tags, anchors, aliases, collections\n" +
      " * it refuses): the tree is then built and decoded as before. See\n" +
      " * scripts/generate_fast_decode.ts.\n" +
      " *\n * @module\n */\n" +
      'import type { ScalarValue } from "../decode/yaml_tree.ts";\n' +
      "import {\n  type Event,\n  fromPlainScan,\n  plainCollection,\n  scalarValue,\n" +
      '} from "../decode/yaml_events.ts";\n' + common +
      "/**\n" +
      " * The event decoder of each kind a file may hold: the text and events\n" +
      " * (as `documentEvents` gives them) of a document whose `kind:` names it,\n" +
      " * decoded as the tree and the generic decoder decode it (`kind` itself\n" +
      " * skipped), or undefined when anything is not plainly valid.\n" +
      " *\n * @example\n * ```ts\n" +
      ' * import { fastEventDecoders } from "./fast_decode_events.ts";\n' +
      ' * import { documentEvents } from "../decode/yaml_events.ts";\n' +
      ' * const text = "apiVersion: kat.dws.rip/v1alpha1\\nkind: Namespace\\nmetadata: {name: a}\\n";\n' +
      ' * console.log(fastEventDecoders.Namespace?.(text, documentEvents(text)!)); // { apiVersion: "kat.dws.rip/v1alpha1", metadata: { name: "a" } }\n' +
      " * ```\n */\n" +
      "export const fastEventDecoders: {\n" +
      "  [K in Kind]?: (text: string, events: readonly Event[]) => Record<string, unknown> | undefined;\n" +
      "} = {\n" + table + "};\n";
  }
  return "// Generated by scripts/generate.ts from proto/kat/v1alpha1. Do not edit.\n" +
    "/**\n" +
    " * The fast path of decoding: for each kind a file may hold, straight-line\n" +
    " * code written from the proto that builds a plainly valid document exactly\n" +
    " * as the generic decoder (src/decode/decoder.ts) does, and gives up\n" +
    " * (undefined) at the first thing that is not: the generic decoder then runs\n" +
    " * and reports what is wrong. See scripts/generate_fast_decode.ts.\n" +
    " *\n * @module\n */\n" +
    'import type { YamlNode } from "../decode/yaml_tree.ts";\n' + common +
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
