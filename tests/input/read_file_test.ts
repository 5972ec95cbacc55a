import { assertEquals } from "../assert.ts";
import { readLocalFile, readLocalText } from "../../src/input/read_file.ts";
import { loadClusterConfiguration } from "../../src/cluster/cluster_config.ts";
import { tempDir } from "../helpers.ts";

async function mkfifo(path: string) {
  const out = await new Deno.Command("mkfifo", { args: [path] }).output();
  assertEquals(out.success, true);
}

/** A file of `size` bytes that takes no room: stat says its size, reading gives zeros. */
async function sparse(path: string, size: number) {
  const f = await Deno.open(path, { write: true, create: true });
  await f.truncate(size);
  f.close();
}

const why = (r: Awaited<ReturnType<typeof readLocalFile>>) =>
  r.ok ? `read ${r.bytes.length}` : `${r.reason}: ${r.message}`;

Deno.test("a regular file is read whole, up to the limit", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(`${dir}/a.kat`, "kind: Namespace\n");
  assertEquals(why(await readLocalFile(`${dir}/a.kat`)), "read 16");
  assertEquals(
    why(await readLocalFile(`${dir}/a.kat`, { maxBytes: 16 })),
    "read 16",
  );
  assertEquals(
    why(await readLocalFile(`${dir}/a.kat`, { maxBytes: 15 })),
    "too_large: the file is larger than 15 bytes, the limit for one file",
  );
});

Deno.test("a file of 8 GiB is read only up to the limit, and refused at once", async () => {
  const dir = await tempDir();
  await sparse(`${dir}/huge.kat`, 8 * 1024 ** 3);
  const t0 = performance.now();
  assertEquals(
    why(await readLocalFile(`${dir}/huge.kat`)),
    "too_large: the file is larger than 1 MiB, the limit for one file",
  );
  assertEquals(performance.now() - t0 < 2000, true);
});

Deno.test("devices, FIFOs and directories are refused from stat, never opened", async () => {
  const dir = await tempDir();
  await mkfifo(`${dir}/pipe.kat`);
  await Deno.symlink("/dev/zero", `${dir}/zero.kat`);
  // Opening a FIFO with no writer would block forever: this must return.
  assertEquals(
    why(await readLocalFile(`${dir}/pipe.kat`)),
    "special: a FIFO; only regular files are read",
  );
  assertEquals(
    why(await readLocalFile(`${dir}/zero.kat`)),
    "special: a character device; only regular files are read",
  );
  assertEquals(
    why(await readLocalFile(dir)),
    "directory: a directory, not a file",
  );
});

Deno.test("symbolic links are followed, but not out of `within`", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/q`);
  await Deno.writeTextFile(`${dir}/q/a.kat`, "a");
  await Deno.writeTextFile(`${dir}/outside.kat`, "secret");
  await Deno.symlink("a.kat", `${dir}/q/in.kat`);
  await Deno.symlink("../outside.kat", `${dir}/q/out.kat`);
  await Deno.symlink("gone.kat", `${dir}/q/dangling.kat`);
  const within = await Deno.realPath(`${dir}/q`);
  assertEquals(
    why(await readLocalFile(`${dir}/q/in.kat`, { within })),
    "read 1",
  );
  assertEquals(
    why(await readLocalFile(`${dir}/q/out.kat`, { within })),
    "outside: a symbolic link that leads out of the directory; it is not read",
  );
  assertEquals(why(await readLocalFile(`${dir}/q/out.kat`)), "read 6");
  const dangling = await readLocalFile(`${dir}/q/dangling.kat`, { within });
  assertEquals(
    [dangling.ok, !dangling.ok && dangling.reason],
    [false, "missing"],
  );
});

Deno.test("text: invalid UTF-8 is an encoding diagnostic, never U+FFFD", async () => {
  const dir = await tempDir();
  await Deno.writeFile(`${dir}/bad.kat`, new Uint8Array([0x61, 0xff, 0x0a]));
  await Deno.writeFile(
    `${dir}/bom.kat`,
    new Uint8Array([0xef, 0xbb, 0xbf, 0x61]),
  );
  const bad = await readLocalText(`${dir}/bad.kat`);
  assertEquals(
    bad.ok ? bad.text : [bad.diagnostic.code, bad.diagnostic.message],
    ["encoding", "the file is not valid UTF-8 text"],
  );
  const bom = await readLocalText(`${dir}/bom.kat`);
  assertEquals(bom.ok && bom.text, "a");
});

Deno.test("cluster.kat is read by the same reader: encoding, size, FIFO", async () => {
  const dir = await tempDir();
  await Deno.writeFile(`${dir}/latin1.kat`, new Uint8Array([0x6b, 0xe9, 0x0a]));
  await sparse(`${dir}/big.kat`, 2 * 1024 * 1024);
  await mkfifo(`${dir}/pipe.kat`);
  const codes = [];
  for (const f of ["latin1.kat", "big.kat", "pipe.kat"]) {
    const r = await loadClusterConfiguration(`${dir}/${f}`);
    codes.push([r.valid, r.diagnostics.map((d) => `${d.code}: ${d.message}`)]);
  }
  assertEquals(codes, [
    [false, ["encoding: the file is not valid UTF-8 text"]],
    [false, [
      "unreadable: the file is larger than 1 MiB, the limit for one file",
    ]],
    [false, ["unreadable: a FIFO; only regular files are read"]],
  ]);
});

Deno.test("a link to a directory is said to be one, wherever it leads", async () => {
  const dir = await tempDir();
  await Deno.mkdir(`${dir}/q`);
  await Deno.symlink(".", `${dir}/q/self.kat`);
  await Deno.symlink("..", `${dir}/q/up.kat`);
  const within = await Deno.realPath(`${dir}/q`);
  for (const name of ["self.kat", "up.kat"]) {
    assertEquals(
      why(await readLocalFile(`${dir}/q/${name}`, { within })),
      "directory: a symbolic link to a directory, not a file",
      name,
    );
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a name that is not valid UTF-8 is said to be that, not missing", async () => {
  const dir = await tempDir();
  // The runtime lists such a name with U+FFFD in place of the bad byte.
  const script = `touch "$(printf 'bad\\377.kat')"`;
  await new Deno.Command("sh", { args: ["-c", script], cwd: dir }).output();
  const [listed] = [...Deno.readDirSync(dir)].filter((e) =>
    e.name.startsWith("bad")
  );
  assertEquals(listed.name, "bad\uFFFD.kat");
  assertEquals(
    why(await readLocalFile(`${dir}/${listed.name}`)),
    "missing: the name is not valid UTF-8; it cannot be read",
  );
  // A missing file whose name is valid UTF-8 is just missing.
  assertEquals(
    why(await readLocalFile(`${dir}/gone.kat`)),
    "missing: cannot read: no such file or directory",
  );
  await Deno.remove(dir, { recursive: true });
});
