import { assertEquals } from "../assert.ts";
import { packQuadlets } from "../../src/archive/mod.ts";
import { readQuadletDirectory } from "../../src/input/quadlet_dir.ts";
import { tempDir } from "../helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const FILES: Record<string, string> = {
  "workload.kat": "kind: Workload\n",
  "VirtualLoadBalancer.kat": "kind: VirtualLoadBalancer\n",
  "JobDefinition.kat": "kind: JobDefinition\n",
};

async function run(cmd: string, args: string[], cwd?: string) {
  const out = await new Deno.Command(cmd, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    ok: out.success,
    out: new TextDecoder().decode(out.stdout),
    err: new TextDecoder().decode(out.stderr),
  };
}

/** A directory holding FILES, written in `order`, each with its own mtime. */
async function directory(order: string[], mtimeBase: number): Promise<string> {
  const dir = await tempDir();
  for (const [i, name] of order.entries()) {
    await Deno.writeTextFile(`${dir}/${name}`, FILES[name]);
    await Deno.utime(
      `${dir}/${name}`,
      mtimeBase + i * 1000,
      mtimeBase + i * 3600,
    );
  }
  return dir;
}

Deno.test("the same files give the same bytes, whatever their order or mtimes", async () => {
  const names = Object.keys(FILES);
  const a = await directory(names, 1_000_000_000);
  const b = await directory([...names].reverse(), 1_700_000_000);
  const packA = await packQuadlets((await readQuadletDirectory(a)).files);
  const packB = await packQuadlets((await readQuadletDirectory(b)).files);
  assertEquals(packA, packB);
  const changed = await packQuadlets(
    new Map([...(await readQuadletDirectory(a)).files, [
      "workload.kat",
      enc("x"),
    ]]),
  );
  assertEquals(changed.join() === packA.join(), false);
});

Deno.test("the gzip header has no name, no time and an unknown OS", async () => {
  const bytes = await packQuadlets({ "a.kat": enc("a") });
  assertEquals([...bytes.subarray(0, 4)], [0x1f, 0x8b, 8, 0]);
  assertEquals([...bytes.subarray(4, 8)], [0, 0, 0, 0]);
  assertEquals(bytes[9], 255);
});

Deno.test("GNU tar lists and extracts what pack writes", async () => {
  const dir = await tempDir();
  const archive = `${dir}/q.tar.gz`;
  await Deno.writeFile(
    archive,
    await packQuadlets(
      new Map(Object.entries(FILES).map(([k, v]) => [k, enc(v)])),
    ),
  );
  const list = await run("tar", ["--numeric-owner", "-tvzf", archive]);
  assertEquals(list.err, "");
  assertEquals(
    list.out.trim().split("\n").map((l) => l.split(/\s+/)),
    [
      ["-rw-r--r--", "0/0", "20", "1970-01-01", "00:00", "JobDefinition.kat"],
      [
        "-rw-r--r--",
        "0/0",
        "26",
        "1970-01-01",
        "00:00",
        "VirtualLoadBalancer.kat",
      ],
      ["-rw-r--r--", "0/0", "15", "1970-01-01", "00:00", "workload.kat"],
    ],
  );
  await Deno.mkdir(`${dir}/out`);
  const extract = await run("tar", ["-xzf", archive, "-C", `${dir}/out`]);
  assertEquals([extract.ok, extract.err], [true, ""]);
  for (const [name, text] of Object.entries(FILES)) {
    assertEquals(await Deno.readTextFile(`${dir}/out/${name}`), text);
  }
  await Deno.remove(dir, { recursive: true });
});
