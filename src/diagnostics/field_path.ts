/**
 * Field paths such as `spec.container.env[2].name`, built one step at a time.
 *
 * @module
 */

/**
 * An immutable path to a field of a manifest.
 *
 * @example
 * ```ts
 * import { FieldPath } from "./field_path.ts";
 * const p = FieldPath.root().child("spec").child("env").index(2).child("name");
 * console.log(p.toString()); // "spec.env[2].name"
 * console.log(FieldPath.root().child("metadata").child("labels").key("tier").toString());
 * // "metadata.labels[tier]"
 * ```
 */
export class FieldPath {
  private constructor(
    private readonly parentPath: FieldPath | undefined,
    private readonly text: string,
  ) {}

  /** The empty path: the document itself. */
  static root(): FieldPath {
    return new FieldPath(undefined, "");
  }

  /** The path of a named field below this one. */
  child(name: string): FieldPath {
    return new FieldPath(
      this,
      this.text === "" ? name : `${this.text}.${name}`,
    );
  }

  /** The path of an item of a list. */
  index(i: number): FieldPath {
    return new FieldPath(this, `${this.text}[${i}]`);
  }

  /** The path of an entry of a map. */
  key(k: string): FieldPath {
    return new FieldPath(this, `${this.text}[${k}]`);
  }

  /** The enclosing path, or undefined at the root. */
  parent(): FieldPath | undefined {
    return this.parentPath;
  }

  /** The path as text; the root is the empty string. */
  toString(): string {
    return this.text;
  }
}
