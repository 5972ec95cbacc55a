import { assertEquals, assertRejects } from "../assert.ts";
import {
  lookForPython,
  MissingReference,
  pythonMissing,
  requirePython,
} from "./differential/reference.ts";
import { REPO } from "../helpers.ts";
import { fakePythons } from "./fake_python.ts";

const MISSING =
  "the archive differential tests need Python 3.11.4+ with tarfile extraction filters (a python3 on the PATH, or set KAT_PYTHON): none found";

Deno.test("a Python without tarfile extraction filters is not taken, and the test says so in one line", async () => {
  const dir = await fakePythons(false);
  try {
    assertEquals(await lookForPython({ path: dir }), undefined);
    const e = await assertRejects(
      () => requirePython({ path: dir }),
      MissingReference,
    );
    assertEquals(e.message, MISSING);
    const named = await assertRejects(
      () => requirePython({ path: dir, katPython: `${dir}/python3` }),
      MissingReference,
    );
    assertEquals(
      named.message,
      `${MISSING} (KAT_PYTHON=${dir}/python3 has none)`,
    );
    assertEquals(pythonMissing({ path: dir, katPython: "" }), MISSING);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KAT_PYTHON comes first, then the PATH, in order", async () => {
  const without = await fakePythons(false);
  const withFilters = await fakePythons(true);
  try {
    assertEquals(
      await lookForPython({ path: `${without}:${withFilters}` }),
      `${withFilters}/python3`,
    );
    assertEquals(
      await lookForPython({
        path: withFilters,
        katPython: `${withFilters}/python3.11`,
      }),
      `${withFilters}/python3.11`,
    );
  } finally {
    await Deno.remove(without, { recursive: true });
    await Deno.remove(withFilters, { recursive: true });
  }
});

Deno.test("without such a Python, the differential tests fail with that line, not with the work directory", async () => {
  const dir = await fakePythons(false);
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        "--allow-read",
        "--allow-write",
        "--allow-run",
        "--allow-env",
        "--filter",
        "/references are here|the check catches/",
        "tests/archive/differential_test.ts",
      ],
      cwd: REPO,
      env: { PATH: dir, KAT_PYTHON: "", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assertEquals(out.success, false);
    const errors = text.split("\n").filter((l) => l.startsWith("error: "));
    assertEquals(errors, [
      `error: MissingReference: ${MISSING}`,
      `error: MissingReference: ${MISSING}`,
      "error: Test failed",
    ], text);
    assertEquals(text.includes("Directory not empty"), false);
    assertEquals(text.includes("/ids"), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
