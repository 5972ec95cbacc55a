import fc from "fast-check";
import { posix } from "node:path";
import { assertEquals } from "../assert.ts";
import { basename, join, normalize, resolve } from "../../src/input/paths.ts";

// The CLI must not import node:path (it starts Deno's Node-compatibility
// layer); the tests hold our helpers to node:path's results.

const CASES = [
  "",
  ".",
  "./",
  "..",
  "../",
  "./x/",
  "x",
  "x/",
  "x//",
  "a/../b",
  "a/..",
  "a/../",
  "a/../..",
  "../a/./b//",
  "/",
  "//",
  "/..",
  "/a/b/",
  "/a/../../b",
  "examples/web-service",
  "examples/web-service/",
];

Deno.test("normalize, join, basename: exact results", () => {
  assertEquals(
    CASES.map((p) => [p, join(p, "/"), join(p, "f.kat"), basename(p)]),
    [
      ["", "/", "f.kat", ""],
      [".", "./", "f.kat", "."],
      ["./", "./", "f.kat", "."],
      ["..", "../", "../f.kat", ".."],
      ["../", "../", "../f.kat", ".."],
      ["./x/", "x/", "x/f.kat", "x"],
      ["x", "x/", "x/f.kat", "x"],
      ["x/", "x/", "x/f.kat", "x"],
      ["x//", "x/", "x/f.kat", "x"],
      ["a/../b", "b/", "b/f.kat", "b"],
      ["a/..", "./", "f.kat", ".."],
      ["a/../", "./", "f.kat", ".."],
      ["a/../..", "../", "../f.kat", ".."],
      ["../a/./b//", "../a/b/", "../a/b/f.kat", "b"],
      ["/", "/", "/f.kat", ""],
      ["//", "/", "/f.kat", ""],
      ["/..", "/", "/f.kat", ".."],
      ["/a/b/", "/a/b/", "/a/b/f.kat", "b"],
      ["/a/../../b", "/b/", "/b/f.kat", "b"],
      [
        "examples/web-service",
        "examples/web-service/",
        "examples/web-service/f.kat",
        "web-service",
      ],
      [
        "examples/web-service/",
        "examples/web-service/",
        "examples/web-service/f.kat",
        "web-service",
      ],
    ],
  );
  assertEquals([normalize(""), normalize("./"), join()], [".", "./", "."]);
});

Deno.test("resolve: from the working directory, without trailing slash", () => {
  const cwd = "/home/kat/apps";
  assertEquals(
    [".", "./", "./x/", "..", "a/../b", "/", "//", "/..", "x//", "../../.."]
      .map((p) => resolve(p, cwd)),
    [
      "/home/kat/apps",
      "/home/kat/apps",
      "/home/kat/apps/x",
      "/home/kat",
      "/home/kat/apps/b",
      "/",
      "/",
      "/",
      "/home/kat/apps/x",
      "/",
    ],
  );
  // pack's default output name.
  assertEquals(
    [".", "./web/", "web/..", "/"].map((p) =>
      `${basename(resolve(p, cwd))}.tar.gz`
    ),
    ["apps.tar.gz", "web.tar.gz", "apps.tar.gz", ".tar.gz"],
  );
  assertEquals(resolve("x/"), posix.resolve("x/"));
  assertEquals(resolve("."), Deno.cwd());
});

Deno.test("every helper agrees with node:path on random POSIX paths", () => {
  const segment = fc.constantFrom("", ".", "..", "a", "bc", ".d", "e.kat");
  const path = fc.array(segment, { maxLength: 8 }).map((s) => s.join("/"));
  fc.assert(
    fc.property(path, path, (p, q) => {
      assertEquals(normalize(p), posix.normalize(p));
      assertEquals(join(p, q), posix.join(p, q));
      assertEquals(join(p, "/"), posix.join(p, "/"));
      assertEquals(basename(p), posix.basename(p));
      assertEquals(resolve(p, "/w/x"), posix.resolve("/w/x", p));
      assertEquals(
        basename(resolve(p, "/w/x")),
        posix.basename(posix.resolve("/w/x", p)),
      );
    }),
    { numRuns: 2000 },
  );
});
