/**
 * Parses the text of a `.kat` file into exactly one YAML document: a tree of
 * positioned nodes, or diagnostics that say why not.
 *
 * The parser is `js-yaml`'s event parser: it walks the text once and reports
 * each node with the offsets where it was written, and stops at the first
 * syntax error. Everything YAML leaves to the application is decided here,
 * while the tree is built from the events, in one pass and without recursion:
 * YAML 1.2 core-schema scalars (integers exact), the tags a `.kat` file may
 * use, anchors and aliases (every alias must name an anchor written before
 * it, never one of its own ancestors, and all aliases together may add only a
 * bounded number of nodes), and the nesting limit.
 *
 * @module
 */
import {
  type Event,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
  type ScalarEvent,
  YAMLException,
} from "js-yaml";
import type { Diagnostic, Position } from "../diagnostics/diagnostic.ts";
import { quote } from "../diagnostics/quote.ts";
import { LineIndex } from "./line_index.ts";
import {
  makeNode,
  type ScalarValue,
  type YamlInvalid,
  type YamlMap,
  type YamlNode,
  type YamlScalar,
  type YamlSeq,
} from "./yaml_tree.ts";

/**
 * Limits of {@link parseYamlFile}.
 *
 * @example
 * ```ts
 * import type { YamlFileOptions } from "./yaml_file.ts";
 * const strict: YamlFileOptions = { maxAliasNodes: 100, maxDepth: 16 };
 * ```
 */
export interface YamlFileOptions {
  /**
   * Most nodes that all aliases of the document may add when expanded.
   * @default {10000}
   */
  maxAliasNodes?: number;
  /**
   * Most levels of nesting: the document's root is level 1, and every
   * mapping, list and value inside a collection is one level deeper than it;
   * aliases count as the nodes they repeat.
   * @default {64}
   */
  maxDepth?: number;
  /**
   * Whether the text may hold several documents (`---` between them), each
   * in {@link YamlFile.documents}; empty documents are skipped. Aliases may
   * add `maxAliasNodes` in all.
   * @default {false}
   */
  multiDocument?: boolean;
}

/**
 * One document of a multi-document text.
 *
 * @example
 * ```ts
 * import { parseYamlFile } from "./yaml_file.ts";
 * const { documents } = parseYamlFile("a: 1\n---\nb: 2\n", "x.yaml", { multiDocument: true });
 * console.log(documents?.map((d) => d.root.kind)); // ["map", "map"]
 * ```
 */
export interface YamlDocument {
  /** The document's root node. */
  root: YamlNode;
  /** As {@link YamlFile.invalid}, for this document. */
  invalid: YamlInvalid[];
}

/**
 * A parsed `.kat` file.
 *
 * @example
 * ```ts
 * import { parseYamlFile } from "./yaml_file.ts";
 * const { root, diagnostics } = parseYamlFile("a: 1\n", "x.kat");
 * console.log(root?.kind, diagnostics.length); // "map" 0
 * ```
 */
export interface YamlFile {
  /** The document's root node, when there is exactly one document and it parsed. */
  root?: YamlNode;
  /**
   * Nodes of the tree that cannot be used (bad tags, dangling aliases): their
   * problems are reported by whoever meets them with a field path, and any
   * left unreported belong to the file.
   */
  invalid: YamlInvalid[];
  /** Turns the nodes' offsets into positions. */
  lines: LineIndex;
  /** What is wrong with the text as YAML; when `root` is set, nothing fatal. */
  diagnostics: Diagnostic[];
  /**
   * With `multiDocument`: every document that is not empty, in order, when
   * the text parsed (`root` is then the first).
   */
  documents?: YamlDocument[];
}

const DEFAULT_MAX_ALIAS_NODES = 10_000;

/**
 * The nesting limit of {@link parseYamlFile} when its options give none.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_DEPTH } from "./yaml_file.ts";
 * console.log(DEFAULT_MAX_DEPTH); // 64
 * ```
 */
export const DEFAULT_MAX_DEPTH = 64;

/** The standard tags a `.kat` file may use, by the kind of node they apply to. */
const CORE_TAG = "tag:yaml.org,2002:";
const SCALAR_TAGS = new Set(["str", "int", "float", "bool", "null"]);
const MAP_TAGS = new Set(["map"]);
const SEQ_TAGS = new Set(["seq"]);

