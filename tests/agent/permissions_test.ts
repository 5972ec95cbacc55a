import { assertEquals } from "../assert.ts";
import { ENV_VARS, GRPC_ENV_VARS } from "../../src/cli/permissions.ts";
import { REPO } from "../helpers.ts";

/**
 * Packages of etcd3's dependency tree that `kat-agent` never loads: the
 * command-line parser of `@grpc/proto-loader`'s own tool.
 */
const NOT_LOADED = new Set(["yargs", "yargs-parser"]);

interface Lock {
  npm: Record<string, { dependencies?: string[] }>;
}

/** `name@version` keys of deno.lock, by package name. */
function byName(lock: Lock): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const key of Object.keys(lock.npm)) {
    const name = key.slice(0, key.indexOf("@", 1));
    map.set(name, [...(map.get(name) ?? []), key]);
  }
  return map;
}

Deno.test("kat-agent may read every environment variable that etcd's client reads", async () => {
  const lock: Lock = JSON.parse(await Deno.readTextFile(`${REPO}deno.lock`));
  const names = byName(lock);
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  }).output();
  const cache = `${
    JSON.parse(new TextDecoder().decode(info.stdout)).npmCache
  }/registry.npmjs.org`;
  // The packages etcd3 depends on, as locked.
  const seen = new Set<string>();
  const stack = [...names.get("etcd3")!];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const dep of lock.npm[key].dependencies ?? []) {
      stack.push(...(lock.npm[dep] ? [dep] : names.get(dep) ?? []));
    }
  }
  const read = new Set<string>();
  const wholeEnv: string[] = [];
  for (const key of seen) {
    const at = key.indexOf("@", 1);
    const name = key.slice(0, at);
    if (NOT_LOADED.has(name)) continue;
    const dir = `${cache}/${name}/${key.slice(at + 1).split("_")[0]}`;
    for await (const file of walk(dir)) {
      const code = await Deno.readTextFile(file);
      for (
        const m of code.matchAll(
          /process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*["'`]([^"'`]+)["'`]\s*\]|(?![\w$.[]))/g,
        )
      ) {
        if (m[1] ?? m[2]) read.add(m[1] ?? m[2]);
        else wholeEnv.push(file);
      }
    }
  }
  assertEquals(wholeEnv, []);
  const granted = new Set([...ENV_VARS, ...GRPC_ENV_VARS]);
  assertEquals([...read].filter((v) => !granted.has(v)).sort(), []);
  // And nothing is granted that no package reads.
  assertEquals(GRPC_ENV_VARS.filter((v) => !read.has(v)), []);
});

async function* walk(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(path);
    else if (/\.(c|m)?js$/.test(entry.name)) yield path;
  }
}
