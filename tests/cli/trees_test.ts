/**
 * `katcall validate` on trees, as kubeconform, eslint and `deno lint` walk
 * them: every directory holding `.kat` files is a quadlet, a
 * ClusterConfiguration stands alone, hidden directories and `node_modules`
 * are skipped, a `.kat` file is checked with the rest of its quadlet, a
 * quadlet named twice is checked once, and the order is stable.
 */
import { assertEquals } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";
import {
  clusterConfig,
  katcall,
  katcallProcess,
  loadBalancer,
  tree,
  workload,
} from "./cli_helpers.ts";
import { PERMISSIONS } from "../../src/cli/permissions.ts";
import { WORKERS_VARIABLE } from "../../src/cli/parallel.ts";

interface JsonDiagnostic {
  severity: string;
  code: string;
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

/** `FILE:LINE:COL CODE PATH` of each diagnostic of a JSON report. */
function found(out: string, root: string): string[] {
  return (JSON.parse(out).diagnostics as JsonDiagnostic[]).map((d) =>
    `${d.file.replace(root, "ROOT")}:${d.line}:${d.column} ${d.code} ${d.path}`
  );
}

Deno.test("a tree: every directory holding .kat files is a quadlet; hidden ones and node_modules are skipped", async () => {
  const bad = workload("Bad_Name");
  const root = await tree({
    "cluster.kat": clusterConfig("homelab"),
    "apps/web/workload.kat": workload("web"),
    "apps/web/VirtualLoadBalancer.kat": loadBalancer("webb"),
    "apps/batch/workload.kat": workload("batch"),
    "apps/notes.txt": "not a quadlet: no .kat file here",
    ".git/objects/workload.kat": bad,
    ".hidden/app/workload.kat": bad,
    "node_modules/pkg/workload.kat": bad,
    "apps/web/node_modules/dep/workload.kat": bad,
  });
  const r = await katcall(["validate", "--format", "json", "--summary", root]);
  assertEquals(r.code, 1);
  // Only the name mismatch of apps/web: nothing from the skipped trees, and
  // cluster.kat is no quadlet's "not allowed" error.
  assertEquals(found(r.out, root), [
    "ROOT/apps/web/VirtualLoadBalancer.kat:3:18 invalid metadata.name",
  ]);
  assertEquals(
    r.err,
    "Summary: 4 files, 4 resources, 1 error, 0 warnings\n",
  );
});

Deno.test("a folder of quadlet folders, and the examples, are walked", async () => {
  const r = await katcall(["validate", "--summary", `${REPO}examples/`]);
  assertEquals(r, {
    code: 0,
    out: "Summary: 9 files, 9 resources, 0 errors, 0 warnings\n",
    err: "",
    bytes: r.bytes,
  });
  const empty = await tree({ "a/b/readme.txt": "x" });
  const none = await katcall(["validate", empty]);
  assertEquals([none.code, none.out], [
    1,
    `${empty}:1:1: error: no .kat file in this directory or below it\n`,
  ]);
});

Deno.test("a ClusterConfiguration stands alone by its kind, whatever the file's name", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "app/site.kat": clusterConfig("homelab"),
  });
  const r = await katcall(["validate", `${root}/app`]);
  assertEquals([r.code, r.out], [0, ""]);
  // Packed, the same directory is one quadlet, where it is not allowed.
  const pack = await katcall(["pack", "-o", `${root}/app.tgz`, `${root}/app`]);
  assertEquals(pack.code, 1);
  assertEquals(
    pack.err.startsWith(
      `${root}/app/site.kat:2:7: error: kind: ClusterConfiguration is not allowed in a quadlet`,
    ),
    true,
    pack.err,
  );
});