/** A problem found while building the tree. */
class Stop extends Error {
  constructor(
    readonly offset: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** An open collection, with what is known of it so far. */
interface Open {
  node: YamlMap | YamlSeq;
  flow: boolean;
  /** A key waiting for its value (mappings). */
  key?: YamlNode;
  /** Nodes in the collection once every alias is expanded, itself included. */
  size: number;
  /** Levels of nodes below and including it, aliases expanded. */
  height: number;
  /** The anchor written on it, if any. */
  anchor?: string;
  /**
   * A collection with a tag that cannot be used is still built (problems
   * inside it are found), but the checks get this in its place.
   */
  replacement?: YamlInvalid;
}

/** What is known of an anchored node. */
interface Anchored {
  node: YamlNode;
  /** Still open: an alias to it would contain itself. */
  open: boolean;
  size: number;
  height: number;
}

/**
 * Resolves a plain scalar under the YAML 1.2 core schema. Integers become
 * `bigint`, so `1` and `1.0` stay apart and no digit is lost.
 *
 * @example
 * ```ts
 * import { resolvePlain } from "./yaml_file.ts";
 * console.log(resolvePlain("0x1F"), resolvePlain("1.5"), resolvePlain("yes")); // 31n 1.5 "yes"
 * ```
 */
export function resolvePlain(text: string): ScalarValue {
  // Most plain scalars are words; only these characters can start a null,
  // a boolean or a number.
  const first = text.charCodeAt(0);
  if (MAYBE_NOT_STRING[first] !== 1 && text !== "") return text;
  // The null and boolean words are at most five characters long.
  if (text.length > 5 && NUMBER_START[first] !== 1) return text;
  switch (text) {
    case "":
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
  }
  // Every number starts with a digit, a sign or a dot.
  if (NUMBER_START[text.charCodeAt(0)] !== 1) return text;
  const int = asInteger(text);
  if (int !== undefined) return int;
  const float = asFloat(text);
  return float ?? text;
}

/** A table by character code: 1 for the characters `chars` holds. */
function charTable(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

const NUMBER_START = charTable("0123456789+-.");
const MAYBE_NOT_STRING = charTable("0123456789+-.~nNtTfF");

const INTEGER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function asInteger(text: string): bigint | undefined {
  return INTEGER.test(text) ? BigInt(text) : undefined;
}

function asFloat(text: string): number | undefined {
  if (FLOAT.test(text)) return Number(text);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(text)) {
    return text.startsWith("-") ? -Infinity : Infinity;
  }
  if (/^\.(?:nan|NaN|NAN)$/.test(text)) return NaN;
  return undefined;
}

/** What a scalar of a standard tag holds, or undefined when it cannot. */
function resolveTagged(tag: string, text: string): ScalarValue | undefined {
  switch (tag) {
    case "str":
      return text;
    case "int":
      return asInteger(text);
    case "float": {
      const int = asInteger(text);
      return int !== undefined ? Number(int) : asFloat(text);
    }
    case "bool": {
      const v = resolvePlain(text);
      return typeof v === "boolean" ? v : undefined;
    }
    case "null":
      return resolvePlain(text) === null ? null : undefined;
  }
  return undefined;
}

/** A tag as written (`!!int`, `!<tag:yaml.org,2002:int>`), as a full name. */
function fullTag(written: string): string {
  if (written.startsWith("!<") && written.endsWith(">")) {
    return written.slice(2, -1);
  }
  if (written.startsWith("!!")) return CORE_TAG + written.slice(2);
  return written;
}

/** Offset of the first character at or after `from` that is not skipped. */
function skipTrivia(text: string, from: number, skip: string): number {
  let i = Math.max(0, from);
  while (i < text.length) {
    const c = text[i];
    if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
    else if (skip.includes(c)) i++;
    else break;
  }
  return i;
}

/** Builds the tree of the first document from the parser's events. */
class TreeBuilder {
  readonly #text: string;
  readonly #maxAliasNodes: number;
  readonly #maxDepth: number;
  readonly #stack: Open[] = [];
  #anchors = new Map<string, Anchored>();
  /** Nodes whose problem leaves the rest usable (a bad tag, a dangling alias). */
  invalid: YamlInvalid[] = [];
  /** With several documents allowed: those finished, empty ones left out. */
  readonly finished: YamlDocument[] = [];
  readonly #multi: boolean;
  #aliasNodes = 0;
  /** End offset of the last token seen, for positions of empty nodes. */
  #lastEnd = 0;
  documents = 0;
  /** Offset where the second document's content starts, if any. */
  secondDocumentContent?: number;
  /** Offset of the end of the first document's last token. */
  firstDocumentEnd = 0;
  root?: YamlNode;

  constructor(
    text: string,
    maxAliasNodes: number,
    maxDepth: number,
    multi = false,
  ) {
    this.#text = text;
    this.#maxAliasNodes = maxAliasNodes;
    this.#maxDepth = maxDepth;
    this.#multi = multi;
  }

  /** Ends the current document (several allowed): anchors do not carry over. */
  finishDocument(): void {
    const root = this.root;
    if (root !== undefined && !(root.kind === "scalar" && root.empty)) {
      this.finished.push({ root, invalid: this.invalid });
    }
    this.root = undefined;
    this.invalid = [];
    this.#anchors = new Map();
  }

  run(events: readonly Event[]): void {
    for (const e of events) {
      if (e.type === EVENT_ID.DOCUMENT) {
        if (this.#multi && this.documents > 0) this.finishDocument();
        this.documents++;
        if (e.directives.some((d) => d.kind === "tag")) {
          throw new Stop(
            0,
            "%TAG directives are not supported",
            "write the standard tags (!!str) or none",
          );
        }
        continue;
      }
      if (this.documents > 1 && !this.#multi) {
        // Only where the second document starts matters.
        if (
          this.secondDocumentContent === undefined && e.type !== EVENT_ID.POP
        ) {
          this.secondDocumentContent = this.#startOf(e);
        }
        continue;
      }
      switch (e.type) {
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE:
          this.#open(e);
          break;
        case EVENT_ID.SCALAR: {
          const node = this.#scalar(e);
          if (this.#stack.length + 1 > this.#maxDepth) {
            throw new Stop(node.offset, this.#depthMessage());
          }
          this.#add(node, 1, 1);
          break;
        }
        case EVENT_ID.ALIAS:
          this.#alias(e.anchorStart, e.anchorEnd);
          break;
        case EVENT_ID.POP:
          if (this.#stack.length > 0) this.#close();
          else this.firstDocumentEnd = this.#lastEnd;
          break;
      }
    }
  }

  #invalidNode(offset: number, message: string, hint?: string): YamlInvalid {
    const node = makeNode<YamlInvalid>({
      kind: "invalid",
      offset,
      message,
      hint,
      reported: false,
    });
    this.invalid.push(node);
    return node;
  }

  #startOf(e: Event): number {
    switch (e.type) {
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        return e.start;
      case EVENT_ID.SCALAR:
        return e.valueStart >= 0 ? e.valueStart : this.#lastEnd;
      case EVENT_ID.ALIAS:
        return e.anchorStart - 1;
    }
    return this.#lastEnd;
  }

  /** Adds a finished node to the open collection, or makes it the root. */
  #add(node: YamlNode, size: number, height: number): void {
    const top = this.#stack[this.#stack.length - 1];
    if (!top) {
      this.root = node;
      return;
    }
    top.size += size;
    top.height = Math.max(top.height, height + 1);
    if (top.node.kind === "seq") {
      top.node.items.push(node);
    } else if (top.key === undefined) {
      top.key = node;
      // A block mapping is where its first key is, not its properties.
      if (!top.flow && top.node.pairs.length === 0) {
        (top.node as { offset: number }).offset = node.offset;
      }
    } else {
      top.node.pairs.push({ key: top.key, value: node });
      top.key = undefined;
    }
  }

  /**
   * The standard tag written on a node (its short name), undefined for none,
   * or the invalid node that stands for it when the tag cannot be used.
   */
  #checkTag(
    tagStart: number,
    tagEnd: number,
    allowed: ReadonlySet<string>,
    what: string,
  ): string | YamlInvalid | undefined {
    if (tagStart < 0) return undefined;
    const written = this.#text.slice(tagStart, tagEnd);
    if (written === "!") return undefined;
    const tag = fullTag(written);
    const name = tag.startsWith(CORE_TAG)
      ? tag.slice(CORE_TAG.length)
      : undefined;
    if (name !== undefined && allowed.has(name)) return name;
    return this.#invalidNode(
      tagStart,
      name !== undefined &&
        (SCALAR_TAGS.has(name) || name === "map" || name === "seq")
        ? `the tag ${written} cannot be used on ${what}`
        : `unknown YAML tag ${quote(written)}`,
      ".kat files use plain YAML 1.2: remove the tag, or write !!str, !!int, !!float, !!bool or !!null",
    );
  }

