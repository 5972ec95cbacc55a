/**
 * Long fuzzing runs, outside the tests: `deno task fuzz [SUITE...]
 * [--runs N] [--seed S] [--write]`. Each suite is a name and a function; with
 * no name, every suite runs. Exits 1 when any suite finds a problem or fails
 * (its error is printed as it is). The archive suite prints each disagreement
 * and, only with `--write`, adds it to the tracked regression cases.
 *
 * @module
 */
import {
  fuzzArchives,
  type FuzzOptions,
} from "../tests/archive/differential/fuzz_suite.ts";

/**
 * A suite of property tests, run with `runs` inputs per property: the tests
 * read `KAT_FUZZ_RUNS` (and `KAT_FUZZ_SEED`). Resolves to 1 when it fails.
 */
function propertyTests(...paths: string[]) {
  return async ({ runs, seed }: FuzzOptions): Promise<number> => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env",
        ...paths,
      ],
      env: { KAT_FUZZ_RUNS: String(runs), KAT_FUZZ_SEED: String(seed) },
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    return out.success ? 0 : 1;
  };
}

/** Every suite, by name: one line each. */
const SUITES: Record<string, (options: FuzzOptions) => Promise<number>> = {
  // Archives against GNU tar and Python's tarfile.
  archive: fuzzArchives,
  // The YAML tree against a second parser; the whole manifest pipeline.
  manifests: propertyTests(
    "tests/decode/yaml_differential_test.ts",
    "tests/manifest/pipeline_property_test.ts",
  ),
  // Every rule against its reference.
  rules: propertyTests("tests/rules/"),
  // The generated fast decoders, from the tree and from the events, against
  // the generic decoder: their own mutations, and every document the
  // decoding and pipeline tests read; the plain scanner's events against the
  // parser's, on its own mutations (tests/decode/plain_scan_test.ts) and on
  // every text those tests read.
  "fast-decode": propertyTests(
    "--preload",
    "tests/gen/fast_decode_preload.ts",
    "--preload",
    "tests/gen/fast_decode_events_preload.ts",
    "--preload",
    "tests/decode/plain_scan_preload.ts",
    "tests/gen/fast_decode_test.ts",
    "tests/gen/fast_decode_events_test.ts",
    "tests/decode/",
    "tests/manifest/",
    "tests/kinds/",
  ),
};

const args = [...Deno.args];
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [, value] = args.splice(i, 2);
  return Number(value);
};
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const write = flag("--write");
const runs = option("--runs", 20_000);
const seed = option("--seed", Date.now() % 1_000_000);
const names = args.length > 0 ? args : Object.keys(SUITES);
const unknown = names.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  console.error(
    `unknown suite ${unknown.join(", ")}; suites: ${
      Object.keys(SUITES).join(", ")
    }`,
  );
  Deno.exit(2);
}
let failures = 0;
for (const name of names) {
  console.log(`${name}: ${runs} runs from seed ${seed}`);
  try {
    failures += await SUITES[name]({ runs, seed, write });
  } catch (e) {
    console.error(`${name}: failed: ${e instanceof Error ? e.message : e}`);
    failures++;
  }
}
Deno.exit(failures > 0 ? 1 : 0);
