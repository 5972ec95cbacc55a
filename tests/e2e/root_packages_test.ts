/**
 * What a JSR user's first run downloads: importing `parseManifest` from the
 * package's root fetches the YAML parser and the tar writer, never the state
 * store's etcd client (gRPC, yargs, …) or protobufjs; each subpath fetches
 * what it uses. Run with an empty Deno cache, from the npm registry.
 */
import { assertEquals } from "../assert.ts";
import { cachedNpmPackages, linkedProject } from "./user_project.ts";

/**
 * Runs `source` in a new project that links the package, with an empty
 * cache: its output and the packages it fetched.
 */
async function firstRun(source: string) {
  const dir = await linkedProject("first-run", ["wire"]);
  try {
    await Deno.writeTextFile(`${dir}/job.ts`, source);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "--no-prompt", "job.ts"],
      cwd: dir,
      env: { DENO_DIR: `${dir}/cache` },
      stdout: "piped",
      stderr: "piped",
    }).output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
      packages: await cachedNpmPackages(`${dir}/cache`),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "a root import of parseManifest fetches js-yaml (with argparse) and modern-tar, nothing of the state store or the wire",
  sanitizeResources: false,
  async fn() {
    const run = await firstRun(`
import { parseManifest } from "@kat/toolkit";
console.log(parseManifest("apiVersion: kat.dws.rip/v1alpha1\\nkind: Namespace\\nmetadata: {name: a}\\n").valid);
`);
    assertEquals(run, {
      code: 0,
      stdout: "true\n",
      stderr: "",
      packages: ["argparse", "js-yaml", "modern-tar"],
    });
  },
});

Deno.test({
  name:
    "@kat/toolkit/wire fetches protobufjs (with long), and neither the YAML parser nor the state store",
  sanitizeResources: false,
  async fn() {
    const run = await firstRun(`
import { encodeBinary } from "@kat/toolkit/wire";
console.log(encodeBinary({ kind: "Namespace" }).length);
`);
    assertEquals(run, {
      code: 0,
      stdout: "11\n",
      stderr: "",
      packages: ["long", "protobufjs"],
    });
  },
});
