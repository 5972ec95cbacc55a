import { assertEquals, assertIncludes } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";

/**
 * Runs the generator on a copy of the project whose proto has `change`
 * applied, and gives its exit code and standard error.
 */
async function generateWith(
  change: (proto: string) => string,
): Promise<{ code: number; stderr: string }> {
  const dir = await tempDir("generate");
  for (
    const sub of ["proto/kat/v1alpha1", "scripts", "src/schema", "src/gen"]
  ) {
    await Deno.mkdir(`${dir}/${sub}`, { recursive: true });
  }
  const copy = async (path: string) =>
    await Deno.copyFile(`${REPO}${path}`, `${dir}/${path}`);
  for (
    const path of [
      "deno.json",
      "deno.lock",
      "scripts/generate.ts",
      "scripts/generate_fast_decode.ts",
      "src/schema/tables.ts",
      "src/schema/int_ranges.ts",
      "proto/kat/v1alpha1/options.proto",
    ]
  ) await copy(path);
  const proto = await Deno.readTextFile(
    `${REPO}proto/kat/v1alpha1/kat.proto`,
  );
  await Deno.writeTextFile(
    `${dir}/proto/kat/v1alpha1/kat.proto`,
    change(proto),
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "scripts/generate.ts"],
    cwd: dir,
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  await Deno.remove(dir, { recursive: true });
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

const BUILD_CACHE =
  'string registry_path = 1 [(field).format = "oci_repository"];';

Deno.test("the generator refuses types nested in a message", async () => {
  const r = await generateWith((proto) =>
    proto.replace(
      BUILD_CACHE,
      `${BUILD_CACHE}\n  message Inner { string note = 1; }\n  Inner inner = 2;`,
    )
  );
  assertEquals(r.code, 1);
  assertIncludes(
    r.stderr,
    "kat.v1alpha1.BuildCache: types nested in a message are not supported; declare Inner at package level",
  );
});

Deno.test("the generator refuses maps whose keys are not strings", async () => {
  const r = await generateWith((proto) =>
    proto.replace(
      BUILD_CACHE,
      `${BUILD_CACHE}\n  map<int32, string> byNumber = 2;`,
    )
  );
  assertEquals(r.code, 1);
  assertIncludes(
    r.stderr,
    "kat.v1alpha1.BuildCache.byNumber: map keys must be strings, not int32",
  );
});
