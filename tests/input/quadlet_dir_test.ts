import { assertEquals } from "../assert.ts";
import { readQuadletDirectory } from "../../src/input/quadlet_dir.ts";
import { memoryIo } from "../../src/cli/io.ts";
import { runKatcall } from "../../src/cli/katcall.ts";
import { REPO, tempDir } from "../helpers.ts";

async function sh(script: string, cwd: string) {
  const out = await new Deno.Command("sh", { args: ["-c", script], cwd })
    .output();
  assertEquals(out.success, true, new TextDecoder().decode(out.stderr));
}

/** Whether the tests run as root (only root can make a device node). */
const ROOT = new TextDecoder().decode(
  (await new Deno.Command("id", { args: ["-u"] }).output()).stdout,
).trim() === "0";

/**
 * A quadlet directory full of traps next to a valid workload: devices, FIFOs,
 * links out of the directory, huge and unreadable files, a subdirectory.
 */
async function trapped(): Promise<string> {
  const root = await tempDir("quadlet");
  const dir = `${root}/q`;
  await Deno.mkdir(dir);
  await Deno.copyFile(
    `${REPO}examples/web-service/workload.kat`,
    `${dir}/workload.kat`,
  );
  await Deno.writeTextFile(`${root}/secret.kat`, "kind: Namespace\n");
  await sh(
    [
      "ln -s /dev/zero zero.txt", // ignored: never opened
      "ln -s /dev/zero zero.kat", // leaves the directory
      "mkfifo pipe.txt", // ignored: never opened
      "mkfifo pipe.kat", // refused from stat
      // A device inside: refused from stat (making one needs root).
      ROOT ? "mknod null.kat c 1 3" : "ln -s /dev/null null.kat",
      "ln -s ../secret.kat out.kat", // leaves the directory
      "ln -s workload.kat same.kat", // a link inside: read
      "truncate -s 2M notes.txt", // ignored: never read
      "truncate -s 2M big.kat", // over the limit
      "touch locked.txt && chmod 000 locked.txt", // ignored: never opened
      "mkdir sub",
      "ln -s . self.kat", // a link to a directory: refused, as a directory
      "mkdir dir.kat", // a directory named like a file: refused
      "touch \"$(printf 'bad\\377.kat')\"", // a name that is not UTF-8
    ].join(" && "),
    dir,
  );
  return dir;
}

Deno.test("a quadlet directory: only .kat files are read, each bounded; nothing else is opened", async () => {
  const dir = await trapped();
  const t0 = performance.now();
  const { files, diagnostics } = await readQuadletDirectory(dir);
  assertEquals(performance.now() - t0 < 2000, true);
  assertEquals([...files.keys()], ["same.kat", "workload.kat"]);
  assertEquals(files.get("same.kat"), files.get("workload.kat"));
  assertEquals(
    diagnostics.map((d) =>
      `${d.severity} ${d.code} ${d.file.slice(dir.length + 1)}: ${d.message}`
    ),
    [
      "error unreadable bad\uFFFD.kat: the name is not valid UTF-8; it cannot be read",
      "error unreadable big.kat: the file is larger than 1 MiB, the limit for one file",
      "error unreadable dir.kat: a directory, not a file",
      "warning ignored locked.txt: not a .kat file; ignored",
      "warning ignored notes.txt: not a .kat file; ignored",
      ROOT
        ? "error unreadable null.kat: a character device; only regular files are read"
        : "error unreadable null.kat: a symbolic link that leads out of the directory; it is not read",
      "error unreadable out.kat: a symbolic link that leads out of the directory; it is not read",
      "error unreadable pipe.kat: a FIFO; only regular files are read",
      "warning ignored pipe.txt: not a .kat file; ignored",
      "error unreadable self.kat: a symbolic link to a directory, not a file",
      "warning ignored sub: a quadlet is one flat directory; subdirectory ignored",
      "error unreadable zero.kat: a symbolic link that leads out of the directory; it is not read",
      "warning ignored zero.txt: not a .kat file; ignored",
    ],
  );
});

Deno.test("validate and pack of such a directory end, with an error per refused .kat file", async () => {
  const dir = await trapped();
  for (const args of [["validate", dir], ["pack", "-o", "-", dir]]) {
    const io = memoryIo();
    const code = await runKatcall(args, io);
    const text = args[0] === "validate" ? io.outText() : io.errText();
    assertEquals(code, 1, args[0]);
    assertEquals(
      text.split("\n").filter((l) => l.includes(": error: ")).map((l) =>
        l.slice(dir.length + 1).split(":")[0]
      ).sort(),
      // workload.kat: a second Workload, read through same.kat.
      [
        "bad\uFFFD.kat",
        "big.kat",
        "dir.kat",
        "null.kat",
        "out.kat",
        "pipe.kat",
        "self.kat",
        "workload.kat",
        "zero.kat",
      ],
      args[0],
    );
  }
});

Deno.test("pack -o refuses to overwrite a file it packs, by any name", async () => {
  const root = await tempDir("quadlet");
  const dir = `${root}/q`;
  await Deno.mkdir(dir);
  for (const f of ["workload.kat", "VirtualLoadBalancer.kat"]) {
    await Deno.copyFile(`${REPO}examples/web-service/${f}`, `${dir}/${f}`);
  }
  await Deno.symlink(`${dir}/workload.kat`, `${root}/alias.tar.gz`);
  const before = await Deno.readFile(`${dir}/workload.kat`);
  for (const out of [`${dir}/workload.kat`, `${root}/alias.tar.gz`]) {
    const io = memoryIo();
    assertEquals(await runKatcall(["pack", "-o", out, dir], io), 2);
    assertEquals(
      io.errText().trim().split("\n")[0],
      `katcall: --output "${out}" is "workload.kat", one of the files being packed`,
    );
  }
  assertEquals(await Deno.readFile(`${dir}/workload.kat`), before);
  // Into the directory, under a name it does not pack: allowed.
  const io = memoryIo();
  assertEquals(await runKatcall(["pack", "-o", `${dir}/q.tar.gz`, dir], io), 0);
});

Deno.test("validate: an archive path that is a FIFO is refused, not waited on", async () => {
  const dir = await tempDir();
  await sh("mkfifo app.tar.gz", dir);
  const io = memoryIo();
  assertEquals(await runKatcall(["validate", `${dir}/app.tar.gz`], io), 1);
  assertEquals(
    io.outText(),
    `${dir}/app.tar.gz:1:1: error: not a regular file; an archive is read from a file or from standard input (-)\n`,
  );
});
