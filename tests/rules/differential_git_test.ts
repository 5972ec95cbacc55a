/**
 * Git refs against `git check-ref-format`, and repository URLs against how
 * git itself (`git fetch-pack --diag-url`) and the WHATWG URL parser split
 * them. Inputs are drawn in batches so that git runs once per few hundred.
 */
import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { assertEquals } from "../assert.ts";
import { checkGitRef, parseGitRepository } from "../../src/rules/git.ts";
import { checkRefFormat, diagUrls, haveGit } from "./oracles/git.ts";
import {
  draw,
  mutations,
  NASTY,
  runs,
  seed,
  Tally,
  tokens,
} from "./generators.ts";
import { tempDir } from "../helpers.ts";

const git = await haveGit();
// deno-lint-ignore no-control-regex -- control characters are what it finds
const CONTROL = /[\s\u0000-\u001f\u007f]/;

const REF_TOKENS = [
  "a",
  "Z",
  "0",
  "-",
  ".",
  "..",
  "/",
  "//",
  "@",
  "@{",
  "{",
  "}",
  ".lock",
  "lock",
  "~",
  "^",
  ":",
  "?",
  "*",
  "[",
  "\\",
  "_",
  "é",
];
const ref = fc.oneof(
  tokens(REF_TOKENS, 6),
  fc.array(tokens(["a", "b1", "-", ".", "lock", ".lock", "_"], 3), {
    minLength: 1,
    maxLength: 3,
  })
    .map((c) => c.join("/")),
  mutations(
    fc.constantFrom("main", "release/1.2", "v1.0.0", "feature/a.b", "a.lock"),
    [...REF_TOKENS, ...NASTY],
  ),
);

Deno.test({
  name:
    "git_ref: git check-ref-format under refs/heads/, and no leading '-' or lone '@'",
  ignore: !git,
  async fn() {
    const t = new Tally();
    const inputs = draw(ref, runs(1000), seed(41));
    const viaGit = inputs.filter((v) =>
      !v.includes("\0") && !v.includes("\u001e")
    );
    const answers = await checkRefFormat(viaGit);
    const mismatches: string[] = [];
    viaGit.forEach((v, i) => {
      const ours = t.see(checkGitRef(v) === undefined);
      const want = answers[i] && !v.startsWith("-") && v !== "@";
      if (ours !== want) {
        mismatches.push(
          `${JSON.stringify(v)}: ours ${ours}, git ${answers[i]}`,
        );
      }
    });
    assertEquals(mismatches, []);
    t.assertBoth();
  },
});

const host = fc.constantFrom(
  "github.com",
  "h",
  "H.Example",
  "-h",
  "h-",
  "h_x",
  "1.2.3.4",
  "[::1]",
  "[fd00::1]",
  "[::1::2]",
  "[h]",
  "",
  "a..b",
);
const user = fc.constantFrom(
  "git",
  "u.x",
  "-oProxyCommand=x",
  "-u",
  "",
  "u:p",
  "a_b-c",
);
const port = fc.constantFrom(
  "22",
  "2222",
  "0",
  "65535",
  "65536",
  "99999",
  "",
  "022",
  "x",
);
const path = fc.constantFrom(
  "org/app.git",
  "app",
  "-r",
  "/abs",
  "~u/r",
  "",
  "a b",
  "a:b",
  "-",
  "x/-y",
);
const url = fc.tuple(
  fc.constantFrom("https://", "ssh://", "http://", "git://", "", "SSH://"),
  fc.option(user, { freq: 2 }),
  host,
  fc.option(port, { freq: 3 }),
  path,
).map(([scheme, u, h, p, pa]) => {
  if (scheme === "") return `${u ?? "git"}@${h}:${pa}`;
  return `${scheme}${u === null ? "" : u + "@"}${h}${
    p === null ? "" : ":" + p
  }/${pa}`;
});
const validUrl = fc.tuple(
  fc.constantFrom("https://", "ssh://", ""),
  fc.option(fc.constantFrom("git", "u.x", "a_b-c"), { freq: 3 }),
  fc.constantFrom("github.com", "h", "1.2.3.4", "[::1]", "[fd00::1]", "H.x"),
  fc.option(fc.constantFrom("22", "2222", "65535", "1"), { freq: 3 }),
  fc.constantFrom("org/app.git", "app", "~u/r", "a:b", "x/-y"),
).map(([scheme, u, h, p, pa]) => {
  if (scheme === "") return `${u ?? "git"}@${h}:${pa}`;
  return `${scheme}${u === null ? "" : u + "@"}${h}${
    p === null ? "" : ":" + p
  }/${pa}`;
});
const urlInput = fc.oneof(
  validUrl,
  url,
  mutations(url, [
    ":",
    "@",
    "/",
    "[",
    "]",
    "-",
    "\0",
    "\u001b",
    " ",
    "%",
    "#",
    "?",
  ]),
  tokens([
    "git",
    "@",
    "h",
    ":",
    "/",
    "-",
    "ssh://",
    "https://",
    "[",
    "]",
    "::1",
  ], 6),
);

/** git's own check on a host or option-looking word (connect.c). */
const looksLikeOption = (s: string) => s.startsWith("-");

