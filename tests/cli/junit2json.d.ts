/**
 * The part of `junit2json` (4.x) the tests use, declared here instead of
 * taken from the package: its declarations pull in `@types/node` (through
 * `@types/xml2js`), which would replace Deno's Node types for every file of
 * the project. Mirrors `junit2json/dist/index.d.ts`.
 *
 * @module
 */

/** `<failure>`, `<error>` and the like: attributes and the text inside. */
export interface Details {
  message?: string;
  type?: string;
  inner?: string;
}

/** A `<testcase>`. */
export interface TestCase {
  name?: string;
  classname?: string;
  time?: number;
  failure?: Details[];
  error?: Details[];
  skipped?: Details[];
  "system-out"?: string[];
  "system-err"?: string[];
}

/** A `<testsuite>`. */
export interface TestSuite {
  name?: string;
  tests?: number;
  failures?: number;
  errors?: number;
  skipped?: number;
  testcase?: TestCase[];
  "system-out"?: string[];
}

/** `<testsuites>`. */
export interface TestSuites {
  name?: string;
  tests?: number;
  failures?: number;
  errors?: number;
  testsuite?: TestSuite[];
}

/** Parses a JUnit XML report; throws on XML that is not well-formed. */
export function parse(
  xml: string,
  options?: Record<string, unknown>,
): Promise<TestSuites | TestSuite | undefined>;
