/**
 * Hand-made hostile archives, one or more for every class of disagreement
 * between a naive reader and GNU tar or Python's `tarfile`, and archives real
 * tools write. Each says what our reader must do with it: accept it (with
 * exactly these paths) or refuse it (with this code). The differential test
 * also checks each one against both references.
 *
 * @module
 */
import type { ArchiveErrorCode } from "../../../src/archive/archive_error.ts";
import { requirePython } from "./reference.ts";
import {
  base256,
  bytes,
  concat,
  END,
  gzip,
  gzipMember,
  gzipSplit,
  longName,
  type Member,
  member,
  pax,
  paxData,
  paxRecord,
  setChecksum,
  tar,
} from "./build.ts";

/** One hand-made archive and what must become of it. */
export interface Case {
  /** What it tries. */
  name: string;
  /** The class of attack or format it belongs to. */
  group: string;
  /** The gzip-compressed archive. */
  make: () => Promise<Uint8Array>;
  /** The paths we must read, or the code we must refuse with. */
  expect: string[] | ArchiveErrorCode;
}

const BODY = "kind: Namespace\n";
const file = (name: string | Uint8Array, extra: Member = {}): Member => ({
  name,
  body: BODY,
  ...extra,
});
const gz = (members: Member[], end?: Uint8Array) => () =>
  gzip(tar(members, end));

const cases: Case[] = [];
function add(
  group: string,
  name: string,
  make: () => Promise<Uint8Array>,
  expect: Case["expect"],
) {
  cases.push({ group, name, make, expect });
}

