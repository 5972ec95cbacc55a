/**
 * The parser's events of a `.kat` file read without building a tree: what
 * the generated event decoders (src/gen/fast_decode_events.ts) and the
 * positions of a file they decoded need. Everything here only ever answers
 * for text that {@link parseYamlFile} would turn into one document with no
 * diagnostic; anything else is left to it (undefined, or false).
 *
 * @module
 */
import {
  type Event,
  EVENT_ID,
  getScalarValue,
  parseEvents,
  SCALAR_STYLE,
} from "js-yaml";
import type { FieldPath } from "../diagnostics/field_path.ts";
import { scanPlainDocument } from "./plain_scan.ts";
import { DEFAULT_MAX_DEPTH, resolvePlain } from "./yaml_file.ts";
import type { ScalarValue } from "./yaml_tree.ts";

export type { Event };

/**
 * The scanner {@link documentEvents} asks before `js-yaml`:
 * {@link scanPlainDocument}. Replaceable so that a test run can check every
 * text it reads against `js-yaml` (tests/decode/plain_scan_preload.ts).
 *
 * @example
 * ```ts
 * import { plainScanner } from "./yaml_events.ts";
 * console.log(plainScanner.scan("a: 1\n")?.length); // 6
 * ```
 */
export const plainScanner: {
  scan: (text: string) => Event[] | undefined;
} = { scan: scanPlainDocument };

/**
 * The events of `text` when it is one document without directives, as the
 * tree builder would read them; undefined when the parser refuses the text
 * (the tree builder then says why) or when the text starts with anything
 * else than a document.
 *
 * @example
 * ```ts
 * import { documentEvents } from "./yaml_events.ts";
 * console.log(documentEvents("a: 1\n")?.length); // 6
 * console.log(documentEvents("a: [1\n")); // undefined
 * ```
 */
export function documentEvents(text: string): Event[] | undefined {
  const plain = plainScanner.scan(text);
  lastScanned = plain;
  if (plain !== undefined) return plain;
  let events: Event[];
  try {
    // The same limit as the tree builder gives the parser.
    events = parseEvents(text, { maxDepth: DEFAULT_MAX_DEPTH + 3 });
  } catch {
    return undefined;
  }
  const first = events[0];
  if (
    events.length < 3 || first.type !== EVENT_ID.DOCUMENT ||
    first.directives.length > 0 ||
    events[events.length - 1].type !== EVENT_ID.POP
  ) return undefined;
  return events;
}

/**
 * The events the plain scanner gave the last call of {@link documentEvents},
 * if it gave any: a decoder asks right after (an older array is merely
 * checked again).
 */
let lastScanned: readonly Event[] | undefined;

/**
 * Whether `events` are what the plain scanner (src/decode/plain_scan.ts)
 * gave the last call of `documentEvents`: then every collection in them is
 * one {@link plainCollection} accepts, and nobody needs to ask. False for
 * any other array, which is always safe: its collections are then checked.
 *
 * @example
 * ```ts
 * import { documentEvents, fromPlainScan } from "./yaml_events.ts";
 * console.log(fromPlainScan(documentEvents("a: 1\n")!)); // true
 * console.log(fromPlainScan(documentEvents("a: &x 1\n")!)); // false
 * ```
 */
export function fromPlainScan(events: readonly Event[]): boolean {
  return events === lastScanned;
}

/**
 * The value of a scalar event written without a tag or an anchor, resolved
 * as the tree builder resolves it (YAML 1.2 core schema, integers as
 * `bigint`, nothing written as null); undefined for any other event.
 *
 * @example
 * ```ts
 * import { documentEvents, scalarValue } from "./yaml_events.ts";
 * const text = "a: 0x1F\n";
 * const events = documentEvents(text)!;
 * console.log(scalarValue(text, events[2]), scalarValue(text, events[3])); // "a" 31n
 * ```
 */
export function scalarValue(
  text: string,
  e: Event,
): ScalarValue | undefined {
  if (e.type !== EVENT_ID.SCALAR || e.tagStart >= 0 || e.anchorStart >= 0) {
    return undefined;
  }
  if (e.valueStart < 0) return null;
  const value = e.fast
    ? text.slice(e.valueStart, e.valueEnd)
    : getScalarValue(text, e);
  return e.style === SCALAR_STYLE.PLAIN ? resolvePlain(value) : value;
}

