/**
 * Exit codes and failures as a user meets them, in a real process: output
 * that cannot be written exits 1 with a plain message (never 70), a reader
 * that went away exits 141 quietly, and no runtime wording ("run again with
 * the --allow-all flag") or raw `(os error N)` reaches the user.
 */
import { assertEquals } from "../assert.ts";
import { REPO, tempDir } from "../helpers.ts";
import { katcallProcess } from "./cli_helpers.ts";
import { isIoError, plainIoMessage } from "../../src/cli/io_errors.ts";

const WEB = `${REPO}examples/web-service`;

/** Wording of the runtime or the OS that must never reach a user. */
function assertPlain(text: string) {
  for (
    const leak of [
      "os error",
      "--allow",
      "Requires ",
      "run again",
      "NotCapable",
      "    at ",
    ]
  ) {
    assertEquals(
      text.includes(leak),
      false,
      `${JSON.stringify(leak)} in ${text}`,
    );
  }
}

Deno.test("a full disk: every command exits 1 and says so plainly", async () => {
  const cases: [string[], string][] = [
    [
      ["schema"],
      "katcall: cannot write to standard output: no space left on device\n",
    ],
    [
      ["validate", "-f", "sarif", WEB],
      "katcall: cannot write to standard output: no space left on device\n",
    ],
    [
      ["inspect", WEB],
      "katcall: cannot write to standard output: no space left on device\n",
    ],
    [
      ["--help"],
      "katcall: cannot write to standard output: no space left on device\n",
    ],
    [
      ["pack", "-o", "-", WEB],
      "katcall: cannot write to standard output: no space left on device\n",
    ],
  ];
  for (const [args, err] of cases) {
    const r = await katcallProcess(args, { redirect: "> /dev/full" });
    assertEquals([r.code, r.err], [1, err], args.join(" "));
  }
});

Deno.test("pack to a file that cannot be written: exit 1, plain words", async () => {
  const dir = await tempDir();
  const cases: [string, string][] = [
    ["/dev/full", "not allowed on a device or special file"],
    [`${dir}/missing/a.tgz`, "no such file or directory"],
    [dir, "is a directory"],
  ];
  for (const [out, words] of cases) {
    const r = await katcallProcess(["pack", "-o", out, WEB]);
    assertEquals([r.code, r.out, r.err], [
      1,
      "",
      `katcall: cannot write "${out}": ${words}\n`,
    ]);
  }
  // /dev/stdout is standard output, as - is.
  const dev = await katcallProcess(["pack", "-o", "/dev/stdout", WEB], {
    redirect: "| wc -c",
  });
  assertEquals([dev.code, dev.err, Number(dev.out) > 100], [0, "", true]);
});

Deno.test("unreadable inputs are diagnostics in plain words", async () => {
  const dir = await tempDir();
  await Deno.symlink(`${dir}/gone`, `${dir}/dangling.kat`);
  const r = await katcallProcess([
    "validate",
    "nope",
    `${dir}/dangling.kat`,
    "/dev/null",
    `${WEB}.tgz`,
  ]);
  assertEquals(r.code, 1);
  assertEquals(r.out.split("\n"), [
    "nope:1:1: error: cannot read: no such file or directory",
    `${dir}/dangling.kat:1:1: error: a symbolic link to nothing ("${dir}/gone")`,
    "/dev/null:1:1: error: not a .kat file, a quadlet directory or a .tar.gz/.tgz archive",
    `${WEB}.tgz:1:1: error: cannot read: no such file or directory`,
    "",
  ]);
  assertPlain(r.out + r.err);
  const pack = await katcallProcess(["pack", "nope"]);
  assertEquals([pack.code, pack.err], [
    1,
    "nope:1:1: error: cannot read: no such file or directory\n",
  ]);
});

Deno.test("a reader that goes away: exit 141 and nothing printed, from the installed entry too", async () => {
  const r = await katcallProcess(["schema"], {
    redirect:
      // `true` reads nothing and is gone long before the tool has started.
      "| true; exit ${PIPESTATUS[0]}",
  });
  assertEquals([r.code, r.err], [141, ""]);
});

Deno.test("no failure of the file system is a bug: plain words for each", async () => {
  const errors = await Promise.all([
    Deno.stat("/nonexistent").catch((e) => e),
    Deno.readFile("/").catch((e) => e),
    // What Deno throws on a full disk (the tests may not write /dev/full).
    Object.assign(new Error("No space left on device (os error 28)"), {
      code: "ENOSPC",
    }),
    Deno.readDir("/etc/hostname")[Symbol.asyncIterator]().next().catch((e) =>
      e
    ),
  ]);
  assertEquals(errors.map((e) => [isIoError(e), plainIoMessage(e)]), [
    [true, "no such file or directory"],
    [true, "is a directory"],
    [true, "no space left on device"],
    [true, "not a directory"],
  ]);
  assertEquals(isIoError(new TypeError("bug")), false);
  assertEquals(
    plainIoMessage(new Error("Weird failure (os error 99): open 'x'")),
    "weird failure",
  );
});

Deno.test("a closed standard output or error is /dev/null by the time katcall runs: the exit code tells the input", async () => {
  // The runtime opens a closed standard stream on /dev/null before any of
  // katcall's code runs, so a closed stream is written as `>/dev/null` is.
  const cases: [string[], string, number, string, string][] = [
    [["schema"], ">&-", 0, "", ""],
    [["validate", WEB], ">&-", 0, "", ""],
    [["pack", "-o", "-", WEB], ">&-", 0, "", ""],
    [["validate", "nope"], ">&-", 1, "", ""],
    [
      ["validate", "nope"],
      "2>&-",
      1,
      "nope:1:1: error: cannot read: no such file or directory\n",
      "",
    ],
    [["validate", "--nope"], ">&- 2>&-", 2, "", ""],
  ];
  for (const [args, redirect, code, out, err] of cases) {
    const r = await katcallProcess(args, { redirect });
    assertEquals(
      [r.code, r.out, r.err],
      [code, out, err],
      `${args} ${redirect}`,
    );
  }
});
