/**
 * Field paths such as `spec.container.env[2].name`, built one step at a time.
 *
 * @module
 */

/** One step of a path. */
export type PathStep =
  | { readonly field: string }
  | { readonly index: number }
  | { readonly key: string };

type Defined<T> = Exclude<T, undefined | null>;
/** Keys of the object a path points at; any string for an untyped path. */
type FieldOf<T> = unknown extends T ? string
  : Extract<keyof Defined<T>, string>;
/** The type of a field below a path. */
type At<T, K> = unknown extends T ? unknown
  : K extends keyof Defined<T> ? Defined<T>[K]
  : never;
/** The type of an item of the list a path points at. */
type ItemOf<T> = unknown extends T ? unknown
  : Defined<T> extends readonly (infer E)[] ? E
  : never;
/** The type of a value of the map a path points at. */
type ValueOf<T> = unknown extends T ? unknown
  : Defined<T> extends Readonly<Record<string, infer V>> ? V
  : never;

/**
 * An immutable path to a value of a manifest. A path built from a resource
 * type (`FieldPath.of<Workload>()`) only takes the keys that type has, so a
 * misspelt field name in a rule fails the type check instead of moving its
 * diagnostic elsewhere.
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
export class FieldPath<T = unknown> {
  #text?: string;

  private constructor(
    private readonly parentPath: FieldPath<unknown> | undefined,
    /** The last step, or undefined at the root. */
    readonly step: PathStep | undefined,
  ) {}

  /** The empty path: the document itself. */
  static root(): FieldPath<unknown> {
    return new FieldPath(undefined, undefined);
  }

  /** The empty path of a document of type `R`, whose steps are checked. */
  static of<R>(): FieldPath<R> {
    return new FieldPath<R>(undefined, undefined);
  }

  /** The path of a named field below this one. */
  child<K extends FieldOf<T>>(name: K): FieldPath<At<T, K>> {
    return new FieldPath(this as FieldPath<unknown>, { field: name });
  }

  /** The path of an item of a list. */
  index(i: number): FieldPath<ItemOf<T>> {
    return new FieldPath(this as FieldPath<unknown>, { index: i });
  }

  /** The path of an entry of a map. */
  key(k: string): FieldPath<ValueOf<T>> {
    return new FieldPath(this as FieldPath<unknown>, { key: k });
  }

  /** The enclosing path, or undefined at the root. */
  parent(): FieldPath<unknown> | undefined {
    return this.parentPath;
  }

  /** The steps from the root, in order. */
  steps(): PathStep[] {
    const out = this.parentPath?.steps() ?? [];
    if (this.step) out.push(this.step);
    return out;
  }

  /** The path as text; the root is the empty string. */
  toString(): string {
    if (this.#text !== undefined) return this.#text;
    const parent = this.parentPath?.toString() ?? "";
    const step = this.step;
    this.#text = step === undefined
      ? ""
      : "field" in step
      ? parent === "" ? step.field : `${parent}.${step.field}`
      : "index" in step
      ? `${parent}[${step.index}]`
      : `${parent}[${step.key}]`;
    return this.#text;
  }
}