  /**
   * YAML needs white space between a node's anchor or tag and its content
   * (`&a [1]`, not `&a[1]`); the parser does not insist.
   */
  #checkSeparated(propsEnd: number, contentStart: number): void {
    if (propsEnd >= 0 && contentStart === propsEnd) {
      throw new Stop(
        contentStart,
        "an anchor or tag must be followed by a space before its value",
        "write a space after it",
      );
    }
  }

  /**
   * A block mapping or list that starts on the line of a `-`, `?` or `:`
   * takes the white space before it as its indentation, and YAML does not
   * indent with tabs; the parser does not insist.
   */
  #checkCompactIndent(start: number): void {
    const text = this.#text;
    let i = start - 1;
    let tab = -1;
    while (i >= 0 && (text[i] === " " || text[i] === "\t")) {
      if (text[i] === "\t") tab = i;
      i--;
    }
    if (tab >= 0 && i >= 0 && "-?:".includes(text[i])) {
      throw new Stop(
        tab,
        "a tab cannot indent a mapping or list",
        "use spaces",
      );
    }
  }

  /**
   * A block mapping cannot start on the line of the key it is the value of
   * (`a: b: c`); the parser lets it through when the inner key has a tag or
   * an anchor.
   */
  #checkNotInline(start: number): void {
    const text = this.#text;
    let i = start - 1;
    while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
    if (i >= 0 && text[i] === ":") {
      throw new Stop(
        start,
        "a mapping cannot start on the line of its key",
        "put it on the next line, indented",
      );
    }
  }

  #open(e: Event & { type: 2 | 3 }): void {
    this.#checkSeparated(Math.max(e.anchorEnd, e.tagEnd), e.start);
    if (e.style === 1) {
      this.#checkCompactIndent(e.start);
      if (e.type === EVENT_ID.MAPPING) this.#checkNotInline(e.start);
    }
    const depth = this.#stack.length + 1;
    if (depth > this.#maxDepth) {
      throw new Stop(e.start, this.#depthMessage());
    }
    const isMap = e.type === EVENT_ID.MAPPING;
    const node: YamlMap | YamlSeq = isMap
      ? makeNode<YamlMap>({ kind: "map", offset: e.start, pairs: [] })
      : makeNode<YamlSeq>({ kind: "seq", offset: e.start, items: [] });
    const flow = e.style === 2;
    const tag = e.tagStart < 0 ? undefined : this.#checkTag(
      e.tagStart,
      e.tagEnd,
      isMap ? MAP_TAGS : SEQ_TAGS,
      isMap ? "a mapping" : "a list",
    );
    const open: Open = { node, flow, size: 1, height: 1 };
    if (typeof tag === "object") open.replacement = tag;
    else if (e.anchorStart >= 0) {
      open.anchor = this.#text.slice(e.anchorStart, e.anchorEnd);
      this.#anchors.set(open.anchor, {
        node,
        open: true,
        size: 0,
        height: 0,
      });
    }
    this.#lastEnd = flow ? e.start + 1 : e.start;
    this.#stack.push(open);
  }

  #close(): void {
    const open = this.#stack.pop()!;
    if (open.anchor !== undefined) {
      const anchored = this.#anchors.get(open.anchor);
      if (anchored?.node === open.node) {
        anchored.open = false;
        anchored.size = open.size;
        anchored.height = open.height;
      }
    }
    this.#add(open.replacement ?? open.node, open.size, open.height);
  }

  #scalar(e: ScalarEvent): YamlNode {
    const text = this.#text;
    if (e.valueStart >= 0) {
      const quoted = e.style === SCALAR_STYLE.SINGLE_QUOTED ||
        e.style === SCALAR_STYLE.DOUBLE_QUOTED;
      this.#checkSeparated(
        Math.max(e.anchorEnd, e.tagEnd),
        quoted ? e.valueStart - 1 : e.valueStart,
      );
    }
    const top = this.#stack[this.#stack.length - 1];
    const hasProps = e.tagStart >= 0 || e.anchorStart >= 0;
    let node: YamlScalar | YamlInvalid;
    if (e.valueStart < 0 && !hasProps) {
      // Nothing written: `key:` alone, or `- ` alone.
      const offset = top?.node.kind === "map" && top.key !== undefined
        ? top.key.offset
        : skipTrivia(text, this.#lastEnd, "?:,]}");
      node = makeNode<YamlScalar>({
        kind: "scalar",
        offset: Math.min(offset, text.length),
        value: null,
        source: "",
        style: "plain",
        empty: true,
      });
      if (top?.node.kind === "seq") this.#lastEnd = node.offset + 1;
    } else {
      const value = e.valueStart < 0 ? "" : getScalarValue(text, e);
      const style = e.style === SCALAR_STYLE.PLAIN
        ? "plain"
        : e.style === SCALAR_STYLE.SINGLE_QUOTED ||
            e.style === SCALAR_STYLE.DOUBLE_QUOTED
        ? "quoted"
        : "block";
      const propsEnd = Math.max(e.tagEnd, e.anchorEnd, this.#lastEnd);
      const offset = e.valueStart < 0
        ? Math.max(e.tagStart, e.anchorStart)
        : style === "quoted"
        ? e.valueStart - 1
        : style === "block"
        ? this.#blockHeader(propsEnd, e.valueStart)
        : e.valueStart;
      const tag = this.#checkTag(e.tagStart, e.tagEnd, SCALAR_TAGS, "a scalar");
      if (typeof tag === "object") {
        node = tag;
      } else if (tag !== undefined) {
        const resolved = resolveTagged(tag, value);
        if (resolved === undefined) {
          node = this.#invalidNode(
            e.tagStart,
            `${quote(value)} is not a valid !!${tag}`,
            "remove the tag, or write a value of that type",
          );
        } else {
          node = makeNode<YamlScalar>({
            kind: "scalar",
            offset,
            value: resolved,
            source: value,
            style,
            empty: false,
          });
        }
      } else {
        node = makeNode<YamlScalar>({
          kind: "scalar",
          offset,
          value: style === "plain" ? resolvePlain(value) : value,
          source: style === "plain"
            ? text.slice(e.valueStart, e.valueEnd)
            : value,
          style,
          empty: false,
        });
      }
      if (e.valueStart >= 0) {
        this.#lastEnd = style === "quoted" ? e.valueEnd + 1 : e.valueEnd;
      }
    }
    if (e.anchorStart >= 0) {
      this.#anchors.set(text.slice(e.anchorStart, e.anchorEnd), {
        node,
        open: false,
        size: 1,
        height: 1,
      });
    }
    return node;
  }

  /** Offset of a block scalar's `|` or `>`, searched for after `from`. */
  #blockHeader(from: number, contentStart: number): number {
    const at = skipTrivia(this.#text, from, "?:-,");
    const c = this.#text[at];
    return at < contentStart && (c === "|" || c === ">") ? at : contentStart;
  }

  #alias(anchorStart: number, anchorEnd: number): void {
    const name = this.#text.slice(anchorStart, anchorEnd);
    const offset = anchorStart - 1;
    this.#lastEnd = anchorEnd;
    const anchored = this.#anchors.get(name);
    if (!anchored || anchored.open) {
      this.#add(
        anchored
          ? this.#invalidNode(
            offset,
            `the alias *${name} refers to a node that contains it`,
            "an alias may only repeat a node written before it, not one around it",
          )
          : this.#invalidNode(
            offset,
            `the alias *${name} names no anchor`,
            `write &${name} on the node to repeat, before the alias`,
          ),
        1,
        1,
      );
      return;
    }
    this.#aliasNodes += anchored.size;
    if (this.#aliasNodes > this.#maxAliasNodes) {
      throw new Stop(
        offset,
        `anchors and aliases expand to more than ${this.#maxAliasNodes} nodes`,
        "write the values out, or repeat smaller parts",
      );
    }
    if (this.#stack.length + anchored.height > this.#maxDepth) {
      throw new Stop(offset, this.#depthMessage(" once aliases are expanded"));
    }
    this.#add(
      makeNode({ kind: "alias", offset, name, target: anchored.node }),
      anchored.size,
      anchored.height,
    );
  }

  #depthMessage(how = ""): string {
    return `nesting is deeper than ${this.#maxDepth} levels${how}`;
  }
}

