/**
 * The check that the generated event decoders (src/gen/fast_decode_events.ts)
 * agree with the tree and the generic decoder: whenever an event decoder
 * does not give up, the tree builder reads the same text as one document
 * with no diagnostic and nothing invalid, the generic decoder reports nothing
 * on it and builds the same object (key for key, in the same order), and
 * whether a value was written reads the same from the events as from the
 * tree, for every key and item of the tree and for keys and items beside
 * them that were not written (among them every string written as a value).
 *
 * @module
 */
import { Decoder } from "../../src/decode/decoder.ts";
import { SourceMap } from "../../src/decode/source_map.ts";
import { documentEvents, writtenAt } from "../../src/decode/yaml_events.ts";
import { parseYamlFile } from "../../src/decode/yaml_file.ts";
import type { YamlNode } from "../../src/decode/yaml_tree.ts";
import { FieldPath } from "../../src/diagnostics/field_path.ts";
import { Reporter } from "../../src/diagnostics/reporter.ts";
import type { Event } from "../../src/decode/yaml_events.ts";
import { fastEventDecoders } from "../../src/gen/fast_decode_events.ts";
import type { Kind } from "../../src/gen/types.ts";
import { typeForKind } from "../../src/schema/registry.ts";
import { assertEquals } from "../assert.ts";

/** What an event decoder gives: a decoded root, or undefined (it gave up). */
export type EventDecoder = (
  text: string,
  events: readonly Event[],
) => Record<string, unknown> | undefined;

/** The generated event decoders, as they are before any test wraps them. */
export const FAST_EVENTS: Readonly<Partial<Record<Kind, EventDecoder>>> = {
  ...fastEventDecoders,
};

/** Every path the tree of `root` writes, and one unwritten beside each. */
function paths(root: YamlNode): FieldPath[] {
  const out: FieldPath[] = [];
  const visit = (node: YamlNode, path: FieldPath) => {
    out.push(path);
    if (node.kind === "map") {
      out.push(path.child("notWritten"), path.key("__proto__"));
      for (const p of node.pairs) {
        if (p.key.kind === "scalar" && typeof p.key.value === "string") {
          visit(p.value, path.child(p.key.value));
        }
        // A value is never a key.
        if (p.value.kind === "scalar" && typeof p.value.value === "string") {
          out.push(path.child(p.value.value));
        }
      }
    } else if (node.kind === "seq") {
      out.push(path.index(node.items.length), path.child("x"));
      node.items.forEach((item, i) => visit(item, path.index(i)));
    } else {
      out.push(path.index(0), path.child("x"));
    }
  };
  visit(root, FieldPath.root());
  return out;
}

/**
 * The event decoder of `kind` on `text`, checked against the tree and the
 * generic decoder when it does not give up (an assertion error otherwise);
 * undefined when it gives up or the text is not one document.
 *
 * @example
 * ```ts
 * import { checkedEventDecode } from "./fast_decode_events_agree.ts";
 * console.log(checkedEventDecode("kind: Namespace\n", "Namespace")); // undefined
 * ```
 */
export function checkedEventDecode(
  text: string,
  kind: Kind,
  events: readonly Event[] | undefined = documentEvents(text),
): Record<string, unknown> | undefined {
  if (!events) return undefined;
  const fast = FAST_EVENTS[kind]?.(text, events);
  if (fast === undefined) return undefined;
  const yaml = parseYamlFile(text, "<fast>");
  assertEquals(
    [yaml.diagnostics, yaml.invalid.length, yaml.root !== undefined],
    [[], 0, true],
    `the ${kind} event decoder accepted what the tree builder refuses`,
  );
  const root = yaml.root!;
  const reporter = new Reporter("<fast>", () => ({ line: 1, column: 1 }));
  const type = typeForKind(kind)!;
  const generic = new Decoder(yaml.lines, reporter).decodeRoot(root, type, {
    systemKeys: type.field("status") ? [] : ["status"],
    skip: ["kind"],
  });
  assertEquals(
    reporter.diagnostics.map((d) => `${d.path}: ${d.message}`),
    [],
    `the ${kind} event decoder accepted what the generic decoder refuses`,
  );
  assertEquals(fast, generic, `the ${kind} event decoder built another object`);
  assertEquals(JSON.stringify(fast), JSON.stringify(generic));
  const map = new SourceMap(root, yaml.lines);
  for (const path of paths(root)) {
    assertEquals(
      [path.toString(), writtenAt(text, events, path)],
      [path.toString(), map.has(path)],
      "written or not, the events and the tree disagree",
    );
  }
  return fast;
}