Deno.test({
  name: "git_repository: ssh and scp forms split as git splits them",
  ignore: !git,
  async fn() {
    const repo = await tempDir();
    try {
      const init = await new Deno.Command("git", { args: ["init", "-q", repo] })
        .output();
      assertEquals(init.success, true);
      const t = new Tally();
      const inputs = draw(urlInput, runs(1000), seed(42)).filter((v) =>
        !v.startsWith("https://") && !v.startsWith("http://")
      );
      for (const v of inputs.filter((v) => CONTROL.test(v))) {
        assertEquals([v, parseGitRepository(v).ok], [v, false]);
      }
      const viaGit = inputs.filter((v) =>
        !CONTROL.test(v) && !v.includes("\u001e")
      );
      const diags = await diagUrls(viaGit, repo);
      const mismatches: string[] = [];
      viaGit.forEach((v, i) => {
        const ours = parseGitRepository(v);
        t.see(ours.ok);
        const d = diags[i];
        if (ours.ok) {
          const r = ours.value;
          const bare = r.host.replace(/^\[(.*)\]$/, "$1");
          // git drops the '/' before a '~' of an ssh:// path.
          const gitPath = r.scheme === "ssh" && !r.path.startsWith("~")
            ? "/" + r.path
            : r.path;
          const ok = !("refused" in d) && d.protocol === "ssh" &&
            d.userandhost ===
              (r.user === undefined ? "" : r.user + "@") + bare &&
            (d.port === "NONE"
              ? r.port === undefined
              : Number(d.port) === r.port) &&
            d.path === gitPath;
          if (!ok) {
            mismatches.push(
              `accepted ${JSON.stringify(v)}: git ${JSON.stringify(d)}`,
            );
          }
          return;
        }
        // Refused by us: git refuses too, or reads it as something other
        // than ssh, or one of our documented rules applies: a user that is
        // not [A-Za-z0-9._-] or starts with '-' (git blocks a user-and-host
        // that starts with '-' when it connects), a host that is neither a
        // host name (not ending in a number) nor an IP address (IPv6 in
        // brackets), a port not 1-65535 (git folds it into the host or drops
        // it), an empty path, an scp path that starts with '-'.
        if ("refused" in d || d.protocol !== "ssh") return;
        const raw = v.startsWith("ssh://")
          ? /^ssh:\/\/(?:([^@/]*)@)?(\[[^\]/]*\]|[^/:[\]]*)(?::([^/]*))?\/(.*)$/
            .exec(v)
          : /^([^@/:]*)@(\[[^\]/]*\]|[^/:[\]]*):(.*)$/.exec(v);
        if (!raw) return; // not one of our shapes at all
        const [u, h, p, pa] = v.startsWith("ssh://")
          ? [raw[1], raw[2], raw[3], raw[4]]
          : [raw[1], raw[2], undefined, raw[3]];
        const bareHost = h.replace(/^\[(.*)\]$/, "$1");
        const hostOk = h.startsWith("[")
          ? ipaddr.IPv6.isValid(bareHost) && !bareHost.includes("%")
          : ipaddr.IPv4.isValidFourPartDecimal(h) ||
            (/^[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(h) &&
              !/(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$/i.test(h));
        const userOk = u === undefined ||
          /^[A-Za-z0-9._][A-Za-z0-9._-]*$/.test(u);
        const portOk = p === undefined ||
          (/^[0-9]{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535);
        // git looks for "@[" anywhere, the path included.
        const pathOk = pa !== "" && !pa.includes("@[") &&
          (v.startsWith("ssh://") || !looksLikeOption(pa));
        if (hostOk && userOk && portOk && pathOk) {
          mismatches.push(
            `refused ${JSON.stringify(v)}: git ${JSON.stringify(d)}`,
          );
        }
      });
      assertEquals(mismatches, []);
      t.assertBoth();
    } finally {
      await Deno.remove(repo, { recursive: true });
    }
  },
});

Deno.test("git_repository: https URLs split as the WHATWG URL parser splits them", () => {
  const t = new Tally();
  const https = fc.oneof(validUrl, url, urlInput).map((v) =>
    v.replace(/^(?:ssh|git|http|SSH):\/\//, "https://")
  ).filter((v) => v.startsWith("https://"));
  fc.assert(
    fc.property(https, (v) => {
      const ours = parseGitRepository(v);
      t.see(ours.ok);
      let u: URL | undefined;
      try {
        u = new URL(v);
      } catch {
        u = undefined;
      }
      if (ours.ok) {
        const r = ours.value;
        if (!u) return false;
        const sameHost = r.host.startsWith("[")
          ? u.hostname ===
            `[${ipaddr.IPv6.parse(r.host.slice(1, -1)).toString()}]`
          : u.hostname === r.host.toLowerCase();
        const samePort = u.port ===
          (r.port === undefined || r.port === 443 ? "" : String(r.port));
        return sameHost && samePort;
      }
      // Refused by us, parsed by URL: documented rules only — no whitespace
      // or control characters, a host name or IPv6 address (URL allows more
      // and rewrites it), a port of 1-65535 written as digits, a non-empty
      // user that does not start with '-', a non-empty path.
      if (!u) return true;
      const raw =
        /^https:\/\/(?:([^@/]*)@)?(\[[^\]]*\]|[^/:]*)(?::([^/]*))?(\/.*)?$/
          .exec(v);
      if (!raw) return true;
      const [, user, h, p, pa] = raw;
      const hostOk = ipaddr.IPv4.isValidFourPartDecimal(h) ||
        (/^[A-Za-z0-9](?:[-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(h) &&
          !/(?:^|\.)(?:[0-9]+|0x[0-9a-f]*)$/i.test(h)) ||
        (/^\[[0-9a-fA-F:.]+\]$/.test(h) && ipaddr.IPv6.isValid(h.slice(1, -1)));
      return CONTROL.test(v) || !hostOk ||
        (p !== undefined && !/^[0-9]{1,5}$/.test(p)) ||
        (p !== undefined && Number(p) < 1) ||
        (user !== undefined &&
          !/^(?!-)[A-Za-z0-9._~%!$&'()*+,;=:-]+$/.test(user)) ||
        pa === undefined || pa === "/";
    }),
    { numRuns: runs(3000), seed: seed(43) },
  );
  t.assertBoth();
});
