/**
 * The check that the generated fast decoders (src/gen/fast_decode.ts) agree
 * with the generic decoder: whenever a fast decoder does not give up, the
 * generic decoder, run on the same tree, reports nothing and builds the same
 * object, key for key and in the same order.
 *
 * @module
 */
import { Decoder } from "../../src/decode/decoder.ts";
import { LineIndex } from "../../src/decode/line_index.ts";
import type { YamlNode } from "../../src/decode/yaml_tree.ts";
import { Reporter } from "../../src/diagnostics/reporter.ts";
import { fastDecoders } from "../../src/gen/fast_decode.ts";
import type { Kind } from "../../src/gen/types.ts";
import { typeForKind } from "../../src/schema/registry.ts";
import { assertEquals } from "../assert.ts";

/** What a fast decoder gives: a decoded root, or undefined (it gave up). */
export type FastDecoder = (
  root: YamlNode,
) => Record<string, unknown> | undefined;

/** The generated fast decoders, as they are before any test wraps them. */
export const FAST: Readonly<Partial<Record<Kind, FastDecoder>>> = {
  ...fastDecoders,
};

/**
 * The fast decoder of `kind` on `root`, checked against the generic decoder
 * when it does not give up (an assertion error otherwise); undefined when
 * it gives up.
 *
 * @example
 * ```ts
 * import { checkedFastDecode } from "./fast_decode_agree.ts";
 * import { parseYamlFile } from "../../src/decode/yaml_file.ts";
 * const { root, lines } = parseYamlFile("kind: Namespace\n", "ns.kat");
 * console.log(checkedFastDecode(root!, "Namespace", lines)); // undefined
 * ```
 */
export function checkedFastDecode(
  root: YamlNode,
  kind: Kind,
  lines: LineIndex = new LineIndex(""),
): Record<string, unknown> | undefined {
  const fast = FAST[kind]?.(root);
  if (fast === undefined) return undefined;
  const reporter = new Reporter("<fast>", () => ({ line: 1, column: 1 }));
  const type = typeForKind(kind)!;
  const generic = new Decoder(lines, reporter).decodeRoot(root, type, {
    systemKeys: type.field("status") ? [] : ["status"],
    skip: ["kind"],
  });
  assertEquals(
    reporter.diagnostics.map((d) => `${d.path}: ${d.message}`),
    [],
    `the fast ${kind} decoder accepted what the generic decoder refuses`,
  );
  assertEquals(fast, generic, `the fast ${kind} decoder built another object`);
  assertEquals(JSON.stringify(fast), JSON.stringify(generic));
  return fast;
}