Deno.test("a directory holding only a cluster.kat is no quadlet: its other files draw no warning", async () => {
  const root = await tree({
    "cluster.kat": clusterConfig("homelab"),
    "README.md": "# infra\n",
    "app/workload.kat": workload("web"),
    "app/notes.txt": "to do\n",
  });
  const r = await katcall(["validate", "--format", "json", root]);
  assertEquals(r.code, 0);
  // A quadlet's own stray file is still reported.
  assertEquals(found(r.out, root), ["ROOT/app/notes.txt:1:1 ignored "]);
  const strict = await katcall([
    "validate",
    "--max-warnings",
    "0",
    `${root}/cluster.kat`,
  ]);
  assertEquals([strict.code, strict.out], [0, ""]);
});

Deno.test("files named one by one (as pre-commit passes them) get the rules between the files of their quadlet", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "app/VirtualLoadBalancer.kat": loadBalancer("webb"),
  });
  const byDir = await katcall(["validate", "-f", "json", `${root}/app`]);
  const expected = [
    "ROOT/app/VirtualLoadBalancer.kat:3:18 invalid metadata.name",
  ];
  assertEquals([byDir.code, found(byDir.out, root)], [1, expected]);
  const both = await katcall([
    "validate",
    "-f",
    "json",
    `${root}/app/workload.kat`,
    `${root}/app/VirtualLoadBalancer.kat`,
  ]);
  assertEquals([both.code, found(both.out, root)], [1, expected]);
  // Only the workload changed: the mismatch is still found, at it.
  const one = await katcall([
    "validate",
    "-f",
    "json",
    `${root}/app/workload.kat`,
  ]);
  assertEquals([one.code, found(one.out, root)], [1, [
    "ROOT/app/workload.kat:3:18 invalid metadata.name",
  ]]);
});

Deno.test("a quadlet named several times, in several spellings, is checked once", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "app/VirtualLoadBalancer.kat": loadBalancer("webb"),
  });
  const r = await katcall([
    "validate",
    "-f",
    "json",
    "--summary",
    `${root}/app`,
    `${root}/app/workload.kat`,
    `${root}/app/`,
    `${root}/./app/VirtualLoadBalancer.kat`,
    `${root}/app/workload.kat`,
    root,
  ]);
  assertEquals(found(r.out, root), [
    "ROOT/app/VirtualLoadBalancer.kat:3:18 invalid metadata.name",
  ]);
  assertEquals(r.err, "Summary: 2 files, 2 resources, 1 error, 0 warnings\n");
});

Deno.test("output is in a stable order: the walk sorts by name, whatever the order on disk", async () => {
  const names = ["zeta", "alpha", "mid", "Beta", "alpha-2"];
  const files: Record<string, string> = {};
  // Created in this (unsorted) order; each has one error.
  for (const n of names) files[`${n}/workload.kat`] = workload(`${n}_x`);
  const root = await tree(files);
  const first = await katcall(["validate", root]);
  const order = first.out.split("\n").filter(Boolean).map((l) =>
    l.slice(root.length + 1, l.indexOf("/workload.kat"))
  );
  assertEquals(order, ["Beta", "alpha", "alpha-2", "mid", "zeta"]);
  for (let i = 0; i < 3; i++) {
    assertEquals((await katcall(["validate", root])).out, first.out);
  }
  // Paths named on the command line keep the command line's order.
  const named = await katcall(["validate", `${root}/zeta`, `${root}/alpha`]);
  assertEquals(
    named.out.split("\n").filter(Boolean).map((l) =>
      l.slice(root.length + 1).split("/")[0]
    ),
    ["zeta", "alpha"],
  );
});

Deno.test("a tree of many quadlets is checked by workers, and the process ends, whatever standard output is", async () => {
  const files: Record<string, string> = {};
  // Enough directories for two workers (one per 200), with one error.
  for (let i = 0; i < 450; i++) {
    files[`q${String(i).padStart(3, "0")}/workload.kat`] = workload(
      i === 321 ? "Bad_Name" : `app-${i}`,
    );
  }
  const root = await tree(files);
  const out = `${await tempDir("out")}/validate.out`;
  for (
    const redirect of [`> ${out}`, `| cat > ${out}; exit \${PIPESTATUS[0]}`]
  ) {
    // `timeout` ends a tool that would hang on live workers: exit 124.
    const r = await katcallProcess(["validate", "--summary", root], {
      redirect,
      timeout: 60,
    });
    assertEquals([r.code, r.err], [1, ""], redirect);
    const lines = (await Deno.readTextFile(out)).split("\n");
    assertEquals(lines.slice(-2), [
      "Summary: 450 files, 450 resources, 1 error, 0 warnings",
      "",
    ]);
    assertEquals(lines[0].startsWith(`${root}/q321/workload.kat:3:18:`), true);
  }
});

