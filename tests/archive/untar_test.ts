import { assertEquals, assertRejects } from "../assert.ts";
import {
  ArchiveError,
  packQuadlets,
  untarQuadlets,
} from "../../src/archive/mod.ts";
import { gzip, type RawEntry, rawTar, streamOf } from "./tar_fixtures.ts";
import { REPO, tempDir, tempFile } from "../helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

async function untarRaw(entries: RawEntry[], limits = {}) {
  return untarQuadlets(streamOf(await gzip(rawTar(entries))), limits);
}

/** The ArchiveError of a rejected read, as [code, entry, message]. */
async function rejection(
  p: () => Promise<unknown>,
): Promise<[string, string | undefined, string]> {
  const e = await assertRejects(p, ArchiveError);
  return [e.reason, e.entry, e.message];
}

Deno.test("a plain archive reads into flat names and bytes", async () => {
  const files = await untarRaw([{ name: "workload.kat", body: "a" }, {
    name: "VirtualLoadBalancer.kat",
    body: "bc",
  }]);
  assertEquals([...files.entries()].map(([k, v]) => [k, dec(v)]), [[
    "workload.kat",
    "a",
  ], ["VirtualLoadBalancer.kat", "bc"]]);
});

Deno.test("path traversal and absolute paths are refused, naming the entry", async () => {
  assertEquals(
    await rejection(() => untarRaw([{ name: "../evil.kat", body: "x" }])),
    [
      "unsafe_path",
      "../evil.kat",
      `entry "../evil.kat" has a '..' segment and could leave the archive`,
    ],
  );
  assertEquals(
    await rejection(() =>
      untarRaw([{ name: "app/../../evil.kat", body: "x" }])
    ),
    [
      "unsafe_path",
      "app/../../evil.kat",
      `entry "app/../../evil.kat" has a '..' segment and could leave the archive`,
    ],
  );
  assertEquals(
    await rejection(() => untarRaw([{ name: "/etc/cron.d/evil", body: "x" }])),
    [
      "unsafe_path",
      "/etc/cron.d/evil",
      `entry "/etc/cron.d/evil" has an absolute path`,
    ],
  );
});

Deno.test("links, devices and FIFOs are refused, naming the entry and its type", async () => {
  const cases: [RawEntry, string][] = [
    [
      { name: "evil.kat", type: "2", linkname: "/etc/passwd" },
      "a symbolic link",
    ],
    [{ name: "hard.kat", type: "1", linkname: "workload.kat" }, "a hard link"],
    [{ name: "tty", type: "3" }, "a character device"],
    [{ name: "disk", type: "4" }, "a block device"],
    [{ name: "pipe", type: "6" }, "a FIFO"],
  ];
  for (const [entry, what] of cases) {
    assertEquals(
      await rejection(() =>
        untarRaw([{ name: "workload.kat", body: "x" }, entry])
      ),
      [
        "unsupported_entry",
        entry.name,
        `entry ${
          JSON.stringify(entry.name)
        } is ${what}; only regular files and directories are allowed`,
      ],
    );
  }
});

Deno.test("duplicate entries are refused, also after normalisation", async () => {
  assertEquals(
    await rejection(() =>
      untarRaw([{ name: "a.kat", body: "1" }, { name: "a.kat", body: "2" }])
    ),
    [
      "duplicate_entry",
      "a.kat",
      `entry "a.kat" appears more than once`,
    ],
  );
  assertEquals(
    (await rejection(() =>
      untarRaw([{ name: "a.kat", body: "1" }, { name: "./a.kat", body: "2" }])
    ))[0],
    "duplicate_entry",
  );
});

Deno.test("too many entries", async () => {
  const many = Array.from(
    { length: 257 },
    (_, i) => ({ name: `f${i}.kat`, body: "x" }),
  );
  assertEquals(await rejection(() => untarRaw(many)), [
    "too_many_entries",
    "f256.kat",
    "the archive has more than 256 entries",
  ]);
  assertEquals((await untarRaw(many.slice(0, 256))).size, 256);
  assertEquals(
    (await rejection(() => untarRaw(many.slice(0, 4), { maxEntries: 3 })))[0],
    "too_many_entries",
  );
});

Deno.test("one file too large, checked from its header", async () => {
  const big = new Uint8Array(1024 * 1024 + 1);
  assertEquals(
    await rejection(() => untarRaw([{ name: "big.kat", body: big }])),
    [
      "file_too_large",
      "big.kat",
      `entry "big.kat" has 1048577 bytes; at most 1 MiB are allowed per file`,
    ],
  );
  assertEquals(
    (await untarRaw([{ name: "ok.kat", body: big.subarray(1) }])).get("ok.kat")
      ?.length,
    1048576,
  );
  assertEquals(
    (await rejection(() =>
      untarRaw([{ name: "a.kat", body: "12345" }], { maxFileBytes: 4 })
    ))[0],
    "file_too_large",
  );
});

