/**
 * The source map of a document decoded from the parser's events: whether a
 * value was written is read from the events, and the tree, which positions
 * need, is built from the text only when a position is first asked.
 *
 * @module
 */
import type { FieldPath } from "../diagnostics/field_path.ts";
import type { LineIndex } from "./line_index.ts";
import { SourceMap } from "./source_map.ts";
import { type Event, writtenAt } from "./yaml_events.ts";
import type { YamlNode } from "./yaml_tree.ts";

/**
 * A {@link SourceMap} of a document without tags, anchors or aliases, read
 * from its events; `tree` must give the root that the tree builder makes of
 * the same text.
 *
 * @example
 * ```ts
 * import { EventSourceMap } from "./event_source_map.ts";
 * import { documentEvents } from "./yaml_events.ts";
 * import { parseYamlFile } from "./yaml_file.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const text = "spec:\n  replicas: 3\n";
 * const yaml = () => parseYamlFile(text, "x.kat");
 * const map = new EventSourceMap(text, documentEvents(text)!, () => yaml().root!, yaml().lines);
 * const spec = FieldPath.root().child("spec");
 * console.log(map.has(spec.child("replicas")), map.locate(spec.child("replicas"))); // true { line: 2, column: 13 }
 * ```
 */
export class EventSourceMap extends SourceMap {
  readonly #text: string;
  readonly #events: readonly Event[];

  /**
   * @param text The document's text.
   * @param events Its events, as `documentEvents` gives them.
   * @param tree Gives the document's tree, called once when first needed.
   * @param lines Positions of the text.
   */
  constructor(
    text: string,
    events: readonly Event[],
    tree: () => YamlNode,
    lines: LineIndex,
  ) {
    super(tree, lines);
    this.#text = text;
    this.#events = events;
  }

  /** Whether the user wrote the key or item at `path`, from the events. */
  override has(path: FieldPath): boolean {
    return writtenAt(this.#text, this.#events, path);
  }
}
