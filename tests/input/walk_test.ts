import { assertEquals } from "../assert.ts";
import { walkQuadletDirectories, type WalkStep } from "../../mod.ts";
import { listDirectorySync } from "../../src/input/walk.ts";
import { tempDir } from "../helpers.ts";

/** A tree of `paths` (a trailing `/` makes a directory) in a new directory. */
async function tree(paths: string[]): Promise<string> {
  const root = await tempDir("walk");
  for (const p of paths) {
    const path = `${root}/${p}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (!p.endsWith("/")) await Deno.writeTextFile(path, "");
  }
  return root;
}

/** Each step, as `DIR: ENTRIES` or `DIR! MESSAGE`, relative to `root`. */
function steps(root: string, walked: Iterable<WalkStep>): string[] {
  return [...walked].map((s) => {
    const dir = s.dir.replace(root, ".");
    return s.kind === "quadlet"
      ? `${dir}: ${s.entries.map((e) => e.name).join(" ")}`
      : `${dir}! ${s.diagnostic.code} ${s.diagnostic.message}`;
  });
}

Deno.test("walkQuadletDirectories: every directory holding .kat entries, in the order of names", async () => {
  const root = await tree([
    "cluster.kat",
    "b/workload.kat",
    "a/workload.kat",
    "a/notes.txt",
    "a/deeper/x.kat",
    "empty/",
    "none/readme.md",
    ".hidden/x.kat",
    "node_modules/pkg/x.kat",
    "vendor/x.kat",
    "named.kat/x.kat",
  ]);
  await Deno.symlink("a", `${root}/link`);
  try {
    assertEquals(steps(root, walkQuadletDirectories(root)), [
      ".: .hidden a b cluster.kat empty link named.kat node_modules none vendor",
      "./a: deeper notes.txt workload.kat",
      "./a/deeper: x.kat",
      "./b: workload.kat",
      "./vendor: x.kat",
    ]);
    // Which directories are entered is the caller's to say; links to
    // directories and directories named like .kat files never are.
    const everything = walkQuadletDirectories(`${root}/`, {
      enter: (name) => name !== "vendor",
    });
    assertEquals(steps(root, everything), [
      "./: " +
      ".hidden a b cluster.kat empty link named.kat node_modules none vendor",
      "./.hidden: x.kat",
      "./a: deeper notes.txt workload.kat",
      "./a/deeper: x.kat",
      "./b: workload.kat",
      "./node_modules/pkg: x.kat",
    ]);
    // A root that cannot be listed is a step of its own, not a throw.
    assertEquals(steps(root, walkQuadletDirectories(`${root}/gone`)), [
      "./gone! unreadable cannot read: no such file or directory",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("listDirectorySync: a name that is not valid UTF-8 is marked, never merged with the real name it shows as", async () => {
  const root = await tree(["v/n\uFFFD.kat", "v/only\uFFFD.kat", "v/a.kat"]);
  // 0xfe is not UTF-8: the runtime lists it as U+FFFD.
  const made = await new Deno.Command("bash", {
    args: [
      "-c",
      `cd "$1/v" && : > n$'\\xfe'.kat && : > x$'\\xfe'.kat && mkdir d$'\\xfe'`,
      "-",
      root,
    ],
  }).output();
  assertEquals(made.success, true, new TextDecoder().decode(made.stderr));
  const listed = listDirectorySync(`${root}/v`).map((e) =>
    `${e.name}${e.notUtf8 ? " (not UTF-8)" : ""}`
  );
  // Of the two listed as n\uFFFD.kat, which one comes first is the
  // listing's order; one of them is marked.
  assertEquals(listed.sort(), [
    "a.kat",
    "d\uFFFD (not UTF-8)",
    "n\uFFFD.kat",
    "n\uFFFD.kat (not UTF-8)",
    "only\uFFFD.kat",
    "x\uFFFD.kat (not UTF-8)",
  ]);
  assertEquals(steps(root, walkQuadletDirectories(root)), [
    `./v: ${listDirectorySync(`${root}/v`).map((e) => e.name).join(" ")}`,
    `./v/d\uFFFD! unreadable the name is not valid UTF-8; it cannot be read`,
  ]);
  await Deno.remove(root, { recursive: true });
});