/** A quoted string or flow collection that the text never closes. */
interface Unclosed {
  offset: number;
  opener: string;
}

/**
 * The first quoted string, or else the innermost flow collection, opened at
 * a token start before `upTo` and never closed: the usual cause of a syntax
 * error reported far from it (often at the end of the file).
 */
function findUnclosed(text: string, upTo: number): Unclosed | undefined {
  const flows: Unclosed[] = [];
  let i = 0;
  let tokenStart = true;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n" || c === "\r") {
      tokenStart = true;
      i++;
    } else if (c === " " || c === "\t") {
      i++;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if ((c === '"' || c === "'") && tokenStart) {
      const start = i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i];
        if (c === '"' && d === "\\") i += 2;
        else if (d === c) {
          if (c === "'" && text[i + 1] === "'") i += 2;
          else {
            closed = true;
            i++;
            break;
          }
        } else i++;
      }
      if (!closed) {
        return start <= upTo ? { offset: start, opener: c } : undefined;
      }
      tokenStart = false;
    } else if ((c === "[" || c === "{") && (tokenStart || flows.length > 0)) {
      flows.push({ offset: i, opener: c });
      tokenStart = true;
      i++;
    } else if ((c === "]" || c === "}") && flows.length > 0) {
      flows.pop();
      tokenStart = false;
      i++;
    } else {
      tokenStart = c === "," && flows.length > 0 ||
        (c === ":" || c === "-" || c === "?") &&
          (i + 1 >= text.length || /\s/.test(text[i + 1]));
      i++;
    }
  }
  const last = flows[flows.length - 1];
  return last && last.offset <= upTo ? last : undefined;
}