Deno.test("all files together too large", async () => {
  const mib = new Uint8Array(1024 * 1024);
  const nine = Array.from(
    { length: 9 },
    (_, i) => ({ name: `f${i}.kat`, body: mib }),
  );
  assertEquals(await rejection(() => untarRaw(nine)), [
    "total_too_large",
    "f8.kat",
    "the files of the archive add up to more than 8 MiB",
  ]);
  assertEquals((await untarRaw(nine.slice(0, 8))).size, 8);
});

Deno.test("a truncated archive is an error, never a partial result", async () => {
  const whole = await gzip(
    rawTar([{ name: "a.kat", body: "x".repeat(5000) }, {
      name: "b.kat",
      body: "y",
    }]),
  );
  for (const cut of [20, Math.floor(whole.length / 2), whole.length - 9]) {
    const [code] = await rejection(() =>
      untarQuadlets(streamOf(whole.subarray(0, cut)))
    );
    assertEquals([cut, code === "truncated" || code === "corrupt"], [
      cut,
      true,
    ]);
  }
  const tarCut = await gzip(
    rawTar([{ name: "a.kat", body: "x".repeat(5000) }]).subarray(0, 2048),
  );
  assertEquals(await rejection(() => untarQuadlets(streamOf(tarCut))), [
    "truncated",
    "a.kat",
    'the archive is truncated inside entry "a.kat"',
  ]);
});

Deno.test("a corrupt header checksum is an error", async () => {
  const tar = rawTar([{ name: "a.kat", body: "x" }]);
  tar[0] = "b".charCodeAt(0); // name changes, stored checksum does not
  assertEquals(
    await rejection(async () => untarQuadlets(streamOf(await gzip(tar)))),
    [
      "corrupt",
      undefined,
      "the archive is corrupt: the tar header at byte 0 of the tar data fails its checksum",
    ],
  );
});

Deno.test("what is not a gzip stream is named", async () => {
  const tar = rawTar([{ name: "a.kat", body: "x" }]);
  const cases: [Uint8Array, string][] = [
    [tar, "an uncompressed tar archive"],
    [enc("PK\x03\x04rest"), "a zip archive"],
    [enc("BZh91AY&SY"), "a bzip2 stream"],
    [new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1]), "an xz stream"],
    [new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1]), "a zstd stream"],
    [enc("apiVersion: kat.dws.rip/v1alpha1\n"), "a YAML file"],
    [enc("hello world"), "neither gzip nor tar data"],
  ];
  for (const [bytes, what] of cases) {
    assertEquals(await rejection(() => untarQuadlets(streamOf(bytes))), [
      "not_gzip",
      undefined,
      `not a gzip-compressed tar archive: the data looks like ${what}`,
    ]);
  }
  assertEquals(
    await rejection(() => untarQuadlets(streamOf(new Uint8Array()))),
    ["empty", undefined, "the archive is empty"],
  );
});

Deno.test("gzip of something that is not tar is corrupt", async () => {
  const [code] = await rejection(async () =>
    untarQuadlets(streamOf(await gzip(enc("just text, not tar"))))
  );
  assertEquals(code === "corrupt" || code === "truncated", true);
});