/**
 * Whether a mapping or list event opens a collection the tree builder takes
 * as it is: no tag or anchor, and a block collection neither indented by a
 * tab after a `-`, `?` or `:` nor, for a mapping, started on its key's line.
 *
 * @example
 * ```ts
 * import { documentEvents, plainCollection } from "./yaml_events.ts";
 * const text = "a:\n  b: 1\n";
 * console.log(plainCollection(text, documentEvents(text)![3])); // true
 * ```
 */
export function plainCollection(text: string, e: Event): boolean {
  if (e.type !== EVENT_ID.MAPPING && e.type !== EVENT_ID.SEQUENCE) {
    return false;
  }
  if (e.tagStart >= 0 || e.anchorStart >= 0) return false;
  if (e.style !== 1) return true;
  let i = e.start - 1;
  let tab = false;
  for (; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 9) tab = true;
    else if (c !== 32) break;
  }
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  if (c === 58) return !tab && e.type !== EVENT_ID.MAPPING; // ":"
  return !tab || (c !== 45 && c !== 63); // "-", "?"
}

/** The index just past the node whose first event is at `i`. */
function skip(events: readonly Event[], i: number): number {
  const t = events[i].type;
  if (t !== EVENT_ID.MAPPING && t !== EVENT_ID.SEQUENCE) return i + 1;
  let depth = 0;
  do {
    const u = events[i++].type;
    if (u === EVENT_ID.MAPPING || u === EVENT_ID.SEQUENCE) depth++;
    else if (u === EVENT_ID.POP) depth--;
  } while (depth > 0);
  return i;
}

/**
 * The string written as the value of the root mapping's first `kind` key,
 * when that key and its value are plain scalars; undefined otherwise.
 *
 * @example
 * ```ts
 * import { documentEvents, rootKind } from "./yaml_events.ts";
 * const text = "apiVersion: v\nkind: Namespace\n";
 * console.log(rootKind(text, documentEvents(text)!)); // "Namespace"
 * ```
 */
export function rootKind(
  text: string,
  events: readonly Event[],
): string | undefined {
  if (events[1].type !== EVENT_ID.MAPPING) return undefined;
  let i = 2;
  while (events[i].type !== EVENT_ID.POP) {
    const value = skip(events, i);
    if (scalarValue(text, events[i]) === "kind") {
      const kind = scalarValue(text, events[value]);
      return typeof kind === "string" ? kind : undefined;
    }
    i = skip(events, value);
  }
  return undefined;
}

/**
 * Whether the key or item at `path` was written in the document of
 * `events`, as `SourceMap.has` answers it from the tree, for a document
 * without tags, anchors or aliases.
 *
 * @example
 * ```ts
 * import { documentEvents, writtenAt } from "./yaml_events.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const text = "spec:\n  ports: [80]\n";
 * const events = documentEvents(text)!;
 * const ports = FieldPath.root().child("spec").child("ports");
 * console.log(writtenAt(text, events, ports.index(0)), writtenAt(text, events, ports.index(1))); // true false
 * ```
 */
export function writtenAt(
  text: string,
  events: readonly Event[],
  path: FieldPath,
): boolean {
  let i = 1;
  for (const step of path.steps()) {
    const e = events[i];
    let j = i + 1;
    if ("index" in step) {
      if (e.type !== EVENT_ID.SEQUENCE) return false;
      for (let n = 0; n < step.index && events[j].type !== EVENT_ID.POP; n++) {
        j = skip(events, j);
      }
      if (events[j].type === EVENT_ID.POP) return false;
      i = j;
      continue;
    }
    if (e.type !== EVENT_ID.MAPPING) return false;
    const name = "field" in step ? step.field : step.key;
    for (;;) {
      if (events[j].type === EVENT_ID.POP) return false;
      const value = skip(events, j);
      if (scalarValue(text, events[j]) === name) {
        i = value;
        break;
      }
      j = skip(events, value);
    }
  }
  return true;
}