/** Characters a plain value cannot start with, though users write them. */
const RESERVED_START = /^[@`]|^\*(?![A-Za-z0-9_-]+\s*$)/;

/** A syntax error of the parser, in plain words at a useful position. */
function syntaxProblem(
  text: string,
  e: YAMLException,
  maxDepth: number,
): Stop {
  const at = Math.min(e.mark?.position ?? 0, text.length);
  const reason = e.reason || e.message;
  if (/maxDepth/.test(reason)) {
    return new Stop(at, `nesting is deeper than ${maxDepth} levels`);
  }
  const open = findUnclosed(text, at);
  if (open !== undefined) {
    const closer = { '"': '"', "'": "'", "[": "]", "{": "}" }[open.opener]!;
    return new Stop(
      open.offset,
      open.opener === '"' || open.opener === "'"
        ? `this ${
          open.opener === '"' ? "double" : "single"
        }-quoted string is never closed`
        : `this ${open.opener} is never closed`,
      `end it with ${closer}`,
    );
  }
  const lineStart = Math.max(
    text.lastIndexOf("\n", at - 1),
    text.lastIndexOf("\r", at - 1),
  ) + 1;
  const lineEnd = text.slice(lineStart).search(/[\r\n]|$/) + lineStart;
  const line = text.slice(lineStart, lineEnd);
  const entry = /^(\s*(?:-\s+)*[^\s#"'][^#]*?:)\s+([^#]*?)\s*(?:#.*)?$/.exec(
    line,
  );
  if (entry && RESERVED_START.test(entry[2])) {
    return new Stop(
      lineStart + line.indexOf(entry[2], entry[1].length),
      `a plain value cannot start with ${quote(entry[2][0])}`,
      `quote it: ${entry[1].trim()} ${JSON.stringify(entry[2])}`,
    );
  }
  if (entry && /:\s/.test(entry[2]) && !/^[[{"'|>]/.test(entry[2])) {
    return new Stop(
      lineStart + line.indexOf(entry[2], entry[1].length),
      'a plain value cannot contain ": "',
      `quote it: ${entry[1].trim()} ${JSON.stringify(entry[2])}`,
    );
  }
  return new Stop(at, `invalid YAML: ${reason}`);
}

/** The offset of a `---` or `...` marker line at or after `from`, if any. */
function documentMarker(
  text: string,
  from: number,
  to: number,
): number | undefined {
  const re = /(^|[\r\n])(---|\.\.\.)(?=[ \t\r\n]|$)/g;
  re.lastIndex = Math.max(0, from - 1);
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
    const at = m.index + m[1].length;
    if (at >= from && text.slice(at, at + 3) === "---") return at;
  }
  return undefined;
}

/** Tabs that follow something else on their line: separation, not indentation. */
const INNER_TAB = /(?<=[^\s][^\n\r]*)\t/g;

/**
 * The parser's events for `text`. The parser refuses a tab used as white
 * space inside a flow collection (`[a,\tb]`), which YAML allows; such text is
 * parsed again with those tabs read as spaces. The offsets are the same, and
 * every value is taken from the original text, tabs included.
 */
function events(text: string, maxDepth: number): Event[] {
  try {
    return parseEvents(text, { maxDepth });
  } catch (e) {
    if (!(e instanceof YAMLException) || !text.includes("\t")) throw e;
    const spaced = text.replace(INNER_TAB, " ");
    if (spaced === text) throw e;
    try {
      return parseEvents(spaced, { maxDepth });
    } catch {
      throw e;
    }
  }
}

/**
 * Parses `text` as YAML 1.2 (core schema) and checks that it holds exactly one
 * document. Duplicate keys are left to the decoder, which knows their field
 * path. Never throws for bad input.
 *
 * @example
 * ```ts
 * import { parseYamlFile } from "./yaml_file.ts";
 * const parsed = parseYamlFile("a: 1\n---\nb: 2\n", "x.kat");
 * console.log(parsed.diagnostics[0].message);
 * // "a .kat file holds exactly one YAML document, found 2"
 * ```
 */
export function parseYamlFile(
  text: string,
  file: string,
  options: YamlFileOptions = {},
): YamlFile {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const report = (offset: number, message: string, hint?: string) => {
    const position: Position = offset >= text.length
      ? lines.endPosition()
      : lines.position(offset);
    const d: Diagnostic = {
      severity: "error",
      code: "yaml",
      file,
      ...position,
      path: "",
      message,
    };
    if (hint) d.hint = hint;
    diagnostics.push(d);
  };
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const builder = new TreeBuilder(
    text,
    options.maxAliasNodes ?? DEFAULT_MAX_ALIAS_NODES,
    maxDepth,
    options.multiDocument,
  );
  try {
    // The builder enforces the limit exactly; the parser's own limit, set a
    // little higher (it counts some block nesting one level deeper), only
    // keeps absurd nesting from overflowing the call stack.
    builder.run(events(text, maxDepth + 3));
  } catch (e) {
    const stop = e instanceof Stop
      ? e
      : e instanceof YAMLException
      ? syntaxProblem(text, e, maxDepth)
      : undefined;
    if (!stop) throw e;
    report(stop.offset, stop.message, stop.hint);
    return { lines, diagnostics, invalid: [] };
  }
  if (options.multiDocument) {
    builder.finishDocument();
    const documents = builder.finished;
    if (documents.length === 0) {
      report(
        0,
        "the file holds no YAML document",
        "each document holds one resource: apiVersion, kind, metadata, spec",
      );
      return { lines, diagnostics, invalid: [] };
    }
    return { ...documents[0], lines, diagnostics, documents };
  }
  if (builder.documents > 1) {
    const content = builder.secondDocumentContent ?? text.length;
    const marker = documentMarker(text, builder.firstDocumentEnd, content + 1);
    report(
      marker ?? content,
      `a .kat file holds exactly one YAML document, found ${builder.documents}`,
      "put each resource in a file of its own",
    );
  }
  if (
    builder.root === undefined ||
    builder.root.kind === "scalar" && builder.root.empty
  ) {
    if (diagnostics.length === 0) {
      report(
        0,
        "the file holds no YAML document",
        "a .kat file holds one resource: apiVersion, kind, metadata, spec",
      );
    }
    return { lines, diagnostics, invalid: [] };
  }
  if (builder.documents > 1) return { lines, diagnostics, invalid: [] };
  return { root: builder.root, lines, diagnostics, invalid: builder.invalid };
}