Deno.test("KAT_VALIDATE_WORKERS, when granted, sets the workers; every byte of the report is the same", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 450; i++) {
    files[`q${String(i).padStart(3, "0")}/workload.kat`] = workload(
      i % 97 === 0 ? `Bad_${i}` : `app-${i}`,
    );
  }
  const root = await tree(files);
  const run = async (workers?: string) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        ...PERMISSIONS.katcall.map((p) =>
          p.startsWith("--allow-env=") ? `${p},${WORKERS_VARIABLE}` : p
        ),
        `${REPO}src/cli/katcall_main.ts`,
        "validate",
        "--summary",
        "--format",
        "json",
        root,
      ],
      env: workers === undefined
        ? { NO_COLOR: "1" }
        : { NO_COLOR: "1", [WORKERS_VARIABLE]: workers },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    return [out.code, text(out.stdout), text(out.stderr)];
  };
  const expected = await run();
  assertEquals([expected[0], expected[2]], [
    1,
    "Summary: 450 files, 450 resources, 5 errors, 0 warnings\n",
  ]);
  for (const workers of ["0", "1", "2", "3"]) {
    assertEquals(await run(workers), expected, workers);
  }
});

Deno.test("on a terminal, KAT_VALIDATE_WORKERS not granted is not asked for", async () => {
  // `script` gives the tool a terminal, where Deno would prompt for a
  // variable read without its permission; `timeout` ends a prompt (124).
  const command = [
    "timeout",
    "30",
    Deno.execPath(),
    "run",
    "--quiet",
    ...PERMISSIONS.katcall,
    `${REPO}src/cli/katcall_main.ts`,
    "validate",
    "--summary",
    `${REPO}examples/web-service`,
  ].map((a) => `'${a}'`).join(" ");
  const out = await new Deno.Command("script", {
    args: ["-qec", command, "/dev/null"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(
    [out.code, text.trim()],
    [0, "Summary: 2 files, 2 resources, 0 errors, 0 warnings"],
  );
});

Deno.test("10,000 files named one by one, each in its own directory, take linear time", async () => {
  const root = await tempDir("tree");
  const paths: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const dir = `d${i}`;
    Deno.mkdirSync(`${root}/${dir}`);
    Deno.writeTextFileSync(
      `${root}/${dir}/workload.kat`,
      workload(i === 4321 ? "Bad_Name" : "web"),
    );
    paths.push(`${dir}/workload.kat`);
  }
  // A sibling not named, with an error of its own: the workers that check
  // the directories report only the files named.
  Deno.writeTextFileSync(
    `${root}/d9876/VirtualLoadBalancer.kat`,
    loadBalancer("web").replace("containerPort: 80", "containerPort: 99999"),
  );
  try {
    // Quadratic in the paths, this took about 300 s; linear, a few. The
    // bound only ends a run that is far too slow (exit 124).
    const child = await new Deno.Command("timeout", {
      args: [
        "60",
        Deno.execPath(),
        "run",
        "--quiet",
        ...PERMISSIONS.katcall,
        `${REPO}src/cli/katcall_main.ts`,
        "validate",
        "--summary",
        ...paths,
      ],
      cwd: root,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b);
    assertEquals(
      [
        child.code,
        text(child.stdout).split("\n").map((l) => l.split(":")[0]),
        text(child.stderr),
      ],
      [
        1,
        ["d4321/workload.kat", "Summary", ""],
        "",
      ],
    );
    assertEquals(
      text(child.stdout).split("\n")[1],
      "Summary: 10000 files, 10000 resources, 1 error, 0 warnings",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a .kat that is a directory, or a link to one, is an error that says so, in a walk and named", async () => {
  const root = await tree({
    "app/workload.kat": workload("web"),
    "only/dir.kat/x.txt": "",
    "links/workload.kat": workload("web"),
  });
  Deno.mkdirSync(`${root}/app/dir.kat`);
  Deno.symlinkSync(".", `${root}/app/self.kat`);
  Deno.symlinkSync("../only", `${root}/links/up.kat`);
  Deno.mkdirSync(`${root}/lone`);
  Deno.symlinkSync("../only", `${root}/lone/up.kat`);
  const run = async (...args: string[]) => {
    const r = await katcall(["validate", "--summary", ...args]);
    return [r.code, ...r.out.replaceAll(root, "ROOT").split("\n")];
  };
  try {
    assertEquals(await run(root), [
      1,
      "ROOT/app/dir.kat:1:1: error: a directory, not a file",
      "ROOT/app/self.kat:1:1: error: a symbolic link to a directory, not a file",
      "ROOT/links/up.kat:1:1: error: a symbolic link to a directory, not a file",
      "ROOT/lone/up.kat:1:1: error: a symbolic link to a directory, not a file",
      "ROOT/only/dir.kat:1:1: error: a directory, not a file",
      "Summary: 2 files, 2 resources, 5 errors, 0 warnings",
      "",
    ]);
    // Named: the same words, whether the directory is real or a link.
    assertEquals(
      await run(
        `${root}/app/dir.kat`,
        `${root}/app/self.kat`,
        `${root}/lone/up.kat`,
      ),
      [
        1,
        "ROOT/app/dir.kat:1:1: error: a directory, not a file",
        "ROOT/app/self.kat:1:1: error: a symbolic link to a directory, not a file",
        "ROOT/lone/up.kat:1:1: error: a symbolic link to a directory, not a file",
        "Summary: 0 files, 0 resources, 3 errors, 0 warnings",
        "",
      ],
    );
    // With a slash it is named as a directory, and walked.
    assertEquals(await run(`${root}/only/dir.kat/`), [
      1,
      "ROOT/only/dir.kat:1:1: error: no .kat file in this directory or below it",
      "Summary: 0 files, 0 resources, 1 error, 0 warnings",
      "",
    ]);
    // A CI report fails the link too.
    const tap = await katcall(["validate", "-f", "tap", `${root}/lone`]);
    assertEquals(tap.code, 1);
    assertEquals(
      tap.out.includes("not ok 1 - ROOT/lone/up.kat".replace("ROOT", root)),
      true,
      tap.out,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("names that are not valid UTF-8 are said to be so, in a walk and named", async () => {
  const root = await tree({ "app/workload.kat": workload("web") });
  // Bytes 0xff: not UTF-8; the runtime gives them as U+FFFD.
  const made = await new Deno.Command("python3", {
    args: [
      "-c",
      "import os, sys; r = os.fsencode(sys.argv[1]); " +
      "os.mkdir(r + b'/bad\\xff'); os.mkdir(r + b'/bad\\xff/q'); " +
      "open(r + b'/bad\\xff/q/w.kat', 'w').write(''); " +
      "open(r + b'/app/\\xfe.kat', 'w').write('')",
      root,
    ],
  }).output();
  assertEquals(made.success, true, new TextDecoder().decode(made.stderr));
  const run = async (...args: string[]) => {
    const r = await katcall(["validate", ...args]);
    return [r.code, ...r.out.replaceAll(root, "ROOT").split("\n")];
  };
  try {
    assertEquals(await run(root), [
      1,
      "ROOT/app/\uFFFD.kat:1:1: error: the name is not valid UTF-8; it cannot be read",
      "ROOT/bad\uFFFD:1:1: error: the name is not valid UTF-8; it cannot be read",
      "",
    ]);
    // Named as the runtime gives such a name (a shell's glob would).
    assertEquals(await run(`${root}/bad\uFFFD`, `${root}/bad\uFFFD/q/w.kat`), [
      1,
      "ROOT/bad\uFFFD:1:1: error: the name is not valid UTF-8; it cannot be read",
      "ROOT/bad\uFFFD/q/w.kat:1:1: error: the name is not valid UTF-8; it cannot be read",
      "",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a name that is not valid UTF-8 is never merged with the real name it shows as", async () => {
  const ns =
    "apiVersion: kat.dws.rip/v1alpha1\nkind: Namespace\nmetadata: {name: team}\n";
  // A real U+FFFD in a valid name, and byte 0xfe, which the runtime shows
  // as U+FFFD too.
  const root = await tree({ "v/n\uFFFD.kat": ns });
  const made = await new Deno.Command("bash", {
    args: [
      "-c",
      `printf 'kind: [broken\\n' > "$1/v/n"$'\\xfe'".kat"`,
      "-",
      root,
    ],
  }).output();
  assertEquals(made.success, true, new TextDecoder().decode(made.stderr));
  const bad =
    `ROOT/v/n\uFFFD.kat:1:1: error: the name is not valid UTF-8; it cannot be read`;
  try {
    for (const path of [`${root}/v`, `${root}/v/n\uFFFD.kat`]) {
      const text = await katcall(["validate", path]);
      assertEquals(
        [text.code, ...text.out.replaceAll(root, "ROOT").split("\n")],
        [1, bad, ""],
        path,
      );
      const tap = await katcall(["validate", "-f", "tap", path]);
      assertEquals(tap.code, 1);
      assertEquals(tap.out.replaceAll(root, "ROOT").split("\n").slice(0, 3), [
        "TAP version 13",
        "1..1",
        `not ok 1 - ${bad} [unreadable]`,
      ]);
    }
    // Alone, the valid name holding U+FFFD is read and valid.
    await Deno.remove(`${root}/v`, { recursive: true });
    await Deno.mkdir(`${root}/v`);
    await Deno.writeTextFile(`${root}/v/n\uFFFD.kat`, ns);
    assertEquals((await katcall(["validate", `${root}/v`])).code, 0);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a valid name holding U+FFFD that does not exist is just missing", async () => {
  const root = await tree({ "a/workload.kat": workload("web") });
  try {
    const r = await katcall([
      "validate",
      `${root}/missing\uFFFD.kat`,
      `${root}/gone\uFFFD/w.kat`,
    ]);
    assertEquals([r.code, ...r.out.replaceAll(root, "ROOT").split("\n")], [
      1,
      "ROOT/missing\uFFFD.kat:1:1: error: cannot read: no such file or directory",
      "ROOT/gone\uFFFD/w.kat:1:1: error: cannot read: no such file or directory",
      "",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a dangling symbolic link is said to be one, named, in a quadlet and packed", async () => {
  const root = await tree({ "app/workload.kat": workload("web") });
  await Deno.symlink("nowhere.kat", `${root}/app/extra.kat`);
  await Deno.symlink("gone", `${root}/lost`);
  try {
    const r = await katcall(["validate", `${root}/app`]);
    assertEquals([r.code, ...r.out.replaceAll(root, "ROOT").split("\n")], [
      1,
      'ROOT/app/extra.kat:1:1: error: a symbolic link to nothing ("nowhere.kat")',
      "",
    ]);
    const named = await katcall(["validate", `${root}/lost`]);
    assertEquals(
      named.out.replaceAll(root, "ROOT"),
      'ROOT/lost:1:1: error: a symbolic link to nothing ("gone")\n',
    );
    // pack: one diagnostic for a directory that cannot be read, of either kind.
    for (
      const [dir, said] of [["lost", 'a symbolic link to nothing ("gone")'], [
        "none",
        "cannot read: no such file or directory",
      ]]
    ) {
      const packed = await katcall(["pack", "-o", "-", `${root}/${dir}`]);
      assertEquals([packed.code, packed.err.replaceAll(root, "ROOT")], [
        1,
        `ROOT/${dir}:1:1: error: ${said}\n`,
      ]);
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
