/**
 * Where each field of a decoded manifest was written.
 *
 * @module
 */
import type { Position } from "../diagnostics/diagnostic.ts";
import type { FieldPath } from "../diagnostics/field_path.ts";

/**
 * Positions of the values a user wrote, by field path.
 *
 * @example
 * ```ts
 * import { SourceMap } from "./source_map.ts";
 * import { FieldPath } from "../diagnostics/field_path.ts";
 * const map = new SourceMap({ line: 1, column: 1 });
 * const spec = FieldPath.root().child("spec");
 * map.set(spec, { line: 4, column: 3 });
 * console.log(map.locate(spec.child("replicas"))); // { line: 4, column: 3 }
 * console.log(map.has(spec.child("replicas"))); // false
 * ```
 */
export class SourceMap {
  readonly #positions = new Map<string, Position>();

  /**
   * Starts an empty map.
   *
   * @param documentStart Position of the document, used when nothing closer is known.
   */
  constructor(readonly documentStart: Position) {}

  /** Records where the value at `path` was written. */
  set(path: FieldPath, position: Position): void {
    this.#positions.set(path.toString(), position);
  }

  /** Whether the user wrote the value at `path`. */
  has(path: FieldPath): boolean {
    return this.#positions.has(path.toString());
  }

  /**
   * Position of `path`, or of its nearest written ancestor: a missing field is
   * reported at the mapping that should hold it.
   */
  locate(path: FieldPath): Position {
    for (let p: FieldPath | undefined = path; p; p = p.parent()) {
      const pos = this.#positions.get(p.toString());
      if (pos) return pos;
    }
    return this.documentStart;
  }
}