// --- Metadata headers not followed by the entry they describe -------------
{
  const g = "metadata order";
  const evil = pax([["path", "../../x.kat"]]);
  add(
    g,
    "x (path=../../x.kat) then g",
    gz([evil, pax([["comment", "c"]], "g"), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "x (path=../../x.kat) then L",
    gz([evil, longName("b.kat"), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "x then x",
    gz([pax([["path", "evil.kat"]]), pax([["comment", "c"]]), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "L then x",
    gz([longName("evil.kat"), pax([["path", "b.kat"]]), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "L then L",
    gz([longName("evil.kat"), longName("b.kat"), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "L then g",
    gz([longName("evil.kat"), pax([["comment", "c"]], "g"), file("a.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "x at the end of the archive",
    gz([file("a.kat"), pax([["path", "b.kat"]])]),
    "misplaced_metadata",
  );
  add(
    g,
    "L at the end of the archive",
    gz([file("a.kat"), longName("b.kat")]),
    "misplaced_metadata",
  );
  add(
    g,
    "g at the end of the archive",
    gz([file("a.kat"), pax([["comment", "c"]], "g")]),
    "misplaced_metadata",
  );
  add(
    g,
    "Solaris X header with a path",
    gz([pax([["path", "evil.kat"]], "X"), file("a.kat")]),
    "unsupported_entry",
  );
  add(
    g,
    "GNU K long link name",
    gz([{ name: "././@LongLink", type: "K", body: "target\0" }, file("a.kat")]),
    "unsupported_entry",
  );
  add(
    g,
    "g with a path",
    gz([pax([["path", "evil.kat"]], "g"), file("a.kat")]),
    "unsupported_pax",
  );
  add(
    g,
    "g with a size",
    gz([pax([["size", "3"]], "g"), file("a.kat")]),
    "unsupported_pax",
  );
  add(
    g,
    "g then x then file (allowed)",
    gz([pax([["comment", "c"]], "g"), pax([["path", "b.kat"]]), file("a.kat")]),
    ["b.kat"],
  );
  add(
    g,
    "g then L then file (allowed)",
    gz([pax([["comment", "c"]], "g"), longName("b.kat"), file("a.kat")]),
    ["b.kat"],
  );
  add(
    g,
    "x with a path applies to the next entry only",
    gz([pax([["path", "b.kat"]]), file("a.kat"), file("c.kat")]),
    ["b.kat", "c.kat"],
  );
  add(
    g,
    "L names the next entry",
    gz([longName("l".repeat(150) + ".kat"), file("a.kat")]),
    ["l".repeat(150) + ".kat"],
  );
  add(
    g,
    "empty x header (allowed)",
    gz([pax(new Uint8Array()), file("a.kat")]),
    ["a.kat"],
  );
  add(
    g,
    "L of size 0",
    gz([
      { name: "././@LongLink", type: "L", magic: "gnu", body: "" },
      file("a.kat"),
    ]),
    "invalid_header",
  );
  add(
    g,
    "L without a NUL",
    gz([
      { name: "././@LongLink", type: "L", magic: "gnu", body: "b.kat" },
      file("a.kat"),
    ]),
    "invalid_header",
  );
  add(
    g,
    "L with bytes after its NUL",
    gz([{
      name: "././@LongLink",
      type: "L",
      magic: "gnu",
      body: "b.kat\0x.kat\0",
    }, file("a.kat")]),
    "invalid_header",
  );
}

// --- Malformed pax records ------------------------------------------------
{
  const g = "pax records";
  const x = (data: Uint8Array) => gz([pax(data), file("a.kat")]);
  add(
    g,
    "record length one too short",
    x(paxRecord("path", "evil.kat", 16)),
    "invalid_pax",
  );
  add(
    g,
    "record length one too long",
    x(paxRecord("path", "evil.kat", 18)),
    "invalid_pax",
  );
  add(
    g,
    "record length that swallows the next record",
    x(concat(paxRecord("path", "b.kat", 16 + 12), paxRecord("size", "3"))),
    "invalid_pax",
  );
  add(g, "record without newline", x(bytes("16 path=evil.kat")), "invalid_pax");
  add(g, "record without '='", x(bytes("15 pathevil.kat\n")), "invalid_pax");
  add(
    g,
    "record with two spaces after the length",
    x(bytes("18  path=evil.kat\n")),
    "invalid_pax",
  );
  add(
    g,
    "record with a space before the length",
    x(bytes(" 17 path=evil.kat\n")),
    "invalid_pax",
  );
  add(g, "record length 0", x(bytes("0 path=evil.kat\n")), "invalid_pax");
  add(
    g,
    "record length with a plus sign",
    x(bytes("+17 path=evil.kat\n")),
    "invalid_pax",
  );
  add(
    g,
    "NUL padding after the records",
    x(concat(paxRecord("path", "b.kat"), new Uint8Array(20))),
    "invalid_pax",
  );
  add(
    g,
    "garbage after the records",
    x(concat(paxRecord("path", "b.kat"), bytes("junk"))),
    "invalid_pax",
  );
  for (
    const size of [
      "abc",
      "+0",
      "-1",
      " 12",
      "12 ",
      "1e3",
      "0x10",
      "",
      "1.0",
      "１２",
    ]
  ) {
    add(
      g,
      `size=${JSON.stringify(size)}`,
      x(paxData([["size", size]])),
      "invalid_pax",
    );
  }
  for (
    const [k, v] of [
      ["mtime", "abc"],
      ["mtime", "1e5"],
      ["uid", "-1"],
      ["gid", "1.5"],
      ["uid", "99999999999"],
      ["atime", "+1"],
    ]
  ) {
    add(g, `${k}=${v}`, x(paxData([[k, v]])), "invalid_pax");
  }
  add(
    g,
    "duplicate path records",
    x(paxData([["path", "b.kat"], ["path", "c.kat"]])),
    "invalid_pax",
  );
  add(
    g,
    "path that is not UTF-8",
    x(paxData([["path", new Uint8Array([0x62, 0xff, 0x2e, 0x6b])]])),
    "invalid_pax",
  );
  add(
    g,
    "path with NUL",
    x(paxData([["path", "b.kat\0evil.kat"]])),
    "invalid_pax",
  );
  add(g, "empty path", x(paxData([["path", ""]])), "invalid_pax");
  add(
    g,
    "keyword with a space",
    x(paxData([[" path", "evil.kat"]])),
    "invalid_pax",
  );
  add(
    g,
    "hdrcharset=BINARY and a non-UTF-8 path",
    x(paxData([["hdrcharset", "BINARY"], [
      "path",
      new Uint8Array([0xe9, 0x2e, 0x6b, 0x61, 0x74]),
    ]])),
    "invalid_pax",
  );
  add(
    g,
    "GNU sparse map",
    x(paxData([["GNU.sparse.map", "0,3"], ["GNU.sparse.realsize", "3"]])),
    "unsupported_pax",
  );
  add(
    g,
    "GNU sparse name",
    x(paxData([["GNU.sparse.name", "evil.kat"]])),
    "unsupported_pax",
  );
  add(
    g,
    "GNU sparse 1.0 marker",
    x(paxData([["GNU.sparse.major", "1"], ["GNU.sparse.minor", "0"]])),
    "unsupported_pax",
  );
  add(
    g,
    "linkpath on a regular file",
    x(paxData([["linkpath", "/etc/passwd"]])),
    "unsupported_pax",
  );
  add(
    g,
    "size override moves the next header",
    gz([
      pax([["size", "3"]]),
      { name: "a.kat", size: 0, body: "abc" },
      file("b.kat"),
    ]),
    ["a.kat", "b.kat"],
  );
  add(
    g,
    "size override uncovers a header in a body",
    gz([
      pax([["size", "0"]]),
      { name: "a.kat", body: member(file("evil.kat")) },
      file("b.kat"),
    ]),
    ["a.kat", "b.kat", "evil.kat"],
  );
  add(
    g,
    "ignored keywords (owner names, xattrs, times)",
    x(paxData([
      ["mtime", "1700000000.123456789"],
      ["atime", "-1.5"],
      ["uname", "root"],
      ["SCHILY.xattr.user.x", "1"],
      ["LIBARCHIVE.creationtime", "1"],
      ["uid", "4294967295"],
      ["comment", "a=b"],
    ])),
    ["a.kat"],
  );
  add(
    g,
    "many keys in one header",
    x(concat(
      ...Array.from({ length: 5000 }, (_, i) => paxRecord(`k${i}`, "v")),
    )),
    ["a.kat"],
  );
}

// --- Names -----------------------------------------------------------------
{
  const g = "names";
  add(g, "regular file ending in /", gz([file("a.kat/")]), "invalid_path");
  add(
    g,
    "NUL-type file ending in / (V7 directory)",
    gz([file("a.kat/", { type: "\0" })]),
    "invalid_path",
  );
  add(
    g,
    "regular file ending in / via pax",
    gz([pax([["path", "a.kat/"]]), file("x")]),
    "invalid_path",
  );
  add(
    g,
    "regular file ending in / via L",
    gz([longName("a.kat/"), file("x")]),
    "invalid_path",
  );
  add(g, "regular file ending in /.", gz([file("a.kat/.")]), "invalid_path");
  add(g, "regular file named .", gz([file(".")]), "invalid_path");
  add(g, "empty name", gz([file("")]), "invalid_path");
  add(g, "../ in the name", gz([file("../x.kat")]), "unsafe_path");
  add(g, "../ deeper", gz([file("app/../../x.kat")]), "unsafe_path");
  add(
    g,
    "a/../b (stays inside, still refused)",
    gz([file("app/../b.kat")]),
    "unsafe_path",
  );
  add(
    g,
    "../ via pax",
    gz([pax([["path", "../../x.kat"]]), file("a.kat")]),
    "unsafe_path",
  );
  add(g, "absolute path", gz([file("/etc/x.kat")]), "unsafe_path");
  add(g, "absolute path //", gz([file("//x.kat")]), "unsafe_path");
  add(
    g,
    "a 256-byte segment",
    gz([pax([["path", "a".repeat(252) + ".kat"]]), file("x")]),
    "invalid_path",
  );
  add(
    g,
    "a 255-byte segment (allowed)",
    gz([pax([["path", "a".repeat(251) + ".kat"]]), file("x")]),
    ["a".repeat(251) + ".kat"],
  );
  add(
    g,
    "a 4,097-byte path",
    gz([
      pax([[
        "path",
        ("d".repeat(200) + "/").repeat(20) + "a".repeat(92) + ".kat",
      ]]),
      file("x"),
    ]),
    "invalid_path",
  );
  add(
    g,
    "prefix field in a GNU header",
    gz([file("a.kat", { magic: "gnu", prefix: "evil" })]),
    "invalid_header",
  );
  add(
    g,
    "prefix field in a V7 header",
    gz([file("a.kat", { magic: "v7", prefix: "evil" })]),
    "invalid_header",
  );
  add(
    g,
    "prefix field in a POSIX header (allowed)",
    gz([file("a.kat", { prefix: "app" })]),
    ["app/a.kat"],
  );
  add(g, "V7 header (allowed)", gz([file("a.kat", { magic: "v7" })]), [
    "a.kat",
  ]);
  add(
    g,
    "name that is not UTF-8",
    gz([file(new Uint8Array([0x61, 0xff, 0x2e, 0x6b, 0x61, 0x74]))]),
    "invalid_path",
  );
  add(
    g,
    "name with ESC and a newline (allowed; output escapes it)",
    gz([file("a\x1b[31m\nb.kat")]),
    ["a\x1b[31m\nb.kat"],
  );
  add(
    g,
    "same name twice",
    gz([file("a.kat"), file("a.kat")]),
    "duplicate_entry",
  );
  add(
    g,
    "same name after ./",
    gz([file("a.kat"), file("./a.kat")]),
    "duplicate_entry",
  );
  add(
    g,
    "file and directory of one name",
    gz([file("a.kat"), { name: "a.kat/", type: "5" }]),
    "duplicate_entry",
  );
  add(
    g,
    "a file used as a directory",
    gz([file("app"), file("app/a.kat")]),
    "duplicate_entry",
  );
  add(
    g,
    "a directory named after an entry's parent (allowed)",
    gz([file("app/a.kat"), { name: "app/", type: "5" }]),
    ["app/a.kat"],
  );
  add(
    g,
    "a directory with contents",
    gz([{ name: "app/", type: "5", body: "xyz" }, file("app/a.kat")]),
    "invalid_header",
  );
  add(
    g,
    "./ root entry (allowed)",
    gz([{ name: "./", type: "5" }, file("./a.kat")]),
    ["a.kat"],
  );
}

// --- A name replaced after a tool decided on the header's own name ---------
// Python's tarfile makes a NUL-typed entry whose name field ends in "/" a
// directory, then applies the GNU long name or pax path; GNU tar decides on
// the name it ends up with. Its pax `path` loses trailing slashes, GNU tar's
// keeps them.
{
  const g = "replaced names";
  const v7Dir = (name: string, extra: Member = {}): Member => ({
    name,
    type: "\0",
    body: "",
    ...extra,
  });
  const replacements: [string, (n: string) => Member][] = [
    ["L", (n) => longName(n)],
    ["pax path", (n) => pax([["path", n]])],
  ];
  for (const [how, named] of replacements) {
    add(
      g,
      `${how} over a NUL-type header named ./ (empty)`,
      gz([named("a.txt"), v7Dir("./")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type header named x/ (empty)`,
      gz([named("a.txt"), v7Dir("x/")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type header named x/ (with contents)`,
      gz([named("a.txt"), v7Dir("x/", { body: BODY }), file("b.kat")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type header named x// (a .kat)`,
      gz([named("a.kat"), v7Dir("x//")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type header whose full name field ends in /`,
      gz([named("a.txt"), v7Dir("d".repeat(99) + "/")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type POSIX header with prefix and name x/`,
      gz([named("a.txt"), v7Dir("x/", { prefix: "app" })]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type GNU header named x/`,
      gz([named("a.txt"), v7Dir("x/", { magic: "gnu" })]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type V7 header named x/`,
      gz([named("a.txt"), v7Dir("x/", { magic: "v7" })]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a NUL-type header named x/, then a file`,
      gz([named("a.kat"), v7Dir("x/"), file("b.kat")]),
      "invalid_header",
    );
    add(
      g,
      `${how} over a typeflag 0 header named x/ (allowed: a file for both)`,
      gz([named("a.txt"), file("x/")]),
      ["a.txt"],
    );
    add(
      g,
      `${how} over a typeflag 7 header named x/ (allowed: a file for both)`,
      gz([named("a.txt"), file("x/", { type: "7" })]),
      ["a.txt"],
    );
    add(
      g,
      `${how} over a NUL-type header with prefix x/ and an empty name (allowed)`,
      gz([named("a.txt"), file("", { type: "\0", prefix: "x/" })]),
      ["a.txt"],
    );
    add(
      g,
      `${how} over a NUL-type header named x/. (allowed: a file for both)`,
      gz([named("a.txt"), file("x/.", { type: "\0" })]),
      ["a.txt"],
    );
    add(
      g,
      `${how} ending in / over a NUL-type header named x`,
      gz([named("a.txt/"), v7Dir("x")]),
      "invalid_path",
    );
    add(
      g,
      `${how} ending in / over a typeflag 7 header`,
      gz([named("a.txt/"), file("x", { type: "7" })]),
      "invalid_path",
    );
    add(
      g,
      `${how} over a directory named x/ (allowed)`,
      gz([named("app"), { name: "x/", type: "5" }, file("app/a.kat")]),
      ["app/a.kat"],
    );
    add(
      g,
      `${how} ending in / over a directory named x (allowed)`,
      gz([named("app/"), { name: "x", type: "5" }, file("app/a.kat")]),
      ["app/a.kat"],
    );
  }
  add(
    g,
    "pax size over a NUL-type header named x/",
    gz([pax([["size", "16"]]), v7Dir("x/", { size: 0, body: BODY })]),
    "invalid_path",
  );
  add(
    g,
    "pax path and size over a NUL-type header named x/",
    gz([
      pax([["path", "a.txt"], ["size", "0"]]),
      v7Dir("x/", { body: BODY }),
      file("b.kat"),
    ]),
    "invalid_header",
  );
}

// --- Entry types -------------------------------------------------------------
{
  const g = "types";
  for (
    const [t, code] of Object.entries({
      "1": "hard link",
      "2": "symbolic link",
      "3": "character device",
      "4": "block device",
      "6": "FIFO",
      S: "GNU sparse",
      M: "multi-volume",
      V: "volume label",
      D: "dumpdir",
      N: "old long names",
      A: "unknown",
      Z: "unknown",
      a: "unknown",
      "8": "unknown",
    })
  ) {
    add(
      g,
      `typeflag ${t} (${code})`,
      gz([
        file("a.kat", {
          type: t,
          linkname: t === "1" || t === "2" ? "b.kat" : "",
        }),
      ]),
      "unsupported_entry",
    );
  }
  add(
    g,
    "typeflag 7 (contiguous file, allowed)",
    gz([file("a.kat", { type: "7" })]),
    ["a.kat"],
  );
  add(g, "typeflag NUL (allowed)", gz([file("a.kat", { type: "\0" })]), [
    "a.kat",
  ]);
}

// --- Numeric fields and checksums --------------------------------------------
{
  const g = "numbers";
  add(
    g,
    "base-256 size (allowed)",
    gz([file("a.kat", { size: base256(16n, 12) })]),
    ["a.kat"],
  );
  add(
    g,
    "negative base-256 mtime, pre-1970 (allowed)",
    gz([file("a.kat", { mtime: base256(-86400n * 365n, 12), magic: "gnu" })]),
    ["a.kat"],
  );
  add(
    g,
    "negative base-256 size",
    gz([file("a.kat", { size: base256(-1n, 12) })]),
    "invalid_header",
  );
  add(
    g,
    "base-256 uid over 32 bits",
    gz([file("a.kat", { uid: base256(1n << 40n, 8) })]),
    "invalid_header",
  );
  add(
    g,
    "size with a leading NUL",
    gz([file("a.kat", { size: "\x0000000000020" })]),
    "invalid_header",
  );
  add(
    g,
    "size with a plus sign",
    gz([file("a.kat", { size: "+0000000020\0" })]),
    "invalid_header",
  );
  add(
    g,
    "size with text after its NUL",
    gz([file("a.kat", { size: "0000020\0abc" })]),
    "invalid_header",
  );
  add(
    g,
    "size of blanks only",
    gz([file("a.kat", { size: "            " })]),
    "invalid_header",
  );
  add(
    g,
    "size with leading spaces (allowed)",
    gz([file("a.kat", { size: "         20 " })]),
    ["a.kat"],
  );
  add(
    g,
    "size of 12 digits, no terminator (allowed)",
    gz([file("a.kat", { size: "000000000020" })]),
    ["a.kat"],
  );
  add(
    g,
    "size with a digit after a space",
    gz([file("a.kat", { size: "20 1\0" })]),
    "invalid_header",
  );
  add(
    g,
    "size 8 or 9 digit",
    gz([file("a.kat", { size: "00000000080\0" })]),
    "invalid_header",
  );
  add(
    g,
    "mode with a letter",
    gz([file("a.kat", { mode: "00006x4\0" })]),
    "invalid_header",
  );
  add(
    g,
    "mtime with a letter",
    gz([file("a.kat", { mtime: "0000000000z\0" })]),
    "invalid_header",
  );
  add(
    g,
    "devmajor garbage on a file",
    gz([file("a.kat", { devmajor: "garbage" })]),
    "invalid_header",
  );
  add(
    g,
    "signed checksum (allowed)",
    gz([file("\xe9t\xe9.kat", { checksum: "signed" })]),
    ["\xe9t\xe9.kat"],
  );
  add(g, "base-256 checksum", async () => {
    const t = tar([file("a.kat")]);
    let sum = 0;
    t.fill(0x20, 148, 156);
    for (let i = 0; i < 512; i++) sum += t[i];
    t.set(base256(BigInt(sum), 8), 148);
    return await gzip(t);
  }, "corrupt");
  add(g, "checksum with a leading NUL", async () => {
    const t = tar([file("a.kat")]);
    const good = new TextDecoder().decode(t.subarray(148, 154));
    t.set(bytes("\0" + good), 148);
    return await gzip(t);
  }, "corrupt");
  add(
    g,
    "checksum that does not match",
    gz([file("a.kat", { checksum: 1234 })]),
    "corrupt",
  );
  add(
    g,
    "bad checksum in a later header",
    gz([file("a.kat"), file("b.kat", { checksum: 1234 })]),
    "corrupt",
  );
}

// --- End of archive ----------------------------------------------------------
{
  const g = "end of archive";
  add(
    g,
    "no end-of-archive blocks",
    gz([file("a.kat")], new Uint8Array()),
    "truncated",
  );
  add(
    g,
    "one zero block",
    gz([file("a.kat")], new Uint8Array(512)),
    "truncated",
  );
  add(
    g,
    "a lone zero block, then an entry",
    gz(
      [file("a.kat")],
      concat(new Uint8Array(512), member(file("b.kat")), END),
    ),
    "trailing_data",
  );
  add(
    g,
    "garbage after the end",
    gz([file("a.kat")], concat(END, bytes("garbage"))),
    "trailing_data",
  );
  add(
    g,
    "another archive after the end",
    gz([file("a.kat")], concat(END, tar([file("b.kat")]))),
    "trailing_data",
  );
  add(
    g,
    "padded to a 10 KiB record (allowed)",
    gz([file("a.kat")], new Uint8Array(10240 - 1024)),
    ["a.kat"],
  );
  add(
    g,
    "body cut short",
    () =>
      gzip(tar([file("a.kat", { body: "x".repeat(2000) })]).subarray(0, 1024)),
    "truncated",
  );
  add(
    g,
    "header cut short",
    () => gzip(tar([file("a.kat")]).subarray(0, 300)),
    "truncated",
  );
}

// --- gzip framing ------------------------------------------------------------
{
  const g = "gzip";
  const t = tar([file("a.kat", { body: "x".repeat(3000) }), file("b.kat")]);
  add(
    g,
    "two members, split inside a body (cat a.gz b.gz)",
    () => gzipSplit(t, [1500]),
    ["a.kat", "b.kat"],
  );
  add(g, "members split inside a header", () => gzipSplit(t, [100, 3700]), [
    "a.kat",
    "b.kat",
  ]);
  add(
    g,
    "a member per 512 bytes (bgzip-like)",
    () => gzipSplit(t, Array.from({ length: 20 }, (_, i) => i * 512)),
    ["a.kat", "b.kat"],
  );
  add(
    g,
    "empty members in between",
    async () =>
      concat(
        await gzipMember(new Uint8Array()),
        await gzip(t),
        await gzipMember(new Uint8Array()),
      ),
    ["a.kat", "b.kat"],
  );
  for (const n of [1, 7, 512, 10000]) {
    add(
      g,
      `${n} zero bytes of padding`,
      async () => concat(await gzip(t), new Uint8Array(n)),
      ["a.kat", "b.kat"],
    );
  }
  add(
    g,
    "garbage after the member",
    async () => concat(await gzip(t), bytes("garbage")),
    "trailing_data",
  );
  add(
    g,
    "zeros, then another member",
    async () =>
      concat(
        await gzip(t.subarray(0, 1024)),
        new Uint8Array(8),
        await gzip(t.subarray(1024)),
      ),
    "trailing_data",
  );
  add(
    g,
    "one garbage byte after the member",
    async () => concat(await gzip(t), new Uint8Array([1])),
    "trailing_data",
  );
  add(g, "bad CRC", () => gzipMember(t, { crc: 1 }), "corrupt");
  add(
    g,
    "bad size in the trailer",
    () => gzipMember(t, { isize: 1 }),
    "truncated",
  );
  add(
    g,
    "bad CRC in a first member followed by another",
    async () =>
      concat(
        await gzipMember(t.subarray(0, 1024), { crc: 1 }),
        await gzip(t.subarray(1024)),
      ),
    "corrupt",
  );
  add(
    g,
    "file name, comment and extra field (allowed)",
    () =>
      gzipMember(t, {
        name: "a.tar",
        comment: "hi",
        extra: bytes("AB\x02\x00xy"),
      }),
    ["a.kat", "b.kat"],
  );
  add(
    g,
    "bgzip framing: BC extra field per member and an empty EOF member (allowed)",
    async () => {
      const members: Uint8Array[] = [];
      for (let at = 0; at < t.length; at += 1024) {
        const piece = t.subarray(at, at + 1024);
        const m = await gzipMember(piece, {
          extra: bytes("BC\x02\x00\x00\x00"),
        });
        // BSIZE: the member's size minus one, little-endian, as bgzip writes it.
        m[16] = (m.length - 1) & 0xff;
        m[17] = (m.length - 1) >> 8;
        members.push(m);
      }
      const eof = await gzipMember(new Uint8Array(), {
        extra: bytes("BC\x02\x00\x1b\x00"),
      });
      return concat(...members, eof);
    },
    ["a.kat", "b.kat"],
  );
  add(g, "header CRC (allowed)", () => gzipMember(t, { headerCrc: true }), [
    "a.kat",
    "b.kat",
  ]);
  add(
    g,
    "wrong header CRC",
    () => gzipMember(t, { headerCrc: "bad" }),
    "corrupt",
  );
  add(
    g,
    "reserved flag bits",
    () => gzipMember(t, { flagBits: 0x20 }),
    "corrupt",
  );
  add(
    g,
    "truncated trailer",
    async () => (await gzip(t)).slice(0, -3),
    "truncated",
  );
  add(
    g,
    "gzip of text",
    () => gzip(bytes("just text, not a tar archive\n".repeat(40))),
    "corrupt",
  );
}

// --- Resources -----------------------------------------------------------------
{
  const g = "resources";
  add(
    g,
    "pax header claiming 100 MiB",
    () =>
      gzip(
        concat(
          member({ name: "x", type: "x", size: 100 * 1024 * 1024 }),
          new Uint8Array(2048),
        ),
      ),
    "metadata_too_large",
  );
  add(
    g,
    "8 MiB GNU long name",
    () =>
      gzip(
        concat(
          member(longName("n".repeat(8 * 1024 * 1024))),
          member(file("a.kat")),
          END,
        ),
      ),
    "metadata_too_large",
  );
  add(
    g,
    "64 KiB pax header (allowed)",
    () =>
      gzip(tar([pax(paxRecord("comment", "x".repeat(65521))), file("a.kat")])),
    ["a.kat"],
  );
  add(
    g,
    "64 KiB + 1 pax header",
    () =>
      gzip(tar([pax(paxRecord("comment", "x".repeat(65522))), file("a.kat")])),
    "metadata_too_large",
  );
  add(g, "100,000 empty gzip members", async () => {
    const one = await gzipMember(new Uint8Array());
    return concat(
      await gzip(tar([file("a.kat")])),
      ...Array.from({ length: 100000 }, () => one),
    );
  }, "compressed_too_large");
  add(
    g,
    "global headers until the budget",
    () =>
      gzip(concat(
        ...Array.from(
          { length: 200 },
          () => member(pax([["comment", "c".repeat(60000)]], "g")),
        ),
        tar([file("a.kat")]),
      )),
    "total_too_large",
  );
}

/** Every hand-made case. */
export const HOSTILE: readonly Case[] = cases;

/** Archives written by GNU tar and Python from a small tree, in every format. */
export async function realArchives(): Promise<
  { name: string; archive: Uint8Array; expect: string[] }[]
> {
  const python = await requirePython();
  const dir = await Deno.makeTempDir({ prefix: "kd-real" });
  const long = "l".repeat(120) + ".kat";
  await Deno.mkdir(`${dir}/app`);
  for (const f of ["workload.kat", long, "caf\u00e9.kat"]) {
    await Deno.writeTextFile(`${dir}/app/${f}`, `# ${f}\n${BODY}`);
  }
  await Deno.utime(`${dir}/app/workload.kat`, -86400 * 400, -86400 * 400);
  const expect = ["app/workload.kat", `app/${long}`, "app/caf\u00e9.kat"]
    .sort();
  const out: { name: string; archive: Uint8Array; expect: string[] }[] = [];
  for (const format of ["gnu", "oldgnu", "pax", "posix", "ustar"]) {
    const res = await new Deno.Command("tar", {
      args: [`--format=${format}`, "-czf", "-", "-C", dir, "app"],
      stdout: "piped",
      stderr: "null",
      env: { LC_ALL: "C.UTF-8" },
    }).output();
    // ustar cannot hold the long name without a prefix split it may refuse.
    if (res.success) {
      out.push({
        name: `GNU tar --format=${format}`,
        archive: res.stdout,
        expect,
      });
    }
  }
  for (const fmt of ["GNU_FORMAT", "PAX_FORMAT", "USTAR_FORMAT"]) {
    const res = await new Deno.Command(python, {
      args: [
        "-c",
        `import tarfile,sys\nwith tarfile.open(fileobj=sys.stdout.buffer, mode="w|gz", format=tarfile.${fmt}) as t: t.add(sys.argv[1], arcname="app")`,
        `${dir}/app`,
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    if (res.success) {
      out.push({ name: `Python tarfile ${fmt}`, archive: res.stdout, expect });
    }
  }
  // git archive writes a pax global header with the commit id.
  const git = (args: string[]) =>
    new Deno.Command("git", {
      args,
      cwd: dir,
      stdout: "piped",
      stderr: "null",
      env: {
        GIT_AUTHOR_NAME: "a",
        GIT_AUTHOR_EMAIL: "a@b",
        GIT_COMMITTER_NAME: "a",
        GIT_COMMITTER_EMAIL: "a@b",
      },
    }).output();
  if ((await git(["init", "-q"])).success) {
    await git(["add", "app"]);
    await git(["commit", "-q", "-m", "x"]);
    const res = await git(["archive", "--format=tar.gz", "HEAD"]);
    if (res.success) {
      out.push({ name: "git archive", archive: res.stdout, expect });
    }
  }
  await Deno.remove(dir, { recursive: true });
  return out;
}

/** A tar header with its checksum recomputed, for mutation code. */
export function rechecksum(block: Uint8Array, at: number): void {
  setChecksum(block, "unsigned", at);
}
