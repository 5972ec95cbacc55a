import { assertEquals } from "../assert.ts";
import { fuzzArchives, type Regression } from "./differential/fuzz_suite.ts";
import type { Verdict } from "./differential/differential.ts";
import { base64 } from "./differential/differential.ts";
import { mutatedArchives } from "./differential/mutate.ts";
import { REPO, tempDir } from "../helpers.ts";
import { fakePythons } from "./fake_python.ts";

const KNOWN: Regression[] = [{ name: "known", note: "n", base64: "AA==" }];

/** A check that disagrees on the second archive of every batch. */
function disagreeOnSecond(archives: readonly Uint8Array[]): Promise<Verdict[]> {
  const refs = {
    tar: { ok: true, error: "", files: {}, other: [] },
    python: { ok: true, error: "", files: {}, other: [] },
  };
  return Promise.resolve(archives.map((_, i) => ({
    ours: { refused: false as const, files: {} },
    references: refs,
    overRefusal: false,
    disagreement: i === 1 ? "GNU tar extracted more" : undefined,
  })));
}

async function run(write: boolean) {
  const dir = await tempDir("fuzz");
  const file = `${dir}/regressions.json`;
  const before = JSON.stringify(KNOWN, null, 2) + "\n";
  await Deno.writeTextFile(file, before);
  const log: string[] = [];
  const report: string[] = [];
  try {
    const failures = await fuzzArchives({ runs: 3, seed: 5, write }, {
      check: disagreeOnSecond,
      regressions: file,
      log: (l) => log.push(l),
      report: (l) => report.push(l),
    });
    return {
      failures,
      before,
      after: await Deno.readTextFile(file),
      log,
      report,
      file,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("fuzz without --write leaves the regressions file alone and prints what it would add", async () => {
  const r = await run(false);
  assertEquals(r.failures, 1);
  assertEquals(r.after, r.before);
  assertEquals(r.report, [
    "DISAGREEMENT mutation 1 of seed 5: GNU tar extracted more",
  ]);
  const [second] = await mutatedArchives(3, 5).then((a) => a.slice(1, 2));
  const found = [{
    name: "mutation 1 of seed 5",
    note: "GNU tar extracted more",
    base64: base64(second),
  }];
  assertEquals(r.log.slice(-2), [
    `archive: would add these 1 regression cases to ${r.file} (run with --write to add them):`,
    JSON.stringify(found, null, 2),
  ]);
});

Deno.test("fuzz --write adds what it found to the regressions file", async () => {
  const r = await run(true);
  assertEquals(r.failures, 1);
  const after: Regression[] = JSON.parse(r.after);
  assertEquals(after.length, 2);
  assertEquals(after[0], KNOWN[0]);
  assertEquals(after[1].name, "mutation 1 of seed 5");
  assertEquals(
    r.log.at(-1),
    `archive: added 1 regression cases to ${r.file}`,
  );
});

Deno.test("deno task fuzz reports a missing reference as itself and exits 1", async () => {
  const dir = await fakePythons(false);
  try {
    const regressions = `${REPO}tests/archive/differential/regressions.json`;
    const before = await Deno.readTextFile(regressions);
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env",
        "scripts/fuzz.ts",
        "archive",
        "--runs",
        "10",
        "--seed",
        "1",
      ],
      cwd: REPO,
      env: { PATH: dir, KAT_PYTHON: "", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 1);
    assertEquals(
      new TextDecoder().decode(out.stderr),
      "archive: failed: the archive differential tests need Python 3.11.4+ with tarfile extraction filters (a python3 on the PATH, or set KAT_PYTHON): none found\n",
    );
    assertEquals(await Deno.readTextFile(regressions), before);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
