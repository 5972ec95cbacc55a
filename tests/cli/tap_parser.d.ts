/**
 * The part of `tap-parser` (18.x) the tests use, declared here instead of
 * taken from the package: its declarations pull in `@types/node` (through
 * Node's `EventEmitter`), which would replace Deno's Node types for every
 * file of the project. Mirrors `tap-parser/dist/esm/index.d.ts`.
 *
 * @module
 */

/** One test point as the parser read it. */
export interface TestPoint {
  ok: boolean;
  id: number;
  /** The description, with TAP's escapes (`\#`, `\\`) undone. */
  name: string;
  todo: string | boolean;
  skip: string | boolean;
}

/** What the parser concluded when the stream ended. */
export interface FinalResults {
  ok: boolean;
  count: number;
  pass: number;
  fail: number;
  bailout: boolean | string;
  plan: { start: number; end: number; skipAll: boolean };
  failures: TestPoint[];
}

/** A streaming TAP parser. */
export class Parser {
  constructor(options?: Record<string, unknown>);
  /** A test point, as soon as it is read. */
  on(event: "assert", listener: (point: TestPoint) => void): this;
  /** The results, once the stream ended. */
  on(event: "complete", listener: (results: FinalResults) => void): this;
  /** A line that is not TAP (outside any YAML block). */
  on(event: "extra", listener: (line: string) => void): this;
  /** The TAP version line. */
  on(event: "version", listener: (version: number) => void): this;
  /** Ends the stream, with a last chunk. */
  end(chunk?: string): this;
}