Deno.test("pax and GNU long names are read", async () => {
  const dir = await tempDir();
  const long = "a".repeat(150) + ".kat";
  await Deno.mkdir(`${dir}/q`);
  await Deno.writeTextFile(`${dir}/q/${long}`, "long");
  for (const format of ["pax", "gnu"]) {
    const out = `${dir}/${format}.tar.gz`;
    const tar = await new Deno.Command("tar", {
      args: [`--format=${format}`, "-czf", out, "-C", dir, "q"],
    }).output();
    assertEquals(tar.success, true);
    const files = await untarQuadlets((await Deno.open(out)).readable);
    assertEquals([format, [...files.keys()]], [format, [long]]);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("one top-level folder is dropped; other nesting is refused", async () => {
  const files = await untarRaw([{ name: "app/", type: "5" }, {
    name: "app/workload.kat",
    body: "w",
  }, { name: "./app/b.kat", body: "b" }]);
  assertEquals([...files.keys()].sort(), ["b.kat", "workload.kat"]);
  assertEquals(
    await rejection(() =>
      untarRaw([{ name: "a.kat", body: "1" }, { name: "sub/b.kat", body: "2" }])
    ),
    [
      "nested_path",
      "sub/b.kat",
      `entry "sub/b.kat" is nested; a quadlet is flat (one optional top-level folder is allowed)`,
    ],
  );
  assertEquals(
    (await rejection(() => untarRaw([{ name: "app/x/b.kat", body: "2" }])))[0],
    "nested_path",
  );
  assertEquals(
    (await rejection(() =>
      untarRaw([{ name: "app/a.kat", body: "1" }, {
        name: "other/b.kat",
        body: "2",
      }])
    ))[0],
    "nested_path",
  );
});

Deno.test("GNU tar output of an example quadlet reads back, folder dropped", async () => {
  const out = await tempFile(".tar.gz");
  const tar = await new Deno.Command("tar", {
    args: ["-czf", out, "-C", `${REPO}examples`, "web-service"],
  }).output();
  assertEquals(tar.success, true);
  const files = await untarQuadlets((await Deno.open(out)).readable);
  assertEquals([...files.keys()].sort(), [
    "VirtualLoadBalancer.kat",
    "workload.kat",
  ]);
  assertEquals(
    files.get("workload.kat"),
    await Deno.readFile(`${REPO}examples/web-service/workload.kat`),
  );
});

Deno.test("round trip: pack, then untar, gives the same files", async () => {
  const input = new Map([["workload.kat", enc("w")], [
    "b.kat",
    new Uint8Array(70000).fill(7),
  ], ["empty.kat", new Uint8Array()]]);
  const files = await untarQuadlets(streamOf(await packQuadlets(input)));
  assertEquals(new Map([...files].sort()), new Map([...input].sort()));
});

Deno.test("a corrupt header later in the archive is found by its offset", async () => {
  const tar = rawTar([{ name: "a.kat", body: "x".repeat(600) }, {
    name: "b.kat",
    body: "y",
  }]);
  tar[1536] ^= 1; // b.kat's header: 512 + 1024 (a.kat's body, padded)
  assertEquals(
    await rejection(async () => untarQuadlets(streamOf(await gzip(tar)))),
    [
      "corrupt",
      undefined,
      "the archive is corrupt: the tar header at byte 1536 of the tar data fails its checksum",
    ],
  );
});

Deno.test("names with escape sequences and newlines reach the text output escaped, one line each", async () => {
  const { memoryIo } = await import("../../src/cli/io.ts");
  const { runKatcall } = await import("../../src/cli/katcall.ts");
  const archive = await gzip(rawTar([
    { name: "\x1b[2J\x1b[31mforged\nok.kat", body: "kind: [" },
    { name: "note\u202e.txt", body: "x" },
  ]));
  const io = memoryIo({ stdin: archive });
  assertEquals(await runKatcall(["validate", "-"], io), 1);
  const lines = io.outText().trimEnd().split("\n");
  assertEquals(lines.length, 2, io.outText());
  assertEquals(io.outText().includes("\x1b"), false);
  assertEquals(io.outText().includes("\u202e"), false);
  assertEquals(
    lines[0].startsWith("<stdin>:\\u001b[2J\\u001b[31mforged\\nok.kat:1:"),
    true,
  );
  assertEquals(
    lines[1],
    "<stdin>:note\\u202e.txt:1:1: warning: not a .kat file; ignored",
  );
});

/** A GNU long name (L) entry for `name`. */
function longNameEntry(name: string): RawEntry {
  return { name: "././@LongLink", type: "L", body: `${name}\0`, gnu: true };
}

/** A pax extended header (x) whose one record is `path=name`. */
function paxPathEntry(name: string): RawEntry {
  const rest = ` path=${name}\n`;
  const length = rest.length + String(rest.length + 2).length;
  return { name: "PaxHeader/x", type: "x", body: `${length}${rest}` };
}

Deno.test("a NUL-typed header whose own name ends in / is refused when a long name or pax path replaces it", async () => {
  // Python's tarfile makes it a directory from its own name; GNU tar a file
  // of the replacing name.
  for (const own of ["./", "x/", "app/x//"]) {
    assertEquals(
      await rejection(() =>
        untarRaw([longNameEntry("notes.txt"), { name: own, type: "\0" }])
      ),
      [
        "invalid_header",
        "notes.txt",
        `entry "notes.txt" has typeflag NUL and a tar header whose own name "${own}" ends in "/", replaced by its GNU long name (L): GNU tar extracts it as a file, Python's tarfile as a directory`,
      ],
    );
  }
  assertEquals(
    await rejection(() =>
      untarRaw([paxPathEntry("a.kat"), {
        name: "x/",
        type: "\0",
        body: "kind: Namespace\n",
      }])
    ),
    [
      "invalid_header",
      "a.kat",
      `entry "a.kat" has typeflag NUL and a tar header whose own name "x/" ends in "/", replaced by its pax extended header (x): GNU tar extracts it as a file, Python's tarfile as a directory`,
    ],
  );
  // Typeflag 0 is a file for both tools, whatever its header's own name.
  const files = await untarRaw([longNameEntry("notes.txt"), {
    name: "x/",
    type: "0",
    body: "n",
  }]);
  assertEquals([...files.keys()], ["notes.txt"]);
});

Deno.test("katcall validate refuses such an archive instead of reporting it valid", async () => {
  const { memoryIo } = await import("../../src/cli/io.ts");
  const { runKatcall } = await import("../../src/cli/katcall.ts");
  const archive = await gzip(rawTar([
    { name: "workload.kat", body: "kind: Namespace\n" },
    longNameEntry("notes.txt"),
    { name: "./", type: "\0" },
  ]));
  const io = memoryIo({ stdin: archive });
  assertEquals(await runKatcall(["validate", "-"], io), 1);
  assertEquals(
    io.outText(),
    `<stdin>:1:1: error: entry "notes.txt" has typeflag NUL and a tar header whose own name "./" ends in "/", replaced by its GNU long name (L): GNU tar extracts it as a file, Python's tarfile as a directory\n`,
  );
});
